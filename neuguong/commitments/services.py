"""Changes to commitment plans: write, submit, approve or return, amend, report
progress, attach evidence.

Rules:
- A person writes only their own personal plan; `plans.collective` on a unit writes
  its collective plan. One open version and one approved version per owner and period.
- A draft or returned plan is saved whole, as often as the writer likes (autosave);
  every save carries the version it was based on, and a stale save is a conflict that
  keeps the typed input. Texts have length limits; a key task's deadline, when given,
  lies inside the period.
- Submitting needs at least one key task, and each task a title, a deadline inside the
  period and at least one concrete solution. After the period's registration deadline
  a plan is accepted and marked late, unless the period refuses late plans.
  Amendments are never late.
- On submit, key tasks that nearly match another person's in the same unit this period,
  or the person's own previous-period plan, are flagged for the approver. A flag
  informs; it never blocks.
- The approver (see access.py) approves or returns with a reason; nobody approves their
  own plan. Each decision is one conditional UPDATE from "submitted", so of two
  deciders exactly one wins.
- An approved plan is locked. A change is an amendment: a new version (same task keys)
  approved again; on its approval the old version is superseded, kept, and its
  progress reports and evidence move to the new version's tasks with the same key.
- Progress (status, percent, note) and evidence are reported on an approved plan's
  tasks by the plan's writer. Evidence is checked by content (files.py).
- Every change is written to the audit log.
"""

from collections import Counter
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.core.access import EDIT_COLLECTIVE_PLAN
from neuguong.core.audit import log_action
from neuguong.core.errors import ConflictError, DomainError
from neuguong.organisations.models import Person, Post, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period, RegulationItem
from neuguong.standards.models import EthicsCodeItem

from . import files, notices, similarity
from .access import approving_unit, can_write, covers_for_approval, own_person
from .models import (
    EDITABLE_PLAN_STATUSES,
    OPEN_PLAN_STATUSES,
    CommitmentPlan,
    CopyFlag,
    EthicsCommitment,
    Evidence,
    KeyTask,
    PlanStatus,
    Solution,
    TaskProgress,
    TaskSignature,
    TaskStatus,
)

SECTION_FIELDS = [
    "political_stance",
    "ethics_note",
    "theme_study",
    "discipline_family",
    "leadership",
]
SECTION_MAX = 5000
LINE_MAX = 1000
REASON_MAX = 2000
MOST_TASKS = 30
MOST_SOLUTIONS = 10
MOST_ETHICS = 40


def _forbidden(message=None):
    return DomainError(message or _("Bạn không có quyền thực hiện thao tác này."), code="forbidden")


def _log(action: str, plan: CommitmentPlan, by, **data) -> None:
    log_action(action, by=by, obj=plan, unit=plan.unit, **data)


def _text(value, field: str, limit: int, label: str) -> str:
    value = str(value or "").strip()
    if len(value) > limit:
        raise DomainError(
            _("“%(label)s” tối đa %(limit)s ký tự; đã nhập %(n)s ký tự.")
            % {"label": label, "limit": limit, "n": len(value)},
            field=field,
        )
    return value


# Starting --------------------------------------------------------------------------


def _is_leader(person: Person) -> bool:
    """Holds a current head or deputy post: the plan gets the leadership section."""
    today = timezone.localdate()
    return (
        Post.objects.filter(person=person)
        .filter(Q(is_head=True) | Q(is_deputy=True))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exists()
    )


def _check_period(period: Period) -> None:
    if not period.is_open:
        raise DomainError(_("Kỳ “%(period)s” đã khóa.") % {"period": period}, field="period")


def _existing(period: Period, *, person=None, unit=None):
    qs = CommitmentPlan.objects.filter(period=period)
    return qs.filter(person=person) if person else qs.filter(unit=unit, person__isnull=True)


