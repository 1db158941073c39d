"""LTI 1.3 launches from a simulated platform: login initiation, the id_token checks, the
account a launch signs in, the page it opens, and who may frame it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from lti_tool.models import LtiUser

from lti.models import CourseClass, Placement
from progress.account_deletion import delete_account
from tests.factories import make_module
from tests.lti.platform import LTI, new_key
from tests.quizzes.conftest import make_question, make_quiz

pytestmark = pytest.mark.django_db


def login_step(client, platform, **extra):
    """The platform's login initiation, as the browser brings it; (state, nonce) from the redirect to its auth URL."""
    params = {"iss": platform.issuer, "client_id": platform.client_id, "login_hint": "hint-1",
              "target_link_uri": "http://testserver/lti/launch/", "lti_deployment_id": platform.deployment_id,
              "lti1p3_new_window": "1", **extra}
    response = client.get("/lti/login/", params)
    assert response.status_code == 302, response.content[:500]
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{platform.url}/auth"
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["redirect_uri"] == "http://testserver/lti/launch/" and query["client_id"] == platform.client_id
    assert query["response_mode"] == "form_post" and query["prompt"] == "none" and query["scope"] == "openid"
    return query["state"], query["nonce"]


def launch(client, platform, **token):
    state, nonce = login_step(client, platform)
    id_token = platform.id_token(token.pop("nonce", nonce), **token)
    return client.post("/lti/launch/", {"id_token": id_token, "state": state})


@pytest.fixture
def quiz(catalog):
    module = make_module(catalog, lessons=1, title="Cobre y agua", slug="cobre-y-agua")
    return make_quiz(module, questions=[make_question("single")], title="Cuestionario del cobre")


