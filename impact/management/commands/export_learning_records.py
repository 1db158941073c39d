from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from impact.exports import write_learning_records
from impact.models import ResearchStudy


class Command(BaseCommand):
    help = ("Write the pseudonymised learning records (HDF5). Without --study every export gets a new random salt, so "
            "its pseudonyms match no other export; with --study NAME the study's stored salt is used (created on first "
            "use), so the study's exports can be joined with each other and with nothing else.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="HDF5 file to write.")
        parser.add_argument("--study", help="Study name (letters, digits, - and _): pseudonyms stable across its exports.")
        parser.add_argument("--rotate-salt", action="store_true",
                            help="Give the study a new salt first: its earlier exports can no longer be joined to this one.")

    def handle(self, *args, output, study=None, rotate_salt=False, **options):
        if rotate_salt and not study:
            raise CommandError("--rotate-salt needs --study NAME: an export without a study always gets a new salt.")
        research_study = None
        if study:
            try:
                validate_slug(study)
            except ValidationError:
                raise CommandError(f"--study {study!r}: use only letters, digits, hyphens and underscores.")
            research_study, created = ResearchStudy.objects.get_or_create(name=study)
            if rotate_salt and not created:
                research_study.rotate_salt()
        counts = write_learning_records(output, study=research_study)
        self.stdout.write(f"Wrote {counts['statements'][0]} statements and {counts['mastery'][0]} mastery rows to {output}"
                          + (f" (study {study})." if study else " (pseudonyms for this export only)."))
