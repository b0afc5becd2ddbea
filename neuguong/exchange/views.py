"""Downloads of files built from the system's records: the ethics-code posters, a
review as its paper form (Word) and a unit's rating list and rating sheet (Excel).

Each view fetches through the access helpers (404 outside the user's scope) and hands
the record to the builder; a refusal (a draft code) is a 400 page with the reason.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neuguong.core.errors import DomainError
from neuguong.reviews.access import get_review_for_user
from neuguong.standards.access import get_code_for_user

from .posters import poster_response
from .review_documents import review_docx_response
from .review_workbook import (
    rating_list_response,
    rating_period,
    rating_sheet_response,
    rating_unit,
)


def _poster(request, pk, ext: str):
    code = get_code_for_user(request.user, pk)
    try:
        return poster_response(code, ext)
    except DomainError as exc:
        context = {"code": code, "message": exc.message}
        return render(request, "exchange/poster_refused.html", context, status=400)


@login_required
@require_GET
def code_poster_pdf(request, pk):
    return _poster(request, pk, "pdf")


@login_required
@require_GET
def code_poster_docx(request, pk):
    return _poster(request, pk, "docx")


# Reviews: a review as Word, a unit's rating list and rating sheet as Excel -------------


@login_required
@require_GET
def review_docx(request, pk):
    return review_docx_response(get_review_for_user(request.user, pk))


def _unit_workbook(request, unit_pk, respond):
    unit = rating_unit(request.user, unit_pk)
    try:
        period = rating_period(request.GET.get("period"))
    except DomainError as exc:
        context = {"unit": unit, "message": exc.message}
        return render(request, "exchange/export_refused.html", context, status=400)
    return respond(unit, period)


@login_required
@require_GET
def rating_list_xlsx(request, unit_pk):
    return _unit_workbook(request, unit_pk, rating_list_response)


@login_required
@require_GET
def rating_sheet_xlsx(request, unit_pk):
    return _unit_workbook(request, unit_pk, rating_sheet_response)