@transaction.atomic
def start_plan(
    *, by, period: Period, person: Person | None = None, unit: Unit | None = None
) -> CommitmentPlan:
    """A new draft: the caller's own personal plan (person), or a unit's collective plan."""
    _check_period(period)
    if person is not None:
        me = own_person(by)
        if me is None or me.pk != person.pk:
            raise _forbidden(_("Mỗi người tự lập kế hoạch cá nhân của mình."))
        unit = approving_unit(person)
        if unit is None:
            raise DomainError(
                _("Hồ sơ của bạn chưa có đơn vị công tác hoặc chi bộ; hãy báo Ban Tổ chức."),
                field="person",
            )
        owner = {"person": person}
        extra = {"workplace_id": person.workplace_id, "is_leader": _is_leader(person)}
    elif unit is not None:
        if not scope_for(by, EDIT_COLLECTIVE_PLAN).covers_path(unit.path):
            raise _forbidden()
        owner = {"unit": unit}
        extra = {"workplace_id": unit.pk, "is_leader": True}
    else:
        raise DomainError(_("Hãy chọn người hoặc đơn vị lập kế hoạch."))
    existing = _existing(period, **owner)
    if existing.filter(status=PlanStatus.APPROVED).exists():
        raise DomainError(
            _("Kế hoạch kỳ này đã được phê duyệt; muốn thay đổi, hãy lập bản điều chỉnh."),
            code="conflict",
        )
    if existing.filter(status__in=OPEN_PLAN_STATUSES).exists():
        raise DomainError(_("Đã có kế hoạch kỳ này đang soạn hoặc chờ duyệt."), code="conflict")
    try:
        with transaction.atomic():
            plan = CommitmentPlan.objects.create(period=period, **{"unit": unit, **owner}, **extra)
    except IntegrityError:
        raise DomainError(_("Đã có kế hoạch kỳ này."), code="conflict") from None
    _log("plan.start", plan, by, after={"period": period.pk, "unit": unit.pk})
    return plan


# Saving a draft --------------------------------------------------------------------


def _lock(plan: CommitmentPlan, version: int | None) -> CommitmentPlan:
    locked = (
        CommitmentPlan.objects.select_for_update(of=("self",))
        .select_related("period", "unit", "person")
        .get(pk=plan.pk)
    )
    if version is not None and locked.version != version:
        raise ConflictError(
            _(
                "Kế hoạch vừa được lưu ở nơi khác (một thẻ hoặc thiết bị khác) sau khi bạn mở. "
                "Nội dung bạn nhập vẫn được giữ; hãy xem bản đã lưu rồi lưu lại."
            ),
            current=locked,
        )
    return locked


def _require_editable(plan: CommitmentPlan) -> None:
    if plan.status == PlanStatus.APPROVED:
        raise DomainError(
            _(
                "Kế hoạch đã được phê duyệt nên không sửa trực tiếp được. Hãy bấm “Điều chỉnh "
                "kế hoạch” để lập phiên bản điều chỉnh và trình phê duyệt lại."
            ),
            code="locked",
        )
    if plan.status not in EDITABLE_PLAN_STATUSES:
        raise DomainError(
            _("Kế hoạch đang ở trạng thái “%(status)s”, không sửa được.")
            % {"status": plan.get_status_display()},
            code="locked",
        )


def _deadline(value, period: Period, n: int) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise DomainError(
                _("Thời hạn của nhiệm vụ %(n)s không hợp lệ.") % {"n": n}, field="tasks"
            ) from None
    if not period.starts_on <= value <= period.ends_on:
        raise DomainError(
            _("Thời hạn của nhiệm vụ %(n)s (%(d)s) nằm ngoài kỳ %(period)s (%(start)s – %(end)s).")
            % {
                "n": n,
                "d": value.strftime("%d/%m/%Y"),
                "period": period,
                "start": period.starts_on.strftime("%d/%m/%Y"),
                "end": period.ends_on.strftime("%d/%m/%Y"),
            },
            field="tasks",
        )
    return value


