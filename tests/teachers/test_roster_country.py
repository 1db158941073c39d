"""Students a teacher creates get a country (issue #13: the public impact figures
counted most learners as "country not given")."""

import pytest

from impact.services import impact_figures
from progress import lesson_progress
from teachers import roster
from tests.factories import InstitutionFactory, make_module


@pytest.mark.django_db
def test_roster_students_take_the_teachers_country(teacher, classroom):
    teacher.country = "PE"
    teacher.save()
    user, _password = roster.create_student(classroom, "rosa.q", "Rosa Quispe")
    assert user.country.code == "PE"
    made = roster.import_roster(classroom, "username,display_name\nluis.m,Luis M\n")
    assert [u.country.code for u, _p in made] == ["PE"]


@pytest.mark.django_db
def test_the_class_school_country_comes_before_the_teachers(teacher, classroom):
    teacher.country = "PE"
    teacher.save()
    classroom.institution = InstitutionFactory(country="BO")
    classroom.save()
    user, _password = roster.create_student(classroom, "ana.m")
    assert user.country.code == "BO" and user.institution == classroom.institution


@pytest.mark.django_db
def test_without_a_school_or_teacher_country_the_student_has_none(classroom):
    user, _password = roster.create_student(classroom, "sin.pais")
    assert not user.country


@pytest.mark.django_db
def test_a_roster_class_is_counted_under_its_country_on_the_dashboard(teacher, classroom, site_pages):
    teacher.country = "CL"
    teacher.save()
    lesson = make_module(site_pages["catalog"]["es"], lessons=1).get_children().specific().first()
    rows = "username\n" + "".join(f"alumno{n}\n" for n in range(10))
    for user, _password in roster.import_roster(classroom, rows):
        lesson_progress.complete_lesson(user, lesson)
    assert [(row["group"], row["learners"]) for row in impact_figures()["groups"]["country"]] == [("CL", 10)]
