from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from neuguong.core.models import LoginAttempt
from neuguong.organisations.factories import make_user

PASSWORD = "Mat-khau-thu-nghiem-2026"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Tài khoản này tạm bị khóa 15 phút"


@pytest.fixture
def alice(db):
    return make_user("alice", password=PASSWORD)


def sign_in(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_sign_in_page_is_in_vietnamese(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body and "Mật khẩu" in body


def test_sign_in_with_the_right_password_opens_the_home_page(client, alice):
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_wrong_password_and_unknown_name_get_the_same_message(client, alice):
    for username in ("alice", "nobody-here"):
        response = sign_in(client, username, "sai-mat-khau")
        assert response.status_code == 400
        assert WRONG in response.content.decode()
    assert SESSION_KEY not in client.session


def test_five_failures_lock_the_name_even_for_the_right_password(client, alice):
    for _ in range(4):
        assert WRONG in sign_in(client, "alice", "sai").content.decode()
    assert LOCKED in sign_in(client, "alice", "sai").content.decode()
    response = sign_in(client, "alice", PASSWORD)
    assert LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_unknown_names_lock_with_the_same_message(client, db):
    for _ in range(5):
        response = sign_in(client, "khong-ton-tai", "sai")
    assert LOCKED in response.content.decode()


def test_lock_is_per_username_never_global(client, alice):
    make_user("bob", password=PASSWORD)
    for _ in range(5):
        sign_in(client, "alice", "sai")
    assert sign_in(client, "bob", PASSWORD).status_code == 302


def test_lock_ends_after_fifteen_minutes(client, alice):
    for _ in range(5):
        sign_in(client, "alice", "sai")
    LoginAttempt.objects.filter(username="alice").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert not LoginAttempt.objects.filter(username="alice").exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("username", "Tên đăng nhập dài quá 150 ký tự."),
        ("password", "Mật khẩu dài quá 256 ký tự."),
    ],
)
def test_a_ten_thousand_character_field_is_refused_and_changes_nothing(
    client, alice, field, message
):
    data = {"username": "alice", "password": PASSWORD, field: "x" * 10_000}
    response = client.post("/login/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SESSION_KEY not in client.session
    assert LoginAttempt.objects.count() == 0


def test_logout_is_post_only(client, alice):
    client.force_login(alice)
    assert client.get("/logout/").status_code == 405
    assert SESSION_KEY in client.session
    assert client.post("/logout/").status_code == 302
    assert SESSION_KEY not in client.session


def test_next_url_to_another_site_is_ignored(client, alice):
    response = client.post(
        "/login/?next=https://example.org/", {"username": "alice", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_pages_need_a_signed_in_user(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_session_idle_for_thirty_minutes_ends(client, alice):
    from django.contrib.sessions.models import Session

    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert client.get("/account/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_each_request_pushes_the_idle_limit_forward(client, alice, settings):
    from django.contrib.sessions.models import Session

    settings.SESSION_TOUCH_SECONDS = 0
    sign_in(client, "alice", PASSWORD)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get("/account/")
    remaining = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_requests_within_a_minute_do_not_rewrite_the_session(client, alice):
    from django.contrib.sessions.models import Session

    sign_in(client, "alice", PASSWORD)
    first = Session.objects.get().expire_date
    Session.objects.update(expire_date=first - timedelta(seconds=30))
    client.get("/account/")
    assert Session.objects.get().expire_date == first - timedelta(seconds=30)