def _clean_tasks(plan: CommitmentPlan, tasks: list[dict]) -> list[dict]:
    if len(tasks) > MOST_TASKS:
        raise DomainError(_("Tối đa %(n)s nhiệm vụ trọng tâm.") % {"n": MOST_TASKS}, field="tasks")
    cleaned, keys = [], set()
    for n, data in enumerate(tasks, start=1):
        solutions = [
            _text(s, "tasks", LINE_MAX, _("Giải pháp cụ thể"))
            for s in (data.get("solutions") or [])
        ]
        solutions = [s for s in solutions if s]
        if len(solutions) > MOST_SOLUTIONS:
            raise DomainError(
                _("Mỗi nhiệm vụ tối đa %(n)s giải pháp.") % {"n": MOST_SOLUTIONS}, field="tasks"
            )
        key = str(data.get("key") or "")
        if key and key in keys:
            raise DomainError(_("Hai nhiệm vụ không được dùng chung một khóa."), field="tasks")
        keys.add(key)
        row = {
            "key": key,
            "title": _text(data.get("title"), "tasks", LINE_MAX, _("Nhiệm vụ trọng tâm")),
            "target": _text(data.get("target"), "tasks", LINE_MAX, _("Chỉ tiêu, mục tiêu")),
            "product": _text(data.get("product"), "tasks", LINE_MAX, _("Sản phẩm dự kiến")),
            "deadline": _deadline(data.get("deadline"), plan.period, n),
            "solutions": solutions,
        }
        if row["title"] or row["target"] or row["product"] or solutions or row["deadline"]:
            cleaned.append(row)
    return cleaned


def _clean_ethics(lines: list[dict]) -> list[dict]:
    if len(lines) > MOST_ETHICS:
        raise DomainError(_("Quá nhiều nội dung đạo đức, lối sống."), field="ethics")
    code_ids = {int(x["code_item"]) for x in lines if x.get("code_item")}
    reg_ids = {int(x["regulation_item"]) for x in lines if x.get("regulation_item")}
    codes = dict(EthicsCodeItem.objects.filter(pk__in=code_ids).values_list("pk", "text"))
    regs = {r.pk: r for r in RegulationItem.objects.filter(pk__in=reg_ids)}
    if len(codes) != len(code_ids) or len(regs) != len(reg_ids):
        raise DomainError(_("Có nội dung được chọn không tồn tại."), field="ethics")
    out = []
    for data in lines:
        code_item = int(data["code_item"]) if data.get("code_item") else None
        reg_item = int(data["regulation_item"]) if data.get("regulation_item") else None
        text = _text(data.get("text"), "ethics", LINE_MAX, _("Nội dung đạo đức, lối sống"))
        text = (
            text
            or (codes.get(code_item) if code_item else "")
            or (regs[reg_item].title if reg_item else "")
        )
        if text:
            out.append({"code_item_id": code_item, "regulation_item_id": reg_item, "text": text})
    return out


def _write_tasks(plan: CommitmentPlan, tasks: list[dict]) -> None:
    old = {str(t.key): t for t in plan.tasks.all()}
    plan.tasks.all().delete()
    for order, data in enumerate(tasks, start=1):
        task = KeyTask(
            plan=plan,
            order=order,
            title=data["title"],
            target=data["target"],
            product=data["product"],
            deadline=data["deadline"],
        )
        if data["key"] in old:
            task.key = old[data["key"]].key
            task.progress_status = old[data["key"]].progress_status
            task.progress_percent = old[data["key"]].progress_percent
        task.save()
        Solution.objects.bulk_create(
            Solution(task=task, text=s, order=i) for i, s in enumerate(data["solutions"], 1)
        )


@transaction.atomic
def save_plan(
    plan: CommitmentPlan,
    *,
    by,
    version: int | None,
    sections: dict | None = None,
    ethics: list[dict] | None = None,
    tasks: list[dict] | None = None,
) -> CommitmentPlan:
    """Save the draft whole (what is not given is kept)."""
    if not can_write(by, plan):
        raise _forbidden()
    plan = _lock(plan, version)
    _require_editable(plan)
    before = {"tasks": plan.tasks.count(), "status": plan.status}
    for name, value in (sections or {}).items():
        if name not in SECTION_FIELDS:
            raise DomainError(_("Mục không hợp lệ."), field=name)
        label = CommitmentPlan._meta.get_field(name).verbose_name
        setattr(plan, name, _text(value, name, SECTION_MAX, label))
    if ethics is not None:
        lines = _clean_ethics(ethics)
        plan.ethics.all().delete()
        EthicsCommitment.objects.bulk_create(
            EthicsCommitment(plan=plan, order=i, **line) for i, line in enumerate(lines, 1)
        )
    if tasks is not None:
        _write_tasks(plan, _clean_tasks(plan, tasks))
    if plan.status == PlanStatus.RETURNED:
        plan.status = PlanStatus.DRAFT
    plan.version = F("version") + 1
    plan.save()
    plan.refresh_from_db()
    _log("plan.save", plan, by, before=before, after={"tasks": plan.tasks.count()})
    return plan


