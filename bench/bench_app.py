"""App figures: cold start in a real browser, warm reruns server-side, map payload, RSS.

Usage::

    python bench/bench_app.py [--repeat 7] [--no-browser]

* **Cold start**: ``streamlit run dashboard/app.py`` on a free loopback port with an empty
  cache folder; Debian chromium (Playwright, every non-loopback request aborted) opens
  the page; timed from process start until the map component's iframe holds a
  ``.leaflet-container`` with corridor paths drawn. Then the server's peak RSS (VmHWM).
  A second server started on the now warm cache gives the cold start without the
  index build.
* **Warm rerun** (server-side): ``AppTest`` script-run time of the map page for a
  selection change -- a first-time corridor selection (its layer script not cached yet)
  and a repeated one (cached) -- against a bare ``AppTest`` rerun of a trivial script
  (the harness' own overhead).
* **Payload**: the JSON arguments the map component receives (base script,
  header, overlay strings, links) and, served once, the Leaflet JS/CSS and the
  component's own bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import REPO, Row, format_table, peak_rss_mb

APP = REPO / "dashboard" / "app.py"
# corridor paths with real geometry (Leaflet writes "M0 0" for paths not drawn yet)
DRAWN_JS = ("() => [...document.querySelectorAll('path.atlas-corridor')]"
            ".filter(p => (p.getAttribute('d') || '').length > 10).length")
TRIVIAL = "import streamlit as st\nst.write('hello')\n"


def _component_args(at) -> dict:
    comps = [c for c in at.get("component_instance")
             if getattr(c.proto, "component_name", "").endswith(".atlas_map")]
    if not comps:
        raise RuntimeError("no map component on the page")
    return json.loads(comps[0].proto.json_args)


def _timed_run(action) -> float:
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1000


def warm_rerun(repeat: int = 7) -> dict:
    """Time map-page reruns with AppTest (milliseconds, medians over ``repeat``).

    Returns
    -------
    dict
        ``first_run_ms``, ``first_time_selection_ms``, ``repeat_selection_ms``,
        ``plain_rerun_ms``, ``trivial_ms`` and the component ``payload`` (arguments).
    """
    from streamlit.testing.v1 import AppTest

    from dashboard.core.geodata.corridors import load_corridor_index
    from dashboard.ui import session as keys

    corridors = list(load_corridor_index())
    trivial = AppTest.from_string(TRIVIAL)
    trivial.run()
    trivial_ms = statistics.median(_timed_run(trivial.run) for _ in range(repeat))

    at = AppTest.from_file(str(APP), default_timeout=180)
    first_ms = _timed_run(at.run)
    if at.exception:
        raise RuntimeError(at.exception)
    payload = _component_args(at)
    plain = statistics.median(_timed_run(at.run) for _ in range(repeat))

    def select(value):
        return lambda: at.selectbox(key=keys.SEL_CORRIDOR).set_value(value).run()

    # first-time selections: every corridor once (its emphasised layer is not cached yet)
    first_sel = []
    for cid in corridors:
        first_sel.append(_timed_run(select(cid)))
        at.selectbox(key=keys.SEL_CORRIDOR).set_value(None).run()
    selected_payload = _component_args(at.selectbox(key=keys.SEL_CORRIDOR)
                                       .set_value(corridors[0]).run())
    # repeated selections: the same corridors again, alternating with "none"
    repeat_sel = []
    for i in range(repeat):
        repeat_sel.append(_timed_run(select(corridors[i % len(corridors)])))
        repeat_sel.append(_timed_run(select(None)))
    if at.exception:
        raise RuntimeError(at.exception)
    return {
        "first_run_ms": first_ms,
        "plain_rerun_ms": plain,
        "first_time_selection_ms": statistics.median(first_sel),
        "repeat_selection_ms": statistics.median(repeat_sel),
        "trivial_ms": trivial_ms,
        "payload": payload,
        "selected_payload": selected_payload,
    }


def payload_sizes(args: dict) -> dict:
    """Sizes in KB of the component arguments and of the assets served once.

    Parameters
    ----------
    args
        The map component's JSON arguments (:func:`dashboard.ui.mapview.component_args`).

    Returns
    -------
    dict
        ``args_kb`` (all arguments as JSON), ``script_kb``, ``header_kb``,
        ``overlay_kb`` (layers + command), ``leaflet_kb`` (JS + CSS the map links),
        ``component_kb`` (the component's page).
    """
    import re

    from dashboard.core.map.assets import leaflet_dir
    from dashboard.ui import mapview

    def kb(s: str | None) -> float:
        return len((s or "").encode("utf-8")) / 1024

    leaflet = leaflet_dir()
    header = args["base"]["header"]
    linked = [Path(u).name for u in re.findall(r'(?:src|href)="([^"]+)"', header)]
    leaflet_bytes = sum((leaflet / n).stat().st_size for n in linked if (leaflet / n).is_file())
    build = Path(mapview.__file__).parent / "components" / "atlas_map"
    bundle = [p for p in build.rglob("*") if p.is_file() and p.suffix in (".js", ".css", ".html")]
    return {
        "args_kb": kb(json.dumps(args)),
        "script_kb": kb(args["base"]["script"]),
        "header_kb": kb(header),
        "overlay_kb": kb(json.dumps(args["layers"])) + kb(json.dumps(args["command"])),
        "leaflet_kb": leaflet_bytes / 1024,
        "leaflet_files": linked,
        "component_kb": sum(p.stat().st_size for p in bundle) / 1024,
    }


def _serve_and_open(tmp: Path, browser) -> dict:
    """Start a server, open the map, return timings (s) and the server's peak RSS (MB)."""

    from tests.browser.conftest import OfflinePage, map_frame, start_streamlit, stop_streamlit

    t0 = time.perf_counter()
    proc, url, log = start_streamlit(tmp)
    healthy = time.perf_counter() - t0
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = OfflinePage(context.new_page())
        page.page.goto(url)
        frame = map_frame(page.page, timeout_ms=180_000)
        frame.wait_for_function(DRAWN_JS, timeout=180_000)
        ready = time.perf_counter() - t0
        paths = frame.evaluate(f"({DRAWN_JS})()")
        time.sleep(0.5)
        rss = peak_rss_mb(proc.pid)
        return {"healthy_s": healthy, "map_ready_s": ready, "paths": paths, "rss_mb": rss,
                "blocked": len(page.blocked)}
    finally:
        context.close()
        stop_streamlit(proc, log)


def cold_start() -> dict:
    """Cold start with an empty cache, then again with the index cached (same cache)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

    with tempfile.TemporaryDirectory(prefix="atlas-bench-app-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            empty = _serve_and_open(Path(tmp), browser)
            cached = _serve_and_open(Path(tmp), browser)
        finally:
            browser.close()
    return {"empty_cache": empty, "index_cached": cached}


def bench_app(repeat: int = 7, browser: bool = True) -> list[Row]:
    """Run the app benchmarks; return table rows."""
    rows: list[Row] = []
    if browser:
        if not Path(os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")).exists():
            rows.append(Row("app", "cold start (browser)", None, "s", note="no chromium"))
        else:
            cs = cold_start()
            e, c = cs["empty_cache"], cs["index_cached"]
            rows.append(Row("app", "cold start: process -> map drawn (empty cache)",
                            e["map_ready_s"], "s",
                            note=f"server healthy {e['healthy_s']:.1f} s; {e['paths']} paths; "
                                 f"{e['blocked']} external requests blocked"))
            rows.append(Row("app", "cold start: process -> map drawn (index cached)",
                            c["map_ready_s"], "s",
                            ratio=f"x{c['map_ready_s'] / e['map_ready_s']:.2f} of empty cache",
                            note=f"server healthy {c['healthy_s']:.1f} s"))
            rows.append(Row("memory", "peak RSS of app server after first map (seeds)",
                            e["rss_mb"], "MB", "<= 350",
                            note=f"{c['rss_mb']:.0f} MB with the index cached"))
    w = warm_rerun(repeat)
    trivial = w["trivial_ms"]
    rows.append(Row("app", "AppTest rerun of a trivial script (harness)", trivial, "ms"))
    rows.append(Row("app", "first map page run (AppTest, cold caches)", w["first_run_ms"], "ms"))
    rows.append(Row("app", "map page rerun, no change", w["plain_rerun_ms"], "ms",
                    ratio=f"{w['plain_rerun_ms'] - trivial:.0f} ms above harness"))
    rows.append(Row("app", "warm rerun: repeated selection (cached)",
                    w["repeat_selection_ms"], "ms", "<= 50",
                    ratio=f"{w['repeat_selection_ms'] - trivial:.0f} ms above harness"))
    rows.append(Row("app", "warm rerun: first-time selection", w["first_time_selection_ms"],
                    "ms", ratio=f"x{w['first_time_selection_ms'] / w['repeat_selection_ms']:.2f}"
                    " of repeated"))
    p = payload_sizes(w["payload"])
    s = payload_sizes(w["selected_payload"])
    rows.append(Row("payload", "map component arguments (default view)", p["args_kb"], "KB",
                    "<= 400", note=f"base script {p['script_kb']:.0f} KB, header "
                    f"{p['header_kb']:.1f} KB, overlays {p['overlay_kb']:.0f} KB"))
    rows.append(Row("payload", "map component arguments (corridor selected)", s["args_kb"],
                    "KB", "<= 400", note=f"overlays {s['overlay_kb']:.0f} KB"))
    rows.append(Row("payload", "served once: Leaflet JS+CSS", p["leaflet_kb"], "KB",
                    note=", ".join(p["leaflet_files"])))
    rows.append(Row("payload", "served once: map component page", p["component_kb"], "KB"))
    return rows


def main() -> int:
    """Run the app benchmark alone."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    print(format_table(bench_app(args.repeat, not args.no_browser)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
