import tempfile
from datetime import date

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries import countries

from alma.i18n import language_name
from alma.spreadsheets import SafeCSVWriter
from curriculum.models import LearningOutcome, Level, Theme
from datasets.charts import ChartData, Series, render_svg
from impact.exports import write_figures, write_learning_records
from impact.services import csv_rows, impact_figures

CACHE_SECONDS = 600


def cached_figures() -> dict:
    figures = cache.get("impact:figures")
    if figures is None:
        figures = impact_figures()
        cache.set("impact:figures", figures, CACHE_SECONDS)
    return figures


def _labelled(key, rows):
    """Rows with a label in the active language (the cached figures hold codes only)."""
    if key in ("country", "region"):
        def country(code):
            return str(countries.name(code)) or code if code and code != "?" else _("not stated")

        out = []
        for row in rows:
            code, _sep, region = row["group"].partition(" · ")
            region = _("not stated") if region == "—" else region
            label = country(code) if key == "country" else f"{country(code)} · {region}"
            out.append(dict(row, label=label))
        return out
    if key == "language":
        return [dict(row, label=capfirst(language_name(row["group"]))) for row in rows]
    if key == "month":
        return [dict(row, label=_month_label(row["group"])) for row in rows]
    if key == "level":
        names = dict(Level.choices)
    elif key == "theme" and rows:
        names = dict(Theme.objects.filter(locale__language_code=translation.get_language())
                     .values_list("code", "name"))
    elif key in ("outcome", "gain") and rows:
        names = {code: f"{code} · {statement}" for code, statement in LearningOutcome.objects.filter(
            locale__language_code=translation.get_language(), code__in=[row["group"] for row in rows])
            .values_list("code", "statement")}
    else:
        return rows
    return [dict(row, label=f"{names[row['group']]}" if row["group"] in names else row["group"]) for row in rows]


def _month_label(value: str) -> str:
    """"2026-07" as the page's language writes a month ("julio de 2026")."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        return value
    return date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")


def _chart(rows, uid, title, x_label):
    """An accessible SVG bar chart of the rows' learners, with the same figures as a table."""
    if not rows:
        return None
    data = ChartData("bar", x_label, _("active learners"), [Series("", [(r["label"], r["learners"]) for r in rows])], True)
    header, table = data.table()
    return {"svg": render_svg(data, title, uid=uid), "header": header, "rows": table, "title": title}


def dashboard(request):
    figures = cached_figures()
    sections = [{"key": key, "rows": _labelled(key, rows), "hidden": figures["hidden"][key]}
                for key, rows in figures["groups"].items()]
    rows = {section["key"]: section["rows"] for section in sections}
    charts = [chart for chart in (
        _chart(rows["month"], "impact-months", _("Active learners by month"), _("month")),
        _chart(rows["country"], "impact-countries", _("Active learners by country"), _("country")),
    ) if chart]
    return render(request, "impact/dashboard.html", {"figures": figures, "charts": charts, "sections": sections})


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    writer = SafeCSVWriter(_Echo(), lineterminator="\n")
    response = StreamingHttpResponse((writer.writerow(row) for row in csv_rows(cached_figures())), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="alma-impact.csv"'
    return response


def _h5_response(write, filename):
    """Write the HDF5 file to an anonymous temporary file, then stream it in blocks."""
    handle = tempfile.TemporaryFile(suffix=".h5")
    try:
        write(handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/x-hdf5")


def export_hdf5(request):
    figures = cached_figures()
    return _h5_response(lambda handle: write_figures(handle, figures), "alma-impact.h5")


def export_learning_records(request):
    """Pseudonymised learning records, for members of the Researcher group only."""
    if not request.user.has_perm("impact.export_learning_records"):
        raise PermissionDenied(_("Only approved researchers may download learning records."))
    return _h5_response(write_learning_records, "alma-learning-records.h5")
