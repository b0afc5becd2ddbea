import pytest

from .helpers import make_item, make_regulation


@pytest.fixture
def library(db):
    """QĐ 144 with two standards, QĐ 37 with one article, and the replaced QĐ 124."""
    qd144 = make_regulation("144-QĐ/TW", title="Chuẩn mực đạo đức cách mạng của cán bộ")
    qd37 = make_regulation("37-QĐ/TW", title="Những điều đảng viên không được làm")
    qd366 = make_regulation("366-QĐ/TW", title="Kiểm điểm, đánh giá, xếp loại chất lượng")
    qd124 = make_regulation("124-QĐ/TW", title="Kiểm điểm và đánh giá (cũ)")
    qd124.status, qd124.replaced_by = "replaced", qd366
    qd124.save()
    return type(
        "Library",
        (),
        {
            "qd144": qd144,
            "qd37": qd37,
            "qd366": qd366,
            "qd124": qd124,
            "loyal": make_item(qd144, "Chuẩn mực 1", "Trung thành với Đảng", order=1),
            "honest": make_item(qd144, "Chuẩn mực 2", "Cần, kiệm, liêm, chính", order=2),
            "art2": make_item(qd37, "Điều 2", "Nói, viết, làm trái quan điểm của Đảng"),
        },
    )
