"""One province's unit tree as plain nodes, before any id or person exists.

Under the provincial committee: the five advisory boards, the provincial-level party
committees (party agencies, People's Committee, military, police, and coal in Quảng Ninh)
and one party committee per commune, ward or special zone. Workplaces (agencies, schools,
hospitals, companies, armed-forces units) hold their party cells as children, except
where the cell sits elsewhere on the party side (board staff sit in cells of the party
agencies' committee), so workplace and party cell stay separate relations.
"""

from dataclasses import dataclass, field

from neuguong.core.text import fold

from ..models import UnitKind as K
from . import agencies as A
from .places import FIRST_SYLLABLES, SECOND_SYLLABLES, VILLAGE_NAMES

COMMITTEE_HEAD, COMMITTEE_DEPUTY = "Bí thư Đảng ủy", "Phó Bí thư Đảng ủy"


@dataclass(eq=False)
class Node:
    name: str
    kind: str
    head: str = ""
    deputy: str = ""
    profile: str = ""  # key of people.PROFILES for those who work here
    staff: float = 0.0  # base headcount; the plan scales it
    members: float = 0.0  # base party members with no workplace (residential cells)
    sectors: tuple = ()
    area: tuple | None = None  # (slug, name) of a commune's territory
    slug: str = ""  # code suffix of a unit right under the province
    deputies: int = 1
    cells: list = field(default_factory=list)  # cells where members of the staff sit
    children: list = field(default_factory=list)
    also_deputy: list = field(default_factory=list)  # nodes whose head is a deputy here too
    fixed_staff: int = 0
    council: str = ""  # post of the staff who are neither head nor deputy (root only)
    # Set by the plan.
    id: int = 0
    parent_id: int | None = None
    path: str = ""
    code: str = ""
    manager_id: int = 0
    staff_n: int = 0
    members_n: int = 0
    staff_ids: list = field(default_factory=list)  # the first people working here
    member_ids: list = field(default_factory=list)  # the first members of this cell

    def __repr__(self):
        return f"<Node {self.code or '?'} {self.name}>"

    def add(self, child: "Node") -> "Node":
        self.children.append(child)
        return child

    def walk(self):
        """Pre-order: a unit before its children, children in order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def cell(name: str, **extra) -> Node:
    return Node(f"Chi bộ {name}", K.PARTY_CELL, "Bí thư Chi bộ", "Phó Bí thư Chi bộ", **extra)


def committee(name: str, kind=K.AFFILIATED_COMMITTEE, **extra) -> Node:
    return Node(name, kind, COMMITTEE_HEAD, COMMITTEE_DEPUTY, **extra)


def slug_of(name: str) -> str:
    return fold(name).replace(" ", "-")


@dataclass
class Province:
    code: str
    name: str
    city: bool
    communes: list  # [(level, name)]

    @property
    def level(self) -> str:
        return "thành phố" if self.city else "tỉnh"

    @property
    def committee(self) -> str:
        return "Thành ủy" if self.city else "Tỉnh ủy"

    @property
    def is_quang_ninh(self) -> bool:
        return self.code == "QN"


def generic_communes(rng, count: int, city: bool) -> list:
    pairs = [(a, b) for a in FIRST_SYLLABLES for b in SECOND_SYLLABLES if a != b]
    names, seen = [], set()
    for a, b in rng.sample(pairs, len(pairs)):
        if fold(f"{a}{b}") not in seen:  # "Thanh Châu" and "Thạnh Châu" share a code
            seen.add(fold(f"{a}{b}"))
            names.append(f"{a} {b}")
        if len(names) == count:
            break
    ward_share = 0.6 if city else 0.25
    return [("phường" if rng.random() < ward_share else "xã", n) for n in names]


class ProvinceBuilder:
    def __init__(self, rng, spec, province: Province):
        self.rng, self.spec, self.p = rng, spec, province

    def trim(self, items, keep: int | None = None):
        keep = keep if keep is not None else self.spec.keep
        return list(items) if keep is None else list(items)[:keep]

    def workplace(
        self,
        parent,
        name,
        kind,
        profile,
        staff,
        head,
        deputy,
        cells=None,
        sectors=(),
        deputies=None,
    ) -> Node:
        """A unit people work in, with its party cells (one named after it by default)."""
        node = parent.add(
            Node(
                name,
                kind,
                head,
                deputy,
                profile,
                staff,
                sectors=sectors,
                deputies=deputies or self.rng.choice((1, 2)),
            )
        )
        labels = [name] if cells is None else self.trim(cells, self.spec.cells)
        node.cells = [node.add(cell(label)) for label in labels]
        return node

    def build(self) -> Node:
        p = self.p
        root = Node(
            f"{p.committee} {p.name}",
            K.PROVINCIAL_COMMITTEE,
            f"Bí thư {p.committee}",
            f"Phó Bí thư {p.committee}",
            "leaders",
            fixed_staff=15,
            deputies=3,
            council=f"Ủy viên Ban Thường vụ {p.committee}",
        )
        boards = self.boards(root)
        party = self.party_agencies(root, boards)
        root.cells = [party.add(cell(f"Thường trực {p.committee}"))]
        self.people_committee(root)
        self.military(root)
        self.police(root)
        if p.is_quang_ninh:
            self.coal(root)
        for level, name in self.trim(p.communes, self.spec.communes):
            self.commune(root, level, name)
        return root

    def boards(self, root) -> list:
        return [
            root.add(
                Node(
                    f"{name} {self.p.committee}",
                    K.ADVISORY_BOARD,
                    head,
                    deputy,
                    "agency",
                    staff,
                    sectors=sectors,
                    slug=slug,
                    deputies=self.rng.choice((2, 3)),
                )
            )
            for slug, name, head, deputy, sectors, staff in A.BOARDS
        ]

    def party_agencies(self, root, boards) -> Node:
        p = self.p
        party = root.add(committee(f"Đảng bộ các cơ quan Đảng {p.level}", slug="DBCQD", deputies=2))
        for board in boards:
            if board.slug == "VP":  # the office is big enough for a committee of its own
                office = party.add(committee(f"Đảng bộ {board.name}", K.GRASSROOTS))
                labels = self.trim(["Tổng hợp", "Hành chính - Quản trị"], 2)
                board.cells = [office.add(cell(f"Phòng {label}")) for label in labels]
            else:
                board.cells = [party.add(cell(board.name))]
        # A trimmed province still keeps a unit of every sector with exemplary codes.
        units = self.trim(A.PARTY_AGENCY_UNITS)
        units += [u for u in A.PARTY_AGENCY_UNITS if u not in units and "kiem-sat" in u[7]]
        for name, kind, profile, staff, head, deputy, cells, sectors in units:
            name = name.format(lvl=p.level, p=p.name)
            if name.startswith("Trường Chính trị") and p.is_quang_ninh:
                name = A.QN_POLITICAL_SCHOOL
            self.workplace(party, name, kind, profile, staff, head, deputy, cells, sectors)
        return party

    def people_committee(self, root):
        p, lvl = self.p, self.p.level
        ubnd = root.add(committee(f"Đảng bộ Ủy ban nhân dân {lvl}", slug="DBUB", deputies=2))
        self.workplace(
            ubnd,
            f"Ủy ban nhân dân {lvl} {p.name}",
            K.STATE_AGENCY,
            "agency",
            90,
            f"Chủ tịch Ủy ban nhân dân {lvl}",
            f"Phó Chủ tịch Ủy ban nhân dân {lvl}",
            ["Văn phòng Ủy ban nhân dân", "Lãnh đạo Ủy ban nhân dân"],
            deputies=2,
        )
        groups = [
            (
                "Sở Y tế",
                ("y-te",),
                "health",
                "Giám đốc",
                "Phó Giám đốc",
                A.QN_HOSPITALS if p.is_quang_ninh else A.HOSPITALS,
            ),
            (
                "Sở Giáo dục và Đào tạo",
                ("giao-duc",),
                "school",
                "Hiệu trưởng",
                "Phó Hiệu trưởng",
                A.QN_SCHOOLS_PROVINCIAL if p.is_quang_ninh else A.SCHOOLS_PROVINCIAL,
            ),
        ]
        for department, sectors, profile, head, deputy, units in groups:
            group = ubnd.add(committee(f"Đảng bộ {department}", K.GRASSROOTS, sectors=sectors))
            self.workplace(
                group,
                department,
                K.STATE_AGENCY,
                "agency",
                70,
                "Giám đốc Sở",
                "Phó Giám đốc Sở",
                sectors=sectors,
            )
            for name, staff, cells in self.trim(units):
                self.workplace(
                    group,
                    name.format(p=p.name),
                    K.PUBLIC_SERVICE,
                    profile,
                    staff,
                    head,
                    deputy,
                    cells,
                    sectors,
                )
        for name, sectors, staff in self.trim(A.DEPARTMENTS):
            head = "Chánh Thanh tra" if name.startswith("Thanh tra") else "Giám đốc Sở"
            self.workplace(
                ubnd, name, K.STATE_AGENCY, "agency", staff, head, f"Phó {head}", sectors=sectors
            )

    def military(self, root):
        forces = ("luc-luong-vu-trang",)
        qs = root.add(
            committee(f"Đảng bộ Quân sự {self.p.level}", slug="DBQS", sectors=forces, deputies=2)
        )
        for name, head, deputy, staff, cells in self.trim(A.MILITARY):
            if name == "Trung đoàn bộ binh" and self.p.is_quang_ninh:
                name = A.QN_REGIMENT
            self.workplace(qs, name, K.ARMED_FORCES, "armed", staff, head, deputy, cells, forces)

    def police(self, root):
        forces = ("luc-luong-vu-trang",)
        ca = root.add(
            committee(f"Đảng bộ Công an {self.p.level}", slug="DBCA", sectors=forces, deputies=2)
        )
        for name, staff in self.trim(A.POLICE):
            self.workplace(
                ca,
                name,
                K.ARMED_FORCES,
                "armed",
                staff,
                "Trưởng phòng",
                "Phó Trưởng phòng",
                sectors=forces,
            )

    def coal(self, root):
        than = root.add(
            committee("Đảng bộ Than Quảng Ninh", slug="DBTHAN", sectors=("than",), deputies=2)
        )
        shops, office = A.COAL_WORKSHOPS[:-1], A.COAL_WORKSHOPS[-1]
        for name in self.trim(A.COAL_COMPANIES):
            cells = [*self.rng.sample(shops, self.rng.randint(2, 5)), office]
            self.workplace(
                than,
                name,
                K.ENTERPRISE,
                "coal",
                self.rng.uniform(500, 1300),
                "Giám đốc",
                "Phó Giám đốc",
                cells,
                ("than",),
                deputies=2,
            )

    def commune(self, root, level, name) -> Node:
        rng, spec = self.rng, self.spec
        full = f"{level} {name}"
        title = full[0].upper() + full[1:]
        commune = root.add(
            committee(
                f"Đảng ủy {full}",
                K.COMMUNE_COMMITTEE,
                profile="agency",
                staff=rng.uniform(18, 30),
                area=(slug_of(name), title),
                slug=fold(name).replace(" ", "").upper(),
            )
        )
        commune.cells = [commune.add(cell("Cơ quan Đảng - Mặt trận - Đoàn thể"))]
        ubnd = commune.add(
            Node(
                f"Ủy ban nhân dân {full}",
                K.STATE_AGENCY,
                "Chủ tịch Ủy ban nhân dân",
                "Phó Chủ tịch Ủy ban nhân dân",
                "agency",
                rng.uniform(30, 55),
                deputies=2,
            )
        )
        ubnd.cells = [commune.add(cell("Cơ quan Ủy ban nhân dân"))]
        commune.also_deputy = [ubnd]  # the chairman is a deputy secretary
        self.schools(commune, name)
        self.workplace(
            commune,
            f"Trạm Y tế {full}",
            K.PUBLIC_SERVICE,
            "health",
            rng.uniform(8, 18),
            "Trạm trưởng",
            "Phó Trạm trưởng",
            sectors=("y-te",),
            deputies=1,
        )
        if rng.random() < spec.health_centres:
            self.workplace(
                commune,
                f"Trung tâm Y tế khu vực {name}",
                K.PUBLIC_SERVICE,
                "health",
                rng.uniform(120, 250),
                "Giám đốc",
                "Phó Giám đốc",
                ["Khối Khám chữa bệnh", "Khối Dự phòng"],
                ("y-te",),
            )
        self.villages(commune, level)
        if rng.random() < spec.enterprises:
            company = rng.choice(A.LOCAL_ENTERPRISES).format(name)
            self.workplace(
                commune,
                company,
                K.ENTERPRISE,
                "enterprise",
                rng.uniform(40, 250),
                "Giám đốc",
                "Phó Giám đốc",
                sectors=("doanh-nghiep",),
            )
        return commune

    def schools(self, commune, place):
        """The first school of a kind is named after the commune, the next after a patron."""
        rng = self.rng
        kinds = A.SCHOOL_KINDS
        count = rng.randint(*self.spec.schools)
        picked = rng.choices(kinds, weights=[k[1] for k in kinds], k=count)
        patrons = rng.sample(A.SCHOOL_PATRONS, len(picked))
        flowers = rng.sample(A.KINDERGARTEN_NAMES, len(picked))
        used = set()
        for i, (prefix, _, staff, head, deputy) in enumerate(picked):
            if prefix not in used:
                suffix = place
            elif prefix == "Trường Mầm non":
                suffix = flowers[i]
            else:
                suffix = patrons[i]
            used.add(prefix)
            self.workplace(
                commune,
                f"{prefix} {suffix}",
                K.PUBLIC_SERVICE,
                "school",
                staff * rng.uniform(0.7, 1.4),
                head,
                deputy,
                sectors=("giao-duc",),
            )

    def villages(self, commune, level):
        rng = self.rng
        count = rng.randint(*self.spec.villages)
        if level == "phường":
            labels = [f"Khu {i}" for i in range(1, count + 1)]
        else:
            labels = [f"Thôn {v}" for v in rng.sample(VILLAGE_NAMES, count)]
        for label in labels:
            commune.add(cell(label, members=rng.uniform(40, 140)))
