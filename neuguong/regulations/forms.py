"""Forms of the regulations library and the programme periods.

The forms only parse; every rule (unique symbols, dates inside the period, the item
length limit, replacements) is checked by the services, whose messages land on the
field they name. The library is small (tens of documents), so a period's regulations
are chosen from a list of checkboxes and a replacement from a <select>.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.forms import MAX_SEARCH, date_field, version_field

from .models import Period, PeriodKind, Regulation, RegulationKind, RegulationStatus
from .services import ITEM_LIMIT_MAX, ITEM_LIMIT_MIN, ITEM_TEXT_MAX, ORDER_MAX, THEME_MAX


class RegulationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.symbol} – {obj.title}"


class RegulationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.symbol} – {obj.title}"


def _drop_version(form, editing: bool) -> None:
    if not editing:
        del form.fields["version"]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo số, ký hiệu hoặc trích yếu"), max_length=MAX_SEARCH, required=False
    )
    kind = forms.ChoiceField(
        label=_("Loại văn bản"),
        required=False,
        choices=[("", _("Tất cả")), *RegulationKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Hiệu lực"), required=False, choices=[("", _("Tất cả")), *RegulationStatus.choices]
    )

    def __init__(self, data, **kwargs):
        data = data.copy()
        data["q"] = (data.get("q") or "")[:MAX_SEARCH]
        super().__init__(data, **kwargs)

    def filter(self, regulations):
        data = self.cleaned_data
        if data.get("q"):
            regulations = regulations.search(data["q"])
        if data.get("kind"):
            regulations = regulations.filter(kind=data["kind"])
        if data.get("status"):
            regulations = regulations.filter(status=data["status"])
        return regulations


class RegulationForm(forms.Form):
    symbol = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ 37-QĐ/TW, 04-QĐ/TU.")
    )
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=RegulationKind.choices)
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    issued_on = date_field(_("Ngày ban hành"))
    title = forms.CharField(
        label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = version_field()

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_version(self, editing)


def regulation_initial(regulation: Regulation) -> dict:
    fields = ("symbol", "kind", "issuing_body", "issued_on", "title", "version")
    return {f: getattr(regulation, f) for f in fields}


class ReplaceForm(forms.Form):
    replaced_by = RegulationChoice(
        label=_("Được thay thế bởi"),
        queryset=Regulation.objects.none(),
        required=False,
        empty_label=_("— Không: văn bản còn hiệu lực —"),
        error_messages={"invalid_choice": _("Hãy chọn một văn bản trong danh sách.")},
    )
    version = version_field()

    def __init__(self, *args, regulation: Regulation, **kwargs):
        super().__init__(*args, **kwargs)
        others = Regulation.objects.exclude(pk=regulation.pk).order_by("symbol")
        self.fields["replaced_by"].queryset = others.only("pk", "symbol", "title")


class ItemForm(forms.Form):
    number = forms.CharField(
        label=_("Điều, mục"), max_length=30, help_text=_("Ví dụ Điều 2, Khoản 1, Chuẩn mực 3.")
    )
    title = forms.CharField(label=_("Nội dung tóm tắt"), max_length=300)
    text = forms.CharField(
        label=_("Toàn văn"),
        required=False,
        max_length=ITEM_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    order = forms.IntegerField(
        label=_("Thứ tự"),
        required=False,
        min_value=0,
        max_value=ORDER_MAX,
        help_text=_("Để trống: xếp sau cùng."),
    )


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Tên kỳ"), max_length=120, help_text=_("Ví dụ Năm 2026."))
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=PeriodKind.choices)
    starts_on = date_field(_("Từ ngày"), required=True)
    ends_on = date_field(_("Đến ngày"), required=True)
    year_theme = forms.CharField(
        label=_("Chuyên đề năm"),
        required=False,
        max_length=THEME_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    term_theme = forms.CharField(
        label=_("Chuyên đề toàn khóa"),
        required=False,
        max_length=THEME_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    regulations = RegulationChoices(
        label=_("Văn bản làm căn cứ"),
        queryset=Regulation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các văn bản còn hiệu lực trong thư viện."),
    )
    codes_published_by = date_field(_("Hạn công bố chuẩn mực"))
    plans_registered_by = date_field(_("Hạn đăng ký kế hoạch"))
    plans_approved_by = date_field(_("Hạn phê duyệt kế hoạch"))
    reviews_done_by = date_field(_("Hạn hoàn thành kiểm điểm"))
    code_item_max_length = forms.IntegerField(
        label=_("Độ dài tối đa của một chuẩn mực (ký tự)"),
        min_value=ITEM_LIMIT_MIN,
        max_value=ITEM_LIMIT_MAX,
        help_text=_("Từ 20 đến 2000 ký tự; mặc định 300."),
        error_messages=dict.fromkeys(
            ("min_value", "max_value"),
            _("Độ dài tối đa của một chuẩn mực phải từ 20 đến 2000 ký tự."),
        ),
    )
    version = version_field()

    def __init__(self, *args, period: Period | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_version(self, period is not None)
        choices = Q(status=RegulationStatus.IN_FORCE)
        if period is not None:  # a replaced regulation the period rests on stays listed
            choices |= Q(pk__in=period.regulations.values("pk"))
        self.fields["regulations"].queryset = (
            Regulation.objects.filter(choices).order_by("symbol").only("pk", "symbol", "title")
        )

    def period_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def period_initial(period: Period) -> dict:
    fields = [f for f in PeriodForm.base_fields if f != "regulations"]
    return {f: getattr(period, f) for f in fields} | {"regulations": period.regulations.all()}
