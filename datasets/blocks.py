"""The dataset chart block used in lessons."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from datasets.charts import KINDS, ChartError, render_svg, select
from datasets.models import Dataset


def chart_for(value: dict) -> dict:
    """SVG and table of a chart block value, cached per dataset version and language."""
    dataset = Dataset.objects.filter(slug=value.get("dataset")).first()
    if dataset is None or not dataset.table:
        return {"error": _("The dataset '%(slug)s' is not available.") % {"slug": value.get("dataset")}}
    params = [value.get(k) or "" for k in ("kind", "x", "y", "series", "where", "title")]
    key = "chart:" + hashlib.sha256(repr((dataset.slug, dataset.updated.isoformat(), params, translation.get_language())).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        with dataset.open_h5() as h5:
            data = select(h5[dataset.table["group"]], kind=value.get("kind") or "bar", x=value["x"], y=value["y"],
                          series=value.get("series") or "", where=value.get("where") or "")
    except (ChartError, KeyError, OSError) as error:
        result = {"error": str(error), "dataset": dataset}
    else:
        header, rows = data.table()
        result = {"svg": render_svg(data, value.get("title") or "", uid="chart-" + key[6:16]), "header": header, "rows": rows,
                  "dataset": dataset, "uid": "chart-" + key[6:16]}
    cache.set(key, result, 3600)
    return result


def chart_preview():
    return {"dataset": "usgs-mcs2025-minerals", "kind": "bar", "x": "country", "y": "production",
            "where": "commodity = copper; year = 2024; latam_caribbean = yes; "
                     "measure = mine production, recoverable copper content",
            "title": gettext("Copper mine production in Latin America and the Caribbean, 2024"),
            "caption": "U.S. Geological Survey, Mineral Commodity Summaries 2025"}


class ChartBlock(blocks.StructBlock):
    dataset = blocks.CharBlock(label=_("dataset"), max_length=100, help_text=_("The slug of a dataset, e.g. usgs-mcs2025-minerals."))
    kind = blocks.ChoiceBlock(choices=[(k, k) for k in KINDS], default="bar", label=_("chart kind"))
    x = blocks.CharBlock(label=_("x column"), max_length=100)
    y = blocks.CharBlock(label=_("y column"), max_length=100)
    series = blocks.CharBlock(label=_("series column"), max_length=100, required=False)
    where = blocks.CharBlock(label=_("filters"), max_length=500, required=False, help_text=_("column = value; column = value"))
    title = blocks.CharBlock(label=_("title"), max_length=300)
    caption = blocks.CharBlock(label=_("caption"), max_length=500, required=False)

    def clean(self, value):
        value = super().clean(value)
        if not Dataset.objects.filter(slug=value.get("dataset")).exists():
            raise blocks.StructBlockValidationError({"dataset": ValidationError(_("There is no dataset with this slug."))})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["chart"] = chart_for(value)
        return context

    class Meta:
        icon = "table"
        label = _("Dataset chart")
        preview_value = staticmethod(chart_preview)  # the editor's block picker (lessons/blocks.py)
        template = "datasets/blocks/chart.html"
