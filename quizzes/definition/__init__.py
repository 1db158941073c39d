"""What a question *is*, as plain data: the JSON stored on each QuestionVersion.

Pure package: no database, no Django models. ``shape``: ``validate`` lists what is wrong with
a definition (the admin, the importers and QuestionVersion.save all call it),
``normalise`` fills defaults and gives every choice an opaque id.
``learner``: ``public_view`` is what a learner may see *before* the review rules allow the
answer key (it never holds a fraction, a feedback or an accepted answer), and
``clean_answer`` checks a learner's answer before it is saved.

Definition (version 1)::

    {"type": "single" | "multiple" | "truefalse" | "numeric" | "short" | "matching" | "ordering" | "cloze" | "essay",
     "prompt": "Markdown (or sanitised HTML when format is html)",
     "format": "markdown" | "html" | "plain",      # applies to every text of the question
     "general_feedback": "", "points": 1.0,
     # single / multiple
     "choices": [{"id": "c1a2b3", "text": "…", "fraction": 1.0, "feedback": "…"}], "shuffle": true,
     # truefalse
     "answer": true, "feedback_right": "…", "feedback_wrong": "…",
     # numeric
     "answers": [{"kind": "exact", "value": 480.0, "tolerance": 0.0, "relative": false, "fraction": 1.0, "feedback": ""},
                 {"kind": "range", "min": 1.0, "max": 5.0, "fraction": 1.0, "feedback": ""}],
     "unit": "t", "unit_required": false,
     # short
     "answers": [{"text": "litio", "fraction": 1.0, "feedback": ""}], "case_sensitive": false, "fold_accents": true,
     # matching
     "pairs": [{"id": "…", "left": "Chile", "right": "Santiago"}], "distractors": ["Lima"],
     # ordering
     "items": [{"id": "…", "text": "…"}],            # in the correct order
     "grading": "partial" | "all",
     "select_type": "random" | "contiguous", "select_count": 3,   # only when set: Moodle shows a subset (kept for export)
     # essay: answered in the learner's words, graded by a teacher (see quizzes.essays); the rubric is
     # the grader's information (Moodle's graderinfo), never in public_view
     "rubric": "Markdown", "min_words": 150 | null, "max_words": 400 | null,
     # cloze (see ``cloze``): the prompt holds {#1}, {#2} … where each gap goes
     "gaps": [{"kind": "choice", "weight": 1.0, "display": "dropdown" | "vertical" | "horizontal",
               "shuffle": false, "multiple": false, "choices": [{"id", "text", "fraction", "feedback"}]},
              {"kind": "short", "weight": 1.0, "case_sensitive": false, "answers": [{"text", "fraction", "feedback"}]},
              {"kind": "numeric", "weight": 1.0, "answers": [{"value": 5.3 | null (any), "tolerance": 0.2,
                                                               "fraction", "feedback"}]}],
     # numeric / short: feedback for an answer that matches nothing
     "incorrect_feedback": "",
     # single / numeric bound to a dataset (see datasets.queries): the choices or the accepted
     # value are computed from the data when the question is saved and when an attempt starts
     "data": {"dataset": "usgs-mcs2025-minerals", "where": "commodity = lithium; year = 2024",
              "label": "country", "column": "production", "aggregate": "max-row" | "min-row" | "value" | "sum" | "share",
              "part": "country = Chile", "choices": 4, "tolerance": 0.01},
     "data_result": {"value": 88000.0, "label": "Australia"}}   # what the choices / answer were computed from
"""

from quizzes.definition.cloze import ClozeError, parse as parse_cloze, to_text as cloze_text
from quizzes.definition.learner import (
    answer_from_form,
    answer_text,
    clean_answer,
    correct_answer_text,
    parse_number,
    public_view,
    right_options,
    shuffled_order,
    word_count,
)
from quizzes.definition.shape import (
    DATA_ROW_AGGREGATES,
    DATA_TYPES,
    FORMATS,
    MAX_ABS_NUMBER,
    MAX_ANSWER_CHARS,
    MAX_ESSAY_CHARS,
    MANUAL_TYPES,
    MAX_ITEMS,
    MAX_TEXT,
    TYPES,
    TYPE_LABELS,
    AnswerError,
    apply_data,
    fold,
    gettext_noop,
    normalise,
    opaque_id,
    validate,
)
