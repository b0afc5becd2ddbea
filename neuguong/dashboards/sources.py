"""Where each counter comes from: one definition per counter, used both to recount a
unit's own tally and to list the rows behind a figure, so the two cannot disagree.

Each row counted is attached to exactly one unit, so the counts add up the tree:
- a unit's own code, collective plan and "units" count: the unit itself (active units);
- a person: their home, the party cell if they have one, else the workplace
  (active people only);
- a review: the unit where it is held;
- a quota group: the unit that owns it (the unit, or for collectives their parent);
- a discipline record: the person's home, or the disciplined unit; it counts in a
  period when its decision date falls inside the period.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from neuguong.commitments.models import PlanStatus
from neuguong.commitments.plan_status import (
    REGISTERED_STATUSES,
    speaking_collective_plan,
    speaking_plan,
)
from neuguong.organisations.models import Person, Unit
from neuguong.regulations.models import Period
from neuguong.reviews.models import Discipline, Review, ReviewStatus, RuleSet, Subject, Track

from . import queries

CODE_FLAGS = {
    "code_built": "built",
    "code_approved": "approved",
    "code_published": "published",
    "code_acknowledged": "acknowledged",
    "code_evaluated": "evaluated",
}
LEVELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Family:
    """Counters counted over one kind of row."""

    name: str  # units, people, reviews, creviews, discipline, quota
    counters: dict  # counter -> Q over the annotated rows (None: computed apart)


def _decided(track: str, level: int) -> Q:
    return Q(status=ReviewStatus.DECIDED, not_rated=False, track=track, decided_level=level)


UNIT_FAMILY = Family(
    "units",
    {
        "units": Q(),
        **dict.fromkeys(CODE_FLAGS),
        "cplan_registered": Q(cplan_status__in=REGISTERED_STATUSES),
        "cplan_approved": Q(cplan_status=PlanStatus.APPROVED),
        "cplan_late": Q(cplan_late=True),
    },
)
PEOPLE_FAMILY = Family(
    "people",
    {
        "people": Q(),
        "plan_registered": Q(plan_status__in=REGISTERED_STATUSES),
        "plan_approved": Q(plan_status=PlanStatus.APPROVED),
        "plan_late": Q(plan_late=True),
    },
)
REVIEW_FAMILY = Family(
    "reviews",
    {
        "review_started": Q(),
        "review_done": Q(status=ReviewStatus.DECIDED),
        "review_not_rated": Q(status=ReviewStatus.DECIDED, not_rated=True),
        **{f"review_party_{lv}": _decided(Track.PARTY, lv) for lv in LEVELS},
        **{f"review_state_{lv}": _decided(Track.STATE, lv) for lv in LEVELS},
    },
)
CREVIEW_FAMILY = Family(
    "creviews",
    {
        "creview_started": Q(),
        "creview_done": Q(status=ReviewStatus.DECIDED),
        **{f"creview_party_{lv}": _decided(Track.PARTY, lv) for lv in LEVELS},
        **{f"creview_state_{lv}": _decided(Track.STATE, lv) for lv in LEVELS},
    },
)
DISCIPLINE_FAMILY = Family(
    "discipline",
    {
        "discipline_people": Q(person__isnull=False),
        "discipline_units": Q(person__isnull=True),
    },
)
QUOTA_FAMILY = Family("quota", {"quota_groups": None, "quota_ok": None})
FAMILIES = (
    UNIT_FAMILY,
    PEOPLE_FAMILY,
    REVIEW_FAMILY,
    CREVIEW_FAMILY,
    DISCIPLINE_FAMILY,
    QUOTA_FAMILY,
)
FAMILY_OF = {counter: f for f in FAMILIES for counter in f.counters}


# The rows of each family, annotated with t_unit (the unit the row is attached to) and
# t_bucket (the person category, "" for unit-level rows).


def unit_rows(period: Period):
    plan = speaking_collective_plan(period)
    return Unit.objects.filter(is_active=True).annotate(
        t_unit=F("pk"),
        t_bucket=Value(""),
        cplan_status=Subquery(plan.values("status")[:1]),
        cplan_late=Subquery(plan.values("is_late")[:1]),
    )


def people_rows(period: Period):
    plan = speaking_plan(period)
    return Person.objects.filter(is_active=True).annotate(
        t_unit=Coalesce("party_cell_id", "workplace_id"),
        t_bucket=Coalesce("category", Value("")),
        plan_status=Subquery(plan.values("status")[:1]),
        plan_late=Subquery(plan.values("is_late")[:1]),
    )


def review_rows(period: Period):
    return Review.objects.filter(period=period, subject=Subject.PERSON).annotate(
        t_unit=F("unit_id"),
        t_bucket=Coalesce("person__category", Value("")),
    )


def creview_rows(period: Period):
    return (
        Review.objects.filter(period=period)
        .exclude(subject=Subject.PERSON)
        .annotate(t_unit=F("unit_id"), t_bucket=Value(""))
    )


def discipline_rows(period: Period):
    return Discipline.objects.filter(
        decided_on__gte=period.starts_on, decided_on__lte=period.ends_on
    ).annotate(
        t_unit=Coalesce("person__party_cell_id", "person__workplace_id", "unit_id"),
        t_bucket=Coalesce("person__category", Value("")),
    )


ROWS = {
    "units": unit_rows,
    "people": people_rows,
    "reviews": review_rows,
    "creviews": creview_rows,
    "discipline": discipline_rows,
}


def _attached_to(family: Family, unit_ids) -> Q:
    """Rows attached to `unit_ids`, written so an index serves it: a filter on the
    COALESCE of the person's home would read every person."""
    if family.name == "people":
        return Q(party_cell_id__in=unit_ids) | Q(party_cell_id=None, workplace_id__in=unit_ids)
    if family.name == "discipline":
        return (
            Q(person__party_cell_id__in=unit_ids)
            | Q(person__party_cell_id=None, person__workplace_id__in=unit_ids)
            | Q(person=None, unit_id__in=unit_ids)
        )
    return Q(t_unit__in=unit_ids)


