# ruff: noqa: S608 -- the SQL is built from constants and ids computed here.
"""The national data set's programme for one period, so that its dashboards have
something to count: the seed (seed_demo --scale national) writes units and people only.

For the open period (Năm 2026), in set-based SQL (INSERT … SELECT over the people and
units, PostgreSQL only), each draw a hash of the row's id so a run always gives the same
data:
- a personal plan for 90% of the active people (approved 59%, submitted 10%, returned
  5%, draft 13%, and 3% with two versions: superseded + approved, or approved + an
  amendment submitted), 7% of the registered ones late; a collective plan for 90% of
  the active units;
- a personal review of every active person at their home (the party cell, else the
  workplace; party track at a cell, state track at a workplace), with the period's rule
  set and quota group, as services.quota_group keys them: 60% decided (1.5% not rated;
  of the others 12% HTXS, 61% HTT, 24% HTNV, 3% KHTNV), the others proposed, commented,
  submitted or drafting;
- a collective review of every active unit below the root (organisation), and of the
  committees' leaderships, 70% decided;
- an ethics code for 96% of the active units (78% published), an evaluation of 80% of
  the published ones (70% decided), and acknowledgements by everyone in 25% of the
  published units (by all but about one in 13 in a third of these);
- discipline records on 0.4% of the people (three in four decided in the period) and
  0.5% of the units.

The tally triggers are dropped during the load and reinstalled in the same transaction
(neuguong.organisations.demo.load.without_tally_triggers), and the big tables' secondary
indexes are rebuilt after it. Every period's TallyState is deleted with it (by
without_tally_triggers): the benchmark rebuilds the period, and times that. Done once per
database: a table `bench_dashboard_data` holds the version of what was written.
"""

import time

VERSION = 2  # 2: amendments point at the version they amend
MARKER_TABLE = "bench_dashboard_data"
PERIOD = "Năm 2026"


def _h(column: str, salt: int, modulo: int) -> str:
    """A deterministic draw in [0, modulo) from a row's id."""
    return f"(abs(hashtextextended(({column})::text, {salt})) % {modulo})"


def present(cursor) -> bool:
    cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
    if cursor.fetchone()[0] is None:
        return False
    cursor.execute(f"SELECT max(version) FROM {MARKER_TABLE}")
    return cursor.fetchone()[0] == VERSION


def rule_sets(period) -> dict:
    """{(track, category): (rule set id, quota key suffix)} for the personal reviews."""
    from neuguong.organisations.models import PersonCategory
    from neuguong.reviews.models import RuleSet, Track

    out = {}
    for track in Track.values:
        for category in ["", *PersonCategory.values]:
            rule_set = RuleSet.objects.for_review(period=period, track=track, category=category)
            grouping = rule_set.rules().params["quota_group"]
            out[(track, category)] = (rule_set.pk, "" if grouping == "unit" else ":staff")
    return out


def _case(pairs, default) -> str:
    return "CASE " + " ".join(f"WHEN {w} THEN {t}" for w, t in pairs) + f" ELSE {default} END"


PLAN_COLUMNS = (
    "period_id, person_id, unit_id, workplace_id, number, status, is_leader, "
    "amendment_reason, political_stance, ethics_note, theme_study, discipline_family, "
    "leadership, return_reason, submitted_at, is_late, version, created_at, updated_at"
)


