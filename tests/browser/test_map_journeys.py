"""Journeys on the map, replayed as a person does them, with the outcome watched over time.

Each journey acts (zoom buttons, wheel, drag, a click, a chip, a reader link, a reload),
then asserts that the view settles and afterwards no ``moveend`` fires for 5 s, and what
the person should see (a selection, a framed place, labels, tooltips inside the map).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.core.geodata.corridors import load_corridor_index, load_nodes
from dashboard.core.map.names import label_text
from dashboard.core.parse.gazetteer import read_gazetteer_frame
from tests.browser.conftest import map_frame
from tests.browser.journey import (
    assert_stays_put,
    open_map,
    settle,
    settled_after,
    tooltips_outside_map,
)

pytestmark = pytest.mark.browser

DESKTOP = (1600, 1000)
LAPTOP = (1366, 768)
PHONE = (390, 844)
#: Nodes that must be named at the default view (one or more per corridor).
KEY_NODES = {"middle_corridor": ["Poti port", "Tbilisi"], "instc": ["Astara", "Rasht"],
             "zangezur": ["Horadiz", "Meghri", "Nakhchivan"], "aras": ["Aghband–Kalaleh bridge"],
             "btc": ["PSG1 pump station"]}


@pytest.fixture
def desktop(browser, app_url):
    session = open_map(browser, f"{app_url}/", *DESKTOP)
    yield session
    session.page.context.close()


def _zoom_in(session):
    session.frame.click(".leaflet-control-zoom-in")


def test_plus_twice_settles_and_stays(desktop, screenshots_dir):
    zoom0 = desktop.view()[0]
    settled_after(desktop, lambda: _zoom_in(desktop), within_s=1.0)
    settled_after(desktop, lambda: _zoom_in(desktop), within_s=1.0)
    assert desktop.view()[0] == zoom0 + 2
    desktop.page.wait_for_timeout(600)  # the address bar follows the map, once
    assert desktop.url_view()[0] == zoom0 + 2
    assert desktop.offline.blocked == []
    desktop.shot(screenshots_dir / "journey_zoom_in.png")


def test_wheel_zoom_keeps_the_point_under_the_cursor(desktop):
    box = desktop.box()
    x, y = box["width"] * 0.62, box["height"] * 0.55
    before = desktop.frame.evaluate(f"map.containerPointToLatLng([{x}, {y}])")
    desktop.page.mouse.move(box["x"] + x, box["y"] + y)
    zoom0 = desktop.view()[0]
    settled_after(desktop, lambda: desktop.page.mouse.wheel(0, -120), within_s=1.0)
    assert desktop.view()[0] > zoom0
    after = desktop.frame.evaluate(f"map.containerPointToLatLng([{x}, {y}])")
    assert abs(after["lat"] - before["lat"]) < 0.05 and abs(after["lng"] - before["lng"]) < 0.05


def test_drag_moves_once_and_does_not_snap_back(desktop):
    box = desktop.box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    _, lat0, lon0 = desktop.view()

    def drag():
        desktop.page.mouse.move(cx, cy)
        desktop.page.mouse.down()
        desktop.page.mouse.move(cx + 160, cy + 90, steps=12)
        desktop.page.mouse.up()
        return desktop.now_ms()  # settling counts from the release, not the drag's start

    moves = settled_after(desktop, drag, within_s=1.0)
    assert len(moves) == 1
    _, lat1, lon1 = desktop.view()
    assert lon1 < lon0 - 0.5 and lat1 > lat0 + 0.2  # dragged the map right and down
    desktop.page.wait_for_timeout(600)
    zoom, lat, lon = desktop.url_view()
    assert abs(lat - lat1) < 1e-3 and abs(lon - lon1) < 1e-3


def test_select_a_corridor_frames_it_then_zoom_settles(desktop, screenshots_dir):
    facts = load_corridor_index()["zangezur"]
    page = desktop.page

    def choose():
        page.get_by_role("combobox", name="Corridor", exact=True).click()
        page.get_by_role("option", name=facts["short_name"], exact=True).click()

    settled_after(desktop, choose, within_s=4.0)
    page.wait_for_selector(f"h4:has-text('{facts['name']}')", timeout=30_000)
    bounds = desktop.frame.evaluate("map.getBounds().toBBoxString()").split(",")
    west, south, east, north = map(float, bounds)
    nodes = load_nodes()
    for point in nodes[nodes["corridor"] == "zangezur"].geometry:
        assert west <= point.x <= east and south <= point.y <= north, point
    zoom = desktop.view()[0]
    settled_after(desktop, lambda: _zoom_in(desktop), within_s=1.0)
    settled_after(desktop, lambda: _zoom_in(desktop), within_s=1.0)
    assert desktop.view()[0] == min(zoom + 2, 10)
    desktop.shot(screenshots_dir / "journey_corridor_selected.png")


def test_first_click_on_a_place_selects_it_at_1366(browser, app_url, screenshots_dir):
    session = open_map(browser, f"{app_url}/", *LAPTOP)
    try:
        box = session.box()
        assert box["y"] + box["height"] <= LAPTOP[1], "the map must fit under the header"
        session.click_layer("atlas-place")
        session.page.wait_for_selector(".atlas-place-card, .atlas-excerpt", timeout=15_000)
        assert "sel=place" in session.page.url
        settle(session, since=session.now_ms() - 5000, within_s=5.0)
        assert_stays_put(session)
        session.shot(screenshots_dir / "journey_first_click_1366.png")
    finally:
        session.page.context.close()


def test_place_chip_frames_the_place(browser, app_url):
    session = open_map(browser, f"{app_url}/?sel=corridor:zangezur", *DESKTOP)
    try:
        page = session.page
        chip = page.locator("[data-testid='stButtonGroup'] button[data-variant='pills']").first
        chip.wait_for(timeout=30_000)
        name = chip.inner_text().strip()
        settled_after(session, chip.click, within_s=4.0)
        page.wait_for_function("location.search.includes('sel=place')", timeout=15_000)
        assert name in session.frame.evaluate("atlas.shown")  # the chip's place is named
        zoom, lat, lon = session.view()
        assert zoom >= 6
        marker = session.frame.evaluate(
            "(() => { let hit = null; map.eachLayer(l => { if (l.options && l.options.weight"
            " === 3 && (l.options.className || '').includes('atlas-place')) hit ="
            " l.getLatLng(); }); return hit; })()")
        assert marker is not None, "the chosen place is drawn highlighted"
        assert session.frame.evaluate(
            f"map.getBounds().pad(-0.1).contains([{marker['lat']}, {marker['lng']}])")
    finally:
        page.context.close()


def test_reader_link_opens_the_map_in_the_session(browser, app_url, screenshots_dir):
    session = open_map(browser, f"{app_url}/?q=Baku", *DESKTOP, corridors=False)
    page = session.page
    try:
        page.get_by_role("link", name="Reader").click()
        page.wait_for_selector(".atlas-doc a.atlas-place", timeout=60_000)
        # the link catcher (an invisible component) is up: on a loaded machine its frame
        # can load after the text, and a click before that would be a plain link
        page.wait_for_function("typeof window.__atlasLinkHandler === 'function'",
                               timeout=60_000)
        page.evaluate("window.__same_document = true")
        link = page.locator(".atlas-doc a.atlas-place[href*='city']").first
        link.wait_for(timeout=30_000)
        place_id = parse_qs(urlparse(link.get_attribute("href")).query)["sel"][0].split(":", 1)[1]
        link.click()
        page.wait_for_function("location.search.includes('sel=place')", timeout=30_000)
        assert page.evaluate("window.__same_document === true"), "the app reloaded"
        frame = map_frame(page)
        frame.wait_for_function("window.atlas && atlas.shown", timeout=60_000)
        page.wait_for_timeout(1500)  # the frame command is applied once the map is drawn
        assert page.input_value("input[aria-label='Search the excerpts']") == "Baku"
        assert f"sel=place%3A{place_id.replace(':', '%3A')}" in page.url
        row = read_gazetteer_frame().set_index("place_id").loc[place_id]
        frame.wait_for_function("document.querySelector('.atlas-lbl-selected')", timeout=60_000)
        assert frame.evaluate(
            f"map.getBounds().pad(-0.1).contains([{row['lat']}, {row['lon']}])")
        page.screenshot(path=str(screenshots_dir / "journey_reader_to_map.png"))
    finally:
        page.context.close()


def test_permalink_reload_restores_the_view_and_stays(browser, app_url, screenshots_dir):
    session = open_map(browser, f"{app_url}/?view=39.3000,45.9000,8", *DESKTOP)
    try:
        assert session.view()[0] == 8
        _, lat, lon = session.view()
        assert abs(lat - 39.3) < 0.01 and abs(lon - 45.9) < 0.01
        assert_stays_put(session)
        assert session.url_view()[0] == 8  # the link is never overwritten by the mount
        labels = session.frame.evaluate("atlas.shown")
        assert {"Meghri", "Julfa", "Ordubad", "Nakhchivan"} <= set(labels), labels
        session.shot(screenshots_dir / "map_zoom8_syunik_nakhchivan.png")
        session.page.reload(wait_until="domcontentloaded")
        again = open_map(browser, session.page.evaluate("location.href"), *DESKTOP)
        try:
            assert again.view()[0] == 8
            settled_after(again, lambda: _zoom_in(again), within_s=1.0)
            settled_after(again, lambda: _zoom_in(again), within_s=1.0)
            assert again.view()[0] == 10
        finally:
            again.page.context.close()
    finally:
        session.page.context.close()


@pytest.mark.parametrize("size", [DESKTOP, LAPTOP, PHONE], ids=["1600", "1366", "phone"])
def test_default_view_names_key_nodes_and_keeps_tooltips_inside(browser, app_url, size,
                                                                 screenshots_dir):
    session = open_map(browser, f"{app_url}/", *size)
    try:
        assert tooltips_outside_map(session) == []
        shown = set(session.frame.evaluate("atlas.shown"))
        overlaps = session.frame.evaluate("""() => {
          const els = [...document.querySelectorAll('.atlas-lbl')].map(
              e => e.getBoundingClientRect());
          let n = 0;
          for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
            const a = els[i], b = els[j];
            if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) n++;
          }
          return n; }""")
        assert overlaps == 0
        if size != PHONE:
            for corridor, names in KEY_NODES.items():
                missing = [n for n in names if n not in shown]
                assert not missing, (corridor, missing)
            nodes = load_nodes()
            for corridor in KEY_NODES:
                named = {label_text(n) for n in nodes[nodes["corridor"] == corridor]["name"]}
                assert len(named & shown) >= 1, corridor
        else:
            hint = session.page.locator(".atlas-phone-hint")
            assert hint.is_visible()
        if size == DESKTOP:  # the South Caucasus core, not the Donbas to Syria
            west, south, east, north = map(float, session.frame.evaluate(
                "map.getBounds().toBBoxString()").split(","))
            assert west >= 40.0 and east <= 51.5 and south >= 35.5 and north <= 44.5, (
                west, south, east, north)
            assert session.frame.evaluate("document.querySelector('.atlas-legend details').open")
            assert session.page.get_by_text("South Caucasus Corridors Atlas").first.is_visible()
        name = {DESKTOP: "map.png", LAPTOP: "map_1366.png", PHONE: "map_phone.png"}[size]
        session.shot(screenshots_dir / name)
        assert session.offline.blocked == []
    finally:
        session.page.context.close()


def _in_viewport(box: dict, height: int) -> bool:
    return box["y"] >= 0 and box["y"] + box["height"] <= height + 1


def test_map_stays_in_view_while_the_evidence_scrolls_at_1600(browser, app_url):
    session = open_map(browser, f"{app_url}/?sel=corridor:zangezur", *DESKTOP)
    page = session.page
    try:
        page.wait_for_selector(".atlas-excerpt", timeout=60_000)
        last = page.locator(".atlas-excerpt").last
        below = last.bounding_box()
        assert below["y"] > DESKTOP[1], "the evidence fits the screen: nothing to scroll"
        panel = page.locator("h4").filter(has_text="Zangezur").first.bounding_box()
        page.mouse.move(panel["x"] + 40, panel["y"] + 10)
        for _ in range(12):  # a person scrolling down the evidence with the wheel
            page.mouse.wheel(0, 400)
            page.wait_for_timeout(120)
        page.wait_for_timeout(400)
        seen = last.bounding_box()
        assert seen["y"] < below["y"] - 200, "the evidence did not scroll"
        assert _in_viewport(session.box(), DESKTOP[1]), session.box()
        last.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        assert _in_viewport(last.bounding_box(), DESKTOP[1])
        assert _in_viewport(session.box(), DESKTOP[1]), session.box()
        assert_stays_put(session, seconds=2.0)  # scrolling the evidence never moves the map
    finally:
        page.context.close()


def test_phone_goes_from_evidence_back_to_the_map(browser, app_url):
    session = open_map(browser, f"{app_url}/?sel=corridor:zangezur", *PHONE)
    page = session.page
    try:
        page.wait_for_selector(".atlas-excerpt", timeout=60_000)
        page.locator(".atlas-excerpt").last.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        assert session.box()["y"] + session.box()["height"] < 0, "the map should be above"
        back = page.get_by_role("link", name="Back to map")
        assert back.is_visible()
        back.click()
        page.wait_for_timeout(800)
        box = session.box()
        assert box["y"] >= -1 and box["y"] < PHONE[1] / 2, box
    finally:
        page.context.close()
