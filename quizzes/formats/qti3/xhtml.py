"""Question texts as the XHTML a QTI item body holds, and back. Pure.

A text is rendered as ALMA shows it (Markdown, sanitised HTML or plain text),
then copied element by element into the QTI namespace, keeping only the tags
and attributes that QTI 3 content allows (others become ``span``). ``inner``
serialises an element's content the same way on both sides, so the writer can
record which source text gave which markup and the reader can recognise it.
"""

from __future__ import annotations

import hashlib
import html

from django.utils.html import escape, linebreaks
from lxml import etree
from lxml import html as lxml_html

from alma.markdown import render_markdown
from quizzes.html import sanitize_html

TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em", "figcaption", "figure",
        "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "q", "small", "span", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"},
              "th": {"colspan", "rowspan"}, "ol": {"start"}}
VOID = {"br", "hr", "img"}


def html_of(text: str, fmt: str) -> str:
    """The HTML ALMA shows for ``text`` in ``fmt``."""
    if fmt == "html":
        return sanitize_html(text or "")
    if fmt == "plain":
        return linebreaks(escape(text or ""))
    return str(render_markdown(text or ""))


def _add_text(parent, previous, text: str | None) -> None:
    if not text:
        return
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _copy(source, parent, ns: str):
    """Copy one lxml.html element (and its tail) under ``parent``; return the new element or None."""
    if not isinstance(source.tag, str):  # comment or processing instruction: keep only its tail
        return None
    name = source.tag.lower()
    name = name if name in TAGS else "span"
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    for key, value in source.attrib.items():
        if key in ATTRIBUTES.get(name, ()):
            element.set(key, value)
    if name == "img" and "alt" not in element.attrib:
        element.set("alt", "")
    element.text = source.text
    previous = None
    for child in source:
        made = _copy(child, element, ns)
        if made is None:
            _add_text(element, previous, child.tail)
        else:
            previous = made
            made.tail = child.tail
    return element


def fill(container, html_text: str, ns: str) -> None:
    """Put ``html_text`` as QTI-namespace XHTML inside ``container``."""
    parts = lxml_html.fragments_fromstring(html_text) if html_text.strip() else []
    previous = None
    for part in parts:
        if isinstance(part, str):
            _add_text(container, previous, part)
            continue
        made = _copy(part, container, ns)
        if made is None:
            _add_text(container, previous, part.tail)
        else:
            made.tail = part.tail
            previous = made


def inner(element, skip=()) -> str:
    """The HTML of an element's content: local tag names, sorted attributes, escaped text.

    Children whose local name is in ``skip`` are left out (their tail is kept)."""
    out = [html.escape(element.text or "", quote=False)]
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname not in skip:
            name = etree.QName(child).localname
            attrs = "".join(f' {etree.QName(k).localname}="{html.escape(v)}"' for k, v in sorted(child.attrib.items())
                            if "{" not in k)
            if name in VOID and not len(child) and not child.text:
                out.append(f"<{name}{attrs} />")
            else:
                out.append(f"<{name}{attrs}>{inner(child, skip)}</{name}>")
        out.append(html.escape(child.tail or "", quote=False))
    return "".join(out)


def digest(markup: str) -> str:
    return hashlib.sha256(markup.strip().encode("utf-8", "surrogatepass")).hexdigest()[:20]
