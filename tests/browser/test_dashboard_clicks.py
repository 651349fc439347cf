"""Real clicks on the map select what was clicked; screenshots of the main views."""

from __future__ import annotations

import pytest

from dashboard.core.corridors import load_corridor_index
from tests.browser.conftest import map_frame

pytestmark = pytest.mark.browser

# Fit the first layer whose class contains `cls`, return a point on it in page-viewport
# coordinates of the iframe (a point on the stroke for lines, the centre for markers).
_TARGET_JS = """(cls) => {
  const m = window.map; let target = null;
  m.eachLayer(l => { if (!target && l.options && (l.options.className || '').split(' ')
      .includes(cls)) target = l; });
  if (!target) return null;
  let ll;
  if (target.getLatLngs) {
    m.fitBounds(target.getBounds(), {animate: false, padding: [40, 40]});
    const pts = target.getLatLngs();
    ll = L.latLng((pts[0].lat + pts[1].lat) / 2, (pts[0].lng + pts[1].lng) / 2);
  } else {
    m.setView(target.getLatLng(), 7, {animate: false});
    ll = target.getLatLng();
  }
  const p = m.latLngToContainerPoint(ll);
  const r = m.getContainer().getBoundingClientRect();
  return {x: r.left + p.x, y: r.top + p.y};
}"""


def _click_layer(page, frame, css_class: str) -> None:
    point = frame.evaluate(_TARGET_JS, css_class)
    assert point, f"no layer with class {css_class}"
    page.wait_for_timeout(1200)  # let the view change reach the app and settle
    point = frame.evaluate(_TARGET_JS, css_class)
    box = page.query_selector("iframe[title*='st_folium']").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _open(app_url: str, offline_page):
    page = offline_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('path.atlas-place').length > 0",
                            timeout=60_000)
    return page, frame


def test_clicking_a_corridor_line_opens_its_evidence(app_url, offline_page, screenshots_dir):
    page, frame = _open(app_url, offline_page)
    facts = load_corridor_index()["zangezur"]
    _click_layer(page, frame, "atlas-corridor-zangezur")
    page.wait_for_selector(f"h4:has-text('{facts['name']}')", timeout=30_000)
    page.wait_for_selector(".atlas-excerpt", timeout=30_000)
    assert "sel=corridor%3Azangezur" in page.url or "sel=corridor:zangezur" in page.url
    page.wait_for_timeout(800)
    page.screenshot(path=str(screenshots_dir / "corridor_selected.png"))
    assert offline_page.blocked == []


def test_clicking_a_place_marker_opens_its_evidence(app_url, offline_page, screenshots_dir):
    page, frame = _open(app_url, offline_page)
    _click_layer(page, frame, "atlas-place")
    page.wait_for_selector(".atlas-excerpt", timeout=30_000)
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
