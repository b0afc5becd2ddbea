"""manage.py rebuild_tallies [--period ID]

Count the dashboards' tallies again in full, then drop the marks the full count made
redundant and apply any others.

The marks read before the count began are deleted by id once the count is done: their
writes were committed before the count read the source tables, so it counted them.
Marks written meanwhile (another process writing during the count) are applied by a
drain afterwards, as any reader would. With --period only the marks of that period are
deleted unread; marks for every period (a unit's or a person's change, a moved unit)
are left to the drain, which applies them to the other periods too.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from neuguong.dashboards import tally
from neuguong.dashboards.models import TallyMark
from neuguong.regulations.models import Period

DELETE_BATCH = 900


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def rebuild(periods: list[Period], *, only_period: bool) -> tuple[int, int]:
    """Rebuild `periods` in one transaction and delete the marks they made redundant;
    then drain the rest. Returns (marks deleted, marks applied)."""
    marks = TallyMark.objects.all()
    if only_period:
        marks = marks.filter(period_id=periods[0].pk)
    with transaction.atomic():
        ids = list(marks.order_by("pk").values_list("pk", flat=True))
        for period in periods:
            tally.rebuild(period)
        for i in range(0, len(ids), DELETE_BATCH):
            TallyMark.objects.filter(pk__in=ids[i : i + DELETE_BATCH]).delete()
    return len(ids), tally.drain()


class Command(BaseCommand):
    help = (
        "Tính lại toàn bộ số liệu tổng hợp của bảng điều khiển (mọi kỳ, hoặc một kỳ với "
        "--period), rồi xoá các đánh dấu thay đổi đã được tính lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, help="Mã (id) của kỳ cần tính lại.")

    def handle(self, *args, period: int | None, **options):
        if period is None:
            periods = list(Period.objects.order_by("starts_on", "pk"))
        else:
            periods = list(Period.objects.filter(pk=period))
            if not periods:
                raise CommandError(f"Không có kỳ nào có mã {period}.")
        start = time.perf_counter()
        deleted, applied = rebuild(periods, only_period=period is not None)
        elapsed = time.perf_counter() - start
        if options["verbosity"] >= 1:
            names = ", ".join(str(p) for p in periods) or "không có kỳ nào"
            self.stdout.write(
                f"Đã tính lại số liệu tổng hợp của {len(periods)} kỳ ({names}) trong "
                f"{elapsed:.1f} giây; đã xoá {number(deleted)} đánh dấu thay đổi đã được tính lại, "
                f"áp dụng {number(applied)} đánh dấu mới."
            )
