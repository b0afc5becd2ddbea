"""The approvers' pages: the people of a unit with their plan status, approving many at
once, deciding one plan (with its copy flags), a unit's collective plan and the unit's
approval setting.

Each view parses its input, fetches through the access helpers (404 outside the user's
scope, 403 inside it without the permission), calls a service and redirects (PRG). A
refused decision renders the page again with the message: 400 for bad input, 403 for a
refusal by right, 409 when someone else decided first.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from neuguong.core.access import APPROVE_PLAN, EDIT_COLLECTIVE_PLAN, MANAGE_ORG, VIEW_PLANS
from neuguong.core.errors import DomainError
from neuguong.core.formflow import submit_form
from neuguong.organisations import tree
from neuguong.organisations.access import get_unit_for_user
from neuguong.organisations.forms import parse_pk
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import has_perm_anywhere, scope_for
from neuguong.regulations.models import Period

from . import plan_status as q
from . import services
from .access import covers_for_approval, get_plan_for_user, own_person
from .forms_approval import DecideForm, PlanListForm, PlanSettingsForm, ReturnForm
from .models import (
    OPEN_PLAN_STATUSES,
    ApproverChoice,
    CommitmentPlan,
    CopyFlag,
    PlanSettings,
    PlanStatus,
)

MOST_AT_ONCE = 200  # plans approved by one bulk request
COLLECTIVE_SHOWN = 20
CHILDREN_SHOWN = 100
LIST_PARAMS = ("unit", "period", "state", "q")


def _status(error: DomainError) -> int:
    return 403 if error.code == "forbidden" else error.status


def _period(value) -> Period | None:
    pk = parse_pk(value)
    chosen = Period.objects.filter(pk=pk).first() if pk else None
    return chosen or Period.objects.current()


# The menu's entry point -------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    if has_perm_anywhere(user, APPROVE_PLAN) or has_perm_anywhere(user, VIEW_PLANS):
        return redirect("commitments:people")
    return redirect("commitments:my_plan")


# The people of a unit and their plans -----------------------------------------------


def _default_unit(user) -> Unit | None:
    """The highest unit of the user's VIEW_PLANS scope."""
    scope = scope_for(user, VIEW_PLANS)
    if scope.everything:
        return Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if not scope.prefixes:
        return None
    return Unit.objects.filter(path=min(scope.prefixes, key=len)).first()


def _list_url(unit, period, state="", text="") -> str:
    params = {"unit": unit.pk, "period": period.pk if period else ""}
    if state:
        params["state"] = state
    if text:
        params["q"] = text
    return reverse("commitments:people") + "?" + urlencode(params)


def _page(request, queryset, data):
    page = Paginator(queryset, settings.PAGE_SIZE).get_page(data.get("page"))
    query = QueryDict(mutable=True)
    for name in LIST_PARAMS:
        if data.get(name):
            query[name] = data[name]
    encoded = query.urlencode()
    page.url_prefix = f"{reverse('commitments:people')}?{encoded}{'&' if encoded else ''}page="
    return page


def _rows(user, page) -> list[dict]:
    """Each person of the page with their plan (one query for all the page's plans)."""
    ids = [p.plan_id for p in page.object_list if p.plan_id]
    plans = CommitmentPlan.objects.filter(pk__in=ids).select_related("unit")
    plans = {p.pk: p for p in plans.only("pk", "status", "number", "submitted_at", "is_late",
                                         "person_id", "unit__path", "unit__name")}  # fmt: skip
    me = own_person(user)
    rows = []
    for person in page.object_list:
        plan = plans.get(person.plan_id)
        rows.append(
            {
                "person": person,
                "plan": plan,
                "approvable": plan is not None and q.can_approve(user, plan, me),
            }
        )
    return rows


