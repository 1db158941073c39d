"""Issue 19, "quiz/lesson agreement per language": lessons are adapted per language (a figure
that matters in Brazil may be left out of the Spanish lesson), so each language's quiz must ask
only what that language's lessons teach.

A pure check over content/ (read as packages, nothing imported), per module and language:

- every outcome a question assesses is taught by a lesson of the module in that language;
- a figure a question asks for (a number in its right answer that its prompt does not give;
  for true/false, a number in the claim) and that another language's lessons of the module
  teach must be taught by this language's lessons too. A figure no lesson teaches is worked
  out from the data the prompt gives (a scenario or data question) and is not a lesson's to teach.
"""

import re
from types import SimpleNamespace

import pytest
from django.conf import settings

from contributions.importer import known_codes
from contributions.loader import content_packages
from contributions.package.framework import read_framework
from contributions.package.module import read_module
from quizzes.definition.learner import correct_answer_text

# 1 234,5 · 1.234,5 · 1,234.5 · 13.26 · 52 — as numbers; a year or a small count says too little.
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?(?!\w)")


def numbers(text: str) -> set[float]:
    found = set()
    for match in NUMBER.finditer(text):
        value = float(re.sub(r"\D", "", match.group(1)) + (f".{match.group(2)}" if match.group(2) else ""))
        if value > 10 and not (1900 <= value <= 2100 and value.is_integer()):
            found.add(value)
    return found


def asked_figures(definition: dict) -> set[float]:
    prompt = numbers(definition.get("prompt", ""))
    if definition.get("type") == "truefalse":
        return prompt
    return set().union(*map(numbers, correct_answer_text(definition))) - prompt


def disagreements(module) -> list[str]:
    lessons = {}
    for (stem, language), lesson in module.lessons.items():
        text, outcomes = lessons.setdefault(language, (set(), set()))
        text.update(numbers(lesson.source_text))
        outcomes.update(lesson.outcomes)
    problems = []
    for language, parsed in module.questions.items():
        taught_here, outcomes_here = lessons.get(language, (set(), set()))
        taught_elsewhere = set().union(*(figures for other, (figures, _o) in lessons.items() if other != language))
        for question in parsed.questions:
            where = f"{module.slug}/questions.{language}.gift line {question.line} ({question.title})"
            for code in set(question.outcome_codes) - outcomes_here:
                problems.append(f"{where}: assesses {code}, which no {language} lesson of the module teaches")
            if question.definition.get("data"):
                continue  # its figures are read from a dataset when an attempt starts
            missing = (asked_figures(question.definition) & taught_elsewhere) - taught_here
            if missing:
                problems.append(f"{where}: asks for {sorted(missing)}, taught by another language's lessons only")
    return problems


@pytest.fixture
def modules(db):
    framework_dir, module_dirs = content_packages(settings.ALMA_CONTENT_DIR)
    known = known_codes(read_framework(framework_dir, {code for code, _ in settings.LANGUAGES}))
    return [read_module(path, known) for path in module_dirs]


def test_each_language_s_quiz_asks_only_what_its_lessons_teach(modules):
    problems = [problem for module in modules for problem in disagreements(module)]
    assert not problems, "\n".join(problems)


def test_the_check_names_a_figure_and_an_outcome_one_language_does_not_teach():
    def lesson(text, outcomes=("WAT-SEC-01",)):
        return SimpleNamespace(source_text=text, outcomes=list(outcomes))

    def question(prompt, answer, outcomes=("WAT-SEC-01",)):
        definition = {"type": "numeric", "prompt": prompt, "answers": [{"kind": "exact", "value": answer, "fraction": 1.0}]}
        return SimpleNamespace(line=7, title="Q", outcome_codes=list(outcomes), definition=definition)

    module = SimpleNamespace(
        slug="planted",
        lessons={("01", "es"): lesson("La minería usó 13,26 m³/s de agua continental en 2017."),
                 ("01", "pt"): lesson("A mineração usa água continental.")},
        questions={"es": SimpleNamespace(questions=[question("¿Cuántos m³/s?", 13.26)]),
                   "pt": SimpleNamespace(questions=[question("Quantos m³/s?", 13.26),
                                                    question("Com 20 m³/s e 40 m³/s, quanto ao todo?", 60),
                                                    question("Quantos?", 13.26, outcomes=("WAT-SEC-02",))])})
    problems = disagreements(module)
    assert problems == [
        "planted/questions.pt.gift line 7 (Q): asks for [13.26], taught by another language's lessons only",
        "planted/questions.pt.gift line 7 (Q): assesses WAT-SEC-02, which no pt lesson of the module teaches",
        "planted/questions.pt.gift line 7 (Q): asks for [13.26], taught by another language's lessons only",
    ]
