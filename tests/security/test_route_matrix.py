"""Who reaches what: every route of the URLconf and every API method, for every role.

The routes are found by walking the resolver, so a route added without an entry
in ``EXPECTED`` fails ``test_every_route_is_in_the_matrix`` with "add it to the
matrix": nobody can add an endpoint without saying who may use it. Wagtail's
and Django's own admin screens are checked as a whole: every one of them turns
away everybody without admin access.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from tests.security.conftest import ROLES

ADMIN_ROLES = {"contributor", "translator", "curator"}  # the roles with Wagtail's "access admin" permission
SIGNED_IN = set(ROLES) - {"anonymous"}
LOGIN = "login"  # a page's answer to the anonymous: a redirect to the sign-in page
API_REFUSED = "api-refused"  # the API's answer to the anonymous: 401 (token auth first) or 403
ADMIN_LOGIN = "admin-login"  # Wagtail's answer to those without admin access: a redirect to its sign-in page
ADMIN_REFUSED = "admin-refused"  # an editor without the screen's permission: sent to the dashboard, or 403


@dataclass(frozen=True)
class Expect:
    """``method`` on ``path`` (placeholders from ``urls_for``) answers ``allowed`` for ``who`` and ``refused``
    for every other signed-in role; the anonymous get ``anonymous``."""

    method: str
    path: str
    who: frozenset
    allowed: int = 200
    refused: int = 404
    anonymous: object = None  # None: the same as a refused signed-in role; else LOGIN, API_REFUSED or a status
    data: tuple = ()  # the JSON body of an API call, as (name, placeholder) pairs

    def status_for(self, role):
        if role in self.who:
            return self.allowed
        if role == "anonymous" and self.anonymous is not None:
            return self.anonymous
        if self.refused == ADMIN_LOGIN and role in ADMIN_ROLES:
            return ADMIN_REFUSED
        return self.refused


def everyone(method, path, status=200):
    return Expect(method, path, frozenset(ROLES), status)


def signed_in(method, path, status=200, anonymous=LOGIN):
    return Expect(method, path, frozenset(SIGNED_IN), status, anonymous=anonymous)


def only(roles, method, path, status=200, refused=404, anonymous=LOGIN, data=None):
    return Expect(method, path, frozenset(roles), status, refused, anonymous, tuple((data or {}).items()))


def api(roles, method, path, status=200, refused=404, data=None):
    return only(roles, method, path, status, refused, API_REFUSED, data)


def api_signed_in(method, path, status=200, data=None):
    return api(SIGNED_IN, method, path, status, data=data)


def anonymous_only(method, path):
    """Sign-in and sign-up forms: a signed-in visitor is sent home."""
    return Expect(method, path, frozenset({"anonymous"}), 200, refused=302)


def admin_screen(roles, path):
    """One of our own Wagtail admin screens, for ``roles`` only."""
    return only(roles, "GET", path, refused=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)


TEACHER = {"teacher"}
STUDENT = {"student"}
TEACHERS = {"teacher", "other_teacher"}

# Keys: "<url name>" for pages, "<METHOD> <url name>" for the API (one key per method a viewset answers).
# Requests run in this order, one role per test, on a fresh world: actions that change the world come last.
EXPECTED = {
    "healthz": everyone("GET", "/healthz"),
    "api-schema": everyone("GET", "/api/v1/schema/"),
    "api-docs": everyone("GET", "/api/v1/docs/"),
    "api-redoc": everyone("GET", "/api/v1/redoc/"),
    "api-root": everyone("GET", "/api/v1/"),
    "set_language": everyone("POST", "/i18n/setlang/", 302),
    "data-saver": everyone("POST", "/data-saver/", 302),
    "javascript-catalog": everyone("GET", "/es/jsi18n/"),
    "search": everyone("GET", "/es/search/?q=cobre"),
    "login": anonymous_only("GET", "/es/accounts/login/"),
    "wagtailcore_login": anonymous_only("GET", "/es/accounts/login/"),
    "signup": anonymous_only("GET", "/es/accounts/signup/"),
    "wagtail_serve": everyone("GET", "/es/catalogo/"),
    "wagtailcore_authenticate_with_password": everyone("GET", "/es/_util/authenticate_with_password/1/1/", 404),
    "wagtailimages_serve": everyone("GET", "/images/bad-signature/1/original/x.png", 403),
    "wagtaildocs_serve": everyone("GET", "/documents/1/x.pdf", 404),
    "wagtaildocs_authenticate_with_password": everyone("GET", "/documents/authenticate_with_password/1/", 404),
    # The public: impact, datasets, certificate verification, module packages.
    "impact:dashboard": everyone("GET", "/es/impact/"),
    "impact:csv": everyone("GET", "/es/impact/impact.csv"),
    "impact:hdf5": everyone("GET", "/es/impact/impact.h5"),
    "impact:learning-records": only({"researcher"}, "GET", "/es/impact/learning-records.h5", refused=403,
                                    anonymous=403),
    "datasets:list": everyone("GET", "/es/datasets/"),
    "datasets:detail": everyone("GET", "/es/datasets/{dataset}/"),
    "datasets:download-hdf5": everyone("GET", "/es/datasets/{dataset}/download.h5"),
    "datasets:download-csv": everyone("GET", "/es/datasets/{dataset}/download.csv"),
    "datasets:chart-png": everyone("GET", "/es/datasets/{dataset}/chart.png?x=country&y=production"),
    "contributions:download": everyone("GET", "/es/packages/{module_slug}.zip"),
    "progress:certificate-verify": everyone("GET", "/es/verify/{verification_key}/"),
    "progress:certificate-badge": everyone("GET", "/es/verify/{verification_key}/badge.json"),
    "progress:certificate-badge-png": everyone("GET", "/es/verify/{verification_key}/badge.png"),
    # Open Badges 3.0 ids a verifier dereferences: the issuer profile (its keys), achievements, status lists.
    "badges:issuer": everyone("GET", "/ob/issuer.json"),
    "badges:achievement": everyone("GET", "/ob/achievements/module/{achievement_key}/es.json"),
    "badges:status-list": everyone("GET", "/ob/status/0.json"),
    "badges:achievement-image": everyone("GET", "/ob/achievements/module/{achievement_key}/es.png"),
    # The installable web app and what a device stores to read a module offline: public content (docs/offline.md).
    "web-manifest": everyone("GET", "/manifest.webmanifest"),
    "service-worker": everyone("GET", "/sw.js"),
    "offline:module": everyone("GET", "/offline/modules/{module}/es.json"),
    # A learner's own records.
    "progress:my-learning": signed_in("GET", "/es/learning/"),
    "progress:export-my-data": signed_in("GET", "/es/learning/my-data.json"),
    "progress:delete-account": signed_in("GET", "/es/learning/delete-account/"),
    "progress:certificate": only(STUDENT, "GET", "/es/certificates/{certificate}/"),
    "progress:certificate-png": only(STUDENT, "GET", "/es/certificates/{certificate}.png"),
    "progress:certificate-pdf": only(STUDENT, "GET", "/es/certificates/{certificate}.pdf"),
    "progress:lesson-visit": signed_in("POST", "/es/learning/visit/{lesson}/", anonymous=403),
    "progress:enrol": signed_in("POST", "/es/learning/enrol/{module}/", 302),
    "progress:complete-lesson": signed_in("POST", "/es/learning/complete/{lesson}/", 302),
    # Classes: their teacher only; other teachers and students get "not found".
    "teachers:classes": signed_in("GET", "/es/classes/"),
    "teachers:class-create": only(TEACHERS, "GET", "/es/classes/new/", refused=403),
    "teachers:join": signed_in("GET", "/es/classes/join/"),
    "teachers:my-assignments": signed_in("GET", "/es/assignments/"),
    "teachers:class": only(TEACHER, "GET", "/es/classes/{classroom}/"),
    "teachers:qr": only(TEACHER, "GET", "/es/classes/{classroom}/qr.svg"),
    "teachers:assignments": only(TEACHER, "GET", "/es/classes/{classroom}/assignments/"),
    "teachers:report": only(TEACHER, "GET", "/es/classes/{classroom}/report/"),
    "teachers:join-screen": only(TEACHER, "GET", "/es/classes/{classroom}/join-screen/"),
    "teachers:assignment-edit": only(TEACHER, "GET", "/es/classes/{classroom}/assignments/{assignment}/edit/"),
    "teachers:assignment-delete": only(TEACHER, "GET", "/es/classes/{classroom}/assignments/{assignment}/delete/"),
    "teachers:student": only(TEACHER, "GET", "/es/classes/{classroom}/students/{student}/"),
    "teachers:present": only(TEACHER, "GET", "/es/classes/{classroom}/lessons/{lesson_key}/present/"),
    "teachers:present-pick": only(TEACHER, "GET", "/es/classes/{classroom}/present/?lesson={lesson}", 302),
    "teachers:worksheet": only(TEACHER, "GET", "/es/classes/{classroom}/worksheets/{quiz_key}/"),
    "teachers:answer-key": only(TEACHER, "GET", "/es/classes/{classroom}/worksheets/{quiz_key}/answers/"),
    "teachers:teacher-guide": only(TEACHERS | ADMIN_ROLES, "GET", "/es/lessons/{lesson}/teacher-guide/"),
    "teachers:paper": only(TEACHER, "GET", "/es/classes/{classroom}/assignments/{assignment}/paper/"),
    "teachers:add-co-teacher": only(TEACHER, "POST", "/es/classes/{classroom}/co-teachers/", 302),
    "teachers:create-student": only(TEACHER, "POST", "/es/classes/{classroom}/students/new/", 400),
    "teachers:roster": only(TEACHER, "POST", "/es/classes/{classroom}/roster/", 400),
    "teachers:member": only(TEACHER, "POST", "/es/classes/{classroom}/members/{membership}/", 302),
    "teachers:extension": only(TEACHER, "POST", "/es/classes/{classroom}/assignments/{assignment}/extension/", 302),
    "teachers:attempt-answers": only(TEACHER, "GET", "/es/classes/{classroom}/students/{student}/attempts/{attempt}/"),
    # The world's attempt is open: the class's teacher is sent back with "only the essays of a submitted attempt".
    "teachers:grade-essay": only(TEACHER, "POST", "/es/classes/{classroom}/students/{student}/attempts/{attempt}/questions/1/grade/",
                                 302),
    "teachers:extra-attempt": only(TEACHER, "POST", "/es/classes/{classroom}/students/{student}/extra-attempts/{assignment}/",
                                   302),
    # Nobody here: the world's student has an account of their own, not one a roster created
    # (tests/teachers/test_roster.py resets a roster account's password).
    "teachers:reset-password": only(set(), "POST", "/es/classes/{classroom}/students/{student}/password/"),
    "teachers:choose-password": signed_in("GET", "/es/classes/password/"),
    # LTI 1.3 (docs/lti.md): the key set is public; login and launch answer an LMS's requests, so without a
    # registered platform or a signed id_token everybody gets the refusal page; the deep-linking answer needs a
    # deep-linking launch in the session; a roster sync needs a class made from an LMS course (the world has none).
    "lti:jwks": everyone("GET", "/lti/jwks.json"),
    "lti:login": everyone("GET", "/lti/login/", 400),
    "lti:launch": everyone("POST", "/lti/launch/", 400),
    "lti:deep-link": everyone("POST", "/lti/deep-link/", 400),
    "lti:sync-roster": only(set(), "POST", "/lti/classes/{classroom}/sync/"),
    # Offline study (docs/offline.md): one's own draws and records; JSON 403 for the anonymous, never a redirect.
    "offline:draw": Expect("POST", "/offline/quizzes/{quiz}/draw/", frozenset(SIGNED_IN), 201, anonymous=403),
    "offline:sync": Expect("GET", "/offline/sync/?ids={attempt_record}", frozenset(SIGNED_IN), 200, anonymous=403),
    # Wagtail admin screens of our own apps: curators revoke certificates and see every import.
    "contributions_upload": admin_screen({"contributor", "curator"}, "/admin/packages/upload/"),
    "contributions_import_status": admin_screen({"contributor", "curator"},
                                                "/admin/packages/imports/{package_import}/"),
    "contributions_translations": admin_screen({"translator", "curator"}, "/admin/translations/needed/"),
    "quizzes_import": admin_screen(set(), "/admin/quizzes/import/"),  # needs quizzes.add_question: no role has it
    "quizzes_export_qti": admin_screen(set(), "/admin/quizzes/export/es.qti.zip"),  # the same permission
    # who may edit the module (its quiz answers are in it); the world's module is not the contributor's institution's
    "contributions_cartridge": admin_screen({"translator", "curator"}, "/admin/packages/{module}/cartridge.imscc"),
    "lti_tool": admin_screen(set(), "/admin/lti/"),  # the tool's URLs for LMS administrators: superusers
    "progress_certificates:index": admin_screen({"curator"}, "/admin/certificates/"),
    "progress_certificates:index_results": admin_screen({"curator"}, "/admin/certificates/results/"),
    "progress_certificate_revoke": admin_screen({"curator"}, "/admin/certificates/revoke/{certificate}/"),
    "progress_signing_keys": admin_screen(set(), "/admin/certificates/signing-keys/"),  # superusers only
    # Wagtail's own snippet screen, with the bank's "used in" added (quizzes/wagtail_hooks.py).
    "wagtailsnippets_quizzes_question:inspect": admin_screen({"translator"},
                                                             "/admin/snippets/quizzes/question/inspect/{question}/"),
    # The API: the curriculum is public; "me/" is one's own; classes are their teacher's.
    "GET level-list": everyone("GET", "/api/v1/levels/"),
    "GET theme-list": everyone("GET", "/api/v1/themes/"),
    "GET theme-detail": everyone("GET", "/api/v1/themes/{theme}/"),
    "GET mineral-list": everyone("GET", "/api/v1/minerals/"),
    "GET mineral-detail": everyone("GET", "/api/v1/minerals/{mineral}/"),
    "GET outcome-list": everyone("GET", "/api/v1/outcomes/"),
    "GET outcome-detail": everyone("GET", "/api/v1/outcomes/{outcome}/"),
    "GET case-list": everyone("GET", "/api/v1/case/"),
    "GET module-list": everyone("GET", "/api/v1/modules/"),
    "GET module-detail": everyone("GET", "/api/v1/modules/{module}/"),
    "GET lesson-list": everyone("GET", "/api/v1/lessons/"),
    "GET lesson-detail": everyone("GET", "/api/v1/lessons/{lesson}/"),
    "GET glossary-list": everyone("GET", "/api/v1/glossary/"),
    "GET glossary-detail": everyone("GET", "/api/v1/glossary/{glossary_term}/"),
    "GET quiz-list": everyone("GET", "/api/v1/quizzes/"),
    "GET quiz-detail": everyone("GET", "/api/v1/quizzes/{quiz}/"),
    "GET impact-list": everyone("GET", "/api/v1/impact/"),
    "GET certificate-verification-detail": everyone("GET", "/api/v1/certificates/verify/{verification_key}/"),
    "GET my-enrolment-list": api_signed_in("GET", "/api/v1/me/enrolments/"),
    "GET my-enrolment-detail": only(STUDENT, "GET", "/api/v1/me/enrolments/{enrolment}/", anonymous=API_REFUSED),
    "GET my-lesson-progress-list": api_signed_in("GET", "/api/v1/me/lessons/"),
    "GET my-lesson-progress-detail": only(STUDENT, "GET", "/api/v1/me/lessons/{lesson_progress}/",
                                          anonymous=API_REFUSED),
    "GET my-statement-list": api_signed_in("GET", "/api/v1/me/statements/"),
    "GET my-certificate-list": api_signed_in("GET", "/api/v1/me/certificates/"),
    "GET my-certificate-detail": only(STUDENT, "GET", "/api/v1/me/certificates/{certificate}/", anonymous=API_REFUSED),
    "GET my-mastery-list": api_signed_in("GET", "/api/v1/me/mastery/"),
    "GET my-quiz-attempt-list": api_signed_in("GET", "/api/v1/me/quiz-attempts/"),
    "GET my-quiz-attempt-detail": only(STUDENT, "GET", "/api/v1/me/quiz-attempts/{attempt}/", anonymous=API_REFUSED),
    "GET my-quiz-attempt-results": only(STUDENT, "GET", "/api/v1/me/quiz-attempts/{attempt}/results/", 409,
                                        anonymous=API_REFUSED),
    "POST my-quiz-attempt-answers": only(STUDENT, "POST", "/api/v1/me/quiz-attempts/{attempt}/answers/",
                                         anonymous=API_REFUSED),
    "GET classroom-list": api_signed_in("GET", "/api/v1/classes/"),
    "GET classroom-detail": only(TEACHER, "GET", "/api/v1/classes/{classroom}/", anonymous=API_REFUSED),
    "GET classroom-members": only(TEACHER, "GET", "/api/v1/classes/{classroom}/members/", anonymous=API_REFUSED),
    "GET classroom-report": only(TEACHER, "GET", "/api/v1/classes/{classroom}/report/", anonymous=API_REFUSED),
    "PATCH classroom-member": api(TEACHER, "PATCH", "/api/v1/classes/{classroom}/members/{membership}/",
                                  data={"group": "B"}),
    "POST classroom-members": api(TEACHER, "POST", "/api/v1/classes/{classroom}/members/", 201,
                                  data={"username": "sec-new-student"}),
    "POST classroom-move-member": api(TEACHER, "POST", "/api/v1/classes/{classroom}/members/{membership}/move/", 400,
                                      data={"classroom": "{other_classroom}"}),
    "POST classroom-list": api(TEACHERS, "POST", "/api/v1/classes/", 201, refused=403,
                               data={"name": "Nueva", "level": "secondary", "language": "es"}),
    "POST classroom-join": api_signed_in("POST", "/api/v1/classes/join/", 400, data={"code": "AAAAAAAA"}),
    # A school server's records: only an account given "Can send school records" (no role has it).
    "POST record-sync-list": api(set(), "POST", "/api/v1/records/sync/", refused=403),
    "GET assignment-list": api_signed_in("GET", "/api/v1/assignments/"),
    "GET assignment-mine": api_signed_in("GET", "/api/v1/assignments/mine/"),
    "GET assignment-detail": only(TEACHER, "GET", "/api/v1/assignments/{assignment}/", anonymous=API_REFUSED),
    "POST assignment-list": api(TEACHER, "POST", "/api/v1/assignments/", 201,
                                data={"classroom": "{classroom}", "page": "{lesson}", "audience": "class"}),
    # 201 for a new attempt; the student resumes the open one (200).
    "POST quiz-attempts": api(SIGNED_IN - STUDENT, "POST", "/api/v1/quizzes/{quiz}/attempts/", 201, refused=200),
    # 200: "complete-lesson" above already completed it.
    "POST my-lesson-progress-complete": api_signed_in("POST", "/api/v1/me/lessons/complete/", 200,
                                                      data={"lesson": "{lesson}"}),
    # Last: the actions that change the world.
    "POST my-quiz-attempt-submit": only(STUDENT, "POST", "/api/v1/me/quiz-attempts/{attempt}/submit/",
                                        anonymous=API_REFUSED),
    "DELETE classroom-member": only(TEACHER, "DELETE", "/api/v1/classes/{classroom}/members/{membership}/", 204,
                                    anonymous=API_REFUSED),
    "teachers:renew-code": only(TEACHER, "POST", "/es/classes/{classroom}/code/", 302),
    "teachers:archive": only(TEACHER, "POST", "/es/classes/{classroom}/archive/", 302),
    "teachers:leave": only(STUDENT, "POST", "/es/classes/{classroom}/leave/", 302),
    "logout": everyone("POST", "/es/accounts/logout/", 302),
}


# --- the routes, found by walking the URLconf ----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str
    pattern: str
    admin: bool  # one of Wagtail's or Django's own admin screens


OWN_APPS = ("accounts", "alma", "curriculum", "datasets", "quizzes", "lessons", "progress", "teachers",
            "contributions", "offline", "impact", "lti")
FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>")


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            pattern = "" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + pattern, inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def all_routes() -> list[Route]:
    routes = {}
    for pattern, entry, namespace in walk(get_resolver().url_patterns):
        if FORMAT_SUFFIX.search(pattern):  # DRF's ".json" twin of a route: the same view, the same checks
            continue
        module = getattr(entry.callback, "__module__", "") or ""
        own = module.split(".")[0] in OWN_APPS or not pattern.startswith(("admin/", "django-admin/"))
        name = f"{namespace}{entry.name}" if entry.name else pattern
        actions = getattr(entry.callback, "actions", None)  # a DRF viewset: one key per HTTP method
        keys = [f"{method.upper()} {name}" for method in actions if method != "head"] if actions else [name]
        for key in keys:
            routes.setdefault(key, Route(key, pattern, admin=not own))
    return list(routes.values())


def test_every_route_is_in_the_matrix():
    own = {route.key for route in all_routes() if not route.admin}
    missing = sorted(own - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - own)
    assert not missing, f"Routes with no expectation: add it to the matrix in {__file__}: {missing}"
    assert not stale, f"Matrix entries for routes that no longer exist: {stale}"


# --- the requests --------------------------------------------------------------------------------------------------


def urls_for(world) -> dict:
    from contributions.models import PackageImport

    package_import = PackageImport.objects.create(user=world.users["contributor"], filename="m.zip", archive="x.zip")
    return {
        "classroom": world.classroom.pk, "membership": world.membership.pk, "assignment": world.assignment.pk,
        "student": world.users["student"].pk, "module": world.module.pk, "module_slug": world.module.slug,
        "lesson": world.lesson.pk, "lesson_key": world.lesson.translation_key, "quiz": world.quiz.pk,
        "quiz_key": world.quiz.translation_key, "attempt": world.attempt.pk, "certificate": world.certificate.pk,
        "verification_key": world.certificate.verification_key, "achievement_key": world.certificate.achievement_key,
        "enrolment": world.enrolment.pk, "lesson_progress": world.lesson_progress.pk, "dataset": world.dataset.slug,
        "theme": world.theme.code, "mineral": world.mineral.code, "outcome": world.outcome.code,
        "glossary_term": world.glossary_term.code, "package_import": package_import.pk,
        "other_classroom": world.other_classroom.pk, "question": world.quiz.slots.first().question_id,
        "attempt_record": "4b0c1f0e-7a43-4d53-9a51-5c2f0e6f2b10",
    }


def request(client, expect, values):
    call = getattr(client, expect.method.lower())
    path = expect.path.format(**values)
    if not path.startswith("/api/") or expect.method == "GET":
        return path, call(path)
    data = {name: values[value[1:-1]] if value.startswith("{") else value for name, value in expect.data}
    return path, call(path, data, content_type="application/json")


def outcome(response, expected):
    """Whether the response is the expected one; LOGIN and API_REFUSED stand for a family of answers."""
    if expected == LOGIN:
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    if expected == API_REFUSED:
        return response.status_code in (401, 403)
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith("/admin/login/")
    if expected == ADMIN_REFUSED:
        return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
    return response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_matrix_says(client, world, role):
    user = world.users[role]
    if user:
        client.force_login(user)
    values = urls_for(world)
    wrong = []
    for key, expect in EXPECTED.items():
        expected = expect.status_for(role)
        path, response = request(client, expect, values)
        if not outcome(response, expected):
            where = f" → {response['Location']}" if response.status_code in (301, 302) else ""
            wrong.append(f"{key}: {expect.method} {path} gave {response.status_code}{where}, expected {expected}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def sample_path(pattern: str) -> str:
    """A concrete path for an admin pattern: every parameter filled with a plausible value."""
    path = pattern
    while "(?P<" in path:  # a regex group, parentheses balanced, becomes "1"
        start, depth = path.index("(?P<"), 0
        for end in range(start, len(path)):
            depth += {"(": 1, ")": -1}.get(path[end], 0)
            if depth == 0:
                break
        path = path[:start] + "1" + path[end + 1:]
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001"}
                  .get(m.group(1), "x"), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


# Admin screens that answer everyone: signing in and out, and resetting a password.
PUBLIC_ADMIN = re.compile(r"^(admin|django-admin)/(login|logout|password_reset|sprite|jsi18n)")


# Admin access is one permission, so one role of each kind stands for the others: the anonymous, a learner,
# and a researcher (who holds a permission of their own, but not admin access).
@pytest.mark.parametrize("role", ["anonymous", "student", "researcher"])
def test_admin_screens_turn_away_everyone_without_admin_access(client, world, role):
    user = world.users[role]
    if user:
        client.force_login(user)
    let_in = []
    for route in all_routes():
        if not route.pattern.startswith(("admin/", "django-admin/")) or PUBLIC_ADMIN.match(route.pattern):
            continue
        path = sample_path(route.pattern)
        response = client.get(path)
        refused = response.status_code in (403, 404, 405) or (
            response.status_code == 302 and "login" in response["Location"])
        if not refused:
            let_in.append(f"{route.key}: GET {path} gave {response.status_code}")
    assert not let_in, f"{role} got into admin screens:\n" + "\n".join(let_in)
