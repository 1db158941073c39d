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
import zipfile

from lxml import etree

from quizzes import definition as qdef
from quizzes.formats import MAX_BYTES, MAX_QUESTIONS, OUTCOME_CODE, FormatError, ParsedQuestion, ParseResult, title_from
from quizzes.formats.qti3.interactions import read_item
from quizzes.formats.qti3.item import QTI2, Bad, Skip, local_name, parse_xml, upgrade
from quizzes.formats.qti3.write import CATALOG, CP, CSM, LOM, QTI

ITEM_TYPES = {"imsqti_item_xmlv3p0", "imsqti_item_xmlv2p1", "imsqti_item_xmlv2p2", "imsqti_item_xmlv2p0"}
MAX_ENTRIES = 5_000
MAX_TOTAL = 100 * 1024 * 1024
DIFFICULTY = {"very easy": 1, "easy": 1, "medium": 2, "difficult": 3, "very difficult": 3}

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
    manifest = parse_xml(manifest_data, "imsmanifest.xml")
    for resource in manifest.iter():
        if local_name(resource) != "resource" or resource.get("type") not in ITEM_TYPES:
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
            if local_name(file) == "file" and name.startswith("alma/") and name.endswith(".json"):
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
            root = parse_xml(xml, path)
        except FormatError as error:
            errors += error.errors
            continue
        namespace = etree.QName(root).namespace
        if namespace in QTI2:
            upgrade(root)
        elif namespace != QTI or local_name(root) != "qti-assessment-item":
            warnings.append((root.sourceline or 0, f"{path}: not a QTI item ({local_name(root)[:40]}); skipped."))
            continue
        try:
            d = read_item(root, sidecar, warnings, path)
        except Skip as skip:
            warnings.append((root.sourceline or 0, str(skip)))
            continue
        except Bad as bad:
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
