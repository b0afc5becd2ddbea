"""The pages of secretaries, unit heads and deciders over a unit: the units they follow
with the reviews' progress, a unit's rating sheet (deciding one row through htmx, or
several at once), opening the round, starting the collective review and recording the
meeting. The steps on one review are in views_unit_steps.py.

Each view parses its input, fetches through the access helpers (404 outside the user's
scope, 403 inside it without the right), calls a service and redirects (PRG). A refusal
renders the page again with the message and changes nothing: 400 for bad input, 403 for
a refusal by right.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from neuguong.core.access import ASSESS_REVIEW, DECIDE_REVIEW, VIEW_REVIEWS
from neuguong.core.errors import DomainError
from neuguong.core.formflow import submit_form
from neuguong.core.paging import CappedPaginator
from neuguong.organisations.access import get_unit_for_user
from neuguong.organisations.forms import MAX_SEARCH, parse_pk
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import has_perm_anywhere, scope_for
from neuguong.regulations.models import Period

from . import services
from .checks import Decision
from .forms_unit import MeetingForm, parse_level
from .models import Review, ReviewMeeting, Subject
from .unit_sheet import build_rows, owner_name, quota_status, sheet_reviews, status_counts

UNITS_CAP = 1000  # units counted by the list; more means "narrow the search"
SHEET_PAGE = 100  # rows of a rating sheet per page
MOST_AT_ONCE = 500  # rows decided by one bulk request


def _status(error: DomainError) -> int:
    return {"forbidden": 403, "conflict": 409}.get(error.code, error.status)


def pick_period(value) -> tuple[Period | None, str | None]:
    """The period asked for (default: the current one), or an error for an unknown id."""
    if value in (None, ""):
        return Period.objects.current(), None
    pk = parse_pk(value)
    period = Period.objects.filter(pk=pk).first() if pk else None
    if period is None:
        return None, _("Không có kỳ kiểm điểm “%(value)s”. Hãy chọn một kỳ trong danh sách.") % {
            "value": str(value)[:20]
        }
    return period, None


def maybe_reverse(name: str, **kwargs) -> str | None:
    """The URL of another part's page, or None while that page does not exist yet."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def sheet_url(unit_pk: int, period: Period | None) -> str:
    url = reverse("reviews:sheet", kwargs={"unit_pk": unit_pk})
    return f"{url}?period={period.pk}" if period else url


def _periods():
    return Period.objects.only("pk", "name").order_by("-starts_on")


# The units the user follows ------------------------------------------------------------


def _assess_first(units, user):
    """The units the user assesses first, then the others; each part in tree order."""
    scope = scope_for(user, ASSESS_REVIEW)
    if scope.everything or scope.is_empty:
        return units.order_by("path")
    mine = Case(When(scope.path_q(), then=Value(0)), default=Value(1), output_field=IntegerField())
    return units.annotate(mine=mine).order_by("mine", "path")


def _page(request, queryset, *, paginator, per_page):
    page = paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    page.url_prefix = f"{request.path}?{encoded}{'&' if encoded else ''}page="
    return page


@login_required
def units(request):
    user = request.user
    if not has_perm_anywhere(user, VIEW_REVIEWS):
        raise PermissionDenied
    period, error = pick_period(request.GET.get("period"))
    text = (request.GET.get("q") or "")[:MAX_SEARCH].strip()
    context = {"period": period, "periods": _periods(), "q": text, "error": error}
    if period is None:
        return render(request, "reviews/units.html", context, status=400 if error else 200)
    found = Unit.objects.visible_to(user, VIEW_REVIEWS).filter(is_active=True)
    if text:
        found = found.search(text)
    found = (
        _assess_first(found, user)
        .select_related("parent")
        .only("pk", "code", "name", "kind", "path", "parent__name")
    )

    def capped(qs, per_page):
        return CappedPaginator(qs, per_page, cap=UNITS_CAP)

    page = _page(request, found, paginator=capped, per_page=settings.PAGE_SIZE)
    counts = status_counts(period, [u.pk for u in page.object_list])
    assess = scope_for(user, ASSESS_REVIEW)
    rows = [
        {
            "unit": u,
            "counts": counts.get(u.pk, {"total": 0}),
            "assesses": assess.covers_path(u.path),
        }
        for u in page.object_list
    ]
    context |= {"page": page, "rows": rows}
    return render(request, "reviews/units.html", context)


