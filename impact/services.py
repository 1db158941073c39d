"""Public, anonymous impact figures, read with a fixed number of aggregate queries.

Privacy rule, applied here once for the page, the API, the CSV and the HDF5
file: a group (a country, a region, a language, a month, a level, a theme, a
learning outcome) is published only when at least MIN_GROUP distinct learners
are in it, and totals under the threshold are withheld too.

Hiding the small groups alone is undone by subtraction: the total minus the
shown groups gives the hidden ones. So the suppression is complementary
(``suppress``): while a single group is hidden, the hidden groups add up to
fewer than MIN_GROUP learners, or their sum, their number and the smallest shown
group would still pin one hidden group's size, the next smallest group is hidden
too. Whatever is subtracted then only gives the sum of at least two hidden
groups, which is itself at least MIN_GROUP learners. Regions are nested in
countries: a hidden country hides all its regions, and a shown country's regions
are suppressed against the country's figure. The certified-teacher total is
withheld when the certified learners who are not teachers would be a group
under MIN_GROUP.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Role
from curriculum.models import LearningOutcome, Level, ModulePage, Theme
from progress.learning_gain import gain_test_pairs
from progress.models import Certificate, Enrolment, ObjectType, Statement, Verb
from quizzes.models import Attempt, AttemptQuestion, OutcomeMastery

MIN_GROUP = 10
DIMENSIONS = ("country", "region", "language", "month", "level", "theme", "outcome", "gain")


def _mastery_by_theme() -> list[dict]:
    """Learners and mastered learner × outcome pairs per theme code, in one query.

    Mastery is stored by outcome code; an outcome belongs to themes through the
    framework (any locale: codes are shared), so the join goes through codes.
    """
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


def _learning_gain_by_outcome() -> list[dict]:
    """Average normalised (Hake) gain per outcome code over the tracks and modules with a
    pre- and a post-test: per learner and pair of tests, their first submitted pre-test
    attempt against their latest post-test attempt (as ``progress.learning_gain.learning_gain``).
    Six queries whatever the numbers of tracks, modules, learners and attempts (two
    when no track or module has both tests)."""
    pairs = gain_test_pairs()  # a
    if not pairs:
        return []
    keys = {key for pair in pairs for key in pair}
    submitted = Attempt.objects.filter(state=Attempt.State.SUBMITTED, user__isnull=False, quiz_key__in=keys)
    first, last = {}, {}  # (user, quiz key) -> attempt id
    for pk, user_id, quiz_key in submitted.order_by("submitted_at", "pk").values_list("pk", "user_id", "quiz_key"):  # b
        first.setdefault((user_id, quiz_key), pk)
        last[(user_id, quiz_key)] = pk
    scores: dict[int, dict[str, list[float]]] = {}  # attempt -> code -> [points, max points]
    rows = (AttemptQuestion.objects.filter(attempt__state=Attempt.State.SUBMITTED, attempt__quiz_key__in=keys)
            .values_list("attempt_id", "points", "max_points", "version__outcome_codes"))  # c
    for attempt_id, points, max_points, codes in rows:
        for code in codes or []:
            total = scores.setdefault(attempt_id, {}).setdefault(code, [0.0, 0.0])
            total[0] += points or 0.0
            total[1] += max_points or 0.0
    gains: dict[str, dict[int, list[float]]] = {}  # code -> learner -> normalised gains
    users = {user_id for user_id, _ in first}
    for pre_key, post_key in pairs:
        for user_id in users:
            pre, post = first.get((user_id, pre_key)), last.get((user_id, post_key))
            if pre is None or post is None:
                continue
            before, after = scores.get(pre, {}), scores.get(post, {})
            for code in set(before) & set(after):
                (p0, m0), (p1, m1) = before[code], after[code]
                if not (m0 and m1) or p0 / m0 >= 1:
                    continue  # no room to improve: the normalised gain is undefined
                gains.setdefault(code, {}).setdefault(user_id, []).append((p1 / m1 - p0 / m0) / (1 - p0 / m0))
    out = []
    for code in sorted(gains):
        per_learner = [sum(values) / len(values) for values in gains[code].values()]
        out.append({"group": code, "learners": len(per_learner),
                    "normalised_gain": round(sum(per_learner) / len(per_learner), 3)})
    return out


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


def _pinned(hidden: list[int], smallest_shown: int) -> bool:
    """Whether subtraction can tell one hidden group's learners: the published figures give
    the hidden groups' sum and number, and every hidden group is at most the smallest shown
    one (the complementary ones are chosen smallest first) and at least 1 learner."""
    count, total = len(hidden), sum(hidden)
    if count < 2 or total < MIN_GROUP:
        return True
    lowest, highest = max(1, total - (count - 1) * smallest_shown), min(smallest_shown, total - (count - 1))
    return lowest >= highest


def suppress(rows: list[dict]) -> tuple[list[dict], int]:
    """(published rows in their order, number hidden): groups under MIN_GROUP learners are
    hidden, then the smallest shown groups too until no hidden group can be derived."""
    by_size = sorted(rows, key=lambda row: row["learners"])
    cut = sum(1 for row in by_size if row["learners"] < MIN_GROUP)
    hidden, shown = by_size[:cut], by_size[cut:]
    while hidden and shown and _pinned([row["learners"] for row in hidden], shown[0]["learners"]):
        hidden.append(shown.pop(0))
    kept = {id(row) for row in shown}
    return [row for row in rows if id(row) in kept], len(hidden)


def _suppress_regions(rows: list[dict], shown_countries: set) -> tuple[list[dict], int]:
    """Regions nested in countries: each shown country's regions are suppressed against the
    country's own figure; the regions of a hidden country are all hidden."""
    by_country: dict[str, list[dict]] = {}
    for row in rows:
        by_country.setdefault(row["country"], []).append(row)
    kept, hidden = set(), 0
    for country, regions in by_country.items():
        if country in shown_countries:
            published, count = suppress(regions)
            kept |= {id(row) for row in published}
            hidden += count
        else:
            hidden += len(regions)
    return [{k: v for k, v in row.items() if k != "country"} for row in rows if id(row) in kept], hidden


