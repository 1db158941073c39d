"""Figures computed from a dataset table for data-bound quiz questions (pure: h5py in, numbers out).

A *binding* names a dataset, filters rows with the same ``where`` syntax as
charts (``column = value; column != value``), and asks for one aggregate of a
numeric ``column``:

* ``max-row`` / ``min-row``: the row with the highest / lowest value; its
  ``label`` column is the answer of a single-choice question, and the next
  rows in rank order are the wrong choices;
* ``value``: the value of the one row the filters select;
* ``sum``: the sum over the selected rows;
* ``share``: the percentage of that sum held by the rows that also match
  ``part`` (``country = Chile``).

``check_binding`` lists what is wrong with a binding's shape (no file needed);
``evaluate`` reads only the columns it needs, in bounded slices.
"""

from __future__ import annotations

import heapq
import math

import h5py
import numpy as np
from django.utils.translation import gettext as _

from datasets.columns import (
    BLOCK,
    ChartError,
    filter_mask,
    fmt,
    is_text,
    parse_where,
    read,
    table_column,
    to_float,
    where_filters,
)

AGGREGATES = ("max-row", "min-row", "value", "sum", "share")
ROW_AGGREGATES = ("max-row", "min-row")
MAX_CHOICES = 10


def check_binding(binding) -> list[str]:
    """Problems with a binding's shape, as sentences an author can act on."""
    if not isinstance(binding, dict):
        return [_("The data binding must be an object with dataset, column and aggregate.")]
    errors = []
    if not isinstance(binding.get("dataset"), str) or not binding.get("dataset", "").strip():
        errors.append(_("The data binding needs the slug of a dataset ('dataset')."))
    if not isinstance(binding.get("column"), str) or not binding.get("column", "").strip():
        errors.append(_("The data binding needs the numeric column to read ('column')."))
    aggregate = binding.get("aggregate")
    if aggregate not in AGGREGATES:
        errors.append(_("Unknown aggregate '%(aggregate)s'; use one of %(known)s.")
                      % {"aggregate": str(aggregate)[:30], "known": ", ".join(AGGREGATES)})
    if aggregate in ROW_AGGREGATES and not (isinstance(binding.get("label"), str) and binding["label"].strip()):
        errors.append(_("'%(aggregate)s' needs the column that names each row ('label'), e.g. country.") % {"aggregate": aggregate})
    if aggregate == "share" and not (isinstance(binding.get("part"), str) and binding["part"].strip()):
        errors.append(_("'share' needs the rows whose share is asked ('part'), e.g. country = Chile."))
    for key in ("where", "part"):
        if binding.get(key) is not None and not isinstance(binding.get(key), str):
            errors.append(_("'%(key)s' must be text such as 'column = value; column != value'.") % {"key": key})
        else:
            try:
                parse_where(binding.get(key) or "")
            except ChartError as error:
                errors.append(str(error))
    choices = binding.get("choices", 4)
    if isinstance(choices, bool) or not isinstance(choices, int) or not 2 <= choices <= MAX_CHOICES:
        errors.append(_("'choices' must be a whole number from 2 to %(max)d.") % {"max": MAX_CHOICES})
    tolerance = binding.get("tolerance", 0.01)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < 1:
        errors.append(_("'tolerance' must be a relative tolerance from 0 to 1 (0.01 = 1 %)."))
    return errors


def evaluate(group: h5py.Group, binding: dict) -> dict:
    """``{"value": float, "label": str | None, "rows": [(label, value), …] ranked, "count": int}``.

    Raises ChartError with a sentence naming the problem (no rows, a tie for
    the top place, an unknown column, a text column).
    """
    errors = check_binding(binding)
    if errors:
        raise ChartError(" ".join(errors))
    aggregate = binding["aggregate"]
    values = table_column(group, binding["column"])
    if is_text(values):
        raise ChartError(_("The column '%(name)s' holds text; choose a column of numbers.") % {"name": binding["column"]})
    labels = table_column(group, binding["label"]) if binding.get("label") else None
    where = where_filters(group, binding.get("where") or "")
    part = where_filters(group, binding.get("part") or "") if aggregate == "share" else []
    keep = int(binding.get("choices", 4)) + 1
    sign = -1.0 if aggregate == "min-row" else 1.0
    top: list = []  # heap of (sign*value, -row, label)
    total, part_total, count = 0.0, 0.0, 0
    first = None
    n = values.shape[0]
    for start in range(0, n, BLOCK):
        stop = min(n, start + BLOCK)
        y = to_float(read(values, start, stop))
        mask = filter_mask(where, start, stop, stop - start) & ~np.isnan(y)
        if not mask.any():
            continue
        count += int(mask.sum())
        total += float(y[mask].sum())
        if part:
            part_total += float(y[mask & filter_mask(part, start, stop, stop - start)].sum())
        names = read(labels, start, stop) if labels is not None else None
        indices = np.nonzero(mask)[0]
        if first is None:
            first = (str(names[indices[0]]).strip() if names is not None else None, float(y[indices[0]]))
        if aggregate in ROW_AGGREGATES:
            for i in indices[np.argsort(-sign * y[indices], kind="stable")[:keep]]:
                item = (sign * float(y[i]), -(start + int(i)), str(names[i]).strip() if names is not None else "")
                if len(top) < keep:
                    heapq.heappush(top, item)
                else:
                    heapq.heappushpop(top, item)
    if not count:
        raise ChartError(_("No row of the dataset matches the filters '%(where)s' with a value in '%(column)s'.")
                         % {"where": binding.get("where") or "", "column": binding["column"]})
    if aggregate in ROW_AGGREGATES:
        ranked = [(label, sign * v) for v, _row, label in sorted(top, reverse=True)]
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            raise ChartError(_("'%(a)s' and '%(b)s' tie at %(v)s: add filters so one row stands out.")
                             % {"a": ranked[0][0], "b": ranked[1][0], "v": fmt(ranked[0][1])})
        return {"value": ranked[0][1], "label": ranked[0][0], "rows": ranked, "count": count}
    if aggregate == "value":
        if count > 1:
            raise ChartError(_("The filters select %(n)d rows; 'value' needs exactly one. Add filters.") % {"n": count})
        return {"value": first[1], "label": first[0], "rows": [first], "count": 1}
    if aggregate == "sum":
        return {"value": total, "label": None, "rows": [], "count": count}
    if total == 0 or not math.isfinite(total):
        raise ChartError(_("The selected rows add up to 0; a share cannot be computed."))
    return {"value": 100.0 * part_total / total, "label": None, "rows": [], "count": count}
