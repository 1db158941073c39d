from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlmaConfig(AppConfig):
    name = "alma"
    verbose_name = _("ALMA Aula")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from alma.page_cache import bump_content_version
        from alma.personal import bump_permissions_version, bump_users

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"alma-cache-{signal!r}")

        def bump_for_content(sender, **kwargs):
            if sender._meta.app_label in CACHED_CONTENT or sender._meta.label_lower in CACHED_CONTENT:
                bump_content_version()

        post_save.connect(bump_for_content, dispatch_uid="alma-cache-save", weak=False)
        post_delete.connect(bump_for_content, dispatch_uid="alma-cache-delete", weak=False)

        def bump_for_learner(sender, instance, **kwargs):
            if sender._meta.app_label in LEARNER_RECORDS or sender._meta.label_lower in LEARNER_RECORDS:
                bump_users([getattr(instance, "user_id", None), getattr(instance, "student_id", None)])

        post_save.connect(bump_for_learner, dispatch_uid="alma-personal-save", weak=False)
        post_delete.connect(bump_for_learner, dispatch_uid="alma-personal-delete", weak=False)

        User = get_user_model()
        for signal in (post_save, post_delete):
            signal.connect(lambda sender, instance, **kwargs: bump_users([instance.pk]), sender=User, weak=False,
                           dispatch_uid=f"alma-personal-user-{signal!r}")
        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(bump_permissions_version, sender=through, dispatch_uid=f"alma-perms-{through._meta.label}")
        for model in (Group, Permission):
            post_save.connect(bump_permissions_version, sender=model, dispatch_uid=f"alma-perms-save-{model._meta.label}")
            post_delete.connect(bump_permissions_version, sender=model, dispatch_uid=f"alma-perms-delete-{model._meta.label}")


# Learner records shown in personal parts: saving one (or deleting it) makes its user's
# filled pages stale (alma/personal.py). Class assignments: teachers/apps.py.
LEARNER_RECORDS = {"progress.enrolment", "progress.lessonprogress", "progress.itemsummary", "progress.certificate",
                   "quizzes.attempt", "quizzes.outcomemastery", "teachers.membership", "teachers.extension"}

# Apps and models whose rows appear on public pages: saving one invalidates the page cache.
# Learner records (attempts, mastery, progress) are not listed: they never show on a public page.
CACHED_CONTENT = {
    "curriculum", "lessons", "datasets", "wagtailimages", "accounts.institution",
    "quizzes.question", "quizzes.questionversion", "quizzes.quizslot",
    "wagtailcore.pageviewrestriction",  # a page made private must leave the anonymous and shared caches
    "wagtailcore.site",  # which site, and root page, a host is served (alma/page_routes.py)
}
