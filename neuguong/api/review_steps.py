"""One review's steps: read it with its checks, save and submit the self-review,
return it, record the meeting's comments, propose, decide and reopen.

Each route fetches the review through reviews.access (404 outside the caller's view
scope; 403 in scope without the right, saying why) and changes it through
reviews.services. Saves and steps carry the version the client read; a stale one is
a 409 with the current review. A refused level is a 400 (code "rule") naming each rule
and its figures.
"""

from typing import Annotated

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from neuguong.core.errors import DomainError
from neuguong.organisations.access import MAX_PK
from neuguong.organisations.models import Unit
from neuguong.reviews import services
from neuguong.reviews.access import can_assess, can_decide, can_write, get_review_for_user, is_own
from neuguong.reviews.checks import best_allowed, explain
from neuguong.reviews.models import (
    SHORT_LEVEL,
    Level,
    Review,
    ReviewMeeting,
    ReviewStatus,
    ReviewTask,
    short,
)

from .common import READ_ERRORS, WRITE_ERRORS
from .review_inputs import (
    CommentsIn,
    DecideIn,
    ProposeIn,
    ReopenIn,
    ReturnIn,
    SaveIn,
    VersionIn,
)
from .review_schemas import ChecksOut, LevelQuery, ReviewDetailOut

router = Router()

PkPath = Annotated[int, Path(ge=1, le=MAX_PK)]
RELATED = ("period", "person", "unit", "rule_set")


# Fetching ---------------------------------------------------------------------------


def _refusal(user, review: Review, action: str) -> str:
    own = is_own(user, review)
    if action == "write":
        if review.is_collective:
            return _("Chỉ bí thư, người đứng đầu đơn vị viết bản kiểm điểm của tập thể.")
        return _("Chỉ người được kiểm điểm tự viết, nộp bản kiểm điểm của mình.")
    if action == "assess":
        if own:
            return _("Bạn không tự góp ý, đánh giá bản kiểm điểm của mình.")
        return _("Chỉ bí thư, người đứng đầu nơi kiểm điểm ghi góp ý, đánh giá và đề xuất mức.")
    if own:
        return _("Bạn không tự quyết định xếp loại của mình.")
    return _("Bạn không có thẩm quyền quyết định xếp loại bản kiểm điểm này.")


CHECKS = {"write": can_write, "assess": can_assess, "decide": can_decide}


def fetch(user, pk: int, action: str = "view") -> Review:
    """A review the caller sees (else 404), and may act on (else 403 saying why)."""
    review = get_review_for_user(user, pk)
    check = CHECKS.get(action)
    if check is not None and not check(user, review):
        raise DomainError(_refusal(user, review, action), code="forbidden")
    return review


