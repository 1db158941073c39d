"""An administrator links a contributor to their institution in Wagtail's own user forms."""

from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Role, User
from tests.factories import InstitutionFactory, UserFactory


def test_admin_creates_a_contributor_with_their_institution(admin_client):
    uchile = InstitutionFactory(slug="u-chile", name="Universidad de Chile")
    contributor = Group.objects.get(name=Role.CONTRIBUTOR.value)
    form = admin_client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="institution"' in form and "Universidad de Chile" in form

    response = admin_client.post(reverse("wagtailusers_users:add"), {
        "username": "autora", "email": "autora@uchile.cl", "first_name": "Ana", "last_name": "Pérez",
        "display_name": "Ana Pérez", "institution": uchile.pk, "country": "CL",
        "password1": "Relaves-y-agua-2026", "password2": "Relaves-y-agua-2026", "groups": [contributor.pk],
    })
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="autora")
    assert user.institution == uchile and user.has_role(Role.CONTRIBUTOR) and user.country == "CL"


def test_admin_changes_a_users_institution(admin_client):
    first, second = InstitutionFactory(slug="u-chile"), InstitutionFactory(slug="unmsm")
    user = UserFactory(username="autor", institution=first, email="a@b.cl", first_name="A", last_name="B")
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    assert f'<option value="{first.pk}" selected>' in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"username": "autor", "email": "a@b.cl", "first_name": "A", "last_name": "B",
                                       "institution": second.pk, "is_active": "on"})
    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert user.institution == second
