from django.test import Client

from .helpers import API


def test_openapi_schema_lists_every_route_and_both_auth_schemes(db):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert f"{API}/units/{{unit_id}}/move" in schema["paths"]
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_there_is_no_docs_page_to_load_assets_from_elsewhere(db):
    assert Client().get(f"{API}/docs").status_code == 404
