"""Pages of the units' ethics codes: a unit's code and its versions, one version with
its actions, two versions side by side, the approvals queue, the exemplary codes and
the year-end evaluation.

Each view parses its input, fetches through the access helpers (404 outside the user's
scope, 403 inside it without the permission), calls a service and redirects (PRG).
A refused action renders the page again with the message, the typed input kept and
the current state shown: 400 for bad input, 403 for a refusal by right, 409 when
someone else changed the version first.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.access import EDIT_CODE, MARK_EXEMPLARY
from neuguong.core.errors import ConflictError, DomainError
from neuguong.organisations.access import active_person, get_unit_for_user
from neuguong.organisations.forms import parse_pk
from neuguong.organisations.models import Person, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period, RegulationItem

from . import services
from .access import (
    approval_refusal,
    can_edit,
    covers_for_approval,
    get_code_for_user,
)
from .forms import (
    ExemplaryForm,
    ItemEditForm,
    ItemForm,
    NotApplicableForm,
    PublishForm,
    ReturnForm,
    StartCodeForm,
    VersionForm,
)
from .guidance import hints
from .models import (
    OPEN_STATUSES,
    Acknowledgement,
    CodeEvaluation,
    CodeStatus,
    EthicsCode,
    EthicsCodeItem,
    Relationship,
)

# Helpers --------------------------------------------------------------------------


def _page(request, queryset, *, param="page", per_page=None):
    page = Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    encoded = query.urlencode()
    page.url_prefix = f"{request.path}?{encoded}{'&' if encoded else ''}{param}="
    return page


def _status(error: DomainError) -> int:
    return 403 if error.code == "forbidden" else error.status


def _period(request) -> Period | None:
    """`?period=` (or the posted `period`) if it names one, else the current period."""
    pk = parse_pk(request.POST.get("period") or request.GET.get("period"))
    chosen = Period.objects.filter(pk=pk).first() if pk else None
    return chosen or Period.objects.current()


def _trail(user, unit: Unit, *extra) -> list[tuple[str, str]]:
    """Breadcrumb links: the tree, the visible ancestors, the unit, then `extra`."""
    ancestors = unit.ancestors().visible_to(user).only("pk", "name")
    return [
        (reverse("organisations:tree"), _("Cây tổ chức")),
        *((reverse("organisations:unit", args=[a.pk]), a.name) for a in ancestors),
        (reverse("organisations:unit", args=[unit.pk]), unit.name),
        (reverse("standards:unit_codes", args=[unit.pk]), _("Chuẩn mực đạo đức")),
        *extra,
    ]


def _version_crumb(code: EthicsCode) -> tuple[str, str]:
    return reverse("standards:code", args=[code.pk]), _("Phiên bản %(n)s") % {"n": code.number}


def _items(code: EthicsCode) -> list[EthicsCodeItem]:
    """The items of `code` in order, numbered 1.. as the guidance hints count them."""
    cited = Prefetch(
        "citations",
        queryset=RegulationItem.objects.select_related("regulation").only(
            "pk", "number", "title", "regulation__symbol"
        ),
    )
    items = list(code.items.prefetch_related(cited))
    for position, item in enumerate(items, start=1):
        item.position = position
    return items


def _groups(code: EthicsCode, items) -> list[dict]:
    return [
        {
            "value": value,
            "label": label,
            "items": [i for i in items if i.relationship == value],
            "not_applicable": code.not_applicable.get(str(value), ""),
        }
        for value, label in Relationship.choices
    ]


def _own_person(user) -> Person | None:
    return active_person(user)


def _acknowledgement(user, code: EthicsCode | None) -> dict | None:
    """For a person of the code's unit: whether they acknowledged it (None otherwise)."""
    if code is None:
        return None
    person = _own_person(user)
    if person is None or code.unit_id not in (person.workplace_id, person.party_cell_id):
        return None
    return {"done": Acknowledgement.objects.filter(code=code, person=person).first()}


def _refetch(code: EthicsCode) -> EthicsCode:
    return EthicsCode.objects.select_related("unit", "period", "based_on__unit").get(pk=code.pk)


def _keep_input(form, version: int) -> None:
    """After a conflict the typed input stays; the next try is based on the current row."""
    form.data = form.data.copy()
    form.data["version"] = version


# A unit's code ---------------------------------------------------------------------


