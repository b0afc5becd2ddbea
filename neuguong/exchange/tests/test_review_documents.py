"""A review printed as its paper form (Word): the whole flow's content, a collective's
report, and who may print it (pages and API)."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from neuguong.api.tests.helpers import client_for_user
from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import Evidence, PlanStatus
from neuguong.core.models import AuditEntry
from neuguong.exchange import review_documents
from neuguong.organisations.models import Post
from neuguong.reviews import services
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review

pytestmark = pytest.mark.django_db

TASKS = ["Đổi mới phương pháp dạy học môn Toán lớp 12", "Bồi dưỡng học sinh giỏi cấp tỉnh"]
RESULTS = ["Đạt 100% số tiết dạy theo phương pháp mới", "3 học sinh đạt giải cấp tỉnh"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _decided_review(province, period) -> Review:
    """The member's review at Tổ Toán, from the self-review to the decision."""
    member, users = province.people.member, province.users
    member.birth_date = date(1985, 4, 12)
    member.save()
    Post.objects.create(person=member, unit=province.maths, title="Phó bí thư chi bộ")
    plan = make_plan(member, period, status=PlanStatus.APPROVED, tasks=TASKS)
    Evidence.objects.create(
        task=plan.tasks.get(order=1), file="evidence/none.pdf", name="giao-an.pdf", kind="pdf",
        size=1, sha256="0" * 64,
    )  # fmt: skip
    review = services.start_review(
        by=users["member"], period=period, person=member, unit=province.maths
    )
    keys = [str(t.task_key) for t in review.tasks.order_by("order")]
    points = {c.code: {"text": f"Nội dung {c.code}", "level": "tot"} for c in review.points.all()}
    data = {
        "shortcomings": "Đôi khi chậm nộp báo cáo tháng.",
        "earlier_fixes": "Đã khắc phục việc chậm vào điểm.",
        "explanations": "Không có vấn đề được gợi ý.",
        "collective_share": "Chịu trách nhiệm một phần về phong trào chung.",
        "remedies": "Lập kế hoạch công việc hằng tuần.",
        "points": points,
        "tasks": {k: {"result": r, "level": "tot", "exceeded": i == 1}
                  for i, (k, r) in enumerate(zip(keys, RESULTS, strict=True))},
        "self_level_party": "HTT",
        "self_level_staff": "HTT",
        "self_score": "86",
    }  # fmt: skip
    review = services.save_self_review(
        review, by=users["member"], version=review.version, data=data
    )
    review = services.submit_review(review, by=users["member"], version=review.version)
    meeting = services.record_meeting(
        by=users["secretary"], period=period, unit=province.maths, held_on=date(2026, 12, 10),
        attendance_total=12, attendance_present=11, chaired_by="Trần Thị Bình",
    )  # fmt: skip
    review = services.record_comments(
        review, by=users["secretary"], version=review.version, meeting=meeting,
        comments="Nhiệt tình, trách nhiệm.", votes={2: 10, 3: 1},
    )  # fmt: skip
    review = services.propose_level(
        review, by=users["secretary"], version=review.version, level="HTT", score="86",
        assessment="Hoàn thành tốt nhiệm vụ được giao.",
    )  # fmt: skip
    return services.decide_level(review, by=users["unit_head"], level=2, note="Theo đề xuất")


def test_word_file_opens_and_holds_every_commitment_title_and_result(province, period):
    review = _decided_review(province, period)

    text = docx_text(review_documents.review_docx(review))

    for title in TASKS:
        assert title in text
    for result in RESULTS:
        assert result in text
    assert "Minh chứng: giao-an.pdf" in text
    assert "Vượt chỉ tiêu: Có" in text


