"""What a module import needs on the site before it runs, and setting it up.

A fresh database (``migrate`` and nothing else) has no catalogue page to put
modules under and no datasets for their charts. ``missing`` says what is
lacking for the packages being imported; ``set_up`` creates it as
``load_content`` does (``setup_site``, the review workflow, ``load_datasets``),
and ``explain`` names the commands to run when the caller may not set it up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.management import call_command

from contributions.workflows import setup_moderation_workflow
from curriculum.models import CatalogPage
from curriculum.site_setup import setup_site
from datasets.models import Dataset
from datasets.seeds import SEEDS


@dataclass
class Needs:
    catalogues: list[str] = field(default_factory=list)  # languages without a catalogue page
    datasets: list[str] = field(default_factory=list)  # seed datasets drawn by charts and not loaded

    def __bool__(self):
        return bool(self.catalogues or self.datasets)


def missing(modules) -> Needs:
    """What the module packages (``ModulePackage``) need that the site lacks."""
    languages = sorted({language for module in modules for language in module.languages})
    have = set(CatalogPage.objects.filter(locale__language_code__in=languages)
               .values_list("locale__language_code", flat=True))
    drawn = {block.value["dataset"] for module in modules for lesson in module.lessons.values()
             for block in lesson.blocks if block.type == "chart"}
    seeds = {seed["slug"] for seed in SEEDS}
    loaded = set(Dataset.objects.filter(slug__in=drawn).values_list("slug", flat=True))
    return Needs(catalogues=[language for language in languages if language not in have],
                 datasets=sorted((drawn & seeds) - loaded))


def explain(needs: Needs) -> list[str]:
    """One line per need, naming the command that meets it."""
    lines = []
    if needs.catalogues:
        lines.append(f"No catalogue page in {', '.join(needs.catalogues)}: run 'manage.py setup_site' "
                     "(or 'manage.py load_content', which also sets up the review workflow and datasets) first.")
    if needs.datasets:
        lines.append(f"Charts draw the datasets {', '.join(needs.datasets)}, which are not loaded: "
                     "run 'manage.py load_datasets'.")
    return lines


def set_up(needs: Needs, stdout=None) -> list[str]:
    """Create what ``needs`` lists; returns what was done, one line each."""
    done = []
    if needs.catalogues:
        done += [f"created {item}" for item in setup_site()]
        setup_moderation_workflow()
        done.append("review workflow set up")
    if needs.datasets:
        call_command("load_datasets", stdout=stdout, stderr=stdout)
        done.append(f"loaded the seed datasets ({', '.join(needs.datasets)} were missing)")
    return done
