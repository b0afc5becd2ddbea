"""Units' ethics codes: versions, items, approval, publication, acknowledgement,
exemplary marks and the year-end evaluation.

Every route fetches through standards.access (404 outside the caller's view scope,
403 in scope without the permission) and changes through standards.services, as the
pages do. Edits carry the version the client read; a stale one is a 409 with the
current code.
"""

from typing import Annotated

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from neuguong.core.access import EDIT_CODE
from neuguong.core.errors import DomainError
from neuguong.organisations.access import MAX_PK
from neuguong.organisations.models import Person, Sector, Unit
from neuguong.regulations.models import Period, RegulationItem
from neuguong.standards import services
from neuguong.standards.access import (
    approval_refusal,
    can_edit,
    covers_for_approval,
    get_code_for_user,
    get_evaluation_for_user,
)
from neuguong.standards.compare import compare
from neuguong.standards.guidance import hints
from neuguong.standards.models import (
    Acknowledgement,
    CodeEvaluation,
    CodeEvaluationItem,
    EthicsCode,
    EthicsCodeItem,
    ExemplaryCode,
)

from .code_schemas import (
    AcknowledgementFilters,
    AcknowledgementPage,
    CodeCreateIn,
    CodeDetailOut,
    CodeFilters,
    CodePage,
    CompareOut,
    CompareQuery,
    EvaluationDetailOut,
    EvaluationPatchIn,
    ExemplaryGroupOut,
    ExemplaryIn,
    ExemplaryMarkOut,
    ItemAddIn,
    ItemPatchIn,
    ItemsIn,
    PublishIn,
    ReturnIn,
    VersionIn,
    VersionQuery,
)
from .common import READ_ERRORS, WRITE_ERRORS, page, pick_unit

router = Router(tags=["Chuẩn mực đạo đức"])

PkPath = Annotated[int, Path(ge=1, le=MAX_PK)]
CODE_RELATED = ("unit", "period", "based_on__unit")


# Fetching ---------------------------------------------------------------------------


def _items_prefetch() -> Prefetch:
    citations = Prefetch("citations", RegulationItem.objects.select_related("regulation"))
    return Prefetch("items", EthicsCodeItem.objects.prefetch_related(citations))


def _detail(user, code: EthicsCode, *, reload: bool = True) -> EthicsCode:
    """The code with its items, and what the caller sees of it: hints for its authors
    and approvers, and whether the caller acknowledged it."""
    if reload:
        code = EthicsCode.objects.select_related(*CODE_RELATED).get(pk=code.pk)
    prefetch_related_objects([code], _items_prefetch())
    items = list(code.items.all())
    authors = can_edit(user, code.unit) or covers_for_approval(user, code.unit)
    code.caller_hints = hints(code, items) if authors else None
    code.caller_acknowledged_at = (
        Acknowledgement.objects.filter(code=code, person__user=user)
        .values_list("acknowledged_at", flat=True)
        .first()
    )
    return code


def _evaluation(evaluation: CodeEvaluation) -> CodeEvaluation:
    rows = CodeEvaluationItem.objects.select_related("item")
    return (
        CodeEvaluation.objects.select_related("unit", "period", "code__unit")
        .prefetch_related(Prefetch("items", rows))
        .get(pk=evaluation.pk)
    )


def _item_of(code: EthicsCode, item_id: int) -> EthicsCodeItem:
    item = EthicsCodeItem.objects.filter(pk=item_id, code=code).first()
    if item is None:
        raise Http404
    item.code = code
    return item


def _source_code(user, pk: int | None, *, field: str) -> EthicsCode | None:
    """A version to start from or compare with: one the caller may see, or one marked
    exemplary (those are shown province-wide). Anything else is not found."""
    if pk is None:
        return None
    marked = ExemplaryCode.objects.filter(code=OuterRef("pk"))
    code = (
        EthicsCode.objects.filter(pk=pk)
        .filter(Q(unit__in=Unit.objects.visible_to(user)) | Exists(marked))
        .select_related("unit")
        .first()
    )
    if code is None:
        raise DomainError(
            _("Không tìm thấy phiên bản #%(id)d.") % {"id": pk}, field=field, code="not_found"
        )
    return code


