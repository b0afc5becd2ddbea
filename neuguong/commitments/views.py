"""A person's own commitment plan: start it, write it (autosaved), submit it, amend it
after approval, report progress with evidence; and the plan page everyone with access
sees, with its versions side by side.

Each view parses its input, fetches through the access helpers (404 outside the user's
scope, 403 inside it without the right), calls a service and redirects (PRG). A refused
action renders the page again with the message and the typed input kept: 400 for bad
input, 403 for a refusal by right, 409 when another tab saved the draft first.
The approvers' pages are in views_approval.py.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.formflow import keep_input_after_conflict
from neuguong.organisations.forms import parse_pk
from neuguong.regulations.models import Period, RegulationItem
from neuguong.standards.models import CodeStatus, EthicsCodeItem

from . import compare, services
from .access import can_write, covers_for_approval, get_plan_for_user, own_person
from .forms import (
    AmendForm,
    EvidenceForm,
    PlanForm,
    ProgressForm,
    editor_rows,
    ethics_lines,
    rows_from_plan,
    rows_from_post,
    tasks_for_service,
)
from .models import OPEN_PLAN_STATUSES, CommitmentPlan, CopyFlag, Evidence, KeyTask, PlanStatus

QD144 = "144-qd/tw"


def _status(error: DomainError) -> int:
    return {"forbidden": 403, "conflict": 409}.get(error.code, error.status)


def _period(request) -> Period | None:
    pk = parse_pk(request.POST.get("period") or request.GET.get("period"))
    chosen = Period.objects.filter(pk=pk).first() if pk else None
    return chosen or Period.objects.current()


def _versions(plan: CommitmentPlan):
    owner = Q(person_id=plan.person_id) if plan.person_id else Q(unit_id=plan.unit_id)
    qs = CommitmentPlan.objects.filter(owner, period_id=plan.period_id)
    if not plan.person_id:
        qs = qs.filter(person__isnull=True)
    return qs.only("pk", "number", "status", "is_late").order_by("number")


def _header(plan: CommitmentPlan) -> dict:
    person = plan.person
    if person is None:
        return {"posts": [], "party_cell": None}
    today = timezone.localdate()
    posts = person.posts.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    cell = person.party_cell if person.party_cell_id else None
    return {"posts": list(posts.select_related("unit")), "party_cell": cell}


def _locked_message(plan: CommitmentPlan) -> str:
    if plan.status == PlanStatus.APPROVED:
        return _(
            "Kế hoạch đã được phê duyệt nên không sửa trực tiếp được. Hãy bấm “Điều chỉnh "
            "kế hoạch” để lập phiên bản điều chỉnh và trình phê duyệt lại."
        )
    return _("Kế hoạch đang ở trạng thái “%(status)s”, không sửa được.") % {
        "status": plan.get_status_display()
    }


# The ethics items a plan may pick -------------------------------------------------


def _ethics_sources(plan: CommitmentPlan) -> dict:
    """The published codes of the owner's workplace and party cell (a collective plan:
    its unit), QĐ 144's standards, and what the plan already holds."""
    if plan.person_id:
        units = {plan.person.workplace_id, plan.person.party_cell_id} - {None}
    else:
        units = {plan.unit_id}
    items = (
        EthicsCodeItem.objects.filter(code__status=CodeStatus.PUBLISHED, code__unit_id__in=units)
        .select_related("code__unit")
        .only("pk", "text", "code__unit__name")
        .order_by("code__unit__name", "relationship", "order", "pk")
    )
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.code.unit.name, []).append(item)
    standards = list(
        RegulationItem.objects.filter(regulation__symbol_folded=QD144).order_by("order", "pk")
    )
    held = list(plan.ethics.all())
    known = {i.pk for g in groups.values() for i in g}
    earlier = [e for e in held if e.code_item_id and e.code_item_id not in known]
    return {
        "groups": list(groups.items()),
        "standards": standards,
        "earlier": earlier,
        "held": held,
        "code_choices": known | {e.code_item_id for e in earlier},
        "standard_choices": {s.pk for s in standards}
        | {e.regulation_item_id for e in held if e.regulation_item_id},
    }


