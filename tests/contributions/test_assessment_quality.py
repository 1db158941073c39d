"""Issue 19, "assessment that tests understanding": per module and language, the quiz makes
learners reason rather than recall.

A pure check over content/ (read as packages, nothing imported):

- at least a third of the questions are tagged ``[tag:scenario]`` (a situation to reason
  about: a community, a plant, a decision) or ``[tag:data]`` (a table or figure to read);
- at most 10 % start with "According to…" (or its es/pt/fr forms), which asks to recall a text;
- no true/false question assesses a "create" or "evaluate" outcome (bloom in the framework
  TOML): those get a case to judge (multiple choice) or an open question with a rubric.
"""

import re
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from contributions.importer import known_codes
from contributions.loader import content_packages
from contributions.package.framework import read_framework
from contributions.package.module import read_module

REASONING_TAGS = {"scenario", "data"}
RECALL_OPENING = re.compile(r"^\W*(according to|seg[uú]n|segundo|de acuerdo|d['’]apr[eè]s|selon)\b", re.IGNORECASE)
HIGHER_ORDER = {"create", "evaluate"}


def blooms(framework_dir: Path) -> dict[str, str]:
    found = {}
    for path in sorted((Path(framework_dir) / "outcomes").glob("*.toml")):
        for outcome in tomllib.loads(path.read_text(encoding="utf-8")).get("outcome", []):
            found[outcome["code"]] = outcome.get("bloom", "")
    return found


def quality_problems(module, bloom: dict[str, str]) -> list[str]:
    problems = []
    for language, parsed in sorted(module.questions.items()):
        questions = parsed.questions
        if not questions:
            continue
        where = f"{module.slug}/questions.{language}.gift"
        reasoning = sum(1 for q in questions if REASONING_TAGS & {t.strip().lower() for t in q.tags})
        if 3 * reasoning < len(questions):
            problems.append(f"{where}: {reasoning} of {len(questions)} questions are tagged scenario or data "
                            "(at least a third must be)")
        recall = [q for q in questions if RECALL_OPENING.match(q.definition.get("prompt", ""))]
        if 10 * len(recall) > len(questions):
            problems.append(f"{where}: {len(recall)} of {len(questions)} questions start with 'According to' or its "
                            f"translation (at most 10 %): {', '.join(q.title for q in recall)}")
        for q in questions:
            if q.definition.get("type") == "truefalse":
                for code in q.outcome_codes:
                    if bloom.get(code) in HIGHER_ORDER:
                        problems.append(f"{where} line {q.line} ({q.title}): a true/false question assesses {code}, "
                                        f"a '{bloom[code]}' outcome; make it a case to judge or an open question with a rubric")
    return problems


SLUGS = sorted(p.parent.name for p in (Path(__file__).resolve().parents[2] / "content" / "modules").glob("*/module.toml"))


@pytest.mark.parametrize("slug", SLUGS)
def test_each_quiz_asks_learners_to_reason_not_recall(db, slug):
    framework_dir, module_dirs = content_packages(settings.ALMA_CONTENT_DIR)
    known = known_codes(read_framework(framework_dir, {code for code, _ in settings.LANGUAGES}))
    problems = quality_problems(read_module(next(p for p in module_dirs if p.name == slug), known), blooms(framework_dir))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_check_names_each_kind_of_problem():
    def question(prompt, tags=(), kind="multichoice", outcome="X-01", line=3):
        return SimpleNamespace(line=line, title=prompt[:12], tags=list(tags), outcome_codes=[outcome],
                               definition={"type": kind, "prompt": prompt})

    good = [question("A community asks…", ["scenario"]), question("Read the table…", ["Data"]),
            question("Which metal…"), question("Which rock…"), question("Which mineral…"), question("Why…")]
    weak = [question("According to the lesson, who…"), question("Según la lección…"),
            question("Lithium is mined here.", kind="truefalse", outcome="X-02", line=9)]
    module = SimpleNamespace(slug="planted", questions={"en": SimpleNamespace(questions=good),
                                                        "es": SimpleNamespace(questions=weak)})
    assert quality_problems(module, {"X-01": "apply", "X-02": "evaluate"}) == [
        "planted/questions.es.gift: 0 of 3 questions are tagged scenario or data (at least a third must be)",
        "planted/questions.es.gift: 2 of 3 questions start with 'According to' or its translation (at most 10 %): "
        "According to, Según la lec",
        "planted/questions.es.gift line 9 (Lithium is m): a true/false question assesses X-02, a 'evaluate' outcome; "
        "make it a case to judge or an open question with a rubric",
    ]
