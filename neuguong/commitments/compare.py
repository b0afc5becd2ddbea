"""Two versions of a plan side by side: sections by name, ethics lines by text, key
tasks paired by their key (a task keeps its key across versions)."""

from django.utils.translation import gettext as _

from .models import CommitmentPlan

ADDED, CHANGED, REMOVED, SAME = "added", "changed", "removed", "same"


def _change(old: str, new: str) -> str:
    if old == new:
        return SAME
    if not old:
        return ADDED
    return REMOVED if not new else CHANGED


def _task_text(task) -> str:
    lines = [task.title]
    if task.target:
        lines.append(_("Chỉ tiêu: %(t)s") % {"t": task.target})
    if task.deadline:
        lines.append(_("Thời hạn: %(d)s") % {"d": task.deadline.strftime("%d/%m/%Y")})
    if task.product:
        lines.append(_("Sản phẩm: %(p)s") % {"p": task.product})
    lines += [_("Giải pháp: %(s)s") % {"s": s.text} for s in task.solutions.all()]
    return "\n".join(lines)


def _tasks(plan: CommitmentPlan) -> dict:
    return {t.key: t for t in plan.tasks.prefetch_related("solutions")}


def section_rows(old: CommitmentPlan | None, new: CommitmentPlan) -> list[dict]:
    fields = ["political_stance", "ethics_note", "theme_study", "discipline_family"]
    if new.is_leader or (old and old.is_leader):
        fields.append("leadership")
    rows = []
    for name in fields:
        before, after = (getattr(old, name) if old else ""), getattr(new, name)
        if before or after:
            label = CommitmentPlan._meta.get_field(name).verbose_name
            rows.append(
                {"label": label, "old": before, "new": after, "change": _change(before, after)}
            )
    return rows


def ethics_rows(old: CommitmentPlan | None, new: CommitmentPlan) -> list[dict]:
    before = [e.text for e in old.ethics.all()] if old else []
    after = [e.text for e in new.ethics.all()]
    rows = [
        {"old": t, "new": t if t in after else "", "change": SAME if t in after else REMOVED}
        for t in before
    ]
    rows += [{"old": "", "new": t, "change": ADDED} for t in after if t not in before]
    return rows


def task_rows(old: CommitmentPlan | None, new: CommitmentPlan) -> list[dict]:
    before = _tasks(old) if old else {}
    after = _tasks(new)
    rows = []
    for key, task in after.items():
        text = _task_text(task)
        previous = _task_text(before[key]) if key in before else ""
        rows.append(
            {"title": task.title, "old": previous, "new": text, "change": _change(previous, text)}
        )
    for key, task in before.items():
        if key not in after:
            rows.append(
                {"title": task.title, "old": _task_text(task), "new": "", "change": REMOVED}
            )
    return rows