# The rating sheet ----------------------------------------------------------------------


def _links(unit: Unit, period: Period | None) -> dict:
    """The files of the sheet (exchange) and the upload page, when they exist."""
    query = f"?period={period.pk}" if period else ""
    out = {}
    for key, name in (
        ("sheet_xlsx", "exchange:rating_sheet_xlsx"),
        ("list_xlsx", "exchange:rating_list_xlsx"),
        ("upload", "reviews:sheet_upload"),
    ):
        url = maybe_reverse(name, unit_pk=unit.pk)
        out[key] = url + query if url else None
    return out


def detail_prefix() -> str | None:
    """The prefix of a review's page ("/reviews/" of "/reviews/1/"), so that rows link to
    "{prefix}{pk}/" without a reverse each; None while that page does not exist."""
    url = maybe_reverse("reviews:detail", pk=1)
    return url[: -len("1/")] if url else None


def sheet_context(
    request, unit, period, *, error=None, chosen=None, errors=None, refused=None
) -> dict:
    user = request.user
    assesses = scope_for(user, ASSESS_REVIEW).covers_path(unit.path)
    context = {
        "unit": unit,
        "period": period,
        "periods": _periods(),
        "error": error,
        "assesses": assesses,
        "links": _links(unit, period),
        "detail_prefix": detail_prefix(),
        "refused": refused or [],
    }
    if period is None:
        return context | {"rows": [], "quota": []}
    reviews = sheet_reviews(unit, period)
    page = _page(request, reviews, paginator=Paginator, per_page=SHEET_PAGE)
    rows = build_rows(user, list(page.object_list), chosen=chosen, errors=errors)
    collectives = set(
        Review.objects.filter(period=period, unit=unit, person__isnull=True).values_list(
            "subject", flat=True
        )
    )
    return context | {
        "page": page,
        "rows": rows,
        "quota": quota_status(unit, period),
        "can_decide": any(row.decidable for row in rows),
        "can_open": assesses and period.is_open,
        "missing_collectives": [
            (value, label)
            for value, label in Subject.choices
            if value != Subject.PERSON and value not in collectives
        ],
        "meetings": list(ReviewMeeting.objects.filter(period=period, unit=unit)[:20]),
        "decide_url": reverse("reviews:sheet_decide", kwargs={"unit_pk": unit.pk}),
    }


def render_sheet(request, unit, period, *, status=200, **kwargs):
    context = sheet_context(request, unit, period, **kwargs)
    return render(request, "reviews/sheet.html", context, status=status)


@login_required
def sheet(request, unit_pk):
    unit = get_unit_for_user(request.user, unit_pk, VIEW_REVIEWS)
    period, error = pick_period(request.GET.get("period"))
    return render_sheet(request, unit, period, error=error, status=400 if error else 200)


# Deciding from the sheet ---------------------------------------------------------------


def _row_response(request, unit, period, review_pk: int, *, status=200, error=None, done=""):
    """The htmx answer: the row, and the quota panel swapped out of band."""
    review = sheet_reviews(unit, period).get(pk=review_pk)
    chosen = {review.pk: request.POST.get(f"level-{review.pk}", "")}
    errors = {review.pk: [error]} if error else None
    row = build_rows(request.user, [review], chosen=chosen, errors=errors)[0]
    row.done = done
    context = {
        "unit": unit,
        "period": period,
        "row": row,
        "quota": quota_status(unit, period),
        "detail_prefix": detail_prefix(),
        "decide_url": reverse("reviews:sheet_decide", kwargs={"unit_pk": unit.pk}),
        "can_decide": True,  # the sheet the row came from has the "pick" column
        "oob": True,
    }
    return render(request, "reviews/_sheet_decided.html", context, status=status)


