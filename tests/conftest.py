import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from curriculum.models import CatalogPage, HomePage
from curriculum.site_setup import setup_site


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language: a test that activated another
    (a request, ``translation.activate``) must not change what ``reverse`` gives the next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the page tree once per test database; each test's transaction rolls back to it."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    with django_db_blocker.unblock():
        # Tables come from the models (--no-migrations); wagtail-localize still reads
        # django_migrations to date its source schema, so the table must exist.
        MigrationRecorder(connection).ensure_schema()
        setup_site()


@pytest.fixture
def site_pages(db):
    """The page tree of a fresh install: homes and catalogues in every language."""
    if not HomePage.objects.exists():  # a transactional test flushed the database
        setup_site()
    return {
        "home": {h.locale.language_code: h for h in HomePage.objects.select_related("locale")},
        "catalog": {c.locale.language_code: c for c in CatalogPage.objects.select_related("locale")},
    }


@pytest.fixture
def catalog(site_pages):
    return site_pages["catalog"]["es"]
