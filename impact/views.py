import tempfile

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from alma.spreadsheets import SafeCSVWriter
from datasets.charts import ChartData, Series, render_svg
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
        from django_countries import countries

        def country(code):
            return str(countries.name(code)) or code if code and code != "?" else _("not stated")

        out = []
        for row in rows:
            code, _sep, region = row["group"].partition(" · ")
            label = country(code) if key == "country" else f"{country(code)} · {region}"
            out.append(dict(row, label=label))
        return out
    if key == "level":
        from curriculum.models import Level

        names = dict(Level.choices)
    elif key == "theme" and rows:
        from curriculum.models import Theme

        names = dict(Theme.objects.filter(locale__language_code=translation.get_language())
                     .values_list("code", "name"))
    else:
        return rows
    return [dict(row, label=f"{names[row['group']]}" if row["group"] in names else row["group"]) for row in rows]


def dashboard(request):
    figures = cached_figures()
    months = figures["groups"]["month"]
    chart = None
    if months:
        data = ChartData("bar", _("month"), _("active learners"), [Series("", [(r["group"], r["learners"]) for r in months])], True)
        chart = render_svg(data, _("Active learners by month"), uid="impact-months")
    sections = [{"key": key, "rows": _labelled(key, rows), "hidden": figures["hidden"][key]}
                for key, rows in figures["groups"].items()]
    return render(request, "impact/dashboard.html", {"figures": figures, "chart": chart, "sections": sections})


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
    from impact.exports import write_figures

    figures = cached_figures()
    return _h5_response(lambda handle: write_figures(handle, figures), "alma-impact.h5")


def export_learning_records(request):
    """Pseudonymised learning records, for members of the Researcher group only."""
    from impact.exports import write_learning_records

    if not request.user.has_perm("impact.export_learning_records"):
        raise PermissionDenied(_("Only approved researchers may download learning records."))
    return _h5_response(write_learning_records, "alma-learning-records.h5")
