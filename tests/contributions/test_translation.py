"""Translators bring a module into a third language with wagtail-localize, and
see what still needs translating."""

import polib
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation

from contributions.loader import load_tree
from contributions.translations import MISSING, OUT_OF_DATE, TRACKED, what_needs_translating
from curriculum.models import ModulePage, Theme
from lessons.models import LessonPage
from tests.factories import UserFactory

FRENCH = {"Agua y minería": "L'eau et l'exploitation minière", "Cómo se usa el agua.": "Comment l'eau est utilisée."}


def member(role, institution=None):
    user = UserFactory(institution=institution)
    user.groups.add(Group.objects.get(name=role))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks the user's language; assertions are in English
    profile.save()
    return user


@pytest.fixture
def module(site_pages, content_tree):
    load_tree(content_tree)
    return ModulePage.objects.get(locale__language_code="es")


def status(locale_code, model):
    report = next(r for r in what_needs_translating() if r.locale.language_code == locale_code)
    return {(i.title, i.status) for i in report.items if i.model is model}


def publish(client, page_pk, capture):
    """wagtail-localize publishes a translation when the transaction commits."""
    with capture(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page_pk]), {"action": "publish"})
    assert response.status_code == 302


def translate_to_french(client, page, capture):
    """Submit, download the PO file, translate it, upload it, publish: as a translator does."""
    fr = Locale.objects.get(language_code="fr")
    with capture(execute=True):
        response = client.post(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [fr.pk]})
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=fr)
    french = page.get_translation(fr)
    assert not french.live  # started, not published: learners do not see the untranslated copy
    po = polib.pofile(client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk])).content.decode())
    for entry in po:
        entry.msgstr = FRENCH.get(entry.msgid, entry.msgid)
    edit = reverse("wagtailadmin_pages:edit", args=[french.pk])
    client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
                {"file": SimpleUploadedFile("fr.po", str(po).encode()), "next": edit})
    assert client.get(edit).status_code == 200  # wagtail-localize's translation editor
    publish(client, french.pk, capture)
    french.refresh_from_db()
    return french


def test_a_translator_translates_a_module_by_po_file_and_publishes_it(client, module, django_capture_on_commit_callbacks):
    client.force_login(member("Translator"))
    assert status("fr", ModulePage) == {("Agua y minería", MISSING)}
    dashboard = client.get(reverse("contributions_translations")).content.decode()
    assert reverse("wagtail_localize:submit_page_translation", args=[module.pk]) in dashboard

    french = translate_to_french(client, module, django_capture_on_commit_callbacks)
    assert french.live and french.title == "L'eau et l'exploitation minière"
    assert french.specific.summary == "Comment l'eau est utilisée."
    assert client.get(french.url).status_code == 200
    assert status("fr", ModulePage) == set()
    assert ("Agua y minería", MISSING) not in status("fr", ModulePage)


def test_a_changed_source_marks_the_translation_out_of_date_until_synced_and_republished(
        client, module, django_capture_on_commit_callbacks):
    translator = member("Translator")
    client.force_login(translator)
    translate_to_french(client, module, django_capture_on_commit_callbacks)
    assert status("fr", ModulePage) == set()

    module.title = "Agua y minería responsable"
    module.save_revision(user=member("Curator")).publish()
    assert status("fr", ModulePage) == {("Agua y minería responsable", OUT_OF_DATE)}
    page = client.get(reverse("contributions_translations")).content.decode()
    assert "Out of date" in page

    source = Translation.objects.get(source__object_id=module.translation_key).source
    response = client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {})
    assert response.status_code == 302
    assert status("fr", ModulePage) == {("Agua y minería responsable", OUT_OF_DATE)}  # synced, new strings to translate
    french = module.get_translation(Locale.objects.get(language_code="fr"))
    publish(client, french.pk, django_capture_on_commit_callbacks)
    assert status("fr", ModulePage) == set()


def test_the_dashboard_lists_missing_snippets_and_pages_in_one_query_per_model(client, module, django_assert_num_queries):
    report = {r.locale.language_code: r for r in what_needs_translating()}
    assert report["es"].items == [] and report["en"].items == []
    pt = {(i.model.__name__, i.status) for i in report["pt"].items}
    assert ("Theme", MISSING) in pt and ("LessonPage", MISSING) in pt and ("GlossaryTerm", MISSING) in pt
    with django_assert_num_queries(1 + len(TRACKED)):  # the locales, then one per model
        what_needs_translating()


def test_the_dashboard_is_for_translators_and_curators(client, module):
    url = reverse("contributions_translations")
    client.force_login(member("Curator"))
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(member("Contributor"))
    assert client.get(url).status_code in (302, 403)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_translators_publish_translations_not_sources(client, module):
    client.force_login(member("Translator"))
    lesson = LessonPage.objects.child_of(module).first()
    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
                           {"title": lesson.title, "slug": lesson.slug, "action-publish": "publish"})
    assert response.status_code == 403
    assert client.post(reverse("wagtailadmin_pages:unpublish", args=[lesson.pk])).status_code == 403


def test_a_translator_translates_a_framework_snippet(client, module):
    client.force_login(member("Translator"))
    theme = Theme.objects.get(code="water", locale__language_code="es")
    fr = Locale.objects.get(language_code="fr")
    response = client.post(reverse("wagtail_localize:submit_snippet_translation", args=["curriculum", "theme", theme.pk]),
                           {"locales": [fr.pk]})
    assert response.status_code == 302
    assert Theme.objects.filter(code="water", locale=fr).exists()
    assert ("Agua", MISSING) not in status("fr", Theme)
