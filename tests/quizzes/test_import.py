"""Importing question files into the bank: all or nothing, re-import updates, translations linked."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.formats import FormatError
from quizzes.importing import import_file
from quizzes.models import Question
from tests.factories import OutcomeFactory, locale

from .test_formats import SHARED

ROOT = Path(__file__).resolve().parents[2]
GIFT_ES = """$CATEGORY: $course$/top/CM-SEC-01

::Cobre::¿Metal de los cables? { =Cobre ~Oro }

::Ley::80 000 t al 0,6 %: ¿t de cobre? {#480:5}

$CATEGORY: ET-SEC-01

::Litio::¿Metal del salar? { =litio }
"""
GIFT_PT = GIFT_ES.replace("¿Metal de los cables?", "Metal dos cabos?").replace("¿Metal del salar?", "Metal do salar?")


@pytest.fixture
def outcomes(db):
    return [OutcomeFactory(code="CM-SEC-01"), OutcomeFactory(code="ET-SEC-01"),
            OutcomeFactory(code="CM-SEC-01", locale=locale("pt"))]


def test_import_creates_versions_and_links_outcomes(site_pages, outcomes):
    summary = import_file(GIFT_ES, fmt="gift", locale="es", filename="mod/questions.es.gift", namespace="mod")
    assert summary.created == 3 and summary.counts == {"single": 1, "numeric": 1, "short": 1}
    question = Question.objects.get(title="Ley")
    assert question.latest_version.number == 1 and question.qtype == "numeric"
    assert list(question.outcomes.values_list("code", flat=True)) == ["CM-SEC-01"]


def test_reimport_updates_never_duplicates_and_links_translations(site_pages, outcomes):
    import_file(GIFT_ES, fmt="gift", locale="es", namespace="mod")
    again = import_file(GIFT_ES, fmt="gift", locale="es", namespace="mod")
    assert again.unchanged == 3 and Question.objects.count() == 3
    changed = import_file(GIFT_ES.replace("{#480:5}", "{#480:10}"), fmt="gift", locale="es", namespace="mod")
    assert changed.updated == 1 and Question.objects.count() == 3
    import_file(GIFT_PT, fmt="gift", locale="pt", namespace="mod")
    es, pt = Question.objects.get(title="Cobre", locale__language_code="es"), Question.objects.get(title="Cobre", locale__language_code="pt")
    assert es.translation_key == pt.translation_key
    assert pt.outcomes.get().locale.language_code == "pt"  # the outcome in the question's language when there is one


def test_unknown_outcome_code_refuses_the_whole_file(site_pages, outcomes):
    text = GIFT_ES + "\n$CATEGORY: XX-SEC-99\n\n::Otra::¿Sí? {T}\n"
    with pytest.raises(FormatError) as error:
        import_file(text, fmt="gift", locale="es", namespace="mod")
    assert "XX-SEC-99" in str(error.value) and error.value.errors[0][0] == 13
    assert not Question.objects.exists()


def test_dry_run_changes_nothing(site_pages, outcomes):
    summary = import_file(GIFT_ES, fmt="gift", locale="es", namespace="mod", dry_run=True)
    assert summary.created == 3 and not Question.objects.exists()


def test_command_prints_counts_and_errors_with_lines(site_pages, outcomes, tmp_path):
    good = tmp_path / "questions.es.gift"
    good.write_text(GIFT_ES, encoding="utf-8")
    out = io.StringIO()
    call_command("import_questions", str(good), "--dry-run", stdout=out)
    assert "would import 3 questions" in out.getvalue() and "numeric" in out.getvalue()
    bad = tmp_path / "bad.gift"
    bad.write_text("::A::x {#abc}\n\n::B::y {~%900%a =b}\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_questions", str(bad), stderr=err)
    assert "bad.gift:1:" in err.getvalue() and "bad.gift:3:" in err.getvalue()
    assert not Question.objects.exists()


def test_command_refuses_a_10_mb_file_and_changes_nothing(site_pages, outcomes, tmp_path):
    big = tmp_path / "big.gift"
    big.write_bytes(b"::Q::\xc2\xbfS\xc3\xad? {T}\n\n" * 800_000)
    with pytest.raises(CommandError, match="10 MB"):
        call_command("import_questions", str(big))
    assert not Question.objects.exists()


def test_export_then_import_keeps_every_question(site_pages, outcomes, tmp_path):
    import_file(GIFT_ES, fmt="gift", locale="es", namespace="mod")
    for fmt, name in (("gift", "bank.gift"), ("moodle-xml", "bank.xml")):
        dest = tmp_path / name
        call_command("export_questions", str(dest), "--format", fmt, "--locale", "es", stderr=io.StringIO())
        summary = import_file(dest.read_bytes(), fmt=fmt, locale="es", namespace="mod")
        assert summary.total == 3 and summary.unchanged == 3, fmt


def test_import_the_real_moodle_file(site_pages, outcomes):
    data = (SHARED / "moodlexml_moodletools_numerical_tolerance.xml").read_bytes()
    summary = import_file(data, fmt="moodle-xml", locale="en", namespace="moodletools")
    assert summary.counts == {"numeric": 2}
    assert Question.objects.filter(qtype="numeric", locale__language_code="en").count() == 2


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "modules").glob("*/questions*.gift")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_content_question_files_parse(path):
    from quizzes.formats import gift

    result = gift.parse(path.read_bytes(), str(path))
    assert result.questions
    assert all(q.outcome_codes for q in result.questions), "every content question names an outcome"
