"""A module as an IMS Common Cartridge 1.3 (``.imscc``).

The manifest follows the CC 1.3 CP profile (``ccv1p3_imscp_v1p2_v1p0.xsd``):
LOM manifest metadata (title, summary, language, licence), one organisation
(the module, its lessons in order, then its quiz), each lesson a ``webcontent``
HTML page, and the module quiz twice: in the CC profile of QTI 1.2.1
(``quiz/assessment_qti.xml``, what LMS importers read; ``contributions.cc_qti``)
and, every question losslessly, as a QTI 3.0 package (``quiz/qti3/``) in an
``associatedcontent`` resource the first depends on. Every lesson and the
quiz carry their learning outcomes as curriculum standards metadata
(``csmd:curriculumStandardsMetadataSet``, one ``labelledGUID`` per outcome code).
Images are linked to the site, not packed.
"""

from __future__ import annotations

import io
import zipfile

from django.utils import translation
from django.utils.html import escape
from lxml import etree

from alma.markdown import render_markdown
from contributions.cc_qti import assessment
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.formats import qti3
from quizzes.importing import export_questions
from quizzes.models import QuizPage
from quizzes.qti import quiz_questions

CC = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
LOMR = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"
CSMD = "http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p3/"
SCHEMA_LOCATIONS = {
    CC: PROFILE + "ccv1p3_imscp_v1p2_v1p0.xsd",
    LOMM: PROFILE + "LOM/ccv1p3_lommanifest_v1p0.xsd",
    LOMR: PROFILE + "LOM/ccv1p3_lomresource_v1p0.xsd",
    CSMD: PROFILE + "ccv1p3_imscsmd_v1p0.xsd",
}
PROVIDER = "ALMA Aula"


