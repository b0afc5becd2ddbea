"""The periodic reports API (/api/v1/reports): the overview, one report, writing,
submitting (twice: 409), returning, the files, and bad input (a clear message,
nothing changed)."""

import pytest

from neuguong.api.tests.helpers import client_for_user
from neuguong.dashboards import tally

from ..factories import at, make_report
from ..models import Report, ReportStatus

pytestmark = pytest.mark.django_db
MATHS = "/reports/units/{pk}/monthly/2026/10"


@pytest.fixture
def api(province):
    return lambda persona: client_for_user(province.users[persona])


def path(unit, suffix=""):
    return MATHS.format(pk=unit.pk) + suffix


def body(version=0, **extra):
    return {
        "version": version,
        "narrative": {"tinh_hinh": "Ổn định."},
        "signer_name": "Bình",
    } | extra


def test_the_overview_names_who_below_has_sent(province, period, api):
    make_report(province.school, submitted_at=at(2026, 11, 2), figures={"units": 2})
    make_report(province.dong)
    data = api("unit_head").get("/reports", kind="monthly", year=2026, number=10).json()
    assert data["unit"]["id"] == province.hoa_an.pk
    assert data["due_on"] == "2026-11-05"
    assert data["report"] == data["report"] | {"id": None, "status": "not_started"}
    states = {c["name"]: (c["state"], c["figures"]) for c in data["children"]}
    assert states["Đảng bộ Trường THPT Hòa An"] == ("on_time", {"units": 2})
    assert states["Chi bộ Thôn Đông"] == ("draft", None)
    assert data["counts"]["submitted"] == 1 and data["counts"]["total"] == 2
    other = api("unit_head").get("/reports", unit=province.khu3.pk)
    assert other.status_code == 404


def test_a_report_not_started_is_read_with_its_live_figures(province, period, api):
    data = api("secretary").get(path(province.maths)).json()
    assert data["id"] is None and data["status"] == "not_started" and data["version"] == 0
    assert data["caller_may_write"] is True and data["frozen"] is False
    live = tally.figures(province.maths, period)
    assert {f["counter"]: f["value"] for f in data["figures"]} == {
        f["counter"]: live[f["counter"]] for f in data["figures"]
    }
    assert [s["key"] for s in data["sections"]][:2] == ["tinh_hinh", "ket_qua"]
    assert data["programme_period"]["id"] == period.pk


def test_put_writes_the_whole_report_and_patch_only_what_is_sent(province, period, api):
    client = api("secretary")
    created = client.call("PUT", path(province.maths), body(symbol="12-BC/CB"))
    assert created.status_code == 200, created.content
    assert created.json()["version"] == 1 and created.json()["symbol"] == "12-BC/CB"
    patched = client.patch(path(province.maths), {"version": 1, "place": "Hòa An"})
    data = patched.json()
    assert data["place"] == "Hòa An" and data["symbol"] == "12-BC/CB" and data["version"] == 2
    assert {s["key"]: s["text"] for s in data["sections"]}["tinh_hinh"] == "Ổn định."
    replaced = client.call("PUT", path(province.maths), {"version": 2, "signed_on": "2026-11-04"})
    data = replaced.json()
    assert data["symbol"] == "" and data["signed_on"] == "2026-11-04"
    assert all(s["text"] == "" for s in data["sections"])


def test_a_stale_version_is_a_409_and_changes_nothing(province, period, api):
    make_report(province.maths)
    response = api("secretary").call("PUT", path(province.maths), body(version=0))
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Report.objects.get().version == 1


def test_a_one_megabyte_narrative_is_refused_stating_the_limit(province, period, api):
    make_report(province.maths)
    huge = body(version=1, narrative={"ket_qua": "a" * 1_048_576})
    response = api("secretary").patch(path(province.maths), huge)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "tối đa 20.000 ký tự" in detail and "1.048.576" in detail
    report = Report.objects.get()
    assert report.version == 1 and report.narrative == {"tinh_hinh": "Ổn định."}


