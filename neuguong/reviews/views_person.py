"""A person's own year-end reviews: the list of their places in a period (start a
review in each), one review laid out as its form, and the person's file of the last
three years. The self-review editor and submitting are in views_person_edit.py.

Each view parses its input, fetches through the access helpers (404 outside the user's
scope, 403 inside it without the right), calls a service and redirects (PRG). A refused
action renders the page again with the message and the typed input kept: 400 for bad
input, 403 for a refusal by right, 409 when another tab saved the review first.
The unit pages (sheet, meeting, proposal, decision) are in views_unit.py.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from neuguong.commitments.models import CommitmentPlan, KeyTask, PlanStatus
from neuguong.core.access import (
    ASSESS_REVIEW,
    DECIDE_REVIEW,
    MANAGE_DISCIPLINE,
    MANAGE_PENDING,
    VIEW_REVIEWS,
)
from neuguong.core.errors import DomainError
from neuguong.organisations.access import _valid_pk, active_person, own_person
from neuguong.organisations.forms import parse_pk
from neuguong.organisations.models import Person, Post
from neuguong.organisations.scopes import has_perm_anywhere, scope_for
from neuguong.regulations.models import Period

from . import checks, services
from .access import can_assess, can_decide, can_write, get_review_for_user, is_own
from .forms import is_nd335
from .models import Level, Review, ReviewStatus, ReviewTask, Track
from .points import point_label

FILE_YEARS = 3  # the person's file keeps this many years of reviews


def error_status(error: DomainError) -> int:
    return {"forbidden": 403, "conflict": 409}.get(error.code, error.status)


def _link(name: str, *args, query: str = "") -> str:
    """The URL of another part's page, or "" while that page does not exist."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return ""


def _who(user) -> str:
    if user is None:
        return ""
    person = Person.objects.filter(user=user).only("full_name").first()
    return person.full_name if person else (user.get_full_name() or user.get_username())


def _current_posts(person: Person):
    today = timezone.localdate()
    return (
        Post.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("unit")
    )


# The key tasks of the approved plan ------------------------------------------------------


@dataclass
class TaskRow:
    """One approved key task and what the review says about it (None: nothing yet)."""

    key: str
    task: KeyTask
    row: ReviewTask | None

    def values(self) -> dict:
        if self.row is not None:
            r = self.row
            return {
                "result": r.result,
                "level": r.self_level,
                "on_time": r.on_time,
                "quality_ok": r.quality_ok,
                "exceeded": r.exceeded,
                "done_percent": r.done_percent,
                "quality_failures": r.quality_failures,
                "late_products": r.late_products,
            }
        # As services._sync_tasks starts a row: from the plan's progress report.
        status = self.task.progress_status
        return {
            "result": "",
            "level": "",
            "on_time": status != "behind",
            "quality_ok": True,
            "exceeded": status == "exceeded",
            "done_percent": min(self.task.progress_percent or 0, 100),
            "quality_failures": 0,
            "late_products": 0,
        }


def approved_plan(review: Review) -> CommitmentPlan | None:
    plans = CommitmentPlan.objects.filter(period_id=review.period_id, status=PlanStatus.APPROVED)
    if review.person_id:
        return plans.filter(person_id=review.person_id).first()
    return plans.filter(person__isnull=True, unit_id=review.unit_id).first()


def task_rows(review: Review, plan: CommitmentPlan | None) -> list[TaskRow]:
    """While the review is a draft, the tasks of the plan approved now (rows of the
    review matched by key); once submitted, the tasks the review cited."""
    rows = review.tasks.select_related("key_task")
    if not review.is_self_editable or plan is None:
        rows = rows.prefetch_related("key_task__evidence")
        return [TaskRow(str(r.task_key), r.key_task, r) for r in rows]
    written = {str(r.task_key): r for r in rows}
    tasks = plan.tasks.prefetch_related("evidence")
    return [TaskRow(str(t.key), t, written.get(str(t.key))) for t in tasks]


# My reviews ------------------------------------------------------------------------------


NO_PERSON = gettext_lazy(
    "Tài khoản của đồng chí chưa gắn với hồ sơ cán bộ, đảng viên nào nên không có bản kiểm "
    "điểm cá nhân. Hãy báo Ban Tổ chức hoặc quản trị hệ thống để gắn tài khoản với hồ sơ."
)


