"""The one Markdown renderer of ALMA Aula.

Lessons, quiz prompts and imported packages all go through ``render_markdown``:
CommonMark plus tables, strikethrough, footnotes and definition lists, with raw
HTML switched off (it is shown as text) and unsafe link targets dropped.

Images load only from ALMA Aula itself: many learners are minors, and an image
on another site tells that site who is reading which lesson. An image from
another site is shown as a link to it (the learner chooses to open it);
importers refuse such images up front with ``external_images``.
"""

from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from django.utils.safestring import SafeString, mark_safe

SAFE_LINK_SCHEMES = {"", "http", "https", "mailto"}
SAFE_IMAGE_SCHEMES = {"", "http", "https"}


def _cleaned(url: str) -> str:
    # Browsers ignore ASCII control characters and whitespace inside a URL's
    # scheme and host ("java\tscript:", "/\t/evil.example"), so strip them first.
    return "".join(ch for ch in url if ord(ch) > 32 and ord(ch) != 127)


def is_safe_url(url: str, *, image: bool = False) -> bool:
    """True for relative URLs and http(s)/mailto; false for javascript:, data:, vbscript: …"""
    try:
        scheme = urlsplit(_cleaned(url)).scheme.lower()
    except ValueError:
        return False
    return scheme in (SAFE_IMAGE_SCHEMES if image else SAFE_LINK_SCHEMES)


def is_local_url(url: str) -> bool:
    """True for a URL on this site: no scheme and no host ("/media/…", "figure.png"; not "//cdn…")."""
    cleaned = _cleaned(url).replace("\\", "/")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc and not cleaned.startswith("//")


class _ImageSources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources += [value or "" for name, value in attrs if name == "src"]


def external_images(text: str, text_format: str = "markdown") -> list[str]:
    """The address of every image in ``text`` (Markdown or HTML) that another site would serve."""
    # Every Markdown image starts with "![" and every HTML one with "<img": most texts
    # (an import checks every lesson run and question text) need no parsing.
    if "![" not in (text or "") and "<img" not in (text or "").lower():
        return []
    if text_format == "html":
        parser = _ImageSources()
        parser.feed(text or "")
        sources = parser.sources
    elif text_format == "markdown":
        sources = [child.attrGet("src") or "" for token in _parser().parse(text or "") for child in token.children or []
                   if child.type == "image"]
    else:
        return []
    return [src for src in sources if not is_local_url(src)]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(deflist_plugin)
    )
    md.validateLink = lambda url: is_safe_url(url)


    def image(renderer, tokens, idx, options, env):
        token = tokens[idx]
        src = token.attrGet("src") or ""
        if not is_safe_url(src, image=True):
            return ""
        if not is_local_url(src):
            alt = renderer.renderInlineAsText(token.children or [], options, env) or src
            return f'<a href="{escape(src)}" rel="noopener noreferrer">{escape(alt)}</a>'
        token.attrSet("loading", "lazy")
        return renderer.image(tokens, idx, options, env)

    def link_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        if urlsplit(token.attrGet("href") or "").scheme in ("http", "https"):
            token.attrSet("rel", "noopener noreferrer")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)
    return md


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML that is safe to put in a template as it is."""
    return mark_safe(_parser().render(text or ""))