def _period(pk: int | None) -> Period:
    period = Period.objects.filter(pk=pk).first() if pk else Period.objects.current()
    if period is None:
        message = (
            _("Không tìm thấy kỳ #%(id)d.") % {"id": pk} if pk else _("Chưa có kỳ thực hiện nào.")
        )
        raise DomainError(message, field="period", code="not_found" if pk else "invalid")
    return period


def _code_for_decision(user, code_id: int) -> EthicsCode:
    """A code the caller sees (404 otherwise) and may decide on (403 with the reason)."""
    code = get_code_for_user(user, code_id)
    if not covers_for_approval(user, code.unit):
        raise DomainError(
            approval_refusal(user, code)
            or _("Chỉ cấp trên trực tiếp của đơn vị mới phê duyệt chuẩn mực đạo đức của đơn vị."),
            code="forbidden",
        )
    return code


# Codes ------------------------------------------------------------------------------


@router.get("", response={200: CodePage, **READ_ERRORS}, summary="Danh sách phiên bản chuẩn mực")
def list_codes(request, filters: Query[CodeFilters]):
    user = request.auth
    qs = EthicsCode.objects.filter(unit__in=Unit.objects.visible_to(user))
    if filters.unit is not None:
        qs = qs.filter(unit=pick_unit(user, filters.unit, field="unit"))
    if filters.period is not None:
        qs = qs.filter(period_id=filters.period)
    if filters.status:
        qs = qs.filter(status=filters.status)
    qs = qs.select_related(*CODE_RELATED).order_by("unit__path", "-number")
    return page(qs, filters)


@router.get(
    "/exemplary",
    response={200: list[ExemplaryGroupOut], **READ_ERRORS},
    summary="Chuẩn mực tiêu biểu theo lĩnh vực",
)
def list_exemplary(request):
    marks = (
        ExemplaryCode.objects.select_related("sector", "code__unit", "code__period")
        .prefetch_related("code__items")
        .order_by("sector__name", "code__unit__path", "-code__number")
    )
    groups: dict[int, dict] = {}
    for mark in marks:
        group = groups.setdefault(mark.sector_id, {"sector": mark.sector, "codes": []})
        group["codes"].append(
            {
                "code": mark.code,
                "period": mark.code.period,
                "effective_from": mark.code.effective_from,
                "note": mark.note,
                "marked_at": mark.marked_at,
                "items": list(mark.code.items.all()),
            }
        )
    return list(groups.values())


@router.get("/{code_id}", response={200: CodeDetailOut, **READ_ERRORS}, summary="Một phiên bản")
def get_code(request, code_id: PkPath):
    user = request.auth
    return _detail(user, get_code_for_user(user, code_id), reload=False)


@router.post("", response={201: CodeDetailOut, **WRITE_ERRORS}, summary="Bắt đầu phiên bản mới")
def start_code(request, payload: CodeCreateIn):
    user = request.auth
    unit = pick_unit(user, payload.unit, field="unit")
    code = services.start_code(
        by=user,
        unit=unit,
        period=_period(payload.period),
        source=payload.source,
        based_on=_source_code(user, payload.based_on, field="based_on"),
    )
    return Status(201, _detail(user, code))


@router.get(
    "/{code_id}/compare",
    response={200: CompareOut, **READ_ERRORS},
    summary="So sánh với phiên bản khác",
)
def compare_code(request, code_id: PkPath, params: Query[CompareQuery]):
    user = request.auth
    code = get_code_for_user(user, code_id)
    if params.with_ is not None:
        old = _source_code(user, params.with_, field="with")
    else:
        old = code.based_on or (
            EthicsCode.objects.filter(unit_id=code.unit_id, number__lt=code.number)
            .select_related("unit")
            .order_by("-number")
            .first()
        )
    return {"old": old, "new": code, "rows": compare(old, code)}


# Items ------------------------------------------------------------------------------


@router.put(
    "/{code_id}/items",
    response={200: CodeDetailOut, **WRITE_ERRORS},
    summary="Thay toàn bộ nội dung của bản nháp",
)
def replace_items(request, code_id: PkPath, payload: ItemsIn):
    user = request.auth
    code = get_code_for_user(user, code_id, EDIT_CODE)
    keys = [item.key for item in payload.items if item.key]
    if len(keys) != len(set(keys)):
        # The service would hit the (code, key) unique constraint.
        raise DomainError(_("Hai nội dung không được dùng chung một khóa (key)."), field="items")
    items = [
        {**item.model_dump(), "key": str(item.key) if item.key else None} for item in payload.items
    ]
    code = services.replace_items(
        code,
        by=user,
        version=payload.version,
        items=items,
        not_applicable=payload.not_applicable,
    )
    return _detail(user, code)


