"""The curriculum in content/ is data the platform ships: it must always load."""

from django.conf import settings

from contributions.loader import content_packages, load_tree
from curriculum.models import LearningOutcome, ModulePage


def test_shipped_content_loads_and_every_module_is_in_the_catalogue(site_pages, client):
    report = load_tree(settings.ALMA_CONTENT_DIR)
    _framework, module_dirs = content_packages(settings.ALMA_CONTENT_DIR)
    assert len(module_dirs) >= 3
    assert LearningOutcome.objects.filter(locale__language_code="es").count() >= 20
    for code in ("es", "pt", "en"):
        catalog = site_pages["catalog"][code]
        response = client.get(catalog.url + "?page=1")
        assert response.status_code == 200
        assert response.context["result_count"] == ModulePage.objects.filter(locale__language_code=code).count()
    assert ModulePage.objects.filter(locale__language_code="es").count() == len(module_dirs)
    assert report.created