def _plan_form(plan: CommitmentPlan, sources: dict, data=None) -> PlanForm:
    held = sources["held"]
    initial = {f: getattr(plan, f) for f in services.SECTION_FIELDS} | {
        "version": plan.version,
        "code_items": [e.code_item_id for e in held if e.code_item_id],
        "standards": [e.regulation_item_id for e in held if e.regulation_item_id],
    }
    return PlanForm(
        data,
        initial=initial,
        is_leader=plan.is_leader,
        code_choices=sources["code_choices"],
        standard_choices=sources["standard_choices"],
    )


# The editor ----------------------------------------------------------------------


@dataclass
class Draft:
    """What the editor shows: the form, the task rows and the messages of a refusal."""

    form: PlanForm
    rows: list[dict]
    free_lines: list[str]
    sources: dict
    extra: int = 1
    error: str = ""
    conflict: bool = False
    errors: dict = field(default_factory=dict)

    def place(self, error: DomainError) -> None:
        """Put a service's refusal next to the part of the form it is about."""
        self.error = error.message
        if error.field in self.form.fields:
            self.form.add_error(error.field, error.message)
        elif error.field in ("tasks", "ethics"):
            self.errors[error.field] = error.message


def _draft_from_plan(plan: CommitmentPlan, *, extra: int = 1) -> Draft:
    sources = _ethics_sources(plan)
    free = [e.text for e in sources["held"] if not e.code_item_id and not e.regulation_item_id]
    return Draft(_plan_form(plan, sources), rows_from_plan(plan), free, sources, extra=extra)


def _draft_from_post(request, plan: CommitmentPlan) -> Draft:
    sources = _ethics_sources(plan)
    rows, empty, malformed = rows_from_post(request.POST)
    free = [str(t) for t in request.POST.getlist("ethics_line")][:50]
    draft = Draft(_plan_form(plan, sources, request.POST), rows, free, sources, extra=0)
    draft.extra = 0 if rows or empty else 1
    if malformed:
        draft.error = malformed
    return draft


def _save(request, plan: CommitmentPlan, draft: Draft) -> tuple[CommitmentPlan | None, int]:
    form = draft.form
    if draft.error or not form.is_valid():
        draft.error = draft.error or _("Chưa lưu được. Hãy xem các thông báo dưới đây.")
        return None, 400
    try:
        saved = services.save_plan(
            plan,
            by=request.user,
            version=form.cleaned_data["version"],
            sections=form.sections(),
            ethics=ethics_lines(form, request.POST),
            tasks=tasks_for_service(draft.rows),
        )
    except ConflictError as error:
        keep_input_after_conflict(form, error.current.version)
        draft.error, draft.conflict = error.message, True
        return None, 409
    except DomainError as error:
        draft.place(error)
        return None, _status(error)
    return saved, 200


def _render_editor(request, plan: CommitmentPlan, draft: Draft, *, mine=None, status=200):
    free = [t for t in draft.free_lines if t.strip()] + ["", ""][: 2 if not draft.free_lines else 1]
    context = {
        "plan": plan,
        "draft": draft,
        "form": draft.form,
        "rows": editor_rows(draft.rows, extra=draft.extra),
        "free_lines": free,
        "code_checked": draft.form.checked("code_items"),
        "standards_checked": draft.form.checked("standards"),
        "versions": _versions(plan),
        "mine": mine,
        **_header(plan),
    }
    return render(request, "commitments/plan_edit.html", context, status=status)


# The plan page -------------------------------------------------------------------


def _copy_flags(user, plan: CommitmentPlan) -> list[CopyFlag]:
    """The flags the viewer may see, each with the other person's name only when the
    viewer may read the other plan. The writer sees only matches with their own past."""
    flags = CopyFlag.objects.filter(plan=plan).select_related(
        "task", "other_task__plan__person", "other_task__plan__period"
    )
    if can_write(user, plan):
        flags = flags.filter(source=CopyFlag.Source.PREVIOUS)
    flags = list(flags)
    others = {f.other_task.plan_id for f in flags}
    visible = set(
        CommitmentPlan.objects.visible_to(user).filter(pk__in=others).values_list("pk", flat=True)
    )
    for flag in flags:
        flag.other_visible = flag.other_task.plan_id in visible
    return flags


