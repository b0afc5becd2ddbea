"""The plan of a demo data set: units with ids, paths and codes; sizes; the demo personas.

Ids are assigned up front (1, 2, ... in tree order), so paths are computed without a
round trip and rows can be written with bulk_create or COPY in a single pass.
"""

from dataclasses import dataclass
from itertools import count
from random import Random

from neuguong.core.text import fold

from ..models import UnitKind
from ..tree import segment
from .agencies import SECTORS
from .org import Node, Province, ProvinceBuilder, generic_communes
from .people import PROFILES, leaders, people_of, posts_of
from .places import PROVINCES, QUANG_NINH_COMMUNES

UNIT_COLUMNS = ("id", "code", "name", "name_folded", "kind", "parent_id", "path")


@dataclass(frozen=True)
class Scale:
    people: int
    members: int
    communes: int | None = None  # keep only the first N communes of each province
    villages: tuple[int, int] = (2, 4)  # residential cells per commune
    schools: tuple[int, int] = (1, 3)
    keep: int | None = None  # keep only the first N of each provincial list
    cells: int | None = None  # keep only the first N cells of each workplace
    health_centres: float = 0.3
    enterprises: float = 0.5
    national: bool = False


SCALES = {
    "small": Scale(
        1_500,
        1_040,
        communes=2,
        villages=(1, 2),
        schools=(1, 2),
        keep=1,
        cells=1,
        health_centres=0,
        enterprises=0,
    ),
    "province": Scale(150_000, 104_000),
    "national": Scale(5_500_000, 3_800_000, villages=(2, 5), schools=(2, 4), national=True),
}


@dataclass(frozen=True)
class Pick:
    person: int | None
    unit: Node | None = None