def _sub(parent, ns: str, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _outcomes(parent, codes) -> None:
    codes = sorted(set(codes))
    if not codes:
        return
    metadata = _sub(parent, CC, "metadata")
    standards = _sub(_sub(metadata, CSMD, "curriculumStandardsMetadataSet"), CSMD, "curriculumStandardsMetadata",
                     providerId=PROVIDER)
    guids = _sub(standards, CSMD, "setOfGUIDs")
    for code in codes:
        labelled = _sub(guids, CSMD, "labelledGUID")
        _sub(labelled, CSMD, "label", code)
        _sub(labelled, CSMD, "GUID", code)


def _block_html(block, lesson, n: int, total: int) -> str:
    """A block as the lesson page shows it (its template, in the page's loop), else its text."""
    loop = {"counter": n, "counter0": n - 1, "first": n == 1, "last": n == total}
    try:
        return str(block.render(context={"page": lesson, "forloop": loop}))
    except Exception:  # a block whose template needs a request  # noqa: BLE001
        if block.block_type == "markdown":
            return str(render_markdown(str(block.value)))
        return ""


def _lesson_html(lesson: LessonPage, language: str) -> bytes:
    blocks = list(lesson.body)
    with translation.override(language):
        body = "\n".join(_block_html(block, lesson, n, len(blocks)) for n, block in enumerate(blocks, 1))
    return (f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head><meta charset="utf-8">'
            f"<title>{escape(lesson.title)}</title></head>\n<body>\n<h1>{escape(lesson.title)}</h1>\n"
            f"{body}\n</body>\n</html>\n").encode()


def cartridge_files(module: ModulePage) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the cartridge (``imsmanifest.xml`` first) and what was left out."""
    language = module.locale.language_code
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    manifest = etree.Element(f"{{{CC}}}manifest", nsmap={None: CC, "lomimscc": LOMM, "lom": LOMR, "csmd": CSMD,
                                                         "xsi": XSI}, identifier=f"ALMA-MODULE-{module.pk}")
    manifest.set(f"{{{XSI}}}schemaLocation", " ".join(f"{ns} {url}" for ns, url in SCHEMA_LOCATIONS.items()))
    metadata = _sub(manifest, CC, "metadata")
    _sub(metadata, CC, "schema", "IMS Common Cartridge")
    _sub(metadata, CC, "schemaversion", "1.3.0")
    lom = _sub(metadata, LOMM, "lom")
    general = _sub(lom, LOMM, "general")
    _sub(_sub(general, LOMM, "title"), LOMM, "string", module.title, language=language)
    _sub(general, LOMM, "language", language)
    if module.summary:
        _sub(_sub(general, LOMM, "description"), LOMM, "string", module.summary, language=language)
    rights = _sub(lom, LOMM, "rights")
    _sub(_sub(rights, LOMM, "copyrightAndOtherRestrictions"), LOMM, "value", "yes")
    _sub(_sub(rights, LOMM, "description"), LOMM, "string", module.get_licence_display(), language=language)

    organization = _sub(_sub(manifest, CC, "organizations"), CC, "organization", identifier="ORG-1",
                        structure="rooted-hierarchy")
    root = _sub(organization, CC, "item", identifier="LearningModules")
    module_item = _sub(root, CC, "item", identifier="MODULE")
    _sub(module_item, CC, "title", module.title)
    resources = _sub(manifest, CC, "resources")

    lessons = LessonPage.objects.child_of(module).specific().order_by("path")
    for n, lesson in enumerate(lessons, 1):
        href = f"lessons/{n:02d}-{lesson.slug}.html"
        files[href] = _lesson_html(lesson, language)
        item = _sub(module_item, CC, "item", identifier=f"ITEM-L{n:02d}", identifierref=f"RES-L{n:02d}")
        _sub(item, CC, "title", lesson.title)
        resource = _sub(resources, CC, "resource", identifier=f"RES-L{n:02d}", type="webcontent", href=href)
        _outcomes(resource, lesson.outcomes.values_list("code", flat=True))
        _sub(resource, CC, "file", href=href)

    # The pre-test draws its questions at random from the bank: it has no fixed questions to export.
    for n, quiz in enumerate(QuizPage.objects.child_of(module).exclude(pk=module.pre_test_id).order_by("path"), 1):
        questions = quiz_questions(quiz)
        if not questions.exists():
            warnings.append(f"quiz '{quiz.title}' asks no question; left out")
            continue
        folder = "quiz" if n == 1 else f"quiz-{n}"
        parsed = export_questions(questions)
        codes = questions.values_list("outcomes__code", flat=True).exclude(outcomes__code=None)
        item = _sub(module_item, CC, "item", identifier=f"ITEM-Q{n}", identifierref=f"RES-Q{n}")
        _sub(item, CC, "title", quiz.title)
        # what CC 1.3 importers read: the CC profile of QTI 1.2.1
        xml, left_out = assessment(parsed, title=quiz.title, language=language)
        warnings += left_out
        files[f"{folder}/assessment_qti.xml"] = xml
        resource = _sub(resources, CC, "resource", identifier=f"RES-Q{n}", type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment")
        _outcomes(resource, codes)
        _sub(resource, CC, "file", href=f"{folder}/assessment_qti.xml")
        _sub(resource, CC, "dependency", identifierref=f"RES-Q{n}-QTI3")
        # every question, losslessly: the QTI 3.0 package
        warnings += [f"question '{q.title}' ({q.definition['type']}) has no QTI 3.0 item here; left out of the QTI 3.0 package"
                     for q in qti3.left_out(parsed)]
        quiz_files = qti3.package_files(parsed, language=language, title=quiz.title)
        resource = _sub(resources, CC, "resource", identifier=f"RES-Q{n}-QTI3",
                        type="associatedcontent/imscc_xmlv1p3/learning-application-resource",
                        href=f"{folder}/qti3/imsmanifest.xml")
        _outcomes(resource, codes)
        for name in sorted(quiz_files, key=lambda name: (name != "imsmanifest.xml", name)):
            files[f"{folder}/qti3/{name}"] = quiz_files[name]
            _sub(resource, CC, "file", href=f"{folder}/qti3/{name}")
    out = {"imsmanifest.xml": etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True)}
    out.update(files)
    return out, warnings


def cartridge_bytes(module: ModulePage) -> tuple[bytes, list[str]]:
    files, warnings = cartridge_files(module)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue(), warnings
