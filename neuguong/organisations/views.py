"""Pages of the organisation tree, people, posts, the audit log and roles.

Each view parses its input, fetches through the access helpers (404 outside the user's
scope, 403 inside it without the permission), calls a service and renders. Lists are
filtered and paginated in SQL, with the related rows they show fetched in the same query.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.access import MANAGE_ORG, MANAGE_ROLES, VIEW_AUDIT, VIEW_PEOPLE, VIEW_UNITS
from neuguong.core.errors import DomainError
from neuguong.core.formflow import keep_input_after_conflict, submit_form
from neuguong.core.models import AuditEntry
from neuguong.core.paging import CappedPaginator
from neuguong.core.text import fold

from . import services
from .access import get_person_for_user, get_unit_for_user, own_person, own_roles
from .audit_display import action_choices, audit_rows
from .forms import (
    PICKER_PERMS,
    AuditFilterForm,
    PeopleFilterForm,
    PersonForm,
    PostForm,
    RetireForm,
    RoleForm,
    UnitForm,
    UnitMoveForm,
    UserChoice,
    parse_pk,
    person_initial,
    search_text,
)
from .models import Person, Post, RoleAssignment, Unit
from .scopes import has_perm_anywhere, scope_for

SEARCH_PAGE_SIZE = 20


# Helpers --------------------------------------------------------------------------


def _require_anywhere(user, perm: str) -> None:
    if not has_perm_anywhere(user, perm):
        raise PermissionDenied


# The people list counts at most this many matches (a count of a whole province costs
# more than the page); more means "narrow the search".
SEARCH_CAP = 200


def _page(request, queryset, *, param="page", path=None, per_page=None, cap=None):
    """One page of `queryset` (bad page numbers give the first or last page), with
    `url_prefix`: this request's query string with the page number left to append.
    With `cap`, at most that many rows are counted (see CappedPaginator)."""
    per_page = per_page or settings.PAGE_SIZE
    paginator = (
        CappedPaginator(queryset, per_page, cap=cap) if cap else Paginator(queryset, per_page)
    )
    page = paginator.get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    encoded = query.urlencode()
    page.url_prefix = f"{path or request.path}?{encoded}{'&' if encoded else ''}{param}="
    return page


def _partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _count(queryset, field: str):
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _units_with_counts(units, user):
    children = Unit.objects.visible_to(user).filter(parent=OuterRef("pk"))
    staff = Person.objects.visible_to(user).filter(workplace=OuterRef("pk"), is_active=True)
    return units.annotate(
        n_children=_count(children, "parent"), n_staff=_count(staff, "workplace")
    ).only("pk", "code", "name", "kind", "is_active", "path")


def _person_rows(people):
    return people.select_related("workplace", "party_cell").only(
        "pk", "code", "full_name", "category", "party_status", "is_active",
        "workplace__id", "workplace__name", "party_cell__id", "party_cell__name",
    )  # fmt: skip


def _visible_unit_ids(user, units) -> set[int]:
    """Which of `units` this user may open, so pages link only to those (one query)."""
    ids = {u.pk for u in units if u is not None}
    if not ids:
        return set()
    return set(Unit.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _can_manage(user, unit: Unit | None) -> bool:
    return unit is not None and scope_for(user, MANAGE_ORG).covers_path(unit.path)


def home_context(request) -> dict:
    user = request.user
    person = own_person(user)
    roles = own_roles(user)
    posts = person.posts.select_related("unit") if person else []
    return {"person": person, "roles": roles, "posts": posts}


# The tree and units ---------------------------------------------------------------


def _top_units(user):
    if scope_for(user, VIEW_UNITS).everything:
        return Unit.objects.filter(parent__isnull=True)
    visible = Unit.objects.visible_to(user)
    return visible.exclude(parent_id__in=visible.values("pk"))


@login_required
def tree(request):
    _require_anywhere(request.user, VIEW_UNITS)
    page = _page(request, _units_with_counts(_top_units(request.user), request.user))
    return render(request, "organisations/tree.html", {"page": page})


@login_required
def unit_children(request, pk):
    unit = get_unit_for_user(request.user, pk)
    children = Unit.objects.visible_to(request.user).filter(parent=unit)
    page = _page(request, _units_with_counts(children, request.user))
    context = {"page": page, "parent": unit, "more": True}
    return render(request, "organisations/_tree_nodes.html", context)


def _unit_counts(unit: Unit, user) -> dict:
    people = Person.objects.visible_to(user).filter(is_active=True)
    subtree = Unit.objects.filter(unit.subtree_q())
    return {
        "children": Unit.objects.visible_to(user).filter(parent=unit).count(),
        "staff": people.filter(workplace=unit).count(),
        "members": people.filter(party_cell=unit).exclude(party_status="").count(),
        "subtree_units": subtree.visible_to(user).exclude(pk=unit.pk).count(),
        "subtree_staff": people.working_in_subtree(unit).count(),
        "subtree_members": people.filter(party_cell__in=subtree.values("pk"))
        .exclude(party_status="")
        .count(),
    }


def _unit_people_page(request, unit: Unit):
    people = Person.objects.visible_to(request.user).filter(is_active=True)
    people = people.filter(Q(workplace=unit) | Q(party_cell=unit))
    path = reverse("organisations:unit_people", args=[unit.pk])
    return _page(request, _person_rows(people), path=path)


@login_required
def unit_detail(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk)
    children = _units_with_counts(Unit.objects.visible_to(user).filter(parent=unit), user)
    head = (
        Post.objects.filter(unit=unit, is_head=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))
        .select_related("person")
        .first()
    )
    context = {
        "unit": unit,
        "ancestors": unit.ancestors().visible_to(user).only("pk", "name"),
        "sectors": unit.sectors.all(),
        "areas": unit.areas.all(),
        "head": head,
        "head_visible": bool(head)
        and Person.objects.visible_to(user).filter(pk=head.person_id).exists(),
        "counts": _unit_counts(unit, user),
        "children": _page(request, children, param="sub_page"),
        "people": _unit_people_page(request, unit),
        "can_manage": _can_manage(user, unit),
    }
    return render(request, "organisations/unit.html", context)


@login_required
def unit_people(request, pk):
    unit = get_unit_for_user(request.user, pk)
    page = _unit_people_page(request, unit)
    context = {"unit": unit, "page": page, "people": page, "target": "#unit-people-list"}
    template = (
        "organisations/_people_table.html"
        if _partial(request)
        else "organisations/unit_people.html"
    )
    return render(request, template, context)


@login_required
def unit_create(request):
    user = request.user
    parent = None
    if request.GET.get("parent"):
        parent = get_unit_for_user(user, request.GET["parent"], MANAGE_ORG)
    _require_anywhere(user, MANAGE_ORG)
    form = UnitForm(request.POST or None, user=user, initial={"parent": parent})
    unit, status = submit_form(request, form, lambda data: services.create_unit(by=user, **data))
    if unit:
        messages.success(request, _("Đã thêm đơn vị “%(unit)s”.") % {"unit": unit})
        return redirect("organisations:unit", pk=unit.pk)
    return render(
        request, "organisations/unit_form.html", {"form": form, "parent": parent}, status=status
    )


@login_required
def unit_edit(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk, MANAGE_ORG)
    initial = {
        "code": unit.code, "name": unit.name, "kind": unit.kind, "version": unit.version,
        "sectors": unit.sectors.all(), "areas": unit.areas.all(),
    }  # fmt: skip
    form = UnitForm(request.POST or None, user=user, initial=initial, editing=True)
    saved, status = submit_form(
        request, form, lambda data: services.update_unit(unit, by=user, **data)
    )
    if saved:
        messages.success(request, _("Đã lưu đơn vị “%(unit)s”.") % {"unit": saved})
        return redirect("organisations:unit", pk=unit.pk)
    current = None
    if status == 409:
        current = Unit.objects.prefetch_related("sectors", "areas").get(pk=unit.pk)
        keep_input_after_conflict(form, current.version)
    context = {"form": form, "unit": unit, "current": current}
    return render(request, "organisations/unit_form.html", context, status=status)


@login_required
def unit_move(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk, MANAGE_ORG)
    form = UnitMoveForm(request.POST or None, user=user)
    moved, status = submit_form(
        request, form, lambda data: services.move_unit(unit, by=user, new_parent=data["parent"])
    )
    if moved:
        messages.success(request, _("Đã chuyển đơn vị “%(unit)s”.") % {"unit": moved})
        return redirect("organisations:unit", pk=unit.pk)
    return render(
        request, "organisations/unit_move.html", {"form": form, "unit": unit}, status=status
    )


@login_required
def unit_retire(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk, MANAGE_ORG)
    form = RetireForm(request.POST or None)
    retired, status = submit_form(
        request, form, lambda data: services.retire_unit(unit, by=user, on=data["on"])
    )
    if retired:
        messages.success(request, _("Đã ghi nhận giải thể đơn vị “%(unit)s”.") % {"unit": retired})
        return redirect("organisations:unit", pk=unit.pk)
    return render(
        request, "organisations/unit_retire.html", {"form": form, "unit": unit}, status=status
    )


@login_required
def unit_search(request):
    perm = PICKER_PERMS.get(request.GET.get("perm", ""))
    if perm is None:
        raise Http404
    _require_anywhere(request.user, perm)
    text = _search_text(request)
    units = Unit.objects.none()
    if text:
        units = Unit.objects.visible_to(request.user, perm).filter(is_active=True).search(text)
    units = units.only("pk", "code", "name", "kind", "path")
    page = _page(request, units, per_page=SEARCH_PAGE_SIZE)
    return render(request, "organisations/_unit_results.html", {"page": page, "text": text})


def _search_text(request) -> str:
    """The picker's text: `q`, or the `<field>_search` box that sent the request."""
    if "q" in request.GET:
        return search_text(request.GET["q"])
    typed = [v for k, v in request.GET.items() if k.endswith("_search")]
    return search_text(typed[0] if typed else "")


