"""A corpus naming more than 5,000 distinct places: the map's place layer stays bounded.

The server runs on a generated corpus (``bench/places_corpus.py``: every gazetteer place
named in a short sentence).  In chromium the map must draw, settle, send at most 500 KB
per message, group the places into count circles at the regional zoom, zoom in when a
group is clicked, and still select a place on a click.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from tests.browser.conftest import REPO, start_streamlit, stop_streamlit
from tests.browser.journey import open_map, settle, settled_after

pytestmark = pytest.mark.browser

LIMIT_BYTES = 500_000
#: Centre of an unobstructed count circle (page coordinates inside the map frame).
BIN_JS = """() => {
  const r = map.getContainer().getBoundingClientRect(); const out = [];
  for (const el of document.querySelectorAll('.atlas-bin')) {
    const b = el.getBoundingClientRect(); const x = b.left + b.width / 2, y = b.top + b.height / 2;
    if (x < r.left + 80 || y < r.top + 80 || x > r.right - 80 || y > r.bottom - 80) continue;
    const top = document.elementFromPoint(x, y);
    if (top && (top === el || el.contains(top))) out.push({x: Math.round(x), y: Math.round(y),
                                                        n: Number(el.textContent)});
  }
  out.sort((a, b) => b.n - a.n);
  return out[0] || null;
}"""
COUNTS_JS = """() => ({bins: document.querySelectorAll('.atlas-bin').length,
                      places: document.querySelectorAll('path.atlas-place').length})"""


@pytest.fixture(scope="module")
def many_places_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on the generated many-places corpus."""
    sys.path.insert(0, str(REPO / "bench"))
    from places_corpus import write_places_corpus

    tmp = tmp_path_factory.mktemp("places")
    corpus = write_places_corpus(tmp / "corpus")
    proc, url, log = start_streamlit(tmp, {"ATLAS_SEEDS_DIR": str(corpus)})
    yield url
    stop_streamlit(proc, log)


def _record_frames(sizes: list[int]):
    """Listener recording the size of every websocket message the server sends."""
    def attach(page) -> None:
        def on_ws(ws) -> None:
            ws.on("framereceived", lambda payload: sizes.append(
                len(payload if isinstance(payload, bytes) else payload.encode())))
        page.on("websocket", on_ws)
    return attach


def test_thousands_of_places_are_binned_bounded_and_still_clickable(browser, many_places_url):
    sizes: list[int] = []
    session = open_map(browser, many_places_url, 1600, 1000, on_page=_record_frames(sizes))
    page, frame = session.page, session.frame
    frame.wait_for_function("document.querySelectorAll('.atlas-bin').length > 0",
                            timeout=60_000)
    counts = frame.evaluate(COUNTS_JS)
    assert counts["bins"] + counts["places"] <= 300, counts
    assert sizes and max(sizes) <= LIMIT_BYTES, max(sizes, default=0)

    zoom = session.view()[0]
    target = frame.evaluate(BIN_JS)
    assert target, "no unobstructed count circle to click"
    box = session.box()
    settled_after(session, lambda: page.mouse.click(box["x"] + target["x"],
                                                   box["y"] + target["y"]), within_s=10)
    assert session.view()[0] > zoom  # the click zoomed in on the group
    frame.wait_for_function("document.querySelectorAll('path.atlas-place').length > 0",
                            timeout=60_000)
    page.wait_for_timeout(1500)  # the rerun for the new view redraws the layer
    start = session.now_ms()
    session.click_layer("atlas-place")
    page.wait_for_selector(".atlas-excerpt", timeout=60_000)
    assert "sel=place" in page.url
    settle(session, since=start, within_s=15)
    assert max(sizes) <= LIMIT_BYTES, max(sizes)
    assert session.offline.blocked == []
