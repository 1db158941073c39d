"""Teacher guides (docs/package-format.md, *Teacher guides*): every shipped lesson has one in
each of its languages, complete; a package citing a missing material is refused with its
file and line; only teachers, editors and staff reach a guide."""

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.models import Role
from contributions.export import export_module
from contributions.importer import known_codes
from contributions.loader import load_tree
from contributions.package import PackageInvalid
from contributions.package.module import read_module
from lessons.models import LessonPage
from lessons.materials import material_code
from tests.factories import UserFactory

from .conftest import lesson, write_tree
from .test_shipped_content import shipped_modules

CONTENT = Path(settings.ALMA_CONTENT_DIR) / "modules"

# Lessons (module/stem.lang) still without a teacher guide. Strict: writing a guide without
# taking it off this list fails too, so the list always says exactly what is missing.
MISSING_GUIDES: set[str] = set()


def shipped_lessons():
    for manifest in sorted(CONTENT.glob("*/module.toml")):
        meta = tomllib.loads(manifest.read_text(encoding="utf-8"))
        for stem in meta["lessons"]:
            for language in meta["languages"]:
                yield f"{manifest.parent.name}/{stem}.{language}"


def _marked(name):
    marks = [pytest.mark.xfail(strict=True, reason="no teacher guide yet (issue 19)")] if name in MISSING_GUIDES else []
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_marked(name) for name in shipped_lessons()])
def test_every_shipped_lesson_has_a_teacher_guide_in_its_language(name):
    module, _, lesson_name = name.partition("/")
    stem, _, language = lesson_name.rpartition(".")
    assert (CONTENT / module / "lessons" / f"{stem}.teacher.{language}.md").is_file(), f"{name} has no teacher guide"


def test_the_missing_list_names_only_real_lessons():
    assert MISSING_GUIDES <= set(shipped_lessons())


def test_shipped_guides_are_complete(db):
    """read_module refuses a cited material missing from the guide, phases that do not add up to the
    lesson's minutes, an activity without answer key or rubric, a guide without differentiation."""
    for package in shipped_modules():
        check_guides(package)


def check_guides(package):
    module = package.slug
    for (stem, language), guide in package.guides.items():
        lesson_ = package.lessons[(stem, language)]
        where = f"{module}/{stem}.teacher.{language}.md"
        assert sum(b.value["minutes"] for b in guide.of_type("phase")) == lesson_.minutes, where
        assert guide.of_type("prior_knowledge") and guide.of_type("differentiation"), where
        differentiation = " ".join(b.value for b in guide.of_type("differentiation")).lower()
        assert len(re.findall(r"\*\*[^*]+\*\*", differentiation)) >= 4, f"{where}: differentiation names too few needs"
        codes = {b.value["code"] for b in guide.of_type("material")}
        cited = {material_code(item) for b in lesson_.blocks if b.type == "activity" for item in b.value["materials"]}
        assert cited - {None} <= codes, where


# --- the package format --------------------------------------------------------------------

ACTIVITY = ("::: activity 20 Medir el agua\nMaterials:\n- Un vaso\n- Tarjetas de rol {material: role-cards}\n\n"
            "1. Llena el vaso.\n2. Mide.\n:::\n")
GUIDE = ("::: phase 10 Inicio\nPreguntar.\n:::\n\n::: phase 20 Actividad\nMedir.\n:::\n\n"
         "::: prior-knowledge\nNada.\n:::\n\n::: differentiation\n**Apoyo:** en parejas.\n:::\n\n"
         "::: material role-cards Tarjetas de rol\n**Agricultora.** Riega el valle.\n:::\n\n"
         "::: answer-key Medir el agua\nSe recupera menos agua de la que entra: SECRET-KEY.\n:::\n")


@pytest.fixture
def guided_tree(content_tree):
    module = content_tree / "modules" / "agua-y-mineria"
    write_tree(module, {"lessons/01-agua.es.md": lesson("El agua en la mina", ACTIVITY),
                        "lessons/01-agua.teacher.es.md": GUIDE})
    return content_tree


def problems(module):
    with pytest.raises(PackageInvalid) as raised:
        read_module(module, known_codes())
    return [str(p) for p in raised.value.problems]


