"""Quiz questions bound to a dataset: the right answer is computed from the data,
follows a dataset update for new attempts, and never rewrites attempts already started."""

import h5py
import pytest
from django.core.exceptions import ValidationError

from datasets.charts import ChartError
from datasets.hdf5 import csv_to_hdf5
from datasets.queries import check_binding, evaluate
from datasets.services import import_dataset_file
from quizzes import attempts as quiz_attempts
from quizzes.models import Question
from tests.factories import UserFactory, locale, make_module
from tests.quizzes.conftest import make_quiz

CSV = """commodity,country,year,production
lithium,Australia,2024,88000
lithium,Chile,2024,49000
lithium,China,2024,41000
lithium,Argentina,2024,18000
lithium,World total (rounded),2024,240000
lithium,Chile,2023,41400
copper,Chile,2024,5300
"""

MOST = {"dataset": "lithium", "where": "commodity = lithium; year = 2024; country != World total (rounded)",
        "label": "country", "column": "production", "aggregate": "max-row", "choices": 3}


@pytest.fixture
def table(tmp_path):
    csv_to_hdf5(CSV.encode(), tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5") as h5:
        yield h5["table"]


def upload(tmp_path, text, name="lithium.csv"):
    path = tmp_path / name
    path.write_text(text)
    dataset, _structure = import_dataset_file(path, slug="lithium")
    return dataset


def test_aggregates(table):
    assert evaluate(table, MOST)["rows"] == [("Australia", 88000.0), ("Chile", 49000.0), ("China", 41000.0), ("Argentina", 18000.0)]
    assert evaluate(table, dict(MOST, aggregate="min-row"))["label"] == "Argentina"
    where = "commodity = lithium; year = 2024; country != World total (rounded)"
    assert evaluate(table, {"dataset": "x", "where": where, "column": "production", "aggregate": "sum"})["value"] == 196000
    share = evaluate(table, {"dataset": "x", "where": where, "column": "production", "aggregate": "share", "part": "country = Chile"})
    assert share["value"] == pytest.approx(25.0)
    one = evaluate(table, {"dataset": "x", "where": "country = Chile; year = 2023", "column": "production", "aggregate": "value"})
    assert one["value"] == 41400
    with pytest.raises(ChartError, match="select 2 rows"):
        evaluate(table, {"dataset": "x", "where": "country = Chile; commodity = lithium", "column": "production", "aggregate": "value"})
    with pytest.raises(ChartError, match="No row"):
        evaluate(table, dict(MOST, where="commodity = gold"))
    with pytest.raises(ChartError, match="no column 'tonnes'"):
        evaluate(table, dict(MOST, column="tonnes"))


def test_binding_shape_is_checked():
    assert check_binding(MOST) == []
    errors = " ".join(check_binding({"dataset": "", "aggregate": "median", "choices": 1}))
    assert "slug of a dataset" in errors and "Unknown aggregate 'median'" in errors and "'choices'" in errors
    assert "needs the rows whose share" in " ".join(check_binding({"dataset": "d", "column": "c", "aggregate": "share"}))


def make_data_question(qtype="single", **binding):
    question = Question(title="data", locale=locale("es"))
    if qtype == "single":
        question.set_definition({"type": "single", "prompt": "¿Qué país produjo más litio en 2024?", "choices": [],
                                 "data": dict(MOST, **binding)})
    else:
        question.set_definition({"type": "numeric", "prompt": "¿Qué porcentaje del litio produjo Chile en 2024?", "unit": "%",
                                 "answers": [], "data": {**MOST, "aggregate": "share", "part": "country = Chile", **binding}})
    question.save()
    return question


@pytest.mark.django_db
def test_a_bad_binding_is_refused_on_save_with_a_clear_error(tmp_path):
    upload(tmp_path, CSV)
    with pytest.raises(ValidationError, match="no column 'tonnes'"):
        make_data_question(column="tonnes")
    with pytest.raises(ValidationError, match="no dataset with the slug 'nope'"):
        make_data_question(dataset="nope")
    with pytest.raises(ValidationError, match="max-row or min-row"):
        make_data_question(aggregate="sum")
    question = Question(title="data", locale=locale("es"))
    question.set_definition({"type": "single", "prompt": "?", "choices": [], "data": dict(MOST, column="tonnes")})
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "data_binding" in error.value.message_dict


@pytest.mark.django_db
def test_the_answer_follows_a_dataset_update_for_new_attempts_only(tmp_path, catalog):
    upload(tmp_path, CSV)
    single, numeric = make_data_question(), make_data_question("numeric")
    d = single.latest_version.definition
    assert [c["text"] for c in d["choices"]] == ["Australia", "Chile", "China"]
    assert d["data_result"]["label"] == "Australia"
    assert numeric.latest_version.definition["answers"][0]["value"] == 25.0
    quiz = make_quiz(make_module(catalog, lessons=0), questions=[single, numeric])
    learner = UserFactory()
    first, _created = quiz_attempts.start_attempt(quiz, learner)

    # The dataset is updated: Chile now produces the most.
    upload(tmp_path, CSV.replace("lithium,Chile,2024,49000", "lithium,Chile,2024,99000"), name="lithium2.csv")
    other = UserFactory()
    second, _created = quiz_attempts.start_attempt(quiz, other)

    def by_type(attempt):
        return {aq.version.definition["type"]: aq for aq in attempt.questions.select_related("version")}

    old, new = by_type(first), by_type(second)
    assert old["single"].version_id != new["single"].version_id
    right = lambda aq: next(c for c in aq.version.definition["choices"] if c["fraction"] == 1)  # noqa: E731
    assert right(old["single"])["text"] == "Australia" and right(new["single"])["text"] == "Chile"
    assert new["numeric"].version.definition["answers"][0]["value"] == pytest.approx(100 * 99000 / 246000, rel=1e-6)

    quiz_attempts.submit_attempt(first, answers={old["single"].position: right(old["single"])["id"],
                                                 old["numeric"].position: "25 %"})
    quiz_attempts.submit_attempt(second, answers={new["single"].position: right(new["single"])["id"],
                                                  new["numeric"].position: "40,2"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.score == 1.0 and second.score == 1.0
    # Re-scoring the old attempt's pinned definition still says Australia.
    assert by_type(first)["single"].version.definition["data_result"]["label"] == "Australia"


@pytest.mark.django_db
def test_an_unchanged_dataset_adds_no_version(tmp_path, catalog):
    upload(tmp_path, CSV)
    question = make_data_question()
    quiz = make_quiz(make_module(catalog, lessons=0), questions=[question])
    for _ in range(3):
        quiz_attempts.start_attempt(quiz, UserFactory())
    assert question.versions.count() == 1
