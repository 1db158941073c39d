from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.models import Institution
from curriculum.models import LearningOutcome, Mineral, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "code"]


class MineralViewSet(SnippetViewSet):
    model = Mineral
    icon = "pick"
    list_display = ["name", "symbol", "code", "is_critical", "locale"]
    list_filter = ["locale", "is_critical"]
    search_fields = ["name", "code", "symbol"]


class LearningOutcomeViewSet(SnippetViewSet):
    model = LearningOutcome
    icon = "success"
    list_display = ["code", "statement", "level", "locale"]
    list_filter = ["locale", "level", "bloom_verb", "themes", "minerals"]
    search_fields = ["code", "statement"]


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "site"
    list_display = ["name", "kind", "country", "region"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "region"]


class FrameworkGroup(SnippetViewSetGroup):
    menu_label = _("Curriculum framework")
    menu_icon = "list-ul"
    menu_order = 200
    items = (LearningOutcomeViewSet, ThemeViewSet, MineralViewSet, InstitutionViewSet)


register_snippet(FrameworkGroup)
