from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

from alma.markdown import render_markdown
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
