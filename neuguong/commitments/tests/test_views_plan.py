"""The plan pages as each persona sees them: my plan, one plan, the versions compared,
and the home card; each with a bounded number of queries."""

from datetime import date

import pytest

from neuguong.commitments import services
from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import CommitmentPlan, CopyFlag, PlanStatus
from neuguong.organisations.factories import make_person, make_user
from neuguong.regulations.models import Regulation, RegulationItem
from neuguong.standards.factories import make_code
from neuguong.standards.models import CodeStatus

from .plan_pages import url


@pytest.fixture
def member_user(province):
    return province.users["member"]


@pytest.fixture
def draft(province, period):
    return make_plan(province.people.member, period)


@pytest.fixture
def approved(province, period):
    plan = make_plan(province.people.member, period, status=PlanStatus.APPROVED)
    plan.decided_at = plan.submitted_at
    plan.save()
    return plan


# My plan ---------------------------------------------------------------------------


def test_my_plan_explains_and_offers_to_start_when_there_is_none(
    client_for, period, django_assert_max_num_queries
):
    client = client_for("member")
    with django_assert_max_num_queries(15):
        response = client.get(url("my_plan"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bắt đầu lập kế hoạch" in page
    assert "giải pháp cụ thể" in page


def test_starting_my_plan_opens_its_editor(client_for, province, period):
    response = client_for("member").post(url("plan_start"), {"period": period.pk})
    plan = CommitmentPlan.objects.get(person=province.people.member)
    assert response.status_code == 302
    assert response["Location"] == url("plan_edit", plan.pk)
    assert (plan.unit, plan.status) == (province.maths, PlanStatus.DRAFT)


def test_starting_a_second_plan_is_refused_with_a_message(client_for, province, draft, period):
    response = client_for("member").post(url("plan_start"), {"period": period.pk})
    assert response.status_code == 409
    assert "Đã có kế hoạch kỳ này" in response.content.decode()
    assert CommitmentPlan.objects.count() == 1


def test_my_plan_shows_the_editor_of_a_draft(client_for, draft, django_assert_max_num_queries):
    client = client_for("member")
    with django_assert_max_num_queries(25):
        response = client.get(url("my_plan"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="task-0-title"' in page and "Nộp kế hoạch để phê duyệt" in page
    assert "Hoàn thành chương trình giảng dạy đúng hạn" in page


def test_my_plan_shows_a_submitted_plan_read_only(client_for, province, period):
    make_plan(province.people.member, period, status=PlanStatus.SUBMITTED)
    page = client_for("member").get(url("my_plan")).content.decode()
    assert "Chờ phê duyệt" in page
    assert 'name="task-0-title"' not in page


def test_my_plan_shows_an_approved_plan_with_progress_and_amendment(client_for, approved):
    page = client_for("member").get(url("my_plan")).content.decode()
    assert "Đã phê duyệt" in page
    assert "Cập nhật tiến độ" in page and f'action="/plans/{approved.pk}/amend/"' in page


def test_my_plan_tells_a_user_without_a_person_record(client_for, period):
    response = client_for("supervisor").get(url("my_plan"))
    assert response.status_code == 200
    assert "chưa gắn với hồ sơ cán bộ" in response.content.decode()


def test_my_plan_lists_the_plans_of_other_periods(client_for, province, period, draft):
    from neuguong.regulations.models import Period

    earlier = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    make_plan(province.people.member, earlier, status=PlanStatus.APPROVED)
    page = client_for("member").get(url("my_plan")).content.decode()
    assert "Kế hoạch các kỳ khác" in page and "Năm 2025" in page
    chosen = client_for("member").get(url("my_plan") + f"?period={earlier.pk}")
    assert "Đã phê duyệt" in chosen.content.decode()


# One plan -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("secretary", 200),
        ("unit_head", 200),
        ("org_officer", 200),
        ("outsider", 404),
        ("propaganda", 404),
    ],
)
def test_the_plan_page_answers_by_scope(
    client_for, draft, persona, status, django_assert_max_num_queries
):
    client = client_for(persona)
    with django_assert_max_num_queries(22):
        response = client.get(url("plan", draft.pk))
    assert response.status_code == status


def test_the_plan_page_shows_the_header_and_every_section(client_for, province, period):
    from neuguong.organisations.models import Post

    member = province.people.member
    Post.objects.create(person=member, unit=province.school, title="Tổ trưởng chuyên môn")
    plan = make_plan(member, period, status=PlanStatus.SUBMITTED, deadline=date(2026, 5, 31))
    plan.theme_study = "Đọc và làm theo chuyên đề năm."
    plan.save()
    page = client_for("secretary").get(url("plan", plan.pk)).content.decode()
    for text in (
        "Năm 2026",
        "Nguyễn Văn An",
        "Tổ trưởng chuyên môn",
        "Đảng bộ Trường THPT Hòa An",
        "Chi bộ Tổ Toán",
        "Kiên định lập trường",
        "Lập lịch làm việc hằng tuần",
        "31/05/2026",
        "Đọc và làm theo chuyên đề năm.",
        "Xem xét, phê duyệt",
    ):
        assert text in page, text


def test_a_late_plan_carries_the_late_badge(client_for, province, period):
    plan = make_plan(province.people.member, period, status=PlanStatus.SUBMITTED)
    CommitmentPlan.objects.filter(pk=plan.pk).update(is_late=True)
    assert "Nộp sau hạn" in client_for("secretary").get(url("plan", plan.pk)).content.decode()


def test_a_returned_plan_shows_the_reason(client_for, province, period):
    plan = make_plan(province.people.member, period, status=PlanStatus.RETURNED)
    CommitmentPlan.objects.filter(pk=plan.pk).update(return_reason="Thiếu chỉ tiêu cụ thể.")
    page = client_for("member").get(url("plan", plan.pk)).content.decode()
    assert "Thiếu chỉ tiêu cụ thể." in page


def _copied(province, period):
    """The secretary's plan copies a task of a colleague's (in the same workplace)."""
    text = "Soạn đề kiểm tra chung cho khối 10 và chấm chéo giữa các lớp"
    colleague = make_person("Lý Thị Cúc", workplace=province.school, party_cell=province.maths)
    theirs = make_plan(colleague, period, status=PlanStatus.SUBMITTED, tasks=[text])
    services.flag_copies(theirs, list(theirs.tasks.prefetch_related("solutions")))
    mine = make_plan(province.people.member, period, status=PlanStatus.SUBMITTED, tasks=[text])
    flags = services.flag_copies(mine, list(mine.tasks.prefetch_related("solutions")))
    assert flags, "the copy should be flagged"
    return mine, colleague


def test_copy_flags_show_both_texts_and_the_name_to_who_may_read_the_other_plan(
    client_for, province, period
):
    mine, colleague = _copied(province, period)
    page = client_for("secretary").get(url("plan", mine.pk)).content.decode()
    assert "Nhiệm vụ gần trùng nội dung" in page
    assert colleague.full_name in page


def test_copy_flags_hide_the_name_from_who_may_not_read_the_other_plan(
    client_for, province, period
):
    mine, _colleague = _copied(province, period)
    # In the province every viewer of one plan of a unit sees the others, so the rule is
    # checked on the helper: a viewer without access to the colleague's plan.
    from neuguong.commitments.views import _copy_flags

    viewer = make_user("nguoixem")
    make_person("Người Xem", workplace=province.school, user=viewer)
    flag = CopyFlag.objects.get(plan=mine)
    [hidden] = _copy_flags(viewer, mine)
    assert not hidden.other_visible
    [shown] = _copy_flags(province.users["secretary"], mine)
    assert shown.other_visible and shown.pk == flag.pk


def test_the_writer_does_not_see_colleagues_flagged_texts(client_for, province, period):
    mine, colleague = _copied(province, period)
    page = client_for("member").get(url("plan", mine.pk)).content.decode()
    assert colleague.full_name not in page


# Ethics choices in the editor ------------------------------------------------------


def test_the_editor_offers_the_published_code_and_qd144(client_for, province, draft):
    code = make_code(province.school, period=draft.period, status=CodeStatus.PUBLISHED)
    regulation = Regulation.objects.create(
        symbol="144-QĐ/TW", title="Chuẩn mực đạo đức cách mạng", issued_on=date(2023, 5, 9)
    )
    RegulationItem.objects.create(regulation=regulation, number="Chuẩn mực 1", title="Trung thành")
    page = client_for("member").get(url("plan_edit", draft.pk)).content.decode()
    item = code.items.first()
    assert f'name="code_items" value="{item.pk}"' in page
    assert "Chuẩn mực 1: Trung thành" in page


# Comparing versions -----------------------------------------------------------------


def test_compare_pairs_tasks_by_key_with_text_labels(
    client_for, province, approved, django_assert_max_num_queries
):
    member = province.users["member"]
    new = services.amend_plan(approved, by=member, reason="Thêm nhiệm vụ được giao giữa năm")
    task = new.tasks.get()
    services.save_plan(
        new,
        by=member,
        version=new.version,
        tasks=[
            {
                "key": str(task.key),
                "title": "Hoàn thành chương trình giảng dạy trước hạn",
                "deadline": "2026-12-31",
                "solutions": ["Lập lịch làm việc hằng tuần"],
            },
            {
                "title": "Bồi dưỡng học sinh giỏi",
                "deadline": "2026-11-30",
                "solutions": ["Dạy thêm"],
            },
        ],
    )
    client = client_for("secretary")
    with django_assert_max_num_queries(22):
        response = client.get(url("plan_compare", new.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "So sánh phiên bản 1 và 2" in page
    assert "Sửa đổi" in page and "Thêm mới" in page
    assert page.count("code-change--changed") >= 1


def test_compare_of_a_first_version_says_so(client_for, draft):
    page = client_for("member").get(url("plan_compare", draft.pk)).content.decode()
    assert "Đây là phiên bản đầu tiên" in page


# The home card ----------------------------------------------------------------------


def test_the_home_page_shows_my_plan_status(client_for, draft):
    page = client_for("member").get("/").content.decode()
    assert "Kế hoạch cam kết Năm 2026" in page and "Đang soạn" in page
    assert url("my_plan") in page


# Markup ---------------------------------------------------------------------------


def _ids_and_labels(page: str):
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        ids, fors, fields, h1 = [], set(), [], 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "id" in attrs:
                self.ids.append(attrs["id"])
            if tag == "label":
                self.fors.add(attrs.get("for"))
            if tag == "h1":
                self.h1 += 1
            hidden = attrs.get("type") in ("hidden", "submit")
            if tag in ("input", "textarea", "select") and not hidden:
                self.fields.append(attrs.get("id"))

    parser = Collect()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.APPROVED])
def test_every_field_is_labelled_and_ids_are_unique(client_for, province, period, status):
    plan = make_plan(province.people.member, period, status=status, tasks=["A", "B"])
    for page_url in (url("my_plan"), url("plan", plan.pk), url("plan_compare", plan.pk)):
        parsed = _ids_and_labels(client_for("member").get(page_url).content.decode())
        assert len(parsed.ids) == len(set(parsed.ids)), page_url
        assert parsed.h1 == 1
        unlabelled = [f for f in parsed.fields if f not in parsed.fors]
        assert unlabelled == [], (page_url, unlabelled)
