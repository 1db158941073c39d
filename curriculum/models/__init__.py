"""The curriculum framework (snippets) and the pages that organise modules, one module each."""

from curriculum.models.framework import (
    BloomVerb,
    FrameworkEntry,
    LearningOutcome,
    Level,
    Licence,
    Mineral,
    Theme,
)
from curriculum.models.national import NationalCurriculum, NationalStandard, OutcomeAlignment, Relation
from curriculum.models.pages import (
    LEVEL_ORDER,
    CatalogFilterError,
    CatalogPage,
    HomePage,
    ModuleAuthor,
    ModulePage,
    ModulePageQuerySet,
    ReviewedWithModule,
    TrackModule,
    TrackPage,
)
from curriculum.models.site import SiteChoices

__all__ = [
    "BloomVerb", "CatalogFilterError", "CatalogPage", "FrameworkEntry", "HomePage", "LEVEL_ORDER", "LearningOutcome",
    "Level", "Licence", "Mineral", "ModuleAuthor", "NationalCurriculum", "NationalStandard", "OutcomeAlignment", "Relation", "ModulePage", "ModulePageQuerySet", "ReviewedWithModule", "SiteChoices", "Theme",
    "TrackModule", "TrackPage",
]
