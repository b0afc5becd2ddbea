"""Writing a plan to the database in one transaction.

SQLite gets bulk_create in big batches; PostgreSQL gets COPY, streamed. Rows carry their
primary keys (paths are made of them), so PostgreSQL's sequences are reset afterwards.
For the national data the person table's secondary indexes and foreign keys are dropped
during the COPY and rebuilt after it, as PostgreSQL's guide to populating a database
advises: one sort per index instead of 5.5 million index insertions.

The dashboards' tally triggers are dropped during the load as well and reinstalled in
the same transaction: each would mark a unit for every row written (two marks per
person, two per review), only for the marks to be thrown away by the full count that
follows the load (`manage.py rebuild_tallies`, run by seed_demo).
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager, nullcontext
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from neuguong.core.access import Role
from neuguong.core.text import person_tokens
from neuguong.dashboards import triggers
from neuguong.dashboards.models import TallyState

from ..factories import give_role
from ..models import Area, Person, PersonNameToken, Post, Sector, Unit
from . import DEMO_PASSWORD
from .logins import DEMO_LOGINS
from .people import PERSON_COLUMNS, POST_COLUMNS
from .plan import UNIT_COLUMNS, Plan
from .programme import seed_programme

BATCH = 20_000
SUPERVISED_SECTORS = ("giao-duc", "y-te")


def chunks(rows: Iterable, size: int):
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


class OrmWriter:
    def write(self, model, columns, rows) -> None:
        for chunk in chunks(rows, BATCH):
            model.objects.bulk_create([model(**dict(zip(columns, r, strict=True))) for r in chunk])


class CopyWriter:
    def __init__(self):
        self.now = timezone.now()

    def _constants(self, model, columns) -> dict:
        """Values for the NOT NULL columns a row leaves out (COPY skips Django defaults)."""
        out = {}
        for f in model._meta.concrete_fields:
            if f.attname in columns or f.null or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                out[f.column] = self.now
            elif f.has_default():
                out[f.column] = f.get_default()
        return out

    def write(self, model, columns, rows) -> None:
        extra = self._constants(model, columns)
        tail = tuple(extra.values())
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in (*columns, *extra))
        sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + tail)


@contextmanager
def without_tally_triggers():
    """Drop the tally triggers; reinstall them on the way out, in the same transaction.

    Sound because the caller holds one transaction throughout: on PostgreSQL, DROP
    TRIGGER locks each table against other writers until the commit, and SQLite has a
    single writer, so no write of anyone else goes unmarked. The load's own writes are
    left unmarked, so every period is marked as not built (its TallyState deleted): it
    is counted in full before it is read, by rebuild_tallies or by the first reader.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("The tally triggers must come back in the same transaction.")
    postgres = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for watch in triggers.WATCHES:
            on = f" ON {quote(watch.table)}" if postgres else ""
            for suffix in ("_ins", "_upd", "_del"):
                name = quote(f"tally_{watch.table}{suffix}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
    yield
    triggers.install(connection)
    TallyState.objects.all().delete()


@contextmanager
def without_secondary_indexes(model):
    """Drop the table's plain indexes and foreign keys; recreate them on the way out."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # Check the rows written so far now: a table with pending checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        fks = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND "
            "i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        for name, _ in fks:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in fks:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class PeopleCounter:
    """Counts people and party members as they stream past."""

    def __init__(self, rows, progress: Callable[[int], None] | None):
        self.rows, self.progress, self.people, self.members = rows, progress, 0, 0

    def __iter__(self):
        status = PERSON_COLUMNS.index("party_status")
        for row in self.rows:
            self.people += 1
            if row[status]:
                self.members += 1
            if self.progress and self.people % 500_000 == 0:
                self.progress(self.people)
            yield row


def load(plan: Plan, *, progress: Callable[[int], None] | None = None) -> dict:
    postgres = connection.vendor == "postgresql"
    writer = CopyWriter() if postgres else OrmWriter()
    people = PeopleCounter(plan.people(), progress)
    with transaction.atomic(), without_tally_triggers():
        writer.write(Sector, ("id", "code", "name"), plan.sectors)
        writer.write(Area, ("id", "code", "name"), [a[:3] for a in plan.areas])
        writer.write(Unit, UNIT_COLUMNS, plan.unit_rows())
        writer.write(Unit.sectors.through, ("unit_id", "sector_id"), plan.unit_sectors())
        writer.write(Unit.areas.through, ("unit_id", "area_id"), plan.unit_areas())
        bare = without_secondary_indexes(Person) if postgres and plan.spec.national else None
        with bare or nullcontext():
            writer.write(Person, PERSON_COLUMNS, people)
        bare = (
            without_secondary_indexes(PersonNameToken) if postgres and plan.spec.national else None
        )
        with bare or nullcontext():
            write_name_tokens(postgres=postgres)
        writer.write(Post, POST_COLUMNS, plan.posts())
        users = create_demo_logins(plan)
        programme = seed_programme(plan)
    if postgres:
        finish_postgres()
    return {
        "units": len(plan.units),
        "people": people.people,
        "members": people.members,
        "posts": len(plan.posts()),
        "users": users,
        "programme": programme,
    }


# The same tokens as neuguong.core.text.person_tokens, computed by PostgreSQL itself so
# that 5.5 million people need not pass through Python twice.
POSTGRES_TOKENS_SQL = """
INSERT INTO organisations_personnametoken (person_id, token)
SELECT p.id, t.w
FROM organisations_person p,
     LATERAL (
         SELECT DISTINCT left(w, 40) AS w
         FROM unnest(
             regexp_split_to_array(p.name_folded, '[^a-z0-9]+')
             || regexp_split_to_array(lower(p.code), '[^a-z0-9]+')
             || lower(regexp_replace(p.code, '[^A-Za-z0-9]+', '', 'g'))
         ) AS w
         WHERE w <> ''
     ) AS t
"""


def write_name_tokens(*, postgres: bool) -> None:
    """The people search's tokens (see models.PersonNameToken) for every person."""
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(POSTGRES_TOKENS_SQL)
        return
    people = Person.objects.values_list("pk", "full_name", "code").order_by("pk")
    rows = (
        (pk, t) for pk, name, code in people.iterator(10_000) for t in person_tokens(name, code)
    )
    table = connection.ops.quote_name(PersonNameToken._meta.db_table)
    with connection.cursor() as cursor:  # 600,000 tiny rows: skip model instances
        for chunk in chunks(rows, 50_000):
            sql = f"INSERT INTO {table} (person_id, token) VALUES (%s, %s)"  # noqa: S608
            cursor.executemany(sql, chunk)


def create_demo_logins(plan: Plan) -> int:
    """The demo users, one per role, all with the one demo password hashed once."""
    hashed = make_password(DEMO_PASSWORD)
    picks = plan.personas()
    User = get_user_model()
    for login in DEMO_LOGINS:
        pick = picks[login.username]
        person = Person.objects.get(pk=pick.person)
        family, *given = person.full_name.split()
        user = User.objects.create(
            username=login.username,
            # A reserved domain (RFC 2606): the notices show on the console in development.
            email=f"{login.username}@neuguong.example",
            password=hashed,
            first_name=" ".join(given),
            last_name=family,
            is_staff=login.superuser,
            is_superuser=login.superuser,
        )
        Person.objects.filter(pk=person.pk).update(user=user)
        if login.role:
            sectors, areas = (), ()
            if login.role == Role.SUPERVISOR:
                sectors = list(Sector.objects.filter(code__in=SUPERVISED_SECTORS))
                areas = list(Area.objects.filter(pk=plan.supervised_area()))
            give_role(
                user, login.role, Unit.objects.get(pk=pick.unit.id), sectors=sectors, areas=areas
            )
    return len(DEMO_LOGINS)


def finish_postgres() -> None:
    """Move the sequences past the explicit ids, then refresh the planner's statistics and
    the visibility map (index-only scans) of the big tables."""
    seeded: list[type[models.Model]] = [Sector, Area, Unit, Person, Post]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), seeded):
            cursor.execute(sql)
        if connection.in_atomic_block:
            cursor.execute("ANALYZE")
            return
        for model in (Unit, Person, Post):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
