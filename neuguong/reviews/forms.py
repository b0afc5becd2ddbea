"""The self-review form (Mẫu 02A/02B, 2A/2B, and a collective's 01): sections II–VI,
each point of section I with its self-assessed level, each approved key task's result
and flags, the self-ratings of section VII and the figures the rules read.

The form parses input only; the rules (text lengths, score ranges, a complete review
before submitting) are the services'. Fields are named per point code and per task
key (`point-politics-level`, `task-<key>-result`) so that the page works without JS.
It carries the version it was read at: a save from a stale tab is a conflict.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.forms import version_field

from .models import Level, PointLevel, Review, Track
from .points import point_label
from .services import SECTIONS, TEXT_MAX

TEXT_ROWS = 4
POINT_MESSAGE = _("Mức tự đánh giá không hợp lệ; chọn Xuất sắc, Tốt, Trung bình hoặc Kém.")
LEVEL_MESSAGE = _("Mức xếp loại không hợp lệ; chọn HTXS, HTT, HTNV hoặc KHTNV.")
TASK_FLAGS = ("on_time", "quality_ok", "exceeded")
TASK_COUNTS = ("quality_failures", "late_products")


def _text(label, rows=TEXT_ROWS):
    # No max_length here: the service names the section and the figures when too long.
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_MAX}),
    )


def _point_level(label):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=PointLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": POINT_MESSAGE},
    )


def _whole(label, most: int, *, required=False):
    return forms.IntegerField(label=label, required=required, min_value=0, max_value=most)


def is_nd335(review: Review) -> bool:
    return review.rule_set.module.endswith("nd335")


def self_ratings(review: Review) -> list[tuple[str, bool]]:
    """The self-ratings of section VII the form shows: (field, needed to submit). A
    person's rating for the review's track is needed, the other shown when it applies;
    a collective rates itself once, for its track, and may leave it to the meeting."""
    if review.is_collective:
        return [("self_level_party" if review.track == Track.PARTY else "self_level_staff", False)]
    party = ("self_level_party", review.track == Track.PARTY)
    staff = ("self_level_staff", review.track == Track.STATE)
    person = review.person
    shown = [party, staff] if review.track == Track.PARTY else [staff, party]
    return [
        (name, needed)
        for name, needed in shown
        if needed
        or (name == "self_level_party" and person.is_party_member)
        or (name == "self_level_staff" and person.workplace_id)
    ]


class SelfReviewForm(forms.Form):
    """`review`: the review written; `points`: its ReviewPoint rows; `tasks`: the rows
    of the approved plan's key tasks (views_person.TaskRow)."""

    version = version_field()
    shortcomings = _text(Review._meta.get_field("shortcomings").verbose_name)
    earlier_fixes = _text(Review._meta.get_field("earlier_fixes").verbose_name)
    explanations = _text(Review._meta.get_field("explanations").verbose_name)
    collective_share = _text(Review._meta.get_field("collective_share").verbose_name)
    remedies = _text(Review._meta.get_field("remedies").verbose_name)
    months_worked = _whole(_("Số tháng công tác trong kỳ"), 12)
    maternity_leave = forms.BooleanField(label=_("Nghỉ thai sản trong kỳ"), required=False)

    def __init__(self, *args, review: Review, points, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.review, self.points, self.tasks = review, list(points), list(tasks)
        for point in self.points:
            label = point_label(point.code)
            self.fields[f"point-{point.code}-text"] = _text(label)
            self.fields[f"point-{point.code}-level"] = _point_level(
                _("Tự đánh giá: %(point)s") % {"point": label}
            )
        for row in self.tasks:
            self._add_task(row)
        self.ratings = self_ratings(review)
        for name, _needed in self.ratings:
            self.fields[name] = forms.TypedChoiceField(
                label=Review._meta.get_field(name).verbose_name,
                required=False,
                choices=[(str(v), f"{label}") for v, label in Level.choices],
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": LEVEL_MESSAGE},
            )
        rules = review.rule_set.rules()
        if rules.scores and not is_nd335(review):
            self.fields["self_score"] = forms.CharField(
                label=_("Điểm tự chấm (thang 100 điểm)"), required=False, max_length=10
            )
        if is_nd335(review) and not review.is_collective:
            self.fields["general_score"] = forms.CharField(
                label=_("Điểm tiêu chí chung (tối đa 30 điểm)"), required=False, max_length=10
            )
        if review.is_leader or review.is_collective:
            self.fields["targets_met_percent"] = _whole(
                _("Tỷ lệ chỉ tiêu của lĩnh vực, đơn vị phụ trách đạt được (%)"), 100
            )

    def _add_task(self, row) -> None:
        prefix = f"task-{row.key}"
        title = row.task.title[:80]
        self.fields[f"{prefix}-result"] = _text(
            _("Kết quả thực hiện nhiệm vụ “%(task)s”") % {"task": title}, rows=3
        )
        self.fields[f"{prefix}-level"] = _point_level(
            _("Tự đánh giá nhiệm vụ “%(task)s”") % {"task": title}
        )
        self.fields[f"{prefix}-on_time"] = forms.BooleanField(
            label=_("Đúng tiến độ"), required=False
        )
        self.fields[f"{prefix}-quality_ok"] = forms.BooleanField(
            label=_("Đạt chất lượng"), required=False
        )
        self.fields[f"{prefix}-exceeded"] = forms.BooleanField(
            label=_("Vượt chỉ tiêu"), required=False
        )
        self.fields[f"{prefix}-done_percent"] = _whole(_("Tỷ lệ hoàn thành (%)"), 100)
        if is_nd335(self.review):
            self.fields[f"{prefix}-quality_failures"] = _whole(
                _("Số sản phẩm không đạt chất lượng"), 50
            )
            self.fields[f"{prefix}-late_products"] = _whole(_("Số sản phẩm chậm tiến độ"), 50)

    @classmethod
    def initial_for(cls, review: Review, points, tasks) -> dict:
        """The form's values as saved (a task not yet in the review: from the plan)."""
        initial = {name: getattr(review, name) for name in SECTIONS}
        initial |= {
            "version": review.version,
            "months_worked": review.months_worked,
            "maternity_leave": review.maternity_leave,
            "self_level_staff": review.self_level_staff,
            "self_level_party": review.self_level_party,
            "self_score": _number(review.self_score),
            "general_score": _number(review.general_score),
            "targets_met_percent": review.targets_met_percent,
        }
        for point in points:
            initial[f"point-{point.code}-text"] = point.text
            initial[f"point-{point.code}-level"] = point.self_level
        for row in tasks:
            for name, value in row.values().items():
                initial[f"task-{row.key}-{name}"] = value
        return initial

    def data_for_service(self) -> dict:
        """What `services.save_self_review` takes, from the valid form."""
        cd = self.cleaned_data
        data = {name: cd[name] for name in SECTIONS}
        data["months_worked"] = cd["months_worked"]
        data["maternity_leave"] = cd["maternity_leave"]
        for name in ("self_level_staff", "self_level_party", "self_score", "general_score"):
            if name in self.fields:
                data[name] = cd[name]
        if "targets_met_percent" in self.fields:
            data["targets_met_percent"] = cd["targets_met_percent"]
        data["points"] = {
            p.code: {"text": cd[f"point-{p.code}-text"], "level": cd[f"point-{p.code}-level"]}
            for p in self.points
        }
        data["tasks"] = {}
        for row in self.tasks:
            prefix = f"task-{row.key}"
            value = {"result": cd[f"{prefix}-result"], "level": cd[f"{prefix}-level"]}
            value |= {flag: cd[f"{prefix}-{flag}"] for flag in TASK_FLAGS}
            value["done_percent"] = cd[f"{prefix}-done_percent"]
            for count in TASK_COUNTS:
                if f"{prefix}-{count}" in self.fields:
                    value[count] = cd[f"{prefix}-{count}"]
            data["tasks"][row.key] = value
        return data

    def place(self, error) -> None:
        """Put a service's refusal next to the field it is about."""
        name = error.field or ""
        if name.startswith("points."):
            name = f"point-{name[7:]}-text"
        elif name.startswith("tasks."):
            name = f"task-{name[6:]}-result"
        self.add_error(name if name in self.fields else None, error.message)

    # What the template reads.

    def point_fields(self):
        return [
            (p, self[f"point-{p.code}-text"], self[f"point-{p.code}-level"]) for p in self.points
        ]

    def task_fields(self):
        out = []
        for row in self.tasks:
            prefix = f"task-{row.key}"
            names = ["result", "level", *TASK_FLAGS, "done_percent", *TASK_COUNTS]
            fields = {n: self[f"{prefix}-{n}"] for n in names if f"{prefix}-{n}" in self.fields}
            out.append((row, fields))
        return out

    def rating_fields(self):
        return [(self[name], needed) for name, needed in self.ratings]


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