# People ---------------------------------------------------------------------------


@login_required
def people(request):
    user = request.user
    _require_anywhere(user, VIEW_PEOPLE)
    form = PeopleFilterForm(request.GET, user=user)
    found, status = Person.objects.visible_to(user), 200
    if form.is_valid():
        found = form.filter(found)
    else:
        found, status = found.none(), 400
    page = _page(request, _person_rows(found), cap=SEARCH_CAP)
    context = {"form": form, "page": page, "can_create": has_perm_anywhere(user, MANAGE_ORG)}
    template = (
        "organisations/_people_results.html" if _partial(request) else "organisations/people.html"
    )
    return render(request, template, context, status=status)


@login_required
def person_detail(request, pk):
    user = request.user
    person = get_person_for_user(user, pk)
    posts = list(person.posts.select_related("unit"))
    units = [person.workplace, person.party_cell, person.management_unit, *(p.unit for p in posts)]
    context = {
        "person": person,
        "posts": posts,
        "visible_units": _visible_unit_ids(user, units),
        "is_head": any(p.is_head and p.is_current for p in posts),
        "is_deputy": any(p.is_deputy and p.is_current for p in posts),
        "can_manage": Person.objects.visible_to(user, MANAGE_ORG).filter(pk=person.pk).exists(),
    }
    return render(request, "organisations/person.html", context)


