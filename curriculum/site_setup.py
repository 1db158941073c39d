"""Create the page tree every ALMA Aula site needs: one home and one catalogue
per language, the home in the default language being the site's root."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Locale, Page, Site

from curriculum.models import CatalogPage, HomePage


# Catalogue URLs read naturally in each language; other languages get the English one.
CATALOGUE_SLUGS = {"es": "catalogo", "pt": "catalogo", "en": "catalogue", "fr": "catalogue"}


def _catalogue_title_and_slug(language):
    with translation.override(language):
        return _("Catalogue"), CATALOGUE_SLUGS.get(language, "catalogue")


@transaction.atomic
def setup_site(hostname="localhost", port=80) -> list[str]:
    """Idempotent: creates only what is missing and returns what it created."""
    created = []
    for code, _name in settings.LANGUAGES:
        if not Locale.objects.filter(language_code=code).exists():
            Locale.objects.create(language_code=code)
            created.append(f"locale {code}")
    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=default))
    # Wagtail's initial migration creates a placeholder page; it has no place here.
    for placeholder in root.get_children().exact_type(Page):
        if not placeholder.get_children().exists():
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
            root.refresh_from_db()

    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        home = root.add_child(instance=HomePage(title="ALMA Aula", slug="home", locale=default))
        home.save_revision().publish()
        created.append(f"home page ({default.language_code})")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="ALMA Aula")
        created.append("site")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    catalog = CatalogPage.objects.filter(locale=default).first()
    if catalog is None:
        title, slug = _catalogue_title_and_slug(default.language_code)
        catalog = home.add_child(instance=CatalogPage(title=title, slug=slug, locale=default))
        catalog.save_revision().publish()
        created.append(f"catalogue ({default.language_code})")

    for locale in Locale.objects.exclude(pk=default.pk):
        for page in (home, catalog):
            if not page.get_translations().filter(locale=locale).exists():
                copy = page.copy_for_translation(locale)
                if isinstance(copy.specific, CatalogPage):
                    copy.title, copy.slug = _catalogue_title_and_slug(locale.language_code)
                    copy.save()
                copy.save_revision().publish()
                created.append(f"{page.specific_class._meta.model_name} ({locale.language_code})")
    grant_page_permissions()
    return created


# Page permissions by role, on every home page (so, on the whole site per language).
PAGE_PERMISSIONS = {
    "Curator": ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    "Contributor": ("add_page", "change_page"),
    # Translators publish translations (wagtail-localize's editor); contributions.wagtail_hooks
    # stops them publishing from Wagtail's own editor, so moderation still guards sources.
    "Translator": ("change_page", "publish_page"),
}


def grant_page_permissions():
    permissions = {p.codename: p for p in Permission.objects.filter(content_type__app_label="wagtailcore")}
    for group in Group.objects.filter(name__in=PAGE_PERMISSIONS):
        for home in HomePage.objects.all():
            for codename in PAGE_PERMISSIONS[group.name]:
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permissions[codename])
