"""Real clicks on the map select what was clicked; screenshots of the main views."""

from __future__ import annotations

import pytest

from dashboard.core.corridors import load_corridor_index
from tests.browser.conftest import REPO, map_frame

ARTIFACTS = REPO / "artifacts"

pytestmark = pytest.mark.browser

# Fit the first layer whose class contains `cls`, return a point on it in page-viewport
# coordinates of the iframe (a point on the stroke for lines, the centre for markers).
_TARGET_JS = """(cls) => {
  // A point (iframe-viewport coordinates) where the topmost element is a layer of class
  // `cls`: a place marker or another line may cover parts of a line, and a real click must
  // land on the intended object.  The map view is not touched.
  const m = window.map; const targets = [];
  m.eachLayer(l => { if (l.options && (l.options.className || '').split(' ').includes(cls))
      targets.push(l); });
  const r = m.getContainer().getBoundingClientRect();
  for (const t of targets) {
    let candidates = [];
    if (t.getLatLngs) {
      const pts = t.getLatLngs().flat();
      for (let i = 0; i + 1 < pts.length; i++) {
        for (const f of [0.5, 0.25, 0.75]) candidates.push(L.latLng(
          pts[i].lat + f * (pts[i + 1].lat - pts[i].lat),
          pts[i].lng + f * (pts[i + 1].lng - pts[i].lng)));
      }
    } else { candidates = [t.getLatLng()]; }
    for (const ll of candidates) {
      const p = m.latLngToContainerPoint(ll);
      if (p.x < 60 || p.y < 60 || p.x > r.width - 60 || p.y > r.height - 60) continue;
      const top = document.elementFromPoint(r.left + p.x, r.top + p.y);
      if (top && top.classList && top.classList.contains(cls)) {
        return {x: Math.round(r.left + p.x), y: Math.round(r.top + p.y)};
      }
    }
  }
  return null;
}"""


def _open(app_url: str, offline_page, view: str):
    """Open the map at a fixed view (a permalink), so nothing moves while we aim."""
    page = offline_page.page
    page.goto(f"{app_url}/?view={view}", wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('path.atlas-place').length > 0",
                            timeout=60_000)
    frame.wait_for_function(
        f"window.map && window.map.getZoom() === {int(view.rsplit(',', 1)[1])}", timeout=30_000)
    return page, frame


def _click_layer(page, frame, css_class: str) -> None:
    """Click a point of a layer of ``css_class`` once its position is stable."""
    previous = None
    for _ in range(40):
        point = frame.evaluate(_TARGET_JS, css_class)
        if point is not None and point == previous:
            break
        previous = point
        page.wait_for_timeout(250)
    assert point, f"no unobstructed point on a layer with class {css_class}"
    box = page.query_selector("iframe[title*='st_folium']").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _wait_or_dump(page, frame, selector: str, name: str) -> None:
    try:
        page.wait_for_selector(selector, timeout=30_000)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        state = frame.evaluate("JSON.stringify(window.__GLOBAL_DATA__.previous_data)")
        raise AssertionError(f"{selector} did not appear; url={page.url}; map={state}") from None


def test_clicking_a_corridor_line_opens_its_evidence(app_url, offline_page, screenshots_dir):
    page, frame = _open(app_url, offline_page, "39.2000,46.2000,8")
    facts = load_corridor_index()["zangezur"]
    _click_layer(page, frame, "atlas-corridor-zangezur")
    _wait_or_dump(page, frame, f"h4:has-text('{facts['name']}')", "click_corridor_failed")
    page.wait_for_selector(".atlas-excerpt", timeout=30_000)
    assert "sel=corridor%3Azangezur" in page.url or "sel=corridor:zangezur" in page.url
    page.wait_for_timeout(800)
    page.screenshot(path=str(screenshots_dir / "corridor_selected.png"))
    assert offline_page.blocked == []


def test_clicking_a_place_marker_opens_its_evidence(app_url, offline_page, screenshots_dir):
    page, frame = _open(app_url, offline_page, "40.2000,47.0000,7")
    _click_layer(page, frame, "atlas-place")
    _wait_or_dump(page, frame, ".atlas-excerpt", "click_place_failed")
    assert "sel=place" in page.url
    page.wait_for_timeout(800)
    page.screenshot(path=str(screenshots_dir / "place_selected.png"))
    assert offline_page.blocked == []


def test_reader_and_overview_render(app_url, offline_page, screenshots_dir):
    page = offline_page.page
    page.goto(f"{app_url}/reader", wait_until="domcontentloaded")
    page.wait_for_selector("a.atlas-place", timeout=60_000)
    page.screenshot(path=str(screenshots_dir / "reader.png"))
    page.goto(f"{app_url}/overview", wait_until="domcontentloaded")
    page.wait_for_selector("text=Excerpts per corridor", timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(screenshots_dir / "overview.png"))
    assert offline_page.blocked == []