def plans(cursor, period) -> None:
    r = "p.r"
    first = _case(
        [
            (f"{r} < 20", "'superseded'"),
            (f"{r} < 620", "'approved'"),
            (f"{r} < 720", "'submitted'"),
            (f"{r} < 770", "'returned'"),
        ],
        "'draft'",
    )
    second = _case([(f"{r} < 20", "'approved'"), (f"{r} < 30", "'submitted'")], "NULL")
    cursor.execute(
        f"""
        INSERT INTO commitments_commitmentplan ({PLAN_COLUMNS})
        SELECT {period.pk}, p.id, p.home, p.workplace_id, v.number, v.status, false,
               CASE WHEN v.number = 2 THEN 'Điều chỉnh chỉ tiêu' ELSE '' END, '', '', '', '',
               '', CASE WHEN v.status = 'returned' THEN 'Đề nghị bổ sung chỉ tiêu cụ thể.'
                   ELSE '' END,
               CASE WHEN v.status <> 'draft' THEN timestamptz '2026-03-20 09:00+07' END,
               v.status <> 'draft' AND {_h("p.id", 2, 100)} < 7, 1, now(), now()
        FROM (SELECT id, workplace_id, COALESCE(party_cell_id, workplace_id) AS home,
                     {_h("id", 1, 1000)} AS r
              FROM organisations_person
              WHERE is_active AND COALESCE(party_cell_id, workplace_id) IS NOT NULL) p
        CROSS JOIN LATERAL (VALUES (1, {first}), (2, {second})) AS v(number, status)
        WHERE p.r < 900 AND v.status IS NOT NULL
        """
    )
    cursor.execute(
        f"""
        UPDATE commitments_commitmentplan v2 SET amends_id = v1.id
        FROM commitments_commitmentplan v1
        WHERE v2.period_id = {period.pk} AND v2.number = 2 AND v2.person_id IS NOT NULL
          AND v1.period_id = {period.pk} AND v1.number = 1 AND v1.person_id = v2.person_id
        """
    )
    status = _case(
        [("r < 70", "'approved'"), ("r < 80", "'submitted'"), ("r < 85", "'returned'")],
        "'draft'",
    )
    cursor.execute(
        f"""
        INSERT INTO commitments_commitmentplan ({PLAN_COLUMNS})
        SELECT {period.pk}, NULL, id, NULL, 1, {status}, false, '', '', '', '', '', '', '',
               CASE WHEN r < 85 THEN timestamptz '2026-03-25 09:00+07' END,
               r < 85 AND {_h("id", 12, 100)} < 5, 1, now(), now()
        FROM (SELECT id, {_h("id", 11, 100)} AS r FROM organisations_unit WHERE is_active) u
        WHERE r < 90
        """
    )


REVIEW_COLUMNS = (
    "period_id, person_id, unit_id, subject, track, rule_set_id, form, post_title, is_head, "
    "is_deputy, quota_key, quota_label, status, shortcomings, earlier_fixes, explanations, "
    "collective_share, remedies, maternity_leave, collective_comments, votes_htxs, votes_htt, "
    "votes_htnv, votes_khtnv, assessment, proposed_level, decided_level, not_rated, "
    "decision_note, decided_at, reopen_reason, version, created_at, updated_at"
)


def _status(r: str, decided: int) -> str:
    return _case(
        [
            (f"{r} < {decided}", "'decided'"),
            (f"{r} < {decided + 180}", "'proposed'"),
            (f"{r} < {decided + 270}", "'commented'"),
            (f"{r} < {decided + 340}", "'submitted'"),
        ],
        "'draft'",
    )


def reviews(cursor, period, sets: dict) -> None:
    rule = _case(
        [
            (f"t.track = '{track}' AND t.category = '{category}'", str(pk))
            for (track, category), (pk, _suffix) in sets.items()
        ],
        "NULL",
    )
    suffix = _case(
        [
            (f"t.track = '{track}' AND t.category = '{category}'", f"'{sfx}'")
            for (track, category), (_pk, sfx) in sets.items()
        ],
        "''",
    )
    level = _case(
        [("t.l < 15", "NULL"), ("t.l < 135", "1"), ("t.l < 745", "2"), ("t.l < 985", "3")], "4"
    )
    cursor.execute(
        f"""
        INSERT INTO reviews_review ({REVIEW_COLUMNS})
        SELECT {period.pk}, t.id, t.home, 'person', t.track, {rule},
               CASE WHEN t.track = 'party' THEN '2A' ELSE '02A' END, '', false, false,
               t.track || ':u:' || t.home || {suffix},
               u.name || CASE WHEN {suffix} = '' THEN ''
                   ELSE ', cán bộ không giữ chức vụ lãnh đạo' END,
               t.status, '', '', '', '', '', false, '', 0, 0, 0, 0, '',
               CASE WHEN t.status IN ('proposed', 'decided') THEN COALESCE({level}, 2) END,
               CASE WHEN t.status = 'decided' THEN {level} END,
               t.status = 'decided' AND t.l < 15, '',
               CASE WHEN t.status = 'decided' THEN timestamptz '2026-12-10 09:00+07' END,
               '', 1, now(), now()
        FROM (SELECT id, category, COALESCE(party_cell_id, workplace_id) AS home,
                     CASE WHEN party_cell_id IS NOT NULL THEN 'party' ELSE 'state' END AS track,
                     {_status(_h("id", 3, 1000), 600)} AS status, {_h("id", 4, 1000)} AS l
              FROM organisations_person
              WHERE is_active AND COALESCE(party_cell_id, workplace_id) IS NOT NULL) t
        JOIN organisations_unit u ON u.id = t.home
        """
    )


