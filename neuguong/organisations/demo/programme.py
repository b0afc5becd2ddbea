"""The programme in the demo province: the regulations library, the periods of 2025 and
2026, and the units' ethics codes, with the demo logins' own units left in states worth
walking through:

- the cell secretary's cell has a version returned with a reason, to rework;
- the unit head's commune committee has a version waiting for the propaganda board, and
  the commune's health station one waiting for the unit head;
- the member's school published its code and the member has not acknowledged it (nor
  their cell's); the school's evaluation is started, not decided;
- the member's commitment plan is approved (their year-end review lists its tasks); the
  year-end review round is under way (see neuguong.reviews.demo);
- the last ended month's and quarter's periodic reports are sent, late, being written
  or missing across the units (see neuguong.reports.demo).
"""

from datetime import date
from random import Random

from django.contrib.auth import get_user_model
from django.db import transaction

from neuguong.commitments.demo import seed_plans
from neuguong.commitments.models import PlanStatus
from neuguong.regulations.library import PROGRAMME_SYMBOLS, folded_symbol, load_library
from neuguong.regulations.models import Period, Regulation
from neuguong.reports.demo import seed_reports
from neuguong.reviews.demo import seed_reviews
from neuguong.standards.demo import State, seed_codes

from ..models import Person
from .plan import Plan

# The share of the communes whose people get commitment plans (with the board units and
# the demo logins' commune): the whole province's plans would triple the seed time.
PLAN_SHARE = {"province": 0.45}

# Demo data: plausible themes, not quoted from a decision.
TERM_THEME = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường "
    "và khát vọng phát triển đất nước phồn vinh, hạnh phúc"
)
YEAR_THEMES = {
    2025: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng tổ chức "
    "bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
    2026: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về đạo đức cách mạng "
    "và trách nhiệm nêu gương của cán bộ, đảng viên trong kỷ nguyên mới",
}


@transaction.atomic
def seed_periods() -> dict[int, Period]:
    """The closed year 2025 and the open year 2026 (created if missing), by year."""
    regulations = list(
        Regulation.objects.filter(symbol_folded__in=[folded_symbol(s) for s in PROGRAMME_SYMBOLS])
    )
    periods = {}
    for year, theme in YEAR_THEMES.items():
        period, created = Period.objects.get_or_create(
            name=f"Năm {year}",
            defaults={
                "starts_on": date(year, 1, 1),
                "ends_on": date(year, 12, 31),
                "year_theme": theme,
                "term_theme": TERM_THEME,
                "codes_published_by": date(year, 3, 31),
                "plans_registered_by": date(year, 3, 31),
                "plans_approved_by": date(year, 4, 15),
                "reviews_done_by": date(year, 12, 15),
                "is_open": year >= 2026,
            },
        )
        if created:
            period.regulations.set(regulations)
        periods[year] = period
    return periods


def seed_programme(plan: Plan) -> dict:
    """Library, periods and (except at the national scale) codes. Call after the people
    and the demo logins are written."""
    library = load_library()
    periods = seed_periods()
    out = {"regulations": library["regulations"], "built": 0, "evaluated": 0}
    if plan.spec.national:  # 34 provinces of codes add nothing the benchmarks need
        return out
    picks = plan.personas()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=picks)}
    cell, commune = picks["bithu"].unit, picks["thutruong"].unit
    school = next(c for c in commune.children if cell in c.children)
    station = next(c for c in commune.children if c.name.startswith("Trạm Y tế"))
    head = Person.objects.get(pk=picks["thutruong"].person)
    board = next(c for c in plan.roots[0].children if c.slug == "BTGDV")
    approvers = {c.id: users["tuyengiao"] for c in plan.roots[0].children if c is not board} | {
        n.id: users["thutruong"]
        for n in commune.walk()
        if n is not commune and n.id not in (head.workplace_id, head.party_cell_id)
    }
    codes = seed_codes(
        periods[2026],
        previous=periods[2025],
        rng=Random(f"{plan.seed}:codes"),
        fixed={
            cell.id: State.RETURNED,
            commune.id: State.SUBMITTED,
            station.id: State.SUBMITTED,
            school.id: State.EVALUATING,
        },
        hold_back={picks["dangvien"].person},
        authors={cell.id: users["bithu"], commune.id: users["thutruong"]},
        approvers=approvers,
        marker=users["tuyengiao"],
    )
    plans = seed_plans(
        periods[2026],
        rng=Random(f"{plan.seed}:plans"),
        share=PLAN_SHARE.get(plan.scale, 1.0),
        always=[commune.id],
        held={picks["dangvien"].person: PlanStatus.APPROVED},
        waiting_cell=cell.id,
        deciders={cell.id: users["bithu"].pk},
    )
    reviews = seed_reviews(
        periods,
        rng=Random(f"{plan.seed}:reviews"),
        users=users,
        cell=cell.id,
        commune=commune.id,
        everyone=PLAN_SHARE.get(plan.scale, 1.0) >= 1,
    )
    reports = seed_reports(
        rng=Random(f"{plan.seed}:reports"), users=users, cell=cell.id, commune=commune.id
    )
    keep = ("built", "evaluated", "codes", "acknowledgements")
    summary = {"plans": plans, "reviews": reviews, "reports": reports}
    return out | {k: codes[k] for k in keep} | summary
