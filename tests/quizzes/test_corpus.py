"""Real GIFT and Moodle XML files written by others, read in place: every file imports with Moodle's question
count (questions of types the bank does not hold are skipped and reported by line), the GIFT files give the
parse trees GIFT-grammar-PEG.js expects, and import → export → import changes nothing.

Corpus: ../shared/formats/gift-corpus/*.gift (with .json trees), every Moodle XML file under ../shared/formats/,
and the Moodle XML files that the moodle-tools sdist ships (fetched by scripts/ensure-format-corpus into .cache/).
"""

import json
from pathlib import Path

import pytest
from defusedxml import ElementTree

from quizzes.formats import gift, moodle_xml
from quizzes.importing import dump, export_questions, import_file
from quizzes.models import Question

from .moodle_rules import problems
from .test_formats import SHARED

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "format-corpus"
GIFT_FILES = sorted((SHARED / "gift-corpus").glob("*.gift"))


def _is_moodle_xml(path: Path) -> bool:
    head = path.read_bytes()[:4000]
    return b"<quiz" in head and b"<question" in head


SHARED_XML = sorted(p for p in SHARED.rglob("*.xml") if _is_moodle_xml(p))
CACHED_XML = sorted(CACHE.glob("*/tests/resources/*.xml"))
XML_FILES = SHARED_XML + CACHED_XML
CACHE_MISSING = "the moodle-tools files are fetched by scripts/ensure-format-corpus (make test runs it); .cache/ is empty"
TYPES = {"MC": ("single", "multiple"), "TF": ("truefalse",), "Short": ("short",), "Numerical": ("numeric",),
         "Matching": ("matching",), "Essay": ("essay",)}


def _name(path: Path) -> str:
    return path.name


def _expected(path: Path) -> list[dict]:
    return [q for q in json.loads(path.with_suffix(".json").read_text("utf-8")) if q["type"] != "Category"]


def _moodle_count(path: Path) -> int:
    root = ElementTree.fromstring(path.read_bytes())
    return sum(1 for q in root.iter("question") if q.get("type") != "category")


def test_the_corpus_has_at_least_60_files():
    if not CACHED_XML:
        pytest.skip(CACHE_MISSING)
    assert len(GIFT_FILES) + len(XML_FILES) >= 60, (len(GIFT_FILES), len(XML_FILES))


@pytest.mark.parametrize("path", GIFT_FILES, ids=_name)
def test_gift_corpus_file_imports_with_moodles_count_and_the_expected_tree(path):
    result = gift.parse(path.read_bytes(), path.name)
    expected = _expected(path)
    assert len(result.questions) + len(result.skipped) == len(expected)
    skipped = {s.line for s in result.skipped}
    imported = iter(result.questions)
    for tree in expected:
        if tree["type"] == "Description":
            continue
        q = next(imported)
        d = q.definition
        assert d["type"] in TYPES[tree["type"]], (q.line, tree["type"], d["type"])
        if tree.get("title"):
            assert q.title == tree["title"].strip()
        if tree["type"] == "TF":
            assert d["answer"] is tree["isTrue"]
        elif tree["type"] == "MC":
            assert len(d["choices"]) == len(tree["choices"])
            right = [c["fraction"] > 0 for c in d["choices"]]
            assert right == [bool(c["isCorrect"]) or (c["weight"] or 0) > 0 for c in tree["choices"]]
        elif tree["type"] == "Matching":
            assert len(d["pairs"]) + len(d["distractors"]) == len(tree["matchPairs"])
        elif tree["type"] == "Numerical":
            choices = tree["choices"] if isinstance(tree["choices"], list) else [tree["choices"]]
            wildcard = [c for c in choices if isinstance(c.get("text"), dict) and c["text"].get("text") == "*"]
            assert len(d["answers"]) == len(choices) - len(wildcard)
        elif tree["type"] == "Short":
            texts = [c["text"]["text"] for c in tree["choices"] if c["text"]["text"] != "*"]
            if all(t.strip() and "[" not in t and "<" not in t for t in texts):
                assert [a["text"] for a in d["answers"]] == [t.strip() for t in texts]
    assert len(skipped) == len([t for t in expected if t["type"] == "Description"])


@pytest.mark.parametrize("path", XML_FILES, ids=_name)
def test_moodle_xml_corpus_file_imports_with_moodles_count(path):
    result = moodle_xml.parse(path.read_bytes(), path.name)
    assert len(result.questions) + len(result.skipped) == _moodle_count(path)
    assert all(s.line > 0 and s.qtype and s.reason for s in result.skipped)


def test_moodle_xml_corpus_from_the_cache_is_there():
    if not CACHED_XML:
        pytest.skip(CACHE_MISSING)
    assert len(CACHED_XML) >= 18


def test_the_rules_checker_catches_what_moodle_misreads():
    ordering = next((p for p in CACHED_XML if p.name == "orderingRef.xml"), None)
    if ordering is None:
        pytest.skip(CACHE_MISSING)
    found = problems(ordering.read_bytes())
    assert any("gradingtype '-1'" in p for p in found) and any("selecttype '2'" in p for p in found)


def _corpus_with_questions():
    out = []
    for path in GIFT_FILES:
        if gift.parse(path.read_bytes()).questions:
            out.append(("gift", path))
    for path in XML_FILES:
        if moodle_xml.parse(path.read_bytes()).questions:
            out.append(("moodle-xml", path))
    return out


def gift_loses(essay: dict) -> bool:
    return bool(essay.get("min_words") or essay.get("max_words") or essay.get("general_feedback"))


@pytest.mark.django_db
def test_corpus_import_export_import_changes_nothing(site_pages):
    """Every corpus file with questions: imported, exported in both formats, imported again: 0 new, 0 updated;
    every Moodle XML export passes Moodle's reading rules."""
    files = _corpus_with_questions()
    assert len(files) >= 40
    for fmt, path in files:
        namespace = path.stem
        Question.objects.all().delete()
        first = import_file(path.read_bytes(), fmt=fmt, locale="en", namespace=namespace, filename=path.name)
        assert first.created == first.total
        for out_fmt in ("gift", "moodle-xml"):
            ours = Question.objects.all()
            if out_fmt == "gift":  # GIFT has no cloze: its export names them in a comment and leaves them out
                ours = ours.exclude(qtype="cloze")
                # nor an essay's word limits, or a general feedback beside its rubric (docs/question-formats.md)
                ours = ours.exclude(pk__in=[q.pk for q in ours.filter(qtype="essay").select_related("latest_version")
                                            if gift_loses(q.latest_version.definition)])
                if not ours.exists():
                    continue
            text = dump(export_questions(ours), out_fmt)
            if out_fmt == "moodle-xml":
                assert problems(text) == [], path.name
            again = import_file(text, fmt=out_fmt, locale="en", namespace=namespace, filename=f"{path.stem}-export")
            assert (again.created, again.updated) == (0, 0), (path.name, out_fmt, again)
