"""Roll-ups across the tree.

`code_status` is the province status of the ethics codes for any subtree: how many
active units built (or reviewed), had approved, published, had acknowledged by
everyone, and evaluated their code in a period, in total and by sector and by area.

It answers with a fixed number of queries whatever the size of the subtree: the units,
their sector tags, their area tags, the codes grouped by unit, the decided evaluations,
and, for each version applied, whether someone in the unit has not acknowledged it.
The per-unit flags it computes are also what the lists of units behind each figure are
cut from, so a figure and its list always agree.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.models import Area, Person, Sector, Unit
from neuguong.organisations.tree import SEGMENT
from neuguong.regulations.models import Period
from neuguong.standards.models import (
    APPROVED_STATUSES,
    BUILT_STATUSES,
    PUBLISHED_STATUSES,
    Acknowledgement,
    CodeEvaluation,
    EthicsCode,
    EvaluationStatus,
)
from neuguong.standards.models import CodeStatus as VersionStatus

FLAGS = ("built", "approved", "published", "acknowledged", "evaluated")
FLAG_LABELS = {
    "built": _("Đã xây dựng, rà soát"),
    "approved": _("Đã được phê duyệt"),
    "published": _("Đã công bố"),
    "acknowledged": _("Toàn bộ cán bộ, đảng viên đã xác nhận"),
    "evaluated": _("Đã đánh giá việc thực hiện"),
}
STATES = ("done", "missing")


@dataclass
class UnitFlags:
    pk: int
    path: str
    name: str
    built: bool = False
    approved: bool = False
    published: bool = False
    acknowledged: bool = False
    evaluated: bool = False
    # Nobody works or holds party membership in the unit (known for the units applying
    # a version published in the period; such a unit counts as acknowledged).
    empty: bool = False
    sector_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.pk

    def has(self, flag: str) -> bool:
        return getattr(self, flag)


@dataclass
class Counts:
    units: int = 0
    built: int = 0
    approved: int = 0
    published: int = 0
    acknowledged: int = 0
    evaluated: int = 0

    def add(self, flags: UnitFlags) -> None:
        # Spelled out: this runs once per unit and tag over the whole province.
        self.units += 1
        self.built += flags.built
        self.approved += flags.approved
        self.published += flags.published
        self.acknowledged += flags.acknowledged
        self.evaluated += flags.evaluated

    def as_dict(self) -> dict[str, int]:
        return {"units": self.units, **{name: getattr(self, name) for name in FLAGS}}


@dataclass
class TagRow:
    """One line of the table by sector or by area; `tag` is None for untagged units."""

    tag: Sector | Area | None
    label: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class CodeStatus:
    root: Unit
    period: Period
    sector: Sector | None
    area: Area | None
    units: list[UnitFlags]  # in tree order
    totals: Counts
    by_sector: list[TagRow]
    by_area: list[TagRow]
    # Published units with nobody in them: they count as acknowledged.
    published_without_people: int = 0

    def units_where(self, flag: str, state: str = "done") -> list[UnitFlags]:
        want = state == "done"
        return [u for u in self.units if u.has(flag) == want]

    def by_child(self) -> list[tuple[UnitFlags, Counts]]:
        """The root's direct children, each with the counts of its own subtree."""
        width = len(self.root.path) + SEGMENT
        children = {u.path: (u, Counts()) for u in self.units if len(u.path) == width}
        for u in self.units:
            row = children.get(u.path[:width])
            if row:
                row[1].add(u)
        return list(children.values())


def _units(root: Unit, *, sector=None, area=None):
    units = Unit.objects.filter(root.subtree_q(), is_active=True)
    if sector is not None:
        units = units.filter(sectors=sector)
    if area is not None:
        units = units.filter(areas=area)
    return units


def _tags(units_q, through, tag_field: str) -> tuple[dict[int, list[int]], dict[int, object]]:
    """{unit id: [tag ids]} and {tag id: tag} in one query on the tag table."""
    model = through._meta.get_field(tag_field).related_model
    rows = (
        through.objects.filter(unit_id__in=units_q.values("pk"))
        .values_list("unit_id", f"{tag_field}_id", f"{tag_field}__code", f"{tag_field}__name")
        .order_by()
    )
    of_unit: dict[int, list[int]] = defaultdict(list)
    tags: dict[int, object] = {}
    for unit_id, pk, code, name in rows:
        if pk not in tags:
            tags[pk] = model(pk=pk, code=code, name=name)
        of_unit[unit_id].append(pk)
    return of_unit, tags


