"""The report editor's form: the document's header fields and one text box per section
of the template. The limits are the services' (a text box tells the browser, the
service checks and words the refusal), so that a long text gets the service's
message stating the limit rather than a generic one."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.organisations.forms import date_field, version_field

from .models import Report
from .services import HEADER_LIMITS, SECTION_MAX, thousands


def _text(name: str, *, rows: int = 0, help_text="") -> forms.CharField:
    attrs = {"maxlength": HEADER_LIMITS[name]}
    widget = forms.Textarea(attrs=attrs | {"rows": rows}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=Report._meta.get_field(name).verbose_name,
        required=False,
        widget=widget,
        help_text=help_text,
    )


class ReportForm(forms.Form):
    version = version_field()
    symbol = _text("symbol", help_text=gettext_lazy("Ví dụ: 15-BC/ĐU."))
    place = _text("place", help_text=gettext_lazy("Ghi ở đầu văn bản, ví dụ: Hạ Long."))
    signed_on = date_field(gettext_lazy("Ngày ký"))
    recipients = _text(
        "recipients",
        rows=3,
        help_text=gettext_lazy("Mỗi nơi nhận một dòng, ví dụ: - Ban Thường vụ Tỉnh ủy (b/c);"),
    )
    signer_title = _text("signer_title", help_text=gettext_lazy("Ví dụ: T/M ĐẢNG ỦY, BÍ THƯ."))
    signer_name = _text("signer_name")

    HEADER = ("symbol", "place", "signed_on", "recipients", "signer_title", "signer_name")

    def __init__(self, data=None, *, sections, **kwargs):
        super().__init__(data, **kwargs)
        self.section_keys = []
        for section in sections:
            name = f"s_{section.key}"
            hint = f"{section.hint} " if section.hint else ""
            self.fields[name] = forms.CharField(
                label=section.title,
                required=False,
                strip=False,
                help_text=hint + _("Tối đa %(n)s ký tự.") % {"n": thousands(SECTION_MAX)},
                widget=forms.Textarea(attrs={"rows": 7, "maxlength": SECTION_MAX}),
            )
            self.section_keys.append(section.key)

    @classmethod
    def initial_for(cls, report: Report | None, defaults: dict) -> dict:
        if report is None:
            return {"version": 0, **defaults}
        initial = {name: getattr(report, name) for name in cls.HEADER}
        initial |= {f"s_{k}": v for k, v in (report.narrative or {}).items()}
        return initial | {"version": report.version}

    def header(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.HEADER}

    def narrative(self) -> dict:
        return {key: self.cleaned_data.get(f"s_{key}") or "" for key in self.section_keys}

    def place_error(self, error) -> None:
        """Put a service's refusal on the field it names, else on the form."""
        self.add_error(error.field if error.field in self.fields else None, error.message)
