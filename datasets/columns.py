"""Reading a table group's columns (pure: h5py in, numpy out; no database).

A dataset's HDF5 file holds one group per table and one 1-D dataset per column.
These helpers find a column, read it (text or numbers), filter its rows, and
label it in the reader's language; charts and data queries share them.
"""

from __future__ import annotations

import functools
import json
import math

import h5py
import numpy as np
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries

SMALL = 200_000  # rows read whole
BLOCK = 262_144  # rows per slice on large tables


class ChartError(ValueError):
    pass



def fmt(value) -> str:
    """A number written for any language: no thousands separators, '.' decimal."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    value = float(value)
    if math.isnan(value):
        return "—"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def fmt_value(value) -> str:
    """A measured value in the active language, grouped by thousands with the language's own
    (non-breaking) separator: "12.000" in Spanish, "12\u202f000" in French. Years and other
    x values keep ``fmt``."""
    text = fmt(value)
    if value is None or isinstance(value, str) or text == "—":
        return text
    number = int(value) if float(value) == int(value) and abs(value) < 1e15 else float(text)
    return number_format(number, use_l10n=True, force_grouping=True).replace(" ", "\u00a0")


def localized_category(column: str, value: str) -> str:
    """A country named in the data (in English) in the active language; other values as they are."""
    if column != "country" or (translation.get_language() or "en").startswith("en"):
        return value  # the data's own English name
    code = _english_country_codes().get(value.casefold())
    return str(countries.name(code)) if code else value


@functools.cache
def _english_country_codes() -> dict[str, str]:
    with translation.override("en"):
        codes = {str(name).casefold(): code for code, name in countries}
    codes.update({"united states": "US", "russia": "RU", "democratic republic of the congo": "CD",
                  "congo (kinshasa)": "CD", "bolivia": "BO", "venezuela": "VE", "south korea": "KR"})
    return codes


def parse_where(text: str) -> list[tuple[str, str]]:
    """``col = value; col != value`` → [(col, value)] (a negated column keeps its trailing '!')."""
    filters = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        column, sep, value = part.partition("=")
        if not sep or not column.strip():
            raise ChartError(_("Filter '%(part)s' is not 'column = value'.") % {"part": part.strip()})
        filters.append((column.strip(), value.strip()))
    return filters


def where_filters(group: h5py.Group, text: str) -> list[tuple]:
    """(column dataset, value, negated) per filter; ``col != value`` excludes rows."""
    out = []
    for column, value in parse_where(text):
        negate = column.endswith("!")
        out.append((table_column(group, column.rstrip("!").strip()), value, negate))
    return out


def filter_mask(filters, start, stop, n) -> np.ndarray:
    mask = np.ones(n, dtype=bool)
    for ds, value, negate in filters:
        hit = _mask(read(ds, start, stop), value)
        mask &= ~hit if negate else hit
    return mask


def table_column(group: h5py.Group, name: str) -> h5py.Dataset:
    key = name.replace("/", "_")
    if key not in group or not isinstance(group[key], h5py.Dataset):
        known = ", ".join(sorted(group.keys()))
        raise ChartError(_("The dataset has no column '%(name)s'. Columns: %(known)s.") % {"name": name, "known": known})
    return group[key]


def _attr_text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def column_label(ds: h5py.Dataset, fallback: str = "") -> str:
    """A column's label in the active language: attribute ``label_<lang>``, then ``label``,
    then ``column`` (the CSV header), then its name."""
    lang = (translation.get_language() or "").split("-")[0]
    for key in ([f"label_{lang}"] if lang else []) + ["label", "column"]:
        if key in ds.attrs:
            return _attr_text(ds.attrs[key])
    return fallback or ds.name.rsplit("/", 1)[-1]


def _units(group, ds, mask=None) -> str:
    """The unit of a value column: attribute ``units``, or the one unit its selected rows share
    in the column named by ``units_column``."""
    if "units" in ds.attrs:
        return _attr_text(ds.attrs["units"])
    name = _attr_text(ds.attrs["units_column"]) if "units_column" in ds.attrs else ""
    if mask is None or not name or name not in group:
        return ""
    values = {str(v).strip() for v in read(group[name])[mask]} - {""}
    if len(values) != 1:
        return ""
    unit = values.pop()
    lang = (translation.get_language() or "").split("-")[0]
    key = f"values_{lang}"
    if lang and key in group[name].attrs:  # the unit in the reader's language (JSON: as written → translated)
        try:
            return str(json.loads(_attr_text(group[name].attrs[key])).get(unit, unit))
        except (ValueError, AttributeError):
            return unit
    return unit


def axis_label(group, ds, name, mask=None) -> str:
    unit = _units(group, ds, mask)
    label = column_label(ds, name)
    return f"{label} ({unit})" if unit else label


def is_text(ds) -> bool:
    return h5py.check_string_dtype(ds.dtype) is not None


def read(ds, start=0, stop=None):
    return ds.asstr()[start:stop] if is_text(ds) else ds[start:stop]


def to_float(values) -> np.ndarray:
    if values.dtype.kind in "fiu":
        return values.astype("float64")
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        try:
            out[i] = float(str(v).strip())
        except ValueError:
            pass
    return out


def _mask(values, wanted: str) -> np.ndarray:
    if values.dtype.kind in "fiu":
        try:
            return values == float(wanted)
        except ValueError:
            return np.zeros(len(values), dtype=bool)
    stripped = np.char.strip(values.astype(str))
    hit = stripped == wanted
    try:
        number = float(wanted)
    except ValueError:
        return hit
    return hit | (to_float(stripped) == number)