def test_a_cited_material_missing_from_the_guide_is_refused_with_file_and_line(guided_tree, site_pages):
    load_tree(guided_tree / "framework")
    module = guided_tree / "modules" / "agua-y-mineria"
    (module / "lessons" / "01-agua.teacher.es.md").write_text(GUIDE.replace("material role-cards", "material worksheet"))
    found = problems(module)
    assert found == ["lessons/01-agua.es.md:10: the activity 'Medir el agua' cites the material 'role-cards', which is not in "
                     "lessons/01-agua.teacher.es.md — add '::: material role-cards Title' to the teacher guide, or correct the code"]


def test_import_package_names_the_missing_material_and_imports_nothing(guided_tree, site_pages, capsys):
    load_tree(guided_tree / "framework")
    module = guided_tree / "modules" / "agua-y-mineria"
    (module / "lessons" / "01-agua.teacher.es.md").unlink()
    with pytest.raises(CommandError) as raised:
        call_command("import_package", str(module), "--no-progress")
    assert "nothing was imported" in str(raised.value)
    assert "lessons/01-agua.es.md:10: the activity 'Medir el agua' cites the material 'role-cards'" in capsys.readouterr().err
    assert not LessonPage.objects.filter(slug="agua").exists()


def test_a_guide_must_fit_its_lesson(guided_tree, site_pages):
    load_tree(guided_tree / "framework")
    module = guided_tree / "modules" / "agua-y-mineria"
    broken = (GUIDE.replace("phase 20 Actividad", "phase 25 Actividad").replace("answer-key Medir el agua", "answer-key Medir")
              .replace("::: differentiation\n**Apoyo:** en parejas.\n:::\n", ""))
    (module / "lessons" / "01-agua.teacher.es.md").write_text(broken)
    found = "\n".join(problems(module))
    assert "01-agua.teacher.es.md:1: the phases add up to 35 minutes, the lesson lasts 30" in found
    assert "no activity of the lesson is titled 'Medir'" in found
    assert "the activity 'Medir el agua' has no answer key and no rubric" in found
    assert "the teacher guide has no '::: differentiation' section" in found


# --- who reads a guide ----------------------------------------------------------------------

def sign_in(client, user):
    assert client.get("/es/accounts/login/").status_code == 200
    response = client.post("/es/accounts/login/", {"username": user.username, "password": "pass-word-123"})
    assert response.status_code == 302


def user_in(role=None):
    user = UserFactory()
    if role:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture
def guided_lesson(guided_tree, site_pages):
    load_tree(guided_tree)
    return LessonPage.objects.get(slug="agua", locale__language_code="es")


def test_a_learner_cannot_reach_the_guide_and_never_sees_its_answer_key(client, guided_lesson):
    url = f"/es/lessons/{guided_lesson.pk}/teacher-guide/"
    assert client.get(url).status_code == 302  # the anonymous go to sign in
    sign_in(client, user_in())
    assert client.get(url).status_code == 404
    page = client.get(guided_lesson.url).content.decode()
    assert "SECRET-KEY" not in page and url not in page
    assert "Tarjetas de rol" in page and "{material" not in page  # the reference is not shown


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CONTRIBUTOR])
def test_a_teacher_or_editor_finds_the_guide_on_the_lesson_and_prints_it(client, guided_lesson, role):
    sign_in(client, user_in(role))
    url = f"/es/lessons/{guided_lesson.pk}/teacher-guide/"
    assert f'href="{url}"' in client.get(guided_lesson.url).content.decode()
    guide = client.get(url).content.decode()
    assert "SECRET-KEY" in guide and "Agricultora" in guide and 'id="material-role-cards"' in guide
    assert "@media print" in guide and "break-before: page" in guide
    assert re.search(r"<tfoot><tr><th scope=\"row\">30</th>", guide)


def test_a_guide_round_trips_through_export(guided_lesson, tmp_path):
    files, _ = export_module(guided_lesson.get_parent().specific)
    exported = files["lessons/01-agua.teacher.es.md"].decode()
    assert "::: material role-cards Tarjetas de rol\n**Agricultora.** Riega el valle.\n:::" in exported
    assert "- Tarjetas de rol {material: role-cards}" in files["lessons/01-agua.es.md"].decode()
