"""HTML from imported questions ([html] in GIFT, Moodle XML), sanitised.

nh3 (the Ammonia sanitiser) keeps a safe allow-list of tags and attributes and
drops <script>, <style>, event-handler attributes (on*) and javascript:/data:
URLs, and the address of any image on another site (it would tell that site
who reads the question; importers refuse such images). Applied when a file is
imported *and* again when the text is shown.
"""

import html

import nh3

from alma.markdown import is_local_url

ALLOWED_SCHEMES = {"http", "https", "mailto"}
TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption",
        "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small",
        "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "abbr": {"title"},
              "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}, "ol": {"start"}}


MAX_HTML_CHARS = 25_000  # sanitising deeply nested HTML costs time quadratic in its depth


def sanitize_html(text: str, *, local_images_only: bool = True) -> str:
    """Safe HTML. Text longer than any valid question text is only escaped (the
    importer then refuses it as too long), so a hostile file cannot stall the server.
    Importers pass ``local_images_only=False`` so that ``definition.validate`` can
    refuse an image from another site with a message instead of dropping it unseen."""
    if len(text or "") > MAX_HTML_CHARS:
        return html.escape(text)
    return nh3.clean(text or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True,
                     attribute_filter=_local_images_only if local_images_only else None)


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    return None if tag == "img" and attribute == "src" and not is_local_url(value) else value


def html_to_text(text: str) -> str:
    """Only the text of an HTML fragment (for titles and matching items)."""
    return html.unescape(nh3.clean(text or "", tags=set(), attributes={})).strip()
