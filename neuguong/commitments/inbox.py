"""What the commitment plans ask of each user next, for the inbox (core.inbox) and so
for the daily e-mail digest (core.reminders), which reminds before and after each
deadline.

- Everyone with a person record, in the open current period: register and submit their
  plan (due `plans_registered_by`) while they have no submitted or approved version;
  fix a returned version. Registration is asked for once the period announces it by
  setting its registration deadline (a period without one asks nobody to register).
- Approvers: one line with the number of submitted plans they may approve (the rule of
  access.covers_for_approval), their own plan and their own unit's collective plan
  left out; due `plans_approved_by`. Superusers are not assigned approvals, as in
  notices.approvers.
- Holders of `plans.collective` on a unit itself (not the whole subtree, which has its
  own heads): register the unit's collective plan (once the period sets its
  registration deadline), or fix it when returned.

A deadline within REMIND_DAYS days, or passed, is said in the title ("còn 3 ngày",
"đã quá hạn 2 ngày"), so the digest says it too. Each source answers with a bounded
number of queries, whatever the user's scope.
"""

from datetime import date

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neuguong.core.access import APPROVE_PLAN, EDIT_COLLECTIVE_PLAN, roles_granting
from neuguong.core.inbox import InboxItem, source
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from .access import own_person
from .models import CommitmentPlan, PlanStatus

REMIND_DAYS = 7
DONE_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.APPROVED)


def when(due: date | None, today: date | None = None) -> str:
    """ " (còn 3 ngày)", " (đã quá hạn 2 ngày)", " (hạn chót hôm nay)" or ""."""
    if due is None:
        return ""
    days = (due - (today or timezone.localdate())).days
    if days < 0:
        return " " + ngettext("(đã quá hạn %(n)s ngày)", "(đã quá hạn %(n)s ngày)", -days) % {
            "n": -days
        }
    if days == 0:
        return " " + _("(hạn chót hôm nay)")
    if days <= REMIND_DAYS:
        return " " + ngettext("(còn %(n)s ngày)", "(còn %(n)s ngày)", days) % {"n": days}
    return ""


def _person(user):
    """The user's person record: the one the standards source already read, if any."""
    cached = getattr(user, "_ng_inbox_person", False)
    return own_person(user) if cached is False else cached


def _edited_units(user) -> list[Unit]:
    """Active units where the user holds a role that writes the collective plan (the
    roles read once per request by the scopes)."""
    scope_for(user, EDIT_COLLECTIVE_PLAN)  # loads the user's roles, once per request
    roles = roles_granting(EDIT_COLLECTIVE_PLAN)
    units = {
        a.unit.pk: a.unit
        for a in getattr(user, "_ng_assignments", None) or []
        if a.role in roles and a.unit.is_active
    }
    return sorted(units.values(), key=lambda u: u.path)


def _own_items(plans, period, due) -> list[InboxItem]:
    returned = [p for p in plans if p.status == PlanStatus.RETURNED]
    items = [
        InboxItem(
            kind="plan.fix",
            title=_("Sửa kế hoạch bị trả lại và nộp lại") + when(due),
            url=reverse("commitments:plan", args=[plan.pk]),
            due=due,
        )
        for plan in returned
    ]
    if due and not items and not any(p.status in DONE_STATUSES for p in plans):
        items.append(
            InboxItem(
                kind="plan.register",
                title=_("Lập và nộp kế hoạch cam kết %(period)s") % {"period": period.name}
                + when(due),
                url=reverse("commitments:my_plan"),
                due=due,
            )
        )
    return items


def _collective_item(unit, statuses: set[str], period, due) -> InboxItem | None:
    if statuses & set(DONE_STATUSES):
        return None
    returned = PlanStatus.RETURNED in statuses
    if not (returned or due):
        return None
    title = (
        _("Sửa kế hoạch tập thể bị trả lại và trình lại")
        if returned
        else _("Lập và trình kế hoạch tập thể %(period)s") % {"period": period.name}
    )
    return InboxItem(
        kind="plan.collective_fix" if returned else "plan.collective",
        title=title + when(due),
        url=reverse("commitments:unit_plan", args=[unit.pk]),
        unit=unit.name,
        due=due,
    )


@source
def plans_to_write(user) -> list[InboxItem]:
    """The user's own plan and their units' collective plans, in one query of plans."""
    person = _person(user)
    if person is not None and not (person.workplace_id or person.party_cell_id):
        person = None
    units = _edited_units(user)
    if person is None and not units:
        return []
    period = Period.objects.current()
    if period is None or not period.is_open:
        return []
    owners = Q(person__isnull=True, unit__in=[u.pk for u in units])
    if person is not None:
        owners |= Q(person=person)
    plans = list(
        CommitmentPlan.objects.filter(owners, period=period)
        .exclude(status=PlanStatus.SUPERSEDED)
        .only("pk", "status", "person_id", "unit_id")
    )
    due = period.plans_registered_by
    items = _own_items([p for p in plans if p.person_id], period, due) if person else []
    for unit in units:
        statuses = {p.status for p in plans if p.person_id is None and p.unit_id == unit.pk}
        item = _collective_item(unit, statuses, period, due)
        if item is not None:
            items.append(item)
    return items


def _approvable(user):
    """Submitted plans in the user's approving scope: personal plans by their approving
    unit, collective plans by the unit's parent (the root's by the root itself)."""
    scope = scope_for(user, APPROVE_PLAN)
    plans = CommitmentPlan.objects.filter(status=PlanStatus.SUBMITTED)
    if scope.everything:
        return plans
    personal = Q(person__isnull=False) & scope.path_q("unit__path")
    root = Q(unit__parent__isnull=True) & scope.path_q("unit__path")
    collective = Q(person__isnull=True) & (scope.path_q("unit__parent__path") | root)
    return plans.filter(personal | collective)


@source
def plans_to_approve(user) -> list[InboxItem]:
    if user.is_superuser or scope_for(user, APPROVE_PLAN).is_empty:
        return []
    plans = _approvable(user)
    person = _person(user)
    if person is not None:
        plans = plans.exclude(person=person)
        own_units = [u for u in (person.workplace_id, person.party_cell_id) if u]
        plans = plans.exclude(person__isnull=True, unit_id__in=own_units)
    found = plans.aggregate(n=Count("pk"), due=Min("period__plans_approved_by"))
    if not found["n"]:
        return []
    n, due = found["n"], found["due"]
    title = ngettext("%(n)s kế hoạch chờ phê duyệt", "%(n)s kế hoạch chờ phê duyệt", n) % {"n": n}
    return [
        InboxItem(
            kind="plan.approve",
            title=title + when(due),
            url=reverse("commitments:people") + "?state=mine",
            due=due,
            count=n,
        )
    ]
