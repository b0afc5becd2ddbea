"""Changes to reviews and ratings: start, write and submit the self-review, the
meeting and its comments, the proposal, the decision, reopening; discipline records,
findings and pending matters.

Rules:
- A person is reviewed in each place (review_places): at their party cell as a party
  member (party rule set), at their workplace as a cadre, civil servant or employee
  (state rule set), and in each other unit where they hold a post. A collective (a
  unit's organisation or its leadership) is reviewed the same way.
- The rule set is chosen by the period and, on the state side, the person's category
  (RuleSet.objects.for_review); it never changes for a review once started.
- The self-review cites every key task of the person's approved plan by its key, and
  may be submitted only when each task has its result and each point its level.
- The meeting's votes may not exceed those present. The proposal is checked against
  the review's own rules; the decision against every rule, in checks.py.
- A decision locks the review. Only a decider reopens it, with a reason; the audit log
  keeps both. A reopened review keeps its level in the quota counts until decided again.
- Deciding first locks each quota group touched (QuotaLock), so that two deciders in
  one group run one after the other and never together break the quota.
- Every change is written to the audit log.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.commitments.models import CommitmentPlan, KeyTask, PlanStatus
from neuguong.core.access import ASSESS_REVIEW, MANAGE_DISCIPLINE, MANAGE_PENDING
from neuguong.core.audit import log_action, snapshot
from neuguong.core.errors import ConflictError, DomainError
from neuguong.organisations.access import active_person
from neuguong.organisations.models import Person, Post, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from . import access
from .checks import Decision, best_allowed, evaluate
from .models import (
    Discipline,
    DisciplineKind,
    Finding,
    FindingKind,
    Level,
    PendingMatter,
    PointLevel,
    QuotaLock,
    Review,
    ReviewMeeting,
    ReviewPoint,
    ReviewStatus,
    ReviewTask,
    RuleSet,
    Subject,
    Track,
    short,
)
from .points import FORM_POINTS, form_name, point_label

TEXT_MAX = 5000
TITLE_MAX = 300
TASK_FIELDS = ["result", "self_level", "on_time", "quality_ok", "exceeded", "done_percent"]
TASK_FIELDS += ["quality_failures", "late_products"]
SECTIONS = ["shortcomings", "earlier_fixes", "explanations", "collective_share", "remedies"]


class BatchError(DomainError):
    """Some decisions of a batch were refused; nothing was applied. `errors` maps each
    refused review's id to its messages."""

    def __init__(self, errors: dict[int, list[str]]):
        n = len(errors)
        super().__init__(
            _("%(n)s dòng không hợp lệ; chưa áp dụng dòng nào.") % {"n": n}, code="batch"
        )
        self.errors = errors


def _forbidden(message=None):
    return DomainError(message or _("Bạn không có quyền thực hiện thao tác này."), code="forbidden")


def _log(action: str, obj, by, *, unit=None, **data) -> None:
    log_action(action, by=by, obj=obj, unit=unit or getattr(obj, "unit", None), **data)


def _text(value, field: str, limit: int = TEXT_MAX, label: str = "") -> str:
    value = str(value or "").strip()
    if len(value) > limit:
        raise DomainError(
            _("“%(label)s” tối đa %(limit)s ký tự; đã nhập %(n)s ký tự.")
            % {"label": label or field, "limit": limit, "n": len(value)},
            field=field,
        )
    return value


def _level(value, field: str, *, allow_none: bool = False) -> int | None:
    """A level from 1–4, a short name (HTXS…) or a full name; None when allowed."""
    from .models import SHORT_LEVEL

    if value in (None, ""):
        if allow_none:
            return None
        raise DomainError(_("Hãy chọn mức xếp loại."), field=field)
    if isinstance(value, str):
        text = value.strip()
        upper = text.upper()
        if upper in SHORT_LEVEL:
            return SHORT_LEVEL[upper]
        for number, label in Level.choices:
            if text.lower() == str(label).lower():
                return number
        if text.isdigit():
            value = int(text)
    if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2, 3, 4):
        return value
    raise DomainError(
        _("Mức xếp loại “%(value)s” không hợp lệ; chọn HTXS, HTT, HTNV hoặc KHTNV.")
        % {"value": str(value)[:40]},
        field=field,
    )


def _score(value, field: str, *, most: int = 100) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number < 0 or number > most:
        raise DomainError(_("Điểm phải là số từ 0 đến %(most)s.") % {"most": most}, field=field)
    return number.quantize(Decimal("0.01"))


