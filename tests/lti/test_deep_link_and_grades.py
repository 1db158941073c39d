"""The round trips: an instructor picks a quiz from the LMS (Deep Linking), a learner opens the
link the LMS made of it, submits, and the score arrives at the platform's line item (AGS)."""

import json

import jwt
import pytest
from django.core.management import call_command
from jwt.algorithms import RSAAlgorithm

from lti.models import ScoreSend
from quizzes.models import Attempt
from tests.factories import make_module
from tests.lti.platform import LTI, SCORE_SCOPE
from tests.lti.test_launch import launch
from tests.quizzes.conftest import make_question, make_quiz
from tests.quizzes.test_attempts import right_answers

pytestmark = pytest.mark.django_db
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@pytest.fixture
def module(catalog):
    module = make_module(catalog, lessons=1, title="Cobre y agua", slug="cobre-y-agua")
    make_quiz(module, questions=[make_question("single"), make_question("truefalse")], title="Cuestionario del cobre")
    return module


def tool_claims(token, platform, client):
    """The deep-linking answer as the platform reads it: signed by a key of the tool's public JWKS."""
    jwks = client.get("/lti/jwks.json").json()
    kid = jwt.get_unverified_header(token)["kid"]
    key = RSAAlgorithm.from_jwk(json.dumps(next(k for k in jwks["keys"] if k["kid"] == kid)))
    return jwt.decode(token, key, algorithms=["RS256"], audience=platform.issuer)


def test_deep_link_then_launch_submit_and_grade_passback(client, platform, registration, module,
                                                         django_capture_on_commit_callbacks):
    quiz = module.quizzes().get()
    # 1. The instructor adds ALMA content from the LMS: the picker lists the module, its lesson and quiz.
    with django_capture_on_commit_callbacks(execute=True):
        picker = launch(client, platform, sub="lms-teacher", roles=("Instructor",),
                        message_type="LtiDeepLinkingRequest")
    assert picker.status_code == 200
    body = picker.content.decode()
    assert "Cuestionario del cobre" in body and "Cobre y agua" in body
    assert "Actualizar ahora la clase con la lista del curso" in body  # the course is a class: sync it here
    assert "X-Frame-Options" not in picker.headers and platform.url in picker.headers["Content-Security-Policy"]
    answer = client.post("/lti/deep-link/", {"page": [str(quiz.translation_key)]})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'action="{platform.url}/deep-link-return"' in html
    token = html.split('name="JWT" value="')[1].split('"')[0]
    claims = tool_claims(token, platform, client)
    assert claims["iss"] == platform.client_id and claims[LTI + "deployment_id"] == platform.deployment_id
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse" and claims[DL + "data"] == "opaque-platform-data"
    [item] = claims[DL + "content_items"]
    assert item["type"] == "ltiResourceLink" and item["title"] == "Cuestionario del cobre"
    assert item["custom"] == {"alma_page": str(quiz.translation_key)}
    assert item["lineItem"]["scoreMaximum"] == 100 and item["lineItem"]["resourceId"] == str(quiz.translation_key)
    client.logout()

    # 2. The LMS made a link and a gradebook column of it; a learner launches it.
    ags = {"scope": [SCORE_SCOPE], "lineitems": f"{platform.url}/lineitems",
           "lineitem": f"{platform.url}/lineitems/7"}
    response = launch(client, platform, sub="lms-learner", roles=("Learner",), extra={
        LTI + "custom": item["custom"], LTI + "target_link_uri": item["url"],
        LTI + "resource_link": {"id": "link-from-deep-link", "title": item["title"]},
        "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": ags})
    assert response.status_code == 302 and response["Location"] == quiz.url

    # 3. The learner answers and submits; the score goes to the line item after the submit commits.
    started = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
    attempt = Attempt.objects.get(pk=started.json()["id"])
    answers = {str(k): v for k, v in right_answers(attempt).items()}
    answers.pop(next(iter(answers)))  # one of two questions left unanswered: 50 %
    client.post(f"/api/v1/me/quiz-attempts/{attempt.pk}/answers/", {"answers": answers},
                content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"/api/v1/me/quiz-attempts/{attempt.pk}/submit/", {},
                                content_type="application/json")
    assert submitted.status_code == 200 and submitted.json()["score"] == 0.5
    [score] = platform.scores
    assert score["lineitem"] == "/lineitems/7" and score["userId"] == "lms-learner"
    assert score["scoreGiven"] == 50 and score["scoreMaximum"] == 100
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    assert score["content_type"] == "application/vnd.ims.lis.v1.score+json"
    assert platform.token_requests[-1]["scope"] == SCORE_SCOPE
    send = ScoreSend.objects.get()
    assert send.status == ScoreSend.Status.SENT and send.tries == 1


def test_a_learner_cannot_answer_a_deep_linking_request(client, platform, registration, module):
    response = launch(client, platform, roles=("Learner",), message_type="LtiDeepLinkingRequest")
    assert response.status_code == 403 and 'data-reason="role"' in response.content.decode()
    assert client.post("/lti/deep-link/", {"page": []}).status_code == 400


def test_a_score_the_lms_refuses_is_kept_as_failed_and_the_submit_still_succeeds(
        client, platform, registration, module, django_capture_on_commit_callbacks):
    quiz = module.quizzes().get()
    ags = {"scope": [SCORE_SCOPE], "lineitem": f"{platform.url}/not-a-lineitem"}
    launch(client, platform, extra={LTI + "custom": {"alma_page": str(quiz.translation_key)},
                                    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": ags})
    attempt_id = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(f"/api/v1/me/quiz-attempts/{attempt_id}/submit/", {},
                                content_type="application/json")
    assert submitted.status_code == 200
    send = ScoreSend.objects.get()
    assert send.status == ScoreSend.Status.FAILED and "404" in send.error and platform.scores == []


def test_submits_of_learners_who_never_came_from_an_lms_send_nothing(client, module, django_user_model,
                                                                     django_capture_on_commit_callbacks):
    quiz = module.quizzes().get()
    client.force_login(django_user_model.objects.create(username="local"))
    attempt_id = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/me/quiz-attempts/{attempt_id}/submit/", {}, content_type="application/json")
    assert not ScoreSend.objects.exists()


def test_a_failed_score_is_sent_again_by_the_command(client, platform, registration, module,
                                                     django_capture_on_commit_callbacks):
    quiz = module.quizzes().get()
    ags = {"scope": [SCORE_SCOPE], "lineitem": f"{platform.url}/lineitems/9"}
    launch(client, platform, extra={LTI + "custom": {"alma_page": str(quiz.translation_key)},
                                    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": ags})
    attempt_id = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()["id"]
    platform.tool_jwks = {"keys": []}  # the platform cannot check the tool's assertion: the token is refused
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/me/quiz-attempts/{attempt_id}/submit/", {}, content_type="application/json")
    assert ScoreSend.objects.get().status == ScoreSend.Status.FAILED and platform.scores == []
    platform.tool_jwks = client.get("/lti/jwks.json").json()  # the platform is back
    call_command("lti_send_scores")
    send = ScoreSend.objects.get()
    assert send.status == ScoreSend.Status.SENT and send.tries == 2
    assert [score["scoreGiven"] for score in platform.scores] == [0]
