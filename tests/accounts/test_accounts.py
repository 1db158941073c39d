from django.contrib.auth.models import Group

from accounts.models import Role, User


def test_roles_exist_as_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_signup_creates_a_learner_without_email(client, site_pages):
    response = client.post("/es/accounts/signup/", {
        "username": "camila", "display_name": "Camila", "email": "", "country": "PE",
        "password1": "Salar-de-Uyuni-2024", "password2": "Salar-de-Uyuni-2024",
    })
    assert response.status_code == 302
    user = User.objects.get(username="camila")
    assert user.has_role(Role.LEARNER) and user.email == "" and user.preferred_language == "es"


def test_signup_errors_are_shown_on_the_form(client, site_pages):
    response = client.post("/es/accounts/signup/", {"username": "x", "password1": "a", "password2": "b"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username="x").exists()


def test_login_page_in_each_language(client, site_pages):
    for code in ("es", "pt", "en", "fr"):
        assert client.get(f"/{code}/accounts/login/").status_code == 200


def test_demo_accounts_only_in_development(db, settings):
    import pytest
    from django.core.management import CommandError, call_command

    settings.ALMA_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError):
        call_command("create_demo_accounts")
    settings.ALMA_DEMO_ACCOUNTS = True
    call_command("create_demo_accounts")
    assert User.objects.get(username="teacher").has_role(Role.TEACHER)
