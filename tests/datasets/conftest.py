import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield
