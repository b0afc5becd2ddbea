"""E-mail notices about codes: the approvers when a version is submitted, the
submitter when it is approved or returned. Sent by the background worker."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from neuguong.core.access import APPROVE_CODE, roles_granting
from neuguong.core.notify import email_users, in_vietnamese
from neuguong.organisations import tree

from .access import parent_path


def approvers(code):
    """Users holding an approving role on a unit above the code's unit (on the root
    itself for a root unit), other than the submitter."""
    unit = code.unit
    paths = tree.ancestor_paths(parent_path(unit))
    users = get_user_model().objects.filter(
        Q(is_superuser=False),
        role_assignments__role__in=roles_granting(APPROVE_CODE),
        role_assignments__unit__path__in=paths,
        is_active=True,
    )
    return users.exclude(pk=code.submitted_by_id).distinct()


def code_submitted(code) -> None:
    with in_vietnamese():
        email_users(
            approvers(code),
            _("Chuẩn mực đạo đức chờ phê duyệt: %(unit)s") % {"unit": code.unit},
            _("%(unit)s đã trình phiên bản %(n)s của bộ chuẩn mực đạo đức, chờ đồng chí phê duyệt.")
            % {"unit": code.unit, "n": code.number},
            path=reverse("standards:code", args=[code.pk]),
        )


def code_decided(code) -> None:
    if code.submitted_by is None:
        return
    with in_vietnamese():
        if code.status == "approved":
            subject = _("Chuẩn mực đạo đức đã được phê duyệt: %(unit)s")
            body = _(
                "Phiên bản %(n)s đã được phê duyệt. Hãy công bố để cán bộ, đảng viên xác nhận."
            )
        else:
            subject = _("Chuẩn mực đạo đức bị trả lại: %(unit)s")
            body = _("Phiên bản %(n)s bị trả lại. Lý do: %(reason)s")
        email_users(
            [code.submitted_by],
            subject % {"unit": code.unit},
            body % {"n": code.number, "reason": code.return_reason},
            path=reverse("standards:code", args=[code.pk]),
        )
