"""The home page's card about the person's own plan for the current period."""

from django import template

from neuguong.regulations.models import Period

from ..models import OPEN_PLAN_STATUSES, CommitmentPlan, PlanStatus

register = template.Library()


@register.inclusion_tag("commitments/_plan_home_card.html")
def my_plan_card(person):
    """`person`: the signed-in user's person record (None: no card)."""
    period = Period.objects.current() if person else None
    if period is None:
        return {"card": None}
    plans = CommitmentPlan.objects.filter(person=person, period=period).only(
        "pk", "number", "status", "is_late"
    )
    plans = sorted(plans, key=lambda p: (p.status not in OPEN_PLAN_STATUSES, -p.number))
    shown = next((p for p in plans if p.status != PlanStatus.SUPERSEDED), None)
    return {"card": {"period": period, "plan": shown}}
