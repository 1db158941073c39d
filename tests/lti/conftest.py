import pytest
from django.test import Client
from lti_tool.models import LtiDeployment, LtiRegistration

from tests.lti.platform import Platform


@pytest.fixture
def platform():
    simulated = Platform()
    yield simulated
    simulated.close()


@pytest.fixture
def registration(db, platform):
    """The platform registered by an administrator, with its deployment active; the platform
    reads the tool's key set from its public URL, as an LMS does when the tool is added."""
    registration = LtiRegistration.objects.create(**platform.registration_fields())
    LtiDeployment.objects.create(registration=registration, deployment_id=platform.deployment_id, is_active=True)
    response = Client().get("/lti/jwks.json")
    assert response.status_code == 200
    platform.tool_jwks = response.json()
    return registration
