# ruff: noqa: S608 -- the trigger SQL is built from constants in this file only.
"""Database triggers that mark the units whose tallies a write may have changed.

Every insert, update or delete of a row the tallies count from writes a `TallyMark`
in the same transaction, whoever wrote it: a service, a queryset `.update()`, a bulk
load or raw SQL. Updates mark only when a counted column changed, so saving a review's
text costs nothing here.

The triggers are (re)installed after every `migrate` and `flush` (post_migrate), not
by a migration: SQLite drops a table's triggers when a later migration rebuilds the
table, and reinstalling them each time keeps them whatever the migrations do.
"""

from dataclasses import dataclass

MARK = "INSERT INTO dashboards_tallymark (unit_id, period_id, path)"


@dataclass(frozen=True)
class Watch:
    table: str
    # Statements run for a row, with {r} standing for NEW or OLD.
    marks: tuple[str, ...]
    # Columns whose change makes an update count; the others are ignored.
    columns: tuple[str, ...]
    # Statements run once per update with both rows (e.g. a moved unit's two paths).
    update_marks: tuple[str, ...] = ()
    # Statements per row that differ by database ({r} as in `marks`).
    sqlite_marks: tuple[str, ...] = ()
    postgres_marks: tuple[str, ...] = ()


def _home(person: str, period: str) -> str:
    """Mark a person's home unit (party cell, else workplace)."""
    return (
        f"{MARK} SELECT COALESCE(p.party_cell_id, p.workplace_id), {period}, NULL "
        f"FROM organisations_person p WHERE p.id = {person}"
    )


WATCHES = (
    Watch(
        "organisations_unit",
        marks=(f"{MARK} VALUES ({{r}}.id, NULL, NULL)",),
        columns=("is_active", "path", "parent_id"),
        update_marks=(
            f"{MARK} SELECT NULL, NULL, OLD.path "
            "WHERE OLD.path IS NOT NULL AND OLD.path <> NEW.path",
            f"{MARK} SELECT NULL, NULL, NEW.path "
            "WHERE OLD.path IS NOT NULL AND NEW.path IS NOT NULL AND OLD.path <> NEW.path",
        ),
    ),
    Watch(
        "organisations_person",
        marks=(
            f"{MARK} SELECT {{r}}.workplace_id, NULL, NULL WHERE {{r}}.workplace_id IS NOT NULL",
            f"{MARK} SELECT {{r}}.party_cell_id, NULL, NULL WHERE {{r}}.party_cell_id IS NOT NULL",
            # Reviews are counted by the person's category where they are held.
            f"{MARK} SELECT DISTINCT unit_id, period_id, NULL FROM reviews_review "
            "WHERE person_id = {r}.id",
        ),
        columns=("workplace_id", "party_cell_id", "is_active", "category"),
    ),
    Watch(
        "standards_ethicscode",
        marks=(f"{MARK} VALUES ({{r}}.unit_id, {{r}}.period_id, NULL)",),
        columns=("status", "unit_id", "period_id"),
    ),
    Watch(
        "standards_codeevaluation",
        marks=(f"{MARK} VALUES ({{r}}.unit_id, {{r}}.period_id, NULL)",),
        columns=("status", "unit_id", "period_id"),
    ),
    Watch(
        "standards_acknowledgement",
        marks=(
            f"{MARK} SELECT unit_id, period_id, NULL FROM standards_ethicscode "
            "WHERE id = {r}.code_id",
        ),
        columns=("code_id", "person_id"),
    ),
    Watch(
        "commitments_commitmentplan",
        marks=(
            f"{MARK} VALUES ({{r}}.unit_id, {{r}}.period_id, NULL)",
            _home("{r}.person_id", "{r}.period_id"),
        ),
        columns=("status", "is_late", "unit_id", "person_id", "period_id", "number"),
    ),
    Watch(
        "reviews_review",
        marks=(
            f"{MARK} VALUES ({{r}}.unit_id, {{r}}.period_id, NULL)",
            # A collective's quota group belongs to its parent.
            f"{MARK} SELECT parent_id, {{r}}.period_id, NULL FROM organisations_unit "
            "WHERE id = {r}.unit_id AND parent_id IS NOT NULL",
        ),
        columns=(
            "status",
            "decided_level",
            "not_rated",
            "track",
            "subject",
            "unit_id",
            "period_id",
            "person_id",
            "quota_key",
            "rule_set_id",
        ),
        # A collective's quota group is owned by the unit its key names
        # ("<track>:c:<owner id>:<subject>"), which stays its parent at the start even
        # after the collective's unit moves.
        sqlite_marks=(
            f"{MARK} SELECT CAST(substr(k, instr(k, ':c:') + 3, "
            "instr(substr(k, instr(k, ':c:') + 3), ':') - 1) AS INTEGER), p, NULL "
            "FROM (SELECT {r}.quota_key AS k, {r}.period_id AS p) WHERE instr(k, ':c:') > 0",
        ),
        postgres_marks=(
            f"{MARK} SELECT CAST(split_part({{r}}.quota_key, ':', 3) AS BIGINT), "
            "{r}.period_id, NULL WHERE split_part({r}.quota_key, ':', 2) = 'c'",
        ),
    ),
    Watch(
        "reviews_discipline",
        marks=(
            f"{MARK} SELECT {{r}}.unit_id, NULL, NULL WHERE {{r}}.unit_id IS NOT NULL",
            _home("{r}.person_id", "NULL"),
        ),
        columns=("person_id", "unit_id", "decided_on"),
    ),
    Watch(
        "regulations_period",
        # A period's dates decide which discipline records fall in it: recount it all.
        marks=(f"{MARK} VALUES (NULL, {{r}}.id, NULL)",),
        columns=("starts_on", "ends_on"),
    ),
)


