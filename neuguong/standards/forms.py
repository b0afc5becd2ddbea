"""Forms of the ethics code pages.

They parse input only; the rules (the item length limit, empty groups, who may approve)
are checked by the services, whose refusals the views put back on these forms. Every
form that changes a version carries the version it was read at (`version`), so a stale
edit is refused with a conflict instead of overwriting someone else's change.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.forms import version_field
from neuguong.organisations.models import Sector
from neuguong.regulations.models import Period, RegulationItem, RegulationStatus

from .models import CodeSource, EthicsCode, ItemResult, Relationship

TEXT_ROWS = 3


def _relationship_field(*, hidden: bool):
    return forms.TypedChoiceField(
        label=_("Mối quan hệ"),
        choices=Relationship.choices,
        coerce=int,
        widget=forms.HiddenInput if hidden else forms.Select,
        error_messages={
            "required": _("Hãy chọn mối quan hệ."),
            "invalid_choice": _("Mối quan hệ không hợp lệ."),
        },
    )


class VersionForm(forms.Form):
    """A button that changes a version (submit, approve): only the version read."""

    version = version_field()


class ItemForm(forms.Form):
    """One item of a code. The text limit is the period's; the browser is told it through
    `maxlength` and the service checks it again."""

    text = forms.CharField(
        label=_("Nội dung chuẩn mực"),
        strip=True,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
        error_messages={"required": _("Nội dung chuẩn mực không được để trống.")},
    )
    version = version_field()

    def __init__(self, *args, code: EthicsCode, with_relationship_select=False, **kwargs):
        super().__init__(*args, **kwargs)
        limit = code.period.code_item_max_length
        self.limit = limit
        self.fields["text"].widget.attrs["maxlength"] = limit
        self.fields["text"].help_text = _("Tối đa %(limit)s ký tự, ngắn gọn, dễ nhớ, dễ làm.") % {
            "limit": limit
        }
        self.fields["relationship"] = _relationship_field(hidden=not with_relationship_select)


class ItemEditForm(ItemForm):
    """Editing one item: its text, its group and the regulation items it cites."""

    citations = forms.ModelMultipleChoiceField(
        label=_("Căn cứ (điều, mục của văn bản)"),
        queryset=RegulationItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Có điều khoản được trích dẫn không tồn tại.")},
    )

    def __init__(self, *args, code: EthicsCode, **kwargs):
        super().__init__(*args, code=code, with_relationship_select=True, **kwargs)
        field = self.fields["citations"]
        field.queryset = (
            RegulationItem.objects.filter(regulation__status=RegulationStatus.IN_FORCE)
            .select_related("regulation")
            .order_by("regulation__symbol", "order", "pk")
        )
        field.label_from_instance = lambda i: f"{i.regulation.symbol}, {i.number}: {i.title}"
        # Keep the field order: text, group, citations, version.
        self.order_fields(["text", "relationship", "citations", "version"])


class NotApplicableForm(forms.Form):
    """Mark a relationship group not applicable with a reason, or clear the mark."""

    relationship = _relationship_field(hidden=True)
    reason = forms.CharField(
        label=_("Lý do không áp dụng"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Lý do tối đa %(limit_value)d ký tự.")},
    )
    clear = forms.BooleanField(required=False, widget=forms.HiddenInput)
    version = version_field()

    def clean(self):
        data = super().clean()
        if not data.get("clear") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Hãy ghi lý do nhóm này không áp dụng với đơn vị."))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
        error_messages={
            "required": _("Hãy ghi lý do trả lại."),
            "max_length": _("Lý do tối đa %(limit_value)d ký tự."),
        },
    )
    version = version_field()


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Ngày có hiệu lực"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Hãy chọn ngày có hiệu lực."),
            "invalid": _("Ngày có hiệu lực không hợp lệ."),
        },
    )
    version = version_field()


class StartCodeForm(forms.Form):
    """A new version: from a blank page, the previous version or an exemplary code."""

    source = forms.ChoiceField(
        label=_("Xây dựng từ"),
        choices=CodeSource.choices,
        initial=CodeSource.BLANK,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn cách xây dựng."),
            "invalid_choice": _("Cách xây dựng không hợp lệ."),
        },
    )
    based_on = forms.ModelChoiceField(
        label=_("Chuẩn mực tiêu biểu"),
        queryset=EthicsCode.objects.none(),
        required=False,
        empty_label=_("— Chọn khi xây dựng từ chuẩn mực tiêu biểu —"),
        error_messages={"invalid_choice": _("Chuẩn mực tiêu biểu không hợp lệ.")},
    )
    period = forms.ModelChoiceField(
        queryset=Period.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Chưa có kỳ thực hiện."),
            "invalid_choice": _("Kỳ thực hiện không hợp lệ."),
        },
    )

    def __init__(self, *args, exemplary, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = exemplary
        self.fields["based_on"].label_from_instance = lambda c: (
            _("%(unit)s — phiên bản %(n)s") % {"unit": c.unit.name, "n": c.number}
        )
        if not exemplary.exists():
            self.fields["source"].choices = [
                c for c in CodeSource.choices if c[0] != CodeSource.EXEMPLARY
            ]
            del self.fields["based_on"]


class ExemplaryForm(forms.Form):
    sector = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Sector.objects.order_by("name"),
        empty_label=_("— Chọn lĩnh vực —"),
        error_messages={
            "required": _("Hãy chọn lĩnh vực."),
            "invalid_choice": _("Lĩnh vực không hợp lệ."),
        },
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Ghi chú tối đa %(limit_value)d ký tự.")},
    )


class EvaluationForm(forms.Form):
    """Every item's result, evidence and comment, plus the overall result. Field names
    follow the service's (`result_<row id>`), so its refusals land on the right field."""

    overall = forms.ChoiceField(
        label=_("Kết quả chung"),
        choices=ItemResult.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kết quả chung không hợp lệ.")},
    )
    comment = forms.CharField(
        label=_("Nhận xét chung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
    )
    confirm = forms.BooleanField(
        label=_("Tôi đã kiểm tra; chốt kết quả và không sửa được nữa."), required=False
    )
    version = version_field()

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"result_{row.pk}"] = forms.ChoiceField(
                label=_("Kết quả"),
                choices=ItemResult.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Kết quả không hợp lệ.")},
            )
            for name, label in (("evidence", _("Minh chứng")), ("comment", _("Nhận xét"))):
                self.fields[f"{name}_{row.pk}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def row_fields(self):
        """(row, result field, evidence field, comment field) for the template."""
        return [
            (row, self[f"result_{row.pk}"], self[f"evidence_{row.pk}"], self[f"comment_{row.pk}"])
            for row in self.rows
        ]

    def results(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            row.pk: {
                "result": data[f"result_{row.pk}"],
                "evidence": data[f"evidence_{row.pk}"],
                "comment": data[f"comment_{row.pk}"],
            }
            for row in self.rows
        }


def evaluation_initial(evaluation, rows) -> dict:
    initial = {
        "overall": evaluation.overall,
        "comment": evaluation.comment,
        "version": evaluation.version,
    }
    for row in rows:
        initial[f"result_{row.pk}"] = row.result
        initial[f"evidence_{row.pk}"] = row.evidence
        initial[f"comment_{row.pk}"] = row.comment
    return initial
