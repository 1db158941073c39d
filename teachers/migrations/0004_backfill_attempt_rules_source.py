"""Name, on the attempts made before Attempt.rules_source existed, the quiz assignments whose rules they ran under.

Before, an attempt followed the rules of the class assignment of its quiz that
was open when it started, for a student then a member of the class. Those are
the assignments named here, so class reports keep counting the attempts they
counted; attempts made outside any membership stay on the quiz's own rules.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    Assignment = apps.get_model("teachers", "Assignment")
    Membership = apps.get_model("teachers", "Membership")
    Attempt = apps.get_model("quizzes", "Attempt")
    chosen = {}
    for assignment_id, user_id in Assignment.students.through.objects.values_list("assignment_id", "user_id"):
        chosen.setdefault(assignment_id, set()).add(user_id)
    assignments = list(Assignment.objects.filter(kind="quiz"))
    memberships = {}
    for m in Membership.objects.filter(classroom_id__in={a.classroom_id for a in assignments}):
        memberships.setdefault(m.classroom_id, []).append(m)
    for attempt in Attempt.objects.filter(rules_source="", quiz_key__in={a.target_key for a in assignments}).iterator():
        ids = sorted(
            a.pk for a in assignments
            if a.target_key == attempt.quiz_key and a.available_from <= attempt.started_at
            and any(m.student_id == attempt.user_id and m.joined_at <= attempt.started_at
                    and (m.left_at is None or attempt.started_at < m.left_at)
                    and (a.audience == "class" or (a.audience == "groups" and m.group in a.groups)
                         or (a.audience == "students" and attempt.user_id in chosen.get(a.pk, ())))
                    for m in memberships.get(a.classroom_id, [])))
        if ids:
            Attempt.objects.filter(pk=attempt.pk).update(rules_source="teachers:" + ",".join(map(str, ids)))


class Migration(migrations.Migration):

    dependencies = [
        ("teachers", "0003_assignment_quiz_rules"),
        ("quizzes", "0003_attempt_rules_source"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