# Submitting ------------------------------------------------------------------------


def _check_complete(plan: CommitmentPlan) -> list[KeyTask]:
    tasks = list(plan.tasks.prefetch_related("solutions"))
    if not tasks:
        raise DomainError(
            _("Kế hoạch cần ít nhất một nhiệm vụ trọng tâm."), field="tasks", code="no_task"
        )
    for n, task in enumerate(tasks, start=1):
        if not task.title:
            raise DomainError(_("Nhiệm vụ %(n)s chưa có nội dung.") % {"n": n}, field="tasks")
        if task.deadline is None:
            raise DomainError(
                _("Nhiệm vụ %(n)s (“%(t)s”) chưa có thời hạn.") % {"n": n, "t": task.title[:60]},
                field="tasks",
                code="no_deadline",
            )
        _deadline(task.deadline, plan.period, n)
        if not task.solutions.all():
            raise DomainError(
                _("Nhiệm vụ %(n)s (“%(t)s”) chưa có giải pháp cụ thể nào.")
                % {"n": n, "t": task.title[:60]},
                field="tasks",
                code="no_solution",
            )
    return tasks


def _late(plan: CommitmentPlan) -> bool:
    due = plan.period.plans_registered_by
    if plan.amends_id or due is None or timezone.localdate() <= due:
        return False
    if plan.period.refuse_late_plans:
        raise DomainError(
            _("Đã quá hạn đăng ký kế hoạch (%(d)s); kỳ này không nhận kế hoạch nộp muộn.")
            % {"d": due.strftime("%d/%m/%Y")},
            code="late",
        )
    return True


@transaction.atomic
def submit_plan(plan: CommitmentPlan, *, by, version: int | None) -> CommitmentPlan:
    if not can_write(by, plan):
        raise _forbidden()
    plan = _lock(plan, version)
    _require_editable(plan)
    tasks = _check_complete(plan)
    late = _late(plan)
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = by
    plan.is_late = late
    plan.version = F("version") + 1
    plan.save()
    plan.refresh_from_db()
    flag_copies(plan, tasks)
    _log("plan.submit", plan, by, after={"status": plan.status, "late": late})
    notices.plan_submitted(plan)
    return plan


def _task_texts(tasks) -> dict[int, tuple[frozenset[int], frozenset[int]]]:
    """{task id: (shingles of the title, shingles of the whole task)}."""
    return {
        t.pk: (
            similarity.shingles(t.title),
            similarity.shingles(
                similarity.task_text(
                    t.title, t.target, t.product, [s.text for s in t.solutions.all()]
                )
            ),
        )
        for t in tasks
    }


def _similar(a, b) -> float:
    """A task is a copy when its whole text, or its title of 3 words or more, matches."""
    whole = similarity.jaccard(a[1], b[1])
    title = similarity.jaccard(a[0], b[0]) if min(len(a[0]), len(b[0])) >= 3 else 0.0
    return max(whole, title)


CANDIDATES_PER_BAND = 40
CANDIDATES_PER_TASK = 10


