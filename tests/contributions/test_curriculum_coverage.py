"""Issue 19, bar "every outcome used by a lesson and >= 3 questions, >= 16 modules
over the 5 levels": the shipped curriculum in content/ read as packages (no import)."""

from collections import Counter

import pytest
from django.conf import settings

from contributions.importer import known_codes
from contributions.loader import content_packages
from contributions.package.framework import read_framework
from contributions.package.module import read_module

QUIZ_LANGUAGES = ("es", "pt", "en")  # every shipped module has its quiz in these
MIN_QUESTIONS = 3

# What content/ holds today, per level. A module removed, or moved to another
# level, fails here; raise a number when a level gains a module.
MIN_MODULES_PER_LEVEL = {"primary": 2, "secondary": 3, "technical": 4, "university": 5, "teacher-training": 4}
MIN_MODULES = 18

@pytest.fixture
def curriculum(db):
    """(framework outcome codes, module packages) of the shipped content."""
    framework_dir, module_dirs = content_packages(settings.ALMA_CONTENT_DIR)
    framework = read_framework(framework_dir, {code for code, _ in settings.LANGUAGES})
    known = known_codes(framework)
    return {o["code"] for o in framework.outcomes}, [read_module(path, known) for path in module_dirs]


def coverage_gaps(outcomes, modules):
    """{code: reason} for every outcome no lesson teaches or that has fewer than
    MIN_QUESTIONS questions in one of the quiz languages, across all modules."""
    taught = {code for m in modules for lesson in m.lessons.values() for code in lesson.outcomes}
    asked = {language: Counter() for language in QUIZ_LANGUAGES}
    for module in modules:
        for language, counter in asked.items():
            parsed = module.questions.get(language)
            if parsed:
                counter.update(code for q in parsed.questions for code in q.outcome_codes)
    gaps = {}
    for code in sorted(outcomes):
        if code not in taught:
            gaps[code] = "no lesson teaches it"
        else:
            short = {language: c[code] for language, c in asked.items() if c[code] < MIN_QUESTIONS}
            if short:
                gaps[code] = f"fewer than {MIN_QUESTIONS} questions: {short}"
    return gaps


def test_every_outcome_is_taught_by_a_lesson_and_asked_by_three_questions_per_language(curriculum):
    outcomes, modules = curriculum
    gaps = coverage_gaps(outcomes, modules)
    assert not gaps, "\n".join(f"{code}: {why}" for code, why in gaps.items())


def test_sixteen_modules_over_the_five_levels(curriculum):
    _outcomes, modules = curriculum
    per_level = Counter(m.level for m in modules)
    assert len(modules) >= MIN_MODULES, f"{len(modules)} modules"
    for level, minimum in MIN_MODULES_PER_LEVEL.items():
        assert per_level[level] >= minimum, f"{level}: {per_level[level]} modules, expected >= {minimum}"


def test_the_check_catches_an_untaught_and_an_underasked_outcome(curriculum):
    outcomes, modules = curriculum
    gaps = coverage_gaps(outcomes | {"GEO-SEC-99"}, modules)
    assert gaps["GEO-SEC-99"] == "no lesson teaches it"
    # Keep only two of the questions of one outcome in one language's quiz.
    parsed = next(m for m in modules if "HS-PRI-01" in m.outcomes).questions["pt"]
    others = [q for q in parsed.questions if "HS-PRI-01" not in q.outcome_codes]
    parsed.questions = others + [q for q in parsed.questions if "HS-PRI-01" in q.outcome_codes][:2]
    assert coverage_gaps(outcomes, modules)["HS-PRI-01"] == "fewer than 3 questions: {'pt': 2}"
