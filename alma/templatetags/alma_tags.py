from dataclasses import dataclass

from django import template
from django.apps import apps
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page

from accounts.landing import nav_items
from alma import overlays
from alma import personal as alma_personal
from alma.i18n import language_codes, native_language_name
from alma.markdown import render_markdown
from alma.page_cache import content_version, store

register = template.Library()


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    available: bool  # False: no translation of this page, the link goes to that language's home


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to this page in every site language.

    On a Wagtail page, each link goes to the live translation when there is
    one; otherwise to that language's home page, marked ``available=False`` so
    the switcher can say the page is not translated. Elsewhere the URL's
    language prefix is swapped.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
        homes = None
        for code in language_codes():
            target = translations.get(code)
            if target is None:
                if homes is None:
                    site_root = page.get_site().root_page
                    homes = {
                        p.locale.language_code: p
                        for p in site_root.get_translations(inclusive=True).live().select_related("locale")
                    }
                home = homes.get(code)
                url = home.get_url(request) if home else f"/{code}/"
            else:
                url = target.get_url(request)
            links.append(LanguageLink(code, native_language_name(code), url, code == current, target is not None))
    else:
        path = request.get_full_path() if request else "/"
        for code in language_codes():
            links.append(LanguageLink(code, native_language_name(code), translate_url(path, code), code == current, True))
    return links


@register.simple_tag(takes_context=True)
def overlay(context, slot, item=None):
    """What upper layers add to this page — or to ``item``, a page listed on it — for the signed-in learner
    (see alma/overlays.py)."""
    request = context.get("request")
    if request is not None and alma_personal.is_rendering_shared(request):
        return mark_safe(alma_personal.marker(f"overlay:{slot}" + (f":{item.pk}" if item is not None else "")))
    return mark_safe(overlays.render(slot, request, item or context.get("page")))


class PersonalNode(template.Node):
    def __init__(self, key, nodelist):
        self.key = key
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is not None and alma_personal.is_rendering_shared(request):
            return alma_personal.marker(self.key)
        return self.nodelist.render(context)


@register.tag
def personal(parser, token):
    """``{% personal "name" %}…{% endpersonal %}``: a part of the page that differs
    from one signed-in user to another (see alma/personal.py). Inside, only the
    request's context (user, perms, messages, csrf_token), ``page`` and the page's
    ``personal_context(request)`` are available."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Use {% personal "name" %}…{% endpersonal %} with a quoted name.')
    name = bits[1][1:-1]
    seen = parser.extra_data.setdefault("alma_personal_names", set())
    if name in seen:
        raise template.TemplateSyntaxError(f"Two {{% personal %}} blocks are named “{name}” in this template.")
    seen.add(name)
    nodelist = parser.parse(("endpersonal",))
    parser.delete_first_token()
    node = PersonalNode(None, nodelist)
    node.key = alma_personal.register_node(parser.origin.template_name, name, node)
    return node


@register.filter
def markdown(text):
    """Render Markdown with the shared safe renderer."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def markdown_for_visitor(context, text):
    """Markdown as this visitor asked: with the data saver on (``data_saver`` in the context, see
    alma/data_saver.py), images become "Show image" links. A block rendered outside a page (a
    presentation, a cartridge) has no such variable and shows its images."""
    return render_markdown(text, bool(context.get("data_saver")))


@dataclass(frozen=True)
class PageLink:
    pk: int
    url: str


@register.simple_tag
def localized_page(model_label):
    """The first live page of a type in the active language, as a ``PageLink`` (``pk``, ``url``), or None.

    For links every template needs, such as the catalogue in the header:
    ``{% localized_page "curriculum.CatalogPage" as catalog %}``. Cached until published content
    changes, so a signed-in page that is not a Wagtail page pays no query for its header. The model
    is named by its label, so ``alma`` does not import an upper layer.
    """
    language = translation.get_language()
    key = f"alma:localized-page:{content_version()}:{language}:{model_label}"
    link = cache.get(key)
    if link is None:
        try:
            page = apps.get_model(model_label).objects.live().filter(locale__language_code=language).first()
        except LookupError:
            page = None
        link = PageLink(page.pk, page.url) if page is not None else ""
        store(key, link, 3600)
    return link or None


@register.simple_tag(takes_context=True)
def site_nav_items(context):
    """The header links this person needs (registered by the apps that own the pages, see accounts/landing.py)."""
    request = context.get("request")
    return nav_items(request) if request is not None else []
