"""Real clicks on the map select what was clicked; screenshots of the main views."""

from __future__ import annotations

import pytest

from dashboard.core.geodata.corridors import load_corridor_index
from tests.browser.conftest import REPO, map_frame
from tests.browser.journey import TARGET_JS

ARTIFACTS = REPO / "artifacts"

pytestmark = pytest.mark.browser

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
        point = frame.evaluate(TARGET_JS, css_class)
        if point is not None and point == previous:
            break
        previous = point
        page.wait_for_timeout(250)
    assert point, f"no unobstructed point on a layer with class {css_class}"
    box = page.query_selector("iframe[title$='.atlas_map']").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _wait_or_dump(page, frame, selector: str, name: str) -> None:
    try:
        page.wait_for_selector(selector, timeout=30_000)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        state = frame.evaluate("JSON.stringify(window.__atlasValue)")
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
