"""HTML from imported questions ([html] in GIFT, Moodle XML), sanitised.

nh3 (the Ammonia sanitiser) keeps a safe allow-list of tags and attributes and
drops <script>, <style>, event-handler attributes (on*) and javascript:/data:
URLs. Applied when a file is imported *and* again when the text is shown.
"""

import nh3

ALLOWED_SCHEMES = {"http", "https", "mailto"}
TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption",
        "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small",
        "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "abbr": {"title"},
              "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}, "ol": {"start"}}


MAX_HTML_CHARS = 25_000  # sanitising deeply nested HTML costs time quadratic in its depth


def sanitize_html(text: str) -> str:
    """Safe HTML. Text longer than any valid question text is only escaped (the
    importer then refuses it as too long), so a hostile file cannot stall the server."""
    if len(text or "") > MAX_HTML_CHARS:
        import html

        return html.escape(text)
    return nh3.clean(text or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


def html_to_text(text: str) -> str:
    """Only the text of an HTML fragment (for titles and matching items)."""
    import html

    return html.unescape(nh3.clean(text or "", tags=set(), attributes={})).strip()
