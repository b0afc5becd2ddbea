"""The regulations routes in the API access matrix: everyone signed in reads; only
the propaganda officer and the admin (programme.manage on the root) change."""

from datetime import date

from neuguong.regulations.models import Period

from .helpers import make_item, make_regulation

READ = "401 200 200 200 200 200 200 200 200 200"


def manage(ok: int) -> str:
    return f"401 403 403 403 403 403 403 {ok} 403 {ok}"


def _regulation(p):
    return make_regulation("144-QĐ/TW").pk


def _item(p):
    return make_item(make_regulation("37-QĐ/TW"), "Điều 2", "Nói trái quan điểm").pk


def _period(p):
    return p.period.pk


def _closed_period(p):
    closed = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), is_open=False
    )
    return closed.pk


REGULATION = {
    "symbol": "04-QĐ/TU",
    "kind": "quy_dinh",
    "issuing_body": "Tỉnh ủy",
    "title": "Về đạo đức, lối sống",
}
PERIOD = {"name": "Năm 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"}

ROUTES = [
    ("GET", "/regulations", {}, None, READ),
    ("POST", "/regulations", {}, lambda p: REGULATION, manage(201)),
    ("GET", "/regulations/{regulation_id}", {"regulation_id": _regulation}, None, READ),
    (
        "PATCH",
        "/regulations/{regulation_id}",
        {"regulation_id": _regulation},
        lambda p: {"version": 1, "title": "Chuẩn mực đạo đức cách mạng"},
        manage(200),
    ),
    (
        "POST",
        "/regulations/{regulation_id}/replace",
        {"regulation_id": _regulation},
        lambda p: {"version": 1, "replaced_by": make_regulation("99-QĐ/TW").pk},
        manage(200),
    ),
    (
        "POST",
        "/regulations/{regulation_id}/items",
        {"regulation_id": _regulation},
        lambda p: {"number": "Chuẩn mực 1", "title": "Trung thành với Đảng"},
        manage(201),
    ),
    (
        "PATCH",
        "/regulations/items/{item_id}",
        {"item_id": _item},
        lambda p: {"title": "Nói, viết trái quan điểm"},
        manage(200),
    ),
    ("DELETE", "/regulations/items/{item_id}", {"item_id": _item}, None, manage(204)),
    ("GET", "/regulations/periods", {}, None, READ),
    ("POST", "/regulations/periods", {}, lambda p: PERIOD, manage(201)),
    ("GET", "/regulations/periods/{period_id}", {"period_id": _period}, None, READ),
    (
        "PATCH",
        "/regulations/periods/{period_id}",
        {"period_id": _period},
        lambda p: {"version": 1, "term_theme": "Toàn khóa"},
        manage(200),
    ),
    ("POST", "/regulations/periods/{period_id}/close", {"period_id": _period}, None, manage(200)),
    (
        "POST",
        "/regulations/periods/{period_id}/open",
        {"period_id": _closed_period},
        None,
        manage(200),
    ),
]
