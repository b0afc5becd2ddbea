"""The records pages: discipline records and findings (kept by the inspection board,
`discipline.manage`) and pending matters (`reviews.pending`), which feed the rating
rules (checks.py): a counting discipline or a finding forces KHTNV, an open pending
matter blocks the decision.

Who reads what:
- discipline records and findings: `discipline.manage` holders, and `reviews.view`
  holders read-only, for people and units in their scope (forms_records.people_q);
- pending matters: `reviews.pending` holders, for people in their scope.
A record outside every one of the user's reading scopes does not exist (404); one in
their reading scope that they may not change answers 403; with none of these
permissions anywhere, the lists answer 403. Every change goes through the services,
which check the scope again and write the audit log.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.access import MANAGE_DISCIPLINE, MANAGE_PENDING, VIEW_REVIEWS
from neuguong.core.errors import DomainError
from neuguong.core.formflow import submit_form
from neuguong.core.paging import CappedPaginator
from neuguong.organisations.access import _valid_pk
from neuguong.organisations.models import Person
from neuguong.organisations.scopes import Scope, scope_for
from neuguong.regulations.models import Period

from . import services
from .forms_records import (
    MAX_SEARCH,
    DisciplineForm,
    FindingForm,
    PendingFilterForm,
    PendingForm,
    RecordFilterForm,
    SettleForm,
    covers_person,
    covers_subject,
    discipline_initial,
    find_people,
    people_q,
    subjects_q,
)
from .models import Discipline, Finding, PendingMatter, Review, ReviewStatus

# A list counts at most this many rows; more asks for a narrower filter.
LIST_CAP = 2000
PERSON_RELATED = ("person__workplace", "person__party_cell", "person__management_unit")


# Access ----------------------------------------------------------------------------


def _scope_or_403(user, perm: str) -> Scope:
    scope = scope_for(user, perm)
    if scope.is_empty:
        raise PermissionDenied
    return scope


def _readable_q(user, perm: str, build) -> Q:
    """Rows in the scope of `perm` or of `reviews.view` (`build(scope)` gives the Q)."""
    q = Q(pk__in=[])
    for scope in (scope_for(user, perm), scope_for(user, VIEW_REVIEWS)):
        if scope.everything:
            return Q()
        if scope.prefixes:
            q |= build(scope)
    return q


def _get_record(user, model, pk):
    """A discipline record or a finding: 404 outside the reading scopes, 403 where the
    user reads it but does not keep discipline records over its subject."""
    pk = _valid_pk(pk)
    record = (
        model.objects.filter(_readable_q(user, MANAGE_DISCIPLINE, subjects_q))
        .select_related("unit", *PERSON_RELATED)
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404
    if not covers_subject(scope_for(user, MANAGE_DISCIPLINE), record):
        raise PermissionDenied
    return record


def _matter_q(scope: Scope) -> Q:
    return people_q(scope, "person__")


def _get_matter(user, pk) -> PendingMatter:
    pk = _valid_pk(pk)
    matter = (
        PendingMatter.objects.filter(_readable_q(user, MANAGE_PENDING, _matter_q))
        .select_related("period", "settled_by", "created_by", *PERSON_RELATED)
        .filter(pk=pk)
        .first()
    )
    if matter is None:
        raise Http404
    if not covers_person(scope_for(user, MANAGE_PENDING), matter.person):
        raise PermissionDenied
    return matter


# Helpers ---------------------------------------------------------------------------


def _posted(request):
    return request.POST if request.method == "POST" else None


def _partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _page(request, queryset, param: str):
    paginator = CappedPaginator(queryset, settings.PAGE_SIZE, cap=LIST_CAP)
    page = paginator.get_page(request.GET.get(param))
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop(param, None)
    encoded = query.urlencode()
    page.url_prefix = f"{request.path}?{encoded}{'&' if encoded else ''}{param}="
    return page


def _file_url(person_id) -> str:
    """The person's review file (the person pages), when those pages are installed."""
    if not person_id:
        return ""
    try:
        return reverse("reviews:person_file", kwargs={"person_pk": person_id})
    except NoReverseMatch:
        return ""