def _decide_one(request, unit, period, pk: int):
    user = request.user
    review = sheet_reviews(unit, period).filter(pk=pk).first()
    if review is None:
        error = _("Bản kiểm điểm đã chọn không có trong bảng xếp loại này.")
        return render_sheet(request, unit, period, error=error, status=400)
    level = parse_level(request.POST.get(f"level-{pk}"))
    try:
        if level == "":
            raise DomainError(_("Hãy chọn mức xếp loại."), field="level")
        review = services.decide_level(review, by=user, level=level, not_rated=level is None)
    except DomainError as error:
        status = _status(error)
        if request.htmx:
            return _row_response(request, unit, period, pk, status=status, error=error.message)
        message = _("Chưa quyết định được xếp loại của %(owner)s.") % {"owner": owner_name(review)}
        chosen = {pk: request.POST.get(f"level-{pk}", "")}
        errors = {pk: [error.message]}
        return render_sheet(
            request, unit, period, error=message, chosen=chosen, errors=errors, status=status
        )
    done = _("Đã quyết định xếp loại %(owner)s: %(level)s.") % {
        "owner": owner_name(review),
        "level": review.decided_short or _("không xếp loại"),
    }
    if request.htmx:
        return _row_response(request, unit, period, pk, done=done)
    messages.success(request, done)
    return redirect(sheet_url(unit.pk, period))


def _picked(request) -> list[int]:
    ids = {parse_pk(v) for v in request.POST.getlist("pick")[: MOST_AT_ONCE + 1]}
    return sorted(i for i in ids if i)


def _decide_picked(request, unit, period):
    ids = _picked(request)
    if not ids or len(ids) > MOST_AT_ONCE:
        error = (
            _("Hãy chọn ít nhất một dòng để quyết định.")
            if not ids
            else _("Mỗi lần quyết định tối đa %(n)s dòng.") % {"n": MOST_AT_ONCE}
        )
        return render_sheet(request, unit, period, error=error, status=400)
    reviews = {r.pk: r for r in sheet_reviews(unit, period).filter(pk__in=ids)}
    chosen = {pk: parse_level(request.POST.get(f"level-{pk}")) for pk in ids}
    errors = {pk: [_("Hãy chọn mức xếp loại.")] for pk in reviews if chosen[pk] == ""}
    missing = len(ids) - len(reviews)
    if missing or errors:
        error = _("Chưa áp dụng dòng nào.")
        if missing:
            error = _("%(n)s dòng đã chọn không có trong bảng xếp loại này. ") % {
                "n": missing
            } + str(error)
        return _refused(request, unit, period, reviews, chosen, errors, error)
    decisions = [Decision(reviews[pk], chosen[pk]) for pk in ids]
    note = (request.POST.get("note") or "")[:2000]
    try:
        services.decide_many(decisions, by=request.user, note=note)
    except services.BatchError as batch:
        return _refused(request, unit, period, reviews, chosen, batch.errors, batch.message)
    except DomainError as error:
        return render_sheet(request, unit, period, error=error.message, status=_status(error))
    messages.success(
        request,
        ngettext(
            "Đã quyết định xếp loại %(n)s bản kiểm điểm.",
            "Đã quyết định xếp loại %(n)s bản kiểm điểm.",
            len(decisions),
        )
        % {"n": len(decisions)},
    )
    return redirect(sheet_url(unit.pk, period))


