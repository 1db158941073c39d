"""What each role may do. Applied after every migrate, so a fresh install and
an upgraded one end up with the same permissions."""

from django.contrib.auth.models import Group, Permission

from accounts.models import Role

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
FRAMEWORK_MODELS = ("theme", "mineral", "learningoutcome", "glossaryterm")

ROLE_PERMISSIONS = {
    Role.CONTRIBUTOR: [ADMIN_ACCESS, ("wagtailimages", "add_image"), ("wagtailimages", "choose_image")],
    Role.TRANSLATOR: [ADMIN_ACCESS, ("wagtail_localize", "submit_translation")]
    + [(app, f"change_{model}") for app, model in (("curriculum", "theme"), ("curriculum", "mineral"),
                                                     ("curriculum", "learningoutcome"), ("lessons", "glossaryterm"))],
    Role.CURATOR: [ADMIN_ACCESS, ("wagtail_localize", "submit_translation"), ("wagtailimages", "add_image"),
                   ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"), ("accounts", "change_institution"),
                   ("accounts", "add_institution"), ("accounts", "view_institution")]
    + [(app, f"{action}_{model}") for action in ("add", "change", "delete", "view")
       for app, model in (("curriculum", "theme"), ("curriculum", "mineral"), ("curriculum", "learningoutcome"),
                          ("lessons", "glossaryterm"))],
}


def sync_role_permissions(**kwargs):
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        for app_label, codename in ROLE_PERMISSIONS.get(role, []):
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission:
                group.permissions.add(permission)