def ordered(qs, *first):
    """After `first`: collectives, then heads, deputies, and people by name."""
    who = Case(
        When(person__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.alias(who=who).order_by(
        *first, "who", "-is_head", "-is_deputy", "person__name_folded", "track", "pk"
    )


def detail(user, review: Review) -> Review:
    """The review with its content, its checks, and what the caller may do with it."""
    review = (
        Review.objects.select_related(
            *RELATED,
            "person__management_unit",
            "plan",
            "meeting__period",
            "meeting__unit",
            "proposed_by",
            "decided_by",
        )
        .prefetch_related(
            "points", Prefetch("tasks", ReviewTask.objects.select_related("key_task"))
        )
        .get(pk=review.pk)
    )
    status = review.status
    review.caller_may_write = status == ReviewStatus.DRAFT and can_write(user, review)
    review.caller_may_assess = status in (
        ReviewStatus.SUBMITTED,
        ReviewStatus.COMMENTED,
        ReviewStatus.PROPOSED,
    ) and can_assess(user, review)
    review.caller_may_decide = status in (
        ReviewStatus.PROPOSED,
        ReviewStatus.DECIDED,
    ) and can_decide(user, review)
    review.caller_missing = services.missing_parts(review) if review.caller_may_write else []
    review.caller_checks = explain(review)
    return review


# One review -------------------------------------------------------------------------


@router.get(
    "/{review_id}", response={200: ReviewDetailOut, **READ_ERRORS}, summary="Một bản kiểm điểm"
)
def get_review(request, review_id: PkPath):
    user = request.auth
    return detail(user, fetch(user, review_id))


@router.get(
    "/{review_id}/checks",
    response={200: ChecksOut, **READ_ERRORS},
    summary="Mọi quy tắc áp dụng cho một mức, với lý do",
)
def review_checks(request, review_id: PkPath, params: Query[LevelQuery]):
    review = fetch(request.auth, review_id)
    if params.level is not None:
        level = SHORT_LEVEL[params.level]
    else:
        level = review.decided_level or review.proposed_level or Level.HTXS
    checks = explain(review, level)
    return {
        "review": review.pk,
        "level": short(level),
        "allowed": not any(c.refuses(level) for c in checks),
        "best_allowed": short(best_allowed(checks)) or None,
        "checks": checks,
    }


def _keyed(rows, key: str, field: str) -> dict:
    """A list of rows, or a map, as the service's {key: values}; null values keep."""
    if isinstance(rows, dict):
        return {str(k): v.model_dump(exclude_none=True) for k, v in rows.items()}
    out = {}
    for row in rows:
        name = str(getattr(row, key))
        if name in out:
            raise DomainError(
                _("“%(key)s” được gửi hơn một lần.") % {"key": name[:40]}, field=field
            )
        out[name] = row.model_dump(exclude_none=True, exclude={key})
    return out


@router.put(
    "/{review_id}",
    response={200: ReviewDetailOut, **WRITE_ERRORS},
    summary="Lưu bản tự kiểm điểm (cả khi tự động lưu)",
)
def save_review(request, review_id: PkPath, payload: SaveIn):
    user = request.auth
    review = fetch(user, review_id, "write")
    data = payload.model_dump(exclude_unset=True, exclude={"version", "points", "tasks"})
    if payload.points is not None:
        data["points"] = _keyed(payload.points, "code", "points")
    if payload.tasks is not None:
        data["tasks"] = _keyed(payload.tasks, "task_key", "tasks")
    review = services.save_self_review(review, by=user, version=payload.version, data=data)
    return detail(user, review)


@router.post(
    "/{review_id}/submit",
    response={200: ReviewDetailOut, **WRITE_ERRORS},
    summary="Nộp bản tự kiểm điểm",
)
def submit_review(request, review_id: PkPath, payload: VersionIn):
    user = request.auth
    review = fetch(user, review_id, "write")
    return detail(user, services.submit_review(review, by=user, version=payload.version))


@router.post(
    "/{review_id}/return",
    response={200: ReviewDetailOut, **WRITE_ERRORS},
    summary="Trả lại bản tự kiểm điểm để bổ sung",
)
def return_review(request, review_id: PkPath, payload: ReturnIn):
    user = request.auth
    review = fetch(user, review_id, "assess")
    review = services.return_review(review, by=user, version=payload.version, reason=payload.reason)
    return detail(user, review)


@router.post(
    "/{review_id}/comments",
    response={200: ReviewDetailOut, **WRITE_ERRORS},
    summary="Ghi ý kiến góp ý và kết quả biểu quyết của hội nghị",
)
def record_comments(request, review_id: PkPath, payload: CommentsIn):
    user = request.auth
    review = fetch(user, review_id, "assess")
    meeting = (
        ReviewMeeting.objects.filter(pk=payload.meeting_id, unit__in=Unit.objects.visible_to(user))
        .select_related("period", "unit")
        .first()
    )
    if meeting is None:
        raise DomainError(
            _("Không tìm thấy hội nghị #%(id)d.") % {"id": payload.meeting_id},
            field="meeting_id",
            code="not_found",
        )
    review = services.record_comments(
        review,
        by=user,
        version=payload.version,
        meeting=meeting,
        comments=payload.comments,
        votes={SHORT_LEVEL[k]: n for k, n in payload.votes.items()},
    )
    return detail(user, review)


@router.post(
    "/{review_id}/propose",
    response={200: ReviewDetailOut, **WRITE_ERRORS},
    summary="Nhận xét, đánh giá và đề xuất mức xếp loại",
)
def propose_level(request, review_id: PkPath, payload: ProposeIn):
    user = request.auth
    review = fetch(user, review_id, "assess")
    review = services.propose_level(
        review,
        by=user,
        version=payload.version,
        level=payload.level,
        assessment=payload.assessment,
        score=payload.score,
        targets_met_percent=payload.targets_met_percent,
    )
    return detail(user, review)


@router.post(
    "/{review_id}/decide",
    response={200: ReviewDetailOut, **WRITE_ERRORS},
    summary="Quyết định mức xếp loại (cấp có thẩm quyền); khóa bản kiểm điểm",
)
def decide_level(request, review_id: PkPath, payload: DecideIn):
    user = request.auth
    review = fetch(user, review_id, "decide")
    if payload.not_rated and payload.level is not None:
        raise DomainError(
            _("Chọn một mức xếp loại hoặc “không xếp loại”, không cả hai."), field="not_rated"
        )
    review = services.decide_level(
        review,
        by=user,
        level=payload.level,
        score=payload.score,
        note=payload.note,
        not_rated=payload.not_rated,
    )
    return detail(user, review)


@router.post(
    "/{review_id}/reopen",
    response={200: ReviewDetailOut, **WRITE_ERRORS},
    summary="Mở lại bản kiểm điểm đã xếp loại, với lý do",
)
def reopen_review(request, review_id: PkPath, payload: ReopenIn):
    user = request.auth
    review = fetch(user, review_id, "decide")
    return detail(user, services.reopen_review(review, by=user, reason=payload.reason))
