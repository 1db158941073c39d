"""Site-wide choices an administrator makes in Settings → Site choices (wagtail.contrib.settings)."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

ISSUER = "ALMA Aula"
DEFAULT_SITE_KEY = "alma:site-choices:default"  # the default site's choices, read per statement by xAPI exports


@register_setting(icon="cog")
class SiteChoices(BaseSiteSetting):
    catalogue_page = models.ForeignKey(
        "curriculum.CatalogPage", verbose_name=_("catalogue page"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The catalogue the home page links to, in each language it is translated into. "
                    "Empty: the first catalogue page of the language."),
    )
    certificate_issuer = models.CharField(_("issuer of certificates"), max_length=200, default=ISSUER,
                                          help_text=_("The name certificates and their verification pages give as issuer."))
    base_url = models.URLField(
        _("base URL"), blank=True,
        help_text=_("The address certificates and learning records point to, e.g. https://aula.example.org. "
                    "Empty: the server's ALMA_BASE_URL."),
    )

    panels = [FieldPanel("catalogue_page"), FieldPanel("certificate_issuer"), FieldPanel("base_url")]

    class Meta:
        verbose_name = _("site choices")

    @classmethod
    def current(cls, request=None) -> "SiteChoices":
        """The choices of the request's site, else of the default site; unsaved defaults when none were made.

        Unlike ``for_request``/``for_site``, never creates the row: a GET does not write.
        """
        if request is None:
            return cache.get_or_set(DEFAULT_SITE_KEY, lambda: cls._for(Site.objects.filter(is_default_site=True).first()))
        if not hasattr(request, "_alma_site_choices"):
            request._alma_site_choices = cls._for(Site.find_for_request(request))
        return request._alma_site_choices

    @classmethod
    def _for(cls, site):
        choices = cls.objects.filter(site=site).select_related("catalogue_page").first() if site else None
        return choices or cls(site=site)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(DEFAULT_SITE_KEY)

    def catalogue_for(self, locale):
        """The chosen catalogue page in ``locale`` when it is live there, else None."""
        chosen = self.catalogue_page
        page = chosen.get_translation_or_none(locale) if chosen else None
        return page if page is not None and page.live else None

    def site_base_url(self) -> str:
        """The base URL without its trailing slash."""
        return (self.base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
