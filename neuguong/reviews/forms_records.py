"""Forms and scope filters of the records pages: discipline records, findings and
pending matters (views_records.py).

A person lies in a scope when their workplace, party cell or managing committee does
(the rule the services check, and the one by which their reviews are read); a unit
when its path does. A subject is chosen by its code, looked up again inside the
user's scope: an unknown code and a code outside the scope get the same "not found".
Lengths, kinds and dates are checked again by the services, whose messages the pages
show.
"""

from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.models import Person, Unit
from neuguong.organisations.scopes import Scope
from neuguong.regulations.models import Period

from .models import DisciplineKind, FindingKind

PLACES = ("workplace", "party_cell", "management_unit")
MAX_SEARCH = 100
PEOPLE_FOUND = 20
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HELP = _("Dạng ngày/tháng/năm, ví dụ 15/03/2026.")


# Scope -----------------------------------------------------------------------------


def people_q(scope: Scope, prefix: str = "") -> Q:
    """People (through `prefix`, e.g. "person__") whose places lie in `scope`."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    for place in PLACES:
        q |= scope.path_q(f"{prefix}{place}__path")
    return q


def subjects_q(scope: Scope) -> Q:
    """Discipline records or findings whose person or unit lies in `scope`."""
    if scope.everything:
        return Q()
    return people_q(scope, "person__") | scope.path_q("unit__path")


def covers_person(scope: Scope, person: Person) -> bool:
    places = (getattr(person, place) for place in PLACES)
    return any(scope.covers_path(p.path) for p in places if p is not None)


def covers_subject(scope: Scope, record) -> bool:
    if record.unit_id:
        return scope.covers_path(record.unit.path)
    return covers_person(scope, record.person)


def find_people(scope: Scope, text: str) -> tuple[list[Person], bool]:
    """Up to PEOPLE_FOUND people of `scope` matching `text`, and whether there are more."""
    text = " ".join(text[:MAX_SEARCH].split())
    if not text or scope.is_empty:
        return [], False
    found = (
        Person.objects.filter(people_q(scope))
        .search(text)
        .select_related("workplace", "party_cell")
        .only("pk", "code", "full_name", "workplace__name", "party_cell__name")
        .order_by("name_folded", "pk")
    )
    people = list(found[: PEOPLE_FOUND + 1])
    return people[:PEOPLE_FOUND], len(people) > PEOPLE_FOUND


# Fields ----------------------------------------------------------------------------


def date_field(label, required_message):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"maxlength": 10, "inputmode": "numeric", "size": 12}
        ),
        error_messages={
            "required": required_message,
            "invalid": _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026."),
        },
    )


def text_field(label, limit: int, *, required_message=None, area=False):
    """A text whose length the service checks (with its own message); the browser is
    told the limit too."""
    attrs = {"maxlength": limit}
    widget = forms.Textarea(attrs=attrs | {"rows": 3}) if area else forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=label,
        required=bool(required_message),
        strip=True,
        widget=widget,
        error_messages={"required": required_message} if required_message else {},
    )


def kind_field(label, choices, invalid_message, required_message):
    return forms.ChoiceField(
        label=label,
        choices=[("", _("— Chọn —")), *choices],
        error_messages={"invalid_choice": invalid_message, "required": required_message},
    )


def code_field(label, help_text):
    return forms.CharField(
        label=label,
        required=False,
        max_length=40,
        help_text=help_text,
        widget=forms.TextInput(attrs={"size": 16, "autocomplete": "off"}),
        error_messages={"max_length": _("Mã dài tối đa 40 ký tự.")},
    )


def _by_code(queryset, code: str):
    """The row with this code: exactly, else the one row matching it in any case."""
    found = queryset.filter(code=code).first()
    if found is None:
        rows = list(queryset.filter(code__iexact=code)[:2])
        found = rows[0] if len(rows) == 1 else None
    return found


# The subject of a record -----------------------------------------------------------


class SubjectForm(forms.Form):
    """A person (by code) or, where `units` is on, a unit (by code), in `scope`."""

    person = code_field(_("Mã cán bộ, đảng viên"), _("Hoặc tìm theo tên ở trên rồi bấm “Chọn”."))
    unit = code_field(_("Mã đơn vị, tổ chức đảng"), _("Khi ghi cho một tập thể."))

    def __init__(self, *args, scope: Scope, editing=False, units=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.editing = editing
        if editing:
            del self.fields["person"], self.fields["unit"]
        elif not units:
            del self.fields["unit"]
            self.fields["person"].required = True
            self.fields["person"].error_messages["required"] = _("Hãy nhập mã cán bộ, đảng viên.")

    def clean_person(self) -> Person | None:
        code = self.cleaned_data.get("person")
        if not code:
            return None
        person = _by_code(Person.objects.select_related(*PLACES).filter(people_q(self.scope)), code)
        if person is None:
            raise forms.ValidationError(
                _("Không tìm thấy cán bộ, đảng viên có mã “%(code)s” trong phạm vi của đồng chí."),
                params={"code": code},
                code="not_found",
            )
        return person

    def clean_unit(self) -> Unit | None:
        code = self.cleaned_data.get("unit")
        if not code:
            return None
        unit = _by_code(Unit.objects.filter(self._units_q()), code)
        if unit is None:
            raise forms.ValidationError(
                _("Không tìm thấy đơn vị, tổ chức có mã “%(code)s” trong phạm vi của đồng chí."),
                params={"code": code},
                code="not_found",
            )
        return unit

    def _units_q(self) -> Q:
        return Q() if self.scope.everything else self.scope.path_q()

    def clean(self):
        data = super().clean()
        if self.editing or "unit" not in self.fields:
            return data
        if "person" in self.errors or "unit" in self.errors:
            return data
        if bool(data.get("person")) == bool(data.get("unit")):
            raise forms.ValidationError(
                _(
                    "Hãy nhập mã của một cá nhân hoặc mã của một tổ chức "
                    "(một trong hai, không nhập cả hai)."
                )
            )
        return data

    def subject(self) -> dict:
        return {"person": self.cleaned_data.get("person"), "unit": self.cleaned_data.get("unit")}

    def record_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("person", "unit")}


class DisciplineForm(SubjectForm):
    kind = kind_field(
        _("Hình thức kỷ luật"),
        DisciplineKind.choices,
        _("Hình thức kỷ luật không hợp lệ."),
        _("Hãy chọn hình thức kỷ luật."),
    )
    decided_on = date_field(_("Ngày quyết định"), _("Hãy nhập ngày quyết định kỷ luật."))
    authority = text_field(
        _("Cấp quyết định"), 200, required_message=_("Hãy ghi cấp quyết định kỷ luật.")
    )
    decision_number = text_field(_("Số quyết định"), 60)
    reason = text_field(_("Nội dung vi phạm"), 5000, area=True)
    self_detected_fixed = forms.BooleanField(
        label=_("Tự phát hiện và chủ động khắc phục"),
        required=False,
        help_text=_("Khi đánh dấu, kỷ luật này không buộc xếp loại “Không hoàn thành nhiệm vụ”."),
    )


DISCIPLINE_FIELDS = ["kind", "decided_on", "authority", "decision_number", "reason"]
DISCIPLINE_FIELDS += ["self_detected_fixed"]


def discipline_initial(record) -> dict:
    return {name: getattr(record, name) for name in DISCIPLINE_FIELDS}


class FindingForm(SubjectForm):
    kind = kind_field(
        _("Nội dung kết luận"),
        FindingKind.choices,
        _("Nội dung kết luận không hợp lệ."),
        _("Hãy chọn nội dung kết luận."),
    )
    concluded_on = date_field(_("Ngày kết luận"), _("Hãy nhập ngày kết luận."))
    authority = text_field(
        _("Cơ quan kết luận"), 200, required_message=_("Hãy ghi cơ quan kết luận.")
    )
    note = text_field(_("Ghi chú"), 5000, area=True)


# Pending matters -------------------------------------------------------------------


def period_field(label, *, required=True):
    return forms.ModelChoiceField(
        label=label,
        queryset=Period.objects.order_by("-starts_on", "pk"),
        required=required,
        empty_label=None if required else _("— Kỳ hiện tại —"),
        error_messages={
            "required": _("Hãy chọn kỳ."),
            "invalid_choice": _("Kỳ đã chọn không có trong danh sách."),
        },
    )


class PendingForm(SubjectForm):
    period = period_field(_("Kỳ"))
    title = text_field(
        _("Nội dung"), 300, required_message=_("Hãy ghi nội dung vấn đề đang xử lý.")
    )
    detail = text_field(_("Chi tiết"), 5000, area=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, units=False, **kwargs)


class SettleForm(forms.Form):
    settlement = text_field(
        _("Kết quả giải quyết"),
        5000,
        required_message=_("Hãy ghi kết quả giải quyết."),
        area=True,
    )


# List filters ----------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False, max_length=MAX_SEARCH)

    def __init__(self, data, **kwargs):
        data = data.copy()
        data["q"] = " ".join((data.get("q") or "")[:MAX_SEARCH].split())
        super().__init__(data, **kwargs)


class RecordFilterForm(SearchForm):
    kind = forms.ChoiceField(
        label=_("Hình thức, nội dung"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (_("Kỷ luật"), DisciplineKind.choices),
            (_("Kết luận vi phạm"), FindingKind.choices),
        ],
        error_messages={"invalid_choice": _("Hình thức kỷ luật, nội dung kết luận không hợp lệ.")},
    )
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=1930,
        max_value=2100,
        widget=forms.NumberInput(attrs={"size": 6}),
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), _("Năm không hợp lệ (ví dụ 2026).")
        ),
    )

    def filter(self, records, findings):
        """The two lists, narrowed by the kind, the year and the name or code."""
        data = self.cleaned_data
        kind, year, text = data.get("kind"), data.get("year"), data.get("q")
        if kind in DisciplineKind.values:
            records, findings = records.filter(kind=kind), findings.none()
        elif kind in FindingKind.values:
            records, findings = records.none(), findings.filter(kind=kind)
        if year:
            span = (date(year, 1, 1), date(year, 12, 31))
            records = records.filter(decided_on__range=span)
            findings = findings.filter(concluded_on__range=span)
        if text:
            named = Q(person__in=Person.objects.search(text).values("pk"))
            named |= Q(unit__in=Unit.objects.search(text).values("pk"))
            records, findings = records.filter(named), findings.filter(named)
        return records, findings


class PendingFilterForm(SearchForm):
    STATES = [("", _("Tất cả")), ("open", _("Đang xử lý")), ("settled", _("Đã giải quyết"))]

    period = period_field(_("Kỳ"), required=False)
    state = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=STATES,
        error_messages={"invalid_choice": _("Tình trạng không hợp lệ.")},
    )