def _percent(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if not 0 <= number <= 100:
        raise DomainError(_("Tỷ lệ phải là số nguyên từ 0 đến 100."), field=field)
    return number


def _lock(review: Review, version: int | None) -> Review:
    """Re-read `review` for update; a stale version is a conflict."""
    fresh = (
        Review.objects.select_for_update(of=("self",))
        .select_related("period", "person", "person__management_unit", "unit", "rule_set")
        .get(pk=review.pk)
    )
    if version is not None and fresh.version != version:
        raise ConflictError(
            _("Bản kiểm điểm vừa được người khác thay đổi. Hãy xem bản mới nhất rồi làm lại."),
            current=fresh,
        )
    return fresh


def _bump(review: Review, **fields) -> None:
    fields["version"] = F("version") + 1
    fields["updated_at"] = timezone.now()
    Review.objects.filter(pk=review.pk).update(**fields)
    review.refresh_from_db()


# Places and starting ----------------------------------------------------------------


def _current_posts(person: Person):
    today = timezone.localdate()
    return (
        Post.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("unit")
    )


def review_places(person: Person) -> list[tuple[Unit, str]]:
    """Where `person` is reviewed: (unit, track), the party cell first."""
    places = []
    if person.is_party_member and person.party_cell_id:
        places.append((person.party_cell, Track.PARTY))
    if person.workplace_id:
        places.append((person.workplace, Track.STATE))
    for post in _current_posts(person):
        track = Track.PARTY if post.unit.is_party_organisation else Track.STATE
        if (post.unit, track) not in places:
            places.append((post.unit, track))
    return places


def _post_in(person: Person, unit: Unit) -> Post | None:
    posts = [p for p in _current_posts(person) if p.unit_id == unit.pk]
    return posts[0] if posts else None


def _rule_set(period: Period, track: str, category: str = "") -> RuleSet:
    rule_set = RuleSet.objects.for_review(period=period, track=track, category=category)
    if rule_set is None:
        raise DomainError(
            _("Chưa có bộ quy tắc xếp loại áp dụng cho kỳ “%(period)s”.") % {"period": period},
            field="period",
        )
    return rule_set


def quota_group(review: Review) -> tuple[str, str]:
    """The group of comparable people or collectives the quota counts in."""
    grouping = review.rule_set.rules().params["quota_group"]
    track = review.track
    if review.is_collective:
        parent = review.unit.parent or review.unit
        label = _("Các tập thể trực thuộc %(unit)s") % {"unit": parent.name}
        if review.subject == Subject.LEADERSHIP:
            label = _("Các tập thể lãnh đạo trực thuộc %(unit)s") % {"unit": parent.name}
        return f"{track}:c:{parent.pk}:{review.subject}", label
    if grouping == "unit":
        return f"{track}:u:{review.unit_id}", review.unit.name
    if review.is_leader:
        return (
            f"{track}:u:{review.unit_id}:lead",
            _("%(unit)s, cán bộ lãnh đạo, quản lý") % {"unit": review.unit.name},
        )
    return (
        f"{track}:u:{review.unit_id}:staff",
        _("%(unit)s, cán bộ không giữ chức vụ lãnh đạo") % {"unit": review.unit.name},
    )


def _approved_plan(period: Period, *, person=None, unit=None) -> CommitmentPlan | None:
    qs = CommitmentPlan.objects.filter(period=period, status=PlanStatus.APPROVED)
    qs = qs.filter(person=person) if person else qs.filter(person__isnull=True, unit=unit)
    return qs.first()


def _sync_tasks(review: Review) -> None:
    """One row per key task of the approved plan, by key: results typed so far stay;
    rows of tasks no longer in the plan go."""
    plan = _approved_plan(
        review.period,
        person=review.person if review.person_id else None,
        unit=None if review.person_id else review.unit,
    )
    if plan and review.plan_id != plan.pk:
        Review.objects.filter(pk=review.pk).update(plan=plan)
        review.plan = plan
    tasks = list(KeyTask.objects.filter(plan=plan).order_by("order")) if plan else []
    rows = {row.task_key: row for row in review.tasks.all()}
    keys = set()
    for task in tasks:
        keys.add(task.key)
        row = rows.get(task.key)
        if row is None:
            ReviewTask.objects.create(
                review=review,
                task_key=task.key,
                key_task=task,
                order=task.order,
                done_percent=min(task.progress_percent or 0, 100),
                exceeded=task.progress_status == "exceeded",
                on_time=task.progress_status != "behind",
            )
        elif row.key_task_id != task.pk or row.order != task.order:
            ReviewTask.objects.filter(pk=row.pk).update(key_task=task, order=task.order)
    stale = [row.pk for key, row in rows.items() if key not in keys]
    if stale:
        ReviewTask.objects.filter(pk__in=stale).delete()


def _create(
    *, period: Period, unit: Unit, track: str, by, person: Person | None, subject: str
) -> Review:
    category = person.category if person else ""
    rule_set = _rule_set(period, track, category)
    post = _post_in(person, unit) if person else None
    is_head = bool(post and post.is_head)
    is_deputy = bool(post and post.is_deputy)
    new_forms = rule_set.applies_from.year >= 2025
    review = Review(
        period=period,
        person=person,
        unit=unit,
        subject=subject,
        track=track,
        rule_set=rule_set,
        form=form_name(
            track=track,
            leader=is_head or is_deputy,
            collective=person is None,
            new_forms=new_forms,
        ),
        post_title=post.title if post else "",
        is_head=is_head,
        is_deputy=is_deputy,
    )
    review.quota_key, review.quota_label = quota_group(review)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise DomainError(_("Bản kiểm điểm này đã có."), code="exists") from None
    kind = "collective" if person is None else ("leader" if review.is_leader else "personal")
    ReviewPoint.objects.bulk_create(
        ReviewPoint(review=review, code=code, order=n)
        for n, code in enumerate(FORM_POINTS[kind], 1)
    )
    _sync_tasks(review)
    _log("review.start", review, by, after={"track": track, "rule_set": rule_set.code})
    return review


def _check_period(period: Period) -> None:
    if not period.is_open:
        raise DomainError(_("Kỳ “%(period)s” đã khóa.") % {"period": period}, field="period")


@transaction.atomic
def start_review(
    *, by, period: Period, person: Person, unit: Unit, track: str | None = None
) -> Review:
    """The review of `person` at `unit`: started by the person, or by whoever assesses
    the place (opening the round for their members)."""
    _check_period(period)
    places = review_places(person)
    matches = [t for u, t in places if u.pk == unit.pk and (track is None or t == track)]
    if not matches:
        raise DomainError(
            _("%(person)s không sinh hoạt, công tác hay giữ chức vụ ở %(unit)s.")
            % {"person": person.full_name, "unit": unit.name},
            field="unit",
        )
    me = active_person(by)
    own = me is not None and me.pk == person.pk
    if not own and not scope_for(by, ASSESS_REVIEW).covers_path(unit.path):
        raise _forbidden()
    existing = Review.objects.filter(
        period=period, person=person, unit=unit, track=matches[0]
    ).first()
    if existing:
        return existing
    return _create(
        period=period, unit=unit, track=matches[0], by=by, person=person, subject=Subject.PERSON
    )


@transaction.atomic
def start_collective_review(
    *, by, period: Period, unit: Unit, subject: str = Subject.ORGANISATION
) -> Review:
    _check_period(period)
    if subject not in (Subject.ORGANISATION, Subject.LEADERSHIP):
        raise DomainError(_("Loại tập thể không hợp lệ."), field="subject")
    if not scope_for(by, ASSESS_REVIEW).covers_path(unit.path):
        raise _forbidden()
    track = Track.PARTY if unit.is_party_organisation else Track.STATE
    existing = Review.objects.filter(
        period=period, person__isnull=True, unit=unit, subject=subject, track=track
    ).first()
    if existing:
        return existing
    return _create(period=period, unit=unit, track=track, by=by, person=None, subject=subject)


def people_of_place(unit: Unit):
    """Who is reviewed at `unit`: its party members (a party organisation), its staff,
    and the holders of its posts."""
    today = timezone.localdate()
    holders = (
        Post.objects.filter(unit=unit)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("person_id")
    )
    q = Q(workplace=unit) | Q(pk__in=holders)
    if unit.is_party_organisation:
        q |= Q(party_cell=unit, party_status__gt="")
    return Person.objects.filter(q, is_active=True)


@transaction.atomic
def open_round(*, by, period: Period, unit: Unit) -> int:
    """Start the review of everyone reviewed at `unit` and of the unit itself; those
    already started are left alone. Returns how many were started."""
    _check_period(period)
    if not scope_for(by, ASSESS_REVIEW).covers_path(unit.path):
        raise _forbidden()
    started = 0
    if not Review.objects.filter(period=period, unit=unit, person__isnull=True).exists():
        start_collective_review(by=by, period=period, unit=unit)
        started += 1
    have = set(
        Review.objects.filter(period=period, unit=unit, person__isnull=False).values_list(
            "person_id", "track"
        )
    )
    for person in people_of_place(unit).select_related("workplace", "party_cell"):
        for place, track in review_places(person):
            if place.pk == unit.pk and (person.pk, track) not in have:
                _create(
                    period=period,
                    unit=unit,
                    track=track,
                    by=by,
                    person=person,
                    subject=Subject.PERSON,
                )
                started += 1
    return started


# The self-review ----------------------------------------------------------------------


def _require_draft(review: Review) -> None:
    if review.status != ReviewStatus.DRAFT:
        raise DomainError(
            _("Bản kiểm điểm đã nộp (%(status)s); không sửa được nữa.")
            % {"status": review.get_status_display()},
            code="locked",
        )


def _point_level(value, field: str) -> str:
    value = str(value or "").strip()
    if value and value not in PointLevel.values:
        raise DomainError(
            _("Mức tự đánh giá “%(value)s” không hợp lệ; chọn Xuất sắc, Tốt, Trung bình hoặc Kém.")
            % {"value": value[:40]},
            field=field,
        )
    return value


def _small_int(value, field: str, most: int) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if not 0 <= number <= most:
        raise DomainError(
            _("Giá trị phải là số nguyên từ 0 đến %(most)s.") % {"most": most}, field=field
        )
    return number


@transaction.atomic
def save_self_review(review: Review, *, by, version: int | None, data: dict) -> Review:
    """Save the self-review whole (sections, points, tasks, self-ratings, scores).
    Keys left out of `data` keep their values."""
    review = _lock(review, version)
    if not access.can_write(by, review):
        raise _forbidden(_("Chỉ người được kiểm điểm tự viết bản kiểm điểm của mình."))
    _require_draft(review)
    _sync_tasks(review)
    before = snapshot(review)
    fields = {}
    for name in SECTIONS:
        if name in data:
            fields[name] = _text(
                data[name], name, label=str(Review._meta.get_field(name).verbose_name)
            )
    for name in ("self_level_staff", "self_level_party"):
        if name in data:
            fields[name] = _level(data[name], name, allow_none=True)
    if "self_score" in data:
        fields["self_score"] = _score(data["self_score"], "self_score")
    if "general_score" in data:
        fields["general_score"] = _score(data["general_score"], "general_score", most=30)
    if "targets_met_percent" in data:
        fields["targets_met_percent"] = _percent(data["targets_met_percent"], "targets_met_percent")
    if "months_worked" in data:
        months = data["months_worked"]
        fields["months_worked"] = (
            None if months in (None, "") else _small_int(months, "months_worked", 12)
        )
    if "maternity_leave" in data:
        fields["maternity_leave"] = bool(data["maternity_leave"])
    points = {p.code: p for p in review.points.all()}
    for code, value in (data.get("points") or {}).items():
        point = points.get(code)
        if point is None:
            raise DomainError(
                _("Mục “%(code)s” không có trong mẫu.") % {"code": str(code)[:40]}, field="points"
            )
        value = value or {}
        point.text = _text(value.get("text", point.text), f"points.{code}", label=point_label(code))
        point.self_level = _point_level(value.get("level", point.self_level), f"points.{code}")
    tasks = {str(t.task_key): t for t in review.tasks.all()}
    for key, value in (data.get("tasks") or {}).items():
        row = tasks.get(str(key))
        if row is None:
            raise DomainError(
                _("Nhiệm vụ này không có trong kế hoạch đã phê duyệt."), field="tasks"
            )
        value = value or {}
        field = f"tasks.{key}"
        row.result = _text(value.get("result", row.result), field, label=_("Kết quả thực hiện"))
        row.self_level = _point_level(value.get("level", row.self_level), field)
        for flag in ("on_time", "quality_ok", "exceeded"):
            if flag in value:
                setattr(row, flag, bool(value[flag]))
        if "done_percent" in value:
            row.done_percent = _small_int(value["done_percent"], field, 100)
        for count in ("quality_failures", "late_products"):
            if count in value:
                setattr(row, count, _small_int(value[count], field, 50))
    ReviewPoint.objects.bulk_update(points.values(), ["text", "self_level"])
    ReviewTask.objects.bulk_update(
        tasks.values(),
        TASK_FIELDS,
    )
    _bump(review, **fields)
    after = snapshot(review)
    from neuguong.core.audit import diff

    b, a = diff(before, after)
    (
        b.pop("version", None),
        a.pop("version", None),
        b.pop("updated_at", None),
        a.pop("updated_at", None),
    )
    _log("review.save", review, by, before=b, after=a)
    return review


def missing_parts(review: Review) -> list[str]:
    """What the self-review still lacks before it can be submitted."""
    missing = []
    for task in review.tasks.select_related("key_task"):
        if not task.result.strip():
            missing.append(
                _("Chưa ghi kết quả thực hiện nhiệm vụ “%(task)s” của kế hoạch đã phê duyệt.")
                % {"task": task.key_task.title[:120]}
            )
        if not task.self_level:
            missing.append(
                _("Chưa tự đánh giá nhiệm vụ “%(task)s”.") % {"task": task.key_task.title[:120]}
            )
    for point in review.points.all():
        if not point.self_level:
            missing.append(
                _("Chưa tự đánh giá mục “%(point)s”.") % {"point": point_label(point.code)}
            )
    if review.person_id:
        if review.track == Track.PARTY and not review.self_level_party:
            missing.append(_("Chưa tự xếp loại với tư cách đảng viên."))
        if review.track == Track.STATE and not review.self_level_staff:
            missing.append(_("Chưa tự xếp loại với tư cách cán bộ, công chức, viên chức."))
    rules = review.rule_set.rules()
    if rules.scores and review.self_score is None and not review.rule_set.module.endswith("nd335"):
        missing.append(_("Chưa tự chấm điểm (thang 100 điểm)."))
    if (
        review.rule_set.module.endswith("nd335")
        and review.person_id
        and review.general_score is None
    ):
        missing.append(_("Chưa chấm điểm tiêu chí chung (tối đa 30 điểm)."))
    return missing


@transaction.atomic
def submit_review(review: Review, *, by, version: int | None) -> Review:
    review = _lock(review, version)
    if not access.can_write(by, review):
        raise _forbidden(_("Chỉ người được kiểm điểm nộp bản kiểm điểm của mình."))
    _require_draft(review)
    _sync_tasks(review)
    missing = missing_parts(review)
    if missing:
        raise DomainError(" ".join(missing), field="tasks", code="incomplete")
    _bump(review, status=ReviewStatus.SUBMITTED, submitted_at=timezone.now())
    _log("review.submit", review, by, after={"status": review.status})
    return review


@transaction.atomic
def return_review(review: Review, *, by, version: int | None, reason: str) -> Review:
    """Send a submitted self-review back to its writer to complete, before the meeting."""
    review = _lock(review, version)
    if not access.can_assess(by, review):
        raise _forbidden()
    reason = _text(reason, "reason", 2000, _("Lý do"))
    if not reason:
        raise DomainError(_("Hãy ghi lý do trả lại."), field="reason")
    if review.status != ReviewStatus.SUBMITTED:
        raise DomainError(_("Chỉ trả lại được bản kiểm điểm đang chờ họp góp ý."), code="state")
    _bump(review, status=ReviewStatus.DRAFT, reopen_reason=reason)
    _log("review.return", review, by, after={"reason": reason})
    return review


# The collective step -------------------------------------------------------------------


@transaction.atomic
def record_meeting(
    *,
    by,
    period: Period,
    unit: Unit,
    held_on: date,
    attendance_total: int,
    attendance_present: int,
    chaired_by: str = "",
    minutes: str = "",
) -> ReviewMeeting:
    if not scope_for(by, ASSESS_REVIEW).covers_path(unit.path):
        raise _forbidden()
    total = _small_int(attendance_total, "attendance_total", 100000)
    present = _small_int(attendance_present, "attendance_present", 100000)
    if total < 1:
        raise DomainError(_("Tổng số được triệu tập phải từ 1 người."), field="attendance_total")
    if present > total:
        raise DomainError(
            _("Số có mặt (%(present)s) không được lớn hơn tổng số được triệu tập (%(total)s).")
            % {"present": present, "total": total},
            field="attendance_present",
        )
    if not isinstance(held_on, date) or not (
        period.starts_on <= held_on <= max(period.ends_on, timezone.localdate())
    ):
        raise DomainError(_("Ngày họp phải nằm trong kỳ kiểm điểm."), field="held_on")
    meeting = ReviewMeeting.objects.create(
        period=period,
        unit=unit,
        held_on=held_on,
        attendance_total=total,
        attendance_present=present,
        chaired_by=_text(chaired_by, "chaired_by", 150, _("Chủ trì")),
        minutes=_text(minutes, "minutes", 20000, _("Biên bản")),
        recorded_by=by,
    )
    _log("review.meeting", meeting, by, after=snapshot(meeting))
    return meeting


@transaction.atomic
def record_comments(
    review: Review,
    *,
    by,
    version: int | None,
    meeting: ReviewMeeting,
    comments: str,
    votes: dict[int, int],
) -> Review:
    review = _lock(review, version)
    if not access.can_assess(by, review):
        raise _forbidden()
    if meeting.unit_id != review.unit_id or meeting.period_id != review.period_id:
        raise DomainError(
            _("Hội nghị này không phải của đơn vị, kỳ kiểm điểm này."), field="meeting"
        )
    if review.status not in (ReviewStatus.SUBMITTED, ReviewStatus.COMMENTED):
        raise DomainError(
            _("Chỉ ghi ý kiến góp ý khi bản tự kiểm điểm đã nộp và chưa đề xuất mức."),
            code="state",
        )
    counted = {lvl: _small_int((votes or {}).get(lvl, 0), "votes", 100000) for lvl in (1, 2, 3, 4)}
    if sum(counted.values()) > meeting.attendance_present:
        raise DomainError(
            _("Tổng số phiếu (%(votes)s) vượt số có mặt (%(present)s).")
            % {"votes": sum(counted.values()), "present": meeting.attendance_present},
            field="votes",
        )
    _bump(
        review,
        meeting=meeting,
        collective_comments=_text(comments, "comments", label=_("Ý kiến góp ý")),
        votes_htxs=counted[1],
        votes_htt=counted[2],
        votes_htnv=counted[3],
        votes_khtnv=counted[4],
        status=ReviewStatus.COMMENTED,
    )
    _log("review.comments", review, by, after={"meeting": meeting.pk, "votes": counted})
    return review


def _refusals(review: Review, level: int | None, score=None) -> list[str]:
    checks = evaluate([Decision(review, level, score)]).get(review.pk, [])
    return [c.message for c in checks]


@transaction.atomic
def propose_level(
    review: Review,
    *,
    by,
    version: int | None,
    level,
    assessment: str = "",
    score=None,
    targets_met_percent=None,
) -> Review:
    """The head's or secretary's assessment and proposed level. Checked against the
    review's own rules (disqualifiers, conditions, score); the quota and ceilings are
    checked at the decision."""
    review = _lock(review, version)
    if not access.can_assess(by, review):
        raise _forbidden(_("Bạn không được đề xuất mức xếp loại cho bản kiểm điểm này."))
    if review.status not in (ReviewStatus.COMMENTED, ReviewStatus.PROPOSED):
        raise DomainError(
            _(
                "Chỉ đề xuất mức sau khi tập thể đã họp góp ý, và trước khi cấp có thẩm quyền "
                "quyết định."
            ),
            code="state",
        )
    level = _level(level, "level")
    score = _score(score, "score")
    fields = {
        "proposed_level": level,
        "proposed_score": score,
        "assessment": _text(assessment, "assessment", label=_("Nhận xét, đánh giá")),
    }
    if targets_met_percent not in (None, ""):
        fields["targets_met_percent"] = _percent(targets_met_percent, "targets_met_percent")
        review.targets_met_percent = fields["targets_met_percent"]
    review.proposed_score = score
    checks = evaluate([Decision(review, level, score)]).get(review.pk, [])
    own = [
        c.message for c in checks if c.code.split(".")[0] in ("disqualifier", "condition", "score")
    ]
    if own:
        raise DomainError(" ".join(own), field="level", code="rule")
    _bump(
        review,
        status=ReviewStatus.PROPOSED,
        proposed_by=by,
        proposed_at=timezone.now(),
        **fields,
    )
    _log("review.propose", review, by, after={"level": short(level), "score": str(score or "")})
    return review


# The decision ---------------------------------------------------------------------------


def lock_groups(period: Period, keys) -> None:
    """Take the quota groups' locks, in key order (no deadlock between batches)."""
    keys = sorted(set(keys))
    QuotaLock.objects.bulk_create(
        [QuotaLock(period=period, key=k) for k in keys], ignore_conflicts=True
    )
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        list(
            QuotaLock.objects.select_for_update()
            .filter(period=period, key__in=chunk)
            .order_by("key")
            .values_list("pk", flat=True)
        )
        QuotaLock.objects.filter(period=period, key__in=chunk).update(version=F("version") + 1)


# What the checks, the access test and the audit entry read of a review being decided;
# its other columns stay deferred (a province-wide pass reads 150,000 reviews).
DECIDING_FIELDS = (
    "period",
    "person",
    "unit",
    "subject",
    "track",
    "rule_set",
    "is_head",
    "is_deputy",
    "quota_key",
    "quota_label",
    "status",
    "self_score",
    "general_score",
    "targets_met_percent",
    "months_worked",
    "maternity_leave",
    "proposed_level",
    "proposed_score",
    "decided_level",
    "not_rated",
    "decided_score",
    "version",
    "person__full_name",
    "person__management_unit",
)


def _read_for_deciding(ids: list[int], period: Period) -> dict[int, Review]:
    """The reviews, read again (under the groups' locks), with their period, rule set,
    unit and the person's managing committee attached from one query each rather than
    joined to every row."""
    fresh = {}
    for i in range(0, len(ids), 900):
        for r in (
            Review.objects.filter(pk__in=ids[i : i + 900])
            .select_related("person")
            .only(*DECIDING_FIELDS)
            .order_by()
        ):
            fresh[r.pk] = r
    period = Period.objects.get(pk=period.pk)
    rule_sets = RuleSet.objects.in_bulk({r.rule_set_id for r in fresh.values()})
    managers = {r.person.management_unit_id for r in fresh.values() if r.person_id}
    units = Unit.objects.in_bulk(({r.unit_id for r in fresh.values()} | managers) - {None})
    # The ids are those of the row: only the related objects' caches are set.
    cached = [Review._meta.get_field(name) for name in ("period", "rule_set", "unit")]
    manager = Person._meta.get_field("management_unit")
    for r in fresh.values():
        cached[0].set_cached_value(r, period)
        cached[1].set_cached_value(r, rule_sets[r.rule_set_id])
        cached[2].set_cached_value(r, units[r.unit_id])
        if r.person_id and r.person.management_unit_id:
            manager.set_cached_value(r.person, units[r.person.management_unit_id])
    return fresh


def decide_many(
    decisions: list[Decision], *, by, note: str = "", check_scope: bool = True
) -> list[Review]:
    """Decide every level of the batch, or none: each decision is checked against every
    rule on the state after the whole batch. Raises BatchError naming each refused row."""
    note = _text(note, "note", 2000, _("Ghi chú"))
    with transaction.atomic():
        if not decisions:
            return []
        period = decisions[0].review.period
        if any(d.review.period_id != period.pk for d in decisions):
            raise DomainError(_("Mỗi lần chỉ quyết định xếp loại trong một kỳ."), field="period")
        lock_groups(period, [d.review.quota_key for d in decisions])
        fresh = _read_for_deciding([d.review.pk for d in decisions], period)
        errors: dict[int, list[str]] = {}
        batch = []
        for d in decisions:
            r = fresh[d.review.pk]
            if check_scope and not access.can_decide(by, r):
                errors[r.pk] = [_("Bạn không có thẩm quyền quyết định xếp loại bản kiểm điểm này.")]
                continue
            if r.status != ReviewStatus.PROPOSED:
                if r.status == ReviewStatus.DECIDED:
                    msg = _("Đã xếp loại %(level)s; muốn đổi phải mở lại.") % {
                        "level": short(r.decided_level) or _("không xếp loại")
                    }
                else:
                    msg = _("Chưa có mức đề xuất của người đứng đầu, bí thư; chưa quyết định được.")
                errors[r.pk] = [msg]
                continue
            batch.append(Decision(r, d.level, d.score, d.note))
        for pk, checks in evaluate(batch).items():
            errors.setdefault(pk, []).extend(c.message for c in checks)
        if errors:
            raise BatchError(errors)
        now = timezone.now()
        _apply(batch, by=by, note=note, now=now)
        return [d.review for d in batch]


def _note(d: Decision, note: str) -> str:
    """A decision's own note (checked by its caller, e.g. an uploaded sheet's row), else
    the batch's."""
    return note if d.note is None else _text(d.note, "note", 2000, _("Ghi chú"))


def _apply(batch: list[Decision], *, by, note: str, now) -> None:
    groups = {}
    for d in batch:
        score = (
            d.score
            if d.score is not None
            else (
                d.review.proposed_score
                if d.review.proposed_score is not None
                else d.review.self_score
            )
        )
        groups.setdefault((d.level, score, _note(d, note)), []).append(d.review.pk)
    for (level, score, each_note), ids in groups.items():
        for i in range(0, len(ids), 900):
            Review.objects.filter(pk__in=ids[i : i + 900]).update(
                decided_level=level,
                not_rated=level is None,
                decided_score=score,
                decision_note=each_note,
                decided_by=by,
                decided_at=now,
                status=ReviewStatus.DECIDED,
                version=F("version") + 1,
                updated_at=now,
            )
    actor = by if getattr(by, "is_authenticated", False) else None
    _audit_decisions(
        (
            (
                str(d.review.pk),
                str(d.review)[:255],
                d.review.unit_id,
                {"level": short(d.review.decided_level)} if d.review.decided_level else None,
                {"level": short(d.level) or "không xếp loại", "note": _note(d, note)},
            )
            for d in batch
        ),
        actor=actor,
        now=now,
    )


AUDIT_COLUMNS = ("at", "actor", "action", "object_type", "object_id", "object_repr", "unit")
AUDIT_COLUMNS += ("before", "after")


def _audit_decisions(entries, *, actor, now) -> None:
    """One "review.decide" audit entry per (id, repr, unit id, before, after), as
    AuditEntry.objects.bulk_create writes them (each value prepared by its field), at the
    decision's moment; the columns shared by every entry are prepared once. A
    province-wide pass writes 150,000 of them, and model instances would cost more than
    the rest of the decision."""
    from django.db import connection

    from neuguong.core.models import AuditEntry

    fields = [AuditEntry._meta.get_field(name) for name in AUDIT_COLUMNS]
    shared = [
        f.get_db_prep_save(value, connection)
        for f, value in zip(
            fields[:4],
            (now, actor.pk if actor else None, "review.decide", "reviews.review"),
            strict=True,
        )
    ]
    before, after = fields[7], fields[8]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(AuditEntry._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        (
            *shared,
            object_id,
            object_repr,
            unit_id,
            before.get_db_prep_save(old, connection),
            after.get_db_prep_save(new, connection),
        )
        for object_id, object_repr, unit_id, old, new in entries
    ]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[i : i + 2000])


