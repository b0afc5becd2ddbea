"""Calling the API as a persona, with a personal token."""

import pytest

from .helpers import ApiClient, client_for_user


@pytest.fixture
def api_as(province):
    """api_as("org_officer") -> an ApiClient sending that persona's token; None is anonymous."""

    def _api(persona: str | None) -> ApiClient:
        if persona is None:
            return ApiClient()
        return client_for_user(province.users[persona])

    return _api


@pytest.fixture
def officer(api_as):
    return api_as("org_officer")
