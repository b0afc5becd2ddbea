"""Year-end reviews and ratings (DOMAIN.md §5): the self-review, the meeting's comments,
the proposal, the decision and reopening; a unit's rating sheet, a person's file, and
(review_records.py) discipline, findings and pending matters.

Every route fetches through reviews.access (a review outside the caller's view scope
is a 404; in scope without the right a 403 saying why) and changes through
reviews.services, as the pages do. Steps that edit carry the version the client read;
a stale one is a 409 with the current review. A refused level is a 400 (code "rule")
naming each rule and its figures; a bulk decision is all-or-nothing and lists every
refused row, a review outside the caller's scope as not found.
"""

from collections import Counter
from typing import Annotated

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from neuguong.core.access import DECIDE_REVIEW, VIEW_REVIEWS
from neuguong.core.errors import DomainError
from neuguong.organisations.access import (
    MAX_PK,
    active_person,
    get_person_for_user,
    get_unit_for_user,
)
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import has_perm_anywhere, scope_for
from neuguong.reviews import services
from neuguong.reviews.access import can_decide
from neuguong.reviews.checks import Decision, quota_max
from neuguong.reviews.models import (
    Level,
    Review,
    ReviewMeeting,
    RuleSet,
    Track,
)

from . import review_records, review_steps
from .common import READ_ERRORS, WRITE_ERRORS, page, pick_unit
from .review_inputs import (
    BulkDecideIn,
    CollectiveIn,
    MeetingIn,
    PeriodIn,
    StartIn,
)
from .review_records import pick_period
from .review_schemas import (
    BatchErrorOut,
    BulkDecidedOut,
    MeetingFilters,
    MeetingOut,
    MeetingPage,
    MineOut,
    PeriodParam,
    PersonFileOut,
    ReviewDetailOut,
    ReviewFilters,
    ReviewPage,
    SheetOut,
    SheetQuery,
    StartedOut,
)
from .review_steps import RELATED, detail, ordered

TAG = "Kiểm điểm, xếp loại"
# The list and the start sit on `router` itself; the records (review_records.py), then
# the routes under fixed names (`units`), then one review's (review_steps.py) are
# mounted below it in that order, so that /discipline, /mine… are matched before
# /{review_id}.
router = Router(tags=[TAG])
units = Router()

PkPath = Annotated[int, Path(ge=1, le=MAX_PK)]
BULK_ERRORS = {**WRITE_ERRORS, 400: BatchErrorOut}
FILE_YEARS = 3


def _place(user, person, unit_id: int | None) -> Unit:
    """One of the person's places (by default the first: the party cell), else a unit
    the caller sees (the service then says the person is not reviewed there), else 404."""
    places = services.review_places(person)
    if unit_id is None:
        if not places:
            raise DomainError(
                _("%(person)s không sinh hoạt, công tác hay giữ chức vụ ở đơn vị nào.")
                % {"person": person.full_name},
                field="unit_id",
            )
        return places[0][0]
    for unit, _track in places:
        if unit.pk == unit_id:
            return unit
    return pick_unit(user, unit_id, field="unit_id")


# Reviews ----------------------------------------------------------------------------


