"""GIFT and Moodle XML: the edge cases of each format, real files, hostile files, round trips."""

from pathlib import Path

import pytest

from quizzes import definition as qd
from quizzes.formats import MAX_BYTES, FormatError, ParsedQuestion, gift, moodle_xml
from quizzes.formats.moodle_xml import read as moodle_read
from quizzes.scoring import score

from .conftest import SAMPLES

SHARED = Path(__file__).resolve().parents[3] / "shared" / "formats"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/formats")

EDGE = r"""// question: 1  name: a comment written by Moodle's exporter
$CATEGORY: $course$/top/CM-SEC-01

// [id:cu-grade] [tag:difficulty-3]
::Ley del mineral\: cobre::[markdown]Una mina procesa **80 000 t** de mineral al 0,6 % Cu.\n\n¿Cuántas toneladas de cobre? {#
    =480:0.5 #Exacto.
    =%50%400..500 #Cerca.
    ~#Revisa el porcentaje.
}

::Escapes::El signo \= y las llaves \{ \} y el \# y la tilde \~ y una barra \\ { =sí ~no }

::Colores::¿Qué colores? {
    ~%50%rojo # bien
    ~%50%azul
    ~%-100%verde # [html]<b>no</b>
    ####Los colores primarios.
}

::TF::El cobre es un metal. {TRUE#Revisa.#¡Bien!####General}

::Match::Une. { =Cu -> Cobre =Li->Litio = -> Oro }

::Corto::Metal del salar { =litio =%50%Li =%0%*#Otra cosa }

Grant is {~buried =entombed ~living} in Grant's tomb.
"""


def parse(text):
    return gift.parse(text.encode("utf-8"), "edge.gift")


def test_gift_edge_cases():
    result = parse(EDGE)
    by_title = {q.title: q for q in result.questions}
    numeric = by_title["Ley del mineral: cobre"]
    assert numeric.external_id == "cu-grade" and numeric.difficulty == 3 and numeric.outcome_codes == ["CM-SEC-01"]
    d = numeric.definition
    assert d["prompt"].startswith("Una mina procesa **80 000 t**") and "\n\n¿Cuántas" in d["prompt"]
    assert d["answers"][0] == {"kind": "exact", "value": 480.0, "tolerance": 0.5, "relative": False, "fraction": 1.0,
                               "feedback": "Exacto."}
    assert d["answers"][1]["kind"] == "range" and d["answers"][1]["fraction"] == 0.5
    assert d["incorrect_feedback"] == "Revisa el porcentaje."
    escapes = by_title["Escapes"].definition
    assert escapes["prompt"] == "El signo = y las llaves { } y el # y la tilde ~ y una barra \\"
    colours = by_title["Colores"].definition
    assert colours["type"] == "multiple" and [c["fraction"] for c in colours["choices"]] == [0.5, 0.5, -1.0]
    assert colours["choices"][2]["feedback"] == "no"  # an [html] part in a Markdown question becomes text
    assert colours["general_feedback"] == "Los colores primarios."
    tf = by_title["TF"].definition
    assert tf["answer"] is True and tf["feedback_wrong"] == "Revisa." and tf["feedback_right"] == "¡Bien!"
    match = by_title["Match"].definition
    assert [p["right"] for p in match["pairs"]] == ["Cobre", "Litio"] and match["distractors"] == ["Oro"]
    short = by_title["Corto"].definition
    assert [a["text"] for a in short["answers"]] == ["litio", "Li"] and short["incorrect_feedback"] == "Otra cosa"
    missing = next(q for q in result.questions if q.definition["prompt"].startswith("Grant"))
    assert missing.definition["prompt"] == "Grant is _____ in Grant's tomb." and missing.definition["type"] == "single"


def test_gift_crlf_bom_and_no_final_newline():
    text = "\ufeff::A::¿Sí? {T}\r\n\r\n::B::¿No? {F}"
    assert [q.definition["answer"] for q in gift.parse(text.encode("utf-8")).questions] == [True, False]


def test_gift_html_is_sanitised():
    text = ('::H::[html]<p onclick="steal()">Hola <script>alert(1)</script><style>p\\{color\\: red\\}</style>'
            '<a href="javascript\\:alert(1)">x</a><img src\\="x" onerror\\="alert(1)"></p> {T}')
    prompt = gift.parse(text).questions[0].definition["prompt"]
    assert "script" not in prompt and "onclick" not in prompt and "javascript" not in prompt
    assert "onerror" not in prompt and "<style" not in prompt and "Hola" in prompt