def _chosen_period(value) -> tuple[Period | None, str]:
    default = Period.objects.current()
    if value in (None, ""):
        return default, ""
    pk = parse_pk(value)
    chosen = Period.objects.filter(pk=pk).first() if pk else None
    if chosen is None:
        return default, _("Không có kỳ kiểm điểm đã chọn. Trang đang hiện kỳ hiện tại.")
    return chosen, ""


def _place_label(person: Person, unit, track: str, posts: dict) -> str:
    if track == Track.PARTY and unit.pk == person.party_cell_id:
        return _("Nơi sinh hoạt đảng")
    if track == Track.STATE and unit.pk == person.workplace_id:
        return _("Nơi công tác")
    post = posts.get(unit.pk)
    return _("Chức vụ: %(title)s") % {"title": post.title} if post else _("Nơi giữ chức vụ")


def _places(person: Person, period: Period) -> tuple[list[dict], list[Review]]:
    """Each place of `person` with its review in `period` (or None), and the reviews of
    the period held elsewhere (a post since left)."""
    reviews = {
        (r.unit_id, r.track): r
        for r in Review.objects.filter(person=person, period=period).select_related("unit")
    }
    posts = {p.unit_id: p for p in _current_posts(person)}
    places = []
    for unit, track in services.review_places(person):
        review = reviews.pop((unit.pk, track), None)
        places.append(
            {
                "unit": unit,
                "track": track,
                "track_label": Track(track).label,
                "label": _place_label(person, unit, track, posts),
                "review": review,
            }
        )
    return places, list(reviews.values())


def _officer_links(user) -> list[tuple[str, str]]:
    links = []
    if any(has_perm_anywhere(user, p) for p in (VIEW_REVIEWS, ASSESS_REVIEW, DECIDE_REVIEW)):
        links.append((_link("reviews:units"), _("Kiểm điểm, xếp loại các đơn vị, chi bộ")))
    if has_perm_anywhere(user, MANAGE_DISCIPLINE):
        links.append((_link("reviews:discipline"), _("Kỷ luật và kết luận vi phạm")))
    if has_perm_anywhere(user, MANAGE_PENDING):
        links.append((_link("reviews:pending"), _("Vấn đề đang xử lý")))
    return [(url, label) for url, label in links if url]


def _render_mine(request, person, period, *, error="", status=200):
    context = {
        "person": person,
        "period": period,
        "periods": Period.objects.only("pk", "name", "starts_on"),
        "error": error,
        "links": _officer_links(request.user),
        "no_person": NO_PERSON,
    }
    if person is not None and period is not None:
        context["places"], context["elsewhere"] = _places(person, period)
    return render(request, "reviews/mine.html", context, status=status)


@login_required
def mine(request):
    period, error = _chosen_period(request.GET.get("period"))
    return _render_mine(request, own_person(request.user), period, error=error)


@login_required
@require_POST
def start(request):
    user = request.user
    person = own_person(user)
    if person is None:
        messages.error(request, NO_PERSON)
        return redirect("reviews:mine")
    pk = parse_pk(request.POST.get("period"))
    period = Period.objects.filter(pk=pk).first() if pk else None
    if period is None:
        error = _("Không có kỳ kiểm điểm đã chọn; chưa tạo bản kiểm điểm nào.")
        return _render_mine(request, person, Period.objects.current(), error=error, status=400)
    unit_pk = parse_pk(request.POST.get("unit"))
    track = str(request.POST.get("track") or "")
    matches = [
        (unit, t)
        for unit, t in services.review_places(person)
        if unit.pk == unit_pk and (not track or t == track)
    ]
    if not matches:
        error = _(
            "Nơi kiểm điểm đã chọn không phải nơi đồng chí sinh hoạt, công tác hay giữ chức "
            "vụ; chưa tạo bản kiểm điểm nào."
        )
        return _render_mine(request, person, period, error=error, status=400)
    unit, track = matches[0]
    try:
        review = services.start_review(
            by=user, period=period, person=person, unit=unit, track=track
        )
    except DomainError as error:
        return _render_mine(
            request, person, period, error=error.message, status=error_status(error)
        )
    if not review.is_self_editable:
        return redirect("reviews:detail", pk=review.pk)
    messages.success(request, _("Hãy viết bản tự kiểm điểm rồi nộp để chi bộ, đơn vị góp ý."))
    return redirect("reviews:edit", pk=review.pk)