def _finder(request, scope: Scope) -> dict:
    """The people search of the forms: `?find=` lists people of the scope by name."""
    text = " ".join((request.GET.get("find") or "")[:MAX_SEARCH].split())
    people, more = find_people(scope, text)
    return {"find": text, "found": people, "found_more": more}


def _subject_initial(request) -> dict:
    return {name: (request.GET.get(name) or "")[:40] for name in ("person", "unit")}


def _render_form(request, template, context, status=200):
    if _partial(request) and "find" in request.GET:
        return render(request, "reviews/discipline_people_found.html", context, status=status)
    return render(request, template, context, status=status)


def _error_status(error: DomainError) -> int:
    return 403 if error.code == "forbidden" else error.status


# Discipline records and findings ---------------------------------------------------


@login_required
def discipline(request):
    user = request.user
    manage = scope_for(user, MANAGE_DISCIPLINE)
    if manage.is_empty and scope_for(user, VIEW_REVIEWS).is_empty:
        raise PermissionDenied
    form = RecordFilterForm(request.GET)
    visible = _readable_q(user, MANAGE_DISCIPLINE, subjects_q)
    records, findings = Discipline.objects.filter(visible), Finding.objects.filter(visible)
    status = 200
    if form.is_valid():
        records, findings = form.filter(records, findings)
    else:
        records, findings, status = records.none(), findings.none(), 400
    pages = {}
    for name, rows, param in (("page", records, "page"), ("fpage", findings, "fpage")):
        pages[name] = _page(request, rows.select_related("unit", *PERSON_RELATED), param)
        for row in pages[name].object_list:
            row.can_manage = covers_subject(manage, row)
            row.file_url = _file_url(row.person_id)
    context = {"form": form, "can_manage": not manage.is_empty, **pages}
    template = "reviews/discipline_results.html" if _partial(request) else "reviews/discipline.html"
    return render(request, template, context, status=status)


@login_required
def discipline_new(request):
    user = request.user
    scope = _scope_or_403(user, MANAGE_DISCIPLINE)
    form = DisciplineForm(_posted(request), scope=scope, initial=_subject_initial(request))
    record, status = submit_form(
        request,
        form,
        lambda data: services.record_discipline(by=user, **form.subject(), data=form.record_data()),
    )
    if record:
        messages.success(request, _("Đã ghi kỷ luật: %(record)s.") % {"record": record})
        return redirect("reviews:discipline")
    context = {"form": form, "record": None, **_finder(request, scope)}
    return _render_form(request, "reviews/discipline_form.html", context, status)


@login_required
def discipline_edit(request, pk):
    user = request.user
    record = _get_record(user, Discipline, pk)
    scope = scope_for(user, MANAGE_DISCIPLINE)
    form = DisciplineForm(
        _posted(request), scope=scope, editing=True, initial=discipline_initial(record)
    )
    saved, status = submit_form(
        request,
        form,
        lambda data: services.update_discipline(record, by=user, data=form.record_data()),
    )
    if saved:
        messages.success(request, _("Đã lưu kỷ luật: %(record)s.") % {"record": saved})
        return redirect("reviews:discipline")
    context = {"form": form, "record": record}
    return render(request, "reviews/discipline_form.html", context, status=status)


def _delete(request, record, *, service, template: str, done: str):
    """Ask first; delete on the confirmed post."""
    if request.POST.get("confirm") != "1":
        return render(request, template, {"record": record})
    try:
        service(record, by=request.user)
    except DomainError as error:
        context = {"record": record, "error": error.message}
        return render(request, template, context, status=_error_status(error))
    messages.success(request, done % {"record": record})
    return redirect("reviews:discipline")


@login_required
@require_POST
def discipline_delete(request, pk):
    record = _get_record(request.user, Discipline, pk)
    return _delete(
        request,
        record,
        service=services.delete_discipline,
        template="reviews/discipline_delete.html",
        done=_("Đã xóa kỷ luật: %(record)s."),
    )


@login_required
def finding_new(request):
    user = request.user
    scope = _scope_or_403(user, MANAGE_DISCIPLINE)
    form = FindingForm(_posted(request), scope=scope, initial=_subject_initial(request))
    finding, status = submit_form(
        request,
        form,
        lambda data: services.record_finding(by=user, **form.subject(), data=form.record_data()),
    )
    if finding:
        messages.success(request, _("Đã ghi kết luận: %(record)s.") % {"record": finding})
        return redirect(reverse("reviews:discipline") + "#findings")
    context = {"form": form, **_finder(request, scope)}
    return _render_form(request, "reviews/finding_form.html", context, status)


