"""What the ethics codes ask of each user next, for the inbox (core.inbox).

- Everyone with a person record: acknowledge the published code of their workplace
  and party cell, until they have.
- Approvers: the submitted versions they may decide, as one line with a count (the
  same rule as access.covers_for_approval, minus their own units and their own
  submissions; superusers are not assigned approvals, as in notices.approvers).
- Secretaries and unit heads, for the units where they hold the role themselves (not
  the whole subtree, which has its own secretaries and heads): fix a returned version,
  publish an approved one, build the period's version, evaluate the published one.

Each source answers with a bounded number of queries, whatever the user's scope.
"""

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from neuguong.core.access import APPROVE_CODE, Role
from neuguong.core.inbox import InboxItem, source
from neuguong.organisations.access import active_person
from neuguong.organisations.models import RoleAssignment, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from .models import (
    BUILT_STATUSES,
    PUBLISHED_STATUSES,
    Acknowledgement,
    CodeEvaluation,
    CodeStatus,
    EthicsCode,
    EvaluationStatus,
)

EDITOR_ROLES = (Role.SECRETARY, Role.UNIT_HEAD)


def _person(user):
    return active_person(user)


@source
def codes_to_acknowledge(user) -> list[InboxItem]:
    person = _person(user)
    units = [u for u in (person.workplace_id, person.party_cell_id) if u] if person else []
    if not units:
        return []
    done = Acknowledgement.objects.filter(code=OuterRef("pk"), person=person)
    codes = (
        EthicsCode.objects.filter(status=CodeStatus.PUBLISHED, unit_id__in=units)
        .exclude(Exists(done))
        .select_related("unit")
        .order_by("unit__path")
    )
    return [
        InboxItem(
            kind="code.acknowledge",
            title=_("Đọc và xác nhận chuẩn mực đạo đức của %(unit)s") % {"unit": code.unit.name},
            url=reverse("standards:code", args=[code.pk]),
            unit=code.unit.name,
        )
        for code in codes
    ]


def _approvable(user):
    """Submitted versions whose unit's parent (the root itself for a root) lies in the
    user's approving scope."""
    scope = scope_for(user, APPROVE_CODE)
    codes = EthicsCode.objects.filter(status=CodeStatus.SUBMITTED)
    if not scope.everything:
        codes = codes.filter(
            scope.path_q("unit__parent__path")
            | (Q(unit__parent__isnull=True) & scope.path_q("unit__path"))
        )
    return codes.exclude(submitted_by=user)


@source
def codes_to_approve(user) -> list[InboxItem]:
    if user.is_superuser or scope_for(user, APPROVE_CODE).is_empty:
        return []
    codes = _approvable(user)
    person = _person(user)
    own = [u for u in (person.workplace_id, person.party_cell_id) if u] if person else []
    if own:
        codes = codes.exclude(unit_id__in=own)
    found = codes.aggregate(n=Count("pk"), due=Min("period__codes_published_by"))
    if not found["n"]:
        return []
    return [
        InboxItem(
            kind="code.approve",
            title=_("Phê duyệt chuẩn mực đạo đức các đơn vị đã trình (%(n)s bản)")
            % {"n": found["n"]},
            url=reverse("standards:approvals"),
            due=found["due"],
            count=found["n"],
        )
    ]


def _edited_units(user) -> list[int]:
    return list(
        RoleAssignment.objects.filter(user=user, role__in=EDITOR_ROLES, unit__is_active=True)
        .values_list("unit_id", flat=True)
        .distinct()
    )


def _open_versions(unit_ids) -> tuple[list[InboxItem], set[int]]:
    """Returned versions to fix and approved ones to publish; and the units returned to."""
    codes = EthicsCode.objects.filter(
        unit_id__in=unit_ids, status__in=(CodeStatus.RETURNED, CodeStatus.APPROVED)
    ).select_related("unit", "period")
    items, returned_units = [], set()
    for code in codes.order_by("unit__path"):
        returned = code.status == CodeStatus.RETURNED
        if returned:
            returned_units.add(code.unit_id)
        items.append(
            InboxItem(
                kind="code.fix" if returned else "code.publish",
                title=_("Sửa và trình lại chuẩn mực đạo đức bị trả lại")
                if returned
                else _("Công bố chuẩn mực đạo đức đã được phê duyệt"),
                url=reverse("standards:code", args=[code.pk]),
                unit=code.unit.name,
                due=code.period.codes_published_by,
            )
        )
    return items, returned_units


def _period_work(unit_ids, period: Period, *, skip: set[int]) -> list[InboxItem]:
    """Units without a version built this period, or published but not evaluated."""
    codes = EthicsCode.objects.filter(unit=OuterRef("pk"), period=period)
    units = (
        Unit.objects.filter(pk__in=unit_ids)
        .annotate(
            built=Exists(codes.filter(status__in=BUILT_STATUSES)),
            published=Exists(codes.filter(status__in=PUBLISHED_STATUSES)),
            evaluated=Exists(
                CodeEvaluation.objects.filter(
                    unit=OuterRef("pk"), period=period, status=EvaluationStatus.DECIDED
                )
            ),
        )
        .only("pk", "name", "path")
        .order_by("path")
    )
    items = []
    for unit in units:
        url = reverse("standards:unit_codes", args=[unit.pk])
        if not unit.built and unit.pk not in skip:
            items.append(
                InboxItem(
                    kind="code.build",
                    title=_("Xây dựng, rà soát và trình chuẩn mực đạo đức (%(period)s)")
                    % {"period": period.name},
                    url=url,
                    unit=unit.name,
                    due=period.codes_published_by,
                )
            )
        elif unit.published and not unit.evaluated:
            items.append(
                InboxItem(
                    kind="code.evaluate",
                    title=_("Đánh giá việc thực hiện chuẩn mực"),
                    url=url,
                    unit=unit.name,
                    due=period.reviews_done_by,
                )
            )
    return items


@source
def codes_to_edit(user) -> list[InboxItem]:
    unit_ids = _edited_units(user)
    if not unit_ids:
        return []
    items, returned_units = _open_versions(unit_ids)
    period = Period.objects.current()
    if period is not None:
        # A returned version already asks for the fix: no second line to build one.
        items += _period_work(unit_ids, period, skip=returned_units)
    return items
