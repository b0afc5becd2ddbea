"""Forms of the approvers' pages: the people list's filters, a decision on one plan, the
unit's approval setting."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from neuguong.core.access import VIEW_PLANS
from neuguong.organisations.forms import MAX_SEARCH, ScopedForm, unit_field, version_field
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from . import plan_status as q
from .models import ApproverChoice
from .services import REASON_MAX

STATE_CHOICES = [
    ("", _("Tất cả")),
    (q.REGISTERED, _("Đã đăng ký (đã nộp)")),
    (q.WAITING, _("Chờ phê duyệt")),
    (q.MINE, _("Chờ tôi phê duyệt")),
    (q.RETURNED, _("Bị trả lại")),
    (q.APPROVED, _("Đã phê duyệt")),
    (q.LATE, _("Nộp sau hạn")),
    (q.NOT_REGISTERED, _("Chưa đăng ký (chưa nộp)")),
    (q.NONE, _("Chưa lập kế hoạch")),
    (q.DRAFT, _("Đang soạn, chưa nộp")),
]


class PlanListForm(ScopedForm):
    unit = unit_field(
        _("Đơn vị"),
        perm_param="",
        help_text=_("Gồm cả các đơn vị trực thuộc. Để trống: đơn vị cao nhất đồng chí phụ trách."),
    )
    period = forms.ModelChoiceField(
        label=_("Kỳ"),
        queryset=Period.objects.only("pk", "name"),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Kỳ đã chọn không tồn tại.")},
    )
    state = forms.ChoiceField(
        label=_("Tình trạng kế hoạch"),
        choices=STATE_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Tình trạng đã chọn không hợp lệ.")},
    )
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), max_length=MAX_SEARCH, required=False)

    def __init__(self, data, **kwargs):
        data = data.copy()
        data["q"] = (data.get("q") or "")[:MAX_SEARCH]
        super().__init__(data, **kwargs)

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit is not None and not scope_for(self.user, VIEW_PLANS).covers_path(unit.path):
            raise ValidationError(_("Đồng chí không theo dõi kế hoạch của đơn vị này."))
        return unit


class DecideForm(forms.Form):
    version = version_field()


class ReturnForm(forms.Form):
    version = version_field()
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
        error_messages={"required": _("Hãy ghi lý do trả lại.")},
    )


class PlanSettingsForm(forms.Form):
    approver = forms.ChoiceField(
        label=_("Người phê duyệt kế hoạch cá nhân của cán bộ đơn vị"),
        choices=[
            (ApproverChoice.DEFAULT, ApproverChoice.DEFAULT.label),
            (ApproverChoice.WORKPLACE, ApproverChoice.WORKPLACE.label),
        ],
        error_messages={"invalid_choice": _("Cách phê duyệt đã chọn không hợp lệ.")},
    )
