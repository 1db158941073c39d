"""Administrators configure Learning Record Stores in Settings; curators may not; the secret is never shown."""

from django.contrib.auth.models import Group
from django.urls import reverse

from progress.models import LrsEndpoint
from tests.factories import UserFactory

FORM = {"name": "Ministerio", "url": "https://lrs.example.org/xAPI/", "enabled": "on", "auth": "basic",
        "username": "alma", "password": "s3cret-value", "token_url": "", "scope": "", "batch_size": "50"}


def test_an_administrator_adds_an_lrs_and_its_secret_is_never_shown_again(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    add = reverse("wagtailsnippets_progress_lrsendpoint:add")
    response = client.post(add, FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = LrsEndpoint.objects.get()
    assert endpoint.password == "s3cret-value" and endpoint.enabled
    edit = reverse("wagtailsnippets_progress_lrsendpoint:edit", args=[endpoint.pk])
    assert "s3cret-value" not in client.get(edit).content.decode()
    client.post(edit, {**FORM, "password": "", "batch_size": "20"})  # left empty: the saved one is kept
    endpoint.refresh_from_db()
    assert endpoint.password == "s3cret-value" and endpoint.batch_size == 20
    listing = client.get(reverse("wagtailsnippets_progress_lrsendpoint:list")).content.decode()
    assert "Ministerio" in listing and "s3cret-value" not in listing
    refused = client.post(add, {**FORM, "name": "OAuth", "auth": "oauth2", "batch_size": "900"})
    assert refused.status_code == 200 and not LrsEndpoint.objects.filter(name="OAuth").exists()


def test_curators_cannot_see_or_change_lrs_endpoints(client, db):
    curator = UserFactory()
    curator.groups.add(Group.objects.get(name="Curator"))
    client.force_login(curator)
    response = client.get(reverse("wagtailsnippets_progress_lrsendpoint:list"))
    assert response.status_code in (302, 403)
    assert client.post(reverse("wagtailsnippets_progress_lrsendpoint:add"), FORM).status_code in (302, 403)
    assert not LrsEndpoint.objects.exists()
