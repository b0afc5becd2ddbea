import re

from django.contrib.staticfiles import finders
from django.test import Client

from .helpers import API


def test_openapi_schema_lists_every_route_and_both_auth_schemes(db):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert f"{API}/units/{{unit_id}}/move" in schema["paths"]
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_docs_page_loads_nothing_from_outside_the_server(db):
    response = Client().get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    for asset in re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html):
        assert finders.find(asset), asset
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert '"validatorUrl": null' in html
