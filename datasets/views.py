"""Public dataset pages and downloads (HDF5 as stored, CSV streamed in slices)."""

import io

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from alma.spreadsheets import SafeCSVWriter
from datasets.charts import render_png, select
from datasets.columns import ChartError, column_label, fmt, is_text
from datasets.models import Dataset

PAGE_ROWS = 50
CSV_BLOCK = 5_000


def _columns(dataset, h5):
    table = dataset.table
    if not table:
        raise Http404("This dataset has no table.")
    group = h5[table["group"]]
    return group, [(name, group[name]) for name in table["columns"]]


def _cell(ds, values):
    if is_text(ds):
        return list(values)
    return [fmt(v) if v == v else "" for v in values.tolist()]


def dataset_list(request):
    return render(request, "datasets/list.html", {"datasets": Dataset.objects.all()})


def dataset_detail(request, slug):
    dataset = get_object_or_404(Dataset, slug=slug)
    rows, header = [], []
    paginator = Paginator(range(dataset.row_count), PAGE_ROWS)
    page = paginator.get_page(request.GET.get("page"))
    if dataset.table and dataset.row_count:
        with dataset.open_h5() as h5:
            _group, columns = _columns(dataset, h5)
            header = [column_label(ds, name) for name, ds in columns]
            start, stop = page.start_index() - 1, page.end_index()
            cells = [_cell(ds, ds.asstr()[start:stop] if is_text(ds) else ds[start:stop]) for _name, ds in columns]
            rows = list(zip(*cells))
    return render(request, "datasets/detail.html", {"dataset": dataset, "header": header, "rows": rows, "page": page,
                                                    "structure": _structure_rows(dataset)})


def _structure_rows(dataset):
    """The datasets of the file with their attributes; per-language labels and unit
    translations are shown for the reader's language only."""
    lang = (translation.get_language() or "").split("-")[0]
    out = []
    for ds in (dataset.structure or {}).get("datasets", []):
        attrs = {k: v for k, v in (ds.get("attrs") or {}).items()
                 if not (k.startswith(("label_", "values_")) and k not in (f"label_{lang}",))}
        out.append(dict(ds, attrs=attrs))
    return out


def download_hdf5(request, slug):
    dataset = get_object_or_404(Dataset, slug=slug)
    return FileResponse(dataset.file.open("rb"), as_attachment=True, filename=f"{dataset.slug}.h5",
                        content_type="application/x-hdf5")


def download_csv(request, slug):
    dataset = get_object_or_404(Dataset, slug=slug)
    if not dataset.table:
        raise Http404("This dataset has no table.")

    def rows():
        buffer = io.StringIO()
        writer = SafeCSVWriter(buffer, lineterminator="\n")
        with dataset.open_h5() as h5:
            _group, columns = _columns(dataset, h5)
            writer.writerow([ds.attrs.get("column", name) for name, ds in columns])
            for start in range(0, dataset.row_count, CSV_BLOCK):
                stop = start + CSV_BLOCK
                cells = [_cell(ds, ds.asstr()[start:stop] if is_text(ds) else ds[start:stop]) for _name, ds in columns]
                writer.writerows(zip(*cells))
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
            yield buffer.getvalue()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}.csv"'
    return response


def chart_png(request, slug):
    """A PNG rendition of a chart, for sharing: ?kind=&x=&y=&series=&where=&title="""
    dataset = get_object_or_404(Dataset, slug=slug)
    if not dataset.table:
        raise Http404("This dataset has no table.")
    q = request.GET
    try:
        with dataset.open_h5() as h5:
            data = select(h5[dataset.table["group"]], kind=q.get("kind", "bar"), x=q.get("x", ""), y=q.get("y", ""),
                          series=q.get("series", ""), where=q.get("where", ""))
    except ChartError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(render_png(data, q.get("title", "")), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