def _collective_waiting(user, unit: Unit, period: Period):
    """Submitted collective plans of the subtree that the user may approve."""
    scope = scope_for(user, APPROVE_PLAN)
    if scope.is_empty:
        return [], 0
    plans = CommitmentPlan.objects.filter(
        unit.subtree_q("unit__"), person__isnull=True, period=period, status=PlanStatus.SUBMITTED
    )
    if not scope.everything:
        plans = plans.filter(scope.path_q("unit__parent__path"))
    plans = plans.select_related("unit").order_by("submitted_at", "pk")
    shown = list(plans[:COLLECTIVE_SHOWN])
    return shown, plans.count() if len(shown) == COLLECTIVE_SHOWN else len(shown)


def _trail(user, unit: Unit) -> list[Unit]:
    """The ancestors of `unit` the user follows plans of, root first."""
    scope = scope_for(user, VIEW_PLANS)
    return [a for a in unit.ancestors().only("pk", "name", "path") if scope.covers_path(a.path)]


def _people_context(request, data, *, error=None) -> tuple[dict, int]:
    user = request.user
    if not data.get("unit"):
        default = _default_unit(user)
        data = data.copy()
        data["unit"] = default.pk if default else ""
    form = PlanListForm(data, user=user)
    status = 200 if form.is_valid() else 400
    cleaned = form.cleaned_data if status == 200 else {}
    unit = cleaned.get("unit") or _default_unit(user)
    period = cleaned.get("period") or Period.objects.current()
    context = {"form": form, "unit": unit, "period": period, "error": error}
    if unit is None or period is None or status != 200:
        return context | {"rows": [], "counts": None}, status
    people = q.with_plan_status(q.unit_people(unit), period)
    counts = q.summary(people, user, period)
    found = people.search(cleaned["q"]) if cleaned.get("q") else people
    if cleaned.get("state"):
        found = found.filter(q.state_q(cleaned["state"], user, period))
    found = found.select_related("workplace", "party_cell").only(
        "pk", "code", "full_name", "party_status", "workplace__name", "party_cell__name"
    )
    page = _page(request, found, data)
    collective, collective_count = _collective_waiting(user, unit, period)
    rows = _rows(user, page)
    context |= {
        "page": page,
        "rows": rows,
        "counts": counts,
        "state": cleaned.get("state", ""),
        "links": {s: _list_url(unit, period, s) for s in q.STATES}
        | {"all": _list_url(unit, period)},
        "trail": _trail(user, unit),
        "children": list(unit.children.filter(is_active=True).only("pk", "name")[:CHILDREN_SHOWN]),
        "collective": collective,
        "collective_count": collective_count,
        "can_approve": any(r["approvable"] for r in rows),
        # Row links are built from one reversed prefix, not reversed per row.
        "plan_prefix": reverse("commitments:index"),
        "registered_by": period.plans_registered_by,
        "hidden": {name: data.get(name, "") for name in (*LIST_PARAMS, "page")},
    }
    return context, status


@login_required
def people(request):
    if scope_for(request.user, VIEW_PLANS).is_empty:
        raise PermissionDenied
    context, status = _people_context(request, request.GET)
    return render(request, "commitments/approvals/people.html", context, status=status)


def _selected(request) -> list[int]:
    ids = {parse_pk(v) for v in request.POST.getlist("plans")[: MOST_AT_ONCE + 1]}
    return sorted(i for i in ids if i)


def _report(request, results, missing: int) -> None:
    approved = [plan for plan, refusal in results if refusal is None]
    refused = [(plan, refusal) for plan, refusal in results if refusal]
    if approved:
        messages.success(
            request,
            ngettext("Đã phê duyệt %(n)s kế hoạch.", "Đã phê duyệt %(n)s kế hoạch.", len(approved))
            % {"n": len(approved)},
        )
    for plan, refusal in refused:
        owner = plan.person.full_name if plan.person_id else plan.unit.name
        messages.error(
            request,
            _("Không phê duyệt kế hoạch của %(owner)s: %(reason)s")
            % {"owner": owner, "reason": refusal},
        )
    if missing:
        messages.error(
            request,
            _("%(n)s kế hoạch đã chọn không còn trong phạm vi của đồng chí.") % {"n": missing},
        )