def _grouped(rows, family: Family, unit_ids) -> list[dict]:
    if unit_ids is not None:
        rows = rows.filter(_attached_to(family, unit_ids))
    counted = {name: Count("pk", filter=q) for name, q in family.counters.items() if q is not None}
    return list(rows.order_by().values("t_unit", "t_bucket").annotate(**counted))


def own_counts(period: Period, unit_ids=None) -> dict[tuple[int, str], dict[str, int]]:
    """{(unit id, bucket): {counter: n}} for the units (all units when None), counted
    from the source tables. Entries with nothing counted are left out."""
    out: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for family in FAMILIES:
        if family.name == "quota":
            for unit_id, (groups, ok) in quota_counts(period, unit_ids).items():
                out[(unit_id, "")].update(quota_groups=groups, quota_ok=ok)
            continue
        for row in _grouped(ROWS[family.name](period), family, unit_ids):
            key = (row.pop("t_unit"), row.pop("t_bucket"))
            if key[0] is None:
                continue
            out[key].update(row)
    for unit_id, flags in code_flags(period, unit_ids).items():
        entry = out[(unit_id, "")]
        for counter, flag in CODE_FLAGS.items():
            entry[counter] = int(flags[flag])
    return {k: v for k, v in out.items() if any(v.values())}


def code_flags(period: Period, unit_ids=None) -> dict[int, dict[str, bool]]:
    """{unit id: {flag: bool}} for active units, as the status of codes computes them."""
    units_q = Unit.objects.filter(is_active=True)
    if unit_ids is not None:
        units_q = units_q.filter(pk__in=unit_ids)
    return queries.code_flags(units_q, period)


# Quota groups: a group key is "<track>:u:<unit id>[:lead|:staff]" or
# "<track>:c:<parent id>:<subject>" (reviews.services.quota_group).


def group_owner(key: str) -> int | None:
    parts = key.split(":")
    try:
        return int(parts[2])
    except (IndexError, ValueError):
        return None


@dataclass
class QuotaRow:
    key: str
    label: str
    owner_id: int
    percent: int
    htt: int
    htxs: int

    @property
    def allowed(self) -> int:
        return self.htt * self.percent // 100

    @property
    def ok(self) -> bool:
        return self.htxs <= self.allowed


def _percents(rule_set_ids) -> dict[int, int]:
    """{rule set id: the quota percent of its rules} (one query)."""
    return {
        rs.pk: rs.rules().params["quota_percent"]
        for rs in RuleSet.objects.filter(pk__in=set(rule_set_ids))
    }


