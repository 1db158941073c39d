"""How fast hostile files are refused (``make bench``).

* ``moodle_xml_flood_refused_s`` / ``_peak_mb`` — a Moodle XML file of 1.2 M
  empty elements (4.8 MB): seconds until it is refused, and the parser's peak
  memory (tracemalloc). Issue #12 measured 19 s and 0.8–1.2 GB before the
  parser read one question at a time.
* ``moodle_xml_5000_questions_s`` — a legitimate file at the question limit.
"""

from __future__ import annotations

import time
import tracemalloc


def _refused(func):
    try:
        func()
    except Exception:  # noqa: BLE001 - a refusal is the expected outcome
        pass


def _measure(func):
    """Seconds (a plain run) and peak MB (a second run under tracemalloc, which is slower)."""
    started = time.perf_counter()
    _refused(func)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    _refused(func)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def run(report):
    from quizzes.formats import MAX_QUESTIONS, moodle_xml

    flood = b"<quiz>" + b"<a/>" * 1_200_000 + b"</quiz>"
    seconds, peak = _measure(lambda: moodle_xml.parse(flood, "flood.xml"))
    report("moodle_xml_flood_refused_s", round(seconds, 2), "s")
    report("moodle_xml_flood_peak_mb", round(peak, 1), "MB")

    question = ('<question type="multichoice"><name><text>Q</text></name><questiontext format="html"><text>¿Cu?</text>'
                '</questiontext><single>true</single><answer fraction="100"><text>Cobre</text></answer>'
                '<answer fraction="0"><text>Litio</text></answer></question>')
    legit = f"<quiz>{question * MAX_QUESTIONS}</quiz>".encode()
    seconds, peak = _measure(lambda: moodle_xml.parse(legit, "legit.xml"))
    report("moodle_xml_5000_questions_s", round(seconds, 2), "s")
    report("moodle_xml_5000_questions_peak_mb", round(peak, 1), "MB")


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alma.settings.test")
    import django

    django.setup()
    run(lambda name, value, unit: print(name, value, unit))
