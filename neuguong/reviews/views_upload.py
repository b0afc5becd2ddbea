"""The rating sheet filled offline and uploaded back (sheet_upload.py does the work).

GET shows the form and what the sheet must hold; POST applies the sheet, all or
nothing, and shows either the summary or every bad row (400, nothing changed). The unit
must be visible with `reviews.view` (404 outside, 403 without it), and the uploader must
assess or decide there (403 otherwise). A body larger than the sheet's limit is refused
before it is read.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from neuguong.core.access import VIEW_REVIEWS
from neuguong.core.errors import DomainError
from neuguong.exchange.review_workbook import rating_period
from neuguong.exchange.sheet_reader import MAX_BYTES, RowError
from neuguong.organisations.access import get_unit_for_user

from .sheet_upload import MAX_ROWS, ROW_MARGIN, SheetRefused, apply_sheet, can_upload

# Room for the multipart envelope around the file.
BODY_SLACK = 64 * 1024


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bảng xếp loại đã điền (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": gettext_lazy("Hãy chọn tệp bảng xếp loại."),
            "missing": gettext_lazy("Hãy chọn tệp bảng xếp loại."),
            "invalid": gettext_lazy("Tệp gửi lên không hợp lệ; hãy chọn lại."),
            "empty": gettext_lazy("Tệp đã chọn rỗng."),
        },
    )


def _render(request, unit, period, *, form, status=200, errors=None, summary=None):
    context = {
        "unit": unit,
        "period": period,
        "form": form,
        "errors": errors or [],
        "summary": summary,
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": f"{MAX_ROWS:,}".replace(",", "."),
        "margin": ROW_MARGIN,
    }
    return render(request, "reviews/upload.html", context, status=status)


def _too_big(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > MAX_BYTES + BODY_SLACK


@login_required
@require_http_methods(["GET", "POST"])
def sheet_upload(request, unit_pk):
    user = request.user
    unit = get_unit_for_user(user, unit_pk, VIEW_REVIEWS)
    if not can_upload(user, unit):
        raise PermissionDenied
    try:
        period = rating_period(request.GET.get("period"))
    except DomainError as exc:
        form = SheetUploadForm()
        return _render(
            request, unit, None, form=form, status=400, errors=[RowError(None, exc.message)]
        )
    if request.method == "GET":
        return _render(request, unit, period, form=SheetUploadForm())
    if _too_big(request):
        # Refused before Django reads the body (request.FILES is never touched).
        message = _("Tệp quá lớn; bảng xếp loại tối đa %(mb)s MB.") % {"mb": MAX_BYTES // 1048576}
        return _render(
            request, unit, period, form=SheetUploadForm(), status=400,
            errors=[RowError(None, message)],
        )  # fmt: skip
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, unit, period, form=form, status=400)
    try:
        summary = apply_sheet(unit=unit, period=period, upload=form.cleaned_data["file"], by=user)
    except SheetRefused as exc:
        return _render(request, unit, period, form=SheetUploadForm(), status=400, errors=exc.errors)
    except DomainError as exc:
        status = 403 if exc.code == "forbidden" else 400
        errors = [RowError(None, str(exc.message))]
        return _render(request, unit, period, form=SheetUploadForm(), status=status, errors=errors)
    return _render(request, unit, period, form=SheetUploadForm(), summary=summary)