def quota_groups(period: Period, owner_ids=None) -> list[QuotaRow]:
    """The quota groups with at least one decided review, owned by `owner_ids` (all when
    None): the decided HTT and HTXS in each, and whether HTXS stays within the quota.

    Three grouped queries, each over the period's reviews once: the counts per group;
    each group's first rule set and first review (not correlated subqueries, which
    Django would put in the GROUP BY and run once per review); that review's label."""
    reviews = Review.objects.filter(period=period, status=ReviewStatus.DECIDED, not_rated=False)
    if owner_ids is not None:
        # A person's group is owned by the unit where the review is held; a collective
        # group's key names its owner (exact keys, so a moved unit changes nothing).
        collective_keys = [
            f"{track}:c:{owner}:{subject}"
            for owner in owner_ids
            for track in Track.values
            for subject in (Subject.ORGANISATION, Subject.LEADERSHIP)
        ]
        reviews = reviews.filter(
            Q(subject=Subject.PERSON, unit_id__in=owner_ids) | Q(quota_key__in=collective_keys)
        )
    wanted = None if owner_ids is None else set(owner_ids)
    counts = {
        row["quota_key"]: row
        for row in reviews.order_by()
        .values("quota_key")
        .annotate(
            htt=Count("pk", filter=Q(decided_level=2)),
            htxs=Count("pk", filter=Q(decided_level=1)),
        )
        if (owner := group_owner(row["quota_key"])) is not None
        and (wanted is None or owner in wanted)
    }
    if not counts:
        return []
    every = Review.objects.filter(period=period)
    if owner_ids is not None:
        every = every.filter(quota_key__in=sorted(counts))
    firsts = {
        row["quota_key"]: row
        for row in every.order_by()
        .values("quota_key")
        .annotate(rule_set=Min("rule_set_id"), first=Min("pk"))
    }
    ids = sorted(firsts[k]["first"] for k in counts)
    labels = {}
    for i in range(0, len(ids), 900):
        labels.update(
            Review.objects.filter(pk__in=ids[i : i + 900]).values_list("quota_key", "quota_label")
        )
    percents = _percents(firsts[k]["rule_set"] for k in counts)
    out = [
        QuotaRow(
            key=key,
            label=labels[key],
            owner_id=group_owner(key),
            percent=percents[firsts[key]["rule_set"]],
            htt=row["htt"],
            htxs=row["htxs"],
        )
        for key, row in counts.items()
    ]
    return sorted(out, key=lambda r: (r.label, r.key))


def quota_counts(period: Period, unit_ids=None) -> dict[int, tuple[int, int]]:
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in quota_groups(period, unit_ids):
        out[row.owner_id][0] += 1
        out[row.owner_id][1] += row.ok
    return {k: (v[0], v[1]) for k, v in out.items()}


LABELS = {
    "units": _("Đơn vị"),
    "code_built": _("Đã xây dựng, rà soát chuẩn mực"),
    "code_approved": _("Chuẩn mực đã được phê duyệt"),
    "code_published": _("Đã công bố chuẩn mực"),
    "code_acknowledged": _("Toàn bộ cán bộ, đảng viên đã xác nhận chuẩn mực"),
    "code_evaluated": _("Đã đánh giá việc thực hiện chuẩn mực"),
    "cplan_registered": _("Tập thể đã đăng ký kế hoạch"),
    "cplan_approved": _("Kế hoạch tập thể đã phê duyệt"),
    "cplan_late": _("Kế hoạch tập thể nộp sau hạn"),
    "creview_started": _("Tập thể đã mở kiểm điểm"),
    "creview_done": _("Tập thể đã xếp loại"),
    "quota_groups": _("Nhóm tính tỷ lệ xuất sắc"),
    "quota_ok": _("Nhóm đúng tỷ lệ xuất sắc"),
    "discipline_units": _("Tổ chức bị kỷ luật"),
    "people": _("Cán bộ, đảng viên"),
    "plan_registered": _("Đã đăng ký kế hoạch"),
    "plan_approved": _("Kế hoạch đã phê duyệt"),
    "plan_late": _("Kế hoạch nộp sau hạn"),
    "review_started": _("Đã mở kiểm điểm"),
    "review_done": _("Đã xếp loại"),
    "review_not_rated": _("Không xếp loại"),
    "discipline_people": _("Cá nhân bị kỷ luật"),
}
LEVEL_LABELS = {1: "HTXS", 2: "HTT", 3: "HTNV", 4: "KHTNV"}
TRACK_LABELS = {"party": _("Đảng"), "state": _("Chính quyền")}
for _lv in LEVELS:
    for _track in ("party", "state"):
        _label = format_lazy("{} – {}", TRACK_LABELS[_track], LEVEL_LABELS[_lv])
        LABELS[f"review_{_track}_{_lv}"] = _label
        LABELS[f"creview_{_track}_{_lv}"] = _label
