"""The research export cannot be joined to anything public or recomputed from user ids
(issue #12): earned statements name the achievement, not the certificate; the
certificate's public id is a separate random key; pseudonyms are keyed by a
research salt per export or per study, never by SECRET_KEY; deleted accounts
cannot be re-linked."""

import hashlib
import importlib
import io

import h5py
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from impact.exports import write_learning_records
from impact.models import RESEARCHER_GROUP, ResearchStudy
from progress import account_deletion, lesson_progress
from progress import records as progress_records
from progress.models import Certificate, ObjectType, Statement, Verb
from tests.factories import UserFactory, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(site_pages):
    return make_module(site_pages["catalog"]["es"], title="Litio", lessons=1)


def complete(module, user):
    lesson_progress.complete_lesson(user, module.get_children().specific().first())


def export(tmp_path, name="records.h5", **kwargs):
    path = tmp_path / name
    write_learning_records(path, **kwargs)
    with h5py.File(path, "r") as h5:
        statements = h5["statements"]
        columns = {c: statements[c].asstr()[:] if statements[c].dtype.kind == "O" else statements[c][:]
                   for c in ("learner", "verb", "object_type", "object_key")}
        return [dict(zip(columns, row)) for row in zip(*columns.values())]


def pseudonyms(rows):
    return {row["learner"] for row in rows}


def test_no_object_in_the_export_resolves_at_a_public_endpoint(client, module, tmp_path):
    learner = UserFactory(display_name="Camila Quispe")
    complete(module, learner)
    certificate = Certificate.objects.get(user=learner)
    earned = Statement.objects.get(user=learner, verb=Verb.EARNED)
    assert (earned.object_type, earned.object_key) == (ObjectType.MODULE, module.translation_key)
    rows = export(tmp_path)
    keys = {row["object_key"] for row in rows}
    assert str(certificate.id) not in keys and str(certificate.verification_key) not in keys
    for key in keys:
        assert client.get(f"/en/verify/{key}/").status_code == 404
        assert client.get(f"/api/v1/certificates/verify/{key}/").status_code == 404
        assert client.get(f"/en/verify/{key}/badge.json").status_code == 404
    # The certificate id no longer opens the public page either: only the verification key does.
    assert client.get(f"/en/verify/{certificate.id}/").status_code == 404
    assert client.get(f"/en/verify/{certificate.verification_key}/").status_code == 200


def test_public_verification_shows_the_day_not_the_time_of_the_earned_statement(client, module):
    complete(module, UserFactory())
    certificate = Certificate.objects.get()
    data = client.get(f"/api/v1/certificates/verify/{certificate.verification_key}/").json()
    assert "id" not in data and data["issued_on"] == certificate.issued_at.date().isoformat()
    badge = client.get(f"/en/verify/{certificate.verification_key}/badge.json").json()
    assert badge["validFrom"] == f"{certificate.issued_at.date().isoformat()}T00:00:00Z"
    assert str(certificate.id) not in str(badge) and certificate.issued_at.isoformat() not in str(badge)


def test_each_export_has_its_own_pseudonyms_not_derived_from_secret_key(module, tmp_path):
    learners = [UserFactory() for _ in range(3)]
    for learner in learners:
        complete(module, learner)
    first, second = pseudonyms(export(tmp_path, "a.h5")), pseudonyms(export(tmp_path, "b.h5"))
    assert len(first) == len(second) == 3 and not first & second
    old_scheme = {"anon-" + hashlib.sha256(f"{settings.SECRET_KEY}:learner:{u.pk}".encode()).hexdigest()[:20]
                  for u in learners}
    assert not first & old_scheme


