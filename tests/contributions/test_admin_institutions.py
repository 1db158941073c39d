"""Contributors reach only their own institution's modules through the Wagtail
admin (issue #12): no copying or moving pages into or out of another
institution's module, no viewing its drafts, revisions or history."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page

from accounts.models import Institution
from contributions.loader import load_tree
from curriculum.models import ModulePage
from lessons.models import LessonPage
from tests.factories import UserFactory

from .conftest import MODULE


@pytest.fixture
def modules(site_pages, content_tree):
    """Two draft modules in Spanish and English: u-chile's and u-lima's."""
    load_tree(content_tree / "framework")
    chile = content_tree / "modules" / "agua-y-mineria"
    lima = content_tree / "modules" / "agua-lima"
    lima.mkdir()
    (lima / "lessons").mkdir()
    (lima / "module.toml").write_text(MODULE.replace('slug = "agua-y-mineria"', 'slug = "agua-lima"')
                                      .replace('slug = "u-chile"', 'slug = "u-lima"')
                                      .replace("Universidad de Chile", "Universidad de Lima").replace('"CL"', '"PE"'))
    for path in (chile / "lessons").iterdir():
        (lima / "lessons" / path.name).write_text(path.read_text())
    load_tree(chile, publish=False)
    load_tree(lima, publish=False)
    es = {m.slug: m for m in ModulePage.objects.filter(locale__language_code="es")}
    return es["agua-y-mineria"], es["agua-lima"]


def contributor(slug):
    user = UserFactory(institution=Institution.objects.get(slug=slug))
    user.groups.add(Group.objects.get(name="Contributor"))
    return user


def first_lesson(module):
    return LessonPage.objects.child_of(module).order_by("path").first()


def test_a_contributor_cannot_see_drafts_revisions_or_history_of_another_institution(client, modules):
    chile, lima = modules
    foreign = first_lesson(chile)
    revision = foreign.latest_revision
    urls = [
        reverse("wagtailadmin_pages:view_draft", args=[foreign.pk]),
        reverse("wagtailadmin_pages:history", args=[foreign.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[foreign.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[foreign.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[foreign.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:workflow_history", args=[foreign.pk]),
        reverse("wagtailadmin_pages:usage", args=[foreign.pk]),
        reverse("wagtailadmin_pages:history", args=[chile.pk]),
    ]
    client.force_login(contributor("u-lima"))
    for url in urls:
        assert client.get(url).status_code == 403, url
    own = first_lesson(lima)
    assert client.get(reverse("wagtailadmin_pages:view_draft", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:history", args=[own.pk])).status_code == 200
    client.force_login(contributor("u-chile"))
    for url in urls:
        assert client.get(url).status_code != 403, url


def copy(client, page, parent, slug):
    return client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), {
        "new_title": "Copia", "new_slug": slug, "new_parent_page": parent.pk, "copy_subpages": "", "alias": ""})


def test_a_contributor_cannot_copy_pages_into_or_out_of_another_institutions_module(client, modules):
    chile, lima = modules
    client.force_login(contributor("u-lima"))
    pages = Page.objects.count()
    assert copy(client, first_lesson(lima), chile, "intrusa").status_code == 403
    assert copy(client, first_lesson(chile), lima, "robada").status_code == 403
    assert client.get(reverse("wagtailadmin_pages:copy", args=[first_lesson(chile).pk])).status_code == 403
    assert Page.objects.count() == pages
    assert copy(client, first_lesson(lima), lima, "copia-propia").status_code == 302
    assert LessonPage.objects.child_of(lima).filter(slug="copia-propia").exists()


def test_a_contributor_cannot_move_pages_into_or_out_of_another_institutions_module(client, modules):
    chile, lima = modules
    client.force_login(contributor("u-lima"))
    own, foreign = first_lesson(lima), first_lesson(chile)
    # Slugs that the other module does not have, so only the institution rule can refuse the move.
    Page.objects.filter(pk=own.pk).update(slug="solo-en-lima")
    Page.objects.filter(pk=foreign.pk).update(slug="solo-en-chile")
    move = "wagtailadmin_pages:move_confirm"
    assert client.post(reverse(move, args=[own.pk, chile.pk])).status_code == 403
    assert client.post(reverse(move, args=[foreign.pk, lima.pk])).status_code == 403
    assert Page.objects.get(pk=own.pk).get_parent().pk == lima.pk
    assert Page.objects.get(pk=foreign.pk).get_parent().pk == chile.pk
    assert client.get(reverse(move, args=[own.pk, chile.pk])).status_code == 403