def _band_rows(period_id: int, unit_id: int, bands) -> list[tuple[int, int]]:
    """(task id, band) of the tasks indexed under each of `bands`, at most
    CANDIDATES_PER_BAND per band: one index seek per band, in one query, so that a band
    shared by thousands of tasks (a common title in a big unit) costs no more than a rare
    one. Raw SQL: a LIMIT per band needs a UNION of subqueries the ORM cannot write for
    SQLite, and an OR of IN-subqueries makes PostgreSQL scan the whole table."""
    if not bands:
        return []
    quote = connection.ops.quote_name
    table = quote(TaskSignature._meta.db_table)
    task, band, period, unit = (quote(c) for c in ("task_id", "band", "period_id", "unit_id"))
    # Quoted names and an int constant; the values are parameters.
    one = (
        f"SELECT * FROM (SELECT {task}, {band} FROM {table} WHERE {period} = %s "  # noqa: S608
        f"AND {unit} = %s AND {band} = %s LIMIT {int(CANDIDATES_PER_BAND)}) AS b{{n}}"
    )
    bands = sorted(bands)
    sql = " UNION ALL ".join(one.format(n=n) for n in range(len(bands)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [v for b in bands for v in (period_id, unit_id, b)])
        return cursor.fetchall()


def _closest(rows, bands: dict[int, list[int]]) -> list[int]:
    """For each of our tasks, the other tasks sharing the most bands with it (the more
    bands shared, the closer the texts): only those are read and compared exactly."""
    by_band: dict[int, list[int]] = {}
    for task_id, band in rows:
        by_band.setdefault(band, []).append(task_id)
    out: set[int] = set()
    for own in bands.values():
        shared = Counter(t for b in own for t in by_band.get(b, ()))
        out.update(t for t, _n in shared.most_common(CANDIDATES_PER_TASK))
    return sorted(out)


def flag_copies(plan: CommitmentPlan, tasks: list[KeyTask]) -> list[CopyFlag]:
    """Flag `plan`'s tasks that nearly match another person's in the same unit this
    period, or the owner's own previous-period tasks; index the tasks for later checks."""
    unit_id = plan.workplace_id or plan.unit_id
    mine = _task_texts(tasks)
    bands = {
        t: set(similarity.bands(similarity.signature(title)))
        | set(similarity.bands(similarity.signature(whole)))
        for t, (title, whole) in mine.items()
    }
    all_bands = {b for bs in bands.values() for b in bs}
    own = KeyTask.objects.filter(plan__period=plan.period)
    if plan.person_id:
        own = own.filter(plan__person_id=plan.person_id)
    else:
        own = own.filter(plan__unit_id=plan.unit_id, plan__person__isnull=True)
    own_ids = set(own.values_list("pk", flat=True))
    rows = [r for r in _band_rows(plan.period_id, unit_id, all_bands) if r[0] not in own_ids]
    candidates = {"same_unit": _closest(rows, bands)}
    if plan.person_id:
        earlier = KeyTask.objects.filter(
            plan__person_id=plan.person_id,
            plan__period__starts_on__lt=plan.period.starts_on,
            plan__status__in=[PlanStatus.APPROVED, PlanStatus.SUPERSEDED],
        ).order_by("-plan__period__starts_on")
        candidates["previous"] = list(earlier.values_list("pk", flat=True)[:60])
    ids = {i for v in candidates.values() for i in v}
    theirs = _task_texts(KeyTask.objects.filter(pk__in=ids).prefetch_related("solutions"))
    CopyFlag.objects.filter(plan=plan).delete()
    flags = []
    for task_id, texts in mine.items():
        for source, other_ids in candidates.items():
            best = max(
                ((_similar(texts, theirs[o]), o) for o in other_ids if o in theirs),
                default=(0.0, None),
            )
            if best[0] >= similarity.THRESHOLD:
                flags.append(
                    CopyFlag(
                        plan=plan,
                        task_id=task_id,
                        other_task_id=best[1],
                        source=source,
                        similarity=round(best[0], 3),
                    )
                )
    CopyFlag.objects.bulk_create(flags)
    TaskSignature.objects.filter(task__plan=plan).delete()
    TaskSignature.objects.bulk_create(
        TaskSignature(task_id=t, period_id=plan.period_id, unit_id=unit_id, band=b)
        for t, bs in bands.items()
        for b in bs
    )
    return flags


# Deciding ----------------------------------------------------------------------------


def _check_approver(by, plan: CommitmentPlan) -> None:
    me = own_person(by)
    if me is not None and plan.person_id == me.pk:
        raise _forbidden(_("Bạn không thể tự phê duyệt kế hoạch của chính mình."))
    if plan.is_collective and (me and plan.unit_id in (me.workplace_id, me.party_cell_id)):
        raise _forbidden(_("Kế hoạch tập thể do cấp trên trực tiếp phê duyệt."))
    if not covers_for_approval(by, plan):
        raise _forbidden()


def _decide(plan, *, by, version, status: str, reason: str = "") -> CommitmentPlan:
    _check_approver(by, plan)
    current = CommitmentPlan.objects.filter(pk=plan.pk, status=PlanStatus.SUBMITTED)
    if version is not None:
        current = current.filter(version=version)
    if status == PlanStatus.APPROVED and plan.amends_id and current.exists():
        # The amended version steps aside first: one approved version per owner.
        CommitmentPlan.objects.filter(pk=plan.amends_id, status=PlanStatus.APPROVED).update(
            status=PlanStatus.SUPERSEDED, version=F("version") + 1
        )
    now = timezone.now()
    done = current.update(
        status=status,
        decided_at=now,
        decided_by=by,
        return_reason=reason,
        version=F("version") + 1,
        updated_at=now,
    )
    plan = CommitmentPlan.objects.select_related("period", "unit", "person").get(pk=plan.pk)
    if not done:
        raise ConflictError(
            _("Kế hoạch này đã được xử lý hoặc thay đổi (trạng thái hiện tại: %(status)s).")
            % {"status": plan.get_status_display()},
            current=plan,
        )
    return plan


def _move_progress(plan: CommitmentPlan) -> None:
    """Progress and evidence of the amended version's tasks follow the task keys."""
    new = {t.key: t.pk for t in plan.tasks.all()}
    for old in KeyTask.objects.filter(plan_id=plan.amends_id):
        if old.key in new:
            TaskProgress.objects.filter(task=old).update(task_id=new[old.key])
            Evidence.objects.filter(task=old).update(task_id=new[old.key])


@transaction.atomic
def approve_plan(plan: CommitmentPlan, *, by, version: int | None) -> CommitmentPlan:
    plan = _decide(plan, by=by, version=version, status=PlanStatus.APPROVED)
    if plan.amends_id:
        _move_progress(plan)
    _log("plan.approve", plan, by, before={"status": "submitted"}, after={"status": plan.status})
    notices.plan_decided(plan)
    return plan


@transaction.atomic
def return_plan(plan: CommitmentPlan, *, by, version: int | None, reason: str) -> CommitmentPlan:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do trả lại."), field="reason")
    reason = _text(reason, "reason", REASON_MAX, _("Lý do trả lại"))
    plan = _decide(plan, by=by, version=version, status=PlanStatus.RETURNED, reason=reason)
    _log(
        "plan.return",
        plan,
        by,
        before={"status": "submitted"},
        after={"status": plan.status, "reason": reason},
    )
    notices.plan_decided(plan)
    return plan


def approve_plans(plans, *, by) -> list[tuple[CommitmentPlan, str | None]]:
    """Approve many at once; each in its own transaction. Returns (plan, refusal)."""
    results = []
    for plan in plans:
        try:
            results.append((approve_plan(plan, by=by, version=None), None))
        except DomainError as error:
            results.append((plan, str(error.message)))
    return results


# Amending --------------------------------------------------------------------------


@transaction.atomic
def amend_plan(plan: CommitmentPlan, *, by, reason: str) -> CommitmentPlan:
    """A new draft version of an approved plan, with the same content and task keys."""
    if not can_write(by, plan):
        raise _forbidden()
    plan = _lock(plan, None)
    if plan.status != PlanStatus.APPROVED:
        raise DomainError(_("Chỉ điều chỉnh được kế hoạch đã được phê duyệt."), code="locked")
    _check_period(plan.period)
    reason = _text(reason, "reason", REASON_MAX, _("Lý do điều chỉnh"))
    if not reason:
        raise DomainError(_("Hãy ghi lý do điều chỉnh."), field="reason")
    owner = {"person": plan.person} if plan.person_id else {"unit": plan.unit}
    if _existing(plan.period, **owner).filter(status__in=OPEN_PLAN_STATUSES).exists():
        raise DomainError(_("Đã có một bản điều chỉnh đang soạn hoặc chờ duyệt."), code="conflict")
    number = (_existing(plan.period, **owner).aggregate(n=Max("number"))["n"] or 0) + 1
    new = CommitmentPlan.objects.create(
        period=plan.period,
        person=plan.person,
        unit=plan.unit,
        workplace=plan.workplace,
        number=number,
        is_leader=plan.is_leader,
        amends=plan,
        amendment_reason=reason,
        **{f: getattr(plan, f) for f in SECTION_FIELDS},
    )
    EthicsCommitment.objects.bulk_create(
        EthicsCommitment(
            plan=new,
            code_item_id=e.code_item_id,
            regulation_item_id=e.regulation_item_id,
            text=e.text,
            order=e.order,
        )
        for e in plan.ethics.all()
    )
    for task in plan.tasks.prefetch_related("solutions"):
        copy = KeyTask.objects.create(
            plan=new,
            key=task.key,
            order=task.order,
            title=task.title,
            target=task.target,
            deadline=task.deadline,
            product=task.product,
            progress_status=task.progress_status,
            progress_percent=task.progress_percent,
        )
        Solution.objects.bulk_create(
            Solution(task=copy, text=s.text, order=s.order) for s in task.solutions.all()
        )
    _log("plan.amend", new, by, after={"amends": plan.pk, "number": number, "reason": reason})
    return new


# Progress and evidence -------------------------------------------------------------


def _require_task_writer(by, task: KeyTask) -> CommitmentPlan:
    plan = task.plan
    if not can_write(by, plan):
        raise _forbidden()
    if plan.status != PlanStatus.APPROVED:
        raise DomainError(
            _("Chỉ cập nhật tiến độ trên kế hoạch đã được phê duyệt."), code="not_approved"
        )
    return plan


@transaction.atomic
def report_progress(task: KeyTask, *, by, status: str, percent, note: str = "") -> TaskProgress:
    plan = _require_task_writer(by, task)
    if status not in TaskStatus.values:
        raise DomainError(_("Tiến độ không hợp lệ."), field="status")
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        percent = -1
    if not 0 <= percent <= 100:
        raise DomainError(_("Tỷ lệ hoàn thành là một số từ 0 đến 100."), field="percent")
    note = _text(note, "note", REASON_MAX, _("Ghi chú"))
    progress = TaskProgress.objects.create(
        task=task, status=status, percent=percent, note=note, reported_by=by
    )
    KeyTask.objects.filter(pk=task.pk).update(progress_status=status, progress_percent=percent)
    _log(
        "plan.progress",
        plan,
        by,
        after={"task": str(task.key), "status": status, "percent": percent},
    )
    return progress


@transaction.atomic
def add_evidence(task: KeyTask, *, by, upload) -> Evidence:
    plan = _require_task_writer(by, task)
    checked = files.check_upload(upload)
    evidence = Evidence(
        task=task,
        name=checked.name,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    evidence.file.save(evidence_name(checked), upload, save=False)
    evidence.save()
    _log("plan.evidence_add", plan, by, after={"task": str(task.key), "name": checked.name})
    return evidence


def evidence_name(checked) -> str:
    return f"{checked.sha256[:16]}.{checked.kind}"


@transaction.atomic
def delete_evidence(evidence: Evidence, *, by) -> None:
    plan = _require_task_writer(by, evidence.task)
    name = evidence.name
    evidence.file.delete(save=False)
    evidence.delete()
    _log("plan.evidence_delete", plan, by, before={"name": name})


# The unit's approval setting ---------------------------------------------------------


@transaction.atomic
def set_plan_settings(unit: Unit, *, by, approver: str):
    """Who approves the personal plans of `unit`'s staff (MANAGE_ORG holders or the
    unit's heads). Drafts and returned plans of its staff follow the new setting;
    submitted and decided plans stay with the approver they were sent to."""
    from neuguong.core.access import MANAGE_ORG

    from .models import ApproverChoice, PlanSettings

    if approver not in ApproverChoice.values:
        raise DomainError(_("Cách phê duyệt đã chọn không hợp lệ."), field="approver")
    covers = scope_for(by, MANAGE_ORG).covers_path(unit.path)
    if not (covers or scope_for(by, EDIT_COLLECTIVE_PLAN).covers_path(unit.path)):
        raise _forbidden()
    row, _created = PlanSettings.objects.select_for_update().get_or_create(unit=unit)
    before = row.approver
    if before == approver:
        return row
    row.approver = approver
    row.save()
    open_plans = CommitmentPlan.objects.filter(
        person__workplace=unit, status__in=EDITABLE_PLAN_STATUSES
    )
    if approver == ApproverChoice.WORKPLACE:
        moved = open_plans.exclude(unit=unit).update(unit=unit)
    else:
        cell = Person.objects.filter(pk=OuterRef("person_id")).values("party_cell_id")[:1]
        moved = (
            open_plans.exclude(person__party_status="")
            .filter(person__party_cell__isnull=False)
            .update(unit_id=Subquery(cell))
        )
    log_action(
        "plan.settings",
        by=by,
        obj=row,
        unit=unit,
        before={"approver": before},
        after={"approver": approver, "open_plans_moved": moved},
    )
    return row
