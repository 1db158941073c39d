"""Chart maths and rendering (pure: h5py files in, SVG/PNG out; no database).

``select`` reads only the columns a chart needs from a table group (one 1-D
dataset per column). Small tables are read whole; large ones are read in
bounded slices and downsampled into min/max buckets, so a 10-million-point
series is never held in memory. ``render_svg`` draws accessible SVG (role,
title, description); ``render_png`` draws the same shapes with Pillow.
"""

from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass, field

import h5py
import numpy as np
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from datasets.columns import (
    BLOCK,
    SMALL,
    ChartError,
    axis_label,
    column_label,
    filter_mask,
    fmt,
    fmt_value,
    is_text,
    localized_category,
    read,
    table_column,
    to_float,
    where_filters,
)

KINDS = ("line", "bar", "stacked-bar", "scatter")
BUCKETS = 1_000  # min/max buckets for a large series (≤ 2 points each)
MAX_CATEGORIES = 60
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


@dataclass
class Series:
    name: str
    points: list = field(default_factory=list)  # (x, y) pairs; y may be None


@dataclass
class ChartData:
    kind: str
    x: str
    y: str
    series: list[Series]
    categorical: bool
    source_rows: int = 0
    downsampled: bool = False
    title: str = ""

    def categories(self) -> list:
        seen, out = set(), []
        for s in self.series:
            for x, _y in s.points:
                if x not in seen:
                    seen.add(x)
                    out.append(x)
        return out

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows of the data table shown next to the chart."""
        names = [s.name for s in self.series]
        header = [self.x] + (names if len(names) > 1 or names[0] else [self.y])
        lookup = [dict(s.points) for s in self.series]
        rows = []
        for x in self.categories():
            rows.append([fmt(x)] + [fmt_value(l.get(x)) for l in lookup])
        return header, rows



def select(group: h5py.Group, *, kind="bar", x: str, y: str, series: str = "", where: str = "") -> ChartData:
    if kind not in KINDS:
        raise ChartError(_("Unknown chart kind '%(kind)s'; use one of %(kinds)s.") % {"kind": kind, "kinds": ", ".join(KINDS)})
    filters = where_filters(group, where)
    xs, ys = table_column(group, x), table_column(group, y)
    ss = table_column(group, series) if series else None
    n = xs.shape[0]
    numeric_line = kind in ("line", "scatter") and not is_text(xs) and ss is None
    if n > SMALL or (numeric_line and n > 2 * BUCKETS):
        if ss is not None or kind in ("bar", "stacked-bar") or is_text(xs):
            raise ChartError(_("A table of %(n)d rows can only be drawn as a line or scatter chart without series.") % {"n": n})
        return _downsample(xs, ys, filters, kind, column_label(xs, x), axis_label(group, ys, y))
    mask = filter_mask(filters, 0, None, n)
    xv = read(xs)[mask]
    yv = to_float(read(ys)[mask])
    sv = read(ss)[mask] if ss is not None else None
    categorical = is_text(xs) or kind in ("bar", "stacked-bar")
    if not categorical:
        xv = to_float(xv)
    groups: dict[str, Series] = {}
    seen: set = set()
    for i in range(len(xv)):
        name = localized_category(series, str(sv[i]).strip()) if sv is not None else ""
        s = groups.setdefault(name, Series(name))
        xval = localized_category(x, str(xv[i]).strip()) if is_text(xs) else (fmt(xv[i]) if categorical else float(xv[i]))
        if (name, xval) in seen:
            continue  # first row wins; filters should make (x, series) unique
        seen.add((name, xval))
        yval = None if math.isnan(yv[i]) else float(yv[i])
        s.points.append((xval, yval))
    data = ChartData(kind, column_label(xs, x), axis_label(group, ys, y, mask), list(groups.values()) or [Series("")],
                     categorical, source_rows=n)
    if categorical and len(data.categories()) > MAX_CATEGORIES:
        raise ChartError(_("The chart would have %(n)d categories; add filters ('where') to keep it under %(max)d.")
                         % {"n": len(data.categories()), "max": MAX_CATEGORIES})
    if not categorical:
        for s in data.series:
            s.points.sort(key=lambda p: p[0])
    return data


def _downsample(xs, ys, filters, kind, xname, yname) -> ChartData:
    """Min/max per bucket of rows, read BLOCK rows at a time."""
    n = xs.shape[0]
    bucket = max(1, math.ceil(n / BUCKETS))
    block = max(bucket, (BLOCK // bucket) * bucket)
    points = []
    for start in range(0, n, block):
        stop = min(n, start + block)
        y = to_float(read(ys, start, stop))
        x = to_float(read(xs, start, stop))
        y[~filter_mask(filters, start, stop, stop - start)] = np.nan
        count = stop - start
        pad = (-count) % bucket
        if pad:
            y = np.concatenate([y, np.full(pad, np.nan)])
        grid = y.reshape(-1, bucket)
        valid = ~np.all(np.isnan(grid), axis=1)
        low = np.argmin(np.where(np.isnan(grid), np.inf, grid), axis=1)
        high = np.argmax(np.where(np.isnan(grid), -np.inf, grid), axis=1)
        for row in np.nonzero(valid)[0]:
            for offset in sorted({int(low[row]), int(high[row])}):
                index = row * bucket + offset
                points.append((float(x[index]), float(y[index])))
        del x, y, grid
    return ChartData(kind, xname, yname, [Series("", points)], False, source_rows=n, downsampled=n > 2 * BUCKETS)


# --- Layout: shapes shared by the SVG and PNG renderers --------------------------

W, H = 720, 400
# Text sizes in viewBox units. The chart is never drawn narrower than MIN_WIDTH_PX CSS pixels
# (.chart in alma.css; a phone scrolls it sideways), so tick labels stay at least
# TICK_SIZE × MIN_WIDTH_PX / W ≈ 12.4 px.
TICK_SIZE, LABEL_SIZE, MIN_WIDTH_PX = 14, 15, 640


def _nice_ticks(low, high, count=5):
    if low == high:
        high = low + 1
    span = high - low
    step = 10 ** math.floor(math.log10(span / count))
    for m in (1, 2, 2.5, 5, 10):
        if span / (step * m) <= count:
            step *= m
            break
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - step * 1e-9:  # the last tick covers the highest value
        ticks.append(round(first + len(ticks) * step, 10))
    return ticks


def layout(data: ChartData) -> tuple[int, int, list[tuple]]:
    """Shapes: ("rect", x, y, w, h, colour, label), ("line", x1, y1, x2, y2, colour, width),
    ("path", [(x, y)...], colour), ("dot", x, y, colour, label), ("text", x, y, text, anchor, size)."""
    shapes: list[tuple] = []
    names = [s.name for s in data.series]
    legend = len(names) > 1
    if data.kind in ("bar", "stacked-bar"):
        cats = data.categories()
        stacked = data.kind == "stacked-bar"
        band = 26 if stacked or len(names) == 1 else 14 * len(names) + 8
        left, right, top = 230, 30, 20 + (18 * math.ceil(len(names) / 3) if legend else 0)
        height = top + band * len(cats) + 50
        lookup = [dict(s.points) for s in data.series]
        totals = [sum(max(0.0, l.get(c) or 0) for l in lookup) if stacked else max([abs(l.get(c) or 0) for l in lookup] or [0]) for c in cats]
        negatives = [min([l.get(c) or 0 for l in lookup] or [0]) for c in cats]
        high, low = max(totals + [0]), min(negatives + [0])
        ticks = _nice_ticks(low, high if high > low else low + 1)
        lo, hi = ticks[0], ticks[-1]
        scale = lambda v: left + (v - lo) / (hi - lo) * (W - left - right)
        bottom = top + band * len(cats)
        for t in ticks:
            shapes.append(("line", scale(t), top, scale(t), bottom, "#d0d0d0", 1))
            shapes.append(("text", scale(t), bottom + 18, fmt_value(t), "middle", TICK_SIZE))
        shapes.append(("line", scale(0), top, scale(0), bottom, "#333333", 1))
        for i, c in enumerate(cats):
            y0 = top + i * band + 4
            label = str(c)
            shapes.append(("text", left - 6, y0 + (band - 8) / 2 + 5, label if len(label) <= 28 else label[:27] + "…", "end", TICK_SIZE))
            acc = 0.0
            for j, l in enumerate(lookup):
                v = l.get(c)
                if v is None:
                    continue
                colour = PALETTE[j % len(PALETTE)]
                tip = f"{c}{' — ' + names[j] if names[j] else ''}: {fmt_value(v)}"
                if stacked:
                    shapes.append(("rect", scale(acc), y0, scale(acc + v) - scale(acc), band - 8, colour, tip))
                    acc += v
                else:
                    h = (band - 8) / len(lookup)
                    a, b = sorted((scale(0), scale(v)))
                    shapes.append(("rect", a, y0 + j * h, b - a, h, colour, tip))
        shapes.append(("text", (left + W - right) / 2, bottom + 40, data.y, "middle", LABEL_SIZE))
    else:
        left, right, top, bottom_pad = 90, 20, 24 + (20 * math.ceil(len(names) / 3) if legend else 0), 56
        height = H
        bottom = height - bottom_pad
        cats = data.categories() if data.categorical else None
        xvals = [i for i in range(len(cats))] if cats else [p[0] for s in data.series for p in s.points]
        yvals = [p[1] for s in data.series for p in s.points if p[1] is not None]
        if not xvals or not yvals:
            xvals, yvals = [0, 1], [0, 1]
        xt, yt = _nice_ticks(min(xvals), max(xvals)), _nice_ticks(min(yvals + [0]), max(yvals))
        sx = lambda v: left + (v - xt[0]) / ((xt[-1] - xt[0]) or 1) * (W - left - right)
        sy = lambda v: bottom - (v - yt[0]) / ((yt[-1] - yt[0]) or 1) * (bottom - top)
        for t in yt:
            shapes.append(("line", left, sy(t), W - right, sy(t), "#d0d0d0", 1))
            shapes.append(("text", left - 6, sy(t) + 5, fmt_value(t), "end", TICK_SIZE))
        if cats:
            for i, c in enumerate(cats):
                shapes.append(("text", sx(i), bottom + 18, str(c)[:12], "middle", TICK_SIZE))
        else:
            for t in xt:
                shapes.append(("text", sx(t), bottom + 18, fmt(t), "middle", TICK_SIZE))
        shapes.append(("line", left, bottom, W - right, bottom, "#333333", 1))
        index = {c: i for i, c in enumerate(cats)} if cats else None
        for j, s in enumerate(data.series):
            colour = PALETTE[j % len(PALETTE)]
            pts = [(sx(index[x] if index else x), sy(y)) for x, y in s.points if y is not None]
            if data.kind == "line" and len(pts) > 1:
                shapes.append(("path", pts, colour))
            if data.kind == "scatter" or len(pts) <= 60:
                for (px, py), (x, y) in zip(pts, [p for p in s.points if p[1] is not None]):
                    shapes.append(("dot", px, py, colour, f"{fmt(x)}: {fmt_value(y)}"))
        shapes.append(("text", (left + W - right) / 2, bottom + 42, data.x, "middle", LABEL_SIZE))
        shapes.append(("text", 14, top - 8 if top > 24 else 16, data.y, "start", LABEL_SIZE))
    if legend:
        for j, name in enumerate(names):
            lx, ly = 10 + (j % 3) * 235, 6 + (j // 3) * 20
            shapes.append(("rect", lx, ly, 14, 14, PALETTE[j % len(PALETTE)], name))
            shapes.append(("text", lx + 18, ly + 13, name[:26], "start", TICK_SIZE))
    return W, int(height), shapes


def describe(data: ChartData, title: str = "") -> str:
    kinds = {"line": _("Line chart"), "bar": _("Bar chart"), "stacked-bar": _("Stacked bar chart"), "scatter": _("Scatter chart")}
    parts = [_("%(kind)s of %(y)s by %(x)s.") % {"kind": kinds[data.kind], "y": data.y, "x": data.x}]
    named = [s.name for s in data.series if s.name]
    if named:
        parts.append(_("Series: %(names)s.") % {"names": ", ".join(named)})
    values = [(y, x, s.name) for s in data.series for x, y in s.points if y is not None]
    if values:
        low, high = min(values), max(values)
        parts.append(_("Highest: %(x)s, %(y)s; lowest: %(lx)s, %(ly)s.") % {
            "x": fmt(high[1]) + (f" ({high[2]})" if high[2] else ""), "y": fmt_value(high[0]),
            "lx": fmt(low[1]) + (f" ({low[2]})" if low[2] else ""), "ly": fmt_value(low[0])})
    else:
        parts.append(_("No values match the filters."))
    if data.downsampled:
        parts.append(_("Drawn from %(n)s rows reduced to the lowest and highest value of each of %(b)d intervals.")
                     % {"n": fmt(data.source_rows), "b": BUCKETS})
    parts.append(_("The same figures are in the table next to the chart."))
    return " ".join(parts)


def render_svg(data: ChartData, title: str, *, uid: str = "chart") -> str:
    width, height, shapes = layout(data)
    e = lambda s: html.escape(str(s), quote=True)
    n = lambda v: f"{v:.1f}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{e(data.kind)}" viewBox="0 0 {width} {height}" '
           f'width="100%" role="img" aria-labelledby="{e(uid)}-title {e(uid)}-desc" preserveAspectRatio="xMidYMid meet">',
           f'<title id="{e(uid)}-title">{e(title or data.y)}</title>',
           f'<desc id="{e(uid)}-desc">{e(describe(data, title))}</desc>',
           '<g font-family="system-ui, sans-serif" fill="#222222">']
    for shape in shapes:
        kind = shape[0]
        if kind == "rect":
            _k, x, y, w, h, colour, label = shape
            out.append(f'<rect x="{n(x)}" y="{n(y)}" width="{n(max(w, 0))}" height="{n(h)}" fill="{colour}"><title>{e(label)}</title></rect>')
        elif kind == "line":
            _k, x1, y1, x2, y2, colour, width_ = shape
            out.append(f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke="{colour}" stroke-width="{width_}"/>')
        elif kind == "path":
            _k, pts, colour = shape
            d = " ".join(f"{n(px)},{n(py)}" for px, py in pts)
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        elif kind == "dot":
            _k, x, y, colour, label = shape
            out.append(f'<circle cx="{n(x)}" cy="{n(y)}" r="3.5" fill="{colour}"><title>{e(label)}</title></circle>')
        elif kind == "text":
            _k, x, y, text, anchor, size = shape
            out.append(f'<text x="{n(x)}" y="{n(y)}" text-anchor="{anchor}" font-size="{size}">{e(text)}</text>')
    out.append("</g></svg>")
    return "".join(out)


def render_png(data: ChartData, title: str = "", scale: int = 2) -> bytes:
    width, height, shapes = layout(data)
    image = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=11 * scale)
    except TypeError:
        font = ImageFont.load_default()
    s = lambda v: v * scale
    for shape in shapes:
        kind = shape[0]
        if kind == "rect":
            _k, x, y, w, h, colour, _l = shape
            draw.rectangle([s(x), s(y), s(x + max(w, 0.5)), s(y + h)], fill=colour)
        elif kind == "line":
            _k, x1, y1, x2, y2, colour, lw = shape
            draw.line([s(x1), s(y1), s(x2), s(y2)], fill=colour, width=lw * scale)
        elif kind == "path":
            _k, pts, colour = shape
            draw.line([(s(px), s(py)) for px, py in pts], fill=colour, width=2 * scale)
        elif kind == "dot":
            _k, x, y, colour, _l = shape
            draw.ellipse([s(x - 3.5), s(y - 3.5), s(x + 3.5), s(y + 3.5)], fill=colour)
        elif kind == "text":
            _k, x, y, text, anchor, _size = shape
            anchors = {"start": "ls", "middle": "ms", "end": "rs"}
            draw.text((s(x), s(y)), str(text), fill="#222222", font=font, anchor=anchors[anchor])
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