@router.get("", response={200: ReviewPage, **READ_ERRORS}, summary="Danh sách bản kiểm điểm")
def list_reviews(request, filters: Query[ReviewFilters]):
    user = request.auth
    qs = Review.objects.visible_to(user)
    if filters.period is not None:
        qs = qs.filter(period_id=filters.period)
    if filters.unit is not None:
        qs = qs.filter(pick_unit(user, filters.unit, field="unit").subtree_q("unit__"))
    for name in ("status", "track", "subject"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.person is not None:
        qs = qs.filter(person_id=filters.person)
    qs = ordered(qs.select_related(*RELATED), "-period__starts_on", "unit__path")
    return page(qs, filters)


@router.post(
    "",
    response={201: ReviewDetailOut, **WRITE_ERRORS},
    summary="Bắt đầu tự kiểm điểm (hoặc lấy bản đã bắt đầu) ở một nơi kiểm điểm",
)
def start_review(request, payload: StartIn):
    user = request.auth
    person = active_person(user)
    if person is None:
        raise DomainError(
            _(
                "Tài khoản của bạn chưa gắn với hồ sơ cán bộ, đảng viên nên không tự kiểm điểm "
                "được."
            ),
            field="unit_id",
            code="forbidden",
        )
    period = pick_period(payload.period_id, field="period_id")
    unit = _place(user, person, payload.unit_id)
    review = services.start_review(
        by=user, period=period, person=person, unit=unit, track=payload.track
    )
    return Status(201, detail(user, review))


@units.get(
    "/mine",
    response={200: MineOut, **READ_ERRORS},
    summary="Các nơi tôi được kiểm điểm trong kỳ, cùng bản kiểm điểm",
)
def my_reviews(request, params: Query[PeriodParam]):
    user = request.auth
    period = pick_period(params.period, field="period")
    person = active_person(user)
    places = []
    if person is not None:
        reviews = Review.objects.filter(person=person, period=period).select_related(*RELATED)
        found = {(r.unit_id, r.track): r for r in reviews}
        for unit, track in services.review_places(person):
            review = found.pop((unit.pk, str(track)), None)
            places.append({"unit": unit, "track": track, "review": review})
        places += [{"unit": r.unit, "track": r.track, "review": r} for r in found.values()]
    for place in places:
        place["track_display"] = str(Track(place["track"]).label)
    return {"period": period, "places": places}


@units.get(
    "/meetings", response={200: MeetingPage, **READ_ERRORS}, summary="Các hội nghị kiểm điểm"
)
def list_meetings(request, filters: Query[MeetingFilters]):
    user = request.auth
    qs = ReviewMeeting.objects.filter(unit__in=Unit.objects.visible_to(user, VIEW_REVIEWS))
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.period is not None:
        qs = qs.filter(period_id=filters.period)
    return page(qs.select_related("period", "unit").order_by("-held_on", "-pk"), filters)


@units.post(
    "/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Ghi hội nghị kiểm điểm của chi bộ, đơn vị",
)
def record_meeting(request, payload: MeetingIn):
    user = request.auth
    unit = pick_unit(user, payload.unit_id, field="unit_id")
    period = pick_period(payload.period_id, field="period_id")
    meeting = services.record_meeting(
        by=user,
        period=period,
        unit=unit,
        held_on=payload.held_on,
        attendance_total=payload.attendance_total,
        attendance_present=payload.attendance_present,
        chaired_by=payload.chaired_by,
        minutes=payload.minutes,
    )
    return Status(201, meeting)


@units.post(
    "/decide",
    response={200: BulkDecidedOut, **BULK_ERRORS},
    summary="Quyết định xếp loại nhiều bản kiểm điểm (tất cả hoặc không)",
)
def decide_many(request, payload: BulkDecideIn):
    """Every row is decided, or none: a 400 lists each refused row with its reasons. A
    review outside the caller's scope is listed as not found, as an unknown one is."""
    user = request.auth
    if not has_perm_anywhere(user, DECIDE_REVIEW):
        raise DomainError(_("Bạn không có quyền quyết định xếp loại."), code="forbidden")
    ids = [row.review_id for row in payload.decisions]
    found = {
        r.pk: r
        for r in Review.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related(*RELATED, "person__management_unit")
    }
    # A batch with nothing the caller sees, or may decide, is answered as one review is.
    if not found:
        raise DomainError(_("Không tìm thấy."), code="not_found")
    if not any(can_decide(user, r) for r in found.values()):
        raise DomainError(
            _("Bạn không có thẩm quyền quyết định xếp loại các bản kiểm điểm này."),
            code="forbidden",
        )
    errors: dict[int, list[str]] = {}
    decisions, seen, decided = [], set(), []
    for row in payload.decisions:
        pk = row.review_id
        try:
            if pk in seen:
                raise DomainError(_("Bản kiểm điểm này có hơn một dòng."))
            seen.add(pk)
            review = found.get(pk)
            if review is None:
                raise DomainError(_("Không tìm thấy."))
            if row.not_rated and row.level is not None:
                raise DomainError(_("Chọn một mức xếp loại hoặc “không xếp loại”, không cả hai."))
            level = None if row.not_rated else services._level(row.level, "level")
            decisions.append(Decision(review, level, services._score(row.score, "score")))
        except DomainError as e:
            errors.setdefault(pk, []).append(str(e.message))
    with transaction.atomic():
        try:
            decided = services.decide_many(decisions, by=user, note=payload.note)
        except services.BatchError as e:
            for pk, messages in e.errors.items():
                errors.setdefault(pk, []).extend(messages)
        # Rows refused before the service are refused together with the rest.
        if errors:
            transaction.set_rollback(True)
    if errors:
        batch = services.BatchError(errors)
        order = {pk: n for n, pk in enumerate(dict.fromkeys(ids))}
        rows = sorted(errors.items(), key=lambda item: order[item[0]])
        return Status(
            400,
            {
                "detail": batch.message,
                "field": "decisions",
                "code": batch.code,
                "errors": [{"review_id": pk, "messages": m} for pk, m in rows],
            },
        )
    fresh = Review.objects.select_related(*RELATED).in_bulk([r.pk for r in decided])
    return {"decided": [fresh[r.pk] for r in decided]}


# A unit's round and sheet ------------------------------------------------------------


@units.post(
    "/units/{unit_id}/open",
    response={200: StartedOut, **WRITE_ERRORS},
    summary="Mở đợt kiểm điểm: bắt đầu bản kiểm điểm của mọi người và của tập thể",
)
def open_round(request, unit_id: PkPath, payload: PeriodIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    period = pick_period(payload.period_id, field="period_id")
    return {"started": services.open_round(by=user, period=period, unit=unit)}


@units.post(
    "/units/{unit_id}/collective",
    response={201: ReviewDetailOut, **WRITE_ERRORS},
    summary="Bắt đầu bản kiểm điểm của tập thể (hoặc lấy bản đã bắt đầu)",
)
def start_collective(request, unit_id: PkPath, payload: CollectiveIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    period = pick_period(payload.period_id, field="period_id")
    review = services.start_collective_review(
        by=user, period=period, unit=unit, subject=payload.subject
    )
    return Status(201, detail(user, review))


def quota_status(period, unit: Unit) -> list[dict]:
    """Each quota group of the unit's reviews: HTT and HTXS decided so far in the whole
    group, the most HTXS allowed, and how many remain."""
    groups = {}
    for key, label, rule_set_id in (
        Review.objects.filter(period=period, unit=unit)
        .values_list("quota_key", "quota_label", "rule_set_id")
        .order_by("quota_key")
        .distinct()
    ):
        groups.setdefault(key, (label, rule_set_id))
    counts = Counter()
    for key, level, n in (
        Review.objects.filter(
            period=period, quota_key__in=list(groups), decided_level__in=(Level.HTXS, Level.HTT)
        )
        .values_list("quota_key", "decided_level")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[(key, level)] += n
    rule_sets = RuleSet.objects.in_bulk({rs for _label, rs in groups.values()})
    out = []
    for key, (label, rule_set_id) in groups.items():
        percent = rule_sets[rule_set_id].rules().params["quota_percent"]
        htt, htxs = counts[(key, Level.HTT)], counts[(key, Level.HTXS)]
        most = quota_max(htt, percent)
        out.append(
            {
                "label": label,
                "htt": htt,
                "htxs": htxs,
                "percent": percent,
                "max_htxs": most,
                "remaining": most - htxs,
            }
        )
    return out


@units.get(
    "/units/{unit_id}/sheet",
    response={200: SheetOut, **READ_ERRORS},
    summary="Bảng xếp loại của chi bộ, đơn vị, với hạn mức HTXS từng nhóm",
)
def unit_sheet(request, unit_id: PkPath, params: Query[SheetQuery]):
    user = request.auth
    unit = get_unit_for_user(user, unit_id, VIEW_REVIEWS)
    period = pick_period(params.period, field="period")
    qs = Review.objects.visible_to(user).filter(period=period, unit=unit)
    rows = page(ordered(qs.select_related(*RELATED)), params)
    rows["rows"] = rows.pop("items")
    return {"unit": unit, "period": period, **rows, "groups": quota_status(period, unit)}


@units.get(
    "/people/{person_id}/file",
    response={200: PersonFileOut, **READ_ERRORS},
    summary="Hồ sơ kiểm điểm 3 năm gần nhất của một người, mọi nơi kiểm điểm",
)
def person_file(request, person_id: PkPath):
    user = request.auth
    person = get_person_for_user(user, person_id)
    me = active_person(user)
    if me is None or me.pk != person.pk:
        scope = scope_for(user, VIEW_REVIEWS)
        places = (person.workplace, person.party_cell, person.management_unit)
        if not any(scope.covers_path(u.path) for u in places if u is not None):
            raise DomainError(
                _("Bạn không có quyền xem hồ sơ kiểm điểm của người này."), code="forbidden"
            )
    since = timezone.localdate().year - FILE_YEARS + 1
    reviews = (
        Review.objects.visible_to(user)
        .filter(person=person, period__starts_on__year__gte=since)
        .select_related(*RELATED)
        .order_by("-period__starts_on", "period_id", "track", "unit__path", "pk")
    )
    periods: dict[int, dict] = {}
    for review in reviews:
        periods.setdefault(review.period_id, {"period": review.period, "reviews": []})
        periods[review.period_id]["reviews"].append(review)
    return {"person": person, "since": since, "periods": list(periods.values())}


router.add_router("", review_records.router)
router.add_router("", units)
router.add_router("", review_steps.router)