class Plan:
    def __init__(self, scale: str, seed: int):
        self.scale, self.seed, self.spec = scale, seed, SCALES[scale]
        qn = Province("QN", "Quảng Ninh", False, QUANG_NINH_COMMUNES)
        if self.spec.national:
            rng = Random(f"{seed}:communes")
            self.provinces = [
                qn if code == "QN" else Province(code, name, city, generic_communes(rng, n, city))
                for code, name, city, n in PROVINCES
            ]
        else:
            self.provinces = [qn]
        self.roots = [
            ProvinceBuilder(Random(f"{seed}:{p.code}:units"), self.spec, p).build()
            for p in self.provinces
        ]
        if self.spec.national:
            self.top = Node(
                "Ban Chấp hành Trung ương Đảng",
                UnitKind.PROVINCIAL_COMMITTEE,
                "Tổng Bí thư",
                "Ủy viên Bộ Chính trị",
                deputies=2,
            )
            self.top.children = list(self.roots)
        else:
            self.top = self.roots[0]
        self.units = list(self.top.walk())
        self.sectors = [(i, code, name) for i, (code, name) in enumerate(SECTORS, start=1)]
        self.areas = []
        self._number()
        self._size()
        self._posts = None

    # Structure ------------------------------------------------------------------------

    def _number(self):
        for pk, node in enumerate(self.units, start=1):
            node.id = pk
        top = self.top
        top.path, top.code, top.manager_id = segment(top.id), "TW", top.id
        for prov, root in zip(self.provinces, self.roots, strict=True):
            if root is not top:
                root.parent_id, root.path = top.id, top.path + segment(root.id)
            root.code, root.manager_id = prov.code, root.id
            for child in root.children:
                assert child.slug, child.name
                self._place(child, root, f"{prov.code}-{child.slug}", root.id)
                self._descend(child, child.id)
                if child.area:
                    slug, title = child.area
                    code = f"{prov.code.lower()}-{slug}" if self.spec.national else slug
                    name = f"{title}, {prov.name}" if self.spec.national else title
                    self.areas.append((len(self.areas) + 1, code, name, child))

    def _place(self, node, parent, code, manager_id):
        node.parent_id, node.path = parent.id, parent.path + segment(node.id)
        node.code, node.manager_id = code, manager_id

    def _descend(self, parent, manager_id):
        for i, child in enumerate(parent.children, start=1):
            self._place(child, parent, f"{parent.code}-{i:02d}", manager_id)
            self._descend(child, manager_id)

    def _size(self):
        """Scale the base headcounts so that the totals meet the targets: a for staff, b
        for residents, solved by a few proportional corrections (minimums bend it)."""
        spec = self.spec
        staffed = [n for n in self.units if n.staff or n.fixed_staff]
        residents = [n for n in self.units if n.members]
        a = b = 1.0
        for _ in range(30):
            for n in staffed:
                floor = max(3, 2 * len(n.cells), 2 + n.deputies)
                n.staff_n = n.fixed_staff or max(floor, round(n.staff * a))
            for n in residents:
                n.members_n = max(3, round(n.members * b))
            staff_members = sum(_expected_members(n) for n in staffed)
            outsiders = sum(n.staff_n for n in staffed) - staff_members
            res = sum(n.members_n for n in residents)
            a *= max(0.05, (spec.people - spec.members) / outsiders)
            b *= max(0.05, (spec.members - staff_members) / res)

    # Rows -----------------------------------------------------------------------------

    def unit_rows(self):
        """Rows in UNIT_COLUMNS order, in tree order."""
        return [
            (n.id, n.code, n.name, fold(n.name), str(n.kind), n.parent_id, n.path)
            for n in self.units
        ]

    def people(self):
        ids = count(1)
        for prov, root in zip(self.provinces, self.roots, strict=True):
            rng = Random(f"{self.seed}:{prov.code}:people")
            yield from people_of(root, rng, prov.code, ids)

    def posts(self) -> list[tuple]:
        """Call after people() has been consumed: posts go to people by their ids."""
        if self._posts is None:
            heads = leaders(self.units)
            titles = {
                root: f"Ủy viên Ban Chấp hành Đảng bộ {prov.level}"
                for prov, root in zip(self.provinces, self.roots, strict=True)
            }
            self._posts = posts_of(
                self.units, heads, Random(f"{self.seed}:posts"), count(1), titles
            )
        return self._posts

    def unit_sectors(self):
        by_code = {code: pk for pk, code, _ in self.sectors}
        return [(n.id, by_code[s]) for n in self.units for s in n.sectors]

    def unit_areas(self):
        return [(node.id, pk) for pk, _, _, node in self.areas]

    # Personas -------------------------------------------------------------------------

    def personas(self) -> dict[str, Pick]:
        """Who each demo login is, in Quảng Ninh. Call after people() has been consumed."""
        root = self.roots[[p.code for p in self.provinces].index("QN")]
        heads = leaders(self.units)
        communes = [c for c in root.children if c.kind == UnitKind.COMMUNE_COMMITTEE]
        commune = communes[0]
        school = next(c for c in commune.children if "giao-duc" in c.sectors)
        cell = school.cells[0]
        boards = {c.slug: c for c in root.children if c.kind == UnitKind.ADVISORY_BOARD}

        def clerk(board):  # someone on the board's staff who holds no post there
            return board.staff_ids[1 + board.deputies]

        return {
            "dangvien": Pick(cell.member_ids[2], cell),
            "bithu": Pick(heads[cell][0], cell),
            "thutruong": Pick(heads[commune][0], commune),
            "giamsat": Pick(root.staff_ids[1 + root.deputies + 1], root),  # a council member
            "bantochuc": Pick(clerk(boards["BTC"]), root),
            "kiemtra": Pick(clerk(boards["UBKT"]), root),
            "tuyengiao": Pick(clerk(boards["BTGDV"]), root),
            "quantri": Pick(clerk(boards["VP"]), root),
        }

    def supervised_area(self) -> int:
        """The area the demo supervisor follows: Quảng Ninh's second commune."""
        communes = [n for _, _, _, n in self.areas if n.code.startswith("QN-")]
        target = communes[min(1, len(communes) - 1)]
        return next(pk for pk, _, _, node in self.areas if node is target)


def _expected_members(node) -> float:
    rate = PROFILES[node.profile].rate
    forced = min(node.staff_n, max(2 + node.deputies, 2 * len(node.cells), 3))
    return forced + (node.staff_n - forced) * rate
