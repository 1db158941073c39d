from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from accounts.models import Institution
from contributions.loader import load_tree
from curriculum.models import ModulePage
from lessons.models import LessonPage
from tests.factories import InstitutionFactory, UserFactory

from .conftest import lesson
from .test_import_package import zip_folder


def member(role, institution=None, **extra):
    user = UserFactory(institution=institution, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def framework(site_pages, content_tree):
    load_tree(content_tree / "framework")
    return content_tree / "modules" / "agua-y-mineria"


def upload(client, archive, **data):
    with open(archive, "rb") as handle:
        return client.post(reverse("contributions_upload"),
                           {"package": SimpleUploadedFile("agua.zip", handle.read()), **data}, follow=True)


def test_a_contributor_sees_every_problem_then_imports_drafts(client, framework, tmp_path):
    uchile = InstitutionFactory(slug="u-chile", name="Universidad de Chile")
    client.force_login(member("Contributor", uchile))
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("contributions_upload") in response.content.decode()

    good = {p: p.read_text() for p in (framework / "lessons").iterdir()}
    (framework / "lessons/02-relaves.en.md").unlink()
    (framework / "lessons/01-agua.en.md").write_text(lesson("Water", "[x](javascript:alert(1))"))
    (framework / "lessons/02-relaves.es.md").write_text(lesson("Relaves", outcomes='["ZZ-SEC-99"]'))
    response = upload(client, zip_folder(framework, tmp_path / "bad.zip"))
    page = response.content.decode()
    assert page.count("<li><code>") == 3
    assert "02-relaves.en.md" in page and "01-agua.en.md:" in page and "ZZ-SEC-99" in page
    assert ModulePage.objects.count() == 0

    for path, text in good.items():
        path.write_text(text)
    response = upload(client, zip_folder(framework, tmp_path / "good.zip"))
    assert "<li><code>" not in response.content.decode()
    assert ModulePage.objects.count() == 2 and not ModulePage.objects.filter(live=True).exists()
    assert LessonPage.objects.count() == 4


def test_a_contributor_cannot_import_another_institutions_module(client, framework, tmp_path):
    client.force_login(member("Contributor", InstitutionFactory(slug="u-lima")))
    response = upload(client, zip_folder(framework, tmp_path / "m.zip"))
    assert response.content.decode().count("<li><code>module.toml") == 1
    assert ModulePage.objects.count() == 0


def test_a_contributor_cannot_upload_the_framework(client, framework, tmp_path):
    from curriculum.models import Theme

    client.force_login(member("Contributor", InstitutionFactory(slug="u-lima")))
    themes = Theme.objects.count()
    (framework.parent.parent / "framework" / "themes.toml").write_text(
        '[[theme]]\ncode = "new-theme"\nname = { es = "Nuevo", en = "New" }\n')
    response = upload(client, zip_folder(framework.parent.parent / "framework", tmp_path / "f.zip"))
    assert response.content.decode().count("<li><code>package") == 1
    assert Theme.objects.count() == themes


def test_uploads_are_drafts_even_for_curators_and_a_learner_may_not_upload(client, framework, tmp_path):
    """An upload never skips the review checklist: the modules arrive as drafts."""
    client.force_login(member("Curator"))
    upload(client, zip_folder(framework, tmp_path / "m.zip"))
    assert ModulePage.objects.count() == 2 and not ModulePage.objects.filter(live=True).exists()
    client.force_login(member("Learner"))
    assert client.get(reverse("contributions_upload")).status_code in (302, 403)


def test_contributors_edit_only_their_institutions_modules(client, framework):
    load_tree(framework)
    module = ModulePage.objects.get(locale__language_code="es")
    lesson_page = LessonPage.objects.child_of(module).first()
    uchile = Institution.objects.get(slug="u-chile")
    client.force_login(member("Contributor", InstitutionFactory(slug="u-lima")))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).status_code == 403
    assert client.get(reverse("wagtailadmin_pages:edit", args=[lesson_page.pk])).status_code == 403
    assert client.get(reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", module.pk])).status_code == 403
    client.force_login(member("Contributor", uchile))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[lesson_page.pk])).status_code == 200


def test_a_contributor_without_an_institution_is_told_what_to_do(client, framework, tmp_path):
    client.force_login(member("Contributor"))
    page = upload(client, zip_folder(framework, tmp_path / "m.zip")).content.decode()
    assert "tu cuenta no está vinculada a una institución" in page and '"None"' not in page  # the admin is in Spanish
    assert not ModulePage.objects.exists()


def test_a_module_without_institution_is_credited_to_the_contributors_and_they_can_open_it(client, framework, tmp_path):
    manifest = framework / "module.toml"
    manifest.write_text(manifest.read_text().split("[institution]")[0] + '[[authors]]\nname = "Ana Pérez"\n')
    uchile = InstitutionFactory(slug="u-chile", name="Universidad de Chile")
    client.force_login(member("Contributor", uchile))
    assert "Importas módulos para Universidad de Chile" in client.get(reverse("contributions_upload")).content.decode()
    upload(client, zip_folder(framework, tmp_path / "m.zip"))
    module = ModulePage.objects.get(locale__language_code="es")
    assert module.institution == uchile
    assert client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).status_code == 200


def test_package_images_go_to_the_institutions_collection_that_contributors_may_use(client, framework):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    uchile = InstitutionFactory(slug="u-chile-2", name="Universidad de Chile (Valdivia)")
    contributor = member("Contributor", uchile)
    permission_policy = policy_registry.get_by_type(get_image_model())
    collections = permission_policy.collections_user_has_permission_for(contributor, "add")
    assert [c.name for c in collections] == ["Universidad de Chile (Valdivia)"]
    assert permission_policy.user_has_permission(contributor, "choose")
    client.force_login(contributor)
    assert client.get(reverse("wagtailimages:add_multiple")).status_code == 200
