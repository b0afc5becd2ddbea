"""Files of reviews under /api/v1/review-files: a review as its paper form (Word), a
unit's rating list and rating sheet (Excel), and the filled sheet uploaded back.

The same builders, access helpers and service as the pages:
- a review outside the caller's view scope is a 404 (reviews.access.get_review_for_user);
- a unit's files need `reviews.view` on it (404 outside the caller's units, 403 without
  it); the upload needs `reviews.assess` or `reviews.decide` there too (403);
- the upload is all or nothing (reviews.sheet_upload.apply_sheet): 200 with the
  summary, or 400 with `errors: [{row, message}]` naming every bad row (row null for
  the file as a whole), nothing changed. A request without a file (field "file" of a
  multipart body) is a 400 "bad_sheet", after the access checks.

For the API access matrix (CALLERS order: anonymous, member, secretary, unit_head,
supervisor, org_officer, inspection, admin, outsider, propaganda), with Tổ Toán and a
teacher's review there (not the member's own):
- GET /{id}.docx: 401 404 200 200 200 200 200 200 404 404;
- GET /units/{id}/ratings.xlsx and sheet.xlsx: 401 403 200 200 200 200 200 200 404 403;
- POST /units/{id}/sheet needs a multipart body the matrix cannot send: on Tổ Toán the
  uploaders (secretary, unit_head, org_officer, admin) get 400 "bad_sheet" (no file),
  the others 401 403 . . 403 . 403 . 404 403; reviews/tests/test_upload_views.py tests
  both, with a file and without.
"""

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Query, Router, Schema, Status, UploadedFile

from neuguong.core.access import VIEW_REVIEWS
from neuguong.exchange.plan_workbook import XLSX_TYPE
from neuguong.exchange.posters import DOCX_TYPE
from neuguong.exchange.review_documents import review_docx_response
from neuguong.exchange.review_workbook import (
    rating_list_response,
    rating_period,
    rating_sheet_response,
    rating_unit,
)
from neuguong.exchange.sheet_reader import RowError, SheetRefused
from neuguong.organisations.access import MAX_PK, get_unit_for_user
from neuguong.reviews.access import get_review_for_user
from neuguong.reviews.sheet_upload import apply_sheet, can_upload

from .common import READ_ERRORS
from .schemas import ErrorOut

router = Router(tags=["Kiểm điểm, xếp loại"])

Pk = Annotated[int, Path(ge=1, le=MAX_PK)]
ERRORS = {400: ErrorOut, **READ_ERRORS}


class PeriodQuery(Schema):
    period: int | None = Field(None, ge=1, le=MAX_PK, description="Kỳ; mặc định là kỳ hiện tại")


class RowErrorOut(Schema):
    row: int | None = Field(description="Số dòng trong trang “Xếp loại”; null: cả tệp")
    message: str


class SheetRefusedOut(ErrorOut):
    errors: list[RowErrorOut]


class SheetSummaryOut(Schema):
    rows: int = Field(description="Số dòng đã đọc")
    proposals: int = Field(description="Số mức đề xuất đã ghi")
    decisions: int = Field(description="Số mức quyết định đã ghi")
    unchanged: int = Field(description="Số dòng giữ nguyên")


def _binary(content_type: str, what: str) -> dict:
    return {
        "responses": {
            200: {
                "description": what,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@router.get(
    "/{review_id}.docx",
    response=ERRORS,
    summary="Bản kiểm điểm (Word, theo mẫu)",
    openapi_extra=_binary(DOCX_TYPE, "Tệp Word (.docx) khổ A4 theo mẫu bản kiểm điểm"),
)
def review_docx(request, review_id: Pk):
    return review_docx_response(get_review_for_user(request.auth, review_id))


@router.get(
    "/units/{unit_id}/ratings.xlsx",
    response=ERRORS,
    summary="Danh sách xếp loại của một đơn vị (Excel)",
    openapi_extra=_binary(XLSX_TYPE, "Trang “Danh sách xếp loại” và trang “Tổng hợp”"),
)
def rating_list_xlsx(request, unit_id: Pk, query: Query[PeriodQuery]):
    unit = rating_unit(request.auth, unit_id)
    return rating_list_response(unit, rating_period(query.period))


@router.get(
    "/units/{unit_id}/sheet.xlsx",
    response=ERRORS,
    summary="Bảng xếp loại để điền rồi tải lên (Excel)",
    openapi_extra=_binary(XLSX_TYPE, "Trang “Xếp loại” (để điền) và trang “Thông tin”"),
)
def rating_sheet_xlsx(request, unit_id: Pk, query: Query[PeriodQuery]):
    unit = rating_unit(request.auth, unit_id)
    return rating_sheet_response(unit, rating_period(query.period))


@router.post(
    "/units/{unit_id}/sheet",
    response={200: SheetSummaryOut, 400: SheetRefusedOut, **READ_ERRORS},
    summary="Tải lên bảng xếp loại đã điền (áp dụng tất cả hoặc không dòng nào)",
)
def upload_sheet(request, unit_id: Pk, query: Query[PeriodQuery], file: File[UploadedFile] = None):
    user = request.auth
    unit = get_unit_for_user(user, unit_id, VIEW_REVIEWS)
    if not can_upload(user, unit):
        raise PermissionDenied
    period = rating_period(query.period)
    try:
        if file is None:
            message = _("Hãy gửi tệp bảng xếp loại (trường “file” của biểu mẫu multipart).")
            raise SheetRefused([RowError(None, message)])
        summary = apply_sheet(unit=unit, period=period, upload=file, by=user)
    except SheetRefused as exc:
        return Status(
            400,
            {
                "detail": str(exc.message),
                "field": "file",
                "code": exc.code,
                "errors": [{"row": e.row, "message": e.message} for e in exc.errors],
            },
        )
    return summary
