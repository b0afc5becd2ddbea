"""Files built from the records: the ethics-code posters (A4 PDF and Word).

The same access helper and builder as the pages: a code outside the caller's scope is a
404, a version not yet published a 400 ("Chỉ in được chuẩn mực đã công bố").
"""

from typing import Annotated

from ninja import Path, Router

from neuguong.exchange.posters import DOCX_TYPE, PDF_TYPE, poster_response
from neuguong.organisations.access import MAX_PK
from neuguong.standards.access import get_code_for_user

from .common import READ_ERRORS
from .schemas import ErrorOut

router = Router(tags=["Tệp xuất"])

CodeId = Annotated[int, Path(ge=1, le=MAX_PK)]
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
