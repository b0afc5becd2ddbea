"""Downloading a code's poster from the pages: who may, what comes back, and a draft."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from docx import Document

from neuguong.standards.models import CodeStatus, EthicsCode

NAMES = ["exchange:code_poster_pdf", "exchange:code_poster_docx"]


def url(name, code):
    return reverse(name, kwargs={"pk": code.pk})


def test_member_downloads_the_pdf_as_an_attachment_with_a_safe_name(client_for, code):
    response = client_for("member").get(url("exchange:code_poster_pdf", code))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="chuan-muc-hoa-an-thpt-v1.pdf"; ')
    assert disposition.isascii()
    full = unquote(disposition.split("filename*=UTF-8''")[1])
    assert full == "Chuẩn mực đạo đức - Đảng bộ Trường THPT Hòa An - v1.pdf"


def test_secretary_downloads_the_word_file_in_few_queries(
    client_for, code, django_assert_max_num_queries
):
    client = client_for("secretary")

    # Session, user, the access check (roles, scope), the code, its parent unit, its items.
    with django_assert_max_num_queries(14):
        response = client.get(url("exchange:code_poster_docx", code))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="chuan-muc-hoa-an-thpt-v1.docx"' in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Đảng bộ Trường THPT Hòa An" in text and "05/03/2026" in text


def test_poster_stays_vietnamese_for_a_reader_of_the_english_interface(client_for, code):
    client = client_for("member")
    client.cookies["django_language"] = "en"

    response = client.get(url("exchange:code_poster_docx", code))

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "CHUẨN MỰC ĐẠO ĐỨC NGHỀ NGHIỆP, ĐẠO ĐỨC CÔNG VỤ" in text
    assert "I. ĐỐI VỚI ĐẢNG, TỔ QUỐC VÀ NHÂN DÂN" in text


@pytest.mark.parametrize("name", NAMES)
def test_outsider_gets_404(client_for, code, name):
    assert client_for("outsider").get(url(name, code)).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_unknown_code_is_404(client_for, province, name):
    response = client_for("member").get(reverse(name, kwargs={"pk": 999_999}))

    assert response.status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_draft_is_refused_with_the_reason_on_a_400_page(client_for, draft, name):
    response = client_for("secretary").get(url(name, draft))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Chỉ in được chuẩn mực đã công bố" in body
    assert "Content-Disposition" not in response
    assert reverse("standards:code", kwargs={"pk": draft.pk}) in body
    assert EthicsCode.objects.get(pk=draft.pk).status == CodeStatus.DRAFT


@pytest.mark.parametrize("name", NAMES)
def test_signed_out_visitor_is_sent_to_sign_in(client_for, code, name):
    response = client_for(None).get(url(name, code))

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_posting_is_not_allowed(client_for, code):
    response = client_for("member").post(url("exchange:code_poster_pdf", code))

    assert response.status_code == 405