def test_login_initiation_first_checks_that_the_browser_keeps_cookies(client, platform, registration):
    response = client.get("/lti/login/", {"iss": platform.issuer, "client_id": platform.client_id,
                                          "login_hint": "h", "target_link_uri": "http://testserver/lti/launch/"},
                          HTTP_ACCEPT_LANGUAGE="pt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Abrir o ALMA Aula numa nova janela" in body and 'lang="pt"' in body
    assert "lti1p3_new_window=1" in body


def test_a_learner_launch_opens_the_quiz_signed_in_without_email(client, platform, registration, quiz):
    response = launch(client, platform, extra={LTI + "custom": {"alma_page": str(quiz.translation_key)}})
    assert response.status_code == 302 and response["Location"] == quiz.url
    user = get_user_model().objects.get(lti_users__sub="lms-user-1")
    assert user.email == "" and not user.has_usable_password() and user.display_name == "Valentina Rojas"
    assert user.groups.filter(name="Learner").exists()
    assert LtiUser.objects.get(sub="lms-user-1").email == ""  # the e-mail claim is not kept
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Placement.objects.get().page_key == quiz.translation_key
    # The page opens inside the LMS's iframe: framed by that LMS only, not by anyone.
    page = client.get(quiz.url)
    assert page.status_code == 200 and "X-Frame-Options" not in page.headers
    assert page.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {platform.url}"


def test_a_link_names_its_page_on_the_target_uri_and_opens_it_in_the_launch_language(client, platform, registration,
                                                                                    quiz):
    module = quiz.get_parent()
    target = f"http://testserver/lti/launch/?page={module.translation_key}"
    response = launch(client, platform, extra={LTI + "target_link_uri": target, "locale": "pt-BR"})
    assert response.status_code == 302 and response["Location"] == module.url  # no Portuguese module: the Spanish one
    assert get_user_model().objects.get(lti_users__sub="lms-user-1").preferred_language == "pt"


def test_a_link_without_a_page_opens_the_home_page(client, platform, registration):
    response = launch(client, platform)
    assert response.status_code == 302 and response["Location"] == "/es/"


def test_a_second_launch_of_the_same_lms_user_reuses_their_account(client, platform, registration, quiz):
    launch(client, platform)
    client.logout()
    launch(client, platform)
    assert get_user_model().objects.filter(username__startswith="lti-").count() == 1


def test_pages_outside_an_lti_session_still_refuse_frames(client, catalog):
    response = client.get(catalog.url)
    assert response.headers["X-Frame-Options"] == "DENY" and "frame-ancestors" not in response.headers.get(
        "Content-Security-Policy", "")


def test_an_instructor_launch_makes_the_course_a_class_and_fills_it_from_the_roster(
        client, platform, registration, quiz, django_capture_on_commit_callbacks):
    platform.members = [
        {"user_id": "lms-teacher", "name": "Profe Díaz", "roles": ["Instructor"], "status": "Active",
         "email": "diaz@example.edu"},
        {"user_id": "lms-s1", "name": "Ana Pérez", "roles": ["Learner"], "status": "Active"},
        {"user_id": "lms-s2", "given_name": "Bruno", "family_name": "Lima",
         "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], "status": "Active"},
        {"user_id": "lms-s3", "name": "Inactiva", "roles": ["Learner"], "status": "Inactive"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = launch(client, platform, sub="lms-teacher", roles=("Instructor",))
    assert response.status_code == 302
    teacher = get_user_model().objects.get(lti_users__sub="lms-teacher")
    assert teacher.groups.filter(name="Teacher").exists()
    classroom = CourseClass.objects.get().classroom
    assert classroom.owner == teacher and classroom.name == "Metalurgia del cobre"
    students = sorted(classroom.memberships.current().values_list("student__display_name", flat=True))
    assert students == ["Ana Pérez", "Bruno Lima"]
    assert not LtiUser.objects.exclude(email="").exists()
    # The roster changes on the LMS: a learner leaves, the class follows on the next sync.
    platform.members = platform.members[:2]
    response = client.post(f"/lti/classes/{classroom.pk}/sync/")
    assert response.status_code == 302
    assert list(classroom.memberships.current().values_list("student__display_name", flat=True)) == ["Ana Pérez"]


def test_a_learner_launch_joins_the_course_class(client, platform, registration, quiz,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        launch(client, platform, sub="lms-teacher", roles=("Instructor",))
    client.logout()
    launch(client, platform, sub="lms-s9", roles=("Learner",))
    classroom = CourseClass.objects.get().classroom
    assert classroom.memberships.current().filter(student__lti_users__sub="lms-s9").exists()


# --- refusals ------------------------------------------------------------------------------------------------------


def refused(response, status, reason):
    assert response.status_code == status, response.content[:300]
    assert f'data-reason="{reason}"' in response.content.decode()
    return response.content.decode()


def test_a_wrong_signature_is_refused(client, platform, registration):
    body = refused(launch(client, platform, key=new_key()), 403, "signature")
    assert "no fue firmado por la plataforma" in body  # in Spanish, the default language


def test_a_wrong_audience_is_refused(client, platform, registration):
    refused(launch(client, platform, aud="another-tool"), 403, "audience")


def test_an_expired_id_token_is_refused(client, platform, registration):
    body = refused(launch(client, platform, exp_in=-10), 403, "expired")
    assert "ha caducado" in body


def test_a_token_without_expiry_is_refused(client, platform, registration):
    refused(launch(client, platform, drop=("exp",)), 400, "invalid")


def test_a_reused_nonce_is_refused(client, platform, registration):
    state, nonce = login_step(client, platform)
    id_token = platform.id_token(nonce)
    assert client.post("/lti/launch/", {"id_token": id_token, "state": state}).status_code == 302
    body = refused(client.post("/lti/launch/", {"id_token": id_token, "state": state},
                               HTTP_ACCEPT_LANGUAGE="fr"), 403, "nonce")
    assert "déjà été utilisé" in body


def test_a_nonce_the_tool_never_issued_is_refused(client, platform, registration):
    refused(launch(client, platform, nonce="made-up-nonce"), 403, "nonce")


def test_a_launch_without_its_state_cookie_is_refused(client, platform, registration):
    state, nonce = login_step(client, platform)
    client.cookies.clear()
    refused(client.post("/lti/launch/", {"id_token": platform.id_token(nonce), "state": state}), 400, "state")


def test_an_unknown_deployment_is_refused_until_an_administrator_activates_it(client, platform, registration):
    refused(launch(client, platform, extra={LTI + "deployment_id": "deployment-2"}), 403, "deployment")
    assert registration.deployments.get(deployment_id="deployment-2").is_active is False


def test_an_unregistered_platform_cannot_start_a_login(client, platform):
    response = client.get("/lti/login/", {"iss": "https://lms.example.org", "login_hint": "h",
                                          "target_link_uri": "http://testserver/lti/launch/"})
    refused(response, 403, "platform")


def test_the_launch_answers_only_posts_and_its_errors_may_be_framed_by_registered_platforms(client, platform,
                                                                                          registration):
    assert client.get("/lti/launch/").status_code == 405
    response = client.post("/lti/launch/", {})
    refused(response, 400, "state")
    assert "X-Frame-Options" not in response.headers
    assert response.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {platform.url}"


def test_an_lms_on_another_domain_than_its_issuer_may_frame_alma_after_its_first_verified_launch(
        client, platform, registration):
    """Hosted Canvas: the issuer is canvas.instructure.com, the course page is the institution's own domain."""
    school = "https://school.example.edu"
    launch(client, platform, extra={LTI + "launch_presentation": {"return_url": f"{school}/courses/1"}})
    assert school in client.get("/es/").headers["Content-Security-Policy"]
    client.logout()
    check = client.get("/lti/login/", {"iss": platform.issuer, "client_id": platform.client_id, "login_hint": "h",
                                       "target_link_uri": "http://testserver/lti/launch/"})
    assert check.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {platform.url} {school}"
    assert registration.frame_origins.get().learnt


def test_my_data_lists_the_lms_account_and_deleting_the_account_forgets_it(client, platform, registration):
    launch(client, platform)
    user = get_user_model().objects.get(lti_users__sub="lms-user-1")
    data = client.get("/es/learning/my-data.json").json()
    assert [row["sub"] for row in data["lms_accounts"]] == ["lms-user-1"] and data["lms_scores"] == []
    delete_account(user)
    assert not LtiUser.objects.filter(sub="lms-user-1").exists()