def _refused(request, unit, period, reviews, chosen, errors, error):
    """The sheet again, naming each refused row with its messages; nothing was applied."""
    refused = [
        _("%(owner)s: %(messages)s")
        % {"owner": owner_name(reviews[pk]), "messages": " ".join(msgs)}
        for pk, msgs in errors.items()
        if pk in reviews
    ]
    chosen = {pk: request.POST.get(f"level-{pk}", "") for pk in chosen}
    return render_sheet(
        request,
        unit,
        period,
        error=error,
        chosen=chosen,
        errors=errors,
        refused=refused,
        status=400,
    )


@login_required
@require_POST
def sheet_decide(request, unit_pk):
    user = request.user
    unit = get_unit_for_user(user, unit_pk, VIEW_REVIEWS)
    if not has_perm_anywhere(user, DECIDE_REVIEW):
        raise PermissionDenied
    period, error = pick_period(request.POST.get("period"))
    if period is None:
        return render_sheet(request, unit, period, error=error, status=400)
    one = parse_pk(request.POST.get("one"))
    if one:
        return _decide_one(request, unit, period, one)
    return _decide_picked(request, unit, period)


# Opening the round, the collective review, the meeting ---------------------------------


@login_required
@require_POST
def open_round(request, unit_pk):
    user = request.user
    unit = get_unit_for_user(user, unit_pk, ASSESS_REVIEW)
    period, error = pick_period(request.POST.get("period"))
    if period is None:
        error = error or _("Chưa có kỳ kiểm điểm nào.")
        return render_sheet(request, unit, period, error=error, status=400)
    try:
        started = services.open_round(by=user, period=period, unit=unit)
    except DomainError as refusal:
        return render_sheet(request, unit, period, error=refusal.message, status=_status(refusal))
    if started:
        done = ngettext(
            "Đã mở đợt kiểm điểm: bắt đầu %(n)s bản kiểm điểm.",
            "Đã mở đợt kiểm điểm: bắt đầu %(n)s bản kiểm điểm.",
            started,
        ) % {"n": started}
    else:
        done = _("Mọi người ở đơn vị đã có bản kiểm điểm kỳ này; không bắt đầu thêm bản nào.")
    messages.success(request, done)
    return redirect(sheet_url(unit.pk, period))


@login_required
@require_POST
def collective_start(request, unit_pk):
    user = request.user
    unit = get_unit_for_user(user, unit_pk, ASSESS_REVIEW)
    period, error = pick_period(request.POST.get("period"))
    subject = request.POST.get("subject") or ""
    if period is None or subject not in (Subject.ORGANISATION, Subject.LEADERSHIP):
        error = error or _("Hãy chọn kiểm điểm tập thể đơn vị hay tập thể lãnh đạo.")
        return render_sheet(request, unit, period, error=error, status=400)
    try:
        review = services.start_collective_review(
            by=user, period=period, unit=unit, subject=subject
        )
    except DomainError as refusal:
        return render_sheet(request, unit, period, error=refusal.message, status=_status(refusal))
    messages.success(
        request,
        _("Đã bắt đầu bản kiểm điểm: %(owner)s.") % {"owner": owner_name(review)},
    )
    return redirect(sheet_url(unit.pk, period))


@login_required
def meeting(request, unit_pk):
    user = request.user
    unit = get_unit_for_user(user, unit_pk, ASSESS_REVIEW)
    period, error = pick_period(request.POST.get("period") or request.GET.get("period"))
    form = MeetingForm(request.POST or None)
    status = 400 if error else 200
    if period is not None:

        def save(data):
            return services.record_meeting(by=user, period=period, unit=unit, **data)

        result, status = submit_form(request, form, save)
        if result is not None:
            messages.success(
                request,
                _("Đã ghi hội nghị kiểm điểm ngày %(day)s.")
                % {"day": result.held_on.strftime("%d/%m/%Y")},
            )
            return redirect(sheet_url(unit.pk, period))
    context = {
        "unit": unit,
        "period": period,
        "form": form,
        "error": error,
        "meetings": list(ReviewMeeting.objects.filter(period=period, unit=unit)) if period else [],
    }
    return render(request, "reviews/meeting.html", context, status=status)