def _exemplary_choices(unit: Unit):
    codes = EthicsCode.objects.filter(status=CodeStatus.PUBLISHED, exemplary_marks__isnull=False)
    sectors = list(unit.sectors.values_list("pk", flat=True))
    if sectors:
        codes = codes.filter(exemplary_marks__sector__in=sectors)
    return codes.select_related("unit").distinct().order_by("unit__name", "pk")


def _progress(request, user, unit: Unit, code: EthicsCode) -> dict:
    """How many of the unit's people acknowledged `code`, and a page of who has not."""
    people = Person.objects.visible_to(user).filter(is_active=True)
    people = people.filter(Q(workplace=unit) | Q(party_cell=unit))
    done = Acknowledgement.objects.filter(code=code, person=OuterRef("pk"))
    pending = people.filter(~Exists(done)).only("pk", "code", "full_name")
    page = _page(request, pending, param="pending_page")
    total = people.count()
    return {"total": total, "done": total - page.paginator.count, "pending": page}


def _render_unit(request, unit: Unit, *, start_form=None, status=200):
    user = request.user
    period = _period(request)
    in_force = (
        EthicsCode.objects.filter(unit=unit, status=CodeStatus.PUBLISHED)
        .select_related("period")
        .first()
    )
    open_code = EthicsCode.objects.filter(unit=unit, status__in=OPEN_STATUSES).first()
    editor = can_edit(user, unit)
    versions = EthicsCode.objects.filter(unit=unit).order_by("-number")
    context = {
        "unit": unit,
        "trail": _trail(user, unit),
        "period": period,
        "periods": Period.objects.only("pk", "name"),
        "in_force": in_force,
        "groups": _groups(in_force, _items(in_force)) if in_force else [],
        "open_code": open_code,
        "versions": _page(request, versions, param="versions_page"),
        "can_edit": editor,
        "acknowledgement": _acknowledgement(user, in_force),
        "evaluation": CodeEvaluation.objects.filter(unit=unit, period=period).first()
        if period
        else None,
    }
    if editor and in_force:
        context["progress"] = _progress(request, user, unit, in_force)
    if start_form is not None or (editor and open_code is None and period is not None):
        context["start_form"] = start_form or StartCodeForm(
            initial={"period": period}, exemplary=_exemplary_choices(unit)
        )
    return render(request, "standards/unit_codes.html", context, status=status)


@login_required
def unit_codes(request, pk):
    return _render_unit(request, get_unit_for_user(request.user, pk))


