"""Teaching with a projector and on paper: a lesson cut into screens, a quiz as
a printed worksheet with its answer key, and paper answers typed back in.

Paper answers become a real quiz attempt through the quizzes services
(start → save → submit), so they are scored, update mastery and reach progress
exactly like answers given online.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.models import Role
from alma.markdown import render_markdown
from curriculum.models import TrackModule, TrackPage
from quizzes import attempts
from quizzes import definition as qdef
from quizzes.models import QuizPage
from teachers.models import Assignment, PaperSubmission

PAPER_SEED = 20_260_501  # one fixed draw: every printed copy and the answer key show the same questions


# --- presentation ------------------------------------------------------------------------

_H2 = re.compile(r"(?=<h2[\s>])")


@dataclass
class Slide:
    parts: list = field(default_factory=list)

    @property
    def html(self):
        return mark_safe("".join(str(p) for p in self.parts))


def lesson_slides(lesson, context: dict) -> list[Slide]:
    """The lesson body as screens: a new screen at every level-2 heading; a lesson
    without headings gets one screen per block."""
    slides: list[Slide] = []
    has_headings = False
    for counter, block in enumerate(lesson.body, 1):
        if block.block_type in ("markdown", "rich_text"):
            html = render_markdown(block.value) if block.block_type == "markdown" else str(block.value.__html__())
            pieces = [p for p in _H2.split(html) if p.strip()]
            for index, piece in enumerate(pieces):
                starts_section = piece.lstrip().startswith("<h2")
                has_headings |= starts_section
                if starts_section or not slides or (index == 0 and not has_headings):
                    slides.append(Slide())
                slides[-1].parts.append(format_html('<div class="prose">{}</div>', mark_safe(piece)))
        else:
            if not slides or not has_headings:
                slides.append(Slide())
            # The block templates expect the lesson page's loop variables (ids made from block.id or forloop.counter).
            slides[-1].parts.append(block.render(context={**context, "block": block, "forloop": {"counter": counter}}))
    return slides


# --- worksheets ---------------------------------------------------------------------------


@dataclass
class PaperQuestion:
    number: int
    question_id: int
    definition: dict
    view: dict
    points: float
    letters: list = field(default_factory=list)  # [(letter, choice id or option text, text)]
    prompts: list = field(default_factory=list)  # matching: [(number, pair id, text)]
    items: list = field(default_factory=list)  # ordering: [(item id, text)]
    image: object = None
    image_alt: str = ""

    @property
    def qtype(self):
        return self.definition.get("type")

    @property
    def name(self):
        return f"q{self.number}"

    def answer_key(self) -> list[str]:
        """The right answer in words, with the worksheet's letters for choices."""
        d = self.definition
        if self.qtype in ("single", "multiple"):
            by_id = {c["id"]: c for c in d.get("choices", [])}
            return [f"{letter}. {text}" for letter, cid, text in self.letters if by_id[cid].get("fraction", 0) > 0]
        if self.qtype == "truefalse":
            return [_("True") if d.get("answer") else _("False")]
        if self.qtype == "matching":
            letter_of = {option: letter for letter, option, _text in self.letters}
            right = {p["id"]: p["right"] for p in d.get("pairs", [])}
            return [f"{number} → {letter_of.get(right[pid], '?')} ({right[pid]})" for number, pid, _t in self.prompts]
        if self.qtype == "ordering":
            label = {iid: string.ascii_uppercase[i] for i, (iid, _t) in enumerate(self.items)}
            return [" → ".join(f"{label[it['id']]}" for it in d.get("items", [])) + " ("
                    + "; ".join(it["text"] for it in d.get("items", [])) + ")"]
        if self.qtype == "essay":  # no right answer: the teacher marks it with the rubric
            return [d["rubric"]] if d.get("rubric") else [_("Marked by the teacher.")]
        return qdef.correct_answer_text(d)


def paper_questions(quiz: QuizPage) -> list[PaperQuestion]:
    """The quiz's questions for paper: the same draw every time (fixed seed), choices lettered."""
    picked = attempts._pick_questions(quiz, random.Random(PAPER_SEED + quiz.pk))
    out = []
    for number, (question, points) in enumerate(picked, 1):
        version = question.latest_version or question.sync_version()
        d = version.definition
        order = qdef.shuffled_order(d, PAPER_SEED + number)
        view = qdef.public_view(d, order)
        pq = PaperQuestion(number, question.pk, d, view, points, image=version.image, image_alt=version.image_alt)
        letters = string.ascii_uppercase
        if pq.qtype in ("single", "multiple"):
            pq.letters = [(letters[i % 26], c["id"], c["text"]) for i, c in enumerate(view["choices"])]
        elif pq.qtype == "matching":
            pq.letters = [(letters[i % 26], option, option) for i, option in enumerate(view["options"])]
            pq.prompts = [(i, p["id"], p["text"]) for i, p in enumerate(view["prompts"], 1)]
        elif pq.qtype == "ordering":
            pq.items = [(it["id"], it["text"]) for it in view["items"]]
        out.append(pq)
    return out


