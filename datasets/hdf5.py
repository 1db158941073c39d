"""Safe reading, validation and conversion of HDF5 files (pure: no database).

``inspect_hdf5`` opens a file with h5py and walks it without following any link
out of the file, refusing what could make a server read outside the file or
allocate without bound: external links, soft links that do not resolve inside
the file, virtual datasets, external raw storage, declared sizes over a limit,
oversized chunks and compressed data that would expand far beyond the file.
``csv_to_hdf5`` turns a CSV file into one group with one dataset per column.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass

import h5py
import numpy as np
from django.utils.translation import gettext as _

from datasets.seeds import label_columns

MB = 1024 * 1024
MAX_DATASET_BYTES = 256 * MB  # declared (uncompressed) size of one dataset
MAX_TOTAL_BYTES = 1024 * MB  # declared size of all datasets
MAX_CHUNK_BYTES = 16 * MB  # one chunk, decompressed
MAX_EXPANSION = 1000  # declared bytes / bytes stored, for filtered datasets over 1 MB
MAX_OBJECTS = 10_000
MAX_ATTRIBUTE_BYTES = 64 * 1024
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
STRING = h5py.string_dtype("utf-8")
READ_BLOCK = 262_144  # rows read at a time


class DatasetRefused(ValueError):
    """A file that cannot be accepted, with a message a curator can act on."""


def _json_value(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        return [_json_value(v) for v in value.tolist()[:100]] if value.size <= 100 else f"array{value.shape}"
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)


def _attrs(obj, where: str) -> dict:
    out = {}
    for name in obj.attrs:
        info = obj.attrs.get_id(name)
        size = info.get_storage_size()
        if size > MAX_ATTRIBUTE_BYTES:
            raise DatasetRefused(_("Attribute '%(name)s' of %(where)s is larger than %(limit)d bytes.")
                                 % {"name": name, "where": where, "limit": MAX_ATTRIBUTE_BYTES})
        out[name] = _json_value(obj.attrs[name])
    return out


def _dtype_name(dtype) -> str:
    if h5py.check_string_dtype(dtype) is not None:
        return "string"
    return str(dtype)


def _check_dataset(ds: h5py.Dataset, path: str, file_size: int) -> dict:
    if ds.is_virtual:
        raise DatasetRefused(_("%(path)s is a virtual dataset (it reads other files); store its data in this file.") % {"path": path})
    if ds.external:
        raise DatasetRefused(_("%(path)s keeps its data in an external file; store its data in this file.") % {"path": path})
    dtype = ds.dtype
    if dtype.kind == "O" and h5py.check_string_dtype(dtype) is None:
        raise DatasetRefused(_("%(path)s has a variable-length type other than text; use numbers or text.") % {"path": path})
    if dtype.kind == "V" or dtype.names:
        raise DatasetRefused(_("%(path)s has a compound or opaque type; use one dataset per column.") % {"path": path})
    shape = ds.shape or ()
    if shape is None or any(dim is None for dim in shape):
        raise DatasetRefused(_("%(path)s has no fixed shape.") % {"path": path})
    count = math.prod(shape) if shape else 1
    itemsize = dtype.itemsize if dtype.kind != "O" else 16
    declared = count * itemsize
    if declared > MAX_DATASET_BYTES:
        raise DatasetRefused(
            _("%(path)s declares %(size)s of data (shape %(shape)s), more than the limit of %(limit)s; split it into smaller datasets.")
            % {"path": path, "size": _size(declared), "shape": shape, "limit": _size(MAX_DATASET_BYTES)})
    filters = []
    if ds.chunks:
        chunk_bytes = math.prod(ds.chunks) * itemsize
        if chunk_bytes > MAX_CHUNK_BYTES:
            raise DatasetRefused(_("%(path)s uses chunks of %(size)s, more than the limit of %(limit)s.")
                                 % {"path": path, "size": _size(chunk_bytes), "limit": _size(MAX_CHUNK_BYTES)})
        plist = ds.id.get_create_plist()
        filters = [plist.get_filter(i)[0] for i in range(plist.get_nfilters())]
        stored = ds.id.get_storage_size()
        if filters and declared > MB and declared > MAX_EXPANSION * max(stored, 1):
            raise DatasetRefused(
                _("%(path)s would expand from %(stored)s to %(size)s when decompressed (more than %(ratio)d times); refused as a compression bomb.")
                % {"path": path, "stored": _size(stored), "size": _size(declared), "ratio": MAX_EXPANSION})
        if filters:
            _read_bounded(ds, path)
    return {
        "path": path, "shape": list(shape), "dtype": _dtype_name(dtype), "bytes": declared,
        "chunks": list(ds.chunks) if ds.chunks else None, "compression": ds.compression,
        "filters": filters, "attrs": _attrs(ds, path),
    }


def _read_bounded(ds, path):
    """Decompress every chunk, one bounded slice at a time (catches corrupt or lying chunks)."""
    if not ds.shape:
        return
    rows = max(1, MAX_CHUNK_BYTES // max(1, (math.prod(ds.shape[1:]) if len(ds.shape) > 1 else 1) * ds.dtype.itemsize))
    try:
        for start in range(0, ds.shape[0], rows):
            ds[start:start + rows]
    except (OSError, ValueError) as error:
        raise DatasetRefused(_("%(path)s could not be decompressed: %(error)s") % {"path": path, "error": error}) from error


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _resolve_soft(root: h5py.File, target: str, origin: str) -> str:
    """Follow a soft link's path inside the file, refusing one that leaves it."""
    if not target.startswith("/"):
        base = origin.rsplit("/", 1)[0] or "/"
        target = base.rstrip("/") + "/" + target
    parts = [p for p in target.split("/") if p not in ("", ".")]
    node = root
    for depth, part in enumerate(parts):
        if part == "..":
            raise DatasetRefused(_("Soft link %(path)s points outside its group ('%(target)s').") % {"path": origin, "target": target})
        if not isinstance(node, h5py.Group) or part not in node:
            link = node.get(part, getlink=True) if isinstance(node, h5py.Group) else None
            if isinstance(link, h5py.ExternalLink):
                raise DatasetRefused(_("Soft link %(path)s points to another file through '%(target)s'.") % {"path": origin, "target": target})
            raise DatasetRefused(_("Soft link %(path)s points to '%(target)s', which is not in this file.") % {"path": origin, "target": target})
        link = node.get(part, getlink=True)
        if isinstance(link, h5py.ExternalLink):
            raise DatasetRefused(_("Soft link %(path)s points to another file through '%(target)s'.") % {"path": origin, "target": target})
        if isinstance(link, h5py.SoftLink):
            raise DatasetRefused(_("Soft link %(path)s points to another link; link to the object itself.") % {"path": origin})
        node = node[part]
    return "/" + "/".join(parts)