def impact_figures() -> dict:
    """At most thirteen queries whatever the number of learners."""
    learner_statements = Statement.objects.filter(user__isnull=False)
    metrics = {
        "learners": Count("user", distinct=True),
        "lessons_completed": Count("id", filter=Q(verb=Verb.COMPLETED, object_type=ObjectType.LESSON)),
        "quiz_passed": Count("id", filter=Q(verb=Verb.PASSED, object_type=ObjectType.QUIZ)),
        "quiz_failed": Count("id", filter=Q(verb=Verb.FAILED, object_type=ObjectType.QUIZ)),
    }
    totals = learner_statements.aggregate(**metrics, newest=Max("timestamp"))  # 1
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
    by_gain = _learning_gain_by_outcome()  # 10-12

    levels = dict(Level.choices)
    groups = {
        "country": _activity(by_country, "user__country"),
        "region": [dict(r, country=r["group"], group=f"{row['user__country'] or '?'} · {row['user__institution__region'] or '—'}")
                   for r, row in zip(_activity(by_region, "user__country"), by_region)],
        "language": _activity(by_language, "locale"),
        "month": [dict(r, group=r["group"].strftime("%Y-%m") if r["group"] else "") for r in _activity(by_month, "month")],
        "level": [{"group": r["level"] or "", "label": str(levels.get(r["level"], r["level"] or "")), "learners": r["learners"],
                   "modules_completed": r["completed"]} for r in by_level],
        "theme": by_theme,
        "outcome": [{"group": r["outcome_code"], "learners": r["learners"],
                     "mastery_rate": round(r["mastered"] / r["learners"], 3) if r["learners"] else None} for r in by_outcome],
        "gain": by_gain,
    }
    published, hidden = {}, {}
    for name, rows in groups.items():
        if name != "region":
            published[name], hidden[name] = suppress(rows)
    published["region"], hidden["region"] = _suppress_regions(
        groups["region"], {row["group"] for row in published["country"]})
    published = {name: published[name] for name in groups}
    attempts = totals["quiz_passed"] + totals["quiz_failed"]
    enough = totals["learners"] >= MIN_GROUP
    other_certified = people["certified"] - people["certified_teachers"]
    return {
        "min_group": MIN_GROUP,
        # The day of the newest learning record summarised ("last updated"), withheld with the totals.
        "updated": timezone.localdate(totals["newest"]) if enough and totals["newest"] else None,
        "totals": {
            "learners": totals["learners"] if enough else None,
            "lessons_completed": totals["lessons_completed"] if enough else None,
            "quiz_attempts": attempts if enough else None,
            "quiz_pass_rate": round(totals["quiz_passed"] / attempts, 3) if enough and attempts else None,
            "certified_learners": people["certified"] if people["certified"] >= MIN_GROUP else None,
            "certified_teachers": (people["certified_teachers"] if people["certified_teachers"] >= MIN_GROUP
                                   and (other_certified == 0 or other_certified >= MIN_GROUP) else None),
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
