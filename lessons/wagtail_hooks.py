from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lessons.models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    list_display = ["term", "code", "locale"]
    list_filter = ["locale"]
    search_fields = ["term", "code", "definition"]
    menu_order = 210
    add_to_admin_menu = True


register_snippet(GlossaryTermViewSet)
