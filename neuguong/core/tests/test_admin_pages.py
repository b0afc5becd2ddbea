def test_admin_pages_render_with_the_link_underline_override(client_for):
    response = client_for("admin").get("/admin/core/auditentry/")
    assert response.status_code == 200
    assert "css/admin-overrides.css" in response.content.decode()


def test_admin_is_closed_to_officers(client_for):
    response = client_for("org_officer").get("/admin/")
    assert response.status_code == 302
