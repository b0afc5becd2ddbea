"""Codes to print: a published version of the school's code and a draft."""

import pytest

from neuguong.standards.models import CodeStatus

from .factories import make_code


@pytest.fixture
def code(province, period):
    return make_code(province.school, period)


@pytest.fixture
def draft(province, period):
    return make_code(province.school, period, status=CodeStatus.DRAFT, number=2)
