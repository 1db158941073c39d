"""StreamField blocks of a lesson. Each renders through its own template in
templates/lessons/blocks/, so the markup of a callout or an activity card lives
in one place.

Each block has a ``preview_value`` (a callable, so it is written in the editor's
language) so the block picker previews it with the site's own styles
(templates/wagtailcore/shared/block_preview.html). The chart previews the seed
dataset of USGS Mineral Commodity Summaries 2025 (datasets/blocks.py), real
figures with their source. Previews are set in each block's Meta: given as
keywords they would be written into the migrations. Rich text (Wagtail's own
class), image, video, diagram, glossary and quiz blocks have no preview: their value is a
chosen object or an external page, which a preview cannot assume.
"""

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from alma.markdown import render_markdown
from datasets.blocks import ChartBlock
from lessons.diagrams import check_svg, label_keys, render_svg
from lessons.materials import material_label
from quizzes.blocks import QuizBlock


def markdown_preview():
    return gettext("Lithium is extracted from **brine** in the salt flats of Argentina, Bolivia and Chile.")


def callout_preview():
    return {"kind": "safety", "title": gettext("Safety"),
            "text": gettext("Wear a helmet, safety glasses and boots whenever you enter the plant.")}


def activity_preview():
    return {"title": gettext("Sort the rock samples"), "duration_minutes": 20,
            "materials": [gettext("Rock samples"), gettext("A magnifying glass")],
            "steps": [gettext("Look at each sample with the magnifying glass."),
                      gettext("Group the samples by colour and lustre, and say why.")]}


