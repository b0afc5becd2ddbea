"""Commitment plans: personal and collective plans, their approval, amendments,
progress and evidence.

Every route fetches through commitments.access (a plan, task or evidence file outside
the caller's view scope is a 404; in scope without the permission a 403) and changes
through commitments.services, as the pages do. Saves and decisions carry the version
the client read; a stale one is a 409 with the current plan.
"""

import os
import unicodedata
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, Status, UploadedFile

from neuguong.commitments import services
from neuguong.commitments.access import can_write, get_plan_for_user, own_person
from neuguong.commitments.files import CONTENT_TYPES
from neuguong.commitments.models import (
    CommitmentPlan,
    CopyFlag,
    Evidence,
    KeyTask,
    TaskProgress,
)
from neuguong.core.access import APPROVE_PLAN
from neuguong.core.errors import DomainError
from neuguong.organisations.access import MAX_PK
from neuguong.organisations.models import Person, Unit
from neuguong.organisations.scopes import has_perm_anywhere
from neuguong.regulations.models import Period
from neuguong.standards.models import EthicsCodeItem, ExemplaryCode

from .common import READ_ERRORS, WRITE_ERRORS, page, pick_unit
from .plan_schemas import (
    AmendIn,
    BulkApproveIn,
    BulkOut,
    CompareOut,
    CompareQuery,
    EvidenceOut,
    PeriodQuery,
    PlanCreateIn,
    PlanDetailOut,
    PlanFilters,
    PlanOut,
    PlanPage,
    PlanSaveIn,
    ProgressIn,
    ReturnIn,
    TaskOut,
    VersionIn,
)
from .schemas import ErrorOut

router = Router(tags=["Kế hoạch cam kết"])

PkPath = Annotated[int, Path(ge=1, le=MAX_PK)]
PLAN_RELATED = ("period", "person", "unit", "workplace", "amends")


# Fetching ---------------------------------------------------------------------------


def _tasks_prefetch() -> Prefetch:
    return Prefetch(
        "tasks",
        KeyTask.objects.prefetch_related(
            "solutions", Prefetch("progress", TaskProgress.objects.all()), "evidence"
        ),
    )


def _may_approve(user, plan: CommitmentPlan) -> bool:
    try:
        services._check_approver(user, plan)
    except DomainError:
        return False
    return True


def _detail(user, plan: CommitmentPlan) -> CommitmentPlan:
    """The plan with its content, and what the caller may do with it. Copy flags are for
    those who approve or follow the plan, not for its writer."""
    plan = (
        CommitmentPlan.objects.select_related(*PLAN_RELATED)
        .prefetch_related("ethics", _tasks_prefetch())
        .get(pk=plan.pk)
    )
    plan.caller_may_edit = can_write(user, plan)
    plan.caller_may_approve = _may_approve(user, plan)
    if plan.caller_may_approve or not plan.caller_may_edit:
        plan.caller_copy_flags = list(
            CopyFlag.objects.filter(plan=plan)
            .select_related("task", "other_task__plan__person", "other_task__plan__unit")
            .prefetch_related("task__solutions", "other_task__solutions")
        )
    return plan


def _period(pk: int | None) -> Period:
    period = Period.objects.filter(pk=pk).first() if pk else Period.objects.current()
    if period is None:
        message = (
            _("Không tìm thấy kỳ #%(id)d.") % {"id": pk} if pk else _("Chưa có kỳ thực hiện nào.")
        )
        raise DomainError(message, field="period", code="not_found" if pk else "invalid")
    return period


def _task_for(user, task_id: int) -> KeyTask:
    """A key task of a plan the caller sees (404 otherwise)."""
    task = (
        KeyTask.objects.filter(pk=task_id, plan__in=CommitmentPlan.objects.visible_to(user))
        .select_related("plan__period", "plan__person", "plan__unit")
        .first()
    )
    if task is None:
        raise Http404
    return task


