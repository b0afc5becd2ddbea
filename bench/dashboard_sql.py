# ruff: noqa: S608 -- the SQL is built from constants here; values go as parameters.
"""The dashboard's figures counted by hand-written SQL straight from the source tables:
the full scan the kept tallies are compared with.

One statement gives every counter, for a subtree as a whole (the root's figures) or
grouped by the root's direct children (the table): one UNION ALL branch per kind of row,
each joining its rows to the unit they are attached to, restricted to the subtree by the
path range (the path index) and grouped by the child's path prefix. The plan that speaks
for a person (or a unit) comes from two joins on the partial unique indexes: at most one
open version (draft, submitted, returned) and one approved version per owner and period,
so the speaking version is the submitted one, else the approved one, else the open one,
with no window or grouping. The acknowledged flag is two anti-joins (nobody at the unit,
by workplace or party cell, without an acknowledgement of its published version).
"""

from neuguong.dashboards.models import COUNTERS
from neuguong.organisations import tree

REGISTERED = "('submitted', 'returned', 'approved')"
BUILT = "('submitted', 'approved', 'published', 'superseded')"
APPROVED = "('approved', 'published', 'superseded')"
PUBLISHED = "('published', 'superseded')"
LEVELS = (1, 2, 3, 4)


def _speaking(open_: str, approved: str) -> dict[str, str]:
    """Status tests of the speaking plan, from the open and the approved version."""
    return {
        "registered": f"({open_}.status IN ('submitted', 'returned') OR {approved}.id IS NOT NULL)",
        "approved": f"({approved}.id IS NOT NULL AND ({open_}.status IS NULL "
        f"OR {open_}.status <> 'submitted'))",
        "late": f"(CASE WHEN {open_}.status = 'submitted' THEN {open_}.is_late "
        f"WHEN {approved}.id IS NOT NULL THEN {approved}.is_late ELSE {open_}.is_late END)",
    }


def _count(condition: str | None = None) -> str:
    return "COUNT(*)" if condition is None else f"COUNT(*) FILTER (WHERE {condition})"


def _levels(prefix: str, alias: str) -> dict[str, str]:
    return {
        f"{prefix}_{track}_{lv}": _count(
            f"{alias}.status = 'decided' AND NOT {alias}.not_rated AND {alias}.track = '{track}' "
            f"AND {alias}.decided_level = {lv}"
        )
        for track in ("party", "state")
        for lv in LEVELS
    }


def _branch(counts: dict[str, str], body: str) -> str:
    columns = ", ".join(f"{counts.get(c, '0')} AS {c}" for c in COUNTERS)
    return f"SELECT {{key}} AS k, {columns} {body} GROUP BY 1"


def _units() -> str:
    plans = _speaking("o", "a")
    counts = {
        "units": _count(),
        "code_built": _count("c.built > 0"),
        "code_approved": _count("c.approved > 0"),
        "code_published": _count("c.published > 0"),
        "code_acknowledged": _count("ack.unit_id IS NOT NULL"),
        "code_evaluated": _count("e.id IS NOT NULL"),
        "cplan_registered": _count(plans["registered"]),
        "cplan_approved": _count(plans["approved"]),
        "cplan_late": _count(plans["late"]),
    }
    return _branch(
        counts,
        """FROM organisations_unit u
        LEFT JOIN codes c ON c.unit_id = u.id
        LEFT JOIN acknowledged ack ON ack.unit_id = u.id
        LEFT JOIN standards_codeevaluation e
          ON e.unit_id = u.id AND e.period_id = %(period)s AND e.status = 'decided'
        LEFT JOIN commitments_commitmentplan o
          ON o.unit_id = u.id AND o.period_id = %(period)s AND o.person_id IS NULL
         AND o.status IN ('draft', 'submitted', 'returned')
        LEFT JOIN commitments_commitmentplan a
          ON a.unit_id = u.id AND a.period_id = %(period)s AND a.person_id IS NULL
         AND a.status = 'approved'
        WHERE u.is_active AND {within}""",
    )


