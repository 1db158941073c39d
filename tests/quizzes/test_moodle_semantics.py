"""Each defect of issue #17 parts 1 and 2, as Moodle's qformat_gift / qformat_xml read the same text."""

import base64
import io

import pytest
from PIL import Image

from quizzes.formats import FormatError, gift, moodle_xml
from quizzes.importing import dump, export_questions, import_file
from quizzes.models import Question
from quizzes.scoring import score
from tests.factories import OutcomeFactory

from .moodle_rules import problems


def one(text):
    result = gift.parse(text)
    assert len(result.questions) == 1, result
    return result.questions[0].definition


# --- GIFT ----------------------------------------------------------------------------------------


def test_numerical_with_tilde_feedback_and_zero_weight_answers():
    d = one("::N::How many? {#\n=%0%5:0#Only the start.\n=%100%9:0#Right.\n~#Count again.\n}")
    assert [(a["value"], a["fraction"]) for a in d["answers"]] == [(5.0, 0.0), (9.0, 1.0)]
    assert d["answers"][0]["feedback"] == "Only the start." and d["incorrect_feedback"] == "Count again."
    assert score(d, "9").points == 1 and score(d, "5").points == 0


def test_short_answer_without_equals_sign():
    d = one("How do you write the word for the number 1? {One}")
    assert d["type"] == "short" and [a["text"] for a in d["answers"]] == ["One"]


def test_lower_case_true_is_a_short_answer_as_in_moodle():
    assert one("Say yes in English {true}")["type"] == "short"
    assert one("Grant is buried in Grant's tomb. {T}")["type"] == "truefalse"


def test_arrow_inside_a_multiple_choice_answer_is_text():
    d = one("How to make coffee?{~go to starbucks -> order a coffee =get coffee powder -> add water}")
    assert d["type"] == "single"
    assert [c["text"] for c in d["choices"]] == ["go to starbucks -> order a coffee", "get coffee powder -> add water"]


def test_format_prefix_inside_answers_is_not_kept_as_text():
    d = one("::S::[markdown]Which metal? {=[markdown]copper =[plain]Cu#[markdown]*yes*}")
    assert [a["text"] for a in d["answers"]] == ["copper", "Cu"] and d["answers"][1]["feedback"] == "*yes*"
    mc = one("::M::[html]<p>Pick</p> {=[html]<b>Cu</b> ~[html]<i>Au</i>}")
    assert [c["text"] for c in mc["choices"]] == ["<b>Cu</b>", "<i>Au</i>"]


def test_text_before_the_first_marker_is_an_answer_as_in_moodle():
    d = one("Pick {Cu ~Au =Ag}")
    assert [c["text"] for c in d["choices"]] == ["Cu", "Au", "Ag"] and d["type"] == "single"


def test_ordering_plugin_block():
    d = one("Order the steps {>0 ALL VERTICAL ALL_OR_NOTHING SHOW\nmine\ncrush\nfloat\n}")
    assert d["type"] == "ordering" and d["grading"] == "all" and [i["text"] for i in d["items"]] == ["mine", "crush", "float"]


def test_gift_cloze_description_are_skipped_by_line_not_refused_and_essay_read():
    result = gift.parse("::A::Text only\n\n::B::Write {}\n\n::C::Two {=a} blocks {=b}\n\n::D::Ok {T}")
    assert [(s.line, s.qtype) for s in result.skipped] == [(1, "description"), (5, "cloze")]
    assert [q.definition["type"] for q in result.questions] == ["essay", "truefalse"]


# --- Moodle XML ------------------------------------------------------------------------------------

TF = ('<question type="truefalse"><name><text>T</text></name><questiontext format="html"><text>Cu?</text>'
      '</questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
      '</question>')


