"""The class report as a file: the grid as a table of plain values in the reader's language and
timezone, its file name, and the CSV and XLSX responses. Changes when the exported files do."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alma.spreadsheets import SafeCSVWriter, xlsx_bytes
from teachers.models import Assignment, Classroom
from teachers.report import Report


def local_datetime(value: datetime | None) -> str:
    """A date and time as the reader writes it: current timezone and language."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def report_filename(classroom: Classroom, extension: str) -> str:
    """The export's file name: the class's name and today's date (ASCII, safe in any header)."""
    return f"{slugify(classroom.name) or 'class'}-{timezone.localdate().isoformat()}.{extension}"


def report_table(report: Report) -> list[list]:
    """The grid as rows of plain values, for CSV and XLSX, in the reader's language and timezone."""
    header = [_("Username"), _("Name"), _("Group"), _("Last activity")]
    tracks = report.has_tracks
    if tracks:
        header.append(_("Professional development hours"))
    for a in report.assignments:
        header += [f"{a.title} — {_('status')}", f"{a.title} — {_('score (%)')}", f"{a.title} — {_('minutes')}"]
        if tracks:
            header.append(f"{a.title} — {_('modules completed')}")
    table = [header]
    for row in report.rows:
        line = [row.student.username, row.student.display_name, row.membership.group,
                local_datetime(row.last_activity)]
        if tracks:
            line.append(float(row.hours))
        for cell in row.cells:
            if cell is None:
                line += ["", "", ""] + ([""] if tracks else [])
            else:
                line += [cell.status_label, "" if cell.percent is None else cell.percent, round(cell.seconds / 60)]
                if tracks:
                    line.append(f"{cell.modules_done}/{cell.modules_total}" if cell.assignment.kind == Assignment.Kind.TRACK else "")
        table.append(line)
    return table


def csv_response(data: Report, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    SafeCSVWriter(response).writerows(report_table(data))
    return response


def xlsx_response(data: Report, filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(report_table(data), _("Report")),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
