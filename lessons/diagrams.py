"""Diagrams drawn for the curriculum: hand-written SVG with ``{{label-key}}``
placeholders (docs/package-format.md, *Diagrams*).

``check_svg`` parses a drawing without resolving entities or loading a DTD and
checks it against an allow-list of elements and attributes: no script,
foreignObject, event handlers, styles or references outside the drawing.
Colours come from the ``dg-…`` classes (``PALETTE``: the design tokens), never
from the file. ``render_svg`` checks again, puts each language's labels into the
text (escaped by the serialiser, never pasted as markup) and makes the drawing
an accessible image that carries its own scoped palette. Pure: no database. Changes when the
rules for diagrams do.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
MAX_SVG_BYTES = 256 * 1024
PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}")

ELEMENTS = {"svg", "g", "defs", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
            "text", "tspan", "marker", "pattern", "clipPath"}
ATTRIBUTES = {"id", "class", "viewBox", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height",
              "d", "points", "transform", "dx", "dy", "text-anchor", "dominant-baseline", "font-weight", "font-style",
              "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity", "fill-opacity",
              "stroke-opacity", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits",
              "patternUnits", "patternTransform", "preserveAspectRatio", "fill", "stroke", "marker-start", "marker-mid",
              "marker-end", "clip-path", "{http://www.w3.org/XML/1998/namespace}space"}
# Paint and references may only point inside the drawing; colours come from classes.
PAINT = {"fill", "stroke"}
REFERENCES = {"marker-start", "marker-mid", "marker-end", "clip-path"}
LOCAL_URL = re.compile(r"^url\(#[A-Za-z][\w-]*\)$")
TEXT_ELEMENTS = {"text", "tspan"}
def _token(name: str, value: str) -> str:
    return f"var(--{name},{value})"


INK, SURFACE = _token("ink", "#1d2630"), _token("surface", "#fff")
# The diagram classes and their paint: the design tokens of static/css/alma.css, with their values as
# fallbacks so a drawing keeps its colours where the site's stylesheet is absent (a Common Cartridge).
PALETTE = {
    "dg-box": f"fill:{SURFACE};stroke:{_token('line', '#8a8f96')};stroke-width:1.5",
    "dg-rock": f"fill:{_token('slate-tint', '#e6eaee')};stroke:{_token('slate', '#2c3a47')};stroke-width:1.5",
    "dg-ore": f"fill:{_token('copper-tint', '#f8e9e0')};stroke:{_token('copper', '#a3461c')};stroke-width:1.5",
    "dg-energy": f"fill:{_token('copper-tint', '#f8e9e0')};stroke:{_token('copper', '#a3461c')};stroke-width:1.5",
    "dg-copper": f"fill:{_token('copper', '#a3461c')};stroke:{_token('copper-dark', '#7c3312')};stroke-width:1.5",
    "dg-water": f"fill:{_token('teal-tint', '#dff1ef')};stroke:{_token('teal', '#0b6a6b')};stroke-width:1.5",
    "dg-sky": f"fill:{_token('paper', '#fbf8f3')};stroke:none",
    "dg-brine": f"fill:{_token('ochre-tint', '#fbefd5')};stroke:{_token('ochre', '#8a5a00')};stroke-width:1.5",
    "dg-soil": f"fill:{_token('ochre-tint', '#fbefd5')};stroke:{_token('ochre', '#8a5a00')};stroke-width:1.5",
    "dg-warn": f"fill:{_token('ochre-tint', '#fbefd5')};stroke:{_token('ochre', '#8a5a00')};stroke-width:1.5",
    "dg-salt": f"fill:{SURFACE};stroke:{_token('muted', '#4b5663')};stroke-width:1.5;stroke-dasharray:2 3",
    "dg-tailings": f"fill:{_token('line-soft', '#d9dde2')};stroke:{_token('muted', '#4b5663')};stroke-width:1.5",
    "dg-danger": f"fill:{_token('danger-tint', '#fbe5e4')};stroke:{_token('danger', '#a4161a')};stroke-width:2",
    "dg-safe": f"fill:{_token('success-tint', '#e3f1e1')};stroke:{_token('success', '#2b6a2f')};stroke-width:1.5",
    "dg-plant": f"fill:{_token('success-tint', '#e3f1e1')};stroke:{_token('success', '#2b6a2f')};stroke-width:1.5",
    "dg-line": f"fill:none;stroke:{INK};stroke-width:2",
    "dg-arrow": f"fill:none;stroke:{INK};stroke-width:2",
    "dg-thin": "stroke-width:1",
    "dg-dash": "stroke-dasharray:6 4",
    "dg-ink": f"fill:{INK};stroke:none",
    "dg-small": "font-size:14px",
    "dg-strong": "font-weight:700",
    "dg-head": "font-size:18px;font-weight:700",
}
CLASSES = set(PALETTE)
# Text is 16 units with a halo of the page colour, so it keeps WCAG AA contrast on any fill.
TEXT = (f"font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;font-size:16px;"
        f"fill:{INK};stroke:{SURFACE};stroke-width:4px;stroke-linejoin:round;paint-order:stroke")


def _style(uid: str) -> str:
    rules = [f"#{uid} text{{{TEXT}}}"] + [f"#{uid} .{name}{{{paint}}}" for name, paint in PALETTE.items()]
    return "".join(rules + [f"#{uid} marker path{{fill:{INK};stroke:none}}"])


LETTER = re.compile(r"[^\W\d_]")


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse(text: str | bytes):
    """(root element, problems as (line, message)). Entities are never expanded
    and no DTD or network resource is read."""
    data = text.encode() if isinstance(text, str) else text
    if len(data) > MAX_SVG_BYTES:
        return None, [(None, _("the drawing is larger than %(size)s KB") % {"size": MAX_SVG_BYTES // 1024})]
    for number, row in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if re.search(r"<!(DOCTYPE|ENTITY)", row, re.I):
            return None, [(number, _("DOCTYPE and entity declarations are not allowed"))]
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return None, [(error.lineno, _("not well-formed XML: %(error)s") % {"error": error.msg})]
    return root, []


def check_svg(text: str | bytes) -> list[tuple[int | None, str]]:
    """Every reason the drawing may not be shown, each with its line."""
    root, problems = parse(text)
    if root is None:
        return problems
    if root.tag != f"{{{SVG_NS}}}svg":
        return [(root.sourceline, _("the root element must be <svg xmlns=\"http://www.w3.org/2000/svg\">"))]
    if not root.get("viewBox"):
        problems.append((root.sourceline, _("the <svg> element needs a viewBox, so the drawing scales to the screen")))
    for name in ("width", "height"):
        if root.get(name):
            problems.append((root.sourceline, _("the <svg> element must not set %(name)s: the page sizes the drawing") % {"name": name}))
    for node in root.iter():
        line = node.sourceline
        if not isinstance(node.tag, str):
            problems.append((line, _("an entity reference is not allowed") if isinstance(node, etree._Entity)
                             else _("a processing instruction is not allowed")))
            continue
        if etree.QName(node).namespace != SVG_NS or _local(node.tag) not in ELEMENTS:
            problems.append((line, _("element <%(name)s> is not allowed: a diagram has shapes, paths and text only "
                                     "(its title and description come from the .toml)") % {"name": _local(node.tag)}))
            continue
        for attribute, value in node.attrib.items():
            name = _local(attribute)
            if name.lower().startswith("on"):
                problems.append((line, _("event handler '%(name)s' is not allowed") % {"name": name}))
            elif name == "href":
                problems.append((line, _("reference '%(value)s' is not allowed: a diagram refers to nothing outside itself") % {"value": value[:80]}))
            elif name == "style":
                problems.append((line, _("the style attribute is not allowed (url() in a style): use the diagram classes (dg-…)")
                                 if "url(" in value else _("the style attribute is not allowed: use the diagram classes (dg-…)")))
            elif attribute not in ATTRIBUTES:
                problems.append((line, _("attribute '%(name)s' is not allowed on <%(element)s>") % {"name": name, "element": _local(node.tag)}))
            elif name in PAINT and value not in ("none", "currentColor") and not LOCAL_URL.match(value):
                problems.append((line, _("%(name)s=\"%(value)s\": colours come from the diagram classes (dg-…), not the file")
                                 % {"name": name, "value": value[:40]}))
            elif name in REFERENCES and not LOCAL_URL.match(value):
                problems.append((line, _("%(name)s=\"%(value)s\" must be url(#id) inside the drawing") % {"name": name, "value": value[:80]}))
            elif name == "class":
                unknown = sorted(set(value.split()) - CLASSES)
                if unknown:
                    problems.append((line, _("class %(names)s is not a diagram class (%(classes)s)")
                                     % {"names": ", ".join(unknown), "classes": ", ".join(sorted(CLASSES))}))
            elif "{{" in value:
                problems.append((line, _("a label placeholder is only allowed in text, not in attribute '%(name)s'") % {"name": name}))
        if _local(node.tag) in TEXT_ELEMENTS:
            for part in [node.text] + [child.tail for child in node]:
                if part and LETTER.search(PLACEHOLDER.sub("", part)):
                    problems.append((line, _("text '%(text)s' is written in the drawing: use a {{label-key}} placeholder "
                                             "and give its text per language in the .toml") % {"text": part.strip()[:40]}))
    return problems


def label_keys(text: str | bytes) -> list[str]:
    """The label keys the drawing uses, in order of first use."""
    data = text.decode() if isinstance(text, bytes) else text
    return list(dict.fromkeys(PLACEHOLDER.findall(data)))


def render_svg(template: str, labels: dict[str, str], title: str, description: str, uid: str) -> str:
    """The drawing as inline, accessible SVG markup with ``labels`` in its text.
    ``uid`` prefixes every id, so two drawings on one page never share one.
    Raises ValueError if the drawing does not pass ``check_svg``."""
    problems = check_svg(template)
    if problems:
        raise ValueError("; ".join(message for _, message in problems))
    root, _ = parse(template)

    def local(value: str) -> str:
        return re.sub(r"#([A-Za-z][\w-]*)", lambda m: f"#{uid}-{m.group(1)}", value)

    def fill(text):
        return PLACEHOLDER.sub(lambda m: labels.get(m.group(1), m.group(0)), text) if text else text

    for node in list(root.iter()):
        if node.get("id"):
            node.set("id", f"{uid}-{node.get('id')}")
        for name in (*PAINT, *REFERENCES):
            if node.get(name, "").startswith("url(#"):
                node.set(name, local(node.get(name)))
        node.text = fill(node.text)
        node.tail = fill(node.tail)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("id", uid)
    root.set("role", "img")
    root.set("aria-labelledby", f"{uid}-title {uid}-desc")
    root.set("class", "diagram__svg")
    for position, (tag, text) in enumerate((("title", title), ("desc", description), ("style", _style(uid)))):
        element = etree.Element(f"{{{SVG_NS}}}{tag}", id=f"{uid}-{tag}")  # the style is ours, after the check
        element.text = text
        root.insert(position, element)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")