def _evidence_for(user, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(
            pk=evidence_id, task__plan__in=CommitmentPlan.objects.visible_to(user)
        )
        .select_related("task__plan__period", "task__plan__person", "task__plan__unit")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def _plan_to_decide(user, plan_id: int) -> CommitmentPlan:
    """A plan the caller sees (404) and may decide on (403 with the reason: one's own
    plan, one's own unit's collective plan, or a plan approved elsewhere)."""
    plan = get_plan_for_user(user, plan_id)
    services._check_approver(user, plan)
    return plan


def _visible_code_items(user, ethics) -> None:
    """Ethics lines cite items of codes the caller can see (or exemplary ones); another id is
    reported as the service reports an unknown one, so no code's text leaks."""
    ids = {line.code_item for line in ethics if line.code_item}
    if not ids:
        return
    marked = ExemplaryCode.objects.filter(code=OuterRef("code"))
    seen = (
        EthicsCodeItem.objects.filter(pk__in=ids)
        .filter(Q(code__unit__in=Unit.objects.visible_to(user)) | Exists(marked))
        .count()
    )
    if seen != len(ids):
        raise DomainError(_("Có nội dung được chọn không tồn tại."), field="ethics")


# Plans ------------------------------------------------------------------------------


@router.get("", response={200: PlanPage, **READ_ERRORS}, summary="Danh sách kế hoạch")
def list_plans(request, filters: Query[PlanFilters]):
    user = request.auth
    qs = CommitmentPlan.objects.visible_to(user)
    if filters.period is not None:
        qs = qs.filter(period_id=filters.period)
    if filters.unit is not None:
        unit = pick_unit(user, filters.unit, field="unit")
        qs = qs.filter(unit.subtree_q("unit__") | unit.subtree_q("workplace__"))
    if filters.person is not None:
        qs = qs.filter(person_id=filters.person)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.late is not None:
        qs = qs.filter(is_late=filters.late)
    qs = qs.select_related(*PLAN_RELATED).order_by(
        "-period__starts_on", "unit__path", "person__name_folded", "-number", "pk"
    )
    return page(qs, filters)


@router.get("/mine", response={200: list[PlanOut], **READ_ERRORS}, summary="Các kế hoạch của tôi")
def my_plans(request, params: Query[PeriodQuery]):
    person = own_person(request.auth)
    if person is None:
        return []
    qs = CommitmentPlan.objects.filter(person=person).select_related(*PLAN_RELATED)
    if params.period is not None:
        qs = qs.filter(period_id=params.period)
    return list(qs.order_by("-period__starts_on", "-number"))


@router.post(
    "/approve", response={200: BulkOut, **WRITE_ERRORS}, summary="Phê duyệt nhiều kế hoạch"
)
def approve_many(request, payload: BulkApproveIn):
    """Each id is approved, or answered with the refusal; an id outside the caller's
    scope is answered as not found, as an unknown one is."""
    user = request.auth
    if not has_perm_anywhere(user, APPROVE_PLAN):
        raise DomainError(_("Bạn không có quyền phê duyệt kế hoạch."), code="forbidden")
    ids = list(dict.fromkeys(payload.ids))
    found = {
        p.pk: p
        for p in CommitmentPlan.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("period", "person", "unit")
    }
    decided = {p.pk: (p, refusal) for p, refusal in services.approve_plans(found.values(), by=user)}
    results = []
    for pk in ids:
        if pk not in decided:
            results.append(
                {"id": pk, "approved": False, "status": None, "detail": _("Không tìm thấy.")}
            )
            continue
        plan, refusal = decided[pk]
        results.append(
            {"id": pk, "approved": refusal is None, "status": plan.status, "detail": refusal}
        )
    return {"results": results}


@router.get("/{plan_id}", response={200: PlanDetailOut, **READ_ERRORS}, summary="Một kế hoạch")
def get_plan(request, plan_id: PkPath):
    user = request.auth
    return _detail(user, get_plan_for_user(user, plan_id))


@router.post("", response={201: PlanDetailOut, **WRITE_ERRORS}, summary="Bắt đầu kế hoạch")
def start_plan(request, payload: PlanCreateIn):
    user = request.auth
    period = _period(payload.period)
    if payload.unit is not None:
        if payload.person is not None:
            raise DomainError(
                _("Chọn người (kế hoạch cá nhân) hoặc đơn vị (kế hoạch tập thể), không cả hai."),
                field="unit",
            )
        plan = services.start_plan(
            by=user, period=period, unit=pick_unit(user, payload.unit, field="unit")
        )
        return Status(201, _detail(user, plan))
    if payload.person is None:
        person = own_person(user)
        if person is None:
            raise DomainError(
                _(
                    "Tài khoản của bạn chưa gắn với hồ sơ cán bộ, đảng viên nào nên không lập "
                    "được kế hoạch cá nhân."
                ),
                field="person",
                code="forbidden",
            )
    else:
        person = Person.objects.visible_to(user).filter(pk=payload.person).first()
        if person is None:
            raise DomainError(
                _("Không tìm thấy người #%(id)d.") % {"id": payload.person},
                field="person",
                code="not_found",
            )
    plan = services.start_plan(by=user, period=period, person=person)
    return Status(201, _detail(user, plan))


@router.put(
    "/{plan_id}",
    response={200: PlanDetailOut, **WRITE_ERRORS},
    summary="Lưu bản nháp (cả khi tự động lưu)",
)
def save_plan(request, plan_id: PkPath, payload: PlanSaveIn):
    user = request.auth
    plan = get_plan_for_user(user, plan_id, "write")
    if payload.ethics is not None:
        _visible_code_items(user, payload.ethics)
    plan = services.save_plan(
        plan,
        by=user,
        version=payload.version,
        sections=payload.sections,
        ethics=None if payload.ethics is None else [e.model_dump() for e in payload.ethics],
        tasks=None
        if payload.tasks is None
        else [{**t.model_dump(), "key": str(t.key) if t.key else ""} for t in payload.tasks],
    )
    return _detail(user, plan)


@router.post(
    "/{plan_id}/submit", response={200: PlanDetailOut, **WRITE_ERRORS}, summary="Trình phê duyệt"
)
def submit_plan(request, plan_id: PkPath, payload: VersionIn):
    user = request.auth
    plan = get_plan_for_user(user, plan_id, "write")
    return _detail(user, services.submit_plan(plan, by=user, version=payload.version))


@router.post(
    "/{plan_id}/approve", response={200: PlanDetailOut, **WRITE_ERRORS}, summary="Phê duyệt"
)
def approve_plan(request, plan_id: PkPath, payload: VersionIn):
    user = request.auth
    plan = _plan_to_decide(user, plan_id)
    return _detail(user, services.approve_plan(plan, by=user, version=payload.version))


@router.post("/{plan_id}/return", response={200: PlanDetailOut, **WRITE_ERRORS}, summary="Trả lại")
def return_plan(request, plan_id: PkPath, payload: ReturnIn):
    user = request.auth
    plan = _plan_to_decide(user, plan_id)
    plan = services.return_plan(plan, by=user, version=payload.version, reason=payload.reason)
    return _detail(user, plan)


@router.post(
    "/{plan_id}/amend",
    response={201: PlanDetailOut, **WRITE_ERRORS},
    summary="Lập phiên bản điều chỉnh của kế hoạch đã phê duyệt",
)
def amend_plan(request, plan_id: PkPath, payload: AmendIn):
    user = request.auth
    plan = get_plan_for_user(user, plan_id, "write")
    return Status(201, _detail(user, services.amend_plan(plan, by=user, reason=payload.reason)))


@router.get(
    "/{plan_id}/compare",
    response={200: CompareOut, **READ_ERRORS},
    summary="So sánh với phiên bản khác",
)
def compare_plan(request, plan_id: PkPath, params: Query[CompareQuery]):
    user = request.auth
    plan = get_plan_for_user(user, plan_id)
    if params.with_ is not None:
        old = CommitmentPlan.objects.visible_to(user).filter(pk=params.with_).first()
        if old is None:
            raise DomainError(
                _("Không tìm thấy phiên bản #%(id)d.") % {"id": params.with_},
                field="with",
                code="not_found",
            )
    else:
        old = _previous_version(plan)
    return compare(old, plan)


def _previous_version(plan: CommitmentPlan) -> CommitmentPlan | None:
    if plan.amends_id:
        return CommitmentPlan.objects.filter(pk=plan.amends_id).first()
    same_owner = CommitmentPlan.objects.filter(period_id=plan.period_id, number__lt=plan.number)
    if plan.person_id:
        same_owner = same_owner.filter(person_id=plan.person_id)
    else:
        same_owner = same_owner.filter(unit_id=plan.unit_id, person__isnull=True)
    return same_owner.order_by("-number").first()


def _change(old, new) -> str:
    if old == new:
        return "same"
    if old is None or old == "":
        return "added"
    if new is None or new == "":
        return "removed"
    return "changed"


def _task_text(task: KeyTask | None):
    if task is None:
        return None
    return (
        task.title,
        task.target,
        task.deadline,
        task.product,
        [s.text for s in task.solutions.all()],
    )


def _tasks_by_key(plan: CommitmentPlan | None) -> dict:
    return {t.key: t for t in plan.tasks.prefetch_related("solutions")} if plan else {}


def compare(old: CommitmentPlan | None, new: CommitmentPlan) -> dict:
    """Sections side by side, and key tasks paired by their key."""
    sections = []
    for name in services.SECTION_FIELDS:
        before, after = (getattr(old, name) if old else ""), getattr(new, name)
        sections.append(
            {
                "name": name,
                "label": str(CommitmentPlan._meta.get_field(name).verbose_name),
                "change": _change(before, after),
                "old": before,
                "new": after,
            }
        )
    old_tasks, new_tasks = _tasks_by_key(old), _tasks_by_key(new)
    keys = list(new_tasks) + [k for k in old_tasks if k not in new_tasks]
    tasks = [
        {
            "key": key,
            "change": _change(_task_text(old_tasks.get(key)), _task_text(new_tasks.get(key))),
            "old": old_tasks.get(key),
            "new": new_tasks.get(key),
        }
        for key in keys
    ]
    return {"old": old, "new": new, "sections": sections, "tasks": tasks}


# Progress and evidence --------------------------------------------------------------


@router.post(
    "/tasks/{task_id}/progress",
    response={200: TaskOut, **WRITE_ERRORS},
    summary="Báo cáo tiến độ một nhiệm vụ",
)
def report_progress(request, task_id: PkPath, payload: ProgressIn):
    user = request.auth
    task = _task_for(user, task_id)
    services.report_progress(
        task, by=user, status=payload.status, percent=payload.percent, note=payload.note
    )
    return KeyTask.objects.prefetch_related("solutions", "progress", "evidence").get(pk=task.pk)


@router.post(
    "/tasks/{task_id}/evidence",
    response={201: EvidenceOut, **WRITE_ERRORS},
    summary="Đính kèm minh chứng (PDF, ảnh PNG/JPEG, Word, Excel, PowerPoint)",
)
def add_evidence(request, task_id: PkPath, file: File[UploadedFile] = None):
    user = request.auth
    task = _task_for(user, task_id)
    if not can_write(user, task.plan):
        raise PermissionDenied
    if file is None:
        # Checked here, after access, so that a missing file tells nothing to outsiders.
        raise DomainError(
            _("Hãy chọn một tệp minh chứng (trường “file” của biểu mẫu multipart)."),
            field="file",
            code="bad_file",
        )
    return Status(201, services.add_evidence(task, by=user, upload=file))


@router.delete(
    "/evidence/{evidence_id}", response={204: None, **WRITE_ERRORS}, summary="Xóa minh chứng"
)
def delete_evidence(request, evidence_id: PkPath):
    user = request.auth
    services.delete_evidence(_evidence_for(user, evidence_id), by=user)
    return Status(204, None)


def _download_name(evidence: Evidence) -> str:
    """The uploaded name without anything a header or a file system could misread,
    ending in the extension of what the file is."""
    stem = os.path.splitext(evidence.name)[0]
    stem = "".join(
        "_" if c in '"\\/:*?<>|;' or unicodedata.category(c)[0] == "C" else c for c in stem
    )
    stem = stem.strip(" ._") or "minh-chung"
    return f"{stem[:150]}.{evidence.kind}"


@router.get(
    "/evidence/{evidence_id}",
    response={400: ErrorOut, **READ_ERRORS},
    summary="Tải tệp minh chứng",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp minh chứng, với kiểu theo nội dung đã kiểm tra",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_evidence(request, evidence_id: PkPath):
    evidence = _evidence_for(request.auth, evidence_id)
    # Read whole (at most EVIDENCE_MAX_BYTES): the file is closed before the response
    # leaves, whether or not the client reads it to the end.
    try:
        with evidence.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = HttpResponse(
        content, content_type=CONTENT_TYPES.get(evidence.kind, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_download_name(evidence)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