def decide_level(
    review: Review, *, by, level, score=None, note: str = "", not_rated: bool = False
) -> Review:
    """Decide one review's level (or that it is not rated)."""
    if not access.can_decide(by, review):
        raise _forbidden(
            _("Bạn không tự quyết định xếp loại của mình.") if access.is_own(by, review) else None
        )
    level = None if not_rated else _level(level, "level")
    score = _score(score, "score")
    try:
        decide_many([Decision(review, level, score)], by=by, note=note)
    except BatchError as e:
        raise DomainError(" ".join(e.errors[review.pk]), field="level", code="rule") from None
    review.refresh_from_db()
    return review


@transaction.atomic
def reopen_review(review: Review, *, by, reason: str) -> Review:
    """Only a decider reopens a decided review, with a reason. It goes back to
    "proposed"; its level keeps counting in the quota until it is decided again."""
    review = _lock(review, None)
    if not access.can_decide(by, review):
        raise _forbidden(_("Chỉ cấp có thẩm quyền quyết định xếp loại mới mở lại được."))
    if review.status != ReviewStatus.DECIDED:
        raise DomainError(_("Bản kiểm điểm chưa được xếp loại."), code="state")
    reason = _text(reason, "reason", 2000, _("Lý do mở lại"))
    if not reason:
        raise DomainError(_("Hãy ghi lý do mở lại."), field="reason")
    before = {"level": short(review.decided_level) or "không xếp loại", "status": review.status}
    _bump(review, status=ReviewStatus.PROPOSED, reopen_reason=reason)
    _log(
        "review.reopen",
        review,
        by,
        before=before,
        after={"status": review.status, "reason": reason},
    )
    return review


