"""The class report's grid, heat map and list of who needs help as HTML, built in Python.

A class of 400 students × 30 assignments is 12 000 cells: one template tag per
cell costs seconds, these functions a few tens of milliseconds. The markup is
the same as ``teachers/_cell.html`` (used for one student's page); every value
is escaped here.
"""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teachers.report import Status


_PLACEHOLDER_ID = 987654321
# The heat map's text is black, and white where black would fall under 4.5:1 on the teal (black holds up to 86 %).
WHITE_TEXT_FROM = 87


class _ShortDates:
    """SHORT_DATE_FORMAT of aware datetimes in the current time zone, formatted once per day."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.by_day = {}

    def __call__(self, value) -> str:
        day = value.astimezone(self.zone).date() if timezone.is_aware(value) else value.date()
        if day not in self.by_day:
            self.by_day[day] = date_format(day, "SHORT_DATE_FORMAT")
        return self.by_day[day]


def _cell(cell, short_date, not_assigned: str, labels: dict, extra: int = 0) -> str:
    if cell is None:
        return f'<td><span class="muted">—<span class="visually-hidden">{not_assigned}</span></span></td>'
    parts = [f'<td><span class="status status--{cell.status}">{labels[cell.status]}</span>']
    if cell.modules_total:
        parts.append(" · " + escape(_("%(done)s/%(total)s modules, %(hours)s h") % {
            "done": cell.modules_done, "total": cell.modules_total, "hours": floatformat(cell.hours, "-1")}))
    if cell.percent is not None:
        parts.append(f" · {cell.percent}%")
    if cell.seconds:
        parts.append(f" · {round(cell.seconds / 60)} min")
    if extra:
        parts.append(" · " + escape(ngettext("%(count)d extra attempt", "%(count)d extra attempts", extra)
                                    % {"count": extra}))
    if cell.last_activity:
        parts.append(f'<br><span class="muted">{short_date(cell.last_activity)}</span>')
    parts.append("</td>")
    return "".join(parts)


def grid_rows(report, extra_attempts: dict | None = None) -> list:
    """Each student's row of the grid (header, last activity, hours, cells) as one safe string.
    ``extra_attempts``: ``{(assignment id, student id): extra attempts granted}``."""
    extra_attempts = extra_attempts or {}
    short_date = _ShortDates()
    not_assigned = escape(_("Not assigned"))
    labels = {}
    for row in report.page_rows:
        for cell in row.cells:
            if cell is not None and cell.status not in labels:
                labels[cell.status] = escape(Status.label(cell.status))
    # One reverse() for the whole class, not one per student.
    url = reverse("teachers:student", args=[report.classroom.pk, _PLACEHOLDER_ID])
    for row in report.rows:  # every student's, for the whole-class list of who needs help
        row.url = url.replace(str(_PLACEHOLDER_ID), str(row.student.pk))
    rows = []
    for row in report.page_rows:
        parts = [f'<th scope="row"><a href="{row.url}">{escape(str(row.student))}</a>']
        if row.membership.group:
            parts.append(f' <span class="muted">{escape(row.membership.group)}</span>')
        parts.append(f"</th><td>{short_date(row.last_activity) if row.last_activity else '—'}</td>")
        if report.has_tracks:
            parts.append(f'<td class="hours">{escape(_("%(hours)s h") % {"hours": floatformat(row.hours, "-1")})}</td>')
        parts.extend(_cell(cell, short_date, not_assigned, labels,
                           extra_attempts.get((cell.assignment.id, row.membership.student_id), 0) if cell else 0)
                     for cell in row.cells)
        rows.append(mark_safe("".join(parts)))
    return rows


def stuck_items(report) -> str:
    """The whole-class list of who needs help as ``<li>`` items (after grid_rows, which sets each row's url)."""
    return mark_safe("".join(f'<li><a href="{escape(row.url)}">{escape(str(row.student))}</a>: '
                             f'{"; ".join(escape(reason) for reason in row.stuck_reasons)}</li>'
                             for row in report.rows if row.stuck_reasons))


def heat_header(report) -> str:
    """The heat map's column headers: one per student of the class."""
    return mark_safe("".join(f'<th scope="col">{escape(str(row.student))}</th>' for row in report.rows))


def heat_rows(report) -> list[tuple]:
    """``[(code, statement, cells_html), …]``: mastery of each outcome by student, in percent."""
    rows = []
    for code, statement in report.outcomes:
        cells = []
        for row in report.rows:
            state = row.mastery.get(code)
            if state is None:
                cells.append("<td>—</td>")
                continue
            percent = round(state.level * 100)
            style = f"background:rgb(13 110 110 / {percent}%)" + (";color:#fff" if percent >= WHITE_TEXT_FROM else ";color:#000")
            text = f"{percent}%{' ✓' if state.mastered else ''}" if state.responses else "—"
            cells.append(f'<td style="{style}">{text}</td>')
        rows.append((code, statement, mark_safe("".join(cells))))
    return rows
