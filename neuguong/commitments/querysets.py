"""Queries over people and their plans for exports.

`plan_rows(unit, period)` walks every active person of a unit's subtree with the plan
version that speaks for them and its key tasks. The people and their plan are those
of the approvers' people list (plan_status.unit_people and with_plan_status), so the
export and the page agree. People come through `.iterator()` in chunks of 2,000, and
each chunk's plans, tasks and solutions are fetched in three more queries: memory
stays bounded at any size of unit.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from django.db.models import Count

from .models import CommitmentPlan, KeyTask, Solution
from .plan_status import unit_people, with_plan_status

CHUNK = 2000
PLAN_FIELDS = ("status", "number", "submitted_at", "is_late", "decided_at")


@dataclass
class TaskRow:
    order: int
    title: str
    target: str
    deadline: date | None
    product: str
    progress_status: str
    progress_percent: int
    solutions: list[str] = field(default_factory=list)


@dataclass
class PlanRow:
    person_id: int
    code: str
    full_name: str
    workplace: str
    party_cell: str
    plan_id: int | None = None
    status: str | None = None
    number: int | None = None
    submitted_at: datetime | None = None
    is_late: bool = False
    decided_at: datetime | None = None
    task_count: int = 0
    tasks: list[TaskRow] = field(default_factory=list)


PERSON_FIELDS = ("pk", "code", "full_name", "workplace__name", "party_cell__name", "plan_id")


def _people(unit, period):
    people = with_plan_status(unit_people(unit), period)
    return people.values_list(*PERSON_FIELDS).iterator(chunk_size=CHUNK)


def _fill(rows: list[PlanRow]) -> None:
    """Each row's plan fields and tasks: three queries for the whole chunk."""
    by_plan = {r.plan_id: r for r in rows if r.plan_id}
    if not by_plan:
        return
    plans = (
        CommitmentPlan.objects.filter(pk__in=by_plan)
        .annotate(task_count=Count("tasks"))
        .values_list("pk", *PLAN_FIELDS, "task_count")
    )
    for pk, status, number, submitted_at, is_late, decided_at, count in plans:
        row = by_plan[pk]
        row.status, row.number, row.is_late, row.task_count = status, number, is_late, count
        row.submitted_at, row.decided_at = submitted_at, decided_at
    tasks = {}
    for task_id, plan_id, *values in KeyTask.objects.filter(plan_id__in=by_plan).values_list(
        "pk", "plan_id", "order", "title", "target", "deadline", "product",
        "progress_status", "progress_percent",
    ).order_by("plan_id", "order", "pk"):  # fmt: skip
        tasks[task_id] = TaskRow(*values)
        by_plan[plan_id].tasks.append(tasks[task_id])
    solutions = defaultdict(list)
    for task_id, text in (
        Solution.objects.filter(task_id__in=tasks)
        .order_by("task_id", "order", "pk")
        .values_list("task_id", "text")
    ):
        solutions[task_id].append(text)
    for task_id, texts in solutions.items():
        tasks[task_id].solutions = texts


def plan_rows(unit, period):
    """Every active person of `unit`'s subtree (in the people list's order) with the
    plan of `period` that speaks for them and its key tasks, as `PlanRow`s."""
    people = _people(unit, period)
    while chunk := list(islice(people, CHUNK)):
        rows = [PlanRow(*values) for values in chunk]
        _fill(rows)
        yield from rows
