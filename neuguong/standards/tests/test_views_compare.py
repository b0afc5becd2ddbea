"""Two versions of a unit's code side by side."""

from django.urls import reverse

from neuguong.standards import services

from .access_rows import code_with_items
from .test_views_unit_codes import publish


def url(name, *args):
    return reverse(f"standards:{name}", args=args)


def two_versions(province, period):
    secretary = province.users["secretary"]
    old = publish(code_with_items(province.maths, period, by=secretary), province, period,
                  editor="secretary")  # fmt: skip
    new = services.start_code(by=secretary, unit=province.maths, period=period, source="previous")
    items = {i.relationship: i for i in new.items.all()}
    services.update_item(
        items[1], by=secretary, version=None, text="Không phát ngôn trái quan điểm."
    )
    services.delete_item(items[2], by=secretary, version=None)
    services.add_item(new, by=secretary, version=None, relationship=2, text="Đến họp đúng giờ.")
    return old, new


def test_compare_defaults_to_the_previous_version_and_labels_each_change(
    client_for, province, period, django_assert_max_num_queries
):
    _old, new = two_versions(province, period)
    client = client_for("member")
    with django_assert_max_num_queries(20):
        response = client.get(url("code_compare", new.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "so sánh phiên bản 1 và 2" in body
    assert body.count("code-change--added") == 1 and "+ Thêm mới" in body
    assert body.count("code-change--changed") == 1 and "± Sửa đổi" in body
    assert body.count("code-change--removed") == 1 and "− Bỏ" in body
    assert body.count("code-change--same") == 3 and "Giữ nguyên" in body
    assert "<ins>Không phát ngôn trái quan điểm.</ins>" in body


def test_compare_with_a_chosen_version_of_the_same_unit(client_for, province, period):
    old, new = two_versions(province, period)
    response = client_for("member").get(url("code_compare", old.pk) + f"?with={new.pk}")
    assert response.status_code == 200
    assert "so sánh phiên bản 1 và 2" in response.content.decode()


def test_compare_with_another_units_version_is_404(client_for, province, period):
    _old, new = two_versions(province, period)
    other = code_with_items(province.school, period, by=province.users["unit_head"])
    client = client_for("unit_head")
    assert client.get(url("code_compare", new.pk) + f"?with={other.pk}").status_code == 404
    assert client.get(url("code_compare", new.pk) + "?with=abc").status_code == 404


def test_the_first_version_compares_with_nothing(client_for, province, period):
    code = code_with_items(province.maths, period, by=province.users["secretary"])
    body = client_for("member").get(url("code_compare", code.pk)).content.decode()
    assert "Đây là phiên bản đầu tiên" in body
    assert body.count("code-change--added") == 5
