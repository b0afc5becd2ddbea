"""Changes to unit ethics codes, their acknowledgements and their evaluations.

Rules:
- A unit has at most one open version (draft, submitted, returned or approved) and at
  most one published version. Versions are numbered per unit; a new one starts from
  a blank page, from the unit's previous version, or from an exemplary code marked
  for one of the unit's sectors (any sector if the unit has none).
- Only a draft or a returned version is edited. Every item is non-empty and at most
  the period's `code_item_max_length` characters. Edits carry the version they were
  based on; a stale edit is refused with a conflict.
- Submitting and publishing need every relationship group to hold an item, or to be
  marked not applicable with a reason.
- The level above approves or returns (see access.py). Approve and return are one
  conditional UPDATE each from "submitted", so of two deciders exactly one wins.
- Publishing sets the effective date and supersedes the previous published version.
- A person acknowledges the published version of their workplace's or party cell's
  code, once; a superseded version is refused and the new one named.
- The year-end evaluation covers the unit's published version: each item met, partly
  met or not met, with evidence and a comment, and an overall result; once decided it
  is locked.
- Every change is written to the audit log (acknowledgements are their own record).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.core.access import MARK_EXEMPLARY
from neuguong.core.audit import log_action
from neuguong.core.errors import ConflictError, DomainError
from neuguong.organisations.access import active_person
from neuguong.organisations.models import Sector, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period, RegulationItem

from . import notices
from .access import approval_refusal, can_edit, covers_for_approval, own_unit_message
from .models import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    PUBLISHED_STATUSES,
    Acknowledgement,
    CodeEvaluation,
    CodeEvaluationItem,
    CodeSource,
    CodeStatus,
    EthicsCode,
    EthicsCodeItem,
    EvaluationStatus,
    ExemplaryCode,
    ItemResult,
    Relationship,
)

REASON_MAX = 2000
NOTE_MAX = 300
EVIDENCE_MAX = 2000


# Checks -----------------------------------------------------------------------------


def _forbidden(message=None):
    return DomainError(message or _("Bạn không có quyền thực hiện thao tác này."), code="forbidden")


def _require_edit(user, unit: Unit) -> None:
    if not can_edit(user, unit):
        raise _forbidden(
            _("Bạn không có quyền soạn, công bố hay đánh giá chuẩn mực của “%(unit)s”.")
            % {"unit": unit}
        )


def _lock(code: EthicsCode, version: int | None) -> EthicsCode:
    locked = EthicsCode.objects.select_for_update().select_related("unit", "period").get(pk=code.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            _(
                "Phiên bản này vừa được người khác thay đổi sau khi bạn mở. Nội dung bạn nhập "
                "vẫn được giữ; hãy xem bản hiện tại rồi lưu lại."
            ),
            current=locked,
        )
    return locked


def _require_editable(code: EthicsCode) -> None:
    if code.status not in EDITABLE_STATUSES:
        raise DomainError(
            _("Phiên bản đang ở trạng thái “%(status)s”, không sửa được.")
            % {"status": code.get_status_display()},
            code="locked",
        )


def _relationship(value) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in Relationship.values:
        raise DomainError(_("Mối quan hệ không hợp lệ."), field="relationship")
    return value


def _item_text(code: EthicsCode, text) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise DomainError(_("Nội dung chuẩn mực không được để trống."), field="text")
    limit = code.period.code_item_max_length
    if len(text) > limit:
        raise DomainError(
            _("Mỗi chuẩn mực tối đa %(limit)s ký tự; nội dung này có %(length)s ký tự.")
            % {"limit": limit, "length": len(text)},
            field="text",
        )
    return text


def _citations(ids) -> list[RegulationItem]:
    ids = list(dict.fromkeys(int(i) for i in ids or ()))
    found = list(RegulationItem.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise DomainError(_("Có điều khoản được trích dẫn không tồn tại."), field="citations")
    return found


def _check_groups(code: EthicsCode) -> None:
    empty = code.empty_groups()
    if empty:
        names = "; ".join(str(Relationship(r).label) for r in empty)
        raise DomainError(
            _(
                "Chưa có chuẩn mực nào cho: %(groups)s. Hãy thêm ít nhất một nội dung, hoặc "
                "đánh dấu nhóm “không áp dụng” và ghi rõ lý do."
            )
            % {"groups": names},
            field="items",
            code="empty_group",
        )
    if not code.items.exists():
        raise DomainError(_("Bộ chuẩn mực chưa có nội dung nào."), field="items")


def _touch(code: EthicsCode, **changes) -> EthicsCode:
    """Save `changes` on a locked code and bump its version."""
    for name, value in changes.items():
        setattr(code, name, value)
    if code.status == CodeStatus.RETURNED:
        code.status = CodeStatus.DRAFT
    code.version = F("version") + 1
    code.save()
    code.refresh_from_db()
    return code


def _log(action: str, code: EthicsCode, by, **data) -> None:
    log_action(action, by=by, obj=code, unit=code.unit, **data)


# Versions ---------------------------------------------------------------------------


def latest_published(unit: Unit) -> EthicsCode | None:
    return (
        EthicsCode.objects.filter(unit=unit, status__in=PUBLISHED_STATUSES)
        .order_by("-number")
        .first()
    )


def _copy_items(source: EthicsCode, target: EthicsCode, *, keep_keys: bool) -> None:
    items = list(source.items.prefetch_related("citations"))
    copies = EthicsCodeItem.objects.bulk_create(
        [
            EthicsCodeItem(
                code=target,
                relationship=i.relationship,
                order=i.order,
                text=i.text,
                **({"key": i.key} if keep_keys else {}),
            )
            for i in items
        ]
    )
    through = EthicsCodeItem.citations.through
    through.objects.bulk_create(
        [
            through(ethicscodeitem_id=copy.pk, regulationitem_id=c.pk)
            for copy, original in zip(copies, items, strict=True)
            for c in original.citations.all()
        ]
    )


def _exemplary_source(unit: Unit, based_on: EthicsCode | None) -> EthicsCode:
    if based_on is None:
        raise DomainError(_("Hãy chọn một chuẩn mực tiêu biểu."), field="based_on")
    marks = ExemplaryCode.objects.filter(code=based_on)
    sectors = list(unit.sectors.values_list("pk", flat=True))
    if sectors:
        marks = marks.filter(sector__in=sectors)
    if not marks.exists():
        raise DomainError(
            _("Chỉ được xây dựng từ chuẩn mực tiêu biểu thuộc lĩnh vực của đơn vị."),
            field="based_on",
        )
    return based_on


@transaction.atomic
def start_code(
    *, by, unit: Unit, period: Period, source: str, based_on: EthicsCode | None = None
) -> EthicsCode:
    _require_edit(by, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise DomainError(_("Đơn vị đã giải thể."), field="unit")
    if not period.is_open:
        raise DomainError(_("Kỳ “%(period)s” đã khóa.") % {"period": period}, field="period")
    if EthicsCode.objects.filter(unit=unit, status__in=OPEN_STATUSES).exists():
        raise DomainError(
            _("Đơn vị đang có một phiên bản chưa công bố; hãy hoàn thành phiên bản đó trước."),
            code="conflict",
        )
    if source == CodeSource.PREVIOUS:
        based_on = latest_published(unit) or (
            EthicsCode.objects.filter(unit=unit).order_by("-number").first()
        )
        if based_on is None:
            raise DomainError(_("Đơn vị chưa có phiên bản nào trước đây."), field="source")
    elif source == CodeSource.EXEMPLARY:
        based_on = _exemplary_source(unit, based_on)
    elif source == CodeSource.BLANK:
        based_on = None
    else:
        raise DomainError(_("Cách xây dựng không hợp lệ."), field="source")
    number = (EthicsCode.objects.filter(unit=unit).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            code = EthicsCode.objects.create(
                unit=unit,
                period=period,
                number=number,
                source=source,
                based_on=based_on,
                not_applicable=dict(based_on.not_applicable) if based_on else {},
                created_by=by,
            )
    except IntegrityError:
        raise DomainError(
            _("Đơn vị đang có một phiên bản chưa công bố."), code="conflict"
        ) from None
    if based_on is not None:
        _copy_items(based_on, code, keep_keys=based_on.unit_id == unit.pk)
    _log("code.start", code, by, after={"number": number, "source": source, "period": period.pk})
    return code


@transaction.atomic
def add_item(
    code: EthicsCode, *, by, version: int | None, relationship, text: str, citations=()
) -> EthicsCodeItem:
    _require_edit(by, code.unit)
    code = _lock(code, version)
    _require_editable(code)
    relationship = _relationship(relationship)
    text = _item_text(code, text)
    cited = _citations(citations)
    order = (code.items.filter(relationship=relationship).aggregate(n=Max("order"))["n"] or 0) + 1
    item = EthicsCodeItem.objects.create(
        code=code, relationship=relationship, order=order, text=text
    )
    item.citations.set(cited)
    _touch(code)
    _log("code.item_add", code, by, after={"relationship": relationship, "text": text})
    return item


@transaction.atomic
def update_item(
    item: EthicsCodeItem, *, by, version: int | None, text: str, relationship=None, citations=None
) -> EthicsCodeItem:
    code = item.code
    _require_edit(by, code.unit)
    code = _lock(code, version)
    _require_editable(code)
    before = {"relationship": item.relationship, "text": item.text}
    item.text = _item_text(code, text)
    if relationship is not None:
        item.relationship = _relationship(relationship)
    item.save()
    if citations is not None:
        item.citations.set(_citations(citations))
    _touch(code)
    _log(
        "code.item_update",
        code,
        by,
        before=before,
        after={"relationship": item.relationship, "text": item.text},
    )
    return item


@transaction.atomic
def delete_item(item: EthicsCodeItem, *, by, version: int | None) -> None:
    code = item.code
    _require_edit(by, code.unit)
    code = _lock(code, version)
    _require_editable(code)
    before = {"relationship": item.relationship, "text": item.text}
    item.delete()
    _touch(code)
    _log("code.item_delete", code, by, before=before)


@transaction.atomic
def set_not_applicable(
    code: EthicsCode, *, by, version: int | None, relationship, reason: str
) -> EthicsCode:
    """Mark a relationship group not applicable (with a reason), or clear the mark."""
    _require_edit(by, code.unit)
    code = _lock(code, version)
    _require_editable(code)
    key = str(_relationship(relationship))
    reason = " ".join(str(reason or "").split())
    if len(reason) > NOTE_MAX:
        raise DomainError(_("Lý do tối đa %(limit)s ký tự.") % {"limit": NOTE_MAX}, field="reason")
    marks = dict(code.not_applicable)
    before = marks.get(key)
    if reason:
        marks[key] = reason
    else:
        marks.pop(key, None)
    _touch(code, not_applicable=marks)
    _log("code.not_applicable", code, by, before={key: before}, after={key: reason or None})
    return code


@transaction.atomic
def replace_items(
    code: EthicsCode, *, by, version: int | None, items: list[dict], not_applicable: dict
) -> EthicsCode:
    """Replace the whole draft at once (the API's PUT). Items that carry the `key` of
    an existing item keep it, so the comparison of versions still pairs them."""
    _require_edit(by, code.unit)
    code = _lock(code, version)
    _require_editable(code)
    marks = {}
    for rel, reason in (not_applicable or {}).items():
        reason = " ".join(str(reason or "").split())
        if len(reason) > NOTE_MAX:
            raise DomainError(
                _("Lý do tối đa %(limit)s ký tự.") % {"limit": NOTE_MAX}, field="not_applicable"
            )
        if reason:
            marks[str(_relationship(rel))] = reason
    existing = {str(i.key): i for i in code.items.all()}
    rows = []
    seen_keys: set[str] = set()
    for position, data in enumerate(items, start=1):
        key = str(data.get("key") or "")
        if key and key in seen_keys:
            raise DomainError(
                _("Hai nội dung không được dùng chung một khóa (key)."), field="items"
            )
        seen_keys.add(key)
        rows.append(
            (
                _relationship(data.get("relationship")),
                _item_text(code, data.get("text")),
                _citations(data.get("citations") or ()),
                existing[key].key if key in existing else None,
                position,
            )
        )
    before = [{"relationship": i.relationship, "text": i.text} for i in existing.values()]
    code.items.all().delete()
    for relationship, text, cited, key, position in rows:
        item = EthicsCodeItem(code=code, relationship=relationship, text=text, order=position)
        if key is not None:
            item.key = key
        item.save()
        item.citations.set(cited)
    _touch(code, not_applicable=marks)
    _log(
        "code.replace",
        code,
        by,
        before={"items": before},
        after={"items": [{"relationship": r[0], "text": r[1]} for r in rows]},
    )
    return code


# Approval and publication ---------------------------------------------------------


@transaction.atomic
def submit_code(code: EthicsCode, *, by, version: int | None) -> EthicsCode:
    _require_edit(by, code.unit)
    code = _lock(code, version)
    _require_editable(code)
    _check_groups(code)
    code = _touch(code, status=CodeStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by)
    _log("code.submit", code, by, after={"status": code.status})
    notices.code_submitted(code)
    return code


def _decide(code: EthicsCode, *, by, version: int | None, status: str, reason: str = ""):
    if not covers_for_approval(by, code.unit):
        if can_edit(by, code.unit):  # a head or secretary of the unit itself
            raise _forbidden(own_unit_message())
        raise _forbidden()
    refusal = approval_refusal(by, code)
    if refusal:
        raise _forbidden(refusal)
    current = EthicsCode.objects.filter(pk=code.pk)
    if version is not None:
        current = current.filter(version=version)
    # The guard and the change in one statement: of two deciders, exactly one wins.
    done = current.filter(status=CodeStatus.SUBMITTED).update(
        status=status,
        decided_at=timezone.now(),
        decided_by=by,
        return_reason=reason,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    code = EthicsCode.objects.select_related("unit", "period").get(pk=code.pk)
    if not done:
        raise ConflictError(
            _("Phiên bản này đã được xử lý hoặc thay đổi (trạng thái hiện tại: %(status)s).")
            % {"status": code.get_status_display()},
            current=code,
        )
    return code


@transaction.atomic
def approve_code(code: EthicsCode, *, by, version: int | None) -> EthicsCode:
    code = _decide(code, by=by, version=version, status=CodeStatus.APPROVED)
    _log("code.approve", code, by, before={"status": "submitted"}, after={"status": code.status})
    notices.code_decided(code)
    return code


@transaction.atomic
def return_code(code: EthicsCode, *, by, version: int | None, reason: str) -> EthicsCode:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do trả lại."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Lý do tối đa %(limit)s ký tự.") % {"limit": REASON_MAX}, field="reason"
        )
    code = _decide(code, by=by, version=version, status=CodeStatus.RETURNED, reason=reason)
    _log(
        "code.return",
        code,
        by,
        before={"status": "submitted"},
        after={"status": code.status, "reason": reason},
    )
    notices.code_decided(code)
    return code


@transaction.atomic
def publish_code(
    code: EthicsCode, *, by, version: int | None, effective_from: date | None
) -> EthicsCode:
    _require_edit(by, code.unit)
    Unit.objects.select_for_update().filter(pk=code.unit_id).first()  # one publisher per unit
    code = _lock(code, version)
    if code.status != CodeStatus.APPROVED:
        raise DomainError(
            _("Chỉ công bố được phiên bản đã được cấp trên phê duyệt."), code="not_approved"
        )
    if effective_from is None:
        raise DomainError(_("Hãy chọn ngày có hiệu lực."), field="effective_from")
    _check_groups(code)
    old = EthicsCode.objects.filter(unit=code.unit, status=CodeStatus.PUBLISHED).first()
    if old is not None:
        EthicsCode.objects.filter(pk=old.pk).update(
            status=CodeStatus.SUPERSEDED, version=F("version") + 1
        )
        _log(
            "code.supersede",
            old,
            by,
            before={"status": "published"},
            after={"status": "superseded"},
        )
    code = _touch(
        code,
        status=CodeStatus.PUBLISHED,
        effective_from=effective_from,
        published_at=timezone.now(),
        published_by=by,
    )
    _log(
        "code.publish",
        code,
        by,
        before={"status": "approved"},
        after={"status": code.status, "effective_from": effective_from.isoformat()},
    )
    return code


def current_version(unit_id: int) -> EthicsCode | None:
    return EthicsCode.objects.filter(unit_id=unit_id, status=CodeStatus.PUBLISHED).first()


@transaction.atomic
def acknowledge_code(code: EthicsCode, *, by) -> Acknowledgement:
    person = active_person(by)
    if person is None:
        raise _forbidden(_("Tài khoản của bạn chưa gắn với hồ sơ cán bộ, đảng viên."))
    if code.unit_id not in (person.workplace_id, person.party_cell_id):
        raise _forbidden(_("Chuẩn mực này không áp dụng cho đơn vị, chi bộ của bạn."))
    if code.status == CodeStatus.SUPERSEDED:
        newer = current_version(code.unit_id)
        raise ConflictError(
            _(
                "Phiên bản %(old)s đã được thay thế bởi phiên bản %(new)s. Hãy đọc và xác nhận "
                "phiên bản mới."
            )
            % {"old": code.number, "new": newer.number if newer else "?"},
            current=newer,
        )
    if code.status != CodeStatus.PUBLISHED:
        raise DomainError(_("Phiên bản này chưa được công bố."), code="not_published")
    ack, _created = Acknowledgement.objects.get_or_create(code=code, person=person)
    return ack


# Exemplary codes ------------------------------------------------------------------


@transaction.atomic
def mark_exemplary(code: EthicsCode, *, by, sector: Sector, note: str = "") -> ExemplaryCode:
    if not scope_for(by, MARK_EXEMPLARY).covers_path(code.unit.path):
        raise _forbidden()
    if code.status != CodeStatus.PUBLISHED:
        raise DomainError(_("Chỉ chọn làm tiêu biểu chuẩn mực đang áp dụng."), code="not_published")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("Ghi chú tối đa %(limit)s ký tự.") % {"limit": NOTE_MAX}, field="note")
    mark, created = ExemplaryCode.objects.get_or_create(
        code=code, sector=sector, defaults={"note": note, "marked_by": by}
    )
    if not created:
        raise DomainError(
            _("Chuẩn mực này đã là tiêu biểu của lĩnh vực “%(sector)s”.") % {"sector": sector},
            field="sector",
        )
    _log("code.mark_exemplary", code, by, after={"sector": sector.code, "note": note})
    return mark


@transaction.atomic
def unmark_exemplary(mark: ExemplaryCode, *, by) -> None:
    code = mark.code
    if not scope_for(by, MARK_EXEMPLARY).covers_path(code.unit.path):
        raise _forbidden()
    sector = mark.sector.code
    mark.delete()
    _log("code.unmark_exemplary", code, by, before={"sector": sector})


# Year-end evaluation --------------------------------------------------------------


@transaction.atomic
def start_evaluation(code: EthicsCode, *, by, period: Period) -> CodeEvaluation:
    """The unit's evaluation of `code` for `period` (the existing one if started)."""
    _require_edit(by, code.unit)
    if code.status != CodeStatus.PUBLISHED:
        raise DomainError(
            _("Chỉ đánh giá được chuẩn mực đang áp dụng (đã công bố)."), code="not_published"
        )
    existing = CodeEvaluation.objects.filter(unit=code.unit, period=period).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            evaluation = CodeEvaluation.objects.create(unit=code.unit, period=period, code=code)
    except IntegrityError:
        return CodeEvaluation.objects.get(unit=code.unit, period=period)
    CodeEvaluationItem.objects.bulk_create(
        [CodeEvaluationItem(evaluation=evaluation, item=i) for i in code.items.all()]
    )
    log_action(
        "code_evaluation.start",
        by=by,
        obj=evaluation,
        unit=code.unit,
        after={"code": code.pk, "period": period.pk},
    )
    return evaluation


def _lock_evaluation(evaluation: CodeEvaluation, version: int | None) -> CodeEvaluation:
    locked = CodeEvaluation.objects.select_for_update().select_related("unit").get(pk=evaluation.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            _("Bản đánh giá vừa được người khác thay đổi. Hãy xem bản hiện tại rồi lưu lại."),
            current=locked,
        )
    if locked.is_decided:
        raise DomainError(_("Kết quả đánh giá đã chốt, không sửa được."), code="locked")
    return locked


def _short(value, field: str, limit: int = EVIDENCE_MAX) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(_("Tối đa %(limit)s ký tự.") % {"limit": limit}, field=field)
    return value


@transaction.atomic
def save_evaluation(
    evaluation: CodeEvaluation,
    *,
    by,
    version: int | None,
    results: dict[int, dict],
    overall: str = "",
    comment: str = "",
) -> CodeEvaluation:
    """`results`: {evaluation item id: {"result", "evidence", "comment"}}."""
    _require_edit(by, evaluation.unit)
    evaluation = _lock_evaluation(evaluation, version)
    if overall and overall not in ItemResult.values:
        raise DomainError(_("Kết quả chung không hợp lệ."), field="overall")
    rows = {r.pk: r for r in evaluation.items.all()}
    unknown = set(results) - set(rows)
    if unknown:
        raise DomainError(_("Có nội dung không thuộc bản đánh giá này."), field="results")
    for pk, data in results.items():
        row = rows[pk]
        result = data.get("result") or ""
        if result and result not in ItemResult.values:
            raise DomainError(_("Kết quả không hợp lệ."), field=f"result_{pk}")
        row.result = result
        row.evidence = _short(data.get("evidence"), f"evidence_{pk}")
        row.comment = _short(data.get("comment"), f"comment_{pk}")
    CodeEvaluationItem.objects.bulk_update(
        [rows[pk] for pk in results], ["result", "evidence", "comment"]
    )
    evaluation.overall = overall
    evaluation.comment = _short(comment, "comment")
    evaluation.version = F("version") + 1
    evaluation.save()
    evaluation.refresh_from_db()
    log_action(
        "code_evaluation.save",
        by=by,
        obj=evaluation,
        unit=evaluation.unit,
        after={"overall": overall, "items": len(results)},
    )
    return evaluation


@transaction.atomic
def decide_evaluation(evaluation: CodeEvaluation, *, by, version: int | None) -> CodeEvaluation:
    _require_edit(by, evaluation.unit)
    evaluation = _lock_evaluation(evaluation, version)
    missing = evaluation.items.filter(result="").count()
    if missing:
        raise DomainError(
            _("Còn %(n)s nội dung chưa có kết quả đánh giá.") % {"n": missing}, field="results"
        )
    if not evaluation.overall:
        raise DomainError(_("Hãy chọn kết quả chung."), field="overall")
    evaluation.status = EvaluationStatus.DECIDED
    evaluation.decided_at = timezone.now()
    evaluation.decided_by = by
    evaluation.version = F("version") + 1
    evaluation.save()
    evaluation.refresh_from_db()
    log_action(
        "code_evaluation.decide",
        by=by,
        obj=evaluation,
        unit=evaluation.unit,
        after={"status": evaluation.status, "overall": evaluation.overall},
    )
    return evaluation
