"""Chart time and peak memory for 10 thousand, 1 million and 10 million points.

A line chart of an HDF5 series is selected (downsampled by reading slices) and
rendered as SVG; peak memory is Python's (tracemalloc), which includes numpy
buffers. The bar: memory stays bounded while the series grows 1000 times.
"""

import tempfile
import time
import tracemalloc
from pathlib import Path

import h5py
import numpy as np

from datasets.charts import render_svg, select

SIZES = {"10k": 10_000, "1m": 1_000_000, "10m": 10_000_000}


def _write(path: Path, n: int):
    with h5py.File(path, "w") as h5:
        g = h5.create_group("series")
        x = g.create_dataset("t", shape=(n,), dtype="f8", chunks=(min(n, 262_144),))
        y = g.create_dataset("value", shape=(n,), dtype="f8", chunks=(min(n, 262_144),))
        step = 1_000_000
        for start in range(0, n, step):
            stop = min(n, start + step)
            t = np.arange(start, stop, dtype="f8")
            x[start:stop] = t
            y[start:stop] = np.sin(t / 5e4) + 0.1 * np.cos(t / 7.0)


def run(report):
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in SIZES.items():
            path = Path(tmp) / f"{label}.h5"
            _write(path, n)
            with h5py.File(path, "r") as h5:
                tracemalloc.start()
                started = time.perf_counter()
                data = select(h5["series"], kind="line", x="t", y="value")
                svg = render_svg(data, f"{n} points")
                elapsed = time.perf_counter() - started
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            report(f"chart_{label}_points_ms", round(elapsed * 1000, 1), "ms")
            report(f"chart_{label}_points_peak_memory_mb", round(peak / 2**20, 2), "MB")
            report(f"chart_{label}_points_svg_kb", round(len(svg) / 1024, 1), "KB")
            path.unlink()


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alma.settings.test")
    django.setup()
    run(lambda name, value, unit: print(name, value, unit))
