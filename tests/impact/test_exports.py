"""Open data in HDF5: the public aggregates for everyone; pseudonymised learning
records for approved researchers only, written in chunks."""

import io

import h5py
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from impact.exports import write_learning_records
from impact.models import RESEARCHER_GROUP
from progress import lesson_progress
from tests.factories import UserFactory

from .test_dashboard import learners_complete, lesson  # noqa: F401  (fixture)


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_aggregates_as_hdf5(lesson, client):  # noqa: F811
    learners_complete(lesson, 10, "CL")
    learners_complete(lesson, 9, "PE")
    learners_complete(lesson, 3, "BO")
    response = client.get("/en/impact/impact.h5")
    assert response.status_code == 200 and response["Content-Type"] == "application/x-hdf5"
    with h5py.File(io.BytesIO(body(response)), "r") as h5:
        table = h5["figures"]
        rows = list(zip(*(table[c].asstr()[:] if c != "value" else table[c][:] for c in table.attrs["columns"])))
        assert ("country", "CL", "learners", 10.0) in rows
        assert not any(r[1] == "PE" for r in rows)
        assert h5.attrs["min_group"] == 10
    assert "impact.h5" in client.get("/en/impact/").content.decode()


@pytest.mark.django_db
def test_researcher_group_is_created_idempotently():
    call_command("migrate", verbosity=0)
    group = Group.objects.get(name=RESEARCHER_GROUP)
    assert group.permissions.filter(codename="export_learning_records").count() == 1


@pytest.mark.django_db
def test_learning_records_only_for_researchers(lesson, client):  # noqa: F811
    learners = [UserFactory(country="CL", username=f"maria-{n}", first_name="María", last_name=f"Quispe{n}") for n in range(4)]
    for user in learners:
        lesson_progress.complete_lesson(user, lesson)
    url = "/en/impact/learning-records.h5"
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    researcher = UserFactory(username="dr-researcher")
    researcher.groups.add(Group.objects.get(name=RESEARCHER_GROUP))
    client.force_login(researcher)
    response = client.get(url)
    assert response.status_code == 200
    data = body(response)
    for user in learners:
        assert user.username.encode() not in data and b"Quispe" not in data and b"Mar\xc3\xada" not in data
    with h5py.File(io.BytesIO(data), "r") as h5:
        ids = set(h5["statements/learner"].asstr()[:])
        assert len(ids) == len(learners) and all(i.startswith("p-") for i in ids)
        assert set(h5["statements"].attrs["columns"]) >= {"learner", "verb", "object_key", "timestamp"}
        assert "username" not in h5["statements"] and "classroom_id" not in h5["statements"]


@pytest.mark.django_db
def test_learning_records_are_written_in_chunks(lesson, tmp_path):  # noqa: F811
    for _ in range(7):
        lesson_progress.complete_lesson(UserFactory(), lesson)
    rows, batches = write_learning_records(tmp_path / "r.h5", chunk=3)["statements"]
    assert rows >= 7 and batches == -(-rows // 3)
    with h5py.File(tmp_path / "r.h5", "r") as h5:
        assert h5["statements/learner"].shape == (rows,) and h5["statements/learner"].maxshape == (None,)
