"""Changes to the regulations library and the programme periods.

Rules:
- Programme data is province-wide: only a user holding `programme.manage` over the
  whole tree (Ban Tuyên giáo và Dân vận officers and administrators, on the root)
  changes it. Everyone signed in reads it.
- A regulation's number and symbol is unique, compared without case, diacritics or
  spaces ("37-qd/tw" is "37-QĐ/TW"). Kind, issuing body and title are required.
- A regulation is in force, or replaced by another regulation: never by itself, and
  never so that following "replaced by" leads back to it. Restoring it puts it back
  in force.
- An item's number is unique within its regulation. An item that an ethics code item
  cites is never deleted (it is part of what that code rests on).
- A period has a unique name and a kind; it ends on or after its start; each deadline
  falls inside it; the length limit of a code item is 20..2000 characters (lowering
  it applies to later edits; items already written keep their text). A regulation
  newly linked to a period must be in force; one linked earlier may stay after it
  is replaced, since the period did rest on it.
- Edits of regulations and periods carry the version they were based on. If the row
  changed since, the edit is refused with a conflict and the caller keeps the input.
- Every change is written to the audit log with its before and after values.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from neuguong.core.access import MANAGE_PROGRAMME
from neuguong.core.audit import diff, log_action, snapshot
from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.text import fold
from neuguong.organisations.scopes import scope_for

from .models import (
    Period,
    PeriodKind,
    Regulation,
    RegulationItem,
    RegulationKind,
    RegulationStatus,
)

REGULATION_FIELDS = ["symbol", "kind", "issuing_body", "issued_on", "title"]
ITEM_FIELDS = ["number", "title", "text", "order"]
PERIOD_FIELDS = [
    "name",
    "kind",
    "starts_on",
    "ends_on",
    "year_theme",
    "term_theme",
    "codes_published_by",
    "plans_registered_by",
    "plans_approved_by",
    "reviews_done_by",
    "code_item_max_length",
]
DEADLINES = ["codes_published_by", "plans_registered_by", "plans_approved_by", "reviews_done_by"]
ITEM_LIMIT_MIN, ITEM_LIMIT_MAX = 20, 2000
ITEM_TEXT_MAX = 20_000
THEME_MAX = 2000
ORDER_MAX = 1_000_000


def can_manage_programme(user) -> bool:
    return scope_for(user, MANAGE_PROGRAMME).everything


def _require_manage(user) -> None:
    if not can_manage_programme(user):
        raise DomainError(
            _(
                "Chỉ cán bộ Ban Tuyên giáo và Dân vận hoặc quản trị hệ thống mới được sửa "
                "thư viện văn bản và kỳ thực hiện."
            ),
            code="forbidden",
        )


def _text(value, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """A single line of text: spaces collapsed, required and bounded."""
    value = " ".join(str(value or "").split())
    return _bounded(value, field=field, label=label, max_length=max_length, required=required)


def _long_text(value, *, field: str, label: str, max_length: int) -> str:
    """Text that may run over several lines: only the ends are trimmed."""
    value = str(value or "").replace("\r\n", "\n").strip()
    return _bounded(value, field=field, label=label, max_length=max_length, required=False)


def _bounded(value: str, *, field, label, max_length, required) -> str:
    if required and not value:
        raise DomainError(_("%(label)s là bắt buộc.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s tối đa %(max)d ký tự; nội dung này có %(n)d ký tự.")
            % {"label": label, "max": max_length, "n": len(value)},
            field=field,
        )
    return value


def _conflict(current):
    return ConflictError(
        _(
            "Bản ghi này vừa được người khác sửa sau khi bạn mở. Dữ liệu bạn nhập vẫn được giữ "
            "bên dưới; hãy xem giá trị hiện tại rồi lưu lại."
        ),
        current=current,
    )


def _lock(model, pk: int, version: int | None):
    obj = model.objects.select_for_update().get(pk=pk)
    if version is not None and obj.version != version:
        raise _conflict(obj)
    return obj


def _bump(obj) -> None:
    obj.version = F("version") + 1
    obj.save()
    obj.refresh_from_db()


def _save(obj, error: DomainError) -> None:
    """Insert `obj`, or save it with its version bumped. A unique value taken by someone
    else since it was checked gives the same message as the check (`error`)."""
    try:
        with transaction.atomic():
            if obj.pk is None or not hasattr(obj, "version"):
                obj.save()
            else:
                _bump(obj)
    except IntegrityError:
        raise error from None


# Regulations ------------------------------------------------------------------------


def _duplicate_symbol(symbol: str):
    return DomainError(
        _("Số, ký hiệu “%(symbol)s” đã có trong thư viện.") % {"symbol": symbol}, field="symbol"
    )


def _check_symbol(symbol, *, exclude_pk: int | None = None) -> str:
    label = _("Số, ký hiệu")
    symbol = _text(symbol, field="symbol", label=label, max_length=60)
    folded = fold(symbol).replace(" ", "")
    if len(folded) > 60:
        raise DomainError(_("%(label)s quá dài.") % {"label": label}, field="symbol")
    same = Regulation.objects.filter(symbol_folded=folded).exclude(pk=exclude_pk)
    if same.exists():
        raise _duplicate_symbol(symbol)
    return symbol


def _regulation_fields(
    *, symbol: str, kind: str, issuing_body: str, title: str, issued_on: date | None, pk=None
) -> dict:
    if kind not in RegulationKind.values:
        raise DomainError(_("Loại văn bản không hợp lệ."), field="kind")
    return {
        "symbol": _check_symbol(symbol, exclude_pk=pk),
        "kind": kind,
        "issuing_body": _text(
            issuing_body, field="issuing_body", label=_("Cơ quan ban hành"), max_length=200
        ),
        "issued_on": issued_on,
        "title": _text(title, field="title", label=_("Trích yếu"), max_length=500),
    }


@transaction.atomic
def create_regulation(
    *,
    by,
    symbol: str,
    kind: str,
    issuing_body: str,
    title: str,
    issued_on: date | None = None,
) -> Regulation:
    _require_manage(by)
    fields = _regulation_fields(
        symbol=symbol, kind=kind, issuing_body=issuing_body, title=title, issued_on=issued_on
    )
    regulation = Regulation(**fields)
    _save(regulation, _duplicate_symbol(fields["symbol"]))
    log_action(
        "regulation.create", by=by, obj=regulation, after=snapshot(regulation, REGULATION_FIELDS)
    )
    return regulation


@transaction.atomic
def update_regulation(
    regulation: Regulation,
    *,
    by,
    version: int | None,
    symbol: str,
    kind: str,
    issuing_body: str,
    title: str,
    issued_on: date | None = None,
) -> Regulation:
    _require_manage(by)
    regulation = _lock(Regulation, regulation.pk, version)
    before = snapshot(regulation, REGULATION_FIELDS)
    fields = _regulation_fields(
        symbol=symbol,
        kind=kind,
        issuing_body=issuing_body,
        title=title,
        issued_on=issued_on,
        pk=regulation.pk,
    )
    for name, value in fields.items():
        setattr(regulation, name, value)
    _save(regulation, _duplicate_symbol(fields["symbol"]))
    old, new = diff(before, snapshot(regulation, REGULATION_FIELDS))
    log_action("regulation.update", by=by, obj=regulation, before=old, after=new)
    return regulation


@transaction.atomic
def replace_regulation(
    regulation: Regulation, *, by, replaced_by: Regulation, version: int | None = None
) -> Regulation:
    """Mark `regulation` as replaced by `replaced_by`."""
    _require_manage(by)
    regulation = _lock(Regulation, regulation.pk, version)
    if replaced_by is None:
        raise DomainError(_("Hãy chọn văn bản thay thế."), field="replaced_by")
    if replaced_by.pk == regulation.pk:
        raise DomainError(
            _("Một văn bản không thể được thay thế bởi chính nó."), field="replaced_by"
        )
    seen, step = {regulation.pk}, replaced_by
    while step is not None:  # the library is small: follow the chain in a few queries
        if step.pk in seen:
            raise DomainError(
                _("“%(other)s” đã được thay thế (trực tiếp hoặc gián tiếp) bởi “%(this)s”.")
                % {"other": replaced_by, "this": regulation},
                field="replaced_by",
            )
        seen.add(step.pk)
        step = Regulation.objects.filter(pk=step.replaced_by_id).first()
    before = snapshot(regulation, ["status", "replaced_by"])
    regulation.status = RegulationStatus.REPLACED
    regulation.replaced_by = replaced_by
    _bump(regulation)
    after = snapshot(regulation, ["status", "replaced_by"])
    log_action("regulation.replace", by=by, obj=regulation, before=before, after=after)
    return regulation


@transaction.atomic
def restore_regulation(regulation: Regulation, *, by, version: int | None = None) -> Regulation:
    """Put a replaced regulation back in force."""
    _require_manage(by)
    regulation = _lock(Regulation, regulation.pk, version)
    if regulation.is_in_force:
        raise DomainError(_("Văn bản này đang còn hiệu lực."), field="replaced_by")
    before = snapshot(regulation, ["status", "replaced_by"])
    regulation.status = RegulationStatus.IN_FORCE
    regulation.replaced_by = None
    _bump(regulation)
    after = snapshot(regulation, ["status", "replaced_by"])
    log_action("regulation.restore", by=by, obj=regulation, before=before, after=after)
    return regulation


# Items --------------------------------------------------------------------------------


def _duplicate_number(regulation: Regulation, number: str):
    return DomainError(
        _("“%(symbol)s” đã có điều, mục “%(number)s”.")
        % {"symbol": regulation.symbol, "number": number},
        field="number",
    )


def _item_fields(regulation: Regulation, *, number, title, text, order, exclude_pk=None) -> dict:
    number = _text(number, field="number", label=_("Điều, mục"), max_length=30)
    # "Điều 2" and "điều 2" are the same article (SQLite folds case in ASCII only).
    others = regulation.items.exclude(pk=exclude_pk).values_list("number", flat=True)
    if fold(number) in {fold(n) for n in others}:
        raise _duplicate_number(regulation, number)
    if order is not None and not 0 <= order <= ORDER_MAX:
        raise DomainError(_("Thứ tự phải từ 0 đến %(max)d.") % {"max": ORDER_MAX}, field="order")
    return {
        "number": number,
        "title": _text(title, field="title", label=_("Nội dung tóm tắt"), max_length=300),
        "text": _long_text(text, field="text", label=_("Toàn văn"), max_length=ITEM_TEXT_MAX),
        "order": order,
    }


@transaction.atomic
def add_item(
    regulation: Regulation,
    *,
    by,
    number: str,
    title: str,
    text: str = "",
    order: int | None = None,
) -> RegulationItem:
    _require_manage(by)
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    fields = _item_fields(regulation, number=number, title=title, text=text, order=order)
    if fields["order"] is None:
        last = regulation.items.aggregate(m=Max("order"))["m"]
        fields["order"] = min((last or 0) + 1, ORDER_MAX)
    item = RegulationItem(regulation=regulation, **fields)
    _save(item, _duplicate_number(item.regulation, item.number))
    log_action("regulation.item_add", by=by, obj=item, after=snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def update_item(
    item: RegulationItem,
    *,
    by,
    number: str,
    title: str,
    text: str = "",
    order: int | None = None,
) -> RegulationItem:
    _require_manage(by)
    item = RegulationItem.objects.select_for_update().select_related("regulation").get(pk=item.pk)
    before = snapshot(item, ITEM_FIELDS)
    fields = _item_fields(
        item.regulation, number=number, title=title, text=text, order=order, exclude_pk=item.pk
    )
    if fields["order"] is None:
        fields["order"] = item.order
    for name, value in fields.items():
        setattr(item, name, value)
    _save(item, _duplicate_number(item.regulation, item.number))
    old, new = diff(before, snapshot(item, ITEM_FIELDS))
    log_action("regulation.item_update", by=by, obj=item, before=old, after=new)
    return item


def citing_count(item: RegulationItem) -> int:
    """How many ethics code items cite `item`."""
    from neuguong.standards.models import EthicsCodeItem

    return EthicsCodeItem.citations.through.objects.filter(regulationitem=item).count()


@transaction.atomic
def delete_item(item: RegulationItem, *, by) -> None:
    _require_manage(by)
    item = RegulationItem.objects.select_for_update().select_related("regulation").get(pk=item.pk)
    cited = citing_count(item)
    if cited:
        raise DomainError(
            _(
                "Không xóa được “%(item)s”: %(n)d nội dung chuẩn mực đạo đức đang trích dẫn "
                "điều, mục này."
            )
            % {"item": item.number, "n": cited},
            code="cited",
        )
    before = snapshot(item, ITEM_FIELDS)
    log_action("regulation.item_delete", by=by, obj=item, before=before)
    item.delete()


# Periods ------------------------------------------------------------------------------


def _duplicate_name(name: str):
    return DomainError(_("Đã có kỳ thực hiện tên “%(name)s”.") % {"name": name}, field="name")


def _period_fields(data: dict, *, exclude_pk=None) -> dict:
    fields = {
        "name": _text(data.get("name"), field="name", label=_("Tên kỳ"), max_length=120),
        "kind": data.get("kind"),
        "year_theme": _long_text(
            data.get("year_theme"), field="year_theme", label=_("Chuyên đề năm"),
            max_length=THEME_MAX,
        ),
        "term_theme": _long_text(
            data.get("term_theme"), field="term_theme", label=_("Chuyên đề toàn khóa"),
            max_length=THEME_MAX,
        ),
    }  # fmt: skip
    if fields["kind"] not in PeriodKind.values:
        raise DomainError(_("Loại kỳ không hợp lệ."), field="kind")
    names = Period.objects.exclude(pk=exclude_pk).values_list("name", flat=True)
    if fold(fields["name"]) in {fold(n) for n in names}:
        raise _duplicate_name(fields["name"])
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on is None or ends_on is None:
        field = "starts_on" if starts_on is None else "ends_on"
        raise DomainError(_("Hãy nhập ngày bắt đầu và ngày kết thúc của kỳ."), field=field)
    if ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."), field="ends_on")
    for name in DEADLINES:
        day = data.get(name)
        if day is not None and not starts_on <= day <= ends_on:
            raise DomainError(
                _("%(deadline)s (%(day)s) phải nằm trong kỳ, từ %(start)s đến %(end)s.")
                % {
                    "deadline": Period._meta.get_field(name).verbose_name,
                    "day": day.strftime("%d/%m/%Y"),
                    "start": starts_on.strftime("%d/%m/%Y"),
                    "end": ends_on.strftime("%d/%m/%Y"),
                },
                field=name,
            )
        fields[name] = day
    limit = data.get("code_item_max_length")
    if not isinstance(limit, int) or not ITEM_LIMIT_MIN <= limit <= ITEM_LIMIT_MAX:
        raise DomainError(
            _("Độ dài tối đa của một chuẩn mực phải từ %(min)d đến %(max)d ký tự.")
            % {"min": ITEM_LIMIT_MIN, "max": ITEM_LIMIT_MAX},
            field="code_item_max_length",
        )
    return fields | {"starts_on": starts_on, "ends_on": ends_on, "code_item_max_length": limit}


def _check_regulations(regulations, *, already: set[int]) -> list[Regulation]:
    regulations = list({r.pk: r for r in regulations or ()}.values())
    replaced = [r for r in regulations if not r.is_in_force and r.pk not in already]
    if replaced:
        raise DomainError(
            _("Văn bản “%(symbols)s” đã được thay thế; hãy chọn văn bản còn hiệu lực.")
            % {"symbols": ", ".join(r.symbol for r in replaced)},
            field="regulations",
        )
    return regulations


def _symbols(period: Period) -> list[str]:
    return sorted(period.regulations.values_list("symbol", flat=True))


@transaction.atomic
def create_period(*, by, regulations=(), **data) -> Period:
    """`data`: name, kind, starts_on, ends_on, year_theme, term_theme, the four
    deadlines and code_item_max_length (default 300)."""
    _require_manage(by)
    data.setdefault("kind", PeriodKind.YEAR)
    data.setdefault("code_item_max_length", 300)
    _only_period_fields(data)
    period = Period(**_period_fields(data))
    linked = _check_regulations(regulations, already=set())
    _save(period, _duplicate_name(period.name))
    period.regulations.set(linked)
    after = snapshot(period, PERIOD_FIELDS) | {"regulations": _symbols(period)}
    log_action("period.create", by=by, obj=period, after=after)
    return period


@transaction.atomic
def update_period(period: Period, *, by, version: int | None, regulations=None, **data) -> Period:
    """Like create_period; `regulations=None` leaves them as they are."""
    _require_manage(by)
    _only_period_fields(data)
    period = _lock(Period, period.pk, version)
    before = snapshot(period, PERIOD_FIELDS) | {"regulations": _symbols(period)}
    data = {name: data.get(name, getattr(period, name)) for name in PERIOD_FIELDS}
    for name, value in _period_fields(data, exclude_pk=period.pk).items():
        setattr(period, name, value)
    if regulations is not None:
        already = set(period.regulations.values_list("pk", flat=True))
        regulations = _check_regulations(regulations, already=already)
    _save(period, _duplicate_name(period.name))
    if regulations is not None:
        period.regulations.set(regulations)
    old, new = diff(before, snapshot(period, PERIOD_FIELDS) | {"regulations": _symbols(period)})
    log_action("period.update", by=by, obj=period, before=old, after=new)
    return period


def _only_period_fields(data: dict) -> None:
    unknown = set(data) - set(PERIOD_FIELDS)
    if unknown:  # a programming error, not user input
        raise TypeError(f"unknown period fields: {sorted(unknown)}")


@transaction.atomic
def set_period_open(period: Period, *, by, is_open: bool) -> Period:
    """Open or close a period. A closed period stays readable; it is no longer current."""
    _require_manage(by)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_open == is_open:
        message = _("Kỳ này đang mở.") if is_open else _("Kỳ này đã đóng.")
        raise DomainError(message, code="unchanged")
    period.is_open = is_open
    _bump(period)
    action = "period.open" if is_open else "period.close"
    log_action(
        action, by=by, obj=period, before={"is_open": not is_open}, after={"is_open": is_open}
    )
    return period
