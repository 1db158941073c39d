"""The curriculum in content/ is data the platform ships: it must always load,
and meet the bar the alliance set for it (issue 8)."""

from collections import Counter, defaultdict

from django.conf import settings

from contributions.importer import known_codes
from contributions.loader import content_packages, load_tree
from contributions.package.framework import read_framework
from contributions.package.module import read_module
from curriculum.models import LearningOutcome
from lessons.models import GlossaryTerm
from quizzes.models import QuizPage


def shipped_modules():
    """The module packages, read and validated against the shipped framework (no database)."""
    framework_dir, module_dirs = content_packages(settings.ALMA_CONTENT_DIR)
    known = known_codes(read_framework(framework_dir, {code for code, _ in settings.LANGUAGES}))
    return [read_module(path, known) for path in module_dirs]


def test_shipped_content_loads_and_every_module_is_in_the_catalogue(site_pages, client):
    report = load_tree(settings.ALMA_CONTENT_DIR)
    assert report.created
    _framework, module_dirs = content_packages(settings.ALMA_CONTENT_DIR)
    assert len(module_dirs) >= 10
    assert LearningOutcome.objects.filter(locale__language_code="fr").count() >= 60
    assert GlossaryTerm.objects.filter(locale__language_code="pt").count() >= 60
    for code in ("es", "pt", "en"):
        response = client.get(site_pages["catalog"][code].url)
        assert response.status_code == 200
        assert response.context["result_count"] == len(module_dirs)
    # Every module has its quiz and its pre-test in each of its languages, and loading again changes nothing.
    assert QuizPage.objects.filter(locale__language_code="es").count() == 2 * len(module_dirs)
    again = load_tree(settings.ALMA_CONTENT_DIR)
    assert again.created == [] and again.updated == []


def test_every_module_quiz_covers_its_outcomes_with_varied_questions(db):
    for package in shipped_modules():
        assert set(package.languages) >= {"es", "pt", "en"}, package.slug
        parsed = package.questions["es"]
        per_outcome = Counter(code for q in parsed.questions for code in q.outcome_codes)
        for code in package.outcomes:
            assert per_outcome[code] >= 3, f"{package.slug}: {code} has {per_outcome[code]} questions"
        types = {q.definition["type"] for q in parsed.questions}
        assert len(types) >= 4 and "numeric" in types, f"{package.slug}: {types}"
        # Lessons are written in each language, not left empty.
        words = defaultdict(int)
        for (stem, language), lesson in package.lessons.items():
            words[language] += len(lesson.source_text.split())
        assert min(words.values()) >= 2000, f"{package.slug}: {dict(words)}"


def test_french_covers_the_secondary_critical_minerals_and_first_teacher_training_modules(db):
    french = {package.slug for package in shipped_modules() if "fr" in package.languages}
    assert {"critical-minerals-energy-transition", "teaching-mining-with-purpose"} <= french
