"""The upload page and the API route: who may upload, the form, the refusals shown
(400, nothing changed) and the summary."""

import pytest
from django.test import Client
from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.core.tokens import create_token
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review

from .upload_sheets import SCORES, as_upload, download, fill, teachers

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(province, period):
    collective = make_review(None, period, unit=province.maths, proposed=2, score=SCORES[2])
    return [collective, *teachers(province, period, 2)]


def _url(province, period) -> str:
    return reverse("reviews:sheet_upload", args=[province.maths.pk]) + f"?period={period.pk}"


def _unchanged(before_entries: int) -> bool:
    return (
        not Review.objects.filter(decided_level__isnull=False).exists()
        and AuditEntry.objects.count() == before_entries
    )


def test_form_explains_the_sheet_and_links_the_download(province, period, client_for, cell):
    response = client_for("secretary").get(_url(province, period))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert '<label for="id_file">' in body
    assert reverse("exchange:rating_sheet_xlsx", args=[province.maths.pk]) in body
    assert "Không xếp loại" in body and "HTXS, HTT, HTNV, KHTNV" in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [("supervisor", 403), ("inspection", 403), ("member", 403), ("outsider", 404)],
)
def test_only_assessors_and_deciders_of_the_unit_upload(
    province, period, client_for, cell, persona, status
):
    assert client_for(persona).get(_url(province, period)).status_code == status


def test_a_bad_sheet_lists_every_bad_row_and_changes_nothing(province, period, client_for, cell):
    codes = [r.person.code for r in cell[1:]]
    data = fill(
        download(province.maths, period),
        {codes[0]: {"decided": "Xuất sắc lắm"}, codes[1]: {"decided": "HTT"}},
        extra=[["KHONG-CO-AI", "", "", "", "", "HTT"]],
    )
    entries = AuditEntry.objects.count()

    response = client_for("unit_head").post(_url(province, period), {"file": as_upload(data)})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa áp dụng: không dòng nào được thay đổi" in body
    assert "<caption>Các dòng không hợp lệ</caption>" in body
    assert "<td>3</td><td>Mức quyết định “Xuất sắc lắm” không hợp lệ" in body
    assert "<td>5</td><td>Không có cán bộ, đảng viên nào mã “KHONG-CO-AI”.</td>" in body
    assert _unchanged(entries)


def test_a_good_sheet_shows_the_summary(province, period, client_for, cell):
    codes = {r.person.code: {"decided": "HTT"} for r in cell[1:]}
    data = fill(
        download(province.maths, period), codes | {"TT:HOA-AN-THPT-TOAN": {"decided": "HTT"}}
    )

    response = client_for("unit_head").post(_url(province, period), {"file": as_upload(data)})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Đã áp dụng bảng xếp loại" in body
    assert "<dt>Mức quyết định đã ghi</dt><dd>3</dd>" in body


def test_a_post_without_a_file_asks_for_one(province, period, client_for, cell):
    entries = AuditEntry.objects.count()

    response = client_for("unit_head").post(_url(province, period), {})

    assert response.status_code == 400
    assert "Hãy chọn tệp bảng xếp loại." in response.content.decode()
    assert _unchanged(entries)


def test_a_body_over_the_limit_is_refused_before_it_is_read(province, period, client_for, cell):
    client = client_for("unit_head")
    big = as_upload(b"PK\x03\x04" + b"0" * (6 * 1024 * 1024))

    response = client.post(_url(province, period), {"file": big})

    assert response.status_code == 400
    assert "Tệp quá lớn; bảng xếp loại tối đa 5 MB." in response.content.decode()


def test_an_unknown_period_is_a_clear_400(province, client_for, cell):
    url = reverse("reviews:sheet_upload", args=[province.maths.pk]) + "?period=999999"

    response = client_for("unit_head").get(url)

    assert response.status_code == 400
    assert "Không tìm thấy kỳ thực hiện “999999”" in response.content.decode()


# The API ------------------------------------------------------------------------------------


def _api(province, persona: str) -> Client:
    _token, raw = create_token(by=province.users[persona], name="t")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _api_url(province, period) -> str:
    return f"/api/v1/review-files/units/{province.maths.pk}/sheet?period={period.pk}"


def test_api_refusal_lists_every_bad_row(province, period, cell):
    data = fill(download(province.maths, period), {cell[1].person.code: {"decided": "HTTT"}})
    client = _api(province, "unit_head")  # making the token is audited
    entries = AuditEntry.objects.count()

    response = client.post(_api_url(province, period), {"file": as_upload(data)})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_sheet" and body["field"] == "file"
    assert [e["row"] for e in body["errors"]] == [3]
    assert body["errors"][0]["message"].startswith("Mức quyết định “HTTT” không hợp lệ")
    assert _unchanged(entries)


def test_api_without_a_file_is_a_400_after_the_access_checks(province, period, cell):
    head = _api(province, "unit_head").post(_api_url(province, period))
    supervisor = _api(province, "supervisor").post(_api_url(province, period))
    outsider = _api(province, "outsider").post(_api_url(province, period))

    assert head.status_code == 400 and head.json()["errors"][0]["row"] is None
    assert supervisor.status_code == 403 and supervisor.json()["code"] == "forbidden"
    assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"