def test_gift_deeply_nested_html_is_handled():
    depth = 3000
    text = "::Deep::[html]" + "<div>" * depth + "texto" + "</div>" * depth + " {T}"
    try:
        result = gift.parse(text)
    except FormatError as error:  # too long for a prompt: a clear error, not a crash
        assert "longer than" in str(error)
    else:
        assert "texto" in result.questions[0].definition["prompt"]


def test_gift_errors_are_all_listed_with_lines():
    text = "::A::Uno { =a ~b \n\n::B::Dos {#abc}\n\n::C::Tres {~%500%x =y}\n\n::D::Cuatro { =x -> }\n"
    with pytest.raises(FormatError) as error:
        gift.parse(text, "bad.gift")
    lines = [line for line, _msg in error.value.errors]
    assert 1 in lines and 3 in lines and 5 in lines and 7 in lines
    assert "bad.gift:3:" in error.value.report()


def test_gift_over_10_mb_is_refused():
    big = ("::Q::¿Sí? {T}\n\n" * (MAX_BYTES // 14 + 10)).encode()
    assert len(big) > MAX_BYTES
    with pytest.raises(FormatError, match="10 MB"):
        gift.parse(big)


def test_gift_not_utf8_names_the_line():
    with pytest.raises(FormatError) as error:
        gift.parse(b"::A::ok {T}\n\n::B::caf\xe9 {T}")
    assert error.value.errors[0][0] == 3


def test_descriptions_are_skipped_by_line_and_type_and_essays_read():
    result = gift.parse("::E::Escribe. {}\n\n::D::Solo texto\n\n::T::Sí {T}")
    assert [q.definition["type"] for q in result.questions] == ["essay", "truefalse"]
    assert [(s.line, s.qtype) for s in result.skipped] == [(3, "description")]


def sample_parsed():
    out = [ParsedQuestion(line=0, title=f"{t} «sample»: a=b {{x}}", definition=qd.normalise(d), outcome_codes=["CM-SEC-01"],
                          external_id=f"id-{t}", difficulty=1 + i % 3)
           for i, (t, d) in enumerate(SAMPLES.items())]
    out[0].outcome_codes = ["CM-SEC-01", "ET-SEC-02"]
    return out


@pytest.mark.parametrize("module", [gift, moodle_xml])
def test_round_trip_keeps_every_question(module):
    original = [p for p in sample_parsed() if module is moodle_xml or p.definition["type"] != "cloze"]  # GIFT has no cloze
    text = module.dump(original)
    again = module.parse(text).questions
    assert len(again) == len(original)
    for a, b in zip(original, again):
        assert b.definition == a.definition, a.definition["type"]
        assert (b.title, b.external_id, b.difficulty, b.outcome_codes) == (a.title, a.external_id, a.difficulty,
                                                                           a.outcome_codes)


def test_moodle_xml_real_file_numerical_tolerance():
    result = moodle_xml.parse((SHARED / "moodlexml_moodletools_numerical_tolerance.xml").read_bytes())
    first, second = result.questions
    assert first.title == "Numerical question" and first.definition["format"] == "html"
    assert score(first.definition, "4").points == 1 and score(first.definition, "5.05").points == 0.5
    assert score(second.definition, "5").points == 0
    assert first.definition["general_feedback"] == "<p>General feedback</p>"


def test_moodle_xml_refuses_entities_and_doctype():
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            "<quiz><question type=\"truefalse\"><name><text>&lol2;</text></name></question></quiz>")
    with pytest.raises(FormatError, match="refused for safety"):
        moodle_xml.parse(bomb)
    xxe = '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz>&x;</quiz>'
    with pytest.raises(FormatError):
        moodle_xml.parse(xxe)


def test_moodle_xml_errors_have_lines():
    text = """<?xml version="1.0"?>
<quiz>
  <question type="calculated"><name><text>x</text></name></question>
  <question type="multichoice">
    <name><text>Sin respuesta</text></name>
    <questiontext format="html"><text>?</text></questiontext>
    <answer fraction="abc"><text>a</text></answer>
  </question>
</quiz>"""
    with pytest.raises(FormatError) as error:
        moodle_xml.parse(text)
    lines = {line for line, _ in error.value.errors}
    assert lines == {7}  # the calculated question on line 3 is skipped (reported), not an error


def test_moodle_xml_malformed_reports_the_line():
    with pytest.raises(FormatError) as error:
        moodle_xml.parse('<?xml version="1.0"?>\n<quiz>\n<question type="truefalse">\n</quiz>')
    assert error.value.errors[0][0] == 4


def test_moodle_xml_categories_and_types():
    text = """<?xml version="1.0"?><quiz>
<question type="category"><category><text>$course$/top/Unidad 1/WAT-SEC-02</text></category></question>
<question type="shortanswer"><name><text>S</text></name><questiontext format="moodle_auto_format"><text>Metal</text></questiontext>
<usecase>1</usecase><answer fraction="100"><text>Litio</text></answer></question>
<question type="matching"><name><text>M</text></name><questiontext format="html"><text>Une</text></questiontext>
<subquestion format="html"><text>Cu</text><answer><text>Cobre</text></answer></subquestion>
<subquestion format="html"><text>Li</text><answer><text>Litio</text></answer></subquestion>
<subquestion format="html"><text></text><answer><text>Oro</text></answer></subquestion></question>
<question type="ordering"><name><text>O</text></name><questiontext format="html"><text>Ordena</text></questiontext>
<answer fraction="1"><text>Uno</text></answer><answer fraction="2"><text>Dos</text></answer></question>
<question type="essay"><name><text>E</text></name><questiontext><text>Escribe</text></questiontext></question>
</quiz>"""
    result = moodle_xml.parse(text)
    assert [q.definition["type"] for q in result.questions] == ["short", "matching", "ordering", "essay"]
    assert all(q.outcome_codes == ["WAT-SEC-02"] for q in result.questions)
    assert result.questions[0].definition["case_sensitive"] and result.questions[1].definition["distractors"] == ["Oro"]
    assert len(result.warnings) == 1


def test_gift_hostile_nesting_is_refused_fast():
    import time

    depth = 200_000
    text = "::Deep::[html]" + "<div>" * depth + "x" + "</div>" * depth + " {T}"
    start = time.perf_counter()
    with pytest.raises(FormatError, match="longer than"):
        gift.parse(text)
    assert time.perf_counter() - start < 10


def test_moodle_xml_flood_of_empty_elements_is_refused_early(monkeypatch):
    """1.2 M empty elements (4.8 MB): refused at the element cap, the tree never built."""
    built = []
    original = moodle_xml.Node.__init__

    def counting_init(self, *args):
        built.append(1)
        original(self, *args)

    monkeypatch.setattr(moodle_xml.Node, "__init__", counting_init)
    with pytest.raises(FormatError) as error:
        moodle_xml.parse(b"<quiz>" + b"<a/>" * 1_200_000 + b"</quiz>", "flood.xml")
    assert error.value.errors == [(1, f"The file has more than {moodle_xml.MAX_ELEMENTS:,} XML elements; "
                                      "split it into smaller files.")]
    assert built == []


def test_moodle_xml_questions_are_read_one_at_a_time(monkeypatch):
    """Each question is handled as soon as it is read, not after the whole file."""
    question = ('<question type="truefalse"><name><text>T</text></name><questiontext><text>Cu?</text></questiontext>'
                '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>')
    nodes_built, nodes_when_handled = [], []
    original_init, original_question = moodle_xml.Node.__init__, moodle_read._question

    def counting_init(self, *args):
        nodes_built.append(1)
        original_init(self, *args)

    def spy(node, *args):
        nodes_when_handled.append(len(nodes_built))
        return original_question(node, *args)

    monkeypatch.setattr(moodle_xml.Node, "__init__", counting_init)
    monkeypatch.setattr(moodle_read, "_question", spy)
    result = moodle_xml.parse(f"<quiz>{question * 50}</quiz>")
    assert len(result.questions) == 50
    assert nodes_when_handled[:3] == [9, 18, 27]  # one question's nine elements at a time


def test_moodle_xml_errors_are_capped_and_the_rest_counted():
    with pytest.raises(FormatError) as error:
        moodle_xml.parse("<quiz>\n" + "<a/>\n" * 10_312 + "</quiz>", "many.xml")
    report = error.value.report().splitlines()
    assert len(report) == 501
    assert report[0] == "many.xml:2: Unexpected <a> inside <quiz>: only <question> elements belong here."
    assert report[-1] == "… and 9812 more errors"


def test_moodle_xml_deep_nesting_is_refused():
    with pytest.raises(FormatError, match="nested deeper than 64 levels"):
        moodle_xml.parse("<quiz>" + "<question>" + "<b>" * 100 + "</b>" * 100 + "</question></quiz>")