@router.post(
    "/{code_id}/items", response={201: CodeDetailOut, **WRITE_ERRORS}, summary="Thêm một nội dung"
)
def add_item(request, code_id: PkPath, payload: ItemAddIn):
    user = request.auth
    code = get_code_for_user(user, code_id, EDIT_CODE)
    services.add_item(
        code,
        by=user,
        version=payload.version,
        relationship=payload.relationship,
        text=payload.text,
        citations=payload.citations,
    )
    return Status(201, _detail(user, code))


@router.patch(
    "/{code_id}/items/{item_id}",
    response={200: CodeDetailOut, **WRITE_ERRORS},
    summary="Sửa một nội dung",
)
def update_item(request, code_id: PkPath, item_id: PkPath, payload: ItemPatchIn):
    user = request.auth
    code = get_code_for_user(user, code_id, EDIT_CODE)
    item = _item_of(code, item_id)
    services.update_item(
        item,
        by=user,
        version=payload.version,
        text=item.text if payload.text is None else payload.text,
        relationship=payload.relationship,
        citations=payload.citations,
    )
    return _detail(user, code)


@router.delete(
    "/{code_id}/items/{item_id}",
    response={200: CodeDetailOut, **WRITE_ERRORS},
    summary="Xóa một nội dung",
)
def delete_item(request, code_id: PkPath, item_id: PkPath, params: Query[VersionQuery]):
    user = request.auth
    code = get_code_for_user(user, code_id, EDIT_CODE)
    services.delete_item(_item_of(code, item_id), by=user, version=params.version)
    return _detail(user, code)


# Approval, publication, acknowledgement -----------------------------------------------


@router.post(
    "/{code_id}/submit", response={200: CodeDetailOut, **WRITE_ERRORS}, summary="Trình phê duyệt"
)
def submit_code(request, code_id: PkPath, payload: VersionIn):
    user = request.auth
    code = get_code_for_user(user, code_id, EDIT_CODE)
    return _detail(user, services.submit_code(code, by=user, version=payload.version))


@router.post(
    "/{code_id}/approve", response={200: CodeDetailOut, **WRITE_ERRORS}, summary="Phê duyệt"
)
def approve_code(request, code_id: PkPath, payload: VersionIn):
    user = request.auth
    code = _code_for_decision(user, code_id)
    return _detail(user, services.approve_code(code, by=user, version=payload.version))


@router.post("/{code_id}/return", response={200: CodeDetailOut, **WRITE_ERRORS}, summary="Trả lại")
def return_code(request, code_id: PkPath, payload: ReturnIn):
    user = request.auth
    code = _code_for_decision(user, code_id)
    code = services.return_code(code, by=user, version=payload.version, reason=payload.reason)
    return _detail(user, code)


@router.post("/{code_id}/publish", response={200: CodeDetailOut, **WRITE_ERRORS}, summary="Công bố")
def publish_code(request, code_id: PkPath, payload: PublishIn):
    user = request.auth
    code = get_code_for_user(user, code_id, EDIT_CODE)
    code = services.publish_code(
        code, by=user, version=payload.version, effective_from=payload.effective_from
    )
    return _detail(user, code)


@router.post(
    "/{code_id}/acknowledge",
    response={200: CodeDetailOut, **WRITE_ERRORS},
    summary="Xác nhận đã đọc phiên bản đang áp dụng",
)
def acknowledge_code(request, code_id: PkPath):
    user = request.auth
    code = get_code_for_user(user, code_id)
    services.acknowledge_code(code, by=user)
    return _detail(user, code)


@router.get(
    "/{code_id}/acknowledgements",
    response={200: AcknowledgementPage, **READ_ERRORS},
    summary="Ai đã, ai chưa xác nhận",
)
def list_acknowledgements(request, code_id: PkPath, filters: Query[AcknowledgementFilters]):
    code = get_code_for_user(request.auth, code_id, EDIT_CODE)
    done = Acknowledgement.objects.filter(code=code, person=OuterRef("pk"))
    people = Person.objects.filter(
        Q(workplace_id=code.unit_id) | Q(party_cell_id=code.unit_id), is_active=True
    ).annotate(acknowledged_at=Subquery(done.values("acknowledged_at")[:1]))
    if filters.state == "done":
        people = people.filter(Exists(done))
    elif filters.state == "missing":
        people = people.filter(~Exists(done))
    return page(people.order_by("name_folded", "pk"), filters)