@login_required
@require_POST
def finding_delete(request, pk):
    record = _get_record(request.user, Finding, pk)
    return _delete(
        request,
        record,
        service=services.delete_finding,
        template="reviews/finding_delete.html",
        done=_("Đã xóa kết luận: %(record)s."),
    )


# Pending matters -------------------------------------------------------------------


def _waiting_reviews(period: Period):
    """The person's reviews in `period` not yet decided: those the matter holds up."""
    reviews = (
        Review.objects.filter(person=OuterRef("person"), period=period)
        .exclude(status=ReviewStatus.DECIDED)
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(reviews[:1]), 0)


def _matters(scope: Scope, period: Period | None, data: dict):
    matters = PendingMatter.objects.filter(_matter_q(scope), period=period)
    counts = matters.aggregate(
        open=Count("pk", filter=Q(settled_at__isnull=True)),
        settled=Count("pk", filter=Q(settled_at__isnull=False)),
    )
    if data.get("q"):
        matters = matters.filter(person__in=Person.objects.search(data["q"]).values("pk"))
    if data.get("state"):
        matters = matters.filter(settled_at__isnull=data["state"] == "open")
    matters = (
        matters.annotate(waiting=_waiting_reviews(period))
        .select_related("person__workplace", "person__party_cell", "settled_by")
        .order_by(F("settled_at").asc(nulls_first=True), "-created_at", "-pk")
    )
    return matters, counts


def _state_links(period, data) -> dict:
    base = {"period": period.pk} | ({"q": data["q"]} if data.get("q") else {})
    url = reverse("reviews:pending")
    links = {"all": f"{url}?{urlencode(base)}"}
    for state in ("open", "settled"):
        links[state] = f"{url}?{urlencode(base | {'state': state})}"
    return links


@login_required
def pending(request):
    scope = _scope_or_403(request.user, MANAGE_PENDING)
    form = PendingFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    period = data.get("period") or Period.objects.current()
    context = {"form": form, "period": period, "state": data.get("state", ""), "page": None}
    if period is not None and valid:
        matters, counts = _matters(scope, period, data)
        page = _page(request, matters, "page")
        for matter in page.object_list:
            matter.file_url = _file_url(matter.person_id)
        context |= {"page": page, "counts": counts, "links": _state_links(period, data)}
    template = "reviews/pending_results.html" if _partial(request) else "reviews/pending.html"
    return render(request, template, context, status=200 if valid else 400)


@login_required
def pending_new(request):
    user = request.user
    scope = _scope_or_403(user, MANAGE_PENDING)
    initial = _subject_initial(request) | {"period": Period.objects.current()}
    form = PendingForm(_posted(request), scope=scope, initial=initial)
    matter, status = submit_form(
        request,
        form,
        lambda data: services.add_pending_matter(
            by=user,
            person=data["person"],
            period=data["period"],
            title=data["title"],
            detail=data["detail"],
        ),
    )
    if matter:
        messages.success(request, _("Đã thêm vấn đề đang xử lý: %(title)s.") % {"title": matter})
        return redirect(reverse("reviews:pending") + f"?period={matter.period_id}")
    context = {"form": form, **_finder(request, scope)}
    return _render_form(request, "reviews/pending_form.html", context, status)


@login_required
def pending_settle(request, pk):
    user = request.user
    matter = _get_matter(user, pk)
    form = SettleForm(_posted(request))
    settled, status = submit_form(
        request,
        form,
        lambda data: services.settle_pending_matter(matter, by=user, settlement=data["settlement"]),
    )
    if settled:
        messages.success(request, _("Đã ghi kết quả giải quyết: %(title)s.") % {"title": settled})
        return redirect(reverse("reviews:pending") + f"?period={settled.period_id}")
    context = {"form": form, "matter": matter, "file_url": _file_url(matter.person_id)}
    return render(request, "reviews/pending_settle.html", context, status=status)