def _codes(units_q, period: Period) -> dict[int, dict]:
    """Per unit: whether it built, had approved and published a version in `period`
    (one grouped query)."""
    rows = (
        EthicsCode.objects.filter(period=period, unit_id__in=units_q.values("pk"))
        .values("unit_id")
        .annotate(
            built=Count("pk", filter=Q(status__in=BUILT_STATUSES)),
            approved=Count("pk", filter=Q(status__in=APPROVED_STATUSES)),
            published=Count("pk", filter=Q(status__in=PUBLISHED_STATUSES)),
        )
        .order_by()
    )
    return {r["unit_id"]: r for r in rows}


def _current_codes(units_q, period: Period):
    """The versions of `period` the units now apply (at most one per unit)."""
    return EthicsCode.objects.filter(
        period=period, status=VersionStatus.PUBLISHED, unit_id__in=units_q.values("pk")
    )


def _acknowledgement(current) -> dict[int, tuple[bool, bool]]:
    """{unit id: (someone has not acknowledged, nobody is in the unit)} for the units
    applying a version of the period (one query).

    "Someone" is an active person whose workplace or party cell is the unit and who has
    no acknowledgement of the unit's current version. Each unit's check stops at the
    first such person; only fully acknowledged units read all their people, each with
    one lookup in the (code, person) index.
    """
    people = Person.objects.filter(is_active=True)
    missing = people.exclude(
        Exists(
            Acknowledgement.objects.filter(
                code_id=OuterRef(OuterRef("pk")), person_id=OuterRef("pk")
            )
        )
    )
    rows = (
        current.annotate(
            missing=Exists(missing.filter(workplace_id=OuterRef("unit_id")))
            | Exists(missing.filter(party_cell_id=OuterRef("unit_id"))),
            empty=~Exists(people.filter(workplace_id=OuterRef("unit_id")))
            & ~Exists(people.filter(party_cell_id=OuterRef("unit_id"))),
        )
        .values_list("unit_id", "missing", "empty")
        .order_by()
    )
    return {unit_id: (bool(m), bool(e)) for unit_id, m, e in rows}


def _evaluated(units_q, period: Period) -> set[int]:
    return set(
        CodeEvaluation.objects.filter(
            period=period, status=EvaluationStatus.DECIDED, unit_id__in=units_q.values("pk")
        ).values_list("unit_id", flat=True)
    )


def code_flags(units_q, period: Period) -> dict[int, dict[str, bool]]:
    """{unit id: {flag: bool, "empty": bool}} for the units of `units_q` that have any
    flag set (five queries whatever the number of units)."""
    codes = _codes(units_q, period)
    acknowledgement = _acknowledgement(_current_codes(units_q, period))
    evaluated = _evaluated(units_q, period)
    out: dict[int, dict[str, bool]] = {}
    for pk in set(codes) | set(acknowledgement) | evaluated:
        row = codes.get(pk, {})
        missing, empty = acknowledgement.get(pk, (True, False))
        out[pk] = {
            "built": bool(row.get("built")),
            "approved": bool(row.get("approved")),
            "published": bool(row.get("published")),
            "acknowledged": not missing,
            "evaluated": pk in evaluated,
            "empty": empty,
        }
    return out


def code_status(root: Unit, period: Period, *, sector=None, area=None) -> CodeStatus:
    units_q = _units(root, sector=sector, area=area)
    units = [
        UnitFlags(pk=pk, path=path, name=name)
        for pk, path, name in units_q.order_by("path").values_list("pk", "path", "name")
    ]
    unit_sectors, sectors = _tags(units_q, Unit.sectors.through, "sector")
    unit_areas, areas = _tags(units_q, Unit.areas.through, "area")
    flags = code_flags(units_q, period)

    totals = Counts()
    without_people = 0
    for u in units:
        for name, value in flags.get(u.pk, {}).items():
            setattr(u, name, value)
        without_people += u.empty
        u.sector_ids = unit_sectors.get(u.pk, [])
        u.area_ids = unit_areas.get(u.pk, [])
        totals.add(u)

    return CodeStatus(
        root=root,
        period=period,
        sector=sector,
        area=area,
        units=units,
        totals=totals,
        by_sector=_by_tag(units, sectors, "sector_ids", _("Chưa gắn lĩnh vực")),
        by_area=_by_tag(units, areas, "area_ids", _("Chưa gắn địa bàn")),
        published_without_people=without_people,
    )


def _by_tag(units: list[UnitFlags], tags: dict, attr: str, untagged_label) -> list[TagRow]:
    """A unit with several tags counts in each; untagged units make the last row."""
    rows = {pk: TagRow(tag=tag, label=str(tag)) for pk, tag in tags.items()}
    untagged = TagRow(tag=None, label=str(untagged_label))
    for u in units:
        ids = getattr(u, attr)
        for pk in ids:
            rows[pk].counts.add(u)
        if not ids:
            untagged.counts.add(u)
    ordered = sorted(rows.values(), key=lambda r: (r.label, r.tag.pk))
    return [*ordered, untagged] if untagged.counts.units else ordered