# Discipline, findings and pending matters ------------------------------------------------


def _subject(person, unit):
    if (person is None) == (unit is None):
        raise DomainError(_("Chọn một cá nhân hoặc một tổ chức."), field="person")
    return person, unit


def _require(by, perm: str, paths: list[str]) -> None:
    scope = scope_for(by, perm)
    if not any(scope.covers_path(path) for path in paths):
        raise _forbidden()


def _subject_path(person, unit) -> list[str]:
    """The paths of a unit, or of a person's workplace, party cell and managing committee:
    a scope covering any of them covers the person (as for reading their reviews)."""
    if unit is not None:
        return [unit.path]
    places = (person.workplace, person.party_cell, person.management_unit)
    return [place.path for place in places if place is not None]


def _date(value, field: str) -> date:
    if isinstance(value, date):
        if value > timezone.localdate():
            raise DomainError(_("Ngày không được sau hôm nay."), field=field)
        return value
    raise DomainError(_("Hãy nhập ngày theo dạng dd/mm/yyyy."), field=field)


DISCIPLINE_FIELDS = [
    "kind",
    "decided_on",
    "authority",
    "decision_number",
    "reason",
    "self_detected_fixed",
]


def _discipline_values(data: dict) -> dict:
    kind = str(data.get("kind") or "")
    if kind not in DisciplineKind.values:
        raise DomainError(_("Hình thức kỷ luật không hợp lệ."), field="kind")
    authority = _text(data.get("authority"), "authority", 200, _("Cấp quyết định"))
    if not authority:
        raise DomainError(_("Hãy ghi cấp quyết định kỷ luật."), field="authority")
    return {
        "kind": kind,
        "decided_on": _date(data.get("decided_on"), "decided_on"),
        "authority": authority,
        "decision_number": _text(
            data.get("decision_number"), "decision_number", 60, _("Số quyết định")
        ),
        "reason": _text(data.get("reason"), "reason", label=_("Nội dung vi phạm")),
        "self_detected_fixed": bool(data.get("self_detected_fixed")),
    }


