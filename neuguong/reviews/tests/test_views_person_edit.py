"""The self-review editor and submitting: every point and every approved key task on
one form that works without JS; bad input refused with a message and nothing saved; a
stale save a conflict that keeps the typed input; a refused submit changing nothing."""

import pytest
from django.urls import reverse

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.organisations.models import Post
from neuguong.reviews import services
from neuguong.reviews.models import Review, ReviewStatus, Track

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(province, period):
    return make_plan(
        province.people.member, period, status=PlanStatus.APPROVED, tasks=["Dạy tốt", "Học tốt"]
    )


def start(province, period, unit=None, track=None):
    return services.start_review(
        by=province.users["member"],
        period=period,
        person=province.people.member,
        unit=unit or province.maths,
        track=track,
    )


@pytest.fixture
def review(province, period, plan):
    return start(province, period)


def keys(review) -> dict[str, str]:
    return {t.key_task.title: str(t.task_key) for t in review.tasks.select_related("key_task")}


def complete(review, **changes) -> dict:
    """A whole editor post: every point and task filled, the party self-rating set."""
    data = {
        "version": review.version,
        "editor": "1",
        "shortcomings": "Đôi khi chậm nộp báo cáo.",
        "remedies": "Lập lịch làm việc hằng tuần.",
        "self_level_party": "2",
        "self_score": "85,5",
    }
    for point in review.points.all():
        data[f"point-{point.code}-text"] = f"Nội dung {point.code}"
        data[f"point-{point.code}-level"] = "tot"
    for key in keys(review).values():
        data[f"task-{key}-result"] = "Hoàn thành"
        data[f"task-{key}-level"] = "tot"
        data[f"task-{key}-on_time"] = "on"
        data[f"task-{key}-quality_ok"] = "on"
        data[f"task-{key}-done_percent"] = "100"
    data.update(changes)
    return data


def snapshot(review):
    review.refresh_from_db()
    return (
        review.status,
        review.version,
        review.shortcomings,
        review.self_score,
        sorted(review.points.values_list("code", "text", "self_level")),
        sorted(review.tasks.values_list("result", "self_level")),
    )


def test_the_editor_lists_every_point_and_every_approved_key_task(client_for, review):
    response = client_for("member").get(reverse("reviews:edit", args=[review.pk]))
    html = html_of(response)
    assert response.status_code == 200
    for code in ("politics", "duties", "commitment"):
        assert f'name="point-{code}-text"' in html
        assert f'name="point-{code}-level" value="kem"' in html
    for title, key in keys(review).items():
        assert f"{title}</legend>" in html
        assert f'name="task-{key}-result"' in html and f'name="task-{key}-exceeded"' in html
    # Section VII: the party rating (this track) needed, the staff rating optional.
    assert 'name="self_level_party"' in html and 'name="self_level_staff"' in html
    assert 'Tự xếp loại (đảng viên) <span class="required">(bắt buộc khi nộp)' in html
    assert "(không bắt buộc)" in html
    # QĐ 366 scores out of 100; no NĐ 335 figures here.
    assert 'name="self_score"' in html and 'name="general_score"' not in html
    assert "quality_failures" not in html
    assert 'name="months_worked"' in html and 'name="maternity_leave"' in html
    assert 'name="targets_met_percent"' not in html  # not a leader
    assert f'name="version" value="{review.version}"' in html
    assert f'formaction="{reverse("reviews:submit", args=[review.pk])}"' in html


