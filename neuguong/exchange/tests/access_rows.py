"""The exchange pages' rows in the page access matrix: whoever sees the school sees its
published code's poster; the outsider (Bình Minh) gets a 404."""

from neuguong.organisations.tests.test_access_matrix import SEES_SCHOOL

from .factories import SHORT_ITEMS, make_code


def rows(province, period) -> dict:
    code = make_code(province.school, period, items=SHORT_ITEMS)
    kwargs = {"pk": code.pk}
    return {
        "exchange:code_poster_pdf": (kwargs, "", "get", SEES_SCHOOL),
        "exchange:code_poster_docx": (kwargs, "", "get", SEES_SCHOOL),
    }
