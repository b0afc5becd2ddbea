"""The home page's card about the person's own reviews in the current period."""

from django import template

from neuguong.regulations.models import Period

from ..models import Review, Track
from ..services import review_places

register = template.Library()


@register.inclusion_tag("reviews/_home_card.html")
def my_review_card(person):
    """`person`: the signed-in user's person record (None: no card). One line per place
    where the person is reviewed, with the review's status."""
    period = Period.objects.current() if person else None
    if period is None:
        return {"card": None}
    places = review_places(person)
    if not places:
        return {"card": None}
    reviews = {
        (r.unit_id, r.track): r
        for r in Review.objects.filter(person=person, period=period).only(
            "pk", "unit_id", "track", "status", "decided_level", "not_rated", "reopen_reason"
        )
    }
    rows = [
        {"unit": unit, "track": Track(track).label, "review": reviews.get((unit.pk, track))}
        for unit, track in places
    ]
    return {"card": {"period": period, "rows": rows}}