def _sqlite(w: Watch) -> list[str]:
    name = f"tally_{w.table}"
    marks = (*w.marks, *w.sqlite_marks)
    new = "; ".join(m.format(r="NEW") for m in marks)
    old = "; ".join(m.format(r="OLD") for m in marks)
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in w.columns)
    both = "; ".join([old, new, *w.update_marks])
    return [
        f"DROP TRIGGER IF EXISTS {name}_ins",
        f"DROP TRIGGER IF EXISTS {name}_upd",
        f"DROP TRIGGER IF EXISTS {name}_del",
        f"CREATE TRIGGER {name}_ins AFTER INSERT ON {w.table} BEGIN {new}; END",
        f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {w.table} WHEN {changed} BEGIN {both}; END",
        f"CREATE TRIGGER {name}_del AFTER DELETE ON {w.table} BEGIN {old}; END",
    ]


def _postgres(w: Watch) -> list[str]:
    name = f"tally_{w.table}"
    marks = (*w.marks, *w.postgres_marks)
    new = "; ".join(m.format(r="NEW") for m in marks)
    old = "; ".join(m.format(r="OLD") for m in marks)
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in w.columns)
    both = "; ".join([old, new, *w.update_marks])
    body = (
        f"IF TG_OP = 'INSERT' THEN {new}; "
        f"ELSIF TG_OP = 'DELETE' THEN {old}; "
        f"ELSE {both}; END IF; RETURN NULL;"
    )
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {body} END $$",
        f"DROP TRIGGER IF EXISTS {name}_ins ON {w.table}",
        f"DROP TRIGGER IF EXISTS {name}_upd ON {w.table}",
        f"DROP TRIGGER IF EXISTS {name}_del ON {w.table}",
        f"CREATE TRIGGER {name}_ins AFTER INSERT OR DELETE ON {w.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {w.table} FOR EACH ROW "
        f"WHEN ({changed}) EXECUTE FUNCTION {name}()",
    ]


def statements(vendor: str) -> list[str]:
    build = _postgres if vendor == "postgresql" else _sqlite
    return [sql for w in WATCHES for sql in build(w)]


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor):
            cursor.execute(sql)


def installed(connection) -> set[str]:
    """The names of the tally triggers present (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'tally%%' AND NOT tgisinternal"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall() if row[0].startswith("tally_")}


def expected(vendor: str) -> set[str]:
    suffixes = ("_ins", "_upd") if vendor == "postgresql" else ("_ins", "_upd", "_del")
    return {f"tally_{w.table}{s}" for w in WATCHES for s in suffixes}
