"""Reading QTI 3.0 (and QTI 2.x) items and content packages into ParsedQuestion. Pure.

Accepts a content package (zip with ``imsmanifest.xml``; without one, every
item XML in it), or one item XML file. QTI 2.x items are renamed to their QTI 3
names first (``choiceInteraction`` → ``qti-choice-interaction``, ``maxChoices``
→ ``max-choices``), so one reader serves both. Supported: one choice, text
entry (string → short, float/integer → numeric), match or order interaction per
item; other items are skipped with a warning that names them. Texts are read as
HTML, unless the ALMA sidecar (``alma/<item>.json``) says which source text gave
that exact markup: then the Markdown or plain source comes back unchanged.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile

from lxml import etree

from quizzes import definition as qdef
from quizzes.formats import (MAX_BYTES, MAX_QUESTIONS, OUTCOME_CODE, FormatError, ParsedQuestion, ParseResult,
                             title_from)
from quizzes.formats.qti3.write import CATALOG, CP, CSM, LOM, QTI
from quizzes.formats.qti3.xhtml import digest, inner
from quizzes.html import sanitize_html

QTI2 = {"http://www.imsglobal.org/xsd/imsqti_v2p0", "http://www.imsglobal.org/xsd/imsqti_v2p1",
        "http://www.imsglobal.org/xsd/imsqti_v2p2"}
ITEM_TYPES = {"imsqti_item_xmlv3p0", "imsqti_item_xmlv2p1", "imsqti_item_xmlv2p2", "imsqti_item_xmlv2p0"}
HTML = {"a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "kbd", "li", "object", "ol", "p", "param", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var", "label", "section", "article", "aside", "nav",
        "header", "footer", "audio", "video", "source", "track", "picture", "ruby", "rt", "rp", "bdi", "bdo"}
SUPPORTED = {"qti-choice-interaction", "qti-text-entry-interaction", "qti-match-interaction", "qti-order-interaction"}
MAX_ENTRIES = 5_000
MAX_TOTAL = 100 * 1024 * 1024
DIFFICULTY = {"very easy": 1, "easy": 1, "medium": 2, "difficult": 3, "very difficult": 3}


class _Skip(Exception):
    """An item of a kind ALMA does not hold; skipped with a warning."""


class _Bad(Exception):
    """An item that claims to be supported but is broken."""


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def _xml(data: bytes, where: str):
    try:
        root = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        raise FormatError([(error.lineno or 0, f"{where}: not well-formed XML ({error.msg})")]) from None
    if root.docinfo.doctype:
        raise FormatError([(0, f"{where}: a DOCTYPE is not allowed in a QTI file.")])
    return root.getroot()


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _upgrade(root) -> None:
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


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _float(text, where) -> float:
    try:
        value = float((text or "").strip())
    except ValueError:
        raise _Bad(f"{where}: '{(text or '')[:30]}' is not a number") from None
    if value != value or abs(value) == float("inf"):
        raise _Bad(f"{where}: the number must be finite")
    return value


class _Item:
    def __init__(self, root, sidecar: dict | None, use_sources: bool, warnings: list, where: str):
        self.root, self.sidecar, self.use_sources, self.warnings, self.where = root, sidecar or {}, use_sources, warnings, where
        self.mismatch = False
        self.body = root.find(_q("qti-item-body"))
        self.feedback = {}
        for modal in root.iter(_q("qti-modal-feedback")):
            content = modal.find(_q("qti-content-body"))
            self.feedback[modal.get("identifier", "")] = content if content is not None else modal
        if not use_sources:
            self._drop_package_images()

    def _drop_package_images(self):
        for img in list(self.root.iter(_q("img"))):
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
        for rd in self.root.iter(_q("qti-response-declaration")):
            if rd.get("identifier") == wanted:
                return rd
        raise _Bad(f"{self.where}: no response declaration '{wanted[:40]}'")

    def points(self, default=None) -> float | None:
        for od in self.root.iter(_q("qti-outcome-declaration")):
            if od.get("identifier") == "MAXSCORE":
                value = od.find(f"{_q('qti-default-value')}/{_q('qti-value')}")
                if value is not None:
                    return _float(value.text, self.where)
        return default

    def prompt(self, interaction) -> str:
        if self.body is None:
            return ""
        for div in self.body.iter(_q("div")):
            if div.get("class") == "alma-prompt":
                return self.text("prompt", div)
        body = etree.fromstring(etree.tostring(self.body))
        extra = ""
        for node in list(body.iter(*[_q(n) for n in SUPPORTED])):
            prompt = node.find(_q("qti-prompt"))
            if prompt is not None:
                extra += f"<p>{inner(prompt).strip()}</p>"
            parent, previous = node.getparent(), node.getprevious()
            text = ("_____" if _local(node) == "qti-text-entry-interaction" else "") + (node.tail or "")
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
        rp = self.root.find(_q("qti-response-processing"))
        condition = rp.find(_q("qti-response-condition")) if rp is not None else None
        if condition is None:
            return []
        branches = []
        for branch in condition:
            if _local(branch) not in ("qti-response-if", "qti-response-else-if") or not len(branch):
                continue
            fraction, feedback = None, ""
            for assign in branch.iter(_q("qti-set-outcome-value")):
                if assign.get("identifier") == "SCORE":
                    value = assign.find(f".//{_q('qti-base-value')}")
                    if value is not None:
                        fraction = _float(value.text, self.where)
                elif assign.get("identifier") == "FEEDBACK":
                    value = assign.find(_q("qti-base-value"))
                    feedback = (value.text or "") if value is not None else ""
            branches.append((branch[0], fraction, feedback))
        return branches


def _mapping(rd) -> list[tuple[str, float, bool]]:
    mapping = rd.find(_q("qti-mapping"))
    if mapping is None:
        return []
    return [(e.get("map-key", ""), _float(e.get("mapped-value"), "mapping"), e.get("case-sensitive", "true") == "true")
            for e in mapping.iter(_q("qti-map-entry"))]


def _correct(rd) -> list[str]:
    return [(v.text or "").strip() for v in rd.iterfind(f"{_q('qti-correct-response')}/{_q('qti-value')}")]


def _choice(item: _Item, interaction, rd) -> dict:
    choices = list(interaction.iter(_q("qti-simple-choice")))
    ids = [c.get("identifier", "") for c in choices]
    correct, mapping = _correct(rd), {k: v for k, v, _ in _mapping(rd)}
    single = rd.get("cardinality") == "single"
    d = {"prompt": item.prompt(interaction), "general_feedback": item.general()}
    if single and sorted(ids) == ["FALSE", "TRUE"] and len(correct) == 1:
        right = correct[0]
        wrong = "FALSE" if right == "TRUE" else "TRUE"
        return d | {"type": "truefalse", "answer": right == "TRUE", "feedback_right": item.fb(right),
                    "feedback_wrong": item.fb(wrong)}
    if mapping:
        fractions = [mapping.get(i, 0.0) for i in ids]
    elif single:
        fractions = [1.0 if i in correct else 0.0 for i in ids]
    else:
        right = [i for i in ids if i in correct]
        fractions = [1 / len(right) if i in correct else (-1 / len(right) if right else 0.0) for i in ids]
    top = max(fractions or [0.0])
    if item.points() is None and top > 1:
        d["points"], fractions = top, [f / top for f in fractions]
    d["choices"] = [{"id": item.ident(i), "text": item.text(f"choice:{i}", c, skip={"qti-feedback-inline"}),
                     "fraction": f, "feedback": item.fb(i)} for i, c, f in zip(ids, choices, fractions)]
    d["shuffle"] = interaction.get("shuffle", "false") == "true"
    d["type"] = "single" if single else "multiple"
    return d


def _numeric(item: _Item, interaction, rd) -> dict:
    d = {"type": "numeric", "prompt": item.prompt(interaction), "general_feedback": item.general(), "answers": []}
    for test, fraction, feedback in item.chain():
        answer = {"fraction": 1.0 if fraction is None else fraction, "feedback": item.fb(feedback) if feedback else ""}
        values = [_float(v.text, item.where) for v in test.iter(_q("qti-base-value"))]
        if _local(test) == "qti-equal" and len(values) == 1:
            mode = test.get("tolerance-mode", "exact")
            tolerance = _float((test.get("tolerance") or "0").split()[0], item.where) if mode != "exact" else 0.0
            if mode == "relative":
                tolerance = float(f"{tolerance / 100:.12g}")
            d["answers"].append(answer | {"kind": "exact", "value": values[0], "tolerance": tolerance,
                                          "relative": mode == "relative"})
        elif _local(test) == "qti-and" and len(values) == 2:
            d["answers"].append(answer | {"kind": "range", "min": min(values), "max": max(values)})
        else:
            raise _Skip(f"{item.where}: a numeric condition of the form {_local(test)} is not supported")
    if d["answers"]:
        d["incorrect_feedback"] = item.fb("INCORRECT")
    else:
        d["answers"] = [{"kind": "exact", "value": _float(v, item.where), "tolerance": 0.0, "fraction": 1.0}
                        for v in _correct(rd)[:1]]
    return d


def _short(item: _Item, interaction, rd) -> dict:
    d = {"type": "short", "prompt": item.prompt(interaction), "general_feedback": item.general(), "answers": []}
    branches = item.chain()
    if branches and all(_local(test) == "qti-string-match" for test, _f, _fb in branches):
        for test, fraction, feedback in branches:
            value = test.find(_q("qti-base-value"))
            d["answers"].append({"text": value.text or "" if value is not None else "",
                                 "fraction": 1.0 if fraction is None else fraction,
                                 "feedback": item.fb(feedback) if feedback else ""})
        d["case_sensitive"] = branches[0][0].get("case-sensitive", "true") == "true"
        d["incorrect_feedback"] = item.fb("INCORRECT")
        return d
    entries = _mapping(rd)
    if entries:
        top = max(v for _, v, _ in entries) or 1.0
        d["answers"] = [{"text": k, "fraction": v / top} for k, v, _ in entries if v > 0]
        d["case_sensitive"] = any(case for _, _, case in entries)
    else:
        d["answers"] = [{"text": v, "fraction": 1.0} for v in _correct(rd)]
        d["case_sensitive"] = True
    return d


def _matching(item: _Item, interaction, rd) -> dict:
    sets = list(interaction.iter(_q("qti-simple-match-set")))
    if len(sets) != 2:
        raise _Skip(f"{item.where}: a match interaction needs two match sets")
    lefts = list(sets[0].iter(_q("qti-simple-associable-choice")))
    rights = {c.get("identifier", ""): c for c in sets[1].iter(_q("qti-simple-associable-choice"))}
    pairs = [tuple(v.split()) for v in _correct(rd)] or [tuple(k.split()) for k, v, _ in _mapping(rd) if v > 0]
    target = {}
    for pair in pairs:
        if len(pair) == 2:
            target.setdefault(pair[0], pair[1])
    right_text = {i: item.text(f"right:{i}", c) for i, c in rights.items()}
    d = {"type": "matching", "prompt": item.prompt(interaction), "general_feedback": item.general(), "pairs": []}
    for left in lefts:
        identifier = left.get("identifier", "")
        if target.get(identifier) not in right_text:
            raise _Skip(f"{item.where}: left item {identifier[:40]} has no right answer")
        d["pairs"].append({"id": item.ident(identifier), "left": item.text(f"left:{identifier}", left),
                           "right": right_text[target[identifier]]})
    used = set(target.values())
    d["distractors"] = [text for i, text in right_text.items() if i not in used]
    return d


def _ordering(item: _Item, interaction, rd) -> dict:
    choices = {c.get("identifier", ""): c for c in interaction.iter(_q("qti-simple-choice"))}
    order = [i for i in _correct(rd) if i in choices]
    if len(order) != len(choices):
        raise _Skip(f"{item.where}: the correct order does not name every item")
    return {"type": "ordering", "prompt": item.prompt(interaction), "general_feedback": item.general(),
            "items": [{"id": item.ident(i), "text": item.text(f"item:{i}", choices[i])} for i in order],
            "grading": "all"}


def _definition(item: _Item) -> dict:
    if item.body is None:
        raise _Skip(f"{item.where}: the item has no body")
    found = [e for e in item.body.iter() if _local(e).endswith("-interaction")]
    if len(found) != 1 or _local(found[0]) not in SUPPORTED:
        kinds = ", ".join(sorted({_local(e) for e in found})) or "no interaction"
        raise _Skip(f"{item.where}: {kinds} — ALMA holds items with one choice, text entry, match or order "
                    "interaction; skipped")
    interaction = found[0]
    rd = item.declaration(interaction)
    kind = _local(interaction)
    if kind == "qti-choice-interaction":
        d = _choice(item, interaction, rd)
    elif kind == "qti-text-entry-interaction":
        if rd.get("base-type") in ("float", "integer"):
            d = _numeric(item, interaction, rd)
        elif rd.get("base-type") == "string":
            d = _short(item, interaction, rd)
        else:
            raise _Skip(f"{item.where}: a text entry of base type {rd.get('base-type', '')[:20]} is not supported")
    elif kind == "qti-match-interaction":
        d = _matching(item, interaction, rd)
    else:
        d = _ordering(item, interaction, rd)
    points = item.points()
    if points is not None:
        d["points"] = points
    return d


def read_item(root, sidecar: dict | None, warnings: list, where: str) -> dict:
    """The definition of one item (QTI 3 names); raises _Skip or _Bad."""
    if sidecar and sidecar.get("alma") == 1:
        item = _Item(root, sidecar, True, warnings, where)
        d = _definition(item)
        if not item.mismatch:
            d["format"] = sidecar.get("format", "markdown")
            extra = sidecar.get("extra") or {}
            d.update({k: v for k, v in extra.items() if k in ("fold_accents", "unit", "unit_required", "grading",
                                                              "data", "data_result")})
            return qdef.normalise(d)
        warnings.append((root.sourceline or 0, f"{where}: the item was edited after ALMA wrote it; its texts are "
                                               "read as HTML."))
    item = _Item(root, sidecar, False, warnings, where)
    d = _definition(item)
    d["format"] = "html"
    return qdef.normalise(d)


# -- packages ------------------------------------------------------------------------


class _Package:
    def __init__(self, data: bytes, filename: str):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise FormatError([(0, "This is not a zip file; a QTI package is a zip with imsmanifest.xml.")],
                              filename) from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL:
            raise FormatError([(0, "The package is too large (over 5000 files or 100 MB unpacked).")], filename)
        self.names = {i.filename: i for i in infos if not i.is_dir()}

    def read(self, name: str) -> bytes | None:
        name = posixpath.normpath(name.replace("\\", "/")).lstrip("/")
        info = self.names.get(name)
        if info is None or info.file_size > MAX_BYTES:
            return None
        return self.zip.read(info)


def _text(element, path: str) -> str:
    node = element.find(path)
    return (node.text or "").strip() if node is not None and node.text else ""


def _metadata(resource) -> dict:
    meta = {"outcomes": [], "external_id": "", "difficulty": 2}
    metadata = resource.find(f"{{{CP}}}metadata")
    if metadata is None:
        return meta
    for labelled in metadata.iter(f"{{{CSM}}}labelledGUID"):
        guid, label = _text(labelled, f"{{{CSM}}}GUID"), _text(labelled, f"{{{CSM}}}label")
        code = guid if OUTCOME_CODE.match(guid) else label if OUTCOME_CODE.match(label) else ""
        if code and code not in meta["outcomes"]:
            meta["outcomes"].append(code)
    for identifier in metadata.iterfind(f"{{{LOM}}}lom/{{{LOM}}}general/{{{LOM}}}identifier"):
        if _text(identifier, f"{{{LOM}}}catalog") == CATALOG:
            meta["external_id"] = _text(identifier, f"{{{LOM}}}entry")
    value = _text(metadata, f"{{{LOM}}}lom/{{{LOM}}}educational/{{{LOM}}}difficulty/{{{LOM}}}value")
    meta["difficulty"] = DIFFICULTY.get(value.lower(), 2)
    return meta


def _entries(package: _Package, filename: str) -> list[tuple[str, bytes, dict | None, dict]]:
    """(path, item XML, sidecar, manifest metadata) for every item of the package."""
    manifest_data = package.read("imsmanifest.xml")
    out = []
    if manifest_data is None:
        for name in sorted(package.names):
            if name.lower().endswith(".xml"):
                data = package.read(name)
                if data is not None and (b"assessmentItem" in data[:4000] or b"qti-assessment-item" in data[:4000]):
                    out.append((name, data, None, {}))
        return out
    manifest = _xml(manifest_data, "imsmanifest.xml")
    for resource in manifest.iter():
        if _local(resource) != "resource" or resource.get("type") not in ITEM_TYPES:
            continue
        base = posixpath.dirname(resource.get("href") or "")
        href = resource.get("href") or ""
        data = package.read(href) if href else None
        if data is None:
            raise FormatError([(resource.sourceline or 0, f"imsmanifest.xml: the item {href[:100] or '(no href)'} "
                                                          "is not in the package.")], filename)
        sidecar = None
        for file in resource:
            name = file.get("href") or ""
            if _local(file) == "file" and name.startswith("alma/") and name.endswith(".json"):
                raw = package.read(name) or package.read(posixpath.join(base, name))
                try:
                    sidecar = json.loads(raw) if raw else None
                except ValueError:
                    sidecar = None
        out.append((href, data, sidecar if isinstance(sidecar, dict) else None, _metadata(resource)))
    return out


def parse(data: bytes | str, filename: str = "") -> ParseResult:
    """Every supported item of a QTI package (zip) or item file (XML); FormatError lists every error."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES * 5:
        raise FormatError([(0, "The file is over 50 MB; split the package.")], filename)
    if data[:2] == b"PK":
        entries = _entries(_Package(data, filename), filename)
    else:
        entries = [(filename or "item.xml", data, None, {})]
    questions, warnings, errors = [], [], []
    for path, xml, sidecar, meta in entries[:MAX_QUESTIONS]:
        try:
            root = _xml(xml, path)
        except FormatError as error:
            errors += error.errors
            continue
        namespace = etree.QName(root).namespace
        if namespace in QTI2:
            _upgrade(root)
        elif namespace != QTI or _local(root) != "qti-assessment-item":
            warnings.append((root.sourceline or 0, f"{path}: not a QTI item ({_local(root)[:40]}); skipped."))
            continue
        try:
            d = read_item(root, sidecar, warnings, path)
        except _Skip as skip:
            warnings.append((root.sourceline or 0, str(skip)))
            continue
        except _Bad as bad:
            errors.append((root.sourceline or 0, str(bad)))
            continue
        problems = qdef.validate(d)
        if problems:
            errors += [(root.sourceline or 0, f"{path}: {p}") for p in problems]
            continue
        title = " ".join((root.get("title") or "").split()) or title_from(d["prompt"])
        external_id = meta.get("external_id", "") if sidecar else (root.get("identifier") or "")[:100]
        questions.append(ParsedQuestion(line=root.sourceline or 0, title=title, definition=d,
                                        outcome_codes=list(meta.get("outcomes", [])), external_id=external_id,
                                        difficulty=meta.get("difficulty", 2)))
    if len(entries) > MAX_QUESTIONS:
        errors.append((0, f"The package holds more than {MAX_QUESTIONS} items; split it."))
    if errors:
        raise FormatError(errors, filename)
    if not questions and not warnings:
        raise FormatError([(0, "No QTI item was found.")], filename)
    return ParseResult(questions=questions, warnings=warnings)