def _tasks(plan: CommitmentPlan) -> list[KeyTask]:
    return list(plan.tasks.prefetch_related("solutions", "evidence", "progress"))


def _render_plan(request, plan, *, forms=None, error="", mine=None, status=200):
    user = request.user
    writer = can_write(user, plan)
    approved = plan.status == PlanStatus.APPROVED
    tasks = _tasks(plan)
    forms = forms or {}
    if writer and approved:
        for task in tasks:
            initial = {"status": task.progress_status, "percent": task.progress_percent}
            task.progress_form = forms.get(("progress", task.pk)) or ProgressForm(
                initial=initial, auto_id=f"progress-{task.pk}-%s"
            )
            task.evidence_form = forms.get(("evidence", task.pk)) or EvidenceForm(
                auto_id=f"evidence-{task.pk}-%s"
            )
    versions = list(_versions(plan))
    open_version = next((v for v in versions if v.status in OPEN_PLAN_STATUSES), None)
    context = {
        "plan": plan,
        "tasks": tasks,
        "ethics": plan.ethics.all(),
        "flags": _copy_flags(user, plan),
        "versions": versions,
        "previous": next((v for v in reversed(versions) if v.number < plan.number), None),
        "open_version": open_version,
        "writer": writer,
        "amend_form": forms.get("amend") or AmendForm(),
        "can_amend": writer and approved and open_version is None,
        "can_decide": plan.status == PlanStatus.SUBMITTED
        and not writer
        and covers_for_approval(user, plan),
        "max_mb": f"{settings.EVIDENCE_MAX_BYTES / 1024 / 1024:.3g}".replace(".", ","),
        "error": error,
        "mine": mine,
        **_header(plan),
    }
    return render(request, "commitments/plan.html", context, status=status)


def _refused(request, plan: CommitmentPlan, error: DomainError):
    plan = get_plan_for_user(request.user, plan.pk)
    if plan.is_editable:
        return _render_editor(request, plan, _draft_from_plan(plan), status=_status(error))
    return _render_plan(request, plan, error=error.message, status=_status(error))


# My plan -------------------------------------------------------------------------


def _mine(request, person, period) -> tuple[CommitmentPlan | None, dict]:
    plans = list(
        CommitmentPlan.objects.filter(person=person)
        .select_related("period")
        .only("pk", "number", "status", "period__name", "period__starts_on")
        .order_by("-period__starts_on", "-number")
    )
    here = [p for p in plans if p.period_id == period.pk]
    shown = (
        next((p for p in here if p.status in OPEN_PLAN_STATUSES), None)
        or next((p for p in here if p.status == PlanStatus.APPROVED), None)
        or (here[0] if here else None)
    )
    mine = {
        "period": period,
        "periods": Period.objects.only("pk", "name"),
        "elsewhere": [p for p in plans if p.period_id != period.pk and p.status != "superseded"],
    }
    return shown, mine


@login_required
def my_plan(request):
    user = request.user
    person = own_person(user)
    period = _period(request)
    if person is None or period is None:
        return render(request, "commitments/plan_mine.html", {"person": person, "period": period})
    shown, mine = _mine(request, person, period)
    if shown is None:
        return render(request, "commitments/plan_mine.html", {"person": person, "mine": mine})
    plan = get_plan_for_user(user, shown.pk)
    if plan.is_editable and can_write(user, plan):
        return _render_editor(request, plan, _draft_from_plan(plan), mine=mine)
    return _render_plan(request, plan, mine=mine)


@login_required
@require_POST
def plan_start(request):
    user = request.user
    person = own_person(user)
    period = _period(request)
    if person is None or period is None:
        return redirect("commitments:my_plan")
    try:
        plan = services.start_plan(by=user, period=period, person=person)
    except DomainError as error:
        _shown, mine = _mine(request, person, period)
        context = {"person": person, "mine": mine, "error": error.message}
        return render(request, "commitments/plan_mine.html", context, status=_status(error))
    messages.success(request, _("Đã tạo kế hoạch. Hãy điền các mục rồi nộp để phê duyệt."))
    return redirect("commitments:plan_edit", pk=plan.pk)


