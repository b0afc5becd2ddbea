"""Files of commitment plans: a plan as a Word file, a unit's plans as Excel, and the
download of an evidence file. The builders live in exchange/plan_documents.py and plan_workbook.py.

Each view fetches through the access helpers: a plan (or evidence of a plan) the user
may not view does not exist (404); a unit's workbook needs `plans.view` on the unit.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neuguong.core.errors import DomainError
from neuguong.exchange.plan_documents import evidence_response, plan_docx_response
from neuguong.exchange.plan_workbook import export_period, export_unit, plans_xlsx_response
from neuguong.organisations.access import _valid_pk

from .access import get_plan_for_user
from .models import Evidence


@login_required
@require_GET
def plan_docx(request, pk):
    return plan_docx_response(get_plan_for_user(request.user, pk))


@login_required
@require_GET
def plans_xlsx(request):
    unit = export_unit(request.user, request.GET.get("unit"))
    try:
        period = export_period(request.GET.get("period"))
    except DomainError as exc:
        context = {"unit": unit, "message": exc.message}
        return render(request, "exchange/export_refused.html", context, status=400)
    return plans_xlsx_response(unit, period)


def get_evidence_for_user(user, pk) -> Evidence:
    """The evidence file if the user may view its plan; 404 otherwise."""
    evidence = Evidence.objects.filter(pk=_valid_pk(pk)).select_related("task").first()
    if evidence is None:
        raise Http404
    get_plan_for_user(user, evidence.task.plan_id)
    return evidence


@login_required
@require_GET
def evidence_file(request, pk):
    return evidence_response(get_evidence_for_user(request.user, pk))
