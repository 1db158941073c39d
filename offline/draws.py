"""Quiz attempts drawn for offline use, and what a device receives of them.

A draw is the seeded draw of an online attempt (``quizzes.attempts``), pinned
before the learner goes offline; it becomes an attempt only when the device
syncs it (``offline.sync``). What a device receives carries no answer key: the
questions are ``quizzes.definition.public_view``, rendered as the quiz page
renders them; the key comes only when the rules already show right answers and
feedback question by question, so the device may check answers itself.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offline.models import OfflineDraw
from quizzes import attempts as quiz_attempts
from quizzes import definition as qdef
from quizzes.models import QuestionVersion, QuizPage, ReviewWhen
from quizzes.templatetags.quiz_tags import cloze_prompt, quiz_inline, quiz_text

IMAGE_FILTER = "max-800x600"  # the largest rendition an attempt page shows


def make_draw(quiz: QuizPage, user, *, now: datetime | None = None) -> tuple[OfflineDraw, list]:
    """Pin a new draw for ``user``, replacing their unused draw of this quiz. Raises the quiz's QuizError
    (attempt limit, not open yet, no questions). Returns the draw and its ``(version, points, order)`` rows."""
    now = now or timezone.now()
    resolved = quiz_attempts.check_may_start(quiz, user, now=now)
    seed = quiz_attempts.new_seed()
    drawn = quiz_attempts.draw_questions(quiz, seed)
    with transaction.atomic():
        OfflineDraw.objects.filter(user=user, quiz_key=quiz.translation_key, used_at__isnull=True).delete()
        draw = OfflineDraw.objects.create(
            user=user, quiz=quiz, quiz_key=quiz.translation_key, seed=seed, rules=resolved.rules,
            rules_source=resolved.source, created_at=now,
            questions=[{"version": v.pk, "points": points, "order": order} for v, points, order in drawn])
    return draw, drawn


def drawn_rows(draw: OfflineDraw) -> list:
    """A stored draw's ``(version, points, order)`` rows, by position."""
    versions = QuestionVersion.objects.select_related("image").in_bulk([q["version"] for q in draw.questions])
    return [(versions[q["version"]], q["points"], q["order"]) for q in draw.questions]


def is_practice(rules: dict) -> bool:
    """Rules that show right answers and feedback question by question: the device may score itself."""
    return rules.get("answers_when") == ReviewWhen.IMMEDIATELY and rules.get("feedback_when") == ReviewWhen.IMMEDIATELY


def _texts(entries: list, fmt: str) -> list:
    return [{"id": e["id"], "html": str(quiz_inline(e["text"], fmt))} for e in entries]


def question_data(position: int, version: QuestionVersion, points: float, order: list) -> dict:
    """One question as a device shows it: the public view, its texts rendered as on the quiz page."""
    view = qdef.public_view(version.definition, order)
    fmt, kind = view["format"], view["type"]
    data = {"position": position, "kind": kind, "points": points, "image": None}
    if kind == "cloze":  # the text with a labelled control in each gap, named q<position>-g<n> as online
        data["html"] = str(cloze_prompt(view, f"q{position}"))
        data["gaps"] = [dict(g, choices=_texts(g["choices"], fmt)) if "choices" in g else g for g in view["gaps"]]
    else:
        data["html"] = str(quiz_text(view["prompt"], fmt))
    if kind in ("single", "multiple"):
        data["choices"] = _texts(view["choices"], fmt)
    elif kind == "numeric":
        data["unit"] = view["unit"]
    elif kind == "matching":
        data["prompts"] = _texts(view["prompts"], fmt)
        data["options"] = view["options"]
    elif kind == "ordering":
        data["items"] = _texts(view["items"], fmt)
    if version.image_id:
        rendition = version.image.get_rendition(IMAGE_FILTER)
        data["image"] = {"url": rendition.url, "alt": version.image_alt, "width": rendition.width,
                         "height": rendition.height}
    return data


def draw_data(draw: OfflineDraw, rows: list) -> dict:
    """The draw response of docs/offline.md."""
    practice = is_practice(draw.rules)
    minutes = draw.rules.get("time_limit_minutes") or 0
    quiz = draw.quiz
    return {
        "draw": str(draw.pk),
        "created_at": draw.created_at.isoformat(),
        "quiz": {"id": quiz.pk, "key": str(quiz.translation_key), "title": quiz.title,
                 "language": quiz.locale.language_code, "practice": practice,
                 "time_limit_seconds": minutes * 60 or None, "pass_mark": draw.rules.get("pass_mark"),
                 "submit_label": _("Submit my answers")},
        "questions": [question_data(n, version, points, order) for n, (version, points, order) in enumerate(rows, 1)],
        "key": {str(n): dict(version.definition, points=points) for n, (version, points, _o) in enumerate(rows, 1)}
        if practice else None,
    }
