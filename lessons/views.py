from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale

from lessons.models import LessonPage


def search(request):
    """Full-text search across live lessons in the active language."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        lessons = LessonPage.objects.live().public().filter(locale=Locale.get_active())
        results = Paginator(lessons.search(query), 20).get_page(request.GET.get("page"))
    return TemplateResponse(request, "lessons/search.html", {"query": query, "results": results})
