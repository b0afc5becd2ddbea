"""The regulations the programme rests on, as data, and an idempotent loader.

DOMAIN.md §1 part 1 names them; /work/shared/reference/domain-sources.md §2 gives the
details. Titles of items are short and neutral summaries, not the legal text: officers
complete or correct them in the library, and `load_library()` never overwrites what
they changed. Only the numbering of QĐ 37's articles 1–5, 9, 14 and 19 was checked
against a public source; the others follow the structure of QĐ 47-QĐ/TW (2011), which
QĐ 37 replaced article for article, and are for officers to confirm.
"""

from datetime import date

from django.db import transaction

from neuguong.core.text import fold

from .models import Regulation, RegulationItem, RegulationKind, RegulationStatus

CC = "Ban Chấp hành Trung ương"
POLITBURO = "Bộ Chính trị"
PROVINCE = "Tỉnh ủy Quảng Ninh"

QD37_ARTICLES = [
    "Nói, viết, làm trái Cương lĩnh, Điều lệ Đảng, nghị quyết của Đảng; làm những việc "
    "pháp luật không cho phép",
    "Vi phạm nguyên tắc tổ chức và hoạt động của Đảng; tự ứng cử khi chưa được tổ chức đảng đồng ý",
    "Phủ nhận chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; không nêu gương; chủ nghĩa cá "
    "nhân, “tư duy nhiệm kỳ”",
    "Làm lộ, làm mất bí mật của Đảng, Nhà nước; tàng trữ, phát tán tài liệu trái đường lối",
    "Viết, đưa, cung cấp thông tin, tài liệu sai sự thật, vu khống",
    "Lập, tham gia hội, nhóm, tổ chức trái phép; tụ tập đông người, biểu tình trái pháp luật",
    "Khiếu nại, tố cáo sai sự thật; viết, ký đơn tố cáo giấu tên, mạo tên",
    "Trù dập, trả thù người khiếu nại, tố cáo, phê bình; bao che, cản trở kiểm tra, giám sát",
    "Kê khai không trung thực lý lịch, tài sản; dùng văn bằng giả; vi phạm quy định về quốc "
    "tịch, tài sản ở nước ngoài",
    "Lợi dụng chức vụ, quyền hạn trong công tác cán bộ; chạy chức, chạy quyền",
    "Can thiệp, tác động trái quy định vào việc giải quyết vụ án, vụ việc",
    "Tạo điều kiện cho vợ, chồng, con, người thân lợi dụng chức vụ, quyền hạn của mình",
    "Kinh doanh, hoạt động nghề nghiệp, góp vốn trái quy định của Đảng, pháp luật",
    "Tham ô, tham nhũng, nhận hối lộ, rửa tiền; cho vay nặng lãi",
    "Gây lãng phí, thất thoát tài sản, ngân sách của Nhà nước",
    "Đánh bạc, sử dụng ma túy, say rượu, bia và các tệ nạn xã hội khác",
    "Tổ chức cưới, tang, lễ hội xa hoa, lãng phí hoặc để trục lợi",
    "Vi phạm quy định về hôn nhân, gia đình và chính sách dân số",
    "Hoạt động mê tín dị đoan; tham gia đạo lạ, tôn giáo trái phép; lợi dụng tôn giáo để trục lợi",
]

# domain-sources.md §2, as published (QĐ 144-QĐ/TW, Điều 2).
QD144_STANDARDS = [
    "Yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, Tổ quốc",
    "Bản lĩnh, đổi mới, sáng tạo, hội nhập",
    "Cần, kiệm, liêm, chính, chí công vô tư",
    "Đoàn kết, kỷ cương, tình thương, trách nhiệm",
    "Gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời",
]