def test_saving_writes_points_tasks_ratings_and_figures(client_for, review):
    key = keys(review)["Học tốt"]
    data = complete(review, **{f"task-{key}-exceeded": "on", "months_worked": "11"})
    response = client_for("member").post(reverse("reviews:edit", args=[review.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:edit", args=[review.pk])
    review.refresh_from_db()
    assert review.version == 2 and review.status == ReviewStatus.DRAFT
    assert review.shortcomings == "Đôi khi chậm nộp báo cáo."
    assert review.self_level_party == 2 and str(review.self_score) == "85.50"
    assert review.months_worked == 11 and review.self_level_staff is None
    assert review.points.get(code="duties").text == "Nội dung duties"
    assert set(review.points.values_list("self_level", flat=True)) == {"tot"}
    row = review.tasks.get(task_key=key)
    assert (row.result, row.self_level, row.exceeded, row.done_percent) == (
        "Hoàn thành",
        "tot",
        True,
        100,
    )
    # The saved values come back in the form.
    html = html_of(client_for("member").get(reverse("reviews:edit", args=[review.pk])))
    assert "Đôi khi chậm nộp báo cáo." in html and 'value="85,5"' in html
    assert 'name="self_level_party" value="2" id="id_self_level_party_1" checked' in html
    assert 'name="point-duties-level" value="tot" id="id_point-duties-level_1" checked' in html


def test_an_over_long_section_is_refused_and_nothing_is_saved(client_for, review):
    before = snapshot(review)
    data = complete(review, shortcomings="x" * 5001)
    response = client_for("member").post(reverse("reviews:edit", args=[review.pk]), data)
    html = html_of(response)
    assert response.status_code == 400
    assert (
        "“II. Hạn chế, khuyết điểm và nguyên nhân” tối đa 5000 ký tự; đã nhập 5001 ký tự." in html
    )
    assert snapshot(review) == before
    assert "Nội dung politics" in html  # the typed input stays


def test_an_over_long_task_result_is_refused_and_nothing_is_saved(client_for, review):
    before = snapshot(review)
    key = keys(review)["Dạy tốt"]
    data = complete(review, **{f"task-{key}-result": "y" * 5001})
    response = client_for("member").post(reverse("reviews:edit", args=[review.pk]), data)
    assert response.status_code == 400
    assert "“Kết quả thực hiện” tối đa 5000 ký tự" in html_of(response)
    assert snapshot(review) == before


@pytest.mark.parametrize("field", ["point-politics-level", "task-level"])
def test_an_invalid_point_level_is_refused_and_nothing_is_saved(client_for, review, field):
    if field == "task-level":
        field = f"task-{keys(review)['Dạy tốt']}-level"
    before = snapshot(review)
    data = complete(review, **{field: "tuyet_voi"})
    response = client_for("member").post(reverse("reviews:edit", args=[review.pk]), data)
    html = html_of(response)
    assert response.status_code == 400
    assert "Mức tự đánh giá không hợp lệ; chọn Xuất sắc, Tốt, Trung bình hoặc Kém." in html
    assert "Chưa lưu được. Hãy xem các thông báo dưới đây." in html
    assert snapshot(review) == before


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("self_level_party", "9", "Mức xếp loại không hợp lệ; chọn HTXS, HTT, HTNV hoặc KHTNV."),
        ("self_score", "105", "Điểm phải là số từ 0 đến 100."),
        ("self_score", "abc", "Điểm phải là số từ 0 đến 100."),
        ("months_worked", "13", "12"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(client_for, review, field, value, message):
    before = snapshot(review)
    response = client_for("member").post(
        reverse("reviews:edit", args=[review.pk]), complete(review, **{field: value})
    )
    assert response.status_code == 400
    assert message in html_of(response)
    assert snapshot(review) == before


def test_a_stale_save_is_a_conflict_and_keeps_the_typed_input(client_for, province, review):
    stale = complete(review, shortcomings="Nội dung gõ ở thẻ cũ")
    services.save_self_review(
        review, by=province.users["member"], version=1, data={"remedies": "Từ thẻ khác"}
    )
    before = snapshot(review)
    response = client_for("member").post(reverse("reviews:edit", args=[review.pk]), stale)
    html = html_of(response)
    assert response.status_code == 409
    assert "Bản kiểm điểm vừa được người khác thay đổi." in html
    assert "Nội dung gõ ở thẻ cũ" in html  # kept in the form, not saved
    assert 'name="version" value="2"' in html  # the next save overwrites knowingly
    assert snapshot(review) == before
    again = client_for("member").post(
        reverse("reviews:edit", args=[review.pk]), stale | {"version": "2"}
    )
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.shortcomings == "Nội dung gõ ở thẻ cũ"


def test_submit_with_a_key_task_result_missing_names_it_and_changes_nothing(client_for, review):
    before = snapshot(review)
    key = keys(review)["Học tốt"]
    data = complete(review, **{f"task-{key}-result": "", "shortcomings": "Mới gõ"})
    response = client_for("member").post(reverse("reviews:submit", args=[review.pk]), data)
    html = html_of(response)
    assert response.status_code == 400
    assert "Chưa nộp được: bản kiểm điểm còn thiếu những phần dưới đây." in html
    assert (
        "<li>Chưa ghi kết quả thực hiện nhiệm vụ “Học tốt” của kế hoạch đã phê duyệt.</li>" in html
    )
    assert "“Dạy tốt”" not in html.split("Chưa nộp được")[1].split("</ul>")[0]
    # Neither the save nor the submit happened; the typed input stays on the page.
    assert snapshot(review) == before
    assert "Mới gõ" in html and f'name="version" value="{review.version}"' in html


def test_submit_lists_every_missing_part(client_for, review):
    data = {"version": review.version, "editor": "1"}
    response = client_for("member").post(reverse("reviews:submit", args=[review.pk]), data)
    html = html_of(response)
    assert response.status_code == 400
    assert "Chưa tự đánh giá mục “Về thực hiện chức trách, nhiệm vụ được giao”." in html
    assert "Chưa tự xếp loại với tư cách đảng viên." in html
    assert "Chưa tự chấm điểm (thang 100 điểm)." in html
    assert Review.objects.get().status == ReviewStatus.DRAFT


def test_submit_from_the_editor_saves_then_submits(client_for, review):
    response = client_for("member").post(
        reverse("reviews:submit", args=[review.pk]), complete(review)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:detail", args=[review.pk])
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.submitted_at
    assert review.shortcomings == "Đôi khi chậm nộp báo cáo."
    # Once submitted it is no longer edited.
    response = client_for("member").get(reverse("reviews:edit", args=[review.pk]))
    assert response.status_code == 400
    assert "không sửa được nữa" in html_of(response)
    again = client_for("member").post(reverse("reviews:submit", args=[review.pk]), {})
    assert again.status_code == 400
    assert Review.objects.get().version == review.version


def test_submit_from_the_review_page_uses_its_version(client_for, province, review):
    services.save_self_review(
        review, by=province.users["member"], version=1, data=_service_data(review)
    )
    url = reverse("reviews:submit", args=[review.pk])
    stale = client_for("member").post(url, {"version": "1"})
    assert stale.status_code == 409
    assert "Bản kiểm điểm vừa được người khác thay đổi." in html_of(stale)
    assert Review.objects.get().status == ReviewStatus.DRAFT
    missing = client_for("member").post(url, {})
    assert missing.status_code == 400
    assert "Thiếu hoặc sai phiên bản bản ghi" in html_of(missing)
    done = client_for("member").post(url, {"version": "2"})
    assert done.status_code == 302
    assert Review.objects.get().status == ReviewStatus.SUBMITTED


def _service_data(review) -> dict:
    return {
        "points": {p.code: {"text": "Tốt", "level": "tot"} for p in review.points.all()},
        "tasks": {k: {"result": "Xong", "level": "tot"} for k in keys(review).values()},
        "self_level_party": 2,
        "self_score": 85,
    }


def test_a_refused_submit_from_the_review_page_lists_what_is_missing(client_for, review):
    url = reverse("reviews:submit", args=[review.pk])
    response = client_for("member").post(url, {"version": str(review.version)})
    html = html_of(response)
    assert response.status_code == 400
    assert "Chưa ghi kết quả thực hiện nhiệm vụ “Dạy tốt”" in html
    assert "Bản kiểm điểm (Mẫu 2A)" in html  # the review page, with the list
    assert Review.objects.get().status == ReviewStatus.DRAFT


def test_only_the_person_writes_and_submits(client_for, review):
    for persona, status in (("secretary", 403), ("unit_head", 403), ("outsider", 404)):
        client = client_for(persona)
        assert client.get(reverse("reviews:edit", args=[review.pk])).status_code == status
        response = client.post(reverse("reviews:submit", args=[review.pk]), complete(review))
        assert response.status_code == status
    assert Review.objects.get().status == ReviewStatus.DRAFT


def test_without_an_approved_plan_the_page_says_so_plainly(client_for, province, period):
    make_plan(province.people.member, period, status=PlanStatus.SUBMITTED)
    review = start(province, period)
    html = html_of(client_for("member").get(reverse("reviews:edit", args=[review.pk])))
    assert "chưa có kế hoạch cam kết được phê duyệt trong kỳ này" in html
    assert "task-" not in html.split("<form")[1].split("</form>")[0].replace("task-edit", "")
    data = complete(review)
    response = client_for("member").post(reverse("reviews:submit", args=[review.pk]), data)
    assert response.status_code == 302
    assert Review.objects.get().status == ReviewStatus.SUBMITTED


def test_a_plan_approved_after_the_start_appears_in_the_editor(client_for, province, period):
    review = start(province, period)
    assert not review.tasks.exists()
    plan = make_plan(province.people.member, period, status=PlanStatus.APPROVED)
    key = str(plan.tasks.get().key)
    html = html_of(client_for("member").get(reverse("reviews:edit", args=[review.pk])))
    assert f'name="task-{key}-result"' in html
    data = complete(review, **{f"task-{key}-result": "Đã dạy xong", f"task-{key}-level": "tot"})
    client_for("member").post(reverse("reviews:edit", args=[review.pk]), data)
    assert review.tasks.get().result == "Đã dạy xong"


def test_the_workplace_review_under_nd335_asks_for_its_figures(client_for, province, period, plan):
    review = start(province, period, unit=province.school, track=Track.STATE)
    assert review.rule_set.code == "nd335"
    html = html_of(client_for("member").get(reverse("reviews:edit", args=[review.pk])))
    assert 'name="general_score"' in html and 'name="self_score"' not in html
    assert "quality_failures" in html and "late_products" in html
    assert "Tự xếp loại (cán bộ, công chức, viên chức) <span" in html
    key = keys(review)["Dạy tốt"]
    data = complete(
        review,
        self_level_party="",
        self_level_staff="2",
        general_score="28",
        **{f"task-{key}-quality_failures": "1", f"task-{key}-late_products": "2"},
    )
    del data["self_score"]
    response = client_for("member").post(reverse("reviews:submit", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert str(review.general_score) == "28.00" and review.self_level_staff == 2
    row = review.tasks.get(task_key=key)
    assert (row.quality_failures, row.late_products) == (1, 2)
    detail = html_of(client_for("member").get(reverse("reviews:detail", args=[review.pk])))
    assert "Số sản phẩm chậm tiến độ" in detail and "Điểm tiêu chí chung (tối đa 30)" in detail


def test_a_general_score_over_30_is_refused(client_for, province, period, plan):
    review = start(province, period, unit=province.school, track=Track.STATE)
    before = snapshot(review)
    data = complete(review, general_score="31")
    response = client_for("member").post(reverse("reviews:edit", args=[review.pk]), data)
    assert response.status_code == 400
    assert "Điểm phải là số từ 0 đến 30." in html_of(response)
    assert snapshot(review) == before


def test_a_leader_gives_the_share_of_targets_met(client_for, province, period, plan):
    Post.objects.create(
        person=province.people.member, unit=province.school, title="Hiệu trưởng", is_head=True
    )
    review = start(province, period, unit=province.school, track=Track.STATE)
    assert review.form == "2B"
    html = html_of(client_for("member").get(reverse("reviews:edit", args=[review.pk])))
    assert 'name="targets_met_percent"' in html and 'name="point-leadership-text"' in html
    response = client_for("member").post(
        reverse("reviews:edit", args=[review.pk]), complete(review, targets_met_percent="101")
    )
    assert response.status_code == 400
    client_for("member").post(
        reverse("reviews:edit", args=[review.pk]), complete(review, targets_met_percent="45")
    )
    review.refresh_from_db()
    assert review.targets_met_percent == 45


def test_the_secretary_writes_the_cells_collective_report(client_for, province, period):
    review = services.start_collective_review(
        by=province.users["secretary"], period=period, unit=province.maths
    )
    client = client_for("secretary")
    html = html_of(client.get(reverse("reviews:edit", args=[review.pk])))
    assert "Báo cáo kiểm điểm tập thể (Mẫu 01): Chi bộ Tổ Toán" in html
    for code in ("building", "tasks", "code", "commitment"):
        assert f'name="point-{code}-level"' in html
    assert 'name="self_level_party"' in html and 'name="self_level_staff"' not in html
    assert 'name="targets_met_percent"' in html
    data = {"version": review.version, "editor": "1", "self_level_party": "2"}
    data |= {f"point-{c}-level": "tot" for c in ("building", "tasks", "code", "commitment")}
    data |= {"point-building-text": "Chi bộ duy trì sinh hoạt đều đặn.", "self_score": "88"}
    response = client.post(reverse("reviews:submit", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.self_level_party == 2
    detail = html_of(client.get(reverse("reviews:detail", args=[review.pk])))
    assert "Chi bộ duy trì sinh hoạt đều đặn." in detail and "Tập thể tự xếp loại" in detail
    # A member of the cell does not write it.
    assert client_for("member").get(reverse("reviews:edit", args=[review.pk])).status_code == 404
