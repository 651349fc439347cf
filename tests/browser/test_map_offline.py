"""The map renders in a real browser with the network cut to loopback."""

from __future__ import annotations

from io import BytesIO

import pytest

from dashboard.core.geodata.corridors import CORRIDOR_IDS
from tests.browser.conftest import map_frame

pytestmark = pytest.mark.browser


def _count(frame, selector: str) -> int:
    return frame.evaluate(f"document.querySelectorAll({selector!r}).length")


def test_map_draws_corridors_offline(app_url, offline_page, screenshots_dir):
    page = offline_page.page
    page.goto(app_url, wait_until="domcontentloaded")
    frame = map_frame(page)
    # Leaflet itself came from the app, not a CDN.
    assert frame.evaluate("typeof L !== 'undefined' && L.version") == "1.9.3"
    frame.wait_for_function(
        "document.querySelectorAll('path.atlas-corridor').length >= 5", timeout=60_000
    )
    for corridor_id in CORRIDOR_IDS:
        assert _count(frame, f"path.atlas-corridor-{corridor_id}") >= 1, corridor_id
    # The basemap is drawn: many country polygons, and corridor paths have geometry.
    assert _count(frame, ".leaflet-overlay-pane path") > 20
    drawn = frame.evaluate(
        "Array.from(document.querySelectorAll('path.atlas-corridor'))"
        ".filter(p => (p.getAttribute('d') || '').length > 10).length"
    )
    assert drawn >= 5
    assert _count(frame, ".atlas-legend") == 1
    # layers are switched in the sidebar only (permalinked), never in a Leaflet control
    assert _count(frame, ".leaflet-control-layers") == 0
    page.wait_for_timeout(500)
    png = page.screenshot(path=str(screenshots_dir / "map.png"))
    assert offline_page.blocked == [], f"requests left the machine: {offline_page.blocked}"
    _assert_not_blank(png)


def _assert_not_blank(png: bytes) -> None:
    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB").resize((140, 90))
    colours = image.getcolors(maxcolors=140 * 90)
    assert colours is not None and len(colours) > 50, "screenshot looks blank"
