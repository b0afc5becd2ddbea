"""E-mail notices about plans: the approvers when a plan is submitted, the writer when
it is approved or returned. Sent by the background worker."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from neuguong.core.access import APPROVE_PLAN, roles_granting
from neuguong.core.notify import email_users, in_vietnamese
from neuguong.organisations import tree

from .access import approval_path


def approvers(plan):
    """Users holding an approving role on the plan's approving unit or above it (above
    the unit itself for a collective plan), other than the plan's owner."""
    path = approval_path(plan)
    paths = tree.ancestor_paths(path)
    users = get_user_model().objects.filter(
        is_active=True,
        is_superuser=False,
        role_assignments__role__in=roles_granting(APPROVE_PLAN),
        role_assignments__unit__path__in=paths,
    )
    if plan.person_id and plan.person.user_id:
        users = users.exclude(pk=plan.person.user_id)
    # The nearest level approves: a cell's plans go to the cell's secretary, not to
    # every committee above it.
    nearest = max(
        (
            len(p)
            for p in users.values_list("role_assignments__unit__path", flat=True)
            if p in paths
        ),
        default=0,
    )
    return users.filter(role_assignments__unit__path=path[:nearest]).distinct() if nearest else []


def _owner(plan) -> str:
    return plan.person.full_name if plan.person_id else plan.unit.name


def plan_submitted(plan) -> None:
    with in_vietnamese():
        email_users(
            approvers(plan),
            _("Kế hoạch cam kết chờ phê duyệt: %(owner)s") % {"owner": _owner(plan)},
            _("%(owner)s đã trình kế hoạch cam kết %(period)s, chờ đồng chí phê duyệt.")
            % {"owner": _owner(plan), "period": plan.period},
            path=reverse("commitments:plan", args=[plan.pk]),
        )


def plan_decided(plan) -> None:
    if plan.submitted_by is None:
        return
    with in_vietnamese():
        if plan.status == "approved":
            subject = _("Kế hoạch cam kết đã được phê duyệt")
            body = _("Kế hoạch cam kết %(period)s của %(owner)s đã được phê duyệt.")
        else:
            subject = _("Kế hoạch cam kết bị trả lại")
            body = _("Kế hoạch cam kết %(period)s của %(owner)s bị trả lại. Lý do: %(reason)s")
        email_users(
            [plan.submitted_by],
            subject,
            body % {"period": plan.period, "owner": _owner(plan), "reason": plan.return_reason},
            path=reverse("commitments:plan", args=[plan.pk]),
        )