def embedded_quizzes(lesson) -> list[QuizPage]:
    """Live quiz pages placed in the lesson with a quiz block."""
    ids = [block.value["quiz"].pk for block in lesson.body if block.block_type == "quiz" and block.value.get("quiz")]
    by_id = QuizPage.objects.live().in_bulk(ids)
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


# --- who may read an answer key -------------------------------------------------------------
#
# Answer keys go to curators (and superusers), who keep the question bank, and
# to a class's teachers for what they gave that class: a quiz assigned to it,
# a quiz of a module assigned to it, or the quizzes placed in a lesson assigned
# to it (directly or through its module). Never to a Teacher for a track's
# assessments — its pre-test, post-test and the quizzes of its modules — since
# teachers in training take those tests themselves for their certificate and
# hours: a trainer who needs them is made a curator.


def is_curator(user) -> bool:
    return user.is_superuser or user.groups.filter(name=Role.CURATOR.value).exists()


def track_assessments(quizzes) -> list[QuizPage]:
    """The quizzes that are a track's pre-test or post-test, or a quiz of one of a track's modules (two queries)."""
    keys = {quiz.translation_key for quiz in quizzes}
    tests = set(TrackPage.objects.filter(Q(pre_test__translation_key__in=keys) | Q(post_test__translation_key__in=keys))
                .values_list("pre_test__translation_key", "post_test__translation_key").distinct())
    test_keys = {key for pair in tests for key in pair}
    module_keys = set(Page.objects.filter(
        path__in={quiz.path[:-Page.steplen] for quiz in quizzes},
        translation_key__in=TrackModule.objects.values("module__translation_key"),
    ).values_list("path", flat=True))
    return [quiz for quiz in quizzes if quiz.translation_key in test_keys or quiz.path[:-Page.steplen] in module_keys]


def given_to_class(classroom, page) -> bool:
    """Whether the quiz or lesson ``page`` was assigned to the class, itself or through its module."""
    module_key = Page.objects.filter(path=page.path[:-Page.steplen]).values("translation_key")
    return Assignment.objects.filter(classroom=classroom).filter(
        Q(kind__in=[Assignment.Kind.QUIZ, Assignment.Kind.LESSON], target_key=page.translation_key)
        | Q(kind=Assignment.Kind.MODULE, target_key__in=module_key)).exists()


def answer_key_allowed(user, classroom, page, quizzes) -> bool:
    """Whether ``user``, a teacher of ``classroom``, may read the answer key of ``page`` (a quiz, or a lesson
    with ``quizzes`` placed in it): see the rule above."""
    if is_curator(user):
        return True
    return given_to_class(classroom, page) and not track_assessments(quizzes)


# --- paper answers ------------------------------------------------------------------------


class PaperError(Exception):
    def __init__(self, errors: dict):
        self.errors = errors  # {question number or "_": message}
        super().__init__(" ".join(str(v) for v in errors.values()))


def read_paper_form(questions: list[PaperQuestion], getlist) -> dict[int, object]:
    """``{question_id: clean answer}`` from the paper-answers form; raises PaperError naming each bad question."""
    answers, errors = {}, {}
    for pq in questions:
        try:
            raw = qdef.answer_from_form(pq.definition, getlist, pq.name)
            answers[pq.question_id] = qdef.clean_answer(pq.definition, raw)
        except qdef.AnswerError as error:
            errors[pq.number] = _(str(error))
    if errors:
        raise PaperError(errors)
    return answers


def record_paper_answers(assignment: Assignment, quiz: QuizPage, questions: list[PaperQuestion], student,
                         answers: dict[int, object], entered_by) -> PaperSubmission:
    """Turn the paper answers into a submitted attempt of ``student`` (all or nothing).

    An attempt the student left open online is completed with the paper answers.
    Questions of the attempt that were not on the paper stay unanswered."""
    if assignment.kind != Assignment.Kind.QUIZ:
        raise PaperError({"_": _("Paper answers can only be typed in for a quiz.")})
    try:
        with transaction.atomic():
            attempt, _created = attempts.start_attempt(quiz, student)
            positions = {aq.version.question_id: aq.position for aq in attempts.attempt_questions(attempt)}
            raw = {positions[qid]: answer for qid, answer in answers.items() if qid in positions and answer is not None}
            attempts.save_answers(attempt, raw)
            attempt, _newly = attempts.submit_attempt(attempt)
            submission = PaperSubmission.objects.create(assignment=assignment, student=student, attempt=attempt,
                                                        entered_by=entered_by)
    except attempts.QuizError as error:
        raise PaperError({"_": str(error)}) from error
    # Questions drawn at random for this attempt may differ from the printed ones: say how many answers had no place.
    submission.unmatched = sum(1 for qid, answer in answers.items() if answer is not None and qid not in positions)
    return submission
