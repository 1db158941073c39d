"""Open-data exports in HDF5.

* ``write_figures``: the published aggregates (the rows of the CSV export) as
  one table group, ``/figures`` with one 1-D dataset per column — the layout
  ALMA's own dataset import reads.
* ``write_learning_records``: for approved researchers, every learning
  statement and every outcome-mastery row of current accounts with
  pseudonymous learner ids (``impact.models.Pseudonymiser``): no names,
  usernames, e-mails or classes. The pseudonyms are keyed by a random salt made
  for this export, or by a study's stored salt; never by SECRET_KEY. Deleted
  accounts are left out, so their records cannot be matched with an earlier
  export.
  Rows are read from the database in chunks with ``iterator(chunk_size=…)`` and
  appended to resizable datasets, so memory stays bounded whatever the size.
"""

from __future__ import annotations

import h5py
import numpy as np
from django.utils import timezone

from impact.models import Pseudonymiser, ResearchStudy, new_salt
from impact.services import csv_rows
from progress.models import Statement
from quizzes.models import OutcomeMastery

STRING = h5py.string_dtype("utf-8")
CHUNK = 5_000


class TableWriter:
    """Appends rows, column by column, to resizable datasets of one group."""

    def __init__(self, h5: h5py.File, name: str, columns: list[tuple[str, object]], attrs: dict | None = None):
        self.group = h5.create_group(name)
        self.group.attrs["columns"] = [c for c, _dtype in columns]
        for key, value in (attrs or {}).items():
            self.group.attrs[key] = value
        self.columns = columns
        self.rows = 0
        self.batches = 0
        for column, dtype in columns:
            self.group.create_dataset(column, shape=(0,), maxshape=(None,), dtype=dtype, chunks=(min(CHUNK, 4096),),
                                      compression="gzip")

    def append(self, rows: list[tuple]) -> None:
        if not rows:
            return
        start, stop = self.rows, self.rows + len(rows)
        for index, (column, dtype) in enumerate(self.columns):
            ds = self.group[column]
            ds.resize((stop,))
            values = [row[index] for row in rows]
            ds[start:stop] = np.asarray(values, dtype=object) if dtype is STRING else np.asarray(values, dtype=dtype)
        self.rows = stop
        self.batches += 1


def write_figures(destination, figures: dict) -> None:
    with h5py.File(destination, "w") as h5:
        h5.attrs["title"] = "ALMA Aula impact figures"
        h5.attrs["description"] = (f"Aggregated, anonymous figures; a group is published only with at least "
                                   f"{figures['min_group']} learners.")
        h5.attrs["min_group"] = figures["min_group"]
        h5.attrs["generated"] = timezone.now().isoformat()
        rows = list(csv_rows(figures))[1:]
        writer = TableWriter(h5, "figures", [("dimension", STRING), ("group", STRING), ("metric", STRING), ("value", "f8")])
        writer.append([(str(d), str(g), str(m), float(v)) for d, g, m, v in rows])


def _tri(value) -> int:
    return -1 if value is None else int(bool(value))


def _nan(value) -> float:
    return float("nan") if value is None else float(value)


def write_learning_records(destination, *, study: ResearchStudy | None = None, chunk: int = CHUNK) -> dict:
    """Write the pseudonymised records, keyed by the study's salt (or a new one for
    this export alone); returns ``{"statements": (rows, batches), "mastery": (rows, batches)}``."""
    learner = Pseudonymiser(study.salt if study else new_salt())
    scope = (f"the study '{study.name}' (stable across its exports until its salt is rotated)" if study
             else "this export alone (another export gives every learner a different pseudonym)")
    with h5py.File(destination, "w") as h5:
        h5.attrs["title"] = "ALMA Aula learning records (pseudonymised)"
        h5.attrs["description"] = ("One row per learning statement and per learner × learning outcome. Learners appear only "
                                   f"as pseudonyms keyed by a random salt of {scope}; no names, usernames, e-mails or classes "
                                   "are included. For approved research use only: do not try to re-identify learners and "
                                   "do not publish groups under 10.")
        h5.attrs["pseudonym_scope"] = f"study:{study.name}" if study else "export"
        h5.attrs["generated"] = timezone.now().isoformat()
        statements = TableWriter(h5, "statements", [
            ("learner", STRING), ("country", STRING), ("verb", STRING), ("object_type", STRING), ("object_key", STRING),
            ("object_title", STRING), ("locale", STRING), ("timestamp", STRING), ("score_scaled", "f8"),
            ("success", "i1"), ("completion", "i1"), ("duration_seconds", "f8"),
        ], attrs={"success": "1 yes, 0 no, -1 not recorded", "completion": "1 yes, 0 no, -1 not recorded"})
        batch = []
        query = (Statement.objects.filter(user__isnull=False).order_by("timestamp", "pk")
                 .values_list("user_id", "user__country", "verb", "object_type", "object_key", "object_title", "locale",
                              "timestamp", "score_scaled", "success", "completion", "duration_seconds"))
        for uid, country, verb, otype, key, title, locale, ts, score, success, completion, duration in query.iterator(chunk_size=chunk):
            batch.append((learner(uid), str(country or ""), verb, otype, str(key), title, locale, ts.isoformat(), _nan(score),
                          _tri(success), _tri(completion), _nan(duration)))
            if len(batch) >= chunk:
                statements.append(batch)
                batch = []
        statements.append(batch)
        mastery = TableWriter(h5, "mastery", [
            ("learner", STRING), ("country", STRING), ("outcome_code", STRING), ("responses", "i4"), ("correct", "i4"),
            ("mastered", "i1"),
        ])
        batch = []
        query = OutcomeMastery.objects.filter(user__isnull=False).order_by("pk").values_list("user_id", "user__country", "outcome_code", "responses",
                                                                  "correct", "mastered")
        for uid, country, code, responses, correct, mastered in query.iterator(chunk_size=chunk):
            batch.append((learner(uid), str(country or ""), code, responses, correct, int(mastered)))
            if len(batch) >= chunk:
                mastery.append(batch)
                batch = []
        mastery.append(batch)
    return {"statements": (statements.rows, statements.batches), "mastery": (mastery.rows, mastery.batches)}
