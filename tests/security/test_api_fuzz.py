"""Schemathesis against the published OpenAPI schema, in process (WSGI).

Every operation is fuzzed from its schema (examples, coverage cases and random
cases) with a teacher's token and a student's token. Path ids point at the
world's real objects, so cases reach past "not found" (a made-up id is the route
matrix's business). The bar: no server error, every response matches the
published schema, and every operation answers at least one case with a 2xx.
The operations are split between two tests so pytest-xdist runs them side by
side; ``EXAMPLES_PER_OPERATION`` bounds the random cases.
"""

from collections import defaultdict

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.factories import UserFactory

# Every 4xx is not documented per operation, so the status-code check is left out: a 4xx is an answer, a 5xx is not.
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 10
FUZZ_SETTINGS = settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])


def path_ids(world) -> dict:
    """The real object each collection's path parameter names."""
    return {
        "/api/v1/assignments/": world.assignment.pk, "/api/v1/classes/": world.classroom.pk,
        "/api/v1/quizzes/": world.quiz.pk, "/api/v1/modules/": world.module.pk, "/api/v1/lessons/": world.lesson.pk,
        "/api/v1/me/quiz-attempts/": world.attempt.pk, "/api/v1/me/enrolments/": world.enrolment.pk,
        "/api/v1/me/lessons/": world.lesson_progress.pk, "/api/v1/me/certificates/": str(world.certificate.pk),
        "/api/v1/certificates/verify/": str(world.certificate.pk), "/api/v1/themes/": world.theme.code,
        "/api/v1/minerals/": world.mineral.code, "/api/v1/outcomes/": world.outcome.code,
        "/api/v1/glossary/": world.glossary_term.code,
    }


def overrides_for(operation, world) -> Override:
    """Path parameters set to real objects."""
    ids, values = path_ids(world), {}
    for parameter in operation.path_parameters:
        if parameter.name == "membership_id":
            values[parameter.name] = world.membership.pk
            continue
        collection = operation.path[:operation.path.index("{" + parameter.name + "}")]
        assert collection in ids, f"{operation.label}: add an object of {collection} to path_ids()"
        values[parameter.name] = ids[collection]
    return Override(path_parameters=values)


PARTS = 2


@pytest.fixture
def keep_the_test_connection():
    """The WSGI app is called directly: like Django's test client, do not let the end of a request close the
    test's database connection (on PostgreSQL that closes the test's transaction with it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_the_test_connection")
@pytest.mark.parametrize("part", range(PARTS))
def test_api_answers_fuzzed_input_without_errors_and_as_documented(world, part):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    # "identity": the WSGI client would not undo GZipMiddleware's compression.
    headers = {role: {"Authorization": f"Token {world.tokens[role]}", "Accept-Encoding": "identity"}
               for role in ("teacher", "student")}
    # Only an account given "Can send school records" reaches past the permission check of the records sync.
    school_server = UserFactory()
    school_server.user_permissions.add(Permission.objects.get(codename="send_school_records"))
    sync_headers = {**headers, "school-server": {"Authorization": f"Token {Token.objects.create(user=school_server).key}",
                                                 "Accept-Encoding": "identity"}}
    failures, reached = [], defaultdict(set)

    def checker(operation):
        @FUZZ_SETTINGS
        def check(case):
            for role, role_headers in (sync_headers if operation.path == "/api/v1/records/sync/" else headers).items():
                response = case.call(headers=role_headers)
                reached[operation.label].add(response.status_code)
                try:
                    case.validate_response(response, checks=CHECKS, headers=role_headers)
                except (AssertionError, FailureGroup) as error:
                    failures.append(f"{role} {operation.label}: {str(error)[:1500]}")
        return check

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40, "the schema lost its operations"
    for operation in operations[part::PARTS]:
        config = HypothesisTestConfig(project=schema.config, override=overrides_for(operation, world),
                                      modes=[HypothesisTestMode.EXAMPLES, HypothesisTestMode.COVERAGE,
                                             HypothesisTestMode.FUZZING])
        create_test(operation=operation, test_func=checker(operation), config=config)()

    unreached = [op.label for op in operations[part::PARTS] if not any(200 <= c < 300 for c in reached[op.label])]
    assert not failures, "\n".join(failures[:40])
    assert not unreached, f"never answered with a 2xx: {unreached}"
