"""Reading one QTI item: XML parsed safely, QTI 2.x renamed to QTI 3, texts and feedback found. Pure."""

from __future__ import annotations

import re

from lxml import etree

from quizzes.formats import FormatError
from quizzes.formats.qti3.write import QTI
from quizzes.formats.qti3.xhtml import digest, inner
from quizzes.html import sanitize_html

QTI2 = {"http://www.imsglobal.org/xsd/imsqti_v2p0", "http://www.imsglobal.org/xsd/imsqti_v2p1",
        "http://www.imsglobal.org/xsd/imsqti_v2p2"}
HTML = {"a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "kbd", "li", "object", "ol", "p", "param", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var", "label", "section", "article", "aside", "nav",
        "header", "footer", "audio", "video", "source", "track", "picture", "ruby", "rt", "rp", "bdi", "bdo"}
SUPPORTED = {"qti-choice-interaction", "qti-text-entry-interaction", "qti-match-interaction", "qti-order-interaction"}


class Skip(Exception):
    """An item of a kind ALMA does not hold; skipped with a warning."""


class Bad(Exception):
    """An item that claims to be supported but is broken."""


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, where: str):
    try:
        root = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        raise FormatError([(error.lineno or 0, f"{where}: not well-formed XML ({error.msg})")]) from None
    if root.docinfo.doctype:
        raise FormatError([(0, f"{where}: a DOCTYPE is not allowed in a QTI file.")])
    return root.getroot()


def local_name(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def upgrade(root) -> None:
    """Rename a QTI 2.x tree to QTI 3 names in place."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element)
        if name.namespace not in QTI2:
            continue
        local = name.localname
        if local not in HTML:
            local = "qti-" + re.sub(r"(?<!^)([A-Z])", r"-\1", local).lower()
        element.tag = f"{{{QTI}}}{local}"
        for key in [k for k in element.attrib if "{" not in k and k != k.lower()]:
            element.set(re.sub(r"([A-Z])", r"-\1", key).lower(), element.attrib.pop(key))


def qname(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def number(text, where) -> float:
    try:
        value = float((text or "").strip())
    except ValueError:
        raise Bad(f"{where}: '{(text or '')[:30]}' is not a number") from None
    if value != value or abs(value) == float("inf"):
        raise Bad(f"{where}: the number must be finite")
    return value


class ItemReader:
    def __init__(self, root, sidecar: dict | None, use_sources: bool, warnings: list, where: str):
        self.root, self.sidecar, self.use_sources, self.warnings, self.where = root, sidecar or {}, use_sources, warnings, where
        self.mismatch = False
        self.body = root.find(qname("qti-item-body"))
        self.feedback = {}
        for modal in root.iter(qname("qti-modal-feedback")):
            content = modal.find(qname("qti-content-body"))
            self.feedback[modal.get("identifier", "")] = content if content is not None else modal
        if not use_sources:
            self._drop_package_images()

    def _drop_package_images(self):
        for img in list(self.root.iter(qname("img"))):
            src = img.get("src", "")
            if src.startswith("/"):
                continue
            self.warnings.append((img.sourceline or 0, f"{self.where}: the image {src[:100]} is not imported; "
                                                       "its text alternative is kept in its place."))
            alt = f"[{img.get('alt', '')}]" if img.get("alt") else ""
            parent, previous = img.getparent(), img.getprevious()
            text = alt + (img.tail or "")
            if previous is not None:
                previous.tail = (previous.tail or "") + text
            else:
                parent.text = (parent.text or "") + text
            parent.remove(img)

    def text(self, slot: str, container, skip=()) -> str:
        if container is None:
            return ""
        markup = inner(container, skip).strip()
        if self.use_sources:
            known = (self.sidecar.get("texts") or {}).get(slot)
            if known and known.get("digest") == digest(markup):
                return known.get("source", "")
            if markup:
                self.mismatch = True
        return sanitize_html(markup, local_images_only=False) if markup else ""

    def ident(self, identifier: str) -> str:
        ids = self.sidecar.get("ids") or {}
        return ids.get(identifier) or identifier

    def fb(self, identifier: str) -> str:
        return self.text(f"fb:{identifier}", self.feedback.get(identifier))

    def declaration(self, interaction):
        wanted = interaction.get("response-identifier", "RESPONSE")
        for rd in self.root.iter(qname("qti-response-declaration")):
            if rd.get("identifier") == wanted:
                return rd
        raise Bad(f"{self.where}: no response declaration '{wanted[:40]}'")

    def points(self, default=None) -> float | None:
        for od in self.root.iter(qname("qti-outcome-declaration")):
            if od.get("identifier") == "MAXSCORE":
                value = od.find(f"{qname('qti-default-value')}/{qname('qti-value')}")
                if value is not None:
                    return number(value.text, self.where)
        return default

    def prompt(self, interaction) -> str:
        if self.body is None:
            return ""
        for div in self.body.iter(qname("div")):
            if div.get("class") == "alma-prompt":
                return self.text("prompt", div)
        body = etree.fromstring(etree.tostring(self.body))
        extra = ""
        for node in list(body.iter(*[qname(n) for n in SUPPORTED])):
            prompt = node.find(qname("qti-prompt"))
            if prompt is not None:
                extra += f"<p>{inner(prompt).strip()}</p>"
            parent, previous = node.getparent(), node.getprevious()
            text = ("_____" if local_name(node) == "qti-text-entry-interaction" else "") + (node.tail or "")
            if previous is not None:
                previous.tail = (previous.tail or "") + text
            else:
                parent.text = (parent.text or "") + text
            parent.remove(node)
        markup = (inner(body).strip() + extra).strip()
        if self.use_sources and markup:
            self.mismatch = True
        return sanitize_html(markup, local_images_only=False)

    def general(self) -> str:
        return self.text("fb:GENERAL", self.feedback.get("GENERAL"))

    # -- response processing written as a chain of conditions -------------------------

    def chain(self) -> list[tuple[object, float | None, str]]:
        """(test, fraction, feedback id) per branch of the first response condition; [] when none."""
        rp = self.root.find(qname("qti-response-processing"))
        condition = rp.find(qname("qti-response-condition")) if rp is not None else None
        if condition is None:
            return []
        branches = []
        for branch in condition:
            if local_name(branch) not in ("qti-response-if", "qti-response-else-if") or not len(branch):
                continue
            fraction, feedback = None, ""
            for assign in branch.iter(qname("qti-set-outcome-value")):
                if assign.get("identifier") == "SCORE":
                    value = assign.find(f".//{qname('qti-base-value')}")
                    if value is not None:
                        fraction = number(value.text, self.where)
                elif assign.get("identifier") == "FEEDBACK":
                    value = assign.find(qname("qti-base-value"))
                    feedback = (value.text or "") if value is not None else ""
            branches.append((branch[0], fraction, feedback))
        return branches
