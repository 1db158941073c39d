"""Unlink the public certificate id from the learning records.

* Certificates get a separate random ``verification_key``: the verification page
  and badge resolve it, never the certificate id.
* ``earned`` statements pointed at the certificate id; they now point at the
  module or track achieved (the certificate's ``achievement_key``).
* Statements of deleted accounts carried ``sha256(SECRET_KEY, user id)``, which
  anyone holding the key and a user id could recompute: each deleted account
  gets a fresh random pseudonym instead.
"""

import secrets
import uuid

from django.db import migrations, models


def fill_verification_keys(apps, schema_editor):
    Certificate = apps.get_model("progress", "Certificate")
    for pk in Certificate.objects.values_list("pk", flat=True):
        Certificate.objects.filter(pk=pk).update(verification_key=uuid.uuid4())


def point_earned_statements_at_achievements(apps, schema_editor):
    Certificate = apps.get_model("progress", "Certificate")
    Statement = apps.get_model("progress", "Statement")
    earned = Statement.objects.filter(verb="http://id.tincanapi.com/verb/earned", object_type="certificate")
    certificates = Certificate.objects.filter(pk__in=earned.values("object_key"))
    for pk, kind, achievement_key in certificates.values_list("pk", "kind", "achievement_key"):
        earned.filter(object_key=pk).update(object_type=kind, object_key=achievement_key)


def randomise_deleted_actors(apps, schema_editor):
    Statement = apps.get_model("progress", "Statement")
    deleted = Statement.objects.filter(user__isnull=True).exclude(actor_pseudonym="")
    for old in list(deleted.values_list("actor_pseudonym", flat=True).distinct()):
        deleted.filter(actor_pseudonym=old).update(actor_pseudonym="anon-" + secrets.token_hex(10))


class Migration(migrations.Migration):

    dependencies = [
        ("progress", "0003_fill_item_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="verification_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_verification_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="certificate",
            name="verification_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="statement",
            name="object_key",
            field=models.UUIDField(help_text="translation_key of the page"),
        ),
        migrations.RunPython(point_earned_statements_at_achievements, migrations.RunPython.noop),
        migrations.RunPython(randomise_deleted_actors, migrations.RunPython.noop),
    ]
