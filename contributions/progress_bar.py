"""A text progress bar for management commands: ``[#####     ] 12/100 label``."""

from __future__ import annotations


def bar(done: int, total: int, label: str = "", width: int = 30) -> str:
    total = max(total, 1)
    filled = round(width * min(done, total) / total)
    return f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {label}"[: width + 80]


class ProgressBar:
    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.width = width
        self.last = ""

    def __call__(self, done: int, total: int, label: str = ""):
        text = bar(done, total, label, self.width)
        padding = " " * max(len(self.last) - len(text), 0)
        self.stream.write(text + padding, ending="")
        self.stream.flush()
        self.last = text
        if done >= total:
            self.stream.write("")
