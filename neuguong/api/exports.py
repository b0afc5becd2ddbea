"""Files built from the records: the ethics-code posters (A4 PDF and Word), a
commitment plan as a Word file and a unit's plans as an Excel workbook.

The same access helpers and builders as the pages: a code or plan outside the caller's
scope is a 404, a code version not yet published a 400 ("Chỉ in được chuẩn mực đã công
bố"); a unit's workbook needs `plans.view` on the unit (403 without it anywhere).
"""

from typing import Annotated

from ninja import Field, Path, Query, Router, Schema

from neuguong.commitments.access import get_plan_for_user
from neuguong.exchange.plan_documents import plan_docx_response
from neuguong.exchange.plan_workbook import (
    XLSX_TYPE,
    export_period,
    export_unit,
    plans_xlsx_response,
)
from neuguong.exchange.posters import DOCX_TYPE, PDF_TYPE, poster_response
from neuguong.organisations.access import MAX_PK
from neuguong.standards.access import get_code_for_user

from .common import READ_ERRORS
from .schemas import ErrorOut

router = Router(tags=["Tệp xuất"])

CodeId = Annotated[int, Path(ge=1, le=MAX_PK)]
PlanId = Annotated[int, Path(ge=1, le=MAX_PK)]
ERRORS = {400: ErrorOut, **READ_ERRORS}


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
    "/codes/{code_id}/poster.pdf",
    response=ERRORS,
    summary="Bản in chuẩn mực đạo đức (PDF, A4)",
    openapi_extra=_binary(PDF_TYPE, "Tệp PDF khổ A4 để niêm yết tại nơi làm việc"),
)
def code_poster_pdf(request, code_id: CodeId):
    return poster_response(get_code_for_user(request.auth, code_id), "pdf")


@router.get(
    "/codes/{code_id}/poster.docx",
    response=ERRORS,
    summary="Bản in chuẩn mực đạo đức (Word)",
    openapi_extra=_binary(DOCX_TYPE, "Tệp Word (.docx) khổ A4"),
)
def code_poster_docx(request, code_id: CodeId):
    return poster_response(get_code_for_user(request.auth, code_id), "docx")


@router.get(
    "/plans/{plan_id}/plan.docx",
    response=ERRORS,
    summary="Kế hoạch cam kết (Word, theo mẫu)",
    openapi_extra=_binary(DOCX_TYPE, "Tệp Word (.docx) khổ A4 theo mẫu kế hoạch cam kết"),
)
def plan_docx(request, plan_id: PlanId):
    return plan_docx_response(get_plan_for_user(request.auth, plan_id))


class PlansExportFilters(Schema):
    unit: int | None = Field(
        None, ge=1, le=MAX_PK, description="Đơn vị; mặc định là đơn vị cao nhất được xem"
    )
    period: int | None = Field(None, ge=1, le=MAX_PK, description="Kỳ; mặc định là kỳ hiện tại")


@router.get(
    "/plans.xlsx",
    response=ERRORS,
    summary="Danh sách kế hoạch cam kết của một đơn vị (Excel)",
    openapi_extra=_binary(XLSX_TYPE, "Tệp Excel: trang “Kế hoạch” và trang “Nhiệm vụ”"),
)
def plans_xlsx(request, filters: Query[PlansExportFilters]):
    unit = export_unit(request.auth, filters.unit)
    return plans_xlsx_response(unit, export_period(filters.period))
