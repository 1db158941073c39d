"""Admin uploads run as a django-tasks background task; a status page that
refreshes itself shows "n of N pages" until the import is finished."""

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from contributions.models import PackageImport
from contributions.tasks import run_import
from curriculum.models import ModulePage

from .test_admin import framework, upload  # noqa: F401 - fixture
from .test_import_package import zip_folder
from .test_translation import member

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_an_upload_redirects_to_its_status_page_which_reports_pages(client, framework, tmp_path):  # noqa: F811
    client.force_login(member("Curator"))
    response = upload(client, zip_folder(framework, tmp_path / "m.zip"))
    job = PackageImport.objects.get()
    assert response.redirect_chain == [(reverse("contributions_import_status", args=[job.pk]), 302)]
    page = response.content.decode()
    assert "Package imported" in page and "6 of 6 pages" in page
    assert 'http-equiv="refresh"' not in page
    assert job.status == "done" and (job.pages_done, job.pages_total) == (6, 6)
    assert not default_storage.exists(job.archive)
    assert ModulePage.objects.count() == 2 and not ModulePage.objects.live().exists()
    for module in ModulePage.objects.all():
        assert reverse("wagtailadmin_pages:edit", args=[module.pk]) in page


@override_settings(TASKS=DUMMY)
def test_a_queued_import_polls_then_shows_the_result(client, framework, tmp_path):  # noqa: F811
    client.force_login(member("Curator"))
    response = upload(client, zip_folder(framework, tmp_path / "m.zip"))
    job = PackageImport.objects.get()
    page = response.content.decode()
    assert job.status == "queued" and 'http-equiv="refresh"' in page and "Waiting to start" in page
    assert not ModulePage.objects.exists()

    job.status = "running"
    job.save()
    cache.set(job.progress_key, (2, 6))
    page = client.get(reverse("contributions_import_status", args=[job.pk])).content.decode()
    assert "2 of 6 pages" in page and 'http-equiv="refresh"' in page

    assert run_import(job.pk) == "done"  # what a worker does
    page = client.get(reverse("contributions_import_status", args=[job.pk])).content.decode()
    assert "Package imported" in page and 'http-equiv="refresh"' not in page
    assert ModulePage.objects.count() == 2


def test_only_the_uploader_and_curators_see_an_import(client, framework, tmp_path):  # noqa: F811
    client.force_login(member("Curator"))
    upload(client, zip_folder(framework, tmp_path / "m.zip"))
    url = reverse("contributions_import_status", args=[PackageImport.objects.get().pk])
    client.force_login(member("Contributor"))
    assert client.get(url).status_code in (302, 403)
