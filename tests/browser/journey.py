"""Helpers for journey tests: open the map, act like a person, watch the view over time."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import REPO, OfflinePage, map_frame

ARTIFACTS = REPO / "artifacts"
#: Recorded in the map's frame: every ``moveend`` with its time and the view after it.
_RECORDER = """() => {
  window.__moves = [];
  window.map.on('moveend', () => window.__moves.push(
    {t: Date.now(), zoom: window.map.getZoom(), lat: window.map.getCenter().lat,
     lng: window.map.getCenter().lng}));
}"""
#: A point (page coordinates inside the frame) where the topmost element has class `cls`.
TARGET_JS = """(cls) => {
  const m = window.map; const targets = [];
  m.eachLayer(l => { if (l.options && (l.options.className || '').split(' ').includes(cls))
      targets.push(l); });
  const r = m.getContainer().getBoundingClientRect();
  for (const t of targets) {
    let candidates = [];
    if (t.getLatLngs) {
      const pts = t.getLatLngs().flat();
      for (let i = 0; i + 1 < pts.length; i++) for (const f of [0.5, 0.25, 0.75])
        candidates.push(L.latLng(pts[i].lat + f * (pts[i + 1].lat - pts[i].lat),
                                 pts[i].lng + f * (pts[i + 1].lng - pts[i].lng)));
    } else { candidates = [t.getLatLng()]; }
    for (const ll of candidates) {
      const p = m.latLngToContainerPoint(ll);
      if (p.x < 70 || p.y < 70 || p.x > r.width - 70 || p.y > r.height - 70) continue;
      const top = document.elementFromPoint(r.left + p.x, r.top + p.y);
      if (top && top.classList && top.classList.contains(cls))
        return {x: Math.round(r.left + p.x), y: Math.round(r.top + p.y)};
    }
  }
  return null;
}"""


@dataclass
class MapSession:
    """A page showing the map, its map frame and the page's offline guard."""

    page: object
    frame: object
    offline: OfflinePage

    def view(self) -> tuple[int, float, float]:
        """``(zoom, lat, lon)`` the map shows now."""
        return tuple(self.frame.evaluate(
            "[map.getZoom(), map.getCenter().lat, map.getCenter().lng]"))

    def moves_since(self, t_ms: float) -> list[dict]:
        """``moveend`` records at or after page time ``t_ms``."""
        return [m for m in self.frame.evaluate("window.__moves") if m["t"] >= t_ms]

    def now_ms(self) -> float:
        """The frame's clock (``Date.now()``)."""
        return self.frame.evaluate("Date.now()")

    def box(self) -> dict:
        """The map iframe's box in page coordinates."""
        return self.page.query_selector("iframe[title$='.atlas_map']").bounding_box()

    def url_view(self) -> tuple[int, float, float] | None:
        """``(zoom, lat, lon)`` of the address bar's ``view`` parameter."""
        raw = parse_qs(urlparse(self.page.evaluate("location.href")).query).get("view")
        if not raw:
            return None
        lat, lon, zoom = raw[0].split(",")
        return int(zoom), float(lat), float(lon)

    def click_layer(self, css_class: str) -> None:
        """Click an unobstructed point of a layer with ``css_class`` (one real click)."""
        point = None
        for _ in range(20):
            point = self.frame.evaluate(TARGET_JS, css_class)
            if point is not None:
                break
            self.page.wait_for_timeout(250)
        assert point, f"no unobstructed point on a layer with class {css_class}"
        box = self.box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def shot(self, path) -> None:
        """Screenshot of the whole page."""
        self.page.screenshot(path=str(path))


def open_map(browser, url: str, width: int, height: int, corridors: bool = True,
             on_page=None) -> MapSession:
    """Open ``url`` in a fresh offline page of the given size and wait for a labelled map.

    With ``corridors`` it also waits for corridor lines (a search may hide them all).
    ``on_page`` is called with the page before it loads (to attach listeners).
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    offline = OfflinePage(context.new_page())
    if on_page is not None:
        on_page(offline.page)
    offline.page.goto(url, wait_until="domcontentloaded")
    frame = map_frame(offline.page)
    if corridors:
        frame.wait_for_function("document.querySelectorAll('.atlas-corridor').length > 0",
                                timeout=60_000)
    # labels are placed once the overlay is drawn (a map without the runtime has none)
    frame.wait_for_function("window.map && (!window.atlas || (window.atlas.shown"
                            " && window.atlas.shown.length > 0))", timeout=60_000)
    session = MapSession(offline.page, frame, offline)
    settle(session, since=session.now_ms() - 60_000, within_s=20.0)
    frame.evaluate(_RECORDER)
    return session


def settle(session: MapSession, since: float, within_s: float, quiet_s: float = 1.0) -> None:
    """Wait until the view stops moving: no ``moveend`` for ``quiet_s``, within ``within_s``."""
    deadline = time.monotonic() + within_s + quiet_s
    while time.monotonic() < deadline:
        moves = session.frame.evaluate("window.__moves || []")
        last = max([m["t"] for m in moves if m["t"] >= since], default=since)
        if session.now_ms() - last >= quiet_s * 1000:
            return
        session.page.wait_for_timeout(100)
    raise AssertionError(f"the view kept moving for {within_s} s")


def assert_stays_put(session: MapSession, seconds: float = 5.0) -> None:
    """No ``moveend`` at all for ``seconds`` (nothing moves the map that the user did not)."""
    start = session.now_ms()
    before = session.view()
    session.page.wait_for_timeout(int(seconds * 1000))
    moves = session.moves_since(start)
    assert moves == [], f"the map moved by itself: {moves}"
    assert session.view() == before


def settled_after(session: MapSession, action, within_s: float) -> list[dict]:
    """Run ``action``, wait for the view to settle, check it then stays put 5 s; return moves.

    The settling time is measured from the action to the last ``moveend``; an action that
    takes time itself (a drag) returns the page time it ended, and is measured from there.
    """
    start = session.now_ms()
    ended = action() or start
    session.page.wait_for_timeout(300)
    settle(session, since=start, within_s=within_s + 5)
    moves = session.moves_since(start)
    if moves:
        assert moves[-1]["t"] - ended <= within_s * 1000, (
            f"settled only after {(moves[-1]['t'] - ended) / 1000:.1f} s: {moves}")
    assert_stays_put(session)
    return moves


def tooltips_outside_map(session: MapSession) -> list[str]:
    """Open every atlas object's tooltip that is in view; list those leaving the map box."""
    return session.frame.evaluate("""() => {
      const c = map.getContainer().getBoundingClientRect(); const bad = [];
      const layers = []; map.eachLayer(l => { if (l.getTooltip && l.getTooltip()
          && l.options.atlasId) layers.push(l); });
      for (const l of layers) {
        const ll = l.getLatLng ? l.getLatLng() : l.getCenter();
        const p = map.latLngToContainerPoint(ll);
        if (p.x < 0 || p.y < 0 || p.x > c.width || p.y > c.height) continue;
        l.openTooltip(ll);
        const el = l.getTooltip().getElement();
        if (!el) continue;
        const r = el.getBoundingClientRect();
        if (r.left < c.left - 1 || r.top < c.top - 1 || r.right > c.right + 1
            || r.bottom > c.bottom + 1) bad.push(el.textContent.slice(0, 60));
        l.closeTooltip();
      }
      return bad;
    }""")