def _people_with_plans() -> str:
    """People and their speaking plans, from the people's side: two joins on the partial
    unique indexes (PostgreSQL: two hash joins, faster there than the plans' side)."""
    plans = _speaking("o", "a")
    counts = {
        "people": _count(),
        "plan_registered": _count(plans["registered"]),
        "plan_approved": _count(plans["approved"]),
        "plan_late": _count(plans["late"]),
    }
    return _branch(
        counts,
        """FROM organisations_person p
        JOIN organisations_unit u ON u.id = COALESCE(p.party_cell_id, p.workplace_id)
        LEFT JOIN commitments_commitmentplan o
          ON o.person_id = p.id AND o.period_id = %(period)s
         AND o.status IN ('draft', 'submitted', 'returned')
        LEFT JOIN commitments_commitmentplan a
          ON a.person_id = p.id AND a.period_id = %(period)s AND a.status = 'approved'
        WHERE p.is_active AND {within}""",
    )


def _people() -> str:
    return _branch(
        {"people": _count()},
        """FROM organisations_person p
        JOIN organisations_unit u ON u.id = COALESCE(p.party_cell_id, p.workplace_id)
        WHERE p.is_active AND {within}""",
    )


def _plans() -> str:
    """The personal plans that speak for their person, counted from the plans' side:
    a submitted version; else the approved one; else the open (draft or returned) one.
    A person has at most one open and one approved version, so one row speaks."""
    counts = {
        "plan_registered": _count(f"r.status IN {REGISTERED}"),
        "plan_approved": _count("r.status = 'approved'"),
        "plan_late": _count("r.is_late"),
    }
    sibling = (
        "SELECT 1 FROM commitments_commitmentplan s WHERE s.person_id = r.person_id "
        "AND s.period_id = r.period_id AND s.status = "
    )
    return _branch(
        counts,
        f"""FROM commitments_commitmentplan r
        JOIN organisations_person p ON p.id = r.person_id
        JOIN organisations_unit u ON u.id = COALESCE(p.party_cell_id, p.workplace_id)
        WHERE r.period_id = %(period)s AND r.person_id IS NOT NULL AND p.is_active
          AND (r.status = 'submitted'
               OR (r.status = 'approved' AND NOT EXISTS ({sibling}'submitted'))
               OR (r.status IN ('draft', 'returned') AND NOT EXISTS ({sibling}'approved')))
          AND {{within}}""",
    )


def _reviews(personal: bool) -> str:
    if personal:
        counts = {
            "review_started": _count(),
            "review_done": _count("r.status = 'decided'"),
            "review_not_rated": _count("r.status = 'decided' AND r.not_rated"),
            **_levels("review", "r"),
        }
    else:
        counts = {
            "creview_started": _count(),
            "creview_done": _count("r.status = 'decided'"),
            **_levels("creview", "r"),
        }
    subject = "=" if personal else "<>"
    return _branch(
        counts,
        f"""FROM reviews_review r JOIN organisations_unit u ON u.id = r.unit_id
        WHERE r.period_id = %(period)s AND r.subject {subject} 'person' AND {{within}}""",
    )


def _discipline() -> str:
    counts = {
        "discipline_people": _count("d.person_id IS NOT NULL"),
        "discipline_units": _count("d.person_id IS NULL"),
    }
    return _branch(
        counts,
        """FROM reviews_discipline d
        LEFT JOIN organisations_person p ON p.id = d.person_id
        JOIN organisations_unit u ON u.id = COALESCE(p.party_cell_id, p.workplace_id, d.unit_id)
        WHERE d.decided_on >= %(starts)s AND d.decided_on <= %(ends)s AND {within}""",
    )


def _quota() -> str:
    return _branch(
        {"quota_groups": _count(), "quota_ok": _count("g.htxs <= g.htt * pc.percent / 100")},
        """FROM quota g
        JOIN percents pc ON pc.rule_set_id = g.rule_set_id
        JOIN organisations_unit u ON u.id = g.owner
        WHERE {within}""",
    )


