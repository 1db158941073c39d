"""Public, anonymous impact figures, read with a fixed number of aggregate queries.

Privacy rule: a group (a country, a language, a month, a level, a learning
outcome) is published only when at least MIN_GROUP distinct learners are in it;
smaller groups are counted as hidden, never shown, and totals under the
threshold are withheld too.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from accounts.models import Role
from curriculum.models import Level, ModulePage
from progress.models import Certificate, Enrolment, ObjectType, Statement, Verb
from quizzes.models import OutcomeMastery

MIN_GROUP = 10
DIMENSIONS = ("country", "region", "language", "month", "level", "theme", "outcome")


def _mastery_by_theme() -> list[dict]:
    """Learners and mastered learner × outcome pairs per theme code, in one query.

    Mastery is stored by outcome code; an outcome belongs to themes through the
    framework (any locale: codes are shared), so the join goes through codes.
    """
    from django.db import connection

    from curriculum.models import LearningOutcome, Theme

    through = LearningOutcome.themes.through
    qn = connection.ops.quote_name
    sql = f"""
        SELECT map.theme_code, COUNT(DISTINCT m.{qn("user_id")}),
               SUM(CASE WHEN m.{qn("mastered")} THEN 1 ELSE 0 END), COUNT(*)
        FROM {qn(OutcomeMastery._meta.db_table)} m
        JOIN (SELECT DISTINCT lo.{qn("code")} AS outcome_code, th.{qn("code")} AS theme_code
              FROM {qn(LearningOutcome._meta.db_table)} lo
              JOIN {qn(through._meta.db_table)} lt ON lt.{qn("learningoutcome_id")} = lo.{qn("id")}
              JOIN {qn(Theme._meta.db_table)} th ON th.{qn("id")} = lt.{qn("theme_id")}) map
          ON map.outcome_code = m.{qn("outcome_code")}
        GROUP BY map.theme_code ORDER BY map.theme_code"""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return [{"group": code, "learners": learners, "mastery_rate": round((mastered or 0) / pairs, 3) if pairs else None}
            for code, learners, mastered, pairs in rows]


def _activity(rows, key):
    out = []
    for row in rows:
        attempts = row["quiz_passed"] + row["quiz_failed"]
        out.append({
            "group": row[key] if row[key] is not None else "",
            "learners": row["learners"],
            "lessons_completed": row["lessons_completed"],
            "quiz_attempts": attempts,
            "quiz_pass_rate": round(row["quiz_passed"] / attempts, 3) if attempts else None,
        })
    return out


def _publish(rows):
    shown = [r for r in rows if r["learners"] >= MIN_GROUP]
    return shown, len(rows) - len(shown)


def impact_figures() -> dict:
    """Ten queries whatever the number of learners."""
    learner_statements = Statement.objects.filter(user__isnull=False)
    metrics = {
        "learners": Count("user", distinct=True),
        "lessons_completed": Count("id", filter=Q(verb=Verb.COMPLETED, object_type=ObjectType.LESSON)),
        "quiz_passed": Count("id", filter=Q(verb=Verb.PASSED, object_type=ObjectType.QUIZ)),
        "quiz_failed": Count("id", filter=Q(verb=Verb.FAILED, object_type=ObjectType.QUIZ)),
    }
    totals = learner_statements.aggregate(**metrics)  # 1
    by_country = learner_statements.values("user__country").annotate(**metrics).order_by("user__country")  # 2
    by_region = (learner_statements.values("user__country", "user__institution__region").annotate(**metrics)
                 .order_by("user__country", "user__institution__region"))  # 2b
    by_language = learner_statements.values("locale").annotate(**metrics).order_by("locale")  # 3
    by_month = (learner_statements.annotate(month=TruncMonth("timestamp")).values("month").annotate(**metrics)
                .order_by("month"))  # 4
    level_of = ModulePage.objects.filter(translation_key=OuterRef("object_key")).values("level")[:1]
    by_level = (Enrolment.objects.annotate(level=Subquery(level_of)).values("level")
                .annotate(learners=Count("user", distinct=True), completed=Count("id", filter=Q(completed_at__isnull=False)))
                .order_by("level"))  # 5
    by_outcome = (OutcomeMastery.objects.values("outcome_code")
                  .annotate(learners=Count("user", distinct=True), mastered=Count("id", filter=Q(mastered=True)),
                            responses_sum=Count("id"))
                  .order_by("outcome_code"))  # 6
    people = Certificate.objects.filter(revoked_at__isnull=True, user__isnull=False).aggregate(  # 7
        certified=Count("user", distinct=True),
        certified_teachers=Count("user", distinct=True, filter=Q(user__groups__name=Role.TEACHER)),
    )
    modules = ModulePage.objects.live().values("translation_key").distinct().count()  # 8
    by_theme = _mastery_by_theme()  # 9

    levels = dict(Level.choices)
    groups = {
        "country": _activity(by_country, "user__country"),
        "region": [dict(r, group=f"{row['user__country'] or '?'} · {row['user__institution__region'] or '—'}")
                   for r, row in zip(_activity(by_region, "user__country"), by_region)],
        "language": _activity(by_language, "locale"),
        "month": [dict(r, group=r["group"].strftime("%Y-%m") if r["group"] else "") for r in _activity(by_month, "month")],
        "level": [{"group": r["level"] or "", "label": str(levels.get(r["level"], r["level"] or "")), "learners": r["learners"],
                   "modules_completed": r["completed"]} for r in by_level],
        "theme": by_theme,
        "outcome": [{"group": r["outcome_code"], "learners": r["learners"],
                     "mastery_rate": round(r["mastered"] / r["learners"], 3) if r["learners"] else None} for r in by_outcome],
    }
    published, hidden = {}, {}
    for name, rows in groups.items():
        published[name], hidden[name] = _publish(rows)
    attempts = totals["quiz_passed"] + totals["quiz_failed"]
    enough = totals["learners"] >= MIN_GROUP
    return {
        "min_group": MIN_GROUP,
        "totals": {
            "learners": totals["learners"] if enough else None,
            "lessons_completed": totals["lessons_completed"] if enough else None,
            "quiz_attempts": attempts if enough else None,
            "quiz_pass_rate": round(totals["quiz_passed"] / attempts, 3) if enough and attempts else None,
            "certified_learners": people["certified"] if people["certified"] >= MIN_GROUP else None,
            "certified_teachers": people["certified_teachers"] if people["certified_teachers"] >= MIN_GROUP else None,
            "modules_published": modules,
        },
        "groups": published,
        "hidden": hidden,
    }


def csv_rows(figures: dict):
    """dimension, group, metric, value — one line per published figure."""
    yield ["dimension", "group", "metric", "value"]
    for metric, value in figures["totals"].items():
        if value is not None:
            yield ["total", "", metric, value]
    for dimension, rows in figures["groups"].items():
        for row in rows:
            for metric, value in row.items():
                if metric not in ("group", "label") and value is not None:
                    yield [dimension, row["group"], metric, value]
