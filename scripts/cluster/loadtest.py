#!/usr/bin/env python
"""School-day load test of the running cluster (``make bench-cluster``; ``make cluster`` first).

Three phases of ``--seconds`` each, through the load balancer, with locust headless
(its own virtualenv, .cluster/tools/locust) on loopback:

* ``one``: app-b taken out of the balancer (HAProxy's runtime API): one app server;
* ``two``: both app servers;
* ``failover``: both, and app-b stopped (SIGTERM) half-way through, started again after.

For each phase it prints and records, in bench-results.json (merged with the other
figures), p50/p95 per endpoint, failed requests, requests per second, and the quiz
submits checked against PostgreSQL: ``attempts_lost`` (a submit answered 302 whose
attempt is not submitted in the database) and ``attempts_unseen`` (an attempt submitted
in the database that no answered submit accounts for: a doubled or phantom submit).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / ".cluster" / "run"
LOCUST = Path(os.environ.get("ALMA_CLUSTER_TOOLS", Path.home() / ".cache" / "alma-aula" / "cluster-tools")) / "locust" / "bin" / "locust"
LB = f"http://127.0.0.1:{os.environ.get('LB_PORT', 18000)}"
DATABASE = f"postgres://postgres@127.0.0.1:{os.environ.get('PG_PORT', 5432)}/{os.environ.get('CLUSTER_DB', 'alma_cluster')}"


def haproxy(command: str) -> str:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(RUN / "haproxy.sock"))
        sock.sendall(command.encode() + b"\n")
        return sock.recv(65536).decode()


def cluster(*args):
    subprocess.run([str(ROOT / "scripts" / "cluster" / "cluster"), *args], check=True, stdout=subprocess.DEVNULL)


def submitted_attempts(first: int, count: int) -> set[int]:
    names = [f"cl-learner-{n}" for n in range(first, first + count)]
    with psycopg.connect(DATABASE) as connection:
        rows = connection.execute("SELECT a.id FROM quizzes_attempt a JOIN accounts_user u ON u.id = a.user_id "
                                  "WHERE u.username = ANY(%s) AND a.state = 'submitted'", (names,)).fetchall()
    return {row[0] for row in rows}


TICKS = os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> set[int]:
    pids, children = {pid}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    frontier = [pid]
    while frontier:
        for child in children.get(frontier.pop(), []):
            pids.add(child)
            frontier.append(child)
    return pids


def cpu_seconds() -> dict[str, float]:
    """CPU time used so far by each part of the cluster (user + system), from /proc: a cost
    per request that other jobs on the machine do not change, unlike latency."""
    parts = {}
    for name in ("app-a", "app-b", "worker", "haproxy", "pgbouncer", "redis", "s3"):
        file = RUN / f"{name}.pid"
        parts[name] = process_tree(int(file.read_text())) if file.exists() else set()
    with psycopg.connect(DATABASE) as connection:
        parts["postgres"] = {row[0] for row in connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")}
    used = {}
    for name, pids in parts.items():
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, IndexError):
                pass
        used[name] = total / TICKS
    return used


def run_phase(name, args, first, seed_path, workdir, during=None) -> dict:
    before = submitted_attempts(first, args.users)
    cpu_before = cpu_seconds()
    log = workdir / f"{name}-submits.json"
    env = {**os.environ, "LOADTEST_SEED": str(seed_path), "LOADTEST_FIRST": str(first), "LOADTEST_LOG": str(log),
           "LOADTEST_WAIT": str(args.wait)}
    command = [str(LOCUST), "-f", str(ROOT / "scripts" / "cluster" / "locustfile.py"), "--headless", "--only-summary",
               "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.seconds}s", "--stop-timeout", "20",
               "--host", LB, "--csv", str(workdir / name), "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    thread = threading.Thread(target=during) if during else None
    if thread:
        thread.start()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / f"{name}.log", "w"))
    if thread:
        thread.join()
    time.sleep(1)
    cpu_after = cpu_seconds()
    seen = {int(re.search(r"/attempt/(\d+)/", attempt)[1]) for _, attempt in json.loads(log.read_text())}
    after = submitted_attempts(first, args.users)
    new = after - before
    figures = {"endpoints": {}, "lost": len(seen - after), "unseen": len(new - seen), "submits": len(seen),
               "cpu": {part: max(0.0, cpu_after[part] - cpu_before.get(part, 0.0)) for part in cpu_after}}
    with open(workdir / f"{name}_stats.csv") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == "Aggregated":
                figures.update(rps=float(row["Requests/s"]), failures=int(row["Failure Count"]),
                               requests=int(row["Request Count"]), p50=float(row["50%"]), p95=float(row["95%"]))
            else:
                figures["endpoints"][row["Name"]] = {"p50": float(row["50%"]), "p95": float(row["95%"]),
                                                     "requests": int(row["Request Count"]),
                                                     "failures": int(row["Failure Count"])}
    failures_csv = workdir / f"{name}_failures.csv"
    figures["failure_kinds"] = [f"{r['Method']} {r['Name']}: {r['Error']} ×{r['Occurrences']}"
                                for r in csv.DictReader(open(failures_csv))] if failures_csv.exists() else []
    return figures


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOADTEST_SECONDS", 40)))
    parser.add_argument("--users", type=int, default=40, help="simulated people at once (default 40)")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--wait", type=float, default=1.0, help="mean think time between pages, seconds")
    parser.add_argument("--phases", default="one,two,failover")
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    args = parser.parse_args(argv)
    seed_path = RUN / "seed.json"
    if not seed_path.exists() or not (RUN / "haproxy.sock").exists():
        print("The cluster is not running: make cluster", file=sys.stderr)
        return 1
    learners = len(json.loads(seed_path.read_text())["learners"])
    results, workdir = {}, Path(tempfile.mkdtemp(prefix="alma-loadtest-"))
    for index, phase in enumerate(args.phases.split(",")):
        first = 100 + index * args.users  # fresh accounts per phase: submits checked per account
        if first + args.users > learners:
            first = 100
        during = None
        if phase == "one":
            haproxy("disable server app/app-b")
        else:
            haproxy("enable server app/app-b")
        if phase == "failover":
            def during():
                time.sleep(args.seconds / 2)
                cluster("stop", "app-b")
        time.sleep(2)
        print(f"# phase {phase}: {args.users} users, {args.seconds} s", flush=True)
        figures = run_phase(phase, args, first, seed_path, workdir, during)
        if phase == "failover":
            cluster("start", "app-b")
        results[phase] = figures
    haproxy("enable server app/app-b")

    report = {}
    for phase, figures in results.items():
        for endpoint, stats in sorted(figures["endpoints"].items()):
            report[f"cluster_{phase}_{slug(endpoint)}_p50_ms"] = (stats["p50"], "ms")
            report[f"cluster_{phase}_{slug(endpoint)}_p95_ms"] = (stats["p95"], "ms")
        report[f"cluster_{phase}_p50_ms"] = (figures["p50"], "ms")
        report[f"cluster_{phase}_p95_ms"] = (figures["p95"], "ms")
        report[f"cluster_{phase}_rps"] = (round(figures["rps"], 1), "req/s")
        report[f"cluster_{phase}_requests"] = (figures["requests"], "requests")
        report[f"cluster_{phase}_failures"] = (figures["failures"], "requests")
        report[f"cluster_{phase}_quiz_submits"] = (figures["submits"], "submits")
        report[f"cluster_{phase}_attempts_lost"] = (figures["lost"], "attempts")
        report[f"cluster_{phase}_attempts_unseen"] = (figures["unseen"], "attempts")
        served = max(figures["requests"], 1)
        cpu = figures["cpu"]
        report[f"cluster_{phase}_app_cpu_ms_per_request"] = (round(1000 * (cpu["app-a"] + cpu["app-b"]) / served, 1), "ms")
        for part in ("postgres", "redis", "pgbouncer", "haproxy", "worker"):
            report[f"cluster_{phase}_{part}_cpu_ms_per_request"] = (round(1000 * cpu[part] / served, 2), "ms")
    if "one" in results and "two" in results:
        report["cluster_two_over_one_rps"] = (round(results["two"]["rps"] / max(results["one"]["rps"], 0.001), 2), "ratio")
    for name, (value, unit) in report.items():
        print(f"{name} {value} {unit}")
    for phase, figures in results.items():
        for kind in figures["failure_kinds"]:
            print(f"# {phase} failure: {kind}")
    output = Path(args.output)
    existing = json.loads(output.read_text()) if output.exists() else {}
    existing.update({name: {"value": value, "unit": unit} for name, (value, unit) in report.items()})
    existing["_cluster_load_test"] = {"users": args.users, "seconds": args.seconds, "wait": args.wait,
                                      "app_workers": int(os.environ.get("APP_WORKERS", 2)), "cpus": os.cpu_count(),
                                      "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    output.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n")
    print(f"# written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