@login_required
@require_POST
def code_start(request, pk):
    user = request.user
    unit = get_unit_for_user(user, pk, EDIT_CODE)
    form = StartCodeForm(request.POST, exemplary=_exemplary_choices(unit))
    if not form.is_valid():
        return _render_unit(request, unit, start_form=form, status=400)
    data = form.cleaned_data
    try:
        code = services.start_code(
            by=user,
            unit=unit,
            period=data["period"],
            source=data["source"],
            based_on=data.get("based_on"),
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _render_unit(request, unit, start_form=form, status=_status(error))
    messages.success(request, _("Đã tạo phiên bản %(n)s.") % {"n": code.number})
    return redirect("standards:code", pk=code.pk)


# One version -----------------------------------------------------------------------


def _default_forms(code: EthicsCode, groups, *, editable: bool) -> dict:
    initial = {"version": code.version}
    forms = {}
    if editable:
        for g in groups:
            value = g["value"]
            forms[f"add{value}"] = ItemForm(
                code=code, initial=initial | {"relationship": value}, auto_id=f"add{value}_%s"
            )
            forms[f"na{value}"] = NotApplicableForm(
                initial=initial | {"relationship": value}, auto_id=f"na{value}_%s"
            )
    forms.update(
        submit=VersionForm(initial=initial),
        approve=VersionForm(initial=initial),
        give_back=ReturnForm(initial=initial),
        publish=PublishForm(initial=initial),
        exemplary=ExemplaryForm(),
    )
    return forms


def _previous(code: EthicsCode) -> EthicsCode | None:
    if code.based_on_id and code.based_on.unit_id == code.unit_id:
        return code.based_on
    return EthicsCode.objects.filter(unit=code.unit, number__lt=code.number).first()


def _render_code(request, code: EthicsCode, *, forms=None, error=None, kept="", status=200):
    user = request.user
    unit = code.unit
    items = _items(code)
    groups = _groups(code, items)
    editor = can_edit(user, unit)
    editable = editor and code.is_editable
    approving = code.status == CodeStatus.SUBMITTED and covers_for_approval(user, unit)
    refusal = approval_refusal(user, code) if approving else None
    published = code.status == CodeStatus.PUBLISHED
    marking = published and scope_for(user, MARK_EXEMPLARY).covers_path(unit.path)
    all_forms = _default_forms(code, groups, editable=editable) | (forms or {})
    for g in groups:
        g["add_form"] = all_forms.get(f"add{g['value']}")
        g["na_form"] = all_forms.get(f"na{g['value']}")
    context = {
        "code": code,
        "unit": unit,
        "trail": _trail(user, unit, _version_crumb(code)),
        "groups": groups,
        "item_count": len(items),
        "forms": all_forms,
        "error": error,
        "kept": kept,
        "can_edit": editor,
        "editable": editable,
        "approving": approving and refusal is None,
        "refusal": refusal,
        "hints": hints(code, items) if editable or (approving and refusal is None) else [],
        "limit": code.period.code_item_max_length,
        "previous": _previous(code),
        "acknowledgement": _acknowledgement(user, code) if published else None,
        "in_force": services.current_version(unit.pk)
        if code.status == CodeStatus.SUPERSEDED
        else None,
        "marking": marking,
        "marks": code.exemplary_marks.select_related("sector") if published else [],
    }
    return render(request, "standards/code.html", context, status=status)


@login_required
def code_detail(request, pk):
    return _render_code(request, get_code_for_user(request.user, pk))


def _act(request, code, key, form, action, *, success, anchor=""):
    """On a valid form run `action(cleaned_data)` and go back to the version; else
    render the version again with the form bound and the refusal or conflict."""
    if not form.is_valid():
        message = _("Chưa thực hiện được. Hãy xem các thông báo dưới đây.")
        return _render_code(request, code, forms={key: form}, error=message, status=400)
    try:
        action(form.cleaned_data)
    except ConflictError as error:
        current = _refetch(code)
        _keep_input(form, current.version)
        kept = form.cleaned_data.get("text") or form.cleaned_data.get("reason") or ""
        return _render_code(
            request, current, forms={key: form}, error=error.message, kept=kept, status=409
        )
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        return _render_code(
            request, _refetch(code), forms={key: form}, error=error.message, status=_status(error)
        )
    messages.success(request, success)
    return redirect(reverse("standards:code", args=[code.pk]) + anchor)


def _posted_relationship(request) -> int:
    value = parse_pk(request.POST.get("relationship"))
    return value if value in Relationship.values else 0


@login_required
@require_POST
def item_add(request, pk):
    user = request.user
    code = get_code_for_user(user, pk, EDIT_CODE)
    rel = _posted_relationship(request)
    form = ItemForm(request.POST, code=code, auto_id=f"add{rel}_%s")

    def add(data):
        services.add_item(
            code, by=user, version=data["version"], relationship=data["relationship"],
            text=data["text"],
        )  # fmt: skip

    return _act(
        request, code, f"add{rel}", form, add, success=_("Đã thêm nội dung."), anchor=f"#g{rel}"
    )


def _get_item_for_user(user, pk) -> EthicsCodeItem:
    item = EthicsCodeItem.objects.filter(pk=parse_pk(pk) or 0).first()
    if item is None:
        raise Http404
    item.code = get_code_for_user(user, item.code_id, EDIT_CODE)
    return item


@login_required
def item_edit(request, pk):
    user = request.user
    item = _get_item_for_user(user, pk)
    code = item.code
    initial = {
        "text": item.text,
        "relationship": item.relationship,
        "citations": item.citations.all(),
        "version": code.version,
    }
    form = ItemEditForm(request.POST or None, code=code, initial=initial)
    status, error, current = 200, None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_item(
                item, by=user, version=data["version"], text=data["text"],
                relationship=data["relationship"], citations=[c.pk for c in data["citations"]],
            )  # fmt: skip
        except ConflictError as e:
            current = EthicsCodeItem.objects.filter(pk=item.pk).first()
            _keep_input(form, _refetch(code).version)
            status, error = 409, e.message
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
            status, error = _status(e), e.message
        else:
            messages.success(request, _("Đã lưu nội dung."))
            return redirect(reverse("standards:code", args=[code.pk]) + f"#i{item.pk}")
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "item": item,
        "code": code,
        "unit": code.unit,
        "current": current,
        "error": error,
        "editable": code.is_editable,
        "trail": _trail(
            user,
            code.unit,
            _version_crumb(code),
            (reverse("standards:item_edit", args=[item.pk]), _("Sửa nội dung")),
        ),
    }
    return render(request, "standards/item_form.html", context, status=status)


