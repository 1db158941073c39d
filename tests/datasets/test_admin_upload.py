"""Curators upload CSV or HDF5 in the admin; refused files change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from datasets.forms import DatasetForm
from datasets.models import Dataset


@pytest.mark.django_db
def test_csv_upload_is_converted_and_structure_recorded():
    form = DatasetForm(data={"slug": "lithium", "title": "Lithium", "source": "USGS", "licence": "Public domain"},
                       files={"upload": SimpleUploadedFile("lithium.csv", b"country,production\nChile,49000\nArgentina,18000\n")})
    assert form.is_valid(), form.errors
    dataset = form.save()
    assert dataset.row_count == 2 and dataset.file.name.endswith(".h5")
    assert dataset.table["columns"] == ["country", "production"]


@pytest.mark.django_db
def test_hostile_upload_is_refused_with_message():
    form = DatasetForm(data={"slug": "x", "title": "X"}, files={"upload": SimpleUploadedFile("x.h5", b"not hdf5 at all")})
    assert not form.is_valid()
    assert "not an HDF5 file" in form.errors["upload"][0]
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_admin_pages_load(admin_client):
    Dataset.objects.create(slug="d", title="D", file="datasets/d.h5")
    assert admin_client.get("/admin/datasets/").status_code == 200
    assert admin_client.get("/admin/datasets/new/").status_code == 200
