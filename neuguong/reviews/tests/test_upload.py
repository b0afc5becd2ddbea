"""The rating sheet's round trip: download, fill offline, upload, applied all at once
(the service, the page and the API)."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from neuguong.api.tests.helpers import API
from neuguong.core.models import AuditEntry
from neuguong.core.tokens import create_token
from neuguong.organisations.factories import make_person
from neuguong.reviews import services
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review, ReviewStatus
from neuguong.reviews.sheet_upload import apply_sheet, read_sheet

from .upload_sheets import SCORES, as_upload, download, fill, teachers

pytestmark = pytest.mark.django_db

MATHS = "TT:HOA-AN-THPT-TOAN"


def _levels(reviews) -> list:
    return [Review.objects.get(pk=r.pk).decided_level for r in reviews]


def test_round_trip_decides_every_level_and_writes_the_audit_log(province, period, client_for):
    collective = make_review(None, period, unit=province.maths, proposed=2, score=SCORES[2])
    reviews = teachers(province, period, 4)
    reviews[3].proposed_level = 3
    reviews[3].save()
    codes = [r.person.code for r in reviews]
    client = client_for("unit_head")
    query = f"?period={period.pk}"
    sheet = client.get(reverse("exchange:rating_sheet_xlsx", args=[province.maths.pk]) + query)
    assert sheet.status_code == 200
    filled = fill(
        b"".join(sheet.streaming_content),
        {
            MATHS: {"decided": "HTT"},
            codes[0]: {"decided": "htt"},
            codes[1]: {"decided": "Hoàn thành tốt nhiệm vụ", "note": "Theo biểu quyết"},
            codes[2]: {"decided": "hoan thanh tot nhiem vu"},
            codes[3]: {"decided": "HTNV"},
        },
    )

    url = reverse("reviews:sheet_upload", args=[province.maths.pk]) + query
    response = client.post(url, {"file": as_upload(filled)})

    assert response.status_code == 200, response.content.decode()
    body = response.content.decode()
    assert "Đã áp dụng bảng xếp loại" in body
    assert _levels([collective, *reviews]) == [2, 2, 2, 2, 3]
    assert all(
        r.status == ReviewStatus.DECIDED
        for r in Review.objects.filter(pk__in=[x.pk for x in reviews])
    )
    assert Review.objects.get(pk=reviews[1].pk).decision_note == "Theo biểu quyết"
    assert Review.objects.get(pk=reviews[0].pk).decision_note == ""
    decided = AuditEntry.objects.filter(action="review.decide")
    assert decided.count() == 5
    assert decided.get(object_id=str(reviews[1].pk)).after["note"] == "Theo biểu quyết"
    upload = AuditEntry.objects.get(action="review.sheet_upload")
    assert upload.after["decisions"] == 5 and upload.actor == province.users["unit_head"]


def test_a_sheet_uploaded_again_changes_nothing_more(province, period):
    reviews = teachers(province, period, 2)
    make_review(None, period, unit=province.maths, proposed=2, score=SCORES[2])
    codes = {r.person.code: {"decided": "HTT"} for r in reviews} | {MATHS: {"decided": "HTT"}}
    filled = fill(download(province.maths, period), codes)
    head = province.users["unit_head"]
    apply_sheet(unit=province.maths, period=period, upload=as_upload(filled), by=head)
    entries = AuditEntry.objects.count()

    again = download(province.maths, period)  # now showing the decided levels
    summary = apply_sheet(unit=province.maths, period=period, upload=as_upload(again), by=head)

    assert (summary.rows, summary.decisions, summary.unchanged) == (3, 0, 3)
    assert AuditEntry.objects.count() == entries


def test_secretary_proposes_through_the_sheet(province, period):
    reviews = teachers(province, period, 3, proposed=None, status=ReviewStatus.COMMENTED)
    codes = [r.person.code for r in reviews]
    filled = fill(
        download(province.maths, period),
        {codes[0]: {"proposed": "HTT"}, codes[1]: {"proposed": "Hoàn thành nhiệm vụ"}},
    )

    summary = apply_sheet(
        unit=province.maths,
        period=period,
        upload=as_upload(filled),
        by=province.users["secretary"],
    )

    assert (summary.rows, summary.proposals, summary.decisions) == (3, 2, 0)
    got = [Review.objects.get(pk=r.pk) for r in reviews]
    assert [r.proposed_level for r in got] == [2, 3, None]
    assert [r.status for r in got] == ["proposed", "proposed", "commented"]
    assert AuditEntry.objects.filter(action="review.propose").count() == 2


def test_one_row_may_propose_and_decide(province, period):
    make_review(None, period, unit=province.maths, decided=2, score=SCORES[2])
    (review,) = teachers(province, period, 1, proposed=None, status=ReviewStatus.COMMENTED)
    filled = fill(
        download(province.maths, period),
        {review.person.code: {"proposed": "HTT", "decided": "HTT"}},
    )

    # The admin holds every right (a superuser), as the secretary and the decider at once.
    summary = apply_sheet(
        unit=province.maths, period=period, upload=as_upload(filled), by=province.users["admin"]
    )

    assert (summary.proposals, summary.decisions) == (1, 1)
    review.refresh_from_db()
    assert (review.proposed_level, review.decided_level, review.status) == (2, 2, "decided")


def test_not_rated_is_a_decision(province, period):
    make_review(None, period, unit=province.maths, decided=2, score=SCORES[2])
    (review,) = teachers(province, period, 1)
    review.months_worked = 4
    review.save()
    filled = fill(
        download(province.maths, period), {review.person.code: {"decided": "Không xếp loại"}}
    )

    apply_sheet(
        unit=province.maths,
        period=period,
        upload=as_upload(filled),
        by=province.users["unit_head"],
    )

    review.refresh_from_db()
    assert review.not_rated and review.decided_level is None and review.status == "decided"


def test_a_person_reviewed_twice_at_a_place_is_told_apart_by_track(province, period):
    # A party organisation that is also the person's workplace: two reviews there.
    person = make_person("Lê Hai Nơi", workplace=province.school, party_cell=province.school)
    party = make_review(person, period, score=SCORES[2])
    state = make_review(person, period, unit=province.school, track="state", score=SCORES[2])
    make_review(None, period, unit=province.school, decided=2, score=SCORES[2])
    data = download(province.school, period)
    assert [row.code for row in read_sheet(as_upload(data)).rows].count(person.code) == 2
    book = openpyxl.load_workbook(io.BytesIO(data))
    for row in book["Xếp loại"].iter_rows(min_row=2):
        if row[0].value == person.code and row[3].value.startswith("Xếp loại cán bộ"):
            row[5].value = "HTNV"
    out = io.BytesIO()
    book.save(out)

    apply_sheet(
        unit=province.school,
        period=period,
        upload=as_upload(out.getvalue()),
        by=province.users["unit_head"],
    )

    state.refresh_from_db()
    party.refresh_from_db()
    assert (state.decided_level, party.decided_level) == (3, None)


def test_api_upload_applies_the_sheet(province, period):
    make_review(None, period, unit=province.maths, decided=2, score=SCORES[2])
    (review,) = teachers(province, period, 1)
    filled = fill(download(province.maths, period), {review.person.code: {"decided": "HTT"}})
    _token, raw = create_token(by=province.users["unit_head"], name="t")

    response = Client().post(
        f"{API}/review-files/units/{province.maths.pk}/sheet?period={period.pk}",
        {"file": as_upload(filled)},
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 2, "proposals": 0, "decisions": 1, "unchanged": 1}
    review.refresh_from_db()
    assert review.decided_level == 2


def test_a_reopened_review_shows_no_decision_until_decided_again(province, period):
    make_review(None, period, unit=province.maths, decided=2, score=SCORES[2])
    (review,) = teachers(province, period, 1, decided=2)
    services.reopen_review(review, by=province.users["unit_head"], reason="Có đơn mới")
    data = download(province.maths, period)
    head = province.users["unit_head"]

    unchanged = apply_sheet(unit=province.maths, period=period, upload=as_upload(data), by=head)
    decided = fill(data, {review.person.code: {"decided": "HTNV", "note": "Sau xác minh"}})
    summary = apply_sheet(unit=province.maths, period=period, upload=as_upload(decided), by=head)

    assert (unchanged.decisions, summary.decisions) == (0, 1)
    review.refresh_from_db()
    assert (review.status, review.decided_level, review.decision_note) == (
        "decided",
        3,
        "Sau xác minh",
    )