# One plan ------------------------------------------------------------------------


@login_required
def plan_detail(request, pk):
    return _render_plan(request, get_plan_for_user(request.user, pk))


def _extra(request) -> int:
    value = parse_pk(request.GET.get("extra"))
    return min(value or 1, 5)


@login_required
def plan_edit(request, pk):
    user = request.user
    plan = get_plan_for_user(user, pk, "write")
    if not plan.is_editable:
        return _render_plan(request, plan, error=_locked_message(plan), status=400)
    if request.method != "POST":
        return _render_editor(request, plan, _draft_from_plan(plan, extra=_extra(request)))
    draft = _draft_from_post(request, plan)
    saved, status = _save(request, plan, draft)
    if saved is None:
        return _render_editor(request, plan, draft, status=status)
    url = reverse("commitments:plan_edit", args=[plan.pk])
    if "add_task" in request.POST:
        messages.success(request, _("Đã lưu; điền nhiệm vụ mới vào ô trống bên dưới."))
        empty = sum(1 for row in draft.rows if not tasks_for_service([row]))
        return redirect(f"{url}?extra={min(empty + 1, 5)}#task-new")
    if "delete_task" in request.POST:
        messages.success(request, _("Đã xóa nhiệm vụ và lưu kế hoạch."))
        return redirect(f"{url}#tasks")
    messages.success(request, _("Đã lưu kế hoạch."))
    return redirect(url)


@login_required
@require_POST
def plan_autosave(request, pk):
    """The editor posts itself here as the person types (htmx): the answer updates the
    status line, the version and the keys of newly saved tasks."""
    plan = get_plan_for_user(request.user, pk, "write")
    draft = _draft_from_post(request, plan)
    saved, status = _save(request, plan, draft)
    keys = []
    if saved is not None:
        filled = [row["index"] for row in draft.rows if tasks_for_service([row])]
        keys = list(zip(filled, saved.tasks.values_list("key", flat=True), strict=False))
    context = {"plan": saved or plan, "saved": saved, "draft": draft, "keys": keys}
    return render(request, "commitments/_plan_autosave.html", context, status=status)


@login_required
@require_POST
def plan_submit(request, pk):
    """Save what the editor holds (when posted from it), then submit; a refused submit
    keeps neither, and the editor shows the typed input with the message."""
    user = request.user
    plan = get_plan_for_user(user, pk, "write")
    draft = _draft_from_post(request, plan) if "task_count" in request.POST else None
    version = parse_pk(request.POST.get("version"))
    try:
        with transaction.atomic():
            if draft is not None:
                saved, status = _save(request, plan, draft)
                if saved is None:  # refused: the save's own savepoint was rolled back
                    return _render_editor(request, plan, draft, status=status)
                plan, version = saved, saved.version
            if version is None:
                raise DomainError(_("Thiếu hoặc sai phiên bản bản ghi; hãy mở lại trang sửa."))
            plan = services.submit_plan(plan, by=user, version=version)
    except DomainError as error:
        if draft is None or not plan.is_editable:
            return _refused(request, plan, error)
        draft.place(error)
        return _render_editor(request, plan, draft, status=_status(error))
    if plan.is_late:
        due = plan.period.plans_registered_by.strftime("%d/%m/%Y")
        messages.warning(request, _("Kế hoạch đã nộp sau hạn đăng ký %(d)s.") % {"d": due})
    messages.success(request, _("Đã nộp kế hoạch; kế hoạch đang chờ phê duyệt."))
    return redirect("commitments:plan", pk=plan.pk)


