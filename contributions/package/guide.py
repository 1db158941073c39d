"""Reading a lesson's teacher guide, ``lessons/<stem>.teacher.<lang>.md``: Markdown and
``::: directive`` blocks (phase, prior-knowledge, differentiation, material, answer-key,
rubric), checked against its lesson: the phases fill the lesson's minutes, every
material an activity cites is in the guide, every activity has an answer key or a
rubric. Changes when the guide's syntax does (docs/package-format.md, *Teacher guides*)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

from contributions.package import MAX_TEXT_FILE_BYTES, SLUG, Collector
from contributions.package.lesson import HOSTILE, Block, Lesson, parse_lesson_body
from lessons.materials import material_code

GUIDE_SUFFIX = ".teacher"  # lessons/<stem>.teacher.<lang>.md
SECTIONS = ("prior-knowledge", "differentiation")


@dataclass
class Guide:
    stem: str
    language: str
    path: Path
    blocks: list[Block]

    def of_type(self, kind: str) -> list[Block]:
        return [block for block in self.blocks if block.type == kind]


def guide_path(lesson_dir: Path, stem: str, language: str) -> Path:
    return lesson_dir / f"{stem}{GUIDE_SUFFIX}.{language}.md"


def _directive(name, args, body, line, path, c: Collector, known) -> Block | None:
    text = "\n".join(body).strip()
    if name in SECTIONS:
        if not text:
            c.add(path, gettext("'%(name)s' has no text") % {"name": name}, gettext("write it between the ::: lines"), line)
        return Block(name.replace("-", "_"), text, line)
    head, _, rest = args.partition(" ")
    if name == "phase":
        if not head.isdigit() or not 1 <= int(head) <= 600 or not rest.strip():
            c.add(path, gettext("phase '%(args)s' needs minutes and a title") % {"args": args},
                  gettext("write '::: phase 10 Title'"), line)
            return None
        return Block("phase", {"minutes": int(head), "title": rest.strip(), "text": text}, line)
    if name == "material":
        if not SLUG.match(head) or not rest.strip():
            c.add(path, gettext("material '%(args)s' needs a lowercase code and a title") % {"args": args},
                  gettext("write '::: material role-cards Role cards'"), line)
            return None
        return Block("material", {"code": head, "title": rest.strip(), "text": text}, line)
    if name in ("answer-key", "rubric"):
        if not args.strip():
            c.add(path, gettext("'%(name)s' does not name its activity") % {"name": name},
                  gettext("write '::: %(name)s' and the activity's title") % {"name": name}, line)
            return None
        return Block(name.replace("-", "_"), {"activity": args.strip(), "text": text}, line)
    c.add(path, gettext("unknown directive '%(name)s' in a teacher guide") % {"name": name},
          gettext("use phase, prior-knowledge, differentiation, material, answer-key or rubric"), line)
    return None


def read_guide(path: Path, stem: str, language: str, c: Collector) -> Guide | None:
    if path.stat().st_size > MAX_TEXT_FILE_BYTES:
        c.add(path, gettext("teacher guide is larger than 2 MB"), gettext("move long materials into separate lessons"))
        return None
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    except UnicodeDecodeError:
        c.add(path, gettext("teacher guide is not UTF-8 text"), gettext("save it as UTF-8"))
        return None
    for number, row in enumerate(text.split("\n"), start=1):
        if HOSTILE.search(row):
            c.add(path, gettext("script or 'javascript:' link in the teacher guide; it would never run and is refused"),
                  gettext("remove it; link only to http(s) addresses"), number)
    blocks = parse_lesson_body(text, 1, str(path.relative_to(c.root)), c, None, directive=_directive)
    return Guide(stem, language, path, blocks)


def check_guide(lesson: Lesson, guide: Guide | None, c: Collector):
    """The lesson's cited materials are in its guide; the guide fits the lesson."""
    codes = {block.value["code"] for block in guide.of_type("material")} if guide else set()
    activities = [block for block in lesson.blocks if block.type == "activity"]
    for activity in activities:
        for item, line in zip(activity.value["materials"], activity.item_lines):
            code = material_code(item)
            if code and code not in codes:
                c.add(lesson.path, gettext("the activity '%(activity)s' cites the material '%(code)s', which is not in %(guide)s")
                      % {"activity": activity.value["title"], "code": code,
                         "guide": guide_path(Path("lessons"), lesson.stem, lesson.language)},
                      gettext("add '::: material %(code)s Title' to the teacher guide, or correct the code") % {"code": code}, line)
    if guide is None:
        return
    phases = guide.of_type("phase")
    total = sum(block.value["minutes"] for block in phases)
    if total != lesson.minutes:
        c.add(guide.path, gettext("the phases add up to %(total)s minutes, the lesson lasts %(minutes)s")
              % {"total": total, "minutes": lesson.minutes},
              gettext("make the '::: phase MINUTES' blocks add up to the lesson's minutes"), phases[0].line if phases else 1)
    seen = set()
    for block in guide.of_type("material"):
        if block.value["code"] in seen:
            c.add(guide.path, gettext("material '%(code)s' is written twice") % {"code": block.value["code"]},
                  gettext("give each material its own code"), block.line)
        seen.add(block.value["code"])
    titles = {activity.value["title"] for activity in activities}
    keyed = set()
    for block in guide.of_type("answer_key") + guide.of_type("rubric"):
        if block.value["activity"] not in titles:
            c.add(guide.path, gettext("no activity of the lesson is titled '%(title)s'") % {"title": block.value["activity"]},
                  gettext("use the activity's title exactly as the lesson writes it"), block.line)
        keyed.add(block.value["activity"])
    for activity in activities:
        if activity.value["title"] not in keyed:
            c.add(guide.path, gettext("the activity '%(title)s' has no answer key and no rubric") % {"title": activity.value["title"]},
                  gettext("add '::: answer-key %(title)s' or '::: rubric %(title)s'") % {"title": activity.value["title"]})
    if not guide.of_type("differentiation"):
        c.add(guide.path, gettext("the teacher guide has no '::: differentiation' section"),
              gettext("say how to adapt the lesson for mixed ability and for learners with disabilities"))
