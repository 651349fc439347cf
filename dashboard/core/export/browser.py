"""Exact-view export: a PNG of the interactive map drawn by headless Chromium.

The request's map is rendered to a temporary self-contained page (Leaflet inlined,
see :mod:`dashboard.core.export.html`), opened from ``file://`` in the system
Chromium driven by Playwright with every non-local request aborted, and
screenshotted once Leaflet has *drawn* it: the map object reports ``_loaded`` and
every expected corridor path is in the DOM with geometry.  No fixed delay.

Where Chromium or Playwright is missing :class:`BrowserUnavailable` explains it;
the UI shows the message and offers the static figure instead.  On Streamlit
Community Cloud ``packages.txt`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dashboard.core.export.html import exact_view_map, render_standalone
from dashboard.core.export.model import ExportLayers, ExportRequest, corridor_subset

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FALLBACK_HINT = "use the static figure instead"
#: device pixels per CSS pixel of the screenshot (2: sharp on slides and high-DPI screens).
PIXEL_RATIO = 2


class BrowserUnavailable(RuntimeError):
    """No usable Chromium (or no Playwright) for the exact-view export."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Exact-view export needs a Chromium browser: {reason}; "
                         f"{FALLBACK_HINT}.")
        self.reason = reason


def find_chromium() -> str:
    """Return the path of a Chromium executable.

    ``ATLAS_CHROMIUM`` wins when set; otherwise the first of :data:`CHROMIUM_NAMES`
    on ``PATH``.

    Returns
    -------
    str
        Path of the executable.

    Raises
    ------
    BrowserUnavailable
        If none is found.
    """
    configured = os.environ.get("ATLAS_CHROMIUM")
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise BrowserUnavailable(f"ATLAS_CHROMIUM={configured} is not an executable file")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailable(
        "no chromium on this machine (Debian: apt-get install chromium; Streamlit "
        "Community Cloud: list chromium in packages.txt)")


def _sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable("the Python package playwright is not installed "
                                 "(pip install playwright; no browser download is needed)"
                                 ) from None
    return sync_playwright


def expected_paths(request: ExportRequest, layers: ExportLayers) -> int:
    """Return how many corridor ``<path>`` elements Leaflet draws (one per segment line part)."""
    segments = corridor_subset(request, layers).segments
    return sum(len(getattr(g, "geoms", [g])) for g in segments.geometry if g is not None)


_DRAWN_JS = """([name, expected]) => {
  const map = window[name];
  if (!map || !map._loaded) return false;
  const paths = document.querySelectorAll('path.atlas-corridor');
  if (paths.length < expected) return false;
  for (const p of paths) { if (!(p.getAttribute('d') || '')) return false; }
  return document.querySelectorAll('.leaflet-overlay-pane path').length > 0;
}"""


def exact_view_png(request: ExportRequest, layers: ExportLayers,
                   timeout_s: float = 60.0) -> bytes:
    """Screenshot the request's interactive map in headless Chromium, as PNG.

    The map element is ``request.size`` CSS pixels at :data:`PIXEL_RATIO` device pixels
    each, showing ``center``/``zoom`` (else ``extent``).  Raises :class:`BrowserUnavailable`
    when Chromium or Playwright is missing or cannot start, and ``TimeoutError`` when the map
    is not drawn within ``timeout_s``.
    """
    executable = find_chromium()
    sync_playwright = _sync_playwright()
    fmap = exact_view_map(request, layers)
    html = render_standalone(fmap)
    expected = expected_paths(request, layers)
    width, height = (int(v) for v in request.size)
    with tempfile.TemporaryDirectory(prefix="atlas-view-") as tmp:
        page_path = Path(tmp) / "map.html"
        page_path.write_text(html, encoding="utf-8")
        # Playwright's sync API refuses to run on a thread with an asyncio loop
        # (as some servers have): always drive it from a fresh worker thread.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(_shoot, sync_playwright, executable, page_path.as_uri(),
                               fmap.get_name(), expected, width, height, timeout_s).result()


def _shoot(sync_playwright, executable: str, url: str, map_name: str, expected: int,
           width: int, height: int, timeout_s: float) -> bytes:
    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_FLAGS))
        except Exception as exc:  # playwright raises its own Error subclasses
            raise BrowserUnavailable(f"{executable} did not start ({exc})") from exc
        try:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          device_scale_factor=PIXEL_RATIO)
            page = context.new_page()
            page.route("**/*", route)
            page.goto(url, wait_until="load", timeout=timeout_s * 1000)
            try:
                page.wait_for_function(_DRAWN_JS, arg=[map_name, expected],
                                       timeout=timeout_s * 1000, polling="raf")
            except Exception as exc:
                raise TimeoutError(f"the map was not drawn within {timeout_s:.0f} s") from exc
            # two animation frames: Leaflet's last paint is on screen
            page.evaluate("() => new Promise(r => requestAnimationFrame("
                          "() => requestAnimationFrame(r)))")
            png = page.locator(".folium-map").first.screenshot(type="png")
        finally:
            browser.close()
    return png