@login_required
@require_POST
def plan_amend(request, pk):
    user = request.user
    plan = get_plan_for_user(user, pk, "write")
    form = AmendForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, plan, forms={"amend": form}, status=400)
    try:
        new = services.amend_plan(plan, by=user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        form.add_error("reason" if error.field == "reason" else None, error.message)
        return _render_plan(request, plan, forms={"amend": form}, status=_status(error))
    messages.success(
        request,
        _("Đã lập phiên bản %(n)s để điều chỉnh; sửa xong hãy nộp để phê duyệt lại.")
        % {"n": new.number},
    )
    return redirect("commitments:plan_edit", pk=new.pk)


@login_required
def plan_compare(request, pk):
    plan = get_plan_for_user(request.user, pk)
    versions = list(_versions(plan))
    chosen = parse_pk(request.GET.get("with"))
    other = next((v for v in versions if v.pk == chosen and v.pk != plan.pk), None)
    if other is None:
        other = next((v for v in reversed(versions) if v.number < plan.number), None)
    other = CommitmentPlan.objects.filter(pk=other.pk).first() if other else None
    old, new = (other, plan) if other is None or other.number < plan.number else (plan, other)
    context = {
        "plan": plan,
        "old": old,
        "new": new,
        "versions": [v for v in versions if v.pk != plan.pk],
        "sections": compare.section_rows(old, new),
        "ethics": compare.ethics_rows(old, new),
        "tasks": compare.task_rows(old, new),
    }
    return render(request, "commitments/plan_compare.html", context)


# Progress and evidence -----------------------------------------------------------


def _get_task_for_writer(user, pk) -> KeyTask:
    task = KeyTask.objects.filter(pk=parse_pk(pk) or 0).only("pk", "plan_id").first()
    if task is None:
        raise Http404
    plan = get_plan_for_user(user, task.plan_id, "write")
    task = KeyTask.objects.get(pk=task.pk)
    task.plan = plan
    return task


def _back_to_task(task: KeyTask):
    return redirect(reverse("commitments:plan", args=[task.plan_id]) + f"#task-{task.pk}")


@login_required
@require_POST
def task_progress(request, pk):
    user = request.user
    task = _get_task_for_writer(user, pk)
    form = ProgressForm(request.POST, auto_id=f"progress-{task.pk}-%s")
    forms = {("progress", task.pk): form}
    if not form.is_valid():
        error = _("Chưa cập nhật được tiến độ. Hãy xem thông báo ở nhiệm vụ.")
        return _render_plan(request, task.plan, forms=forms, error=error, status=400)
    try:
        services.report_progress(task, by=user, **form.cleaned_data)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _render_plan(
            request, task.plan, forms=forms, error=error.message, status=_status(error)
        )
    messages.success(request, _("Đã cập nhật tiến độ."))
    return _back_to_task(task)


@login_required
@require_POST
def task_evidence(request, pk):
    user = request.user
    task = _get_task_for_writer(user, pk)
    form = EvidenceForm(request.POST, request.FILES, auto_id=f"evidence-{task.pk}-%s")
    forms = {("evidence", task.pk): form}
    if not form.is_valid():
        error = _("Chưa tải lên được minh chứng. Hãy xem thông báo ở nhiệm vụ.")
        return _render_plan(request, task.plan, forms=forms, error=error, status=400)
    try:
        services.add_evidence(task, by=user, upload=form.cleaned_data["file"])
    except DomainError as error:
        form.add_error("file" if error.field == "file" else None, error.message)
        return _render_plan(
            request, task.plan, forms=forms, error=error.message, status=_status(error)
        )
    messages.success(request, _("Đã tải lên minh chứng."))
    return _back_to_task(task)


@login_required
@require_POST
def evidence_delete(request, pk):
    user = request.user
    evidence = Evidence.objects.filter(pk=parse_pk(pk) or 0).only("pk", "task_id").first()
    if evidence is None:
        raise Http404
    task = _get_task_for_writer(user, evidence.task_id)
    evidence = Evidence.objects.get(pk=evidence.pk)
    evidence.task = task
    try:
        services.delete_evidence(evidence, by=user)
    except DomainError as error:
        return _render_plan(request, task.plan, error=error.message, status=_status(error))
    messages.success(request, _("Đã xóa minh chứng."))
    return _back_to_task(task)
