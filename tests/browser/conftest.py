"""Real-browser fixtures: a ``streamlit run`` server on loopback and Debian chromium.

Every request that leaves the loopback interface is aborted and recorded, so the
tests prove the app works with no internet.  When ``ATLAS_REQUIRE_BROWSER=1`` (set by
``scripts/test.sh``) a missing browser fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
#: Where test runs leave their screenshots (git-ignored); the documentation's screenshots in
#: docs/screenshots/ are made by ``scripts/screenshots.py``, never by a test run.
SCREENSHOTS = REPO / "artifacts" / "screenshots"


def _require_or_skip(reason: str) -> None:
    if os.environ.get("ATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    """Poll ``/_stcore/health`` until the server answers ``ok`` (or fail with its log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy within {timeout} s")


def start_streamlit(tmp: Path, env_extra: dict[str, str] | None = None):
    """Start ``streamlit run dashboard/app.py`` on a free loopback port."""
    port = free_port()
    env = {**os.environ, "ATLAS_CACHE_DIR": str(tmp / "cache"), **(env_extra or {})}
    log = open(tmp / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed by the caller
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base_url, proc)
    except Exception:
        proc.terminate()
        log.close()
        raise RuntimeError((tmp / f"streamlit-{port}.log").read_text()) from None
    return proc, base_url, log


def stop_streamlit(proc: subprocess.Popen, log) -> None:
    """Stop a server from :func:`start_streamlit` (kill it after 15 s) and close its log."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a running app (one server for the whole session)."""
    proc, url, log = start_streamlit(tmp_path_factory.mktemp("app"))
    yield url
    stop_streamlit(proc, log)


@pytest.fixture(scope="session")
def browser():
    """Debian chromium driven by Playwright (headless, no network beyond loopback)."""
    if not Path(CHROMIUM).exists():
        _require_or_skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require_or_skip("playwright is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class OfflinePage:
    """A page whose non-loopback requests are aborted and recorded in ``blocked``."""

    def __init__(self, page) -> None:
        self.page = page
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.route("**/*", self._route)
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def offline_page(browser) -> Iterator[OfflinePage]:
    """A fresh browser page (1400x900) with the network cut to loopback."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = OfflinePage(context.new_page())
    yield page
    context.close()


#: The atlas map component's iframe (its title is the component's name).
MAP_IFRAME = "iframe[title$='.atlas_map']"


def map_frame(page, timeout_ms: int = 60_000, selector: str = MAP_IFRAME):
    """Return the map component's frame once Leaflet has drawn in it."""
    page.wait_for_selector(selector, timeout=timeout_ms)
    handle = page.query_selector(selector)
    frame = handle.content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=timeout_ms)
    return frame


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Folder for the screenshots a test run takes (under ``artifacts/``, not the docs)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