@login_required
def person_create(request):
    user = request.user
    _require_anywhere(user, MANAGE_ORG)
    initial = {"workplace": parse_pk(request.GET.get("unit"))}
    form = PersonForm(request.POST or None, user=user, initial=initial)
    person, status = submit_form(
        request, form, lambda data: services.create_person(by=user, **form.person_data())
    )
    if person:
        messages.success(request, _("Đã thêm “%(person)s”.") % {"person": person})
        return redirect("organisations:person", pk=person.pk)
    return render(request, "organisations/person_form.html", {"form": form}, status=status)


@login_required
def person_edit(request, pk):
    user = request.user
    person = get_person_for_user(user, pk, MANAGE_ORG)
    form = PersonForm(request.POST or None, user=user, initial=person_initial(person), editing=True)
    saved, status = submit_form(
        request, form, lambda data: services.update_person(person, by=user, **data)
    )
    if saved:
        messages.success(request, _("Đã lưu “%(person)s”.") % {"person": saved})
        return redirect("organisations:person", pk=person.pk)
    current = None
    if status == 409:
        current = Person.objects.select_related("workplace", "party_cell", "management_unit").get(
            pk=person.pk
        )
        keep_input_after_conflict(form, current.version)
    context = {"form": form, "person": person, "current": current}
    return render(request, "organisations/person_form.html", context, status=status)


@login_required
def person_retire(request, pk):
    user = request.user
    person = get_person_for_user(user, pk, MANAGE_ORG)
    form = RetireForm(request.POST or None)
    retired, status = submit_form(
        request, form, lambda data: services.retire_person(person, by=user, on=data["on"])
    )
    if retired:
        messages.success(
            request, _("Đã ghi nhận “%(person)s” nghỉ, chuyển đi.") % {"person": retired}
        )
        return redirect("organisations:person", pk=person.pk)
    context = {"form": form, "person": person}
    return render(request, "organisations/person_retire.html", context, status=status)


# Posts ----------------------------------------------------------------------------


def _get_post_for_user(user, pk, perm: str = VIEW_PEOPLE) -> Post:
    """The post, if its holder is visible (else 404); 403 without `perm` on its unit."""
    post = Post.objects.filter(pk=parse_pk(pk) or 0).select_related("unit").first()
    if post is None:
        raise Http404
    post.person = get_person_for_user(user, post.person_id)
    if perm != VIEW_PEOPLE and not scope_for(user, perm).covers_path(post.unit.path):
        raise PermissionDenied
    return post


