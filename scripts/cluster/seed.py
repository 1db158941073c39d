"""The cluster's people (run by scripts/cluster/cluster up, production settings): a curator,
a teacher with a class of 40 and its report data, and learners for the tests and the load
test; writes what they need to know to .cluster/run/seed.json."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alma.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from curriculum.models import ModulePage  # noqa: E402
from lessons.models import LessonPage  # noqa: E402
from quizzes.models import QuizPage  # noqa: E402
from teachers.models import Classroom, Membership  # noqa: E402
from tests.teachers.builders import populate  # noqa: E402

PASSWORD = "cluster-pass-2718"
LEARNERS = int(os.environ.get("CLUSTER_LEARNERS", 300))


def main():
    password = make_password(PASSWORD)
    groups = {g.name: g for g in Group.objects.all()}
    curator, _ = User.objects.get_or_create(username="cl-curator", defaults={
        "display_name": "Cluster curator", "password": password, "is_superuser": True, "is_staff": True})
    curator.groups.add(groups[Role.CURATOR.value])
    teacher, _ = User.objects.get_or_create(username="cl-teacher", defaults={"display_name": "Cluster teacher", "password": password})
    teacher.groups.add(groups[Role.TEACHER.value])
    User.objects.bulk_create([User(username=f"cl-learner-{i}", display_name=f"Learner {i}", password=password)
                              for i in range(LEARNERS)], ignore_conflicts=True)
    learners = list(User.objects.filter(username__startswith="cl-learner-"))
    groups[Role.LEARNER.value].user_set.add(*learners)

    module, quiz = None, None
    for candidate in ModulePage.objects.live().filter(locale__language_code="es").order_by("path"):
        quiz = QuizPage.objects.live().child_of(candidate).first()
        if quiz is not None:
            module = candidate
            break
    classroom = Classroom.objects.filter(owner=teacher).first()
    if classroom is None:
        classroom = Classroom.objects.create(name="Cluster 3A", level="secondary", language="es", owner=teacher)
        populate(classroom, 40, 12, module=module, quiz=quiz, prefix="clrep")
        Membership.objects.bulk_create([Membership(classroom=classroom, student=u) for u in learners[:40]],
                                       ignore_conflicts=True)
    # Signed-in sessions made ahead for the load test, so that its figures are not only the
    # sign-in storm of its first seconds (it still signs learners in, at a school's pace).
    store = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"]).SessionStore
    sessions = {}
    for user in [teacher, *learners]:
        session = store()
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash()})
        session.create()
        sessions[user.username] = session.session_key
    lessons = [page.url for page in LessonPage.objects.live().public().filter(locale__language_code="es").order_by("path")[:8]]
    seed = {"password": PASSWORD, "curator": curator.username, "teacher": teacher.username,
            "learners": [u.username for u in learners], "classroom": classroom.pk,
            "quiz": quiz.url if quiz else None, "sessions": sessions,
            "csrf": get_random_string(32), "module": module.url if module else None, "lessons": lessons}
    out = ROOT / ".cluster" / "run" / "seed.json"
    out.write_text(json.dumps(seed, indent=1))
    print(f"seed: {len(learners)} learners, class {classroom.pk}, quiz {seed['quiz']}")


main()
