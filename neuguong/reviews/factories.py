"""Reviews for tests and benchmarks, written straight to the tables (no services)."""

from django.utils import timezone

from .models import Review, ReviewPoint, ReviewStatus, RuleSet, Subject, Track
from .points import FORM_POINTS, form_name


def make_review(
    person,
    period,
    *,
    unit=None,
    track: str | None = None,
    status: str = ReviewStatus.PROPOSED,
    proposed=2,
    decided=None,
    score=None,
    is_head: bool = False,
    is_deputy: bool = False,
    subject: str = Subject.ORGANISATION,
    points: bool = True,
) -> Review:
    """A review at `unit` (default: the party cell, else the workplace). With `person`
    None, the collective review of `unit`."""
    from .services import quota_group

    if person is not None:
        if unit is None:
            unit = person.party_cell if person.party_cell_id else person.workplace
        if track is None:
            track = Track.PARTY if unit.pk == person.party_cell_id else Track.STATE
        category = person.category
    else:
        track = track or (Track.PARTY if unit.is_party_organisation else Track.STATE)
        category = ""
    rule_set = RuleSet.objects.for_review(period=period, track=track, category=category)
    leader = is_head or is_deputy
    review = Review(
        period=period,
        person=person,
        unit=unit,
        subject=subject if person is None else Subject.PERSON,
        track=track,
        rule_set=rule_set,
        form=form_name(
            track=track,
            leader=leader,
            collective=person is None,
            new_forms=rule_set.applies_from.year >= 2025,
        ),
        is_head=is_head,
        is_deputy=is_deputy,
        status=ReviewStatus.DECIDED if decided else status,
        proposed_level=proposed,
        self_score=score,
        proposed_score=score,
        decided_level=decided,
        decided_score=score if decided else None,
        decided_at=timezone.now() if decided else None,
    )
    review.quota_key, review.quota_label = quota_group(review)
    review.save()
    if points:
        kind = "collective" if person is None else ("leader" if leader else "personal")
        ReviewPoint.objects.bulk_create(
            ReviewPoint(review=review, code=code, order=n, self_level="tot")
            for n, code in enumerate(FORM_POINTS[kind], 1)
        )
    return review
