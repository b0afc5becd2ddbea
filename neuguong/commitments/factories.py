"""Plans for tests and benchmarks, written straight to the tables (no services)."""

from datetime import date

from django.utils import timezone

from .access import approving_unit
from .models import CommitmentPlan, KeyTask, PlanStatus, Solution


def make_plan(
    person,
    period,
    *,
    status: str = PlanStatus.DRAFT,
    tasks: list[str] | None = None,
    deadline: date | None = None,
    number: int = 1,
) -> CommitmentPlan:
    """A personal plan of `person` with one solution per task."""
    now = timezone.now()
    plan = CommitmentPlan.objects.create(
        period=period,
        person=person,
        unit=approving_unit(person),
        workplace_id=person.workplace_id,
        number=number,
        status=status,
        political_stance="Kiên định lập trường, chấp hành nghiêm đường lối của Đảng.",
        submitted_at=now if status != PlanStatus.DRAFT else None,
        submitted_by=person.user if status != PlanStatus.DRAFT else None,
    )
    for order, title in enumerate(tasks or ["Hoàn thành chương trình giảng dạy đúng hạn"], 1):
        task = KeyTask.objects.create(
            plan=plan,
            order=order,
            title=title,
            target="100%",
            product="Báo cáo kết quả",
            deadline=deadline or period.ends_on,
        )
        Solution.objects.create(task=task, text="Lập lịch làm việc hằng tuần", order=1)
    return plan
