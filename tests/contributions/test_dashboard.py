"""Contributors start on their institution's modules and their review state;
curators on the review queue."""

import re

from django.urls import reverse

from accounts.landing import landing_url_for
from accounts.models import Institution
from contributions.loader import load_tree
from contributions.workflows import setup_moderation_workflow
from curriculum.models import ModulePage
from tests.factories import UserFactory

from .test_translation import member


def sign_in(client, user):
    user.set_password("Relaves-y-agua-2026")
    user.save()
    return client.post("/es/accounts/login/", {"username": user.username, "password": "Relaves-y-agua-2026"})


def test_a_contributor_lands_on_their_modules_and_follows_each_ones_review(client, site_pages, content_tree):
    setup_moderation_workflow()
    load_tree(content_tree, publish=False)
    author = member("Contributor", Institution.objects.get(slug="u-chile"))
    assert sign_in(client, author)["Location"] == reverse("wagtailadmin_home")

    def states():
        page = client.get(reverse("wagtailadmin_home")).content.decode()
        rows = re.findall(r'<td class="title"><a href="[^"]+">([^<]+)</a></td>\s*<td>[^<]*</td>\s*<td><span[^>]*>([^<]+)</span>', page)
        return sorted(rows)

    assert states() == [("Agua y minería", "Draft"), ("Water and mining", "Draft")]
    module = ModulePage.objects.get(locale__language_code="es")
    module.get_workflow().start(module, author)
    assert states() == [("Agua y minería", "In review: Institution review"), ("Water and mining", "Draft")]


def test_a_curator_lands_on_the_review_queue_first(client, site_pages, content_tree):
    setup_moderation_workflow()
    load_tree(content_tree, publish=False)
    module = ModulePage.objects.get(locale__language_code="es")
    module.get_workflow().start(module, member("Contributor", Institution.objects.get(slug="u-chile")))
    curator = member("Curator")
    english = ModulePage.objects.get(locale__language_code="en")
    english.get_workflow().start(english, curator)  # so Wagtail's "your pages in a workflow" panel shows too
    assert sign_in(client, curator)["Location"] == reverse("wagtailadmin_home")
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="awaiting-review' in page
    assert page.index('id="awaiting-review') < page.index('id="objects-in-workflow')
    assert 'id="institution-modules' not in page


def test_a_learner_lands_on_my_learning_not_the_admin(db):
    assert landing_url_for(UserFactory()) == reverse("progress:my-learning")
