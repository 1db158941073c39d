"""Each role lands on the page of its day and finds its pages in the header."""

from django.contrib.auth.models import Group
from wagtail import hooks

from accounts.landing import LANDING_HOOK, landing_url_for
from accounts.models import Role
from teachers.models import Classroom, Membership
from tests.factories import UserFactory


def _user(*roles):
    user = UserFactory()
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def test_signup_lands_on_my_learning(client, site_pages):
    response = client.post("/pt/accounts/signup/", {
        "username": "joana", "display_name": "Joana", "email": "", "country": "BR",
        "password1": "Salar-de-Uyuni-2024", "password2": "Salar-de-Uyuni-2024",
    })
    assert response.status_code == 302 and response["Location"] == "/pt/learning/"


def test_signup_keeps_a_safe_next_address_and_drops_another_site(client, site_pages):
    data = {"username": "ana", "email": "", "password1": "Salar-de-Uyuni-2024", "password2": "Salar-de-Uyuni-2024"}
    response = client.post("/es/accounts/signup/?next=/es/classes/join/%3Fcode%3DABC123", data)
    assert response["Location"] == "/es/classes/join/?code=ABC123"
    client.logout()
    data["username"] = "beto"
    response = client.post("/es/accounts/signup/?next=https://evil.example/", data)
    assert response["Location"] == "/es/learning/"


def test_learner_signs_in_to_my_learning(client, site_pages):
    learner = _user(Role.LEARNER)
    response = client.post("/es/accounts/login/", {"username": learner.username, "password": "pass-word-123"})
    assert response["Location"] == "/es/learning/"


def test_teacher_signs_in_to_my_classes(client, site_pages):
    teacher = _user(Role.LEARNER, Role.TEACHER)
    response = client.post("/es/accounts/login/", {"username": teacher.username, "password": "pass-word-123"})
    assert response["Location"] == "/es/classes/"


def test_an_explicit_next_wins_over_the_landing(client, site_pages):
    teacher = _user(Role.TEACHER)
    response = client.post("/es/accounts/login/", {"username": teacher.username, "password": "pass-word-123",
                                                   "next": "/es/search/"})
    assert response["Location"] == "/es/search/"


def test_a_higher_priority_landing_wins(db):
    curator = _user(Role.LEARNER, Role.CURATOR)

    def review_queue(user):
        return "/admin/workflows/tasks/index/" if user.has_role(Role.CURATOR) else None

    with hooks.register_temporarily(LANDING_HOOK, review_queue, order=5):  # before contributions' admin landing (10)
        assert landing_url_for(curator) == "/admin/workflows/tasks/index/"
        assert landing_url_for(_user(Role.LEARNER)).endswith("/learning/")


def _nav_labels(client, url="/es/"):
    html = client.get(url).content.decode()
    nav = html[html.index('id="site-nav"'):html.index("</nav>", html.index('id="site-nav"'))]
    return nav


def test_header_links_for_each_role(client, site_pages):
    anonymous = _nav_labels(client)
    assert "Impacto" in anonymous and "Mi aprendizaje" not in anonymous

    learner = _user(Role.LEARNER)
    client.force_login(learner)
    nav = _nav_labels(client)
    assert "Mi aprendizaje" in nav and "Mis clases" not in nav and "Mis tareas" not in nav

    teacher = _user(Role.TEACHER)
    classroom = Classroom.objects.create(name="3° medio A", owner=teacher, language="es")
    Membership.objects.create(classroom=classroom, student=learner)
    nav = _nav_labels(client)
    assert "Mis tareas" in nav

    client.force_login(teacher)
    nav = _nav_labels(client, "/es/classes/")
    assert "Mis clases" in nav and 'href="/es/classes/" aria-current="page"' in nav


def test_the_menu_button_controls_the_navigation(client, site_pages):
    html = client.get("/pt/").content.decode()
    assert '<button type="button" class="nav-toggle" aria-expanded="false" aria-controls="site-nav">' in html
