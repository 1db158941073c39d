"""The editor's form for a question's answers: one StreamField block per question type.

A Question holds exactly one of these blocks; ``block_to_definition`` and
``definition_to_block`` translate between the block's value and the JSON
definition of ``quizzes.definition`` (weights are percentages in the editor,
fractions in the definition).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def _text(label, required=True, **kwargs):
    return blocks.TextBlock(label=label, required=required, rows=2, **kwargs)


class ChoiceBlock(blocks.StructBlock):
    text = _text(_("choice (Markdown)"))
    weight = blocks.FloatBlock(label=_("weight (%)"), default=0, min_value=-100, max_value=100,
                               help_text=_("100 for the right choice; partial credit, or a negative penalty."))
    feedback = _text(_("feedback for this choice"), required=False)


class SingleChoiceBlock(blocks.StructBlock):
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, label=_("choices"))
    shuffle = blocks.BooleanBlock(label=_("shuffle choices for each attempt"), required=False, default=True)

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceBlock(SingleChoiceBlock):
    class Meta:
        icon = "tasks"
        label = _("Multiple choice")


class TrueFalseBlock(blocks.StructBlock):
    answer = blocks.ChoiceBlock(choices=[("true", _("True")), ("false", _("False"))], label=_("right answer"))
    feedback_right = _text(_("feedback for the right answer"), required=False)
    feedback_wrong = _text(_("feedback for the wrong answer"), required=False)

    class Meta:
        icon = "tick"
        label = _("True/false")


class NumericAnswerBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=[("exact", _("value ± tolerance")), ("range", _("range"))], default="exact", label=_("kind"))
    value = blocks.FloatBlock(label=_("value"), required=False)
    tolerance = blocks.FloatBlock(label=_("tolerance"), required=False, default=0, min_value=0)
    relative = blocks.BooleanBlock(label=_("tolerance is relative (0.01 = 1 %)"), required=False)
    minimum = blocks.FloatBlock(label=_("range minimum"), required=False)
    maximum = blocks.FloatBlock(label=_("range maximum"), required=False)
    weight = blocks.FloatBlock(label=_("weight (%)"), default=100, min_value=0, max_value=100)
    feedback = _text(_("feedback"), required=False)


class NumericBlock(blocks.StructBlock):
    answers = blocks.ListBlock(NumericAnswerBlock(), min_num=1, label=_("accepted answers"))
    unit = blocks.CharBlock(label=_("unit"), required=False, max_length=20)
    unit_required = blocks.BooleanBlock(label=_("the unit must be written"), required=False)
    incorrect_feedback = _text(_("feedback for any other answer"), required=False)

    class Meta:
        icon = "order"
        label = _("Numeric")


class ShortAnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("accepted answer"), max_length=255, help_text=_("* matches any characters."))
    weight = blocks.FloatBlock(label=_("weight (%)"), default=100, min_value=0, max_value=100)
    feedback = _text(_("feedback"), required=False)


class ShortTextBlock(blocks.StructBlock):
    answers = blocks.ListBlock(ShortAnswerBlock(), min_num=1, label=_("accepted answers"))
    case_sensitive = blocks.BooleanBlock(label=_("case matters"), required=False)
    fold_accents = blocks.BooleanBlock(label=_("accept answers without accents (lítio = litio)"), required=False)
    incorrect_feedback = _text(_("feedback for any other answer"), required=False)

    class Meta:
        icon = "edit"
        label = _("Short text")


class PairBlock(blocks.StructBlock):
    left = blocks.CharBlock(label=_("item"), max_length=500)
    right = blocks.CharBlock(label=_("its match"), max_length=500)


class MatchingBlock(blocks.StructBlock):
    pairs = blocks.ListBlock(PairBlock(), min_num=2, label=_("pairs"))
    distractors = blocks.ListBlock(blocks.CharBlock(max_length=500), label=_("extra wrong matches"), default=[])

    class Meta:
        icon = "link"
        label = _("Matching")


class OrderingBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(max_length=500), min_num=2, label=_("items, in the right order"))
    grading = blocks.ChoiceBlock(
        choices=[("partial", _("partial credit for each item in place")), ("all", _("all or nothing"))],
        default="partial", label=_("grading"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Ordering")


class ClozeBlock(blocks.StaticBlock):
    class Meta:
        icon = "edit"
        label = _("Cloze (embedded answers)")
        admin_text = _(
            "Write the gaps inside the question text, in Moodle's cloze syntax: {1:SHORTANSWER:=copper#Right~%50%Cu} "
            "(a text; SHORTANSWER_C when case matters), {1:MULTICHOICE:=brine#Yes~rock#No} (a drop-down list; "
            "MULTICHOICE_V or _H for radio buttons, MULTIRESPONSE for check boxes, _S to shuffle), "
            "{2:NUMERICAL:=5.3:0.2} (5.3 ± 0.2). The first number is the gap's weight; = marks the right answer, "
            "%50% half marks, # a feedback, ~ the next answer; write \\} \\# \\~ for these characters in an answer.")


class EssayBlock(blocks.StructBlock):
    rubric = blocks.TextBlock(label=_("rubric for the grader (Markdown)"), required=False, rows=6,
                              help_text=_("What a good answer holds and how to give the points. Learners never see it "
                                          "before their answer is graded."))
    min_words = blocks.IntegerBlock(label=_("minimum words"), required=False, min_value=1, max_value=10000)
    max_words = blocks.IntegerBlock(label=_("maximum words"), required=False, min_value=1, max_value=10000)

    class Meta:
        icon = "doc-full"
        label = _("Essay (graded by a teacher)")


class AnswerStreamBlock(blocks.StreamBlock):
    single = SingleChoiceBlock()
    multiple = MultipleChoiceBlock()
    truefalse = TrueFalseBlock()
    numeric = NumericBlock()
    short = ShortTextBlock()
    matching = MatchingBlock()
    ordering = OrderingBlock()
    cloze = ClozeBlock()
    essay = EssayBlock()

    class Meta:
        min_num = 1
        max_num = 1


def _pct(value, default=0.0):
    try:
        return float(value) / 100.0
    except (TypeError, ValueError):
        return default


def block_to_definition(block_type: str, value) -> dict:
    """The type-specific part of a definition, from a block's raw (JSON) value."""
    v = value or {}
    if block_type in ("single", "multiple"):
        return {"choices": [{"text": c.get("text", ""), "fraction": _pct(c.get("weight")), "feedback": c.get("feedback") or ""}
                            for c in _list(v.get("choices"))],
                "shuffle": bool(v.get("shuffle", True))}
    if block_type == "truefalse":
        return {"answer": v.get("answer") == "true", "feedback_right": v.get("feedback_right") or "",
                "feedback_wrong": v.get("feedback_wrong") or ""}
    if block_type == "numeric":
        answers = []
        for a in _list(v.get("answers")):
            if a.get("kind") == "range":
                answers.append({"kind": "range", "min": a.get("minimum"), "max": a.get("maximum"),
                                "fraction": _pct(a.get("weight"), 1.0), "feedback": a.get("feedback") or ""})
            else:
                answers.append({"kind": "exact", "value": a.get("value"), "tolerance": a.get("tolerance") or 0,
                                "relative": bool(a.get("relative")), "fraction": _pct(a.get("weight"), 1.0),
                                "feedback": a.get("feedback") or ""})
        return {"answers": answers, "unit": v.get("unit") or "", "unit_required": bool(v.get("unit_required")),
                "incorrect_feedback": v.get("incorrect_feedback") or ""}
    if block_type == "short":
        return {"answers": [{"text": a.get("text", ""), "fraction": _pct(a.get("weight"), 1.0), "feedback": a.get("feedback") or ""}
                            for a in _list(v.get("answers"))],
                "case_sensitive": bool(v.get("case_sensitive")), "fold_accents": bool(v.get("fold_accents")),
                "incorrect_feedback": v.get("incorrect_feedback") or ""}
    if block_type == "matching":
        return {"pairs": [{"left": p.get("left", ""), "right": p.get("right", "")} for p in _list(v.get("pairs"))],
                "distractors": [d for d in _list(v.get("distractors")) if d]}
    if block_type == "ordering":
        return {"items": [{"text": t} for t in _list(v.get("items"))], "grading": v.get("grading") or "partial"}
    if block_type == "essay":
        return {"rubric": v.get("rubric") or "", "min_words": v.get("min_words"), "max_words": v.get("max_words")}
    return {}