@login_required
@require_POST
def approve_many(request):
    user = request.user
    if scope_for(user, APPROVE_PLAN).is_empty:
        raise PermissionDenied
    ids = _selected(request)
    if not ids or len(ids) > MOST_AT_ONCE:
        error = (
            _("Hãy chọn ít nhất một kế hoạch để phê duyệt.")
            if not ids
            else _("Mỗi lần phê duyệt tối đa %(n)s kế hoạch.") % {"n": MOST_AT_ONCE}
        )
        context, _ignored = _people_context(request, request.POST, error=error)
        return render(request, "commitments/approvals/people.html", context, status=400)
    plans = list(
        CommitmentPlan.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("period", "unit", "person")
        .order_by("person__name_folded", "pk")
    )
    _report(request, services.approve_plans(plans, by=user), len(ids) - len(plans))
    query = {k: request.POST[k] for k in LIST_PARAMS if request.POST.get(k)}
    return redirect(reverse("commitments:people") + ("?" + urlencode(query) if query else ""))


# Deciding one plan ------------------------------------------------------------------


def _refusal(user, plan: CommitmentPlan) -> str | None:
    """Why `user` may not decide `plan` though they see it (the services' rule)."""
    me = own_person(user)
    if me is not None and plan.person_id == me.pk:
        return _("Bạn không thể tự phê duyệt kế hoạch của chính mình.")
    if plan.is_collective and me and plan.unit_id in (me.workplace_id, me.party_cell_id):
        return _("Kế hoạch tập thể do cấp trên trực tiếp phê duyệt.")
    return None


def _flags(user, plan: CommitmentPlan) -> list[CopyFlag]:
    flags = list(
        CopyFlag.objects.filter(plan=plan)
        .select_related("task", "other_task__plan__person", "other_task__plan__period")
        .order_by("task__order", "-similarity")
    )
    others = {f.other_task.plan_id for f in flags}
    visible = set(
        CommitmentPlan.objects.visible_to(user).filter(pk__in=others).values_list("pk", flat=True)
    )
    for flag in flags:
        flag.percent = round(flag.similarity * 100)
        flag.other_visible = flag.other_task.plan_id in visible
    return flags


def _render_decide(request, plan, *, forms=None, error=None, status=200):
    user = request.user
    refusal = _refusal(user, plan)
    deciding = plan.status == PlanStatus.SUBMITTED and refusal is None
    initial = {"version": plan.version}
    forms = {"approve": DecideForm(initial=initial), "give_back": ReturnForm(initial=initial)} | (
        forms or {}
    )
    context = {
        "plan": plan,
        "tasks": plan.tasks.prefetch_related("solutions"),
        "ethics": plan.ethics.all(),
        "flags": _flags(user, plan),
        "forms": forms,
        "deciding": deciding,
        "error": error or refusal,
        "owner": plan.person.full_name if plan.person_id else plan.unit.name,
        "back": _list_url(plan.unit, plan.period, q.MINE)
        if scope_for(user, VIEW_PLANS).covers_path(plan.unit.path)
        else reverse("commitments:people"),
    }
    return render(request, "commitments/approvals/decide.html", context, status=status)


def _refetch(plan: CommitmentPlan) -> CommitmentPlan:
    return CommitmentPlan.objects.select_related("period", "person", "unit", "workplace").get(
        pk=plan.pk
    )


def _decide(request, plan):
    user = request.user
    if "plan_return" in request.POST:
        key, form = "give_back", ReturnForm(request.POST)
    elif "plan_approve" in request.POST:
        key, form = "approve", DecideForm(request.POST)
    else:
        message = _("Hãy bấm “Phê duyệt” hoặc “Trả lại”.")
        return _render_decide(request, plan, error=message, status=400)
    if not form.is_valid():
        message = _("Chưa thực hiện được. Hãy xem các thông báo dưới đây.")
        return _render_decide(request, plan, forms={key: form}, error=message, status=400)
    data = form.cleaned_data
    try:
        if key == "approve":
            services.approve_plan(plan, by=user, version=data["version"])
        else:
            services.return_plan(plan, by=user, version=data["version"], reason=data["reason"])
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        current = _refetch(plan)
        return _render_decide(
            request, current, forms={key: form}, error=error.message, status=_status(error)
        )
    owner = plan.person.full_name if plan.person_id else plan.unit.name
    done = (
        _("Đã phê duyệt kế hoạch của %(owner)s.")
        if key == "approve"
        else _("Đã trả lại kế hoạch của %(owner)s kèm lý do.")
    )
    messages.success(request, done % {"owner": owner})
    return redirect("commitments:approve", pk=plan.pk)