@transaction.atomic
def record_discipline(
    *, by, person: Person | None = None, unit: Unit | None = None, data: dict
) -> Discipline:
    person, unit = _subject(person, unit)
    _require(by, MANAGE_DISCIPLINE, _subject_path(person, unit))
    record = Discipline.objects.create(
        person=person, unit=unit, recorded_by=by, **_discipline_values(data)
    )
    _log(
        "discipline.record",
        record,
        by,
        unit=unit or person.workplace,
        after=snapshot(record, DISCIPLINE_FIELDS),
    )
    return record


@transaction.atomic
def update_discipline(record: Discipline, *, by, data: dict) -> Discipline:
    record = Discipline.objects.select_for_update().get(pk=record.pk)
    _require(by, MANAGE_DISCIPLINE, _subject_path(record.person, record.unit))
    before = snapshot(record, DISCIPLINE_FIELDS)
    for name, value in _discipline_values(data).items():
        setattr(record, name, value)
    record.save()
    _log(
        "discipline.update",
        record,
        by,
        unit=record.unit or record.person.workplace,
        before=before,
        after=snapshot(record, DISCIPLINE_FIELDS),
    )
    return record


@transaction.atomic
def delete_discipline(record: Discipline, *, by) -> None:
    _require(by, MANAGE_DISCIPLINE, _subject_path(record.person, record.unit))
    before = snapshot(record, DISCIPLINE_FIELDS)
    _log(
        "discipline.delete", record, by, unit=record.unit or record.person.workplace, before=before
    )
    record.delete()


