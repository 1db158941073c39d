"""Issue 19, "Balance": the lessons name the industry's own bodies and the
independent standards next to the communities' and NGOs' voices.

A pure check over content/ (no database). In every language in which every
module has a quiz (es, pt, en), the lessons together must name:

- ICMM (International Council on Mining and Metals), the global industry body;
- IRMA (Initiative for Responsible Mining Assurance), the multi-stakeholder
  standard with independent audits;
- GISTM (Global Industry Standard on Tailings Management);
- at least three of the national industry bodies: Chile's Consejo Minero,
  Brazil's IBRAM, Peru's SNMPE and Mexico's CAMIMEX.

A body counts when its acronym or its full name (in any of the site's
languages) appears in a lesson. Acronyms match as whole words and in capitals,
so "firma" or the name "Irma" is not IRMA.
"""

import re
from collections import defaultdict

from tests.contributions.test_content_sources import CONTENT


def named(acronym, *names):
    return re.compile(rf"\b{acronym}\b|" + "|".join(re.escape(name) for name in names))


GLOBAL_BODIES = {
    "ICMM": named(
        "ICMM",
        "International Council on Mining and Metals",
        "Consejo Internacional de Minería y Metales",
        "Conselho Internacional de Mineração e Metais",
        "Conseil international des mines et métaux",
    ),
    "IRMA": named("IRMA", "Initiative for Responsible Mining Assurance"),
    "GISTM": named(
        "GISTM",
        "Global Industry Standard on Tailings Management",
        "Estándar Global de la Industria para la Gestión de Relaves",
        "Padrão Global da Indústria para a Gestão de Rejeitos",
    ),
}
NATIONAL_BODIES = {
    "Consejo Minero": named("Consejo Minero"),
    "IBRAM": named("IBRAM", "Instituto Brasileiro de Mineração"),
    "SNMPE": named("SNMPE", "Sociedad Nacional de Minería, Petróleo y Energía"),
    "CAMIMEX": named("CAMIMEX", "Cámara Minera de México"),
}
MIN_NATIONAL_BODIES = 3


def quiz_languages():
    """The languages in which every module has a quiz."""
    modules = [path for path in sorted(CONTENT.glob("modules/*")) if path.is_dir()]
    per_module = [{quiz.name.split(".")[1] for quiz in module.glob("questions.*.gift")} for module in modules]
    return sorted(set.intersection(*per_module)) if per_module else []


def lessons_by_language():
    """{language: {lesson path relative to content/: text}}."""
    lessons = defaultdict(dict)
    for path in sorted(CONTENT.glob("modules/*/lessons/*.md")):
        lessons[path.suffixes[-2].lstrip(".")][str(path.relative_to(CONTENT))] = path.read_text(encoding="utf-8")
    return lessons


def missing_voices(lessons, languages):
    """One message per language that leaves out a body, saying which and where to look."""
    problems = []
    for language in languages:
        texts = lessons.get(language, {})

        def naming(pattern):
            return [name for name, text in texts.items() if pattern.search(text)]

        absent = [body for body, pattern in GLOBAL_BODIES.items() if not naming(pattern)]
        national = [body for body, pattern in NATIONAL_BODIES.items() if naming(pattern)]
        if absent:
            problems.append(f"{language}: no lesson names {', '.join(absent)}")
        if len(national) < MIN_NATIONAL_BODIES:
            problems.append(
                f"{language}: lessons name {len(national)} national industry bodies "
                f"({', '.join(national) or 'none'}); at least {MIN_NATIONAL_BODIES} of "
                f"{', '.join(NATIONAL_BODIES)} are needed"
            )
    return problems


def test_every_module_has_quizzes_in_spanish_portuguese_and_english():
    assert {"es", "pt", "en"} <= set(quiz_languages())


def test_the_lessons_of_every_quiz_language_name_industry_bodies_and_independent_standards():
    assert missing_voices(lessons_by_language(), quiz_languages()) == []


def test_a_language_whose_lessons_drop_a_body_is_reported():
    lessons = lessons_by_language()
    spanish = {name: GLOBAL_BODIES["ICMM"].sub("", text) for name, text in lessons["es"].items()}
    problems = missing_voices({**lessons, "es": spanish}, ["es", "pt", "en"])
    assert problems == ["es: no lesson names ICMM"]


def test_fewer_than_three_national_bodies_are_reported():
    text = "ICMM, IRMA and GISTM; Consejo Minero and IBRAM speak for the companies."
    problems = missing_voices({"en": {"a.en.md": text}}, ["en"])
    assert len(problems) == 1
    assert "en: lessons name 2 national industry bodies (Consejo Minero, IBRAM)" in problems[0]


def test_acronyms_match_as_words_and_full_names_count():
    lookalikes = "Irma firmó; la firma afirma; icmm en minúsculas; GISTMs"
    assert missing_voices({"es": {"a.es.md": lookalikes}}, ["es"])[0] == "es: no lesson names ICMM, IRMA, GISTM"
    full_names = (
        "Conselho Internacional de Mineração e Metais; Initiative for Responsible Mining Assurance; "
        "Padrão Global da Indústria para a Gestão de Rejeitos; Instituto Brasileiro de Mineração; "
        "Consejo Minero; Cámara Minera de México"
    )
    assert missing_voices({"pt": {"a.pt.md": full_names}}, ["pt"]) == []