def _owner(vendor: str) -> str:
    """The owning unit's id: the third field of a quota key."""
    if vendor == "postgresql":
        return "CAST(split_part(quota_key, ':', 3) AS bigint)"
    rest = "substr(quota_key, instr(quota_key, ':') + 1)"
    return f"CAST(substr({rest}, instr({rest}, ':') + 1) AS INTEGER)"


def statement(vendor: str, percents: dict[int, int], *, by_child: bool, width: int) -> str:
    values = ", ".join(f"({pk}, {pc})" for pk, pc in sorted(percents.items()))
    ctes = f"""
    WITH percents (rule_set_id, percent) AS (VALUES {values}),
    codes AS (
        SELECT unit_id,
               {_count(f"status IN {BUILT}")} AS built,
               {_count(f"status IN {APPROVED}")} AS approved,
               {_count(f"status IN {PUBLISHED}")} AS published
        FROM standards_ethicscode WHERE period_id = %(period)s GROUP BY unit_id
    ),
    acknowledged AS (
        SELECT c.unit_id FROM standards_ethicscode c
        WHERE c.period_id = %(period)s AND c.status = 'published'
          AND NOT EXISTS (
            SELECT 1 FROM organisations_person p
            WHERE p.workplace_id = c.unit_id AND p.is_active AND NOT EXISTS (
                SELECT 1 FROM standards_acknowledgement k
                WHERE k.code_id = c.id AND k.person_id = p.id))
          AND NOT EXISTS (
            SELECT 1 FROM organisations_person p
            WHERE p.party_cell_id = c.unit_id AND p.is_active AND NOT EXISTS (
                SELECT 1 FROM standards_acknowledgement k
                WHERE k.code_id = c.id AND k.person_id = p.id))
    ),
    quota AS (
        SELECT {_owner(vendor)} AS owner,
               {_count("decided_level = 2")} AS htt, {_count("decided_level = 1")} AS htxs,
               MIN(rule_set_id) AS rule_set_id
        FROM (SELECT quota_key, rule_set_id,
                     CASE WHEN status = 'decided' AND NOT not_rated THEN decided_level END
                       AS decided_level,
                     status = 'decided' AND NOT not_rated AS rated
              FROM reviews_review WHERE period_id = %(period)s) r
        GROUP BY quota_key
        HAVING {_count("rated")} > 0
    )
    """
    key = f"substr(u.path, 1, {width})" if by_child else "''"
    within = "u.path >= %(low)s AND u.path < %(high)s"
    branches = [
        _units(),
        # SQLite probes indexes row by row: from the plans' side it probes 40k plans
        # rather than 150k people twice. PostgreSQL hashes: one pass from the people.
        *([_people_with_plans()] if vendor == "postgresql" else [_people(), _plans()]),
        _reviews(True),
        _reviews(False),
        _discipline(),
        _quota(),
    ]
    union = " UNION ALL ".join(b.format(key=key, within=within) for b in branches)
    return ctes + union


class HandSQL:
    """The root's figures and the per-child table, by the statement above."""

    def __init__(self, connection, root, period, percents: dict[int, int]):
        self.connection = connection
        low, high = tree.subtree_bounds(root.path)
        self.params = {
            "period": period.pk,
            "starts": period.starts_on,
            "ends": period.ends_on,
            "low": low,
            "high": high,
        }
        width = len(root.path) + tree.SEGMENT
        vendor = connection.vendor
        self.root_sql = statement(vendor, percents, by_child=False, width=width)
        self.child_sql = statement(vendor, percents, by_child=True, width=width)

    def _rows(self, sql: str) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        with self.connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            for key, *values in cursor.fetchall():
                sums = out.setdefault(key, dict.fromkeys(COUNTERS, 0))
                for c, v in zip(COUNTERS, values, strict=True):
                    sums[c] += int(v or 0)
        return out

    def figures(self) -> dict[str, int]:
        return self._rows(self.root_sql).get("", dict.fromkeys(COUNTERS, 0))

    def child_figures(self) -> dict[str, dict[str, int]]:
        """{child path: figures}; a child with nothing counted is absent."""
        return self._rows(self.child_sql)
