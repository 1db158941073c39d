"""The one Markdown renderer of ALMA Aula.

Lessons, quiz prompts and imported packages all go through ``render_markdown``:
CommonMark plus tables, strikethrough, footnotes and definition lists, with raw
HTML switched off (it is shown as text) and unsafe link targets dropped.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from django.utils.safestring import SafeString, mark_safe

SAFE_LINK_SCHEMES = {"", "http", "https", "mailto"}
SAFE_IMAGE_SCHEMES = {"", "http", "https"}


def is_safe_url(url: str, *, image: bool = False) -> bool:
    """True for relative URLs and http(s)/mailto; false for javascript:, data:, vbscript: …"""
    # Browsers ignore ASCII control characters and whitespace inside a scheme
    # ("java\tscript:"), so strip them before looking at it.
    cleaned = "".join(ch for ch in url if ord(ch) > 32 and ord(ch) != 127)
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in (SAFE_IMAGE_SCHEMES if image else SAFE_LINK_SCHEMES)


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
        if not is_safe_url(token.attrGet("src") or "", image=True):
            return ""
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
