import json

from django.test import Client

from neuguong.core.tokens import create_token, revoke_token
from neuguong.organisations.models import Unit

from .helpers import API, ApiClient

UNAUTHENTICATED = "Cần đăng nhập hoặc gửi mã truy cập (Authorization: Bearer …)."
BAD_TOKEN = "Mã truy cập không hợp lệ hoặc đã bị thu hồi."


def test_anonymous_gets_401_with_a_json_message(province):
    response = Client().get(f"{API}/units")
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED, "field": None, "code": "unauthenticated"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_writes_get_401_not_a_csrf_error(province):
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/units", "{}", content_type="application/json"
    )
    assert response.status_code == 401


def test_a_bearer_token_acts_as_its_owner(province):
    _token, raw = create_token(by=province.users["secretary"], name="script")
    response = ApiClient(raw).get("/me")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "secretary"


def test_a_wrong_token_is_refused_even_with_a_session(province):
    client = Client()
    client.force_login(province.users["org_officer"])
    response = client.get(f"{API}/units", headers={"Authorization": "Bearer ng_wrong"})
    assert response.status_code == 401
    assert response.json()["detail"] == BAD_TOKEN


def test_a_revoked_token_and_an_inactive_owner_are_refused(province):
    user = province.users["secretary"]
    token, raw = create_token(by=user, name="script")
    assert ApiClient(raw).get("/me").status_code == 200
    user.is_active = False
    user.save()
    assert ApiClient(raw).get("/me").status_code == 401
    user.is_active = True
    user.save()
    revoke_token(token, by=user)
    assert ApiClient(raw).get("/me").status_code == 401


def test_other_authorization_schemes_are_anonymous(province):
    response = Client().get(f"{API}/me", headers={"Authorization": "Basic b3JnOm9mZmljZXI="})
    assert response.status_code == 401


def test_the_session_reads_without_csrf(province):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province.users["org_officer"])
    assert client.get(f"{API}/units").status_code == 200


def test_the_session_writes_only_with_the_csrf_token(province):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province.users["org_officer"])
    body = json.dumps(
        {"code": "NEW", "name": "Chi bộ mới", "kind": "party_cell", "parent": province.hoa_an.pk}
    )
    response = client.post(f"{API}/units", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Unit.objects.filter(code="NEW").exists()

    client.get("/account/")  # any page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"{API}/units", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201, response.content
    assert Unit.objects.filter(code="NEW").exists()


def test_a_token_needs_no_csrf(province):
    _token, raw = create_token(by=province.users["org_officer"], name="script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{API}/units/{province.school.pk}/move",
        f'{{"parent": {province.dong.pk}}}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200


def test_me_lists_person_roles_units_and_permissions(province, api_as):
    body = api_as("secretary").get("/me").json()
    assert body["person"]["full_name"] == "Trần Thị Bình"
    assert [(r["role"], r["unit"]["code"]) for r in body["roles"]] == [
        ("secretary", "HOA-AN-THPT-TOAN"),
    ]
    assert [u["code"] for u in body["units"]] == ["HOA-AN-THPT", "HOA-AN-THPT-TOAN"]
    assert body["permissions"] == [
        "codes.approve",
        "codes.edit",
        "codes.status",
        "dashboards.view",
        "org.view_people",
        "org.view_units",
        "plans.approve",
        "plans.collective",
        "plans.view",
        "reports.write",
        "reviews.assess",
        "reviews.decide",
        "reviews.view",
    ]


def test_me_without_a_person_record(province, api_as):
    body = api_as("supervisor").get("/me").json()
    assert body["person"] is None
    assert body["units"] == []
    assert body["roles"][0]["sectors"] == ["giao-duc"]
