"""Forms of the unit pages: the meeting, the comments and votes, the proposal, the
decision, and a reason (reopening, returning).

The forms only parse what was typed; the services check the rules (present not above
the total, the date within the period, votes not above those present, the levels) and
their refusals are put back on the form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.forms import DATE_HELP, version_field

from .models import Level

NOT_RATED = "none"
REASON_MAX = 2000
TEXT_MAX = 5000
NUMBER_MAX = 100000


def _count_field(label, *, required=True):
    message = _("Hãy nhập một số nguyên từ 0 đến 100000.")
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=NUMBER_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "input--short"}),
        error_messages={
            "required": _("Hãy nhập số người."),
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


def _text(label, *, rows=4, most=TEXT_MAX, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=most,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": most}),
        error_messages={
            "max_length": _("Tối đa %(limit_value)d ký tự (đã nhập %(show_value)d)."),
        },
    )


def level_field(label, *, not_rated=False):
    choices = [(str(n), name) for n, name in Level.choices]
    if not_rated:
        choices.append((NOT_RATED, _("Không xếp loại (công tác dưới 6 tháng trong kỳ)")))
    return forms.ChoiceField(
        label=label,
        choices=[("", _("— Chọn mức —")), *choices],
        error_messages={
            "required": _("Hãy chọn mức xếp loại."),
            "invalid_choice": _("Mức xếp loại đã chọn không hợp lệ."),
        },
    )


def parse_level(value) -> int | str | None:
    """A posted level: 1–4, None for "not rated", or "" when missing or bad."""
    value = str(value or "").strip()
    if value == NOT_RATED:
        return None
    return int(value) if value in ("1", "2", "3", "4") else ""


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Ngày họp"),
        help_text=DATE_HELP,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"maxlength": 10, "inputmode": "numeric", "size": 12}
        ),
        error_messages={
            "required": _("Hãy nhập ngày họp."),
            "invalid": _("Hãy nhập ngày họp theo dạng ngày/tháng/năm, ví dụ 10/12/2026."),
        },
    )
    attendance_total = _count_field(_("Tổng số được triệu tập"))
    attendance_present = _count_field(_("Số có mặt"))
    chaired_by = forms.CharField(
        label=_("Chủ trì"),
        required=False,
        max_length=150,
        error_messages={"max_length": _("Tối đa %(limit_value)d ký tự.")},
    )
    minutes = _text(_("Biên bản, ý kiến chung"), rows=6, most=20000)


class CommentsForm(forms.Form):
    version = version_field()
    meeting = forms.ModelChoiceField(
        label=_("Hội nghị kiểm điểm"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Hãy chọn hội nghị kiểm điểm."),
            "invalid_choice": _("Hội nghị đã chọn không phải của đơn vị, kỳ kiểm điểm này."),
        },
    )
    comments = _text(_("Ý kiến góp ý của tập thể"), rows=5)
    votes_htxs = _count_field(_("Số phiếu HTXS"), required=False)
    votes_htt = _count_field(_("Số phiếu HTT"), required=False)
    votes_htnv = _count_field(_("Số phiếu HTNV"), required=False)
    votes_khtnv = _count_field(_("Số phiếu KHTNV"), required=False)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            _("Ngày %(day)s — có mặt %(present)s/%(total)s")
            % {
                "day": m.held_on.strftime("%d/%m/%Y"),
                "present": m.attendance_present,
                "total": m.attendance_total,
            }
        )

    def votes(self) -> dict[int, int]:
        data = self.cleaned_data
        names = ("votes_htxs", "votes_htt", "votes_htnv", "votes_khtnv")
        return {n: data.get(name) or 0 for n, name in enumerate(names, 1)}


class ProposeForm(forms.Form):
    version = version_field()
    level = level_field(_("Mức đề xuất"))
    assessment = _text(_("Nhận xét, đánh giá của người đứng đầu, bí thư"), rows=6)
    # Parsed by the service, which names the rule when the value is out of range.
    score = forms.CharField(label=_("Điểm đề xuất (thang 100)"), required=False, max_length=10)
    targets_met_percent = forms.CharField(
        label=_("Tỷ lệ chỉ tiêu của lĩnh vực, đơn vị phụ trách đạt được (%)"),
        required=False,
        max_length=10,
    )

    def __init__(self, *args, scores: bool, targets: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not scores:
            del self.fields["score"]
        if not targets:
            del self.fields["targets_met_percent"]


class DecideForm(forms.Form):
    level = level_field(_("Mức xếp loại"), not_rated=True)
    note = _text(_("Ghi chú quyết định"), rows=3, most=REASON_MAX)


class ReasonForm(forms.Form):
    version = version_field()
    reason = _text(_("Lý do"), rows=4, most=REASON_MAX, required=True)

    def __init__(self, *args, label=None, required_message=None, versioned=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not versioned:  # reopening takes no version: only a decided review reopens
            del self.fields["version"]
        field = self.fields["reason"]
        if label:
            field.label = label
        field.error_messages["required"] = required_message or _("Hãy ghi lý do.")