LIBRARY: list[dict] = [
    {
        "symbol": "37-QĐ/TW",
        "kind": RegulationKind.QUY_DINH,
        "issuing_body": CC,
        "issued_on": date(2021, 10, 25),
        "title": "Về những điều đảng viên không được làm",
        "items": [(f"Điều {n}", t) for n, t in enumerate(QD37_ARTICLES, start=1)],
    },
    {
        "symbol": "144-QĐ/TW",
        "kind": RegulationKind.QUY_DINH,
        "issuing_body": POLITBURO,
        "issued_on": date(2024, 5, 9),
        "title": "Về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        "items": [(f"Chuẩn mực {n}", t) for n, t in enumerate(QD144_STANDARDS, start=1)],
    },
    {
        "symbol": "08-QĐi/TW",
        "kind": RegulationKind.QUY_DINH,
        "issuing_body": CC,
        "issued_on": date(2018, 10, 25),
        "title": "Về trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ "
        "Chính trị, Ủy viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương",
        "items": [
            ("Điều 2", "Nội dung nêu gương: 8 nội dung phải gương mẫu đi đầu"),
            ("Điều 3", "Kiên quyết đấu tranh với 8 biểu hiện tiêu cực"),
            ("Điều 4", "Chức vụ càng cao càng phải gương mẫu; từ chức khi không đủ uy tín"),
        ],
    },
    {
        "symbol": "04-QĐ/TU",
        "kind": RegulationKind.QUY_DINH,
        "issuing_body": PROVINCE,
        "issued_on": date(2017, 6, 7),
        "title": "Về chuẩn mực đạo đức, lối sống của cán bộ, đảng viên, công chức, viên chức "
        "tỉnh Quảng Ninh",
        "items": [
            ("Phần 1", "Nhận thức, bản lĩnh chính trị"),
            (
                "Phần 2",
                "Trách nhiệm trong công việc; không “chạy chức, chạy quyền, chạy tội, chạy "
                "bằng cấp, chạy thi đua”",
            ),
            ("Phần 3", "Đạo đức, lối sống, tác phong, giao tiếp"),
        ],
    },
    {
        "symbol": "06-QĐ/TU",
        "kind": RegulationKind.QUY_DINH,
        "issuing_body": PROVINCE,
        "issued_on": date(2017, 8, 4),
        "title": "Về tiếp nhận, xử lý phản ánh, tố cáo về tham nhũng, suy thoái tư tưởng "
        "chính trị, đạo đức, lối sống của cán bộ, đảng viên",
        "items": [
            ("Kênh tiếp nhận", "Công khai hộp thư, thư điện tử, điện thoại chuyên dùng"),
            ("Thời hạn", "Phản ánh qua trang thông tin điện tử được xử lý trong 5 ngày"),
        ],
    },
    {
        "symbol": "366-QĐ/TW",
        "kind": RegulationKind.QUY_DINH,
        "issuing_body": POLITBURO,
        "issued_on": date(2025, 8, 30),
        "title": "Về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá "
        "nhân trong hệ thống chính trị",
        "items": [],
    },
    {
        "symbol": "124-QĐ/TW",
        "kind": RegulationKind.QUY_DINH,
        "issuing_body": POLITBURO,
        "issued_on": date(2023, 10, 4),
        "title": "Về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá "
        "nhân trong hệ thống chính trị",
        "status": RegulationStatus.REPLACED,
        "replaced_by": "366-QĐ/TW",
        "items": [],
    },
]

# The programme periods link these (DOMAIN.md §1 part 1).
PROGRAMME_SYMBOLS = ("37-QĐ/TW", "144-QĐ/TW", "08-QĐi/TW", "04-QĐ/TU", "06-QĐ/TU")


def folded_symbol(symbol: str) -> str:
    """The library's key, as Regulation.save() computes it."""
    return fold(symbol).replace(" ", "")


@transaction.atomic
def load_library() -> dict[str, int]:
    """Create the regulations of LIBRARY that are missing, with their items.

    A regulation already in the database (same folded symbol) is left exactly as it is,
    items included: officers' edits and deletions stand. Returns the counts created.
    """
    existing = set(Regulation.objects.values_list("symbol_folded", flat=True))
    created: dict[str, Regulation] = {}
    items = []
    for entry in LIBRARY:
        if folded_symbol(entry["symbol"]) in existing:
            continue
        target = entry.get("replaced_by")
        regulation = Regulation(
            symbol=entry["symbol"],
            kind=entry["kind"],
            issuing_body=entry["issuing_body"],
            issued_on=entry["issued_on"],
            title=entry["title"],
            status=entry.get("status", RegulationStatus.IN_FORCE),
            replaced_by=Regulation.objects.filter(symbol_folded=folded_symbol(target)).first()
            if target
            else None,
        )
        regulation.save()
        created[entry["symbol"]] = regulation
        items += [
            RegulationItem(regulation=regulation, number=number, title=title, order=order)
            for order, (number, title) in enumerate(entry["items"], start=1)
        ]
    RegulationItem.objects.bulk_create(items)
    return {"regulations": len(created), "items": len(items)}
