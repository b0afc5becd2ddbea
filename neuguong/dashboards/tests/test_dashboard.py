"""The dashboard page: its figures and their links, the children's table, the
comparison with the previous period, the filters, the charts and the query count."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.organisations.factories import make_unit
from neuguong.organisations.models import RoleAssignment, UnitKind
from neuguong.regulations.models import Period, PeriodKind

from .. import tally
from ..views_dashboard import rows_url
from .builders import build_codes

pytestmark = pytest.mark.django_db

INDEX = reverse("dashboards:index")


def dashboard(pk) -> str:
    return reverse("dashboards:unit", args=[pk])


def figure(html: str, counter: str) -> int:
    """The first figure shown for `counter` (each is a link carrying its counter)."""
    return int(re.search(rf'data-counter="{counter}">(\d+)<', html).group(1))


def figure_link(html: str, counter: str) -> str:
    href = re.search(rf'<a href="([^"]+)" data-counter="{counter}">', html).group(1)
    return href.replace("&amp;", "&")


def listed_total(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(re.search(r'data-testid="rows-total">(\d+)<', response.content.decode()).group(1))


@pytest.fixture
def built(province, period):
    return build_codes(province, period)


def test_the_figures_are_the_tallies_and_each_links_to_a_list_of_as_many(
    client_for, province, period, built
):
    client = client_for("org_officer")
    html = client.get(dashboard(province.root.pk)).content.decode()
    figures = tally.figures(province.root, period)
    assert figures["code_built"] == 5 and figures["people"] == 7
    for counter in ("units", "code_built", "code_published", "code_evaluated", "people"):
        assert figure(html, counter) == figures[counter]
        assert listed_total(client, figure_link(html, counter)) == figures[counter]
    assert "Chuẩn mực đạo đức" in html and "Kế hoạch cam kết" in html
    assert "Kiểm điểm, xếp loại" in html and "Kỷ luật" in html
    # Shares use a safe division: no plan anywhere is 0 %, no review started is "–".
    assert "55,6%" in html  # 5 of 9 units built a code
    assert "–" in html


def test_the_index_shows_the_viewers_highest_unit(client_for, province, period):
    assert client_for("secretary").get(INDEX).context["unit"] == province.maths
    assert client_for("supervisor").get(INDEX).context["unit"] == province.school
    assert client_for("inspection").get(INDEX).context["unit"] == province.root


def test_a_supervisor_of_several_subtrees_chooses_among_them(client_for, province, period):
    # Education (the school) and the area of Hòa An (the commune, above the school).
    RoleAssignment.objects.get(user=province.users["supervisor"]).areas.set([province.hoa_an_area])
    other = make_unit("Chi bộ Y tế", parent=province.binh_minh, code="BM-YT")
    other.sectors.set([province.education])
    response = client_for("supervisor").get(f"{INDEX}?period={period.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn một đơn vị" in html
    assert f'href="{dashboard(province.hoa_an.pk)}?period={period.pk}"' in html
    assert f'href="{dashboard(other.pk)}?period={period.pk}"' in html
    assert province.school.name not in html  # inside Hòa An: not a top of its own


def test_each_child_has_a_row_linking_its_dashboard_and_its_lists(
    client_for, province, period, built
):
    client = client_for("org_officer")
    response = client.get(dashboard(province.root.pk))
    html = response.content.decode()
    children = response.context["children"]
    assert [c["unit"] for c in children] == [province.board, province.binh_minh, province.hoa_an]
    hoa_an = dashboard(province.hoa_an.pk)
    assert f'href="{hoa_an}?period={period.pk}"' in html
    link = rows_url(hoa_an, "code_published", f"period={period.pk}")
    assert link == reverse("dashboards:rows", args=[province.hoa_an.pk, "code_published"]) + (
        f"?period={period.pk}"
    )
    assert f'<a href="{link}">2</a> <span class="muted">(50,0%)</span>' in html  # school, maths
    assert listed_total(client, link) == 2
    assert 'scope="col"' in html and 'scope="row"' in html and "<caption" in html


def test_a_unit_filter_leaves_out_children_with_nothing_matching(
    client_for, province, period, built
):
    query = f"?period={period.pk}&kind={UnitKind.PARTY_CELL}&sector={province.education.pk}"
    response = client_for("org_officer").get(dashboard(province.root.pk) + query)
    assert response.status_code == 200
    assert [c["unit"] for c in response.context["children"]] == []
    query = f"?period={period.pk}&kind={UnitKind.PARTY_CELL}"
    response = client_for("org_officer").get(dashboard(province.root.pk) + query)
    html = response.content.decode()
    kept = [c["unit"] for c in response.context["children"]]
    assert kept == [province.binh_minh, province.hoa_an]
    assert figure(html, "units") == 4  # Tổ Toán, Thôn Đông, Khu 3, Chi bộ Trống
    assert f"kind={UnitKind.PARTY_CELL}" in figure_link(html, "units")


def test_a_person_category_narrows_the_person_figures(client_for, province, period):
    for person in (province.people.member, province.people.secretary):
        person.category = "vien_chuc"
        person.save()
    client = client_for("org_officer")
    html = client.get(dashboard(province.root.pk) + f"?period={period.pk}&category=vien_chuc")
    html = html.content.decode()
    assert figure(html, "people") == 2
    assert listed_total(client, figure_link(html, "people")) == 2
    assert figure(html, "units") == 8  # unit figures are not narrowed
    assert "Nhóm đối tượng: Viên chức" in html


def test_the_previous_period_of_the_same_kind_is_compared(client_for, province, period):
    client = client_for("org_officer")
    html = client.get(dashboard(province.root.pk)).content.decode()
    assert "Không có kỳ trước cùng loại để so sánh." in html
    Period.objects.create(
        name="Quý IV/2025",
        kind=PeriodKind.QUARTER,
        starts_on=date(2025, 10, 1),
        ends_on=date(2025, 12, 31),
    )
    before = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    Period.objects.create(name="Năm 2024", starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    response = client.get(dashboard(province.root.pk) + f"?period={period.pk}")
    html = response.content.decode()
    assert response.context["previous"] == before
    assert "So sánh với kỳ trước: Năm 2025." in html
    assert "Kỳ trước (Năm 2025)" in html
    assert f"period={before.pk}" in html  # the previous figures link to their lists


def test_the_charts_are_images_with_a_title_patterns_and_a_table_after(
    client_for, province, period, built
):
    html = client_for("org_officer").get(dashboard(province.root.pk)).content.decode()
    charts = re.findall(r"<svg [^>]*>.*?</svg>", html, flags=re.S)
    assert len(charts) >= 6
    for svg in charts:
        chart_id = re.search(r'aria-labelledby="([^"]+)-title"', svg).group(1)
        assert 'role="img"' in svg
        assert f'<title id="{chart_id}-title">' in svg
        assert f'<pattern id="{chart_id}-' in svg
        after = html[html.index(svg) + len(svg) :]
        assert after.lstrip().startswith("</div>")
        assert "<table" in after[:800]
    codes = charts[0]
    assert "55,6%" in codes  # the share is written, not only drawn
    assert "url(#chart-codes-fill)" in codes
    ratings = next(svg for svg in charts if "HTXS" in svg)
    assert all(f"-lv{lv}" in ratings for lv in (1, 2, 3, 4))


def test_names_are_escaped(client_for, province, period):
    make_unit("<b>Chi bộ</b> & co", parent=province.root, code="ESC")
    html = client_for("org_officer").get(dashboard(province.root.pk)).content.decode()
    assert "&lt;b&gt;Chi bộ&lt;/b&gt; &amp; co" in html
    assert "<b>Chi bộ</b>" not in html


def test_the_page_takes_as_many_queries_for_many_children_as_for_few(
    client_for, province, period, built
):
    client = client_for("org_officer")
    url = dashboard(province.root.pk) + f"?period={period.pk}"
    client.get(url)  # builds the tallies once

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(12):
        make_unit(f"Đảng bộ {i}", parent=province.root, code=f"DB-{i}")
    tally.drain()
    assert queries() == few
    assert few <= 25


def test_the_page_shows_a_new_figure_at_once_after_a_write(client_for, province, period, built):
    client = client_for("org_officer")
    url = dashboard(province.root.pk)
    before = figure(client.get(url).content.decode(), "code_evaluated")
    from .builders import evaluate

    evaluate(built["maths"], period, by=province.users["secretary"])
    html = client.get(url).content.decode()
    assert figure(html, "code_evaluated") == before + 1
    assert listed_total(client, figure_link(html, "code_evaluated")) == before + 1


def test_without_any_period_the_page_says_so(client_for, province):
    response = client_for("org_officer").get(dashboard(province.root.pk))
    assert response.status_code == 200
    assert "Chưa có kỳ thực hiện nào" in response.content.decode()