@login_required
def approve(request, pk):
    user = request.user
    plan = get_plan_for_user(user, pk)
    refusal = _refusal(user, plan)
    if refusal is None and not covers_for_approval(user, plan):
        raise PermissionDenied
    if refusal is not None:
        return _render_decide(request, plan, status=403)
    if request.method == "POST":
        return _decide(request, plan)
    return _render_decide(request, plan)


# Collective plans -------------------------------------------------------------------


def _render_unit_plan(request, unit: Unit, period, *, error=None, status=200):
    user = request.user
    plans = (
        CommitmentPlan.objects.filter(unit=unit, person__isnull=True, period=period).order_by(
            "-number"
        )
        if period
        else CommitmentPlan.objects.none()
    )
    plans = list(plans)
    editor = scope_for(user, EDIT_COLLECTIVE_PLAN).covers_path(unit.path)
    has_plan = any(p.status in (*OPEN_PLAN_STATUSES, PlanStatus.APPROVED) for p in plans)
    above = unit.path[: -tree.SEGMENT] if unit.parent_id else unit.path
    approver = scope_for(user, APPROVE_PLAN).covers_path(above)
    for plan in plans:
        plan.editable_here = editor and plan.is_editable
        plan.decidable = approver and plan.status == PlanStatus.SUBMITTED
    context = {
        "unit": unit,
        "period": period,
        "periods": Period.objects.only("pk", "name"),
        "plans": plans,
        "can_start": editor and period is not None and period.is_open and not has_plan,
        "can_settle": _can_settle(user, unit),
        "error": error,
    }
    return render(request, "commitments/approvals/unit_plan.html", context, status=status)


@login_required
def unit_plan(request, pk):
    unit = get_unit_for_user(request.user, pk, VIEW_PLANS)
    return _render_unit_plan(request, unit, _period(request.GET.get("period")))


@login_required
@require_POST
def unit_plan_start(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk, EDIT_COLLECTIVE_PLAN)
    period = _period(request.POST.get("period"))
    if period is None:
        error = _("Chưa có kỳ nào để lập kế hoạch.")
        return _render_unit_plan(request, unit, period, error=error, status=400)
    try:
        plan = services.start_plan(by=user, period=period, unit=unit)
    except DomainError as error:
        return _render_unit_plan(request, unit, period, error=error.message, status=_status(error))
    messages.success(request, _("Đã lập bản nháp kế hoạch tập thể."))
    return redirect("commitments:plan_edit", pk=plan.pk)


# The unit's approval setting --------------------------------------------------------


def _can_settle(user, unit: Unit) -> bool:
    return scope_for(user, MANAGE_ORG).covers_path(unit.path) or scope_for(
        user, EDIT_COLLECTIVE_PLAN
    ).covers_path(unit.path)


@login_required
def unit_settings(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk)
    if not _can_settle(user, unit):
        raise PermissionDenied
    current = PlanSettings.objects.filter(unit=unit).values_list("approver", flat=True).first()
    initial = ApproverChoice.WORKPLACE if current == ApproverChoice.WORKPLACE else "default"
    form = PlanSettingsForm(request.POST or None, initial={"approver": initial})

    def save(data):
        return services.set_plan_settings(unit, by=user, approver=data["approver"])

    result, status = submit_form(request, form, save)
    if result is not None:
        messages.success(request, _("Đã lưu cách phê duyệt kế hoạch."))
        return redirect("commitments:settings", pk=unit.pk)
    context = {"unit": unit, "form": form, "current": current or ApproverChoice.DEFAULT}
    return render(request, "commitments/approvals/settings.html", context, status=status)
