"""An administrator registers a platform and reads the tool's URLs in the Wagtail admin."""

import pytest
from lti_tool.models import LtiRegistration

from lti.models import FrameOrigin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_the_tool_page_lists_the_urls_to_give_the_lms(admin_client):
    assert '"url": "/admin/lti/"' in admin_client.get("/admin/").content.decode()  # Settings › LTI 1.3 tool
    body = admin_client.get("/admin/lti/").content.decode()
    for url in ("http://testserver/lti/launch/", "http://testserver/lti/login/", "http://testserver/lti/jwks.json"):
        assert url in body


def test_an_administrator_registers_a_platform_a_deployment_and_a_frame_origin(admin_client):
    response = admin_client.post("/admin/lti/platforms/new/", {
        "name": "Moodle UChile", "issuer": "https://moodle.uchile.cl", "client_id": "abc123",
        "auth_url": "https://moodle.uchile.cl/mod/lti/auth.php", "token_url": "https://moodle.uchile.cl/mod/lti/token.php",
        "keyset_url": "https://moodle.uchile.cl/mod/lti/certs.php", "audience": "", "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = LtiRegistration.objects.get(client_id="abc123")
    response = admin_client.post("/admin/lti/deployments/new/", {
        "registration": registration.pk, "deployment_id": "1", "is_active": "on"})
    assert response.status_code == 302 and registration.deployments.get().is_active
    refused = admin_client.post("/admin/lti/frame-origins/new/", {"registration": registration.pk,
                                                                  "origin": "https://x.edu/courses/1"})
    assert refused.status_code == 200 and not FrameOrigin.objects.exists()
    admin_client.post("/admin/lti/frame-origins/new/", {"registration": registration.pk, "origin": "https://x.edu"})
    assert FrameOrigin.objects.get().origin == "https://x.edu"
    # The registration is now an origin that may frame the LTI endpoints.
    policy = admin_client.get("/lti/login/").headers["Content-Security-Policy"]
    assert policy == "frame-ancestors 'self' https://moodle.uchile.cl https://x.edu"
    assert "abc123" in admin_client.get("/admin/lti/").content.decode()
