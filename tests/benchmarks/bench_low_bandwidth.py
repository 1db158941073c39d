"""First usable paint on a slow connection (issue #20, part 4: low bandwidth).

``run(report)`` opens pages of the benchmark server (production settings, the
shipped content) in Chromium (Playwright, ``/usr/bin/chromium``) with an empty
cache, the network throttled by CDP ``Network.emulateNetworkConditions``:

* ``50 kB/s``: 50 000 bytes/s down and up, 400 ms latency (the issue's bar:
  a lesson's first usable paint < 3 s);
* ``Slow 3G``: Chrome DevTools' preset, 51 200 bytes/s (500 kbit/s x 0.8), 2 000 ms latency.

"First usable paint" is the first contentful paint (``performance`` paint
timing) once the lesson's title and text are there: the HTML comes first and
the one stylesheet is the only thing that blocks rendering (scripts are
``defer``, images lazy, no web fonts). Figures, the median of three cold loads:
``low_bandwidth_<profile>_<page>_fcp_ms`` plus ``_dcl_ms`` (DOMContentLoaded)
and ``_load_ms`` (the load event, every image in view included).
"""

from __future__ import annotations

import json
import statistics

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PROFILES = {
    "50kBps_400ms": {"latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    "slow3g": {"latency": 2000, "downloadThroughput": 51_200, "uploadThroughput": 51_200},
}
BAR_MS = 3000
RUNS = 3
TIMING = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          bytes: performance.getEntries().reduce((sum, e) => sum + (e.transferSize || 0), 0)};
}"""


def _pages() -> dict:
    from lessons.models import LessonPage
    from quizzes.models import QuizPage

    lessons = LessonPage.objects.live().public().filter(locale__language_code="es").order_by("path")
    lesson = max(lessons, key=lambda page: len(json.dumps(list(page.body.raw_data))))  # the heaviest, as run.py
    pages = {"lesson": lesson.get_url()}
    quiz = QuizPage.objects.live().public().filter(locale__language_code="es").order_by("path").first()
    if quiz is not None:
        pages["quiz"] = quiz.get_url()
    return pages


def _load(browser, url: str, conditions: dict) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-ES")
    try:
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
        tab.goto(url, wait_until="load", timeout=120_000)
        tab.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=30_000)
        usable = tab.evaluate("() => !!document.querySelector('main h1') && !!document.querySelector('main p')")
        timing = tab.evaluate(TIMING)
        timing["usable"] = usable
        return timing
    finally:
        context.close()


def run(report) -> None:
    import os

    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        print(f"# bench_low_bandwidth skipped: {CHROMIUM} is missing (scripts/ensure-chromium)")
        return
    if not report.base_url:  # the PostgreSQL leg runs its modules without a server: the SQLite leg measures this
        print("# bench_low_bandwidth: no server on this leg (measured on the SQLite one)")
        return
    pages = _pages()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for profile, conditions in PROFILES.items():
                for name, path in pages.items():
                    runs = [_load(browser, report.base_url + path, conditions) for _ in range(RUNS)]
                    figures = {key: statistics.median(r[key] for r in runs) for key in ("fcp", "dcl", "load")}
                    for key, value in figures.items():
                        report(f"low_bandwidth_{profile}_{name}_{key}_ms", round(value), "ms")
                    report(f"low_bandwidth_{profile}_{name}_transfer_bytes", round(statistics.median(
                        r["bytes"] for r in runs)), "bytes")
                    if profile == "50kBps_400ms" and name == "lesson":
                        ok = figures["fcp"] < BAR_MS and all(r["usable"] for r in runs)
                        print(f"# bar (issue 20): first usable paint of {path} at 50 kB/s, 400 ms latency < 3 s: "
                              f"{'ok' if ok else 'FAILED'} ({figures['fcp']:.0f} ms)")
        finally:
            browser.close()
