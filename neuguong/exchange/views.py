"""Downloads of files built from the system's records: the ethics-code posters.

Each view fetches through the access helpers (404 outside the user's scope) and hands
the record to the builder; a refusal (a draft code) is a 400 page with the reason.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neuguong.core.errors import DomainError
from neuguong.standards.access import get_code_for_user

from .posters import poster_response


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
