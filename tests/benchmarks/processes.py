"""The bench's processes: a lower CPU priority for the task worker, and the CPU time each
process spent, read from /proc."""

from __future__ import annotations

import os
import re

from tests.benchmarks.run import note


def lower_priority(pid: int) -> None:
    """Nice 19 for a process in its own session. Linux shares the CPU between sessions first
    ("autogroups") and applies nice values only inside one, so the session's own nice is set too."""
    os.setpriority(os.PRIO_PROCESS, pid, 19)
    try:
        with open(f"/proc/{pid}/autogroup", "w") as autogroup:
            autogroup.write("19")
    except OSError:
        note("the task worker's session could not be given a lower CPU priority (no autogroup here)")


def cpu_seconds(groups: dict[str, int]) -> dict[str, float]:
    """CPU time used so far (user + system) by each process group in ``groups`` (role → group id),
    by PostgreSQL's (its shared processes and the backends of the bench's database, not those of
    other work on the machine) and by this process (the bench's own HTTP clients): a cost that,
    unlike a rate, does not move with what else the machine is doing."""
    from django.db import connection

    database = connection.settings_dict["NAME"]
    ticks = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys([*groups, "postgres", "client"], 0.0)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                raw = stat.read()
        except OSError:
            continue  # gone meanwhile
        name, fields = raw[raw.index("(") + 1:raw.rindex(")")], raw[raw.rindex(")") + 2:].split()
        used = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        group = int(fields[2])
        role = next((role for role, gid in groups.items() if gid == group), None)
        if role:
            totals[role] += used
        elif name.startswith(("postgres", "postmaster")) and _bench_postgres(pid, database):
            totals["postgres"] += used
    totals["client"] = sum(os.times()[:2])
    return totals


def _bench_postgres(pid: str, database: str) -> bool:
    """A PostgreSQL process that works for the bench: a backend of its database, or a shared one
    (a backend's title names its database and client address, "postgres: … alma_bench 127.0.0.1(5123)")."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            title = cmdline.read().decode(errors="replace")
    except OSError:
        return False
    return f" {database} " in title or not re.search(r"\(\d+\)", title)
