from django import template
from django.utils.html import escape, linebreaks
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from alma.markdown import render_markdown
from quizzes.definition.cloze import PLACEHOLDER as CLOZE_PLACEHOLDER
from quizzes.html import sanitize_html

register = template.Library()


@register.filter
def quiz_text(text, fmt="markdown"):
    """A question's text in its format: Markdown (the shared renderer), sanitised HTML, or plain text."""
    if fmt == "html":
        return mark_safe(sanitize_html(text))
    if fmt == "plain":
        return mark_safe(linebreaks(escape(text or "")))
    return render_markdown(text or "")


@register.filter
def quiz_inline(text, fmt="markdown"):
    """A short text (a choice, an item) without the wrapping paragraph."""
    html = str(quiz_text(text, fmt)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)


@register.filter
def percent(value):
    try:
        return f"{float(value) * 100:.0f} %"
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def cloze_prompt(view, name, answer=None, disabled=False, paper=False, locked=False):
    """A cloze question's text with a labelled form control in each gap (``<name>-g<n>``), or, on
    ``paper``, a numbered blank (and the choices of a choice gap)."""
    fmt = view.get("format", "markdown")
    html = str(quiz_text(view.get("prompt", ""), fmt))
    answer = answer if isinstance(answer, dict) else {}
    gaps = {g["n"]: g for g in view.get("gaps", [])}

    def put(match):
        gap = gaps.get(int(match.group(1)))
        if gap is None:
            return ""
        given = answer.get(str(gap["n"]))
        return render_to_string("quizzes/cloze_gap.html", {
            "gap": gap, "id": f"{name}-g{gap['n']}", "given": given, "paper": paper, "disabled": bool(disabled or locked), "fmt": fmt,
            "given_list": given if isinstance(given, list) else [given]})

    return mark_safe(CLOZE_PLACEHOLDER.sub(put, html))


@register.filter
def cloze_blanks(html):
    """A rendered cloze text with each gap's place shown as a numbered blank (where no controls are wanted)."""
    return mark_safe(CLOZE_PLACEHOLDER.sub(lambda m: f'<span class="cloze-paper">({m.group(1)}) ____</span>', str(html)))
