"""Writing composed demo reviews (demo_compose.Item) to the tables in bulk: the reviews
with the content their status calls for, their section I points, one task row per
approved key task, and each unit's meeting. Rows carry explicit ids; no services, no
audit rows: this is seed data (the decisions that go through services are written
"proposed" here and decided afterwards, see demo.py).

The content follows the item's merit, so the review's own rules allow it: HTXS has
every task on time and at quality with half of them exceeded and a score of 90 or more,
HTT every task on time, HTNV one task late, KHTNV a point self-assessed Kém (or the
discipline or finding that disqualifies).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from neuguong.commitments.demo import prep
from neuguong.standards.demo import insert

from . import demo_bank as bank
from .demo_compose import Item
from .models import PointLevel, Review, ReviewMeeting, ReviewPoint, ReviewStatus, ReviewTask
from .points import FORM_POINTS
from .rules.base import HTNV, HTT, HTXS, KHTNV

S = ReviewStatus
BANDS = {HTXS: (90, 98), HTT: (72, 88), HTNV: (55, 68), KHTNV: (35, 48)}
GENERAL = {HTXS: (27, 30), HTT: (21, 28), HTNV: (16, 22), KHTNV: (10, 15)}
POINT_LEVEL = {
    HTXS: PointLevel.EXCELLENT,
    HTT: PointLevel.GOOD,
    HTNV: PointLevel.AVERAGE,
    KHTNV: PointLevel.AVERAGE,
}
CONVERTED = ("DateTimeField", "DateField", "UUIDField")
VERSION = {S.DRAFT: 2, S.SUBMITTED: 3, S.COMMENTED: 4, S.PROPOSED: 5, S.DECIDED: 6}


def next_id(model) -> int:
    return (model.objects.aggregate(n=Max("pk"))["n"] or 0) + 1


class Clock:
    """The moments of a period's round, before its base day (today, or the period's
    end if that came first), each in office hours and never in the future."""

    def __init__(self, period, rng):
        self.rng = rng
        self.now = timezone.now()
        self.base = min(timezone.localdate(), period.ends_on)
        self.start = period.starts_on
        self.zone = timezone.get_current_timezone()

    def day(self, low: int, high: int) -> date:
        return max(self.start, self.base - timedelta(days=self.rng.randint(low, high)))

    def moment(self, low: int, high: int) -> datetime:
        hour = time(7 + self.rng.randrange(10), self.rng.randrange(60))
        return min(datetime.combine(self.day(low, high), hour, tzinfo=self.zone), self.now)


class Writer:
    def __init__(self, period, rng, *, assessors: dict[int, int], decider: int | None):
        self.period, self.rng = period, rng
        self.clock = Clock(period, rng)
        self.assessors = assessors  # unit id -> user id who proposes and records
        self.decider = decider  # user id recorded on the decisions written here
        self.meetings: dict[int, int] = {}
        self.rows = {model: [] for model in (Review, ReviewPoint, ReviewTask, ReviewMeeting)}
        self._rules: dict[int, object] = {}

    def rules(self, item: Item):
        if item.rule_set.pk not in self._rules:
            self._rules[item.rule_set.pk] = item.rule_set.rules()
        return self._rules[item.rule_set.pk]

    # -- the rows ------------------------------------------------------------------------

    def add(self, items: list[Item], *, heads: dict[int, str]) -> None:
        """Ids and rows of `items`; a meeting for each unit with reviews commented on."""
        review_id, point_id, task_id = (next_id(m) for m in (Review, ReviewPoint, ReviewTask))
        meeting_id = next_id(ReviewMeeting)
        people = defaultdict(int)
        for item in items:
            if item.person:
                people[item.unit.pk] += 1
        for item in items:
            if item.at_least(S.COMMENTED) and item.unit.pk not in self.meetings:
                self.meetings[item.unit.pk] = meeting_id
                self.rows[ReviewMeeting].append(
                    self.meeting(meeting_id, item.unit, people[item.unit.pk], heads)
                )
                meeting_id += 1
        for item in items:
            item.pk, review_id = review_id, review_id + 1
            tasks = self.tasks(item)
            for row in tasks:
                row["id"], task_id = task_id, task_id + 1
            points = self.points(item)
            for row in points:
                row["id"], point_id = point_id, point_id + 1
            self.rows[ReviewTask] += tasks
            self.rows[ReviewPoint] += points
            self.rows[Review].append(self.review(item, tasks))

    def meeting(self, pk: int, unit, people: int, heads: dict[int, str]) -> dict:
        total = max(1, people)
        absent = self.rng.randint(0, min(2, total - 1))
        return {
            "id": pk,
            "period_id": self.period.pk,
            "unit_id": unit.pk,
            "held_on": self.clock.day(8, 13),
            "attendance_total": total,
            "attendance_present": total - absent,
            "chaired_by": heads.get(unit.pk, ""),
            "minutes": bank.MINUTES.format(year=self.period.starts_on.year),
            "recorded_by_id": self.assessors.get(unit.pk),
            "created_at": self.clock.now,
        }

    def points(self, item: Item) -> list[dict]:
        kind = "collective" if item.collective else ("leader" if item.is_leader else "personal")
        rows = []
        for n, code in enumerate(FORM_POINTS[kind], 1):
            good, average = bank.POINTS[code]
            text, level = "", ""
            if item.fill == "full" or (item.fill == "partial" and n <= 2):
                level = POINT_LEVEL[item.merit]
                if item.merit == HTXS and n == len(FORM_POINTS[kind]) - 1:
                    level = PointLevel.GOOD
                if item.merit == HTNV and n == 1:
                    level = PointLevel.GOOD
                if item.poor_point and code in ("duties", "tasks"):
                    level = PointLevel.POOR
                text = {PointLevel.POOR: bank.POOR_POINT, PointLevel.AVERAGE: average}.get(
                    level, good
                )
            rows.append(
                {"review_id": item.pk, "code": code, "order": n, "text": text, "self_level": level}
            )
        return rows

    def tasks(self, item: Item) -> list[dict]:
        rows = []
        full = item.fill == "full"
        exceed = (len(item.tasks) + 1) // 2 if item.merit == HTXS else 0
        for n, task in enumerate(item.tasks):
            row = {
                "review_id": item.pk,
                "task_key": task.key,
                "key_task_id": task.pk,
                "order": task.order,
                "result": "",
                "self_level": "",
                "on_time": task.status != "behind",
                "quality_ok": True,
                "exceeded": task.status == "exceeded",
                "done_percent": min(task.percent, 100),
                "quality_failures": 0,
                "late_products": 0,
            }
            if full or (item.fill == "partial" and n == 0):
                row.update(self.task_result(item, n, exceed))
            rows.append(row)
        return rows

    def task_result(self, item: Item, n: int, exceed: int) -> dict:
        rng, merit = self.rng, item.merit
        out = {"on_time": True, "quality_ok": True, "done_percent": 100, "exceeded": n < exceed}
        out["self_level"] = POINT_LEVEL[merit]
        kind = "exceeded" if out["exceeded"] else "done"
        # Collectives keep every task on time: QĐ 366 rates a collective with late
        # tasks below HTNV.
        if n == 0 and merit in (HTNV, KHTNV) and not item.collective:
            out.update(on_time=False, late_products=1)
            kind = "late"
            if merit == KHTNV:
                out.update(quality_ok=False, quality_failures=1, done_percent=60)
                kind = "poor"
        out["result"] = rng.choice(bank.RESULTS[kind])
        return out

    def review(self, item: Item, tasks: list[dict]) -> dict:
        rng, clock, merit = self.rng, self.clock, item.merit
        # A decision that goes through services is written as the proposal it decides.
        status = S.PROPOSED if item.decided and item.via_service else item.status
        row = {
            "id": item.pk,
            "period_id": self.period.pk,
            "person_id": item.person.pk if item.person else None,
            "unit_id": item.unit.pk,
            "subject": item.subject,
            "track": item.track,
            "rule_set_id": item.rule_set.pk,
            "form": item.form,
            "post_title": item.post_title,
            "is_head": item.is_head,
            "is_deputy": item.is_deputy,
            "quota_key": item.quota_key,
            "quota_label": item.quota_label,
            "plan_id": item.plan,
            "status": status,
            "months_worked": item.months,
            "version": VERSION[status],
        }
        if item.fill == "partial":
            row["shortcomings"] = rng.choice(bank.SHORTCOMINGS)
        if item.fill == "full":
            row.update(self.self_review(item, tasks))
        if item.at_least(S.SUBMITTED):
            row["submitted_at"] = clock.moment(14, 30)
        if item.at_least(S.COMMENTED):
            row.update(self.comments(item))
        if item.at_least(S.PROPOSED):
            row.update(
                assessment=bank.ASSESSMENTS[merit],
                proposed_level=merit,
                proposed_score=row.get("self_score"),
                proposed_by_id=self.assessors.get(item.unit.pk),
                proposed_at=clock.moment(3, 7),
            )
            if item.is_leader or item.collective:
                row["targets_met_percent"] = rng.randint(80, 100)
        if status == S.DECIDED:
            row.update(
                decided_level=item.level,
                not_rated=item.not_rated,
                decided_score=row.get("proposed_score"),
                decided_by_id=self.decider,
                decided_at=clock.moment(0, 2),
            )
        return row

    def self_review(self, item: Item, tasks: list[dict]) -> dict:
        rng, merit = self.rng, item.merit
        out = {
            "shortcomings": rng.choice(bank.SHORTCOMINGS),
            "earlier_fixes": rng.choice(bank.EARLIER_FIXES),
            "explanations": rng.choice(bank.EXPLANATIONS),
            "collective_share": rng.choice(bank.COLLECTIVE_SHARE),
            "remedies": rng.choice(bank.REMEDIES),
        }
        if item.person:
            field = "self_level_party" if item.track == "party" else "self_level_staff"
            out[field] = merit
        rules = self.rules(item)
        if item.rule_set.module.endswith("nd335") and item.person:
            general = Decimal(rng.randint(*GENERAL[merit]))
            out["general_score"] = general
            if tasks:
                shaped = [SimpleNamespace(**t) for t in tasks]
                out["self_score"] = rules.score(
                    SimpleNamespace(is_collective=False, tasks=shaped, general_score=general),
                    None,
                )
            else:
                out["self_score"] = self.band_score(merit)
        elif rules.scores:
            out["self_score"] = self.band_score(merit)
        return out

    def band_score(self, merit: int) -> Decimal:
        low, high = BANDS[merit]
        return Decimal(self.rng.randint(2 * low, 2 * high)) / 2

    def comments(self, item: Item) -> dict:
        meeting = self.rows[ReviewMeeting][self.meetings[item.unit.pk] - self.first_meeting()]
        present = meeting["attendance_present"]
        votes = {1: 0, 2: 0, 3: 0, 4: 0}
        other = min(present, self.rng.randint(0, 2))
        votes[item.merit] += present - other
        votes[min(4, item.merit + 1)] += other
        return {
            "meeting_id": meeting["id"],
            "collective_comments": self.rng.choice(bank.COMMENTS[item.merit]),
            "votes_htxs": votes[1],
            "votes_htt": votes[2],
            "votes_htnv": votes[3],
            "votes_khtnv": votes[4],
        }

    def first_meeting(self) -> int:
        return self.rows[ReviewMeeting][0]["id"]

    # -- writing -------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        sqlite = connection.vendor == "sqlite"
        for model in (ReviewMeeting, Review, ReviewPoint, ReviewTask):
            fields = model._meta.concrete_fields
            names = [f.attname for f in fields]
            # Only dates, moments and uuids need converting, and only for SQLite.
            convert = [
                (f.attname, prep(model, f.name))
                for f in fields
                if sqlite and f.get_internal_type() in CONVERTED
            ]
            base = defaults(model, self.clock.now)
            for name, c in convert:
                if base[name] != "":  # "": a column every row gives
                    base[name] = c(base[name])
            rows = []
            for row in self.rows[model]:
                for name, c in convert:
                    if name in row:
                        row[name] = c(row[name])
                merged = base | row
                rows.append([merged[name] for name in names])
            insert(model._meta.db_table, tuple(f.column for f in fields), rows)
        if connection.vendor == "postgresql":
            models = [Review, ReviewPoint, ReviewTask, ReviewMeeting]
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        return {m._meta.model_name: len(rows) for m, rows in self.rows.items()}


def defaults(model, now) -> dict:
    """The value of each column a row leaves out: Django's default, else empty."""
    out = {}
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            out[f.attname] = now
        elif f.has_default() and not callable(f.default):
            out[f.attname] = f.get_default()
        else:
            out[f.attname] = None if f.null else ""
    return out
