"""Who may read, write, assess and decide reviews.

Rules:
- A person reads their own reviews and writes their own self-review. Nobody else
  writes it. A collective's self-review is written by `reviews.assess` on its unit.
- `reviews.view` reads the reviews whose place, or whose person's workplace or managing
  committee, lies in the scope. Outside it a review does not exist (404).
- `reviews.assess` covering the place holds the meeting and proposes a level.
- The competent level decides: `reviews.decide` covering the person's managing
  committee (diện quản lý) when set, else the level above the place; a collective is
  decided by the level above. Only a decider reopens a decided review.
- Nobody assesses or decides their own review (403).
- `discipline.manage` (inspection) keeps discipline records and findings;
  `reviews.pending` adds and settles pending matters.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from neuguong.core.access import ASSESS_REVIEW, DECIDE_REVIEW, VIEW_REVIEWS
from neuguong.organisations import tree
from neuguong.organisations.access import _valid_pk, active_person
from neuguong.organisations.scopes import scope_for

from .models import Review


def reviews_visible_q(user) -> Q:
    scope = scope_for(user, VIEW_REVIEWS)
    person = active_person(user)
    q = Q(person_id=person.pk) if person else Q(pk__in=[])
    if scope.everything:
        return Q()
    if scope.prefixes:
        q |= (
            scope.path_q(prefix="unit__path")
            | scope.path_q(prefix="person__workplace__path")
            | scope.path_q(prefix="person__management_unit__path")
        )
    return q


def is_own(user, review: Review) -> bool:
    person = active_person(user)
    return bool(person) and review.person_id == person.pk


def deciding_path(review: Review) -> str:
    """The path a decider's scope must cover."""
    if review.person_id and review.person.management_unit_id:
        return review.person.management_unit.path
    path = review.unit.path
    if review.unit.parent_id:
        path = tree.parent_path(path)
    return path


def can_write(user, review: Review) -> bool:
    if review.is_collective:
        return scope_for(user, ASSESS_REVIEW).covers_path(review.unit.path)
    return is_own(user, review)


def can_assess(user, review: Review) -> bool:
    return not is_own(user, review) and scope_for(user, ASSESS_REVIEW).covers_path(review.unit.path)


def can_decide(user, review: Review) -> bool:
    return not is_own(user, review) and scope_for(user, DECIDE_REVIEW).covers_path(
        deciding_path(review)
    )


_CHECKS = {"write": can_write, "assess": can_assess, "decide": can_decide}


def get_review_for_user(user, pk, action: str = "view") -> Review:
    """`action`: "view", "write", "assess" or "decide". 404 outside the view scope,
    403 where the review is seen but the action is not the user's."""
    pk = _valid_pk(pk)
    review = (
        Review.objects.visible_to(user)
        .select_related("period", "person", "person__management_unit", "unit", "rule_set", "plan")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404
    check = _CHECKS.get(action)
    if check is not None and not check(user, review):
        raise PermissionDenied
    return review
