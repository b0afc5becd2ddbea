from django.urls import reverse

from neuguong.core.models import ApiToken, AuditEntry
from neuguong.core.tokens import create_token, hash_key

ACCOUNT = reverse("account")


def test_account_page_shows_who_i_am_and_my_roles(client_for, province):
    body = client_for("secretary").get(ACCOUNT).content.decode()
    assert "secretary" in body and "Trần Thị Bình" in body
    assert "Bí thư chi bộ, cấp ủy – Chi bộ Tổ Toán" in body
    assert reverse("password_change") in body


def test_creating_a_token_shows_the_raw_key_once(client_for, province):
    client = client_for("member")
    response = client.post(ACCOUNT, {"name": "Đồng bộ báo cáo"})
    body = response.content.decode()
    token = ApiToken.objects.get(user=province.users["member"])
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    raw = body.split('id="new-key">')[1].split("<")[0]
    assert raw.startswith("ng_") and hash_key(raw) == token.key_hash
    assert "chỉ hiện một lần" in body
    again = client.get(ACCOUNT).content.decode()
    assert raw not in again and "Đồng bộ báo cáo" in again and token.prefix in again
    assert AuditEntry.objects.filter(action="token.create").count() == 1


def test_a_token_needs_a_name(client_for, province):
    response = client_for("member").post(ACCOUNT, {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_token_name_too_long_is_refused(client_for, province):
    response = client_for("member").post(ACCOUNT, {"name": "x" * 101})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_my_token_deletes_it_and_is_audited(client_for, province):
    token, _raw = create_token(by=province.users["member"], name="cũ")
    client = client_for("member")
    assert client.get(reverse("token_revoke", args=[token.pk])).status_code == 405
    response = client.post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"] == ACCOUNT
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.filter(action="token.revoke").count() == 1


def test_cannot_revoke_someone_elses_token(client_for, province):
    token, _raw = create_token(by=province.users["member"], name="của An")
    response = client_for("admin").post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert not AuditEntry.objects.filter(action="token.revoke").exists()
    huge = client_for("member").post("/account/tokens/99999999999999999999/revoke/")
    assert huge.status_code == 404


def test_password_change_works_and_limits_length(client_for, province):
    client = client_for("member")
    page = client.get(reverse("password_change")).content.decode()
    assert 'maxlength="256"' in page
    too_long = client.post(
        reverse("password_change"),
        {
            "old_password": "Mat-khau-thu-nghiem-2026",
            "new_password1": "x" * 300,
            "new_password2": "x" * 300,
        },
    )
    assert too_long.status_code == 200 and 'class="error"' in too_long.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": "Mat-khau-thu-nghiem-2026",
        "new_password1": "Mot-mat-khau-moi-2027", "new_password2": "Mot-mat-khau-moi-2027",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    province.users["member"].refresh_from_db()
    assert province.users["member"].check_password("Mot-mat-khau-moi-2027")