class MarkdownBlock(blocks.TextBlock):
    """Markdown source, rendered by the shared safe renderer."""

    def render_basic(self, value, context=None):
        return render_markdown(value)

    class Meta:
        icon = "code"
        label = _("Markdown")
        preview_value = staticmethod(markdown_preview)  # in Meta, not a keyword: keywords would go into migrations
        template = "lessons/blocks/markdown.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(label=_("text alternative"), max_length=250,
                                help_text=_("What the image shows, for people who cannot see it."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "lessons/blocks/image.html"


class DiagramLabelBlock(blocks.StructBlock):
    key = blocks.CharBlock(label=_("key"), max_length=60)
    text = blocks.CharBlock(label=_("text"), max_length=200)


class DiagramBlock(blocks.StructBlock):
    """A drawing of the curriculum (lessons/diagrams.py), shown inline with its
    labels in the page's language, a caption and a text equivalent."""

    name = blocks.CharBlock(label=_("name"), max_length=80, help_text=_("The drawing's file name in its package, without .svg."))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    alt = blocks.CharBlock(label=_("text alternative"), max_length=500,
                           help_text=_("What the drawing shows, for people who cannot see it."))
    text = MarkdownBlock(label=_("text equivalent"), help_text=_("Everything the drawing says, in words."))
    source = blocks.CharBlock(label=_("source"), required=False, max_length=300)
    svg = blocks.TextBlock(label=_("drawing (SVG)"), help_text=_("Shapes, paths and text; labels as {{label-key}}."))
    labels = blocks.ListBlock(DiagramLabelBlock(), label=_("labels"), default=[])

    def clean(self, value):
        value = super().clean(value)
        problems = [f"{line}: {message}" if line else message for line, message in check_svg(value["svg"])]
        given = {label["key"] for label in value["labels"]}
        problems += [gettext("no text for the label '%(key)s'") % {"key": key} for key in label_keys(value["svg"]) if key not in given]
        if problems:
            raise blocks.StructBlockValidationError(block_errors={"svg": ValidationError(problems)})
        return value

    def get_searchable_content(self, value):
        # The words a learner reads, never the drawing's markup.
        return [value["title"], value["alt"], value["text"], *(label["text"] for label in value["labels"])]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        try:
            context["drawing"] = mark_safe(render_svg(value["svg"], {label["key"]: label["text"] for label in value["labels"]},
                                                      value["title"], value["alt"], f"dg-{value['name']}"))
        except ValueError:
            context["drawing"] = ""  # refused by check_svg: the caption and text equivalent still show
        return context

    class Meta:
        icon = "image"
        label = _("Diagram")
        template = "lessons/blocks/diagram.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video URL"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "lessons/blocks/video.html"


class CalloutBlock(blocks.StructBlock):
    KINDS = [
        ("key-idea", _("Key idea")),
        ("safety", _("Safety")),
        ("did-you-know", _("Did you know?")),
    ]
    kind = blocks.ChoiceBlock(choices=KINDS, default="key-idea", label=_("kind"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = MarkdownBlock(label=_("text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        preview_value = staticmethod(callout_preview)  # a function in Meta would bind as a method
        template = "lessons/blocks/callout.html"


class GlossaryTermBlock(blocks.StructBlock):
    term = SnippetChooserBlock("lessons.GlossaryTerm", label=_("term"))

    class Meta:
        icon = "help"
        label = _("Glossary term")
        template = "lessons/blocks/glossary_term.html"


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=160)
    duration_minutes = blocks.IntegerBlock(label=_("duration (minutes)"), min_value=1, max_value=600)
    materials = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("materials"), default=[])
    steps = blocks.ListBlock(MarkdownBlock(), label=_("steps"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["material_labels"] = [material_label(item) for item in value["materials"]]
        return context

    class Meta:
        icon = "group"
        label = _("Classroom activity")
        preview_value = staticmethod(activity_preview)
        template = "lessons/blocks/activity.html"


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("caption"), max_length=300)
    source = blocks.CharBlock(label=_("source"), required=False, max_length=500)
    table = TypedTableBlock(
        [("text", blocks.CharBlock()), ("number", blocks.DecimalBlock()), ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link"]))],
        label=_("table"),
    )

    class Meta:
        icon = "table"
        label = _("Table")
        template = "lessons/blocks/table.html"


class LessonStreamBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(label=_("Rich text"), template="lessons/blocks/rich_text.html")
    markdown = MarkdownBlock()
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    glossary_term = GlossaryTermBlock()
    activity = ActivityBlock()
    table = TableBlock()
    quiz = QuizBlock()
    chart = ChartBlock()
    diagram = DiagramBlock()


class PhaseBlock(blocks.StructBlock):
    minutes = blocks.IntegerBlock(label=_("minutes"), min_value=1, max_value=600)
    title = blocks.CharBlock(label=_("title"), max_length=160)
    text = MarkdownBlock(label=_("what happens"), required=False)

    class Meta:
        icon = "time"
        label = _("Lesson phase")


class MaterialBlock(blocks.StructBlock):
    code = blocks.RegexBlock(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", label=_("code"), max_length=60,
                             help_text=_("Activities cite it as {material: code} in their materials."))
    title = blocks.CharBlock(label=_("title"), max_length=160)
    text = MarkdownBlock(label=_("printable text"))

    class Meta:
        icon = "doc-full"
        label = _("Printable material")


class ActivityKeyBlock(blocks.StructBlock):
    activity = blocks.CharBlock(label=_("activity title"), max_length=160)
    text = MarkdownBlock(label=_("text"))

    class Meta:
        icon = "tick"


class TeacherGuideStreamBlock(blocks.StreamBlock):
    """A lesson's teacher guide (docs/package-format.md, *Teacher guides*): shown only to
    teachers, editors and staff (teachers/guide_views.py), never in the lesson itself."""

    markdown = MarkdownBlock(label=_("Notes"))
    phase = PhaseBlock()
    prior_knowledge = MarkdownBlock(label=_("Prior knowledge"))
    differentiation = MarkdownBlock(label=_("Differentiation"))
    material = MaterialBlock()
    answer_key = ActivityKeyBlock(label=_("Answer key"))
    rubric = ActivityKeyBlock(label=_("Rubric"))