def collective_reviews(cursor, period, sets: dict) -> None:
    from neuguong.organisations.models import UnitKind

    party = ", ".join(f"'{k}'" for k in UnitKind.party_kinds())
    committees = ", ".join(
        f"'{k}'"
        for k in (
            UnitKind.PROVINCIAL_COMMITTEE,
            UnitKind.AFFILIATED_COMMITTEE,
            UnitKind.COMMUNE_COMMITTEE,
            UnitKind.GRASSROOTS,
        )
    )
    level = _case([("c.l < 150", "1"), ("c.l < 800", "2"), ("c.l < 980", "3")], "4")
    cursor.execute(
        f"""
        INSERT INTO reviews_review ({REVIEW_COLUMNS})
        SELECT {period.pk}, NULL, c.id, c.subject, c.track,
               CASE WHEN c.track = 'party' THEN {sets[("party", "")][0]}
                    ELSE {sets[("state", "")][0]} END,
               '01', '', false, false,
               c.track || ':c:' || c.parent_id || ':' || c.subject,
               CASE WHEN c.subject = 'leadership' THEN 'Các tập thể lãnh đạo trực thuộc '
                    ELSE 'Các tập thể trực thuộc ' END || p.name,
               c.status, '', '', '', '', '', false, '', 0, 0, 0, 0, '',
               CASE WHEN c.status IN ('proposed', 'decided') THEN {level} END,
               CASE WHEN c.status = 'decided' THEN {level} END, false, '',
               CASE WHEN c.status = 'decided' THEN timestamptz '2026-12-12 09:00+07' END,
               '', 1, now(), now()
        FROM (SELECT u.id, u.parent_id, s.subject,
                     CASE WHEN u.kind IN ({party}) THEN 'party' ELSE 'state' END AS track,
                     CASE WHEN {_h("u.id * 2 + s.n", 5, 100)} < 70 THEN 'decided'
                          WHEN {_h("u.id * 2 + s.n", 5, 100)} < 90 THEN 'proposed'
                          ELSE 'draft' END AS status,
                     {_h("u.id * 2 + s.n", 6, 1000)} AS l
              FROM organisations_unit u
              CROSS JOIN (VALUES ('organisation', 0), ('leadership', 1)) AS s(subject, n)
              WHERE u.is_active AND u.parent_id IS NOT NULL
                AND (s.subject = 'organisation' OR u.kind IN ({committees}))) c
        JOIN organisations_unit p ON p.id = c.parent_id
        """
    )


def codes(cursor, period) -> None:
    status = _case(
        [
            ("r < 78", "'published'"),
            ("r < 83", "'approved'"),
            ("r < 88", "'submitted'"),
            ("r < 92", "'returned'"),
        ],
        "'draft'",
    )
    cursor.execute(
        f"""
        INSERT INTO standards_ethicscode (period_id, unit_id, number, status, source,
            not_applicable, return_reason, submitted_at, effective_from, published_at,
            version, created_at, updated_at)
        SELECT {period.pk}, id, 1, {status}, 'blank', '{{}}'::jsonb, '',
               CASE WHEN r < 88 THEN timestamptz '2026-02-20 09:00+07' END,
               CASE WHEN r < 78 THEN date '2026-03-01' END,
               CASE WHEN r < 78 THEN timestamptz '2026-03-01 09:00+07' END, 1, now(), now()
        FROM (SELECT id, {_h("id", 7, 100)} AS r FROM organisations_unit WHERE is_active) u
        WHERE r < 96
        """
    )
    cursor.execute(
        f"""
        INSERT INTO standards_codeevaluation (period_id, unit_id, code_id, status, overall,
            comment, decided_at, version, created_at, updated_at)
        SELECT c.period_id, c.unit_id, c.id,
               CASE WHEN e.r < 70 THEN 'decided' ELSE 'draft' END,
               CASE WHEN e.r >= 70 THEN '' WHEN e.r < 56 THEN 'met' WHEN e.r < 67 THEN 'partly'
                    ELSE 'not_met' END,
               '', CASE WHEN e.r < 70 THEN timestamptz '2026-12-05 09:00+07' END, 1, now(), now()
        FROM standards_ethicscode c
        CROSS JOIN LATERAL (SELECT {_h("c.unit_id", 8, 100)} AS r) e
        WHERE c.period_id = {period.pk} AND c.status = 'published' AND e.r < 80
        """
    )
    # Everyone at the unit (workplace or party cell) acknowledges, in a quarter of the
    # published units; in a third of those, about one person in 13 has not yet.
    cursor.execute(
        f"""
        INSERT INTO standards_acknowledgement (code_id, person_id, acknowledged_at)
        SELECT DISTINCT c.id, p.id, timestamptz '2026-03-15 09:00+07'
        FROM standards_ethicscode c
        JOIN organisations_person p
          ON p.is_active AND (p.workplace_id = c.unit_id OR p.party_cell_id = c.unit_id)
        WHERE c.period_id = {period.pk} AND c.status = 'published'
          AND {_h("c.unit_id", 9, 100)} < 25
          AND NOT ({_h("c.unit_id", 9, 100)} < 8 AND p.id % 13 = 0)
        """
    )


