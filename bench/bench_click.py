"""Click -> evidence panel, as a person sees it: real clicks on the map in Debian chromium.

A loopback ``streamlit run`` server; a 1600x1000 page opens the map at a fixed view, then
the benchmark clicks place markers in turn (each click selects a different place) and
times, in the page, from the mouse click to the evidence panel showing that place's card
and excerpts.  It also checks that selecting never remounts the map component: a marker
set in the map's frame before the first click must still be there after the last.

Usage: ``.venv/bin/python bench/bench_click.py [--clicks 12]`` (prints one table).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import Row, format_table

VIEW = "39.9000,46.6000,7"  # Syunik, Nakhchivan, Karabakh: many distinct places in view
#: Visible place markers with an unobstructed point: [(atlasId, x, y)] in frame coordinates.
MARKERS_JS = """() => {
  const r = map.getContainer().getBoundingClientRect(); const out = [];
  map.eachLayer(l => {
    if (!l.options || !(l.options.className || '').includes('atlas-place')) return;
    const p = map.latLngToContainerPoint(l.getLatLng());
    if (p.x < 60 || p.y < 60 || p.x > r.width - 60 || p.y > r.height - 60) return;
    const top = document.elementFromPoint(r.left + p.x, r.top + p.y);
    if (top && top.classList && top.classList.contains('atlas-place')) {
      const d = document.createElement('div'); d.innerHTML = l.getTooltip().getContent();
      const name = d.querySelector('b') ? d.querySelector('b').textContent : '';
      out.push([l.options.atlasId, Math.round(r.left + p.x), Math.round(r.top + p.y), name]);
    }
  });
  return out;
}"""


#: The panel shows ``name``'s card (fresh, not a stale element of the previous run) and
#: its first excerpt or its "no excerpt" note.
PANEL_JS = """(name) => {
  const fresh = el => !el.closest('[data-stale="true"]');
  const card = [...document.querySelectorAll('[data-testid=stMain] h4')].find(
      h => h.textContent.trim() === name && fresh(h));
  if (!card) return false;
  return [...document.querySelectorAll('.atlas-excerpt, [data-testid=stAlert]')].some(fresh);
}"""


def _panel_shows(page, name: str) -> bool:
    return bool(page.evaluate(PANEL_JS, name))


def _candidates(markers: list, previous: str | None) -> list:
    """Markers other than the selected one, towns first (their frames stay local)."""
    others = [m for m in markers if m[0] != previous]
    return [m for m in others if ":city:" in m[0]] or others


def click_latencies(n_clicks: int) -> dict:
    """Serve the app, click ``n_clicks`` markers; return latencies (ms) and checks."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, start_streamlit
    from tests.browser.journey import open_map

    with tempfile.TemporaryDirectory(prefix="atlas-bench-click-") as tmp, \
            sync_playwright() as pw:
        proc, url, log = start_streamlit(Path(tmp))
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            session = open_map(browser, f"{url}/?view={VIEW}", 1600, 1000)
            page, frame = session.page, session.frame
            frame.evaluate("window.__mounted_once = true")
            markers = frame.evaluate(MARKERS_JS)
            box = session.box()
            latencies: list[float] = []
            previous = None
            for i in range(n_clicks + 1):  # the first click warms the per-place caches
                candidates = _candidates(markers, previous)
                if not candidates:  # only the selected place in view: back to the home view
                    frame.click(".atlas-home a")
                    page.wait_for_timeout(1500)
                    candidates = _candidates(frame.evaluate(MARKERS_JS), previous)
                atlas_id, x, y, name = candidates[i % len(candidates)]
                t0 = time.perf_counter()
                page.mouse.click(box["x"] + x, box["y"] + y)
                deadline = t0 + 30
                while not _panel_shows(page, name) and time.perf_counter() < deadline:
                    page.wait_for_timeout(10)
                elapsed = (time.perf_counter() - t0) * 1000
                if i:
                    latencies.append(elapsed)
                previous = atlas_id
                page.wait_for_timeout(1500)  # let the framing settle before the next click
                markers = frame.evaluate(MARKERS_JS)
            remounted = not frame.evaluate("window.__mounted_once === true")
            blocked = session.offline.blocked
        finally:
            browser.close()
            proc.terminate()
            proc.wait(timeout=15)
            log.close()
    return {"latencies_ms": latencies, "remounted": remounted, "blocked": len(blocked)}


def bench_click(n_clicks: int = 12) -> list[Row]:
    """Rows of the click benchmark."""
    r = click_latencies(n_clicks)
    lat = r["latencies_ms"]
    return [
        Row("app", f"click -> evidence panel (browser, median of {len(lat)})",
            statistics.median(lat), "ms", "<= 500",
            ratio=f"min {min(lat):.0f} / max {max(lat):.0f} ms",
            note=f"map remounted: {'yes' if r['remounted'] else 'no'}; "
                 f"{r['blocked']} external requests"),
    ]


def main() -> int:
    """Run the click benchmark alone."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clicks", type=int, default=12)
    args = ap.parse_args()
    print(format_table(bench_click(args.clicks)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
