"""Chart selection, downsampling, accessible SVG, and charts in lessons."""

import re
import tracemalloc

import h5py
import numpy as np
import pytest
from django.core.management import call_command
from django.utils import translation

from datasets.charts import BUCKETS, render_png, render_svg, select
from datasets.hdf5 import csv_to_hdf5

CSV = b"""commodity,country,year,production,production_flag
copper,Chile,2023,5250,
copper,Chile,2024,5300,
copper,Peru,2024,2600,
copper,Mexico,2024,700,
lithium,Chile,2024,49000,
copper,United States,2024,,W
"""


@pytest.fixture
def table(tmp_path):
    csv_to_hdf5(CSV, tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5") as h5:
        yield h5["table"]


def test_where_filters_select_rows(table):
    data = select(table, kind="bar", x="country", y="production", where="commodity = copper; year = 2024")
    with translation.override("en"):
        data = select(table, kind="bar", x="country", y="production", where="commodity = copper; year = 2024")
        assert data.table() == (["country", "mine production"], [["Chile", "5,300"], ["Peru", "2,600"], ["Mexico", "700"], ["United States", "—"]])
    with translation.override("es"):
        data = select(table, kind="bar", x="country", y="production", where="commodity = copper; year = 2024")
        assert data.table()[1] == [["Chile", "5\u00a0300"], ["Perú", "2\u00a0600"], ["México", "700"], ["Estados Unidos", "—"]]


def test_series_and_unknown_column(table):
    data = select(table, kind="line", x="year", y="production", series="commodity", where="country = Chile")
    assert [(s.name, s.points) for s in data.series] == [("copper", [(2023.0, 5250.0), (2024.0, 5300.0)]), ("lithium", [(2024.0, 49000.0)])]
    with translation.override("en"), pytest.raises(ValueError, match="no column 'tonnes'"):
        select(table, x="country", y="tonnes")


@pytest.mark.parametrize("kind", ["line", "bar", "stacked-bar", "scatter"])
def test_svg_is_accessible_and_localised(table, kind):
    with translation.override("es"):
        data = select(table, kind=kind, x="year" if kind in ("line", "scatter") else "country", y="production", where="commodity = copper")
        svg = render_svg(data, "Copper & co", uid="c1")
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Copper &amp; co</title>' in svg and '<desc id="c1-desc">' in svg
    assert "5,250" not in svg and ("5\u00a0250" in svg or kind in ("line", "scatter"))  # Spanish groups with a non-breaking space
    with translation.override("en"):
        assert "5,250" in render_svg(select(table, kind="bar", x="country", y="production", where="commodity = copper"), "")
    assert render_png(data).startswith(b"\x89PNG")


def test_large_series_is_downsampled_in_bounded_memory(tmp_path):
    n = 5_000_000
    with h5py.File(tmp_path / "big.h5", "w") as h5:
        g = h5.create_group("t")
        g.create_dataset("x", data=np.arange(n, dtype="f8"), chunks=(262_144,))
        y = np.sin(np.arange(n) / 1e5)
        y[1_234_567] = 99.0
        g.create_dataset("y", data=y, chunks=(262_144,))
        del y
    with h5py.File(tmp_path / "big.h5") as h5:
        tracemalloc.start()
        data = select(h5["t"], kind="line", x="x", y="y")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert data.downsampled and len(data.series[0].points) <= 2 * BUCKETS
    assert (1_234_567.0, 99.0) in data.series[0].points  # the spike survives
    assert peak < 40 * 1024 * 1024  # the whole series would be 80 MB


@pytest.mark.django_db
def test_seed_datasets_load_and_lesson_chart_renders_in_es_and_en(site_pages, client, tmp_path):
    from datasets.models import Dataset
    from tests.factories import make_lesson, make_module

    call_command("load_datasets")
    dataset = Dataset.objects.get(slug="usgs-mcs2025-minerals")
    assert dataset.row_count == 559 and "Public domain" in dataset.licence
    assert Dataset.objects.get(slug="iea-2021-mineral-intensity").structure["attrs"]["retrieved"] == "2026-11-24"
    chart = {"dataset": "usgs-mcs2025-minerals", "kind": "bar", "x": "country", "y": "production", "series": "",
             "where": "commodity = copper; year = 2024; latam_caribbean = yes; measure = mine production, recoverable copper content",
             "title": "Cobre", "caption": "USGS"}
    for language in ("es", "en"):
        module = make_module(site_pages["catalog"][language], lessons=0, slug=f"m-{language}")
        lesson = make_lesson(module, blocks=0)
        lesson.body = [("chart", chart)]
        lesson.save_revision().publish()
        html = client.get(lesson.url).content.decode()
        assert 'role="img"' in html and "<th scope=\"row\">Chile</th>" in html
        # figures grouped the language's way, country names in the language of the page
        assert {"es": "5\u00a0300", "en": "5,300"}[language] in html and "5300" not in html
        assert {"es": "Perú", "en": "Peru"}[language] in html


@pytest.mark.django_db
def test_dataset_page_preview_and_downloads(site_pages, client):
    call_command("load_datasets")
    html = client.get("/en/datasets/usgs-mcs2025-minerals/?page=2").content.decode()
    assert "Rows 51 to 100 of 559" in html and "Public domain" in html and "/production/production_flag" in html
    response = client.get("/en/datasets/usgs-mcs2025-minerals/download.csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("commodity,measure,country,year,production,production_flag")
    assert len(body.splitlines()) == 560 and ",W," in body
    assert client.get("/en/datasets/usgs-mcs2025-minerals/download.h5").status_code == 200
    png = client.get("/en/datasets/usgs-mcs2025-minerals/chart.png", {"x": "country", "y": "production", "where": "commodity = lithium; year = 2024"})
    assert png["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_import_dataset_command_refuses_with_reason(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"year,value\n2020,1\n2021,2\n2022,>40\n")
    with pytest.raises(CommandError, match="row 4, column 'value'"):
        call_command("import_dataset", str(bad))
    good = tmp_path / "good.csv"
    good.write_bytes(b"year,value\n2020,1\n")
    call_command("import_dataset", str(good), "--dry-run")
    from datasets.models import Dataset
    assert not Dataset.objects.exists()
    call_command("import_dataset", str(good), "--slug", "tiny")
    assert Dataset.objects.get(slug="tiny").row_count == 1


@pytest.mark.django_db
def test_unknown_dataset_in_a_lesson_is_a_package_problem_with_file_and_line(tmp_path):
    from contributions.package import Collector, KnownCodes
    from contributions.package.lesson import parse_lesson_body

    c = Collector(tmp_path)
    body = "Intro\n\n::: chart no-such-data\nkind: bar\nx: country\ny: production\n:::\n"
    known = KnownCodes(languages={"es"}, datasets={"usgs-mcs2025-minerals"})
    parse_lesson_body(body, 5, "lessons/01.es.md", c, known)
    assert [(p.file, p.line) for p in c.problems] == [("lessons/01.es.md", 7)]
    assert "unknown dataset 'no-such-data'" in c.problems[0].message


def test_axis_labels_and_units_follow_the_language(tmp_path):
    from datasets.seeds import label_columns

    csv_to_hdf5(b"country,year,production,unit\nChile,2024,5300,metric tons\nPeru,2024,2600,metric tons\nChile,2023,1,kg\n",
                tmp_path / "l.h5")
    with h5py.File(tmp_path / "l.h5", "r+") as h5:
        label_columns(h5["table"])
        with translation.override("es"):
            data = select(h5["table"], kind="bar", x="country", y="production", where="year = 2024")
            assert (data.x, data.y) == ("país", "producción minera (toneladas métricas)")
            assert "producción minera (toneladas métricas)" in render_svg(data, "t")
        with translation.override("fr"):
            fr = select(h5["table"], kind="bar", x="country", y="production", where="year = 2024")
            assert (fr.x, fr.y) == ("pays", "production minière (tonnes métriques)")
        with translation.override("en"):
            mixed = select(h5["table"], kind="bar", x="country", y="production", where="country = Chile")
            assert mixed.y == "mine production"  # rows in two units: no unit is claimed


@pytest.mark.django_db
def test_seed_datasets_carry_labels_and_units_per_language(site_pages, client):
    call_command("load_datasets")
    from datasets.models import Dataset

    dataset = Dataset.objects.get(slug="usgs-mcs2025-minerals")
    with dataset.open_h5() as h5:
        production = h5["production/production"]
        assert production.attrs["label_es"] == "producción minera" and production.attrs["units_column"] == "unit"
        with translation.override("pt"):
            data = select(h5["production"], kind="bar", x="country", y="production",
                          where="commodity = lithium; year = 2024; country != World total (rounded)")
    assert (data.x, data.y) == ("país", "produção mineira (toneladas métricas)")
    html = client.get("/es/datasets/usgs-mcs2025-minerals/").content.decode()
    assert "<th scope=\"col\">producción minera</th>" in html and "values_en" not in html


@pytest.mark.django_db
def test_dataset_csv_download_neutralises_formulas(client, tmp_path):
    from datasets.services import import_dataset_file

    path = tmp_path / "hostile.csv"
    path.write_bytes(b'site,tonnes\n"=HYPERLINK(""http://evil.example"")",5\n@SUM(A1),-3\n')
    import_dataset_file(path, "hostile")
    body = b"".join(client.get("/en/datasets/hostile/download.csv").streaming_content).decode()
    assert body.splitlines()[1:] == ["\"'=HYPERLINK(\"\"http://evil.example\"\")\",5", "'@SUM(A1),-3"]


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_chart_labels_stay_legible_on_a_phone(table, kind):
    """Every label is drawn at ≥ 12 CSS px: the SVG never shrinks below its minimum width (a phone scrolls it)."""
    from django.conf import settings

    from datasets.charts import MIN_WIDTH_PX, W

    data = select(table, kind=kind, x="year" if kind == "line" else "country", y="production", where="commodity = copper")
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', render_svg(data, "Cobre"))]
    assert sizes and min(sizes) * MIN_WIDTH_PX / W >= 12
    css = (settings.BASE_DIR / "static" / "css" / "alma.css").read_text()
    assert f"svg.chart {{ display:block; min-width:{MIN_WIDTH_PX}px }}" in css
