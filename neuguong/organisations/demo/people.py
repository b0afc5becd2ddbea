"""People and posts of a planned province, as plain tuples in column order.

People are produced unit by unit in tree order and streamed, never held in memory all at
once (the national data has 5.5 million). The first staff of each unit are its head and
deputies and are party members; the rest are members at the unit's rate. Members sit in
the unit's party cells in turn. Residential cells hold members with no workplace.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from neuguong.core.text import fold

from ..models import UnitKind
from . import REF
from .names import full_name

PERSON_COLUMNS = (
    "id",
    "code",
    "full_name",
    "name_folded",
    "gender",
    "birth_date",
    "category",
    "workplace_id",
    "party_cell_id",
    "party_status",
    "party_join_date",
    "management_unit_id",
)
POST_COLUMNS = ("id", "person_id", "unit_id", "title", "is_head", "is_deputy", "start_date")

REF_ORD = REF.toordinal()
YEAR = 365.25
SAMPLE = 16  # how many staff and cell-member ids each unit remembers, for posts and personas


@dataclass(frozen=True)
class Profile:
    category: str
    lead_category: str
    rate: float  # share of party members among the staff
    male: float
    age: tuple[float, float]


PROFILES = {
    "leaders": Profile("can_bo", "can_bo", 1.0, 0.75, (45, 60)),
    "agency": Profile("cong_chuc", "can_bo", 0.85, 0.55, (24, 60)),
    "public": Profile("vien_chuc", "vien_chuc", 0.6, 0.5, (24, 60)),
    "school": Profile("vien_chuc", "vien_chuc", 0.5, 0.25, (23, 59)),
    "health": Profile("vien_chuc", "vien_chuc", 0.45, 0.35, (24, 60)),
    "enterprise": Profile("nguoi_lao_dong", "nguoi_lao_dong", 0.25, 0.6, (20, 60)),
    "coal": Profile("nguoi_lao_dong", "nguoi_lao_dong", 0.4, 0.85, (20, 55)),
    "armed": Profile("", "", 0.9, 0.85, (20, 55)),
}
RESIDENT = Profile("", "", 1.0, 0.55, (30, 90))

folded = lru_cache(maxsize=300_000)(fold)


def eighteenth_birthday(birth: date) -> date:
    """The same rule as Person.eighteenth_birthday: 29 February counts as 28 February."""
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:
        return birth.replace(year=birth.year + 18, day=28)


def _person(rng, prof: Profile, lead: bool, member: bool):
    """(name, gender, birth, status, join) for one person."""
    male = rng.random() < prof.male
    if lead:
        age = rng.uniform(38, 58)
    elif prof is RESIDENT:
        age = rng.triangular(30, 90, 68)
    else:
        age = rng.uniform(*prof.age)
    birth = date.fromordinal(REF_ORD - int(age * YEAR) - rng.randrange(365))
    status = join = None
    if member:
        adult = eighteenth_birthday(birth).toordinal()
        if rng.random() < 0.03 and adult < REF_ORD - 365:
            status, join = "probationary", REF_ORD - rng.randint(20, 360)
        else:
            span = max(1, REF_ORD - 380 - adult)  # official: more than a year ago
            status, join = "official", adult + min(span - 1, int(rng.expovariate(1 / 3000)))
        join = date.fromordinal(join)
    return full_name(rng, male), "male" if male else "female", birth, status, join


def people_of(root, rng, prefix: str, ids) -> "iter[tuple]":
    """Every person of one province. `ids` is a shared counter of primary keys."""
    seq = 0
    for node in root.walk():
        if node.staff_n:
            prof = PROFILES[node.profile]
            cells = node.cells
            leads = 1 + node.deputies
            forced = max(leads, 2 * len(cells), 3)
            members = 0
            for i in range(node.staff_n):
                lead = i < leads
                member = i < forced or rng.random() < prof.rate
                name, gender, birth, status, join = _person(rng, prof, lead, member)
                cell = None
                if member:
                    cell = cells[members % len(cells)]
                    members += 1
                    if len(cell.member_ids) < SAMPLE:
                        cell.member_ids.append(pk := next(ids))
                    else:
                        pk = next(ids)
                else:
                    pk = next(ids)
                if i < SAMPLE:
                    node.staff_ids.append(pk)
                seq += 1
                yield (
                    pk,
                    f"{prefix}{seq:06d}",
                    name,
                    folded(name),
                    gender,
                    birth,
                    prof.lead_category if lead else prof.category,
                    node.id,
                    cell.id if cell else None,
                    status or "",
                    join,
                    node.manager_id,
                )
        for _ in range(node.members_n):
            name, gender, birth, status, join = _person(rng, RESIDENT, False, True)
            pk = next(ids)
            if len(node.member_ids) < SAMPLE:
                node.member_ids.append(pk)
            seq += 1
            yield (
                pk,
                f"{prefix}{seq:06d}",
                name,
                folded(name),
                gender,
                birth,
                "",
                None,
                node.id,
                status,
                join,
                node.manager_id,
            )


def leaders(units) -> dict:
    """{node: [head, deputy, ...]} once people exist. A unit with no staff of its own (a
    committee, a grassroots organisation) is led by the heads of its first children."""
    out = {}
    for node in reversed(units):  # children before parents
        if node.staff_ids:
            ids = node.staff_ids[: 1 + node.deputies]
        elif node.kind == UnitKind.PARTY_CELL:
            ids = node.member_ids[:2]
        else:
            ids = [out[c][0] for c in node.children if out.get(c)][:3]
        for other in node.also_deputy:
            if out.get(other) and out[other][0] not in ids:
                ids = [*ids, out[other][0]]
        out[node] = ids
    return out


def posts_of(units, heads: dict, rng, ids, council_title: dict) -> list[tuple]:
    """Head and deputy posts of every unit, the root's council seats, and the seats on the
    provincial executive committee of the heads of the units right under a province."""
    rows = []

    def post(person, unit, title, head=False, deputy=False):
        start = date.fromordinal(REF_ORD - rng.randint(30, 5 * 365))
        rows.append((next(ids), person, unit.id, title, head, deputy, start))

    for node in units:
        lead = heads.get(node) or []
        for i, person in enumerate(lead):
            post(person, node, node.head if i == 0 else node.deputy, i == 0, i > 0)
        if node.council:
            for person in node.staff_ids[len(lead) :]:
                post(person, node, node.council)
        if node in council_title:
            for i, child in enumerate(node.children):
                first = heads.get(child)
                if first and (child.kind != UnitKind.COMMUNE_COMMITTEE or i % 3 == 0):
                    post(first[0], node, council_title[node])
    return rows