@login_required
@require_POST
def item_delete(request, pk):
    user = request.user
    item = _get_item_for_user(user, pk)

    def delete(data):
        services.delete_item(item, by=user, version=data["version"])

    return _act(request, item.code, "delete", VersionForm(request.POST), delete,
                success=_("Đã xóa nội dung."))  # fmt: skip


@login_required
@require_POST
def not_applicable(request, pk):
    user = request.user
    code = get_code_for_user(user, pk, EDIT_CODE)
    rel = _posted_relationship(request)
    form = NotApplicableForm(request.POST, auto_id=f"na{rel}_%s")

    def mark(data):
        reason = "" if data["clear"] else data["reason"]
        services.set_not_applicable(
            code, by=user, version=data["version"], relationship=data["relationship"],
            reason=reason,
        )  # fmt: skip

    cleared = request.POST.get("clear") in ("True", "true", "1", "on")
    success = _("Đã bỏ đánh dấu không áp dụng.") if cleared else _("Đã ghi nhóm không áp dụng.")
    return _act(request, code, f"na{rel}", form, mark, success=success, anchor=f"#g{rel}")


@login_required
@require_POST
def code_submit(request, pk):
    user = request.user
    code = get_code_for_user(user, pk, EDIT_CODE)

    def submit(data):
        services.submit_code(code, by=user, version=data["version"])

    return _act(request, code, "submit", VersionForm(request.POST), submit,
                success=_("Đã trình cấp trên phê duyệt."))  # fmt: skip


def _deciding_code(user, pk) -> EthicsCode:
    """A version to approve or return: 403 for those who neither approve above the unit
    nor edit it (an editor is told by the service why they may not approve)."""
    code = get_code_for_user(user, pk)
    if not (covers_for_approval(user, code.unit) or can_edit(user, code.unit)):
        raise PermissionDenied
    return code


@login_required
@require_POST
def code_approve(request, pk):
    user = request.user
    code = _deciding_code(user, pk)

    def approve(data):
        services.approve_code(code, by=user, version=data["version"])

    return _act(request, code, "approve", VersionForm(request.POST), approve,
                success=_("Đã phê duyệt."))  # fmt: skip


@login_required
@require_POST
def code_return(request, pk):
    user = request.user
    code = _deciding_code(user, pk)

    def give_back(data):
        services.return_code(code, by=user, version=data["version"], reason=data["reason"])

    return _act(request, code, "give_back", ReturnForm(request.POST), give_back,
                success=_("Đã trả lại kèm lý do."))  # fmt: skip


@login_required
@require_POST
def code_publish(request, pk):
    user = request.user
    code = get_code_for_user(user, pk, EDIT_CODE)

    def publish(data):
        services.publish_code(
            code, by=user, version=data["version"], effective_from=data["effective_from"]
        )

    return _act(request, code, "publish", PublishForm(request.POST), publish,
                success=_("Đã công bố chuẩn mực."))  # fmt: skip


@login_required
@require_POST
def code_acknowledge(request, pk):
    user = request.user
    code = get_code_for_user(user, pk)
    back = "standards:unit_codes" if request.POST.get("back") == "unit" else "standards:code"
    try:
        services.acknowledge_code(code, by=user)
    except ConflictError as error:  # superseded: show the version in force
        messages.warning(request, error.message)
        if error.current is not None:
            return redirect("standards:code", pk=error.current.pk)
        return redirect("standards:unit_codes", pk=code.unit_id)
    except DomainError as error:
        return _render_code(request, code, error=error.message, status=_status(error))
    messages.success(request, _("Cảm ơn đồng chí đã xác nhận đọc và cam kết thực hiện."))
    return redirect(back, pk=code.unit_id if back == "standards:unit_codes" else code.pk)