@pytest.mark.parametrize(
    ("url", "payload", "status", "words"),
    [
        (MATHS, {"version": 0, "narrative": {"khac": "x"}}, 400, "không có mục “khac”"),
        (MATHS, {"version": 0, "symbol": "1" * 61}, 400, "tối đa 60 ký tự"),
        (MATHS, {"version": "0"}, 422, None),
        (MATHS, {"version": 0, "status": "submitted"}, 422, None),
        (MATHS, {"version": 0, "signed_on": "05/11/2026"}, 422, None),
        (MATHS, {"version": 0, "symbol": "a\x00b"}, 422, None),
        ("/reports/units/{pk}/quarterly/2026/5", {"version": 0}, 404, "Quý phải từ 1 đến 4"),
        ("/reports/units/{pk}/weekly/2026/1", {"version": 0}, 422, None),
        ("/reports/units/{pk}/monthly/1999/1", {"version": 0}, 422, None),
        ("/reports/units/{pk}/monthly/2026/13", {"version": 0}, 422, None),
    ],
)
def test_bad_input_gets_a_clear_answer_and_changes_nothing(
    province, period, api, url, payload, status, words
):
    response = api("secretary").call("PUT", url.format(pk=province.maths.pk), payload)
    assert response.status_code == status, response.content
    if words:
        assert words in response.json()["detail"]
    assert not Report.objects.exists()


def test_a_report_submitted_twice_is_a_409_and_nothing_is_duplicated(province, period, api):
    client = api("secretary")
    client.call("PUT", path(province.maths), body())
    sent = client.post(path(province.maths, "/submit"), {"version": 1})
    assert sent.status_code == 200
    data = sent.json()
    assert data["status"] == "submitted" and data["frozen"] is True
    live = tally.figures(province.maths, period)
    assert all(f["value"] == live[f["counter"]] for f in data["figures"])
    again = client.post(path(province.maths, "/submit"), {"version": data["version"]})
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert "Báo cáo này đã được gửi lúc" in again.json()["detail"]
    assert Report.objects.count() == 1
    report = Report.objects.get()
    assert report.version == data["version"] and report.status == ReportStatus.SUBMITTED


def test_the_level_above_returns_a_report(province, period, api):
    make_report(province.maths, submitted_at=at(2026, 11, 2))
    refused = api("unit_head").post(path(province.maths, "/return"), {"reason": " "})
    assert refused.status_code == 400 and "lý do" in refused.json()["detail"]
    forbidden = api("secretary").post(path(province.maths, "/return"), {"reason": "Sửa."})
    assert forbidden.status_code == 403
    assert Report.objects.get().status == ReportStatus.SUBMITTED
    done = api("unit_head").post(path(province.maths, "/return"), {"reason": "Sửa số liệu."})
    assert done.status_code == 200
    assert done.json()["status"] == "draft" and done.json()["return_reason"] == "Sửa số liệu."


def test_the_files_are_served(province, period, api):
    client = api("supervisor")
    word = client.get(path(province.maths, "/report.docx"))
    assert word.status_code == 200 and word["Content-Type"].endswith("wordprocessingml.document")
    excel = client.get(path(province.maths, "/report.xlsx"))
    assert excel.status_code == 200 and excel["Content-Type"].endswith("spreadsheetml.sheet")


@pytest.mark.parametrize("pk", [999_999, 2**63 - 1, 0, -1, 2**63, "abc", "1.5"])
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH"])
def test_unknown_or_malformed_units_are_refused_and_change_nothing(
    province, period, api, method, pk
):
    payload = body() if method != "GET" else None
    response = api("org_officer").call(method, MATHS.format(pk=pk), payload)
    expected = (404,) if isinstance(pk, int) and 0 < pk < 2**63 else (404, 422)
    assert response.status_code in expected, response.content
    assert not Report.objects.exists()
