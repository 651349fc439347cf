"""Make the documentation's screenshots (docs/screenshots/) in Debian chromium, offline.

    python scripts/screenshots.py [--out docs/screenshots] [--only NAME ...]

Starts the app on a free loopback port (every request leaving the machine is aborted),
opens each view at its viewport, waits until the map has drawn and settled, and saves
the page.  Test runs never write here (they leave theirs in ``artifacts/``); look at
what this script made before committing it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import (  # noqa: E402 - after the path fix above
    CHROMIUM,
    CHROMIUM_FLAGS,
    start_streamlit,
    stop_streamlit,
)
from tests.browser.journey import MapSession, open_map  # noqa: E402


def _scroll_evidence(session: MapSession) -> None:
    """Scroll the evidence column down to its excerpts (the map stays put beside it)."""
    page = session.page
    page.wait_for_selector(".atlas-excerpt", timeout=60_000)
    page.locator(".atlas-excerpt").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)


@dataclass(frozen=True)
class Shot:
    """One screenshot: file name, address (path and query), viewport, what to do first."""

    name: str
    path: str
    size: tuple[int, int]
    corridors: bool = True
    then: Callable[[MapSession], None] | None = None


SHOTS = [
    Shot("map.png", "/", (1600, 1000)),
    Shot("map_1366.png", "/", (1366, 768)),
    Shot("map_phone.png", "/", (390, 844)),
    Shot("corridor_selected.png", "/?sel=corridor:zangezur", (1600, 1000)),
    Shot("evidence_scrolled.png", "/?sel=corridor:zangezur", (1600, 1000),
         then=_scroll_evidence),
    Shot("corridor_selected_1366.png", "/?sel=corridor:zangezur", (1366, 768)),
    Shot("phone_evidence.png", "/?sel=corridor:zangezur", (390, 844), then=_scroll_evidence),
    Shot("map_zoom8_syunik_nakhchivan.png", "/?view=39.3000,45.9000,8", (1600, 1000)),
]


def take(shots: list[Shot], out: Path) -> list[Path]:
    """Start the app, take ``shots`` into ``out``; return the files written."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, log = start_streamlit(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                for shot in shots:
                    session = open_map(browser, url + shot.path, *shot.size,
                                       corridors=shot.corridors)
                    try:
                        if shot.then is not None:
                            shot.then(session)
                        session.page.wait_for_selector(  # the app has finished its run
                            "[data-testid='stStatusWidget']", state="detached", timeout=60_000)
                        session.page.wait_for_timeout(800)
                        if session.offline.blocked:
                            raise RuntimeError(f"requests left the machine: "
                                               f"{session.offline.blocked}")
                        session.shot(out / shot.name)
                        written.append(out / shot.name)
                    finally:
                        session.page.context.close()
                browser.close()
        finally:
            stop_streamlit(proc, log)
    return written


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", help="file names of the shots to take")
    args = parser.parse_args(argv)
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    for path in take(shots, args.out):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
