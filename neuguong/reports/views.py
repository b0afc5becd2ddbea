"""The periodic report pages: the overview (the user's own reports and who below has
sent theirs), one report (header, narrative, figures, consolidation) with its editor,
the confirmation before sending, returning a report, and the Word and Excel files.

Each view parses its input, fetches through reports.access (403 without
`dashboards.view` anywhere, 404 outside its scope or for a period that does not exist,
403 in scope without the right to act), calls a service and redirects (PRG). A refusal
renders the page again with the message and changes nothing. A body larger than
Django's DATA_UPLOAD_MAX_MEMORY_SIZE is answered with the narrative's limits, not a
bare 400.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.formflow import keep_input_after_conflict
from neuguong.exchange.report_documents import default_place, report_docx_response
from neuguong.exchange.report_workbook import report_xlsx_response
from neuguong.organisations.access import active_person
from neuguong.organisations.forms import parse_pk

from . import access, content, services
from .forms import ReportForm
from .overview import Overview

TOO_BIG = 413


def _status(error: DomainError) -> int:
    return {"forbidden": 403, "conflict": 409}.get(error.code, error.status)


def _key(user, unit_pk, kind, year, number, action="view") -> access.ReportKey:
    try:
        return access.get_key_for_user(user, unit_pk, kind, year, number, action)
    except access.BadPeriod:
        raise Http404 from None


def report_url(key: access.ReportKey) -> str:
    return reverse("reports:report", args=key.args)


def _posted(request):
    """The POST data, or None with the message when the body is over Django's limit."""
    try:
        return request.POST, None
    except RequestDataTooBig:
        message = _(
            "Nội dung gửi lên quá lớn nên chưa lưu gì. Mỗi mục tối đa %(section)s ký tự, cả "
            "báo cáo tối đa %(total)s ký tự."
        ) % {
            "section": services.thousands(services.SECTION_MAX),
            "total": services.thousands(services.NARRATIVE_MAX),
        }
        return None, message


# The overview ------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    if not access.can_read_any(user):
        raise PermissionDenied
    overview = Overview.build(user, request.GET, today=timezone.localdate())
    status = 400 if overview.errors else 200
    return render(request, "reports/index.html", {"overview": overview}, status=status)


# One report --------------------------------------------------------------------------------


def _defaults(user, key: access.ReportKey) -> dict:
    """What a new report's header starts with."""
    person = active_person(user)
    parent = key.unit.parent
    recipients = [_("- %(parent)s (để báo cáo);") % {"parent": parent.name}] if parent else []
    return {
        "place": default_place(key.unit),
        "recipients": "\n".join([*recipients, _("- Lưu.")]),
        "signer_name": person.full_name if person else "",
    }


def _form(user, key, report, data=None) -> ReportForm:
    initial = ReportForm.initial_for(report, _defaults(user, key) if report is None else {})
    return ReportForm(data, sections=key.template.section_list(), initial=initial)


def render_report(request, key, *, form=None, error="", conflict=False, status=200):
    user = request.user
    shown = content.build(key)
    editable = access.is_editable(user, key, shown.report)
    if form is None and editable:
        form = _form(user, key, shown.report)
    context = {
        "c": shown,
        "key": key,
        "form": form if editable else None,
        "can_return": access.can_return(user, key.unit) and shown.frozen,
        "error": error,
        "conflict": conflict,
        "not_begun": key.starts_on > timezone.localdate(),
        "section_max": services.thousands(services.SECTION_MAX),
        "narrative_max": services.thousands(services.NARRATIVE_MAX),
    }
    return render(request, "reports/report.html", context, status=status)


def _save(request, key, form):
    """Save the posted editor; (report, None) or (None, refusal for render_report)."""
    if not form.is_valid():
        return None, {"error": _("Chưa lưu được. Hãy xem các thông báo dưới đây."), "status": 400}
    try:
        report = services.save_report(
            key,
            by=request.user,
            version=form.cleaned_data["version"],
            narrative=form.narrative(),
            header=form.header(),
        )
    except ConflictError as error:
        current = error.current.version if error.current else 0
        keep_input_after_conflict(form, current)
        return None, {"error": error.message, "conflict": True, "status": 409}
    except DomainError as error:
        form.place_error(error)
        return None, {"error": error.message, "status": _status(error)}
    return report, None


@login_required
def report(request, unit_pk, kind, year, number):
    user = request.user
    key = _key(user, unit_pk, kind, year, number)
    if request.method != "POST":
        return render_report(request, key)
    if not access.can_write(user, key.unit):
        raise PermissionDenied
    data, too_big = _posted(request)
    if too_big:
        return render_report(request, key, error=too_big, status=TOO_BIG)
    form = _form(user, key, key.report(), data)
    saved, refusal = _save(request, key, form)
    if saved is None:
        return render_report(request, key, form=form, **refusal)
    messages.success(request, _("Đã lưu báo cáo."))
    return redirect(report_url(key))


def _render_confirm(request, key, *, error="", status=200):
    context = {"c": content.build(key), "key": key, "error": error}
    return render(request, "reports/submit.html", context, status=status)


@login_required
def submit(request, unit_pk, kind, year, number):
    """GET or a post from the editor (saved first): what will be sent, and the button
    that sends it; a post with `confirm`: send it."""
    user = request.user
    key = _key(user, unit_pk, kind, year, number, "write")
    if request.method != "POST":
        return _render_confirm(request, key)
    data, too_big = _posted(request)
    if too_big:
        return render_report(request, key, error=too_big, status=TOO_BIG)
    if "confirm" not in data:
        form = _form(user, key, key.report(), data)
        saved, refusal = _save(request, key, form)
        if saved is None:
            return render_report(request, key, form=form, **refusal)
        return _render_confirm(request, key)
    version = parse_pk(data.get("version"))
    if version is None:
        error = _("Thiếu hoặc sai phiên bản báo cáo; hãy mở lại trang.")
        return _render_confirm(request, key, error=error, status=400)
    try:
        report = services.submit_report(key, by=user, version=version)
    except ConflictError as error:
        return render_report(request, key, error=error.message, status=409)
    except DomainError as error:
        return _render_confirm(request, key, error=error.message, status=_status(error))
    done = _("Đã gửi báo cáo lên cấp trên.")
    if report.submitted_late:
        done = _("Đã gửi báo cáo lên cấp trên (sau hạn %(day)s).") % {
            "day": report.due_on.strftime("%d/%m/%Y")
        }
    messages.success(request, done)
    return redirect(report_url(key))


@login_required
@require_POST
def give_back(request, unit_pk, kind, year, number):
    user = request.user
    key = _key(user, unit_pk, kind, year, number, "return")
    data, too_big = _posted(request)
    if too_big:
        return render_report(request, key, error=too_big, status=TOO_BIG)
    try:
        services.return_report(
            key, by=user, reason=data.get("reason", ""), version=parse_pk(data.get("version"))
        )
    except DomainError as error:
        return render_report(request, key, error=error.message, status=_status(error))
    messages.success(request, _("Đã trả lại báo cáo để đơn vị sửa và gửi lại."))
    return redirect(report_url(key))


# Files ---------------------------------------------------------------------------------------


@login_required
def report_docx(request, unit_pk, kind, year, number):
    key = _key(request.user, unit_pk, kind, year, number)
    return report_docx_response(content.build(key))


@login_required
def report_xlsx(request, unit_pk, kind, year, number):
    key = _key(request.user, unit_pk, kind, year, number)
    return report_xlsx_response(content.build(key))