def discipline(cursor, period) -> None:
    cursor.execute(
        f"""
        INSERT INTO reviews_discipline (person_id, unit_id, kind, decided_on, authority,
            decision_number, reason, self_detected_fixed, created_at, updated_at)
        SELECT id, NULL,
               CASE WHEN {_h("id", 14, 10)} < 7 THEN 'reprimand' ELSE 'warning' END,
               CASE WHEN r < 3 THEN date '{period.starts_on}' + (id % 330)::int
                    ELSE date '{period.starts_on}' - 200 + (id % 150)::int END,
               'Ủy ban Kiểm tra', '', '', {_h("id", 15, 10)} = 0, now(), now()
        FROM (SELECT id, {_h("id", 13, 1000)} AS r FROM organisations_person WHERE is_active) p
        WHERE r < 4
        """
    )
    cursor.execute(
        f"""
        INSERT INTO reviews_discipline (person_id, unit_id, kind, decided_on, authority,
            decision_number, reason, self_detected_fixed, created_at, updated_at)
        SELECT NULL, id, 'reprimand', date '{period.starts_on}' + (id % 300)::int,
               'Ủy ban Kiểm tra', '', '', false, now(), now()
        FROM organisations_unit WHERE is_active AND parent_id IS NOT NULL
          AND {_h("id", 16, 1000)} < 5
        """
    )


def ensure(log) -> dict | None:
    """Write the programme unless it is there; {step: seconds} when written."""
    from django.db import connection, transaction

    from neuguong.commitments.models import CommitmentPlan
    from neuguong.organisations.demo.load import without_secondary_indexes, without_tally_triggers
    from neuguong.regulations.models import Period
    from neuguong.reviews.models import Review
    from neuguong.standards.models import Acknowledgement

    with connection.cursor() as cursor:
        if present(cursor):
            return None
    period = Period.objects.get(name=PERIOD)
    sets = rule_sets(period)
    steps = {}
    log(f"  writing the national programme of {period} (plans, reviews, codes, discipline)")
    with transaction.atomic(), without_tally_triggers(), connection.cursor() as cursor:
        if CommitmentPlan.objects.filter(period=period).exists():
            raise SystemExit(f"{period} already has plans: reseed the national data set")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, model, fn in [
            ("plans", CommitmentPlan, lambda: plans(cursor, period)),
            ("reviews", Review, lambda: reviews(cursor, period, sets)),
            ("collective reviews", None, lambda: collective_reviews(cursor, period, sets)),
            ("codes", Acknowledgement, lambda: codes(cursor, period)),
            ("discipline", None, lambda: discipline(cursor, period)),
        ]:
            start = time.perf_counter()
            if model is None:
                fn()
            else:
                with without_secondary_indexes(model):
                    fn()
            steps[name] = round(time.perf_counter() - start, 1)
            log(f"    {name}: {steps[name]} s")
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (version integer NOT NULL)")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES ({VERSION})")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (
            "commitments_commitmentplan",
            "reviews_review",
            "standards_ethicscode",
            "standards_codeevaluation",
            "standards_acknowledgement",
            "reviews_discipline",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    steps["vacuum"] = round(time.perf_counter() - start, 1)
    return steps