@transaction.atomic
def record_finding(
    *, by, person: Person | None = None, unit: Unit | None = None, data: dict
) -> Finding:
    person, unit = _subject(person, unit)
    _require(by, MANAGE_DISCIPLINE, _subject_path(person, unit))
    kind = str(data.get("kind") or "")
    if kind not in FindingKind.values:
        raise DomainError(_("Nội dung kết luận không hợp lệ."), field="kind")
    authority = _text(data.get("authority"), "authority", 200, _("Cơ quan kết luận"))
    if not authority:
        raise DomainError(_("Hãy ghi cơ quan kết luận."), field="authority")
    record = Finding.objects.create(
        person=person,
        unit=unit,
        kind=kind,
        concluded_on=_date(data.get("concluded_on"), "concluded_on"),
        authority=authority,
        note=_text(data.get("note"), "note", label=_("Ghi chú")),
        recorded_by=by,
    )
    _log(
        "finding.record",
        record,
        by,
        unit=unit or person.workplace,
        after=snapshot(record, ["kind", "concluded_on", "authority"]),
    )
    return record


@transaction.atomic
def delete_finding(record: Finding, *, by) -> None:
    _require(by, MANAGE_DISCIPLINE, _subject_path(record.person, record.unit))
    _log(
        "finding.delete",
        record,
        by,
        unit=record.unit or record.person.workplace,
        before=snapshot(record, ["kind", "concluded_on", "authority"]),
    )
    record.delete()


