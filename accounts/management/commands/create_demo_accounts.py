from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_data_functions
from accounts.models import Role, User

DEMO_ACCOUNTS = [
    # username, password, roles, superuser
    ("admin", "admin-alma-demo", [Role.CURATOR], True),
    ("teacher", "teacher-alma-demo", [Role.TEACHER], False),
    ("student", "student-alma-demo", [Role.LEARNER], False),
]


class Command(BaseCommand):
    help = ("Create the demo accounts (development settings only) and print them, then the demo data the apps "
            "register (accounts/demo.py): for the impact dashboard, demo learners (demo-learner-NN) with synthetic "
            "activity, which is made up for the demonstration and is not published data.")

    def handle(self, *args, **options):
        if not getattr(settings, "ALMA_DEMO_ACCOUNTS", False):
            raise CommandError("Demo accounts exist only with the development settings (alma.settings.dev).")
        self.stdout.write("Demo accounts (development only):")
        for username, password, roles, is_superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username, defaults={"display_name": username.title()})
            if created:
                user.set_password(password)
                user.is_superuser = user.is_staff = is_superuser
                user.save()
            user.groups.add(*Group.objects.filter(name__in=[r.value for r in roles]))
            self.stdout.write(f"  {username:<8} password: {password:<18} roles: {', '.join(str(r.label) for r in roles)}")
        for add_demo_data in demo_data_functions():
            add_demo_data(self.stdout)
