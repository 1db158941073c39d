import pytest
from django.contrib.auth.models import Group

from accounts.models import Role
from teachers.models import Classroom, Membership
from tests.factories import UserFactory


def make_teacher(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=Role.TEACHER.value)[0])
    return user


@pytest.fixture
def teacher(db):
    return make_teacher(username="profe", display_name="Profesora Rojas")


@pytest.fixture
def classroom(teacher):
    return Classroom.objects.create(name="2º medio A", level="secondary", language="es", owner=teacher)


@pytest.fixture
def student(classroom):
    user = UserFactory(username="camila")
    Membership.objects.create(classroom=classroom, student=user)
    return user