def inspect_hdf5(source) -> dict:
    """Validate an HDF5 file (path or binary file object); return its structure.

    Raises DatasetRefused with a message naming the object and the reason.
    """
    if isinstance(source, (str, os.PathLike)):
        file_size = os.path.getsize(source)
        with open(source, "rb") as handle:
            head = handle.read(8)
    else:
        source.seek(0, os.SEEK_END)
        file_size = source.tell()
        source.seek(0)
        head = source.read(8)
        source.seek(0)
    if head != HDF5_SIGNATURE:
        raise DatasetRefused(_("This is not an HDF5 file (it does not start with the HDF5 signature). Upload an .h5 file or a CSV file."))
    try:
        h5 = h5py.File(source, "r")
    except OSError as error:
        raise DatasetRefused(_("This HDF5 file could not be opened: %(error)s") % {"error": error}) from error
    with h5:
        structure = {"groups": [], "datasets": [], "links": [], "attrs": _attrs(h5, "/")}
        total = 0
        seen = set()
        stack = [("/", h5)]
        structure["groups"].append({"path": "/", "attrs": structure["attrs"]})
        count = 0
        while stack:
            path, group = stack.pop()
            for name in sorted(group.keys()):
                count += 1
                if count > MAX_OBJECTS:
                    raise DatasetRefused(_("The file holds more than %(n)d objects.") % {"n": MAX_OBJECTS})
                child = (path.rstrip("/") + "/" + name)
                link = group.get(name, getlink=True)
                if isinstance(link, h5py.ExternalLink):
                    raise DatasetRefused(_("%(path)s is an external link to '%(file)s'; datasets must be self-contained.")
                                         % {"path": child, "file": link.filename})
                if isinstance(link, h5py.SoftLink):
                    target = _resolve_soft(h5, link.path, child)
                    structure["links"].append({"path": child, "target": target})
                    continue
                obj = group.get(name)
                key = h5py.h5o.get_info(obj.id).addr if obj is not None else None
                if key in seen:
                    structure["links"].append({"path": child, "target": "(hard link)"})
                    continue
                seen.add(key)
                if isinstance(obj, h5py.Group):
                    structure["groups"].append({"path": child, "attrs": _attrs(obj, child)})
                    stack.append((child, obj))
                elif isinstance(obj, h5py.Dataset):
                    info = _check_dataset(obj, child, file_size)
                    total += info["bytes"]
                    if total > MAX_TOTAL_BYTES:
                        raise DatasetRefused(_("The datasets declare more than %(limit)s in total.") % {"limit": _size(MAX_TOTAL_BYTES)})
                    structure["datasets"].append(info)
                else:
                    raise DatasetRefused(_("%(path)s is a named type or an object ALMA cannot read.") % {"path": child})
        structure["groups"].sort(key=lambda g: g["path"])
        structure["datasets"].sort(key=lambda d: d["path"])
        table = find_table(structure)
        structure["table"] = table
        return structure


