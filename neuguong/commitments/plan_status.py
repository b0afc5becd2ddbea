"""Who in a unit has which plan: the approvers' people list, its filters and its summary
counts, all in SQL.

Each person's plan for a period is the version that speaks for them: a submitted one
first (someone must act on it), else the approved one, else the newest other version
(a draft or a returned one). Superseded versions never speak. So a person with an
approved plan and an amendment being drafted still counts as approved, and one whose
amendment was submitted counts as waiting.

The status, the late flag and the plan id are correlated subqueries on the
(person, period) index: one lookup per person of the page, or of the unit when the list
is filtered or counted, never a query per row.
"""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When

from neuguong.core.access import APPROVE_PLAN
from neuguong.organisations.models import Person, Unit
from neuguong.organisations.scopes import scope_for

from .access import own_person
from .models import CommitmentPlan, PlanStatus

# The states a list can be filtered by.
REGISTERED = "registered"
NOT_REGISTERED = "not_registered"
NONE = "none"
DRAFT = "draft"
WAITING = "waiting"
RETURNED = "returned"
APPROVED = "approved"
LATE = "late"
MINE = "mine"  # submitted plans the user may approve
STATES = (REGISTERED, WAITING, RETURNED, APPROVED, LATE, NOT_REGISTERED, NONE, DRAFT, MINE)
COUNTED = (REGISTERED, WAITING, RETURNED, APPROVED, LATE, NOT_REGISTERED)
# Registered: submitted at least once (waiting, returned or approved).
REGISTERED_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED)


def _priority():
    return Case(
        When(status=PlanStatus.SUBMITTED, then=Value(0)),
        When(status=PlanStatus.APPROVED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def speaking_plan(period):
    """The plan version that speaks for OuterRef("pk") (a person) in `period`."""
    return (
        CommitmentPlan.objects.filter(person=OuterRef("pk"), period=period)
        .exclude(status=PlanStatus.SUPERSEDED)
        .order_by(_priority(), "-number")
    )


def speaking_collective_plan(period):
    """The collective plan version that speaks for OuterRef("pk") (a unit) in `period`."""
    return (
        CommitmentPlan.objects.filter(person__isnull=True, unit=OuterRef("pk"), period=period)
        .exclude(status=PlanStatus.SUPERSEDED)
        .order_by(_priority(), "-number")
    )


def with_plan_status(people, period):
    """Annotate `plan_id`, `plan_status` and `plan_late` (None without a plan)."""
    plan = speaking_plan(period)
    return people.annotate(
        plan_id=Subquery(plan.values("pk")[:1]),
        plan_status=Subquery(plan.values("status")[:1]),
        plan_late=Subquery(plan.values("is_late")[:1]),
    )


def unit_people(unit: Unit):
    """The active people whose workplace or party cell lies in `unit`'s subtree."""
    return Person.objects.in_subtree(unit).filter(is_active=True)


def _approvable_q(user) -> Q:
    """Personal plans whose approving unit lies in the user's approving scope."""
    scope = scope_for(user, APPROVE_PLAN)
    return Q() if scope.everything else scope.path_q("unit__path")


def state_q(state: str, user, period) -> Q:
    """The filter of one state over people annotated by with_plan_status."""
    simple = {
        NONE: Q(plan_status__isnull=True),
        DRAFT: Q(plan_status=PlanStatus.DRAFT),
        NOT_REGISTERED: Q(plan_status__isnull=True) | Q(plan_status=PlanStatus.DRAFT),
        REGISTERED: Q(plan_status__in=REGISTERED_STATUSES),
        WAITING: Q(plan_status=PlanStatus.SUBMITTED),
        RETURNED: Q(plan_status=PlanStatus.RETURNED),
        APPROVED: Q(plan_status=PlanStatus.APPROVED),
        LATE: Q(plan_late=True),
    }
    if state in simple:
        return simple[state]
    if state != MINE:
        return Q()
    if scope_for(user, APPROVE_PLAN).is_empty:
        return Q(pk__in=[])
    approvable = CommitmentPlan.objects.filter(
        _approvable_q(user), period=period, status=PlanStatus.SUBMITTED
    ).values("person_id")
    q = Q(plan_status=PlanStatus.SUBMITTED, pk__in=approvable)
    me = own_person(user)
    return q & ~Q(pk=me.pk) if me else q


def summary(people, user, period) -> dict[str, int]:
    """Exact counts of each state for `people` (annotated), in one query."""
    counted = {s: Count("pk", filter=state_q(s, user, period)) for s in COUNTED}
    return people.order_by().aggregate(total=Count("pk"), **counted)


def can_approve(user, plan: CommitmentPlan, me=None) -> bool:
    """Whether the list offers a checkbox on `plan` (a submitted personal plan)."""
    if plan.status != PlanStatus.SUBMITTED:
        return False
    if me is not None and plan.person_id == me.pk:
        return False
    return scope_for(user, APPROVE_PLAN).covers_path(plan.unit.path)
