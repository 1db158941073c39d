"""Importing a large module package: 100 lessons × 3 languages.

Reports seconds, database queries and peak Python memory (tracemalloc) of the
first import, and seconds and queries of a re-import of the unchanged package
(which must save no revision). The package carries its quiz: 100 questions in
each language, 300 in all, of four types.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from pathlib import Path

LESSONS = 100
LANGUAGES = ("es", "pt", "en")
QUESTIONS_PER_LANGUAGE = 100


def gift_questions(outcome: str, lang: str) -> str:
    kinds = [
        "::Q{n}:: ({lang}) ¿Qué metal conduce mejor? {{=Cobre #Sí. ~Hierro #No. ~Arena #No.}}",
        "::Q{n}:: ({lang}) Chile produce cobre. {{TRUE#Revisa la tabla.#Correcto.}}",
        "::Q{n}:: ({lang}) 80 000 t al 0,6 % Cu: ¿toneladas de cobre? {{#480:1}}",
        "::Q{n}:: ({lang}) Metal de los salares andinos {{=litio =lithium}}",
    ]
    lines = [f"$CATEGORY: {outcome}", ""]
    for n in range(1, QUESTIONS_PER_LANGUAGE + 1):
        lines += [kinds[n % len(kinds)].format(n=n, lang=lang), ""]
    return "\n".join(lines)


def write_package(root: Path, outcome: str, theme: str, level: str) -> Path:
    module = root / "bench-contributions"
    (module / "lessons").mkdir(parents=True)
    stems = [f"{n:03d}-leccion-{n}" for n in range(1, LESSONS + 1)]
    titles = ", ".join(f'{lang} = "Módulo de prueba ({lang})"' for lang in LANGUAGES)
    (module / "module.toml").write_text(
        f'slug = "bench-contributions"\nlevel = "{level}"\nthemes = ["{theme}"]\nminerals = []\n'
        f'outcomes = ["{outcome}"]\nlanguages = {list(LANGUAGES)!r}\nlicence = "CC-BY-4.0"\nversion = "1.0"\n'
        f'estimated_hours = 50\nlessons = {stems!r}\ntitle = {{ {titles} }}\nsummary = {{ {titles} }}\n'.replace("'", '"'),
        encoding="utf-8")
    body = "\n\n".join(
        ["## Sección\n\n" + "Texto de la lección con **énfasis** y una lista:\n\n- uno\n- dos\n" * 5,
         "::: callout key-idea Idea clave\nEl agua se recircula (Cochilco 2020).\n:::",
         "::: activity 20 Medir\nMaterials:\n- Un vaso\n\n1. Llenar.\n2. Medir.\n:::"])
    for lang in LANGUAGES:
        (module / f"questions.{lang}.gift").write_text(gift_questions(outcome, lang), encoding="utf-8")
    for n, stem in enumerate(stems, start=1):
        for lang in LANGUAGES:
            (module / "lessons" / f"{stem}.{lang}.md").write_text(
                f'+++\ntitle = "Lección {n} ({lang})"\nminutes = 30\noutcomes = ["{outcome}"]\n+++\n\n{body}\n',
                encoding="utf-8")
    return module


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _timed(load, package):
    from django.db import connection

    counter = QueryCounter()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        load(package)
    # CPU seconds too: on a shared machine the wall time mostly measures the others' load.
    print(f"# {getattr(load, '__name__', 'load')}: {time.process_time() - cpu_started:.2f} s CPU, "
          f"load average {os.getloadavg()[0]:.2f}")
    return time.perf_counter() - started, counter.count


def run(report):
    from contributions.loader import load_tree
    from curriculum.models import LearningOutcome

    outcome = LearningOutcome.objects.filter(themes__isnull=False).first()
    if outcome is None:
        print("# bench_contributions: no framework loaded; skipped")
        return
    with tempfile.TemporaryDirectory() as temp:
        package = write_package(Path(temp), outcome.code, outcome.themes.first().code, outcome.level)
        seconds, queries = _timed(load_tree, package)
        report("package_import_100x3_300q_s", round(seconds, 2), "s")
        report("package_import_100x3_300q_queries", queries, "queries")
        seconds, queries = _timed(load_tree, package)
        report("package_reimport_unchanged_100x3_300q_s", round(seconds, 2), "s")
        report("package_reimport_unchanged_100x3_300q_queries", queries, "queries")
        for path in (package / "lessons").glob("*.md"):
            path.write_text(path.read_text(encoding="utf-8").replace("Idea clave", "Idea central"), encoding="utf-8")
        tracemalloc.start()
        seconds, queries = _timed(load_tree, package)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        report("package_reimport_edited_100x3_300q_s_under_tracemalloc", round(seconds, 2), "s")
        report("package_reimport_edited_100x3_300q_peak_mb", round(peak / 2**20, 1), "MB")