# One review ------------------------------------------------------------------------------


def review_header(review: Review) -> dict:
    person = review.person
    if person is None:
        return {}
    cell = review.unit if review.track == Track.PARTY else person.party_cell
    return {
        "cell": cell,
        "committee": cell.parent if cell is not None and cell.parent_id else None,
        "posts": list(_current_posts(person)),
        "workplace": person.workplace,
    }


def _explained(user, review: Review) -> list:
    """Every rule with its verdict. The person alone sees no pending matters: what is
    still being handled about them is for the officers handling it."""
    found = checks.explain(review)
    if is_own(user, review):
        found = [c for c in found if c.code != "pending"]
    return found


def _actions(user, review: Review) -> dict:
    pk, status = review.pk, review.status
    assess, decide = can_assess(user, review), can_decide(user, review)
    period_query = f"?period={review.period_id}"
    return {
        "write": can_write(user, review) and review.is_self_editable,
        "comments": assess
        and status in (ReviewStatus.SUBMITTED, ReviewStatus.COMMENTED)
        and _link("reviews:comments", pk),
        "return": assess and status == ReviewStatus.SUBMITTED and _link("reviews:return", pk),
        "propose": assess
        and status in (ReviewStatus.COMMENTED, ReviewStatus.PROPOSED)
        and _link("reviews:propose", pk),
        "decide": decide and status == ReviewStatus.PROPOSED and _link("reviews:decide", pk),
        "reopen": decide and status == ReviewStatus.DECIDED and _link("reviews:reopen", pk),
        "sheet": (assess or decide) and _link("reviews:sheet", review.unit_id, query=period_query),
        "docx": _link("exchange:review_docx", pk),
        "file": review.person_id and reverse("reviews:person_file", args=[review.person_id]),
    }


def render_review(request, review: Review, *, error="", missing=(), status=200):
    user = request.user
    plan = approved_plan(review) if review.is_self_editable else review.plan
    context = {
        "review": review,
        "header": review_header(review),
        "points": [(point_label(p.code), p) for p in review.points.all()],
        "sections": [
            (Review._meta.get_field(name).verbose_name, getattr(review, name))
            for name in services.SECTIONS
        ],
        "tasks": task_rows(review, plan),
        "plan": plan,
        "nd335": is_nd335(review),
        "scores": review.rule_set.rules().scores,
        "meeting": review.meeting,
        "proposed_by": _who(review.proposed_by) if review.proposed_by_id else "",
        "decided_by": _who(review.decided_by) if review.decided_by_id else "",
        "checks": _explained(user, review),
        "checked_level": Level(review.decided_level or review.proposed_level or Level.HTXS),
        "actions": _actions(user, review),
        "error": error,
        "missing": missing,
    }
    return render(request, "reviews/review.html", context, status=status)


@login_required
def detail(request, pk):
    return render_review(request, get_review_for_user(request.user, pk))


# The person's file -------------------------------------------------------------------------


def _get_person_for_file(user, pk) -> Person:
    """The person, if the user is that person or reads reviews where the person works,
    is a party member or is managed, or reads any of the person's reviews; else 404."""
    person = (
        Person.objects.filter(pk=_valid_pk(pk))
        .select_related("workplace", "party_cell", "management_unit")
        .first()
    )
    if person is None:
        raise Http404
    me = active_person(user)
    if me is not None and me.pk == person.pk:
        return person
    scope = scope_for(user, VIEW_REVIEWS)
    places = (person.workplace, person.party_cell, person.management_unit)
    if any(scope.covers_path(u.path) for u in places if u is not None):
        return person
    if Review.objects.visible_to(user).filter(person=person).exists():
        return person
    raise Http404


@login_required
def person_file(request, person_pk):
    user = request.user
    person = _get_person_for_file(user, person_pk)
    since = timezone.localdate().year - (FILE_YEARS - 1)
    reviews = (
        Review.objects.visible_to(user)
        .filter(person=person, period__starts_on__year__gte=since)
        .select_related("period", "unit")
        .order_by("-period__starts_on", "period_id", "track", "unit__path")
    )
    periods: dict[int, dict] = {}
    for review in reviews:
        group = periods.setdefault(review.period_id, {"period": review.period, "reviews": []})
        group["reviews"].append(review)
    context = {"person": person, "periods": list(periods.values()), "since": since}
    return render(request, "reviews/person_file.html", context)
