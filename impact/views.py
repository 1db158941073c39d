import csv

from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from datasets.charts import ChartData, Series, render_svg
from impact.services import csv_rows, impact_figures

CACHE_SECONDS = 600


def cached_figures() -> dict:
    figures = cache.get("impact:figures")
    if figures is None:
        figures = impact_figures()
        cache.set("impact:figures", figures, CACHE_SECONDS)
    return figures


def dashboard(request):
    figures = cached_figures()
    months = figures["groups"]["month"]
    chart = None
    if months:
        data = ChartData("bar", _("month"), _("active learners"), [Series("", [(r["group"], r["learners"]) for r in months])], True)
        chart = render_svg(data, _("Active learners by month"), uid="impact-months")
    sections = [{"key": key, "rows": rows, "hidden": figures["hidden"][key]} for key, rows in figures["groups"].items()]
    return render(request, "impact/dashboard.html", {"figures": figures, "chart": chart, "sections": sections})


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    writer = csv.writer(_Echo(), lineterminator="\n")
    response = StreamingHttpResponse((writer.writerow(row) for row in csv_rows(cached_figures())), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="alma-impact.csv"'
    return response