@transaction.atomic
def add_pending_matter(
    *, by, person: Person, period: Period, title: str, detail: str = ""
) -> PendingMatter:
    _require(by, MANAGE_PENDING, _subject_path(person, None))
    title = _text(title, "title", TITLE_MAX, _("Nội dung"))
    if not title:
        raise DomainError(_("Hãy ghi nội dung vấn đề đang xử lý."), field="title")
    matter = PendingMatter.objects.create(
        person=person,
        period=period,
        title=title,
        detail=_text(detail, "detail", label=_("Chi tiết")),
        created_by=by,
    )
    _log("pending.add", matter, by, unit=person.workplace, after={"title": title})
    return matter


@transaction.atomic
def settle_pending_matter(matter: PendingMatter, *, by, settlement: str) -> PendingMatter:
    matter = PendingMatter.objects.select_for_update().get(pk=matter.pk)
    _require(by, MANAGE_PENDING, _subject_path(matter.person, None))
    if matter.settled_at:
        raise DomainError(_("Vấn đề này đã được giải quyết."), code="state")
    settlement = _text(settlement, "settlement", label=_("Kết quả giải quyết"))
    if not settlement:
        raise DomainError(_("Hãy ghi kết quả giải quyết."), field="settlement")
    matter.settled_at = timezone.now()
    matter.settled_by = by
    matter.settlement = settlement
    matter.save(update_fields=["settled_at", "settled_by", "settlement"])
    _log(
        "pending.settle", matter, by, unit=matter.person.workplace, after={"settlement": settlement}
    )
    return matter


__all__ = [
    "BatchError",
    "Decision",
    "best_allowed",
    "decide_level",
    "decide_many",
]
