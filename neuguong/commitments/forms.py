"""Forms of a person's plan pages: the whole draft, progress on a key task, an evidence
file, the reason for an amendment.

They parse input only; the rules (lengths, deadlines inside the period, a complete plan
before submitting, files checked by content) are the services'. The draft form carries
the version it was read at, so a save from a stale tab is a conflict, never an overwrite.

Key tasks and free ethics lines are lists of any length, posted as numbered inputs
(`task-0-title`, `task-0-solution` repeated, ...) so that the page works without JS:
`rows_from_post` reads them back into rows that the editor renders again as typed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.forms import version_field

from .models import TaskStatus
from .services import LINE_MAX, MOST_SOLUTIONS, MOST_TASKS, REASON_MAX, SECTION_MAX

# How many rows a page may post: the service refuses more than MOST_TASKS filled ones;
# past this the post is malformed.
MOST_ROWS = MOST_TASKS + 10
MOST_EMPTY_ROWS = 5
TASK_FIELDS = ("title", "target", "deadline", "product")
SECTION_ROWS = 4


def _section(label):
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": SECTION_ROWS, "maxlength": SECTION_MAX}),
    )


class PlanForm(forms.Form):
    """The sections and the chosen ethics items of a draft (tasks are rows, below)."""

    version = version_field()
    political_stance = _section(_("Cam kết về tư tưởng chính trị"))
    ethics_note = _section(_("Nội dung khác về đạo đức, lối sống"))
    theme_study = _section(_("Cam kết học tập và làm theo chuyên đề năm"))
    discipline_family = _section(
        _("Cam kết về ý thức tổ chức kỷ luật, trách nhiệm nêu gương, gia đình")
    )
    leadership = _section(_("Cam kết về lãnh đạo, chỉ đạo, quản lý"))
    code_items = forms.TypedMultipleChoiceField(
        label=_("Chuẩn mực đạo đức của đơn vị"),
        required=False,
        coerce=int,
        error_messages={"invalid_choice": _("Có chuẩn mực được chọn không thuộc đơn vị.")},
    )
    standards = forms.TypedMultipleChoiceField(
        label=_("Chuẩn mực đạo đức cách mạng (Quy định 144-QĐ/TW)"),
        required=False,
        coerce=int,
        error_messages={"invalid_choice": _("Có chuẩn mực được chọn không thuộc Quy định 144.")},
    )

    def __init__(self, *args, is_leader: bool, code_choices, standard_choices, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_leader:
            del self.fields["leadership"]
        self.fields["code_items"].choices = [(pk, pk) for pk in code_choices]
        self.fields["standards"].choices = [(pk, pk) for pk in standard_choices]

    def sections(self) -> dict:
        names = ("political_stance", "ethics_note", "theme_study", "discipline_family")
        names += ("leadership",) if "leadership" in self.fields else ()
        return {name: self.cleaned_data[name] for name in names}

    def checked(self, name: str) -> set[str]:
        """The ids ticked in `name`, as strings, whether the form is bound or not."""
        return {str(v) for v in (self[name].value() or [])}


def _value(data, name: str) -> str:
    return str(data.get(name) or "")[: SECTION_MAX + 1]


def _empty(row: dict) -> bool:
    return not any(row[f].strip() for f in TASK_FIELDS) and not any(
        s.strip() for s in row["solutions"]
    )


def rows_from_post(data) -> tuple[list[dict], int, str | None]:
    """The task rows as posted (a deleted row left out), the number of empty rows, and
    an error when the post is malformed."""
    try:
        count = int(data.get("task_count") or 0)
    except ValueError:
        count = -1
    if not 0 <= count <= MOST_ROWS:
        return [], 0, str(_("Danh sách nhiệm vụ gửi lên không hợp lệ; hãy mở lại trang."))
    deleted = str(data.get("delete_task") or "")
    rows, empty = [], 0
    for i in range(count):
        if str(i) == deleted:
            continue
        row = {"index": i, "key": _value(data, f"task-{i}-key")[:40]}
        row |= {f: _value(data, f"task-{i}-{f}") for f in TASK_FIELDS}
        row["solutions"] = [str(s)[: LINE_MAX + 1] for s in data.getlist(f"task-{i}-solution")]
        row["solutions"] = row["solutions"][: MOST_SOLUTIONS + 5]
        if _empty(row):
            empty += 1
        rows.append(row)
    return rows, empty, None


def tasks_for_service(rows: list[dict]) -> list[dict]:
    """The filled rows, as `services.save_plan` takes them."""
    return [
        {
            "key": row["key"],
            "title": row["title"],
            "target": row["target"],
            "product": row["product"],
            "deadline": row["deadline"].strip() or None,
            "solutions": row["solutions"],
        }
        for row in rows
        if not _empty(row)
    ]


def rows_from_plan(plan) -> list[dict]:
    return [
        {
            "key": str(task.key),
            "title": task.title,
            "target": task.target,
            "deadline": task.deadline.isoformat() if task.deadline else "",
            "product": task.product,
            "solutions": [s.text for s in task.solutions.all()],
        }
        for task in plan.tasks.prefetch_related("solutions")
    ]


def editor_rows(rows: list[dict], *, extra: int) -> list[dict]:
    """Rows to render: each with its index and its solutions plus blank inputs, then
    `extra` empty rows for new tasks."""
    blank = {"key": "", "solutions": []} | dict.fromkeys(TASK_FIELDS, "")
    out = []
    for row in [*rows, *([blank] * max(0, min(extra, MOST_EMPTY_ROWS)))]:
        solutions = [s for s in row["solutions"] if s.strip()]
        spare = 2 if not solutions else 1
        if len(solutions) < MOST_SOLUTIONS:
            solutions += [""] * min(spare, MOST_SOLUTIONS - len(solutions))
        out.append(row | {"index": len(out), "number": len(out) + 1, "solutions": solutions})
    return out


def ethics_lines(form: PlanForm, data) -> list[dict]:
    """The ethics section as `services.save_plan` takes it: ticked code items, ticked
    QĐ 144 standards, then the person's own lines."""
    lines = [{"code_item": pk} for pk in form.cleaned_data["code_items"]]
    lines += [{"regulation_item": pk} for pk in form.cleaned_data["standards"]]
    own = [str(t)[: LINE_MAX + 1] for t in data.getlist("ethics_line")][:50]
    return lines + [{"text": t} for t in own if t.strip()]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tiến độ"),
        choices=TaskStatus.choices,
        error_messages={
            "required": _("Hãy chọn tiến độ."),
            "invalid_choice": _("Tiến độ không hợp lệ."),
        },
    )
    percent = forms.IntegerField(
        label=_("Tỷ lệ hoàn thành (%)"),
        min_value=0,
        max_value=100,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            _("Tỷ lệ hoàn thành là một số từ 0 đến 100."),
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Ghi chú tối đa %(limit_value)d ký tự.")},
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp minh chứng (PDF, ảnh, Word, Excel, PowerPoint)"),
        error_messages={
            "required": _("Hãy chọn một tệp."),
            "missing": _("Hãy chọn một tệp."),
            "invalid": _("Tệp gửi lên không hợp lệ; hãy chọn lại."),
            "empty": _("Tệp đã chọn rỗng."),
        },
    )


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Hãy ghi lý do điều chỉnh."),
            "max_length": _("Lý do điều chỉnh tối đa %(limit_value)d ký tự."),
        },
    )