def test_word_file_follows_the_paper_form(province, period):
    review = _decided_review(province, period)
    review.decided_at = timezone.make_aware(datetime(2026, 12, 20, 9, 0))
    review.save()

    text = docx_text(review_documents.review_docx(review))

    assert "Mẫu 2A" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ TRƯỜNG THPT HÒA AN" in text and "CHI BỘ TỔ TOÁN" in text
    assert "Hòa An, ngày" in text
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN" in text and "Năm 2026" in text
    assert "Họ và tên: Nguyễn Văn An" in text
    assert "Ngày sinh: 12/04/1985" in text
    assert "Chức vụ Đảng: Phó bí thư chi bộ, Chi bộ Tổ Toán" in text
    assert "Đơn vị công tác: Đảng bộ Trường THPT Hòa An" in text
    assert "Chi bộ: Chi bộ Tổ Toán" in text
    headings = [
        "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC",
        "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
        "III. KẾT QUẢ KHẮC PHỤC",
        "IV. GIẢI TRÌNH",
        "V. LÀM RÕ TRÁCH NHIỆM",
        "VI. PHƯƠNG HƯỚNG, BIỆN PHÁP",
        "VII. TỰ NHẬN MỨC XẾP LOẠI",
        "Ý KIẾN GÓP Ý CỦA TẬP THỂ",
        "NHẬN XÉT, ĐÁNH GIÁ VÀ ĐỀ XUẤT",
        "QUYẾT ĐỊNH XẾP LOẠI",
        "NGƯỜI TỰ KIỂM ĐIỂM",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert text.count("Tự đánh giá: Tốt") == 3  # each point of form 2A
    assert "Đôi khi chậm nộp báo cáo tháng." in text
    assert "Là cán bộ, công chức, viên chức: Hoàn thành tốt nhiệm vụ (HTT)" in text
    assert "Là đảng viên: Hoàn thành tốt nhiệm vụ (HTT)" in text
    assert "Điểm tự chấm: 86/100" in text
    assert "Chức vụ chính quyền: ……………………" in text  # no post outside the party
    assert "có mặt 11/12 người" in text
    assert "HTXS: 0; HTT: 10; HTNV: 1; KHTNV: 0" in text
    assert "Mức đề xuất: Hoàn thành tốt nhiệm vụ (HTT)" in text
    assert "Mức xếp loại: Hoàn thành tốt nhiệm vụ (HTT)" in text
    assert "Cấp quyết định: Lê Đức Dũng, ngày 20/12/2026" in text
    assert "XÁC NHẬN CỦA CHI BỘ" in text
    doc = Document(io.BytesIO(review_documents.review_docx(review)))
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_a_review_not_yet_decided_says_which_step_it_is_at(province, period):
    review = make_review(province.people.member, period, proposed=None, status="draft")

    text = docx_text(review_documents.review_docx(review))

    assert "Bản đang ở bước: Đang tự kiểm điểm" in text
    assert "(Chưa họp góp ý)" in text
    assert "(Chưa quyết định)" in text
    assert "(Kế hoạch chưa có nhiệm vụ trọng tâm được phê duyệt)" in text


def test_a_collective_prints_as_its_report_form_01(province, period):
    review = make_review(None, period, unit=province.maths, decided=2, score=Decimal(85))

    text = docx_text(review_documents.review_docx(review))

    assert "Mẫu 01" in text
    assert "BÁO CÁO KIỂM ĐIỂM TẬP THỂ CHI BỘ TỔ TOÁN" in text
    assert "Tập thể: Chi bộ Tổ Toán" in text
    assert "Cấp trên trực tiếp: Đảng bộ Trường THPT Hòa An" in text
    assert "ĐẠI DIỆN TẬP THỂ" in text and "XÁC NHẬN CỦA CẤP TRÊN" in text


def test_a_state_track_review_carries_the_state_header(province, period):
    review = make_review(province.people.member, period, unit=province.school, track="state")

    text = docx_text(review_documents.review_docx(review))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" in text


# Who may print it -------------------------------------------------------------------------


def test_page_download_is_a_word_attachment_for_a_reader(province, period, client_for):
    review = make_review(province.people.member, period)
    url = reverse("exchange:review_docx", args=[review.pk])

    response = client_for("secretary").get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert 'filename="kiem-diem-' in response["Content-Disposition"]
    assert "Nguy%E1%BB%85n%20V%C4%83n%20An" in response["Content-Disposition"]
    assert "Nguyễn Văn An" in docx_text(response.content)
    assert client_for("member").get(url).status_code == 200  # their own
    assert client_for("outsider").get(url).status_code == 404
    assert not AuditEntry.objects.filter(object_id=str(review.pk)).exists()


def test_api_download_follows_the_same_scope(province, period):
    review = make_review(province.people.member, period)
    path = f"/review-files/{review.pk}.docx"

    ok = client_for_user(province.users["supervisor"]).get(path)
    gone = client_for_user(province.users["outsider"]).get(path)

    assert ok.status_code == 200 and ok["Content-Type"] == DOCX
    assert "Nguyễn Văn An" in docx_text(ok.content)
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"
