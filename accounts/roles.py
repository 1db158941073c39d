"""What each role may do. Applied after every migrate, so a fresh install and
an upgraded one end up with the same permissions."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts.models import Role

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
FRAMEWORK_MODELS = ("theme", "mineral", "learningoutcome", "glossaryterm")

ROLE_PERMISSIONS = {
    Role.CONTRIBUTOR: [ADMIN_ACCESS, ("wagtailimages", "add_image"), ("wagtailimages", "choose_image")],
    Role.TRANSLATOR: [ADMIN_ACCESS, ("wagtail_localize", "submit_translation")]
    + [(app, f"change_{model}") for app, model in (("curriculum", "theme"), ("curriculum", "mineral"),
                                                     ("curriculum", "learningoutcome"), ("lessons", "glossaryterm"),
                                                     ("quizzes", "question"))],
    Role.CURATOR: [ADMIN_ACCESS, ("wagtail_localize", "submit_translation"), ("wagtailimages", "add_image"),
                   ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"), ("accounts", "change_institution"),
                   ("accounts", "add_institution"), ("accounts", "view_institution"),
                   ("progress", "view_certificate"), ("progress", "revoke_certificate")]
    + [(app, f"{action}_{model}") for action in ("add", "change", "delete", "view")
       for app, model in (("curriculum", "theme"), ("curriculum", "mineral"), ("curriculum", "learningoutcome"),
                          ("lessons", "glossaryterm"))],
}


def _ensure_submit_translation_permission():
    """wagtail-localize makes this permission in a data migration; a database
    built from the models (the test suite) would otherwise lack it."""
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    Permission.objects.get_or_create(content_type=content_type, codename="submit_translation",
                                     defaults={"name": "Can submit translations"})


def sync_role_permissions(**kwargs):
    _ensure_submit_translation_permission()
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        for app_label, codename in ROLE_PERMISSIONS.get(role, []):
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission:
                group.permissions.add(permission)