def find_table(structure: dict) -> dict | None:
    """The first group whose 1-D datasets share one length: the columns of a table."""
    by_group: dict[str, list[dict]] = {}
    for ds in structure["datasets"]:
        if len(ds["shape"]) == 1:
            group = ds["path"].rsplit("/", 1)[0] or "/"
            by_group.setdefault(group, []).append(ds)
    for group in sorted(by_group):
        columns = by_group[group]
        lengths = {c["shape"][0] for c in columns}
        if len(lengths) == 1:
            order = None
            for g in structure["groups"]:
                if g["path"] == group:
                    order = g["attrs"].get("columns")
            names = [c["path"].rsplit("/", 1)[1] for c in columns]
            if isinstance(order, list) and sorted(order) == sorted(names):
                names = order
            return {"group": group, "columns": names, "rows": lengths.pop()}
    return None


# --- CSV -------------------------------------------------------------------------


@dataclass
class Column:
    name: str
    values: list


def _number(text: str):
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) or text.lower() in ("nan", "inf", "-inf") else None


def parse_csv(data: bytes, filename: str = "file.csv", *, mixed_as_text: bool = False, notes: list | None = None) -> list[Column]:
    """Decode and parse CSV bytes; infer each column as text or number.

    A column is numeric when every non-blank cell is a number; a column where
    most cells are numbers but some are not is refused with the row number
    (flags such as ">" or "W" belong in a column of their own).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise DatasetRefused(
            _("%(file)s is not valid UTF-8: byte 0x%(byte)02x at byte offset %(offset)d (line %(line)d). Save it as UTF-8 and try again.")
            % {"file": filename, "byte": data[error.start], "offset": error.start, "line": line}) from error
    if "\x00" in text:
        raise DatasetRefused(_("%(file)s contains NUL bytes; it is not a text CSV file.") % {"file": filename})
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DatasetRefused(_("%(file)s is empty or has no header row.") % {"file": filename})
    header = [cell.strip() for cell in rows[0]]
    seen = set()
    for index, name in enumerate(header):
        if not name:
            raise DatasetRefused(_("%(file)s: column %(n)d has no name in the header row.") % {"file": filename, "n": index + 1})
        if name in seen:
            raise DatasetRefused(_("%(file)s: column '%(name)s' appears twice in the header row.") % {"file": filename, "name": name})
        seen.add(name)
    body = rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DatasetRefused(_("%(file)s, row %(row)d: %(got)d cells, but the header has %(want)d.")
                                 % {"file": filename, "row": number, "got": len(row), "want": len(header)})
    columns = []
    for index, name in enumerate(header):
        cells = [row[index] for row in body]
        filled = [(n, c) for n, c in enumerate(cells, start=2) if c.strip()]
        numbers = [(n, c) for n, c in filled if _number(c.strip()) is not None]
        if filled and len(numbers) == len(filled):
            values = [_number(c.strip()) if c.strip() else math.nan for c in cells]
        elif filled and len(numbers) * 2 > len(filled):
            bad_row, bad = next((n, c) for n, c in filled if _number(c.strip()) is None)
            if mixed_as_text:
                if notes is not None:
                    notes.append(f"column '{name}' kept as text (row {bad_row}: '{bad[:40]}')")
                columns.append(Column(name, cells))
                continue
            raise DatasetRefused(
                _("%(file)s, row %(row)d, column '%(name)s': '%(value)s' is not a number, but the column holds numbers. Put flags or notes in a column of their own, or leave the cell blank.")
                % {"file": filename, "row": bad_row, "name": name, "value": bad[:40]})
        else:
            values = cells
        columns.append(Column(name, values))
    return columns


def h5_name(column: str) -> str:
    name = column.replace("/", "_").strip() or "column"
    return "_" + name if name.startswith(".") else name


def csv_to_hdf5(data: bytes, destination, *, group: str = "table", attrs: dict | None = None, filename: str = "file.csv",
                mixed_as_text: bool = False, notes: list | None = None) -> dict:
    """Write CSV bytes as an HDF5 file: ``/group/<column>`` per column, numbers as
    float64 (NaN for blank), text as UTF-8 strings; return the structure."""
    columns = parse_csv(data, filename, mixed_as_text=mixed_as_text, notes=notes)
    with h5py.File(destination, "w") as h5:
        for key, value in (attrs or {}).items():
            h5.attrs[key] = value
        table = h5.create_group(group)
        table.attrs["columns"] = [h5_name(c.name) for c in columns]
        for column in columns:
            if column.values and isinstance(column.values[0], float):
                table.create_dataset(h5_name(column.name), data=np.asarray(column.values, dtype="float64"))
            else:
                table.create_dataset(h5_name(column.name), data=np.asarray(column.values, dtype=object), dtype=STRING)
            table[h5_name(column.name)].attrs["column"] = column.name
        label_columns(table)  # known column names (country, year, production…) get labels per language
    return inspect_hdf5(destination)


def repair_unbalanced_quotes(data: bytes) -> tuple[bytes, list[int]]:
    """Re-join cells split by a comma inside a quotation that starts mid-field
    (``a, title "x, y" b`` written without quoting the whole field).

    Only used for the seed files, whose repair is reported; uploads stay strict.
    Returns the rewritten CSV and the row numbers repaired.
    """
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if not rows:
        return data, []
    width = len(rows[0])
    repaired = []
    for number, row in enumerate(rows[1:], start=2):
        while len(row) > width:
            for i, cell in enumerate(row[:-1]):
                if cell.count('"') % 2 == 1:
                    row[i:i + 2] = [cell + "," + row[i + 1]]
                    break
            else:
                break
        rows[number - 1] = row
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    original = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for number, (row, before) in enumerate(zip(rows, original), start=1):
        if len(row) != len(before):
            repaired.append(number)
        writer.writerow(row)
    return out.getvalue().encode("utf-8"), repaired
