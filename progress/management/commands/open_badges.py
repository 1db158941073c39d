"""Open Badges 3.0 keys and credentials, for an administrator.

    manage.py open_badges keys          # list the issuer keys (the active one signs)
    manage.py open_badges rotate-key    # a new signing key; old ones stay published for verifying
    manage.py open_badges sign          # sign every certificate that has no credential yet
"""

from django.core.management.base import BaseCommand

from progress.badges import keys
from progress.badges.credential import signed_credential
from progress.models import Certificate, IssuerKey


class Command(BaseCommand):
    help = "Open Badges 3.0: list or rotate the issuer's signing keys, sign pending certificates."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["keys", "rotate-key", "sign"])

    def handle(self, *args, action, **options):
        if action == "rotate-key":
            key = keys.rotate()
            self.stdout.write(f"New signing key {key.public_key_multibase}; older keys retired, still published.")
        elif action == "sign":
            count = 0
            for certificate in Certificate.objects.filter(credential__isnull=True).iterator():
                signed_credential(certificate)
                count += 1
            self.stdout.write(f"Signed {count} credential(s).")
        else:
            keys.active_key()
            for key in IssuerKey.objects.all():
                state = f"retired {key.retired_at:%Y-%m-%d}" if key.retired_at else "active"
                self.stdout.write(f"{key.public_key_multibase}  created {key.created_at:%Y-%m-%d}  {state}")