def _png(size=(4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "PNG")
    return out.getvalue()


def test_unsupported_types_are_skipped_by_line_type_and_reason():
    text = (f'<?xml version="1.0"?>\n<quiz>\n<question type="gapselect"><name><text>c</text></name></question>\n{TF}\n'
            '<question type="stack"><name><text>s</text></name></question>\n'
            '<question type="ddimageortext"><name><text>d</text></name></question>\n</quiz>')
    result = moodle_xml.parse(text)
    assert len(result.questions) == 1
    assert [(s.line, s.qtype) for s in result.skipped] == [(3, "gapselect"), (5, "stack"), (6, "ddimageortext")]
    assert all(s.reason for s in result.skipped)


def test_malformed_file_is_still_refused_whole():
    with pytest.raises(FormatError):
        moodle_xml.parse(f"<quiz>{TF}<question type='cloze'></quiz>")


def test_dropped_elements_are_named_in_a_warning():
    text = ('<quiz><question type="multichoice"><name><text>M</text></name><questiontext format="html"><text>Pick'
            '</text></questiontext><answernumbering>abc</answernumbering>'
            '<correctfeedback format="html"><text>Well done</text></correctfeedback>'
            '<hint format="html"><text>Think</text></hint><hint format="html"><text>Again</text></hint>'
            '<answer fraction="100"><text>Cu</text></answer><answer fraction="0"><text>Au</text></answer></question></quiz>')
    warning = " ".join(m for _l, m in moodle_xml.parse(text).warnings)
    assert "2 hint(s)" in warning and "correctfeedback" in warning and "answer numbering 'abc'" in warning


def test_ordering_settings_both_ways():
    text = ('<quiz><question type="ordering"><name><text>O</text></name><questiontext format="html"><text>Order</text>'
            '</questiontext><selecttype>RANDOM</selecttype><selectcount>3</selectcount>'
            '<gradingtype>ALL_OR_NOTHING</gradingtype>'
            + "".join(f'<answer fraction="{n}"><text>{w}</text></answer>' for n, w in enumerate("abcd", 1))
            + "</question></quiz>")
    q = moodle_xml.parse(text).questions[0]
    assert (q.definition["grading"], q.definition["select_type"], q.definition["select_count"]) == ("all", "random", 3)
    out = moodle_xml.dump([q])
    assert "<gradingtype>ALL_OR_NOTHING</gradingtype>" in out and "<selecttype>RANDOM</selecttype>" in out
    assert "<selectcount>3</selectcount>" in out and problems(out) == []
    assert moodle_xml.parse(out).questions[0].definition == q.definition
    absolute = moodle_xml.parse(text.replace("ALL_OR_NOTHING", "ABSOLUTE_POSITION")).questions[0]
    assert absolute.definition["grading"] == "partial" and "ABSOLUTE_POSITION" in moodle_xml.dump([absolute])
    numeric = moodle_xml.parse(text.replace("ALL_OR_NOTHING", "-1")).questions[0]  # what older exports wrote
    assert numeric.definition["grading"] == "all"


def test_numerical_unit_settings_both_ways():
    base = ('<quiz><question type="numerical"><name><text>N</text></name><questiontext format="html"><text>Mass?</text>'
            '</questiontext><answer fraction="100"><text>480</text><tolerance>0</tolerance></answer>'
            '<units><unit><multiplier>1</multiplier><unit_name>t</unit_name></unit></units>{}</question></quiz>')
    required = moodle_xml.parse(base.format("<unitgradingtype>1</unitgradingtype><showunits>0</showunits>")).questions[0]
    assert required.definition["unit"] == "t" and required.definition["unit_required"] is True
    hidden = moodle_xml.parse(base.format("<unitgradingtype>1</unitgradingtype><showunits>3</showunits>")).questions[0]
    assert hidden.definition["unit_required"] is False  # showunits 3: Moodle does not use units
    out = moodle_xml.dump([required])
    assert "<showunits>0</showunits>" in out and "<unitgradingtype>1</unitgradingtype>" in out and problems(out) == []
    assert moodle_xml.parse(out).questions[0].definition == required.definition


def test_embedded_and_pluginfile_images_are_read_and_checked():
    png = base64.b64encode(_png()).decode()
    text = ('<quiz><question type="truefalse"><name><text>T</text></name><questiontext format="html">'
            '<text><![CDATA[<p>Look: <img src="@@PLUGINFILE@@/fig%201.png" alt="fig"> and '
            f'<img src="data:image/png;base64,{png}" alt="inline"></p>]]></text>'
            f'<file name="fig 1.png" path="/" encoding="base64">{png}</file></questiontext>'
            '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
            '</question></quiz>')
    q = moodle_xml.parse(text).questions[0]
    assert "@@PLUGINFILE@@/fig%201.png" in q.definition["prompt"] and "data:" not in q.definition["prompt"]
    assert q.images["fig 1.png"] == _png() and any(name.startswith("inline-") for name in q.images)


@pytest.mark.parametrize("payload, message", [
    (b"<svg onload='alert(1)'/>", "not a readable image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a readable image"),
    (None, "pixels"),
])
def test_hostile_images_refuse_the_file_with_a_clear_error(payload, message):
    if payload is None:  # a decompression bomb: tiny file, huge canvas
        out = io.BytesIO()
        Image.new("1", (9000, 9000)).save(out, "PNG")
        payload = out.getvalue()
    text = ('<quiz><question type="truefalse"><name><text>T</text></name><questiontext format="html">'
            '<text><![CDATA[<img src="@@PLUGINFILE@@/x.png">]]></text>'
            f'<file name="x.png" encoding="base64">{base64.b64encode(payload).decode()}</file></questiontext>'
            '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
            '</question></quiz>')
    with pytest.raises(FormatError, match=message):
        moodle_xml.parse(text)


@pytest.mark.django_db
def test_images_become_wagtail_images_shown_in_the_question_and_survive_a_round_trip(site_pages):
    png = base64.b64encode(_png((5, 5))).decode()
    text = ('<quiz><question type="truefalse"><name><text>T</text></name><questiontext format="html">'
            '<text><![CDATA[<p><img src="@@PLUGINFILE@@/fig.png" alt="figure"></p>]]></text>'
            f'<file name="fig.png" encoding="base64">{png}</file></questiontext>'
            '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
            '</question></quiz>')
    import_file(text, fmt="moodle-xml", locale="en", namespace="img")
    question = Question.objects.get()
    prompt = question.latest_version.definition["prompt"]
    assert "/media/" in prompt and "@@PLUGINFILE@@" not in prompt
    out = dump(export_questions(Question.objects.all()), "moodle-xml")
    assert "@@PLUGINFILE@@/" in out and "<file " in out and problems(out) == []
    again = import_file(out, fmt="moodle-xml", locale="en", namespace="img")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


@pytest.mark.django_db
def test_strict_refuses_any_skip(site_pages):
    text = f"<quiz>{TF}<question type='description'><name><text>E</text></name></question></quiz>"
    with pytest.raises(FormatError, match="strict"):
        import_file(text, fmt="moodle-xml", locale="en", namespace="s", strict=True)
    summary = import_file(text, fmt="moodle-xml", locale="en", namespace="s")
    assert summary.created == 1 and [s.qtype for s in summary.skipped] == ["description"]


@pytest.mark.django_db
def test_idnumber_is_unique_per_category_not_per_language(site_pages):
    OutcomeFactory(code="CM-SEC-01")
    OutcomeFactory(code="ET-SEC-01")

    def file(code, prompt):
        return (f'<quiz><question type="category"><category><text>$course$/top/{code}</text></category></question>'
                + TF.replace("Cu?", prompt).replace("</question>", "<idnumber>q1</idnumber></question>") + "</quiz>")

    import_file(file("CM-SEC-01", "Copper?"), fmt="moodle-xml", locale="en", namespace="a")
    second = import_file(file("ET-SEC-01", "Lithium?"), fmt="moodle-xml", locale="en", namespace="b")
    assert second.created == 1 and second.updated == 0
    prompts = sorted(q.latest_version.definition["prompt"] for q in Question.objects.all())
    assert prompts == ["Copper?", "Lithium?"]
    again = import_file(file("ET-SEC-01", "Lithium?"), fmt="moodle-xml", locale="en", namespace="b")
    assert again.unchanged == 1
    out = dump(export_questions(Question.objects.all()), "moodle-xml")
    assert out.count("<idnumber>q1</idnumber>") == 2
    back = import_file(out, fmt="moodle-xml", locale="en", namespace="c")
    assert (back.created, back.updated, back.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_a_category_that_only_looks_like_an_outcome_code_is_fine(site_pages):
    OutcomeFactory(code="CM-SEC-01")
    text = ('<quiz><question type="category"><category><text>$course$/top/CHEM-101</text></category></question>'
            + TF + "</quiz>")
    summary = import_file(text, fmt="moodle-xml", locale="en", namespace="chem")
    assert summary.created == 1 and any("CHEM-101" in m for _l, m in summary.warnings)
    assert not Question.objects.get().outcomes.exists()
