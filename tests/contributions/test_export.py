import zipfile

from django.core.management import call_command
from wagtail.models import Revision

from contributions.loader import load_tree
from curriculum.models import ModulePage
from lessons.models import LessonPage

from .test_import_package import add_figure


def test_import_export_import_gives_the_same_module(site_pages, content_tree, tmp_path):
    module_dir = content_tree / "modules" / "agua-y-mineria"
    add_figure(module_dir)
    load_tree(content_tree)
    revisions = Revision.objects.count()
    before = {p.pk: (p.title, p.slug, p.minutes, p.body.get_prep_value()) for p in LessonPage.objects.all()}

    call_command("export_package", "agua-y-mineria", str(tmp_path / "out"))
    exported = tmp_path / "out" / "agua-y-mineria"
    assert sorted(p.name for p in (exported / "lessons").iterdir()) == sorted(p.name for p in (module_dir / "lessons").iterdir())
    text = (exported / "lessons/01-agua.es.md").read_text()
    assert "::: callout key-idea Idea clave" in text and "::: glossary tailings" in text and "Materials:\n- Un vaso" in text
    assert "::: figure images/" in (exported / "lessons/02-relaves.es.md").read_text()

    report = load_tree(exported)
    assert report.created == [] and report.updated == [], report
    assert Revision.objects.count() == revisions
    after = {p.pk: (p.title, p.slug, p.minutes, p.body.get_prep_value()) for p in LessonPage.objects.all()}
    strip = lambda d: {k: (t, s, m, [(b["type"], b["value"]) for b in body]) for k, (t, s, m, body) in d.items()}
    assert strip(after) == strip(before)


def test_an_admin_edit_shows_in_the_export_and_the_zip(site_pages, content_tree, tmp_path):
    load_tree(content_tree)
    module = ModulePage.objects.get(locale__language_code="en")
    module.title = "Water, mining and communities"
    module.save_revision()
    call_command("export_package", "agua-y-mineria", str(tmp_path / "m.zip"))
    with zipfile.ZipFile(tmp_path / "m.zip") as archive:
        manifest = archive.read("agua-y-mineria/module.toml").decode()
    assert 'en = "Water, mining and communities"' in manifest
    assert 'name = "Ana Pérez"' in manifest and "[institution]" in manifest


def test_the_public_download_is_the_published_version(site_pages, content_tree, rf):
    import io

    from django.http import Http404

    from contributions.views import download_package

    load_tree(content_tree)
    module = ModulePage.objects.get(locale__language_code="en")
    module.title = "Unpublished draft title"
    module.save_revision()
    response = download_package(rf.get("/"), "agua-y-mineria")
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        manifest = archive.read("agua-y-mineria/module.toml").decode()
        assert "agua-y-mineria/lessons/01-agua.en.md" in archive.namelist()
    assert 'en = "Water and mining"' in manifest and "Unpublished" not in manifest
    module.unpublish()
    ModulePage.objects.get(locale__language_code="es").unpublish()
    import pytest

    with pytest.raises(Http404):
        download_package(rf.get("/"), "agua-y-mineria")