def test_a_study_keeps_its_pseudonyms_until_its_salt_is_rotated(module, tmp_path):
    complete(module, UserFactory())
    call_command("export_learning_records", "--study", "agua-2027", "-o", str(tmp_path / "1.h5"))
    with override_settings(SECRET_KEY="a-different-secret-key-" + "x" * 40):
        call_command("export_learning_records", "--study", "agua-2027", "-o", str(tmp_path / "2.h5"))
    other_study = ResearchStudy.objects.create(name="litio")
    with h5py.File(tmp_path / "1.h5") as a, h5py.File(tmp_path / "2.h5") as b:
        assert set(a["statements/learner"].asstr()[:]) == set(b["statements/learner"].asstr()[:])
        assert a.attrs["pseudonym_scope"] == "study:agua-2027"
        stable = set(a["statements/learner"].asstr()[:])
    assert not stable & pseudonyms(export(tmp_path, study=other_study))
    call_command("export_learning_records", "--study", "agua-2027", "--rotate-salt", "-o", str(tmp_path / "3.h5"))
    with h5py.File(tmp_path / "3.h5") as c:
        assert not stable & set(c["statements/learner"].asstr()[:])
    assert ResearchStudy.objects.get(name="agua-2027").salt_rotated_at is not None


def test_the_export_command_explains_bad_options(tmp_path):
    with pytest.raises(CommandError, match="--rotate-salt needs --study"):
        call_command("export_learning_records", "--rotate-salt", "-o", str(tmp_path / "x.h5"))
    with pytest.raises(CommandError, match="letters, digits"):
        call_command("export_learning_records", "--study", "my study!", "-o", str(tmp_path / "x.h5"))


def test_deleted_accounts_cannot_be_relinked(module, tmp_path):
    leaving, staying = UserFactory(), UserFactory()
    complete(module, leaving)
    complete(module, staying)
    study = ResearchStudy.objects.create(name="cohort")
    before = {row["learner"] for row in export(tmp_path, "before.h5", study=study)}
    account_deletion.delete_account(leaving)
    after = export(tmp_path, "after.h5", study=study)
    assert len(before) == 2 and len(pseudonyms(after)) == 1 and pseudonyms(after) < before
    kept = set(Statement.objects.filter(user__isnull=True).values_list("actor_pseudonym", flat=True))
    assert len(kept) == 1 and not kept & before
    assert kept != {"anon-" + hashlib.sha256(f"{settings.SECRET_KEY}:learner:{leaving.pk}".encode()).hexdigest()[:20]}
    # Two deleted accounts do not share a pseudonym.
    account_deletion.delete_account(staying)
    assert Statement.objects.filter(user__isnull=True).values("actor_pseudonym").distinct().count() == 2


def test_the_web_export_uses_a_new_salt_each_time(client, module):
    complete(module, UserFactory())
    researcher = UserFactory()
    researcher.groups.add(Group.objects.get(name=RESEARCHER_GROUP))
    client.force_login(researcher)
    seen = []
    for _ in range(2):
        data = b"".join(client.get("/en/impact/learning-records.h5").streaming_content)
        with h5py.File(io.BytesIO(data), "r") as h5:
            seen.append(set(h5["statements/learner"].asstr()[:]))
            assert h5.attrs["pseudonym_scope"] == "export"
    assert seen[0] and not seen[0] & seen[1]


def test_migration_points_old_earned_statements_at_the_achievement(module):
    migration = importlib.import_module("progress.migrations.0004_certificate_verification_key")
    learner = UserFactory()
    complete(module, learner)
    certificate = Certificate.objects.get(user=learner)
    Statement.objects.filter(verb=Verb.EARNED).delete()
    legacy = progress_records.record(learner, Verb.EARNED, ObjectType.CERTIFICATE, certificate.id, "Litio", locale="es")
    old = "anon-" + hashlib.sha256(f"{settings.SECRET_KEY}:learner:1".encode()).hexdigest()[:20]
    Statement.objects.filter(pk=legacy.pk).update(user=None, actor_pseudonym=old)
    migration.point_earned_statements_at_achievements(apps, None)
    migration.randomise_deleted_actors(apps, None)
    legacy = Statement.objects.get(pk=legacy.pk)
    assert (legacy.object_type, legacy.object_key) == (ObjectType.MODULE, module.translation_key)
    assert legacy.actor_pseudonym.startswith("anon-") and legacy.actor_pseudonym != old
