"""Helpers shared by the tests of a person's plan pages (test_views_plan*.py)."""

from django.urls import reverse

from neuguong.commitments.models import CommitmentPlan

TASK = {
    "title": "Đổi mới phương pháp dạy học môn Toán lớp 10",
    "target": "80% học sinh đạt khá trở lên",
    "deadline": "2026-06-30",
    "product": "Giáo án điện tử",
    "solutions": ["Dự giờ đồng nghiệp mỗi tháng", "Tự học công nghệ thông tin"],
}


def editor_post(plan: CommitmentPlan, *, tasks=None, version=None, **fields) -> dict:
    """What the editor posts: the sections, the version read and the task rows."""
    if tasks is None:
        tasks = [
            {
                "key": str(t.key),
                "title": t.title,
                "target": t.target,
                "deadline": t.deadline.isoformat() if t.deadline else "",
                "product": t.product,
                "solutions": [s.text for s in t.solutions.all()],
            }
            for t in plan.tasks.prefetch_related("solutions")
        ]
    data = {
        "version": plan.version if version is None else version,
        "political_stance": plan.political_stance,
        "ethics_note": plan.ethics_note,
        "theme_study": plan.theme_study,
        "discipline_family": plan.discipline_family,
        "task_count": len(tasks) + 1,  # and the empty row the page shows
    }
    for i, task in enumerate(tasks):
        for name in ("key", "title", "target", "deadline", "product"):
            data[f"task-{i}-{name}"] = task.get(name, "")
        data[f"task-{i}-solution"] = list(task.get("solutions", []))
    return data | fields


def state(plan: CommitmentPlan):
    """Everything a refused action must leave as it was."""
    plan.refresh_from_db()
    tasks = [
        (t.title, t.deadline, tuple(s.text for s in t.solutions.all()))
        for t in plan.tasks.prefetch_related("solutions")
    ]
    return plan.status, plan.version, plan.is_late, plan.political_stance, tasks


def url(name: str, pk=None) -> str:
    return reverse(f"commitments:{name}", args=[pk] if pk is not None else [])
