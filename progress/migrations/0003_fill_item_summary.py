"""Fill the read model of learner results from the rows it summarises: lesson
progress, and every quiz attempt (in progress or submitted)."""

from django.db import migrations

STEPLEN = 4  # Wagtail's treebeard path step
ATTEMPT_SECONDS_CAP = 4 * 3600


def fill(apps, schema_editor):
    ItemSummary = apps.get_model("progress", "ItemSummary")
    LessonProgress = apps.get_model("progress", "LessonProgress")
    Attempt = apps.get_model("quizzes", "Attempt")
    Page = apps.get_model("wagtailcore", "Page")
    ModulePage = apps.get_model("curriculum", "ModulePage")

    rows = {}
    for p in LessonProgress.objects.iterator(chunk_size=2000):
        rows[(p.user_id, p.lesson_key)] = ItemSummary(
            user_id=p.user_id, item_key=p.lesson_key, kind="lesson", module_key=p.module_key,
            first_activity_at=p.first_viewed_at, last_activity_at=p.last_viewed_at, seconds_spent=p.seconds_spent,
            completed_at=p.completed_at)

    module_by_path = dict(ModulePage.objects.values_list("path", "translation_key"))
    quiz_paths = dict(Page.objects.filter(pk__in=Attempt.objects.values("quiz_id")).values_list("pk", "path"))
    for a in Attempt.objects.order_by("submitted_at", "pk").iterator(chunk_size=2000):
        key = (a.user_id, a.quiz_key)
        last = a.submitted_at or a.last_saved_at or a.started_at
        row = rows.get(key)
        if row is None:
            row = rows[key] = ItemSummary(user_id=a.user_id, item_key=a.quiz_key, kind="quiz",
                                          first_activity_at=a.started_at, last_activity_at=last)
        row.module_key = module_by_path.get(quiz_paths.get(a.quiz_id, "")[:-STEPLEN], row.module_key)
        row.first_activity_at = min(row.first_activity_at, a.started_at)
        row.last_activity_at = max(row.last_activity_at, last)
        if a.state != "submitted":
            continue
        score = a.score or 0.0
        row.tries += 1
        row.failed_tries += 0 if a.passed else 1
        row.last_score = score
        row.best_score = score if row.best_score is None else max(row.best_score, score)
        if a.passed and row.completed_at is None:
            row.completed_at = a.submitted_at
        spent = int((a.submitted_at - a.started_at).total_seconds()) if a.submitted_at else 0
        row.seconds_spent += max(0, min(spent, ATTEMPT_SECONDS_CAP))
    ItemSummary.objects.bulk_create(rows.values(), batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("progress", "0002_item_summary"),
        ("quizzes", "0002_question_data_binding"),
        ("curriculum", "0002_track_page"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