def _list(value):
    """ListBlock raw values come as plain lists or as [{"type": "item", "value": …}] (Wagtail ≥ 2.16)."""
    out = []
    for item in value or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            out.append(item["value"])
        else:
            out.append(item)
    return out


def definition_to_block(d: dict) -> tuple[str, dict]:
    """The (block type, raw value) an editor sees for a definition."""
    qtype = d["type"]
    if qtype in ("single", "multiple"):
        return qtype, {"choices": [{"text": c["text"], "weight": round(c["fraction"] * 100, 5), "feedback": c["feedback"]}
                                   for c in d["choices"]], "shuffle": d.get("shuffle", True)}
    if qtype == "truefalse":
        return qtype, {"answer": "true" if d["answer"] else "false", "feedback_right": d["feedback_right"],
                       "feedback_wrong": d["feedback_wrong"]}
    if qtype == "numeric":
        answers = []
        for a in d["answers"]:
            if a["kind"] == "range":
                answers.append({"kind": "range", "value": None, "tolerance": 0, "relative": False, "minimum": a["min"],
                                "maximum": a["max"], "weight": round(a["fraction"] * 100, 5), "feedback": a["feedback"]})
            else:
                answers.append({"kind": "exact", "value": a["value"], "tolerance": a["tolerance"], "relative": a["relative"],
                                "minimum": None, "maximum": None, "weight": round(a["fraction"] * 100, 5),
                                "feedback": a["feedback"]})
        return qtype, {"answers": answers, "unit": d["unit"], "unit_required": d["unit_required"],
                       "incorrect_feedback": d["incorrect_feedback"]}
    if qtype == "short":
        return qtype, {"answers": [{"text": a["text"], "weight": round(a["fraction"] * 100, 5), "feedback": a["feedback"]}
                                   for a in d["answers"]],
                       "case_sensitive": d["case_sensitive"], "fold_accents": d["fold_accents"],
                       "incorrect_feedback": d["incorrect_feedback"]}
    if qtype == "matching":
        return qtype, {"pairs": [{"left": p["left"], "right": p["right"]} for p in d["pairs"]], "distractors": d["distractors"]}
    if qtype == "ordering":
        return qtype, {"items": [it["text"] for it in d["items"]], "grading": d["grading"]}
    if qtype == "cloze":  # the gaps live in the question text
        return qtype, None
    if qtype == "essay":
        return qtype, {"rubric": d["rubric"], "min_words": d["min_words"], "max_words": d["max_words"]}
    raise ValueError(qtype)
