"""The poster routes of the API: binary answers with the same rules as the pages."""

import io

import pytest
from docx import Document

from neuguong.api.tests.helpers import client_for_user

PATHS = ["/files/codes/{id}/poster.pdf", "/files/codes/{id}/poster.docx"]


@pytest.fixture
def api_as(province):
    return lambda persona: client_for_user(province.users[persona])


def test_pdf_comes_as_application_pdf(api_as, code):
    response = api_as("member").get(f"/files/codes/{code.pk}/poster.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'attachment; filename="chuan-muc-hoa-an-thpt-v1.pdf"' in response["Content-Disposition"]


def test_word_file_comes_with_its_content_type_and_opens(api_as, code):
    response = api_as("propaganda").get(f"/files/codes/{code.pk}/poster.docx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Áp dụng từ ngày 05/03/2026" in text


@pytest.mark.parametrize("path", PATHS)
def test_draft_is_a_400_with_the_reason(api_as, draft, path):
    response = api_as("secretary").get(path.format(id=draft.pk))

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Chỉ in được chuẩn mực đã công bố",
        "field": None,
        "code": "not_published",
    }


@pytest.mark.parametrize("path", PATHS)
def test_outsider_gets_404(api_as, code, path):
    response = api_as("outsider").get(path.format(id=code.pk))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("bad_id", ["0", "abc", str(2**63)])
def test_id_out_of_range_is_a_422(api_as, province, bad_id):
    response = api_as("member").get(f"/files/codes/{bad_id}/poster.pdf")

    assert response.status_code == 422
