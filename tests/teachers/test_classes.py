from datetime import timedelta

import pytest
from django.utils import translation
from django.utils import timezone

from teachers import membership as classes
from teachers.models import JOIN_CODE_ALPHABET, Classroom, Membership
from tests.factories import UserFactory


def test_a_new_class_gets_an_unambiguous_unique_join_code(classroom, teacher):
    other = Classroom.objects.create(name="B", level="secondary", language="es", owner=teacher)
    assert len(classroom.join_code) == 8 and set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("01OIL") & set(JOIN_CODE_ALPHABET)
    assert classroom.join_code != other.join_code
    assert classroom.code_is_valid


def test_a_student_joins_with_the_code_typed_loosely(classroom):
    learner = UserFactory()
    code = classroom.join_code.lower()
    membership = classes.join(learner, f" {code[:4]}-{code[4:]} ", "10.0.0.1")
    assert membership.classroom == classroom and membership.left_at is None
    assert classes.join(learner, classroom.join_code, "10.0.0.1") == membership  # joining twice is harmless


@translation.override("en")
def test_an_expired_or_archived_code_is_refused_with_a_message(classroom):
    learner = UserFactory()
    classroom.code_expires_at = timezone.now() - timedelta(minutes=1)
    classroom.save()
    with pytest.raises(classes.JoinError, match="expired"):
        classes.join(learner, classroom.join_code, "10.0.0.1")
    classroom.code_expires_at = timezone.now() + timedelta(days=1)
    classroom.archived_at = timezone.now()
    classroom.save()
    with pytest.raises(classes.JoinError, match="archived"):
        classes.join(learner, classroom.join_code, "10.0.0.1")
    assert not Membership.objects.filter(student=learner).exists()


def test_guessing_join_codes_is_rate_limited_per_user_and_address(classroom):
    learner = UserFactory()
    for n in range(classes.JOIN_LIMIT):
        with pytest.raises(classes.JoinError) as error:
            classes.join(learner, f"WRONG{n:03d}", "10.0.0.1")
        assert error.type is classes.JoinError
    # Even the right code is refused once the limit is reached.
    with pytest.raises(classes.TooManyTries):
        classes.join(learner, classroom.join_code, "10.0.0.1")
    # Another learner on the same address is not locked out.
    assert classes.join(UserFactory(), classroom.join_code, "10.0.0.1").classroom == classroom