@login_required
def post_create(request, pk):
    user = request.user
    person = get_person_for_user(user, pk, MANAGE_ORG)
    form = PostForm(request.POST or None, user=user)
    post, status = submit_form(
        request, form, lambda data: services.add_post(person, by=user, **data)
    )
    if post:
        messages.success(request, _("Đã thêm chức vụ “%(post)s”.") % {"post": post})
        return redirect("organisations:person", pk=person.pk)
    context = {"form": form, "person": person}
    return render(request, "organisations/post_form.html", context, status=status)


@login_required
def post_edit(request, pk):
    user = request.user
    post = _get_post_for_user(user, pk, MANAGE_ORG)
    fields = ("title", "is_head", "is_deputy", "start_date", "end_date")
    initial = {f: getattr(post, f) for f in fields}
    form = PostForm(request.POST or None, user=user, initial=initial, editing=True)
    saved, status = submit_form(
        request, form, lambda data: services.update_post(post, by=user, **data)
    )
    if saved:
        messages.success(request, _("Đã lưu chức vụ “%(post)s”.") % {"post": saved})
        return redirect("organisations:person", pk=post.person.pk)
    context = {"form": form, "person": post.person, "post": post}
    return render(request, "organisations/post_form.html", context, status=status)


@login_required
@require_POST
def post_delete(request, pk):
    user = request.user
    post = _get_post_for_user(user, pk, MANAGE_ORG)
    try:
        services.delete_post(post, by=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa chức vụ “%(post)s”.") % {"post": post})
    return redirect("organisations:person", pk=post.person.pk)


# Audit log ------------------------------------------------------------------------


def _audit_entries(user):
    scope = scope_for(user, VIEW_AUDIT)
    if scope.is_empty:
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("actor", "unit").only(
        "pk", "at", "action", "object_type", "object_id", "object_repr", "before", "after",
        "actor__username", "unit__id", "unit__name",
    )  # fmt: skip
    if user.is_superuser:
        return entries
    if scope.everything:
        return entries.filter(unit__isnull=False)
    return entries.filter(scope.path_q("unit__path"))


@login_required
def audit(request):
    entries = _audit_entries(request.user)
    form = AuditFilterForm(request.GET, actions=action_choices())
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
    else:
        entries, status = entries.none(), 400
    page = _page(request, entries)
    context = {"form": form, "page": page, "rows": audit_rows(page.object_list)}
    return render(request, "organisations/audit.html", context, status=status)


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


# Roles ----------------------------------------------------------------------------


@login_required
def roles(request):
    scope = scope_for(request.user, MANAGE_ROLES)
    if scope.is_empty:
        raise PermissionDenied
    assignments = (
        RoleAssignment.objects.select_related("user", "unit")
        .prefetch_related("sectors", "areas")
        .order_by("unit__path", "role", "user__username")
    )
    if not scope.everything:
        assignments = assignments.filter(scope.path_q("unit__path"))
    return render(request, "organisations/roles.html", {"page": _page(request, assignments)})


@login_required
def role_create(request):
    user = request.user
    _require_anywhere(user, MANAGE_ROLES)
    form = RoleForm(request.POST or None, user=user)

    def assign(data):
        return services.assign_role(
            by=user, user=data["user_account"], role=data["role"], unit=data["unit"],
            sectors=list(data["sectors"]), areas=list(data["areas"]),
        )  # fmt: skip

    assignment, status = submit_form(request, form, assign)
    if assignment:
        messages.success(request, _("Đã phân quyền “%(role)s”.") % {"role": assignment})
        return redirect("organisations:roles")
    return render(request, "organisations/role_form.html", {"form": form}, status=status)


@login_required
@require_POST
def role_revoke(request, pk):
    user = request.user
    assignment = (
        RoleAssignment.objects.filter(pk=parse_pk(pk) or 0).select_related("user", "unit").first()
    )
    if assignment is None:
        raise Http404
    get_unit_for_user(user, assignment.unit_id, MANAGE_ROLES)
    try:
        services.revoke_role(assignment, by=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thu hồi quyền “%(role)s”.") % {"role": assignment})
    return redirect("organisations:roles")


@login_required
def user_search(request):
    user = request.user
    _require_anywhere(user, MANAGE_ROLES)
    text = _search_text(request)
    users = get_user_model().objects.none()
    if text:
        folded = fold(text)
        users = (
            UserChoice(user, MANAGE_ROLES)
            .queryset()
            .filter(Q(username__icontains=text) | Q(person__name_folded__contains=folded))
        )
    users = users.select_related("person").only("pk", "username", "person__full_name")
    page = _page(request, users.order_by("username"), per_page=SEARCH_PAGE_SIZE)
    return render(request, "organisations/_user_results.html", {"page": page, "text": text})
