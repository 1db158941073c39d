"""Curators revoke certificates in the Wagtail admin; nobody else may."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lessons.models import LessonPage
from progress import lesson_progress
from progress.models import Certificate
from tests.factories import UserFactory, make_module


def member(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def certificate(catalog):
    learner = UserFactory(display_name="Camila Quispe")
    module = make_module(catalog, title="Litio", lessons=1)
    lesson_progress.complete_lesson(learner, LessonPage.objects.child_of(module).specific().get())
    return Certificate.objects.get(user=learner)


def test_a_curator_lists_and_revokes_a_certificate(client, certificate):
    client.force_login(member("Curator"))
    listing = client.get(reverse("progress_certificates:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Camila Quispe" in html and "Litio" in html
    assert reverse("progress_certificate_revoke", args=[certificate.pk]) in html
    url = reverse("progress_certificate_revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Plagiarism"}).status_code == 302
    index = reverse("progress_certificates:index")
    assert "Camila Quispe" in client.get(index, {"revoked": "true"}).content.decode()
    assert "Camila Quispe" not in client.get(index, {"revoked": "false", "q": "Camila"}).content.decode()
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revocation_reason == "Plagiarism"
    assert "revoked" in client.get(f"/en/verify/{certificate.verification_key}/").content.decode().lower()
    # The listing is read-only: no adding or editing certificates.
    assert client.get(reverse("progress_certificates:add")).status_code in (302, 403)


def test_a_teacher_may_not_revoke(client, certificate):
    url = reverse("progress_certificate_revoke", args=[certificate.pk])
    teacher = member("Teacher")
    client.force_login(teacher)
    # Teachers have no admin access at all: Wagtail sends them to its sign-in page.
    assert client.post(url, {"reason": "x"}).status_code == 302
    # A teacher who also contributes (so may enter the admin) still may not revoke.
    teacher.groups.add(Group.objects.get(name="Contributor"))
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert client.get(reverse("progress_certificates:index")).status_code in (302, 403)
    certificate.refresh_from_db()
    assert not certificate.is_revoked