# Exemplary marks --------------------------------------------------------------------


@router.post(
    "/{code_id}/exemplary",
    response={201: ExemplaryMarkOut, **WRITE_ERRORS},
    summary="Chọn làm chuẩn mực tiêu biểu của một lĩnh vực",
)
def mark_exemplary(request, code_id: PkPath, payload: ExemplaryIn):
    user = request.auth
    code = get_code_for_user(user, code_id)
    sector = Sector.objects.filter(pk=payload.sector).first()
    if sector is None:
        raise DomainError(
            _("Không tìm thấy lĩnh vực #%(id)d.") % {"id": payload.sector},
            field="sector",
            code="not_found",
        )
    mark = services.mark_exemplary(code, by=user, sector=sector, note=payload.note)
    return Status(201, mark)


@router.delete(
    "/{code_id}/exemplary/{sector_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Bỏ chọn chuẩn mực tiêu biểu",
)
def unmark_exemplary(request, code_id: PkPath, sector_id: PkPath):
    user = request.auth
    code = get_code_for_user(user, code_id)
    mark = ExemplaryCode.objects.select_related("sector").filter(code=code, sector_id=sector_id)
    mark = mark.first()
    if mark is None:
        raise Http404
    mark.code = code
    services.unmark_exemplary(mark, by=user)
    return Status(204, None)


# Year-end evaluation ----------------------------------------------------------------


@router.post(
    "/{code_id}/evaluation",
    response={200: EvaluationDetailOut, 201: EvaluationDetailOut, **WRITE_ERRORS},
    summary="Bắt đầu (hoặc mở) bản đánh giá của kỳ hiện tại",
)
def start_evaluation(request, code_id: PkPath):
    user = request.auth
    code = get_code_for_user(user, code_id, EDIT_CODE)
    period = _period(None)
    existed = CodeEvaluation.objects.filter(unit_id=code.unit_id, period=period).exists()
    evaluation = services.start_evaluation(code, by=user, period=period)
    return Status(200 if existed else 201, _evaluation(evaluation))


@router.get(
    "/evaluations/{evaluation_id}",
    response={200: EvaluationDetailOut, **READ_ERRORS},
    summary="Một bản đánh giá",
)
def get_evaluation(request, evaluation_id: PkPath):
    return _evaluation(get_evaluation_for_user(request.auth, evaluation_id))


def _merged_results(evaluation: CodeEvaluation, payload: EvaluationPatchIn) -> dict[int, dict]:
    """The rows sent, each with the fields not sent kept as they are (a PATCH)."""
    rows = {r.pk: r for r in evaluation.items.all()}
    results: dict[int, dict] = {}
    for sent in payload.results:
        row = rows.get(sent.id)
        kept = {f: getattr(row, f) for f in ("result", "evidence", "comment")} if row else {}
        changed = {k: v for k, v in sent.model_dump(exclude={"id"}).items() if v is not None}
        results[sent.id] = {**results.get(sent.id, kept), **changed}
    return results


@router.patch(
    "/evaluations/{evaluation_id}",
    response={200: EvaluationDetailOut, **WRITE_ERRORS},
    summary="Ghi kết quả đánh giá",
)
def save_evaluation(request, evaluation_id: PkPath, payload: EvaluationPatchIn):
    user = request.auth
    evaluation = get_evaluation_for_user(user, evaluation_id, EDIT_CODE)
    evaluation = services.save_evaluation(
        evaluation,
        by=user,
        version=payload.version,
        results=_merged_results(evaluation, payload),
        overall=evaluation.overall if payload.overall is None else payload.overall,
        comment=evaluation.comment if payload.comment is None else payload.comment,
    )
    return _evaluation(evaluation)


@router.post(
    "/evaluations/{evaluation_id}/decide",
    response={200: EvaluationDetailOut, **WRITE_ERRORS},
    summary="Chốt kết quả đánh giá",
)
def decide_evaluation(request, evaluation_id: PkPath, payload: VersionIn):
    user = request.auth
    evaluation = get_evaluation_for_user(user, evaluation_id, EDIT_CODE)
    evaluation = services.decide_evaluation(evaluation, by=user, version=payload.version)
    return _evaluation(evaluation)
