"""Log in through a local OpenID provider in chromium: a viewer cannot add, an editor can.

The test starts ``oidc-provider-mock`` on 127.0.0.1 and the app with a temporary
``secrets.toml`` (``--secrets.files``; nothing is written into the repository) whose
``[auth]`` section points at it; ``ATLAS_EDITORS`` lists one editor.  A logged-out visitor
sees what that configuration allows (reading, no write control).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dashboard.core.text.htmlsafe import WORD_JOINER
from tests.browser.conftest import REPO, OfflinePage, free_port, stop_streamlit, wait_healthy
from tests.helpers import ARTICLE

pytestmark = pytest.mark.browser

EDITOR = "ed@team.org"
STRANGER = "stranger@elsewhere.org"


def _wait_provider(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the OpenID provider exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise TimeoutError("the OpenID provider did not start")


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory):
    """``oidc-provider-mock`` on a free loopback port (any client id and secret accepted)."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("oidc") / "oidc.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_provider(url, proc)
        yield url
    finally:
        stop_streamlit(proc, log)


def write_secrets(path: Path, app_port: int, provider_url: str) -> None:
    """A throw-away ``secrets.toml``: login through the local provider (no real secret)."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(24)}"\n'
        'client_id = "atlas-test"\n'
        'client_secret = "atlas-test-secret"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n',
        encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, provider: str):
    tmp = tmp_path_factory.mktemp("login")
    seeds = tmp / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    port = free_port()
    write_secrets(tmp / "secrets.toml", port, provider)
    env = {**os.environ, "ATLAS_SEEDS_DIR": str(seeds), "ATLAS_CACHE_DIR": str(tmp / "cache"),
           "ATLAS_STORAGE": "local", "ATLAS_EDITORS": EDITOR}
    env.pop("ATLAS_READ_ONLY", None)
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--secrets.files", str(tmp / "secrets.toml")],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, seeds
    finally:
        stop_streamlit(proc, log)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    offline = OfflinePage(context.new_page())
    yield offline
    # nothing of the app left the loopback interface (the mock provider's own login form
    # asks a CDN for its stylesheet; it is blocked and the form works without it)
    assert [u for u in offline.blocked if "/@picocss/" not in u] == [], offline.blocked
    context.close()


def open_sources(page, url: str) -> None:
    """Open the app, go to Sources from the sidebar, wait for it and the sidebar's role line.

    The app is entered at its root: Streamlit runs a deep link (``/sources``) straight
    from ``dashboard/views/`` until a session has opened the root (its navigation and
    sidebar are then missing; the write checks hold either way).
    """
    page.goto(url)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text(": you can ").wait_for(timeout=120_000)
    sidebar.get_by_role("link", name="Sources").click()
    page.get_by_role("heading", name="Documents in the corpus").wait_for(timeout=90_000)


def log_in(page, url: str, email: str) -> None:
    """Log in from the sidebar through the provider's form, as a person would."""
    open_sources(page, url)
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    # the address is shown as text: an invisible word joiner after "@" keeps it from autolinking
    shown = re.escape(email).replace("@", "@" + WORD_JOINER + "?")
    page.get_by_text(re.compile(f"Logged in as {shown}")).wait_for(timeout=60_000)


def test_a_logged_out_visitor_reads_but_cannot_write(server, page):
    url, _seeds = server
    open_sources(page.page, url)
    p = page.page
    p.get_by_text("You are a viewer").wait_for(timeout=30_000)
    assert p.get_by_text("Viewer: you can read and export").count() == 1
    assert p.get_by_text("Logged in as").count() == 0
    assert p.get_by_role("button", name="Log in").count() == 2  # sidebar and page
    for control in ("Add to the corpus", "Save details", "Remove",
                    "Download the corpus (.zip)"):
        assert p.get_by_role("button", name=control).count() == 0, control
    assert p.locator("textarea").count() == 0  # no paste box
    p.locator("[data-testid='stDataFrame']").wait_for(timeout=30_000)  # documents are listed


def test_a_logged_in_viewer_cannot_add(server, page):
    url, seeds = server
    before = (seeds / "sources.csv").read_bytes()
    p = page.page
    log_in(p, url, STRANGER)
    open_sources(p, url)
    shown = re.escape(STRANGER).replace("@", "@" + WORD_JOINER + "?")
    p.get_by_text(re.compile(f"{shown} is not listed in ATLAS_EDITORS")).first.wait_for(
        timeout=30_000)
    assert p.get_by_role("button", name="Add to the corpus").count() == 0
    assert p.locator("textarea").count() == 0
    assert p.get_by_role("button", name="Log out").count() == 1
    assert (seeds / "sources.csv").read_bytes() == before


def test_an_editor_adds_and_the_row_records_them(server, page):
    url, seeds = server
    p = page.page
    log_in(p, url, EDITOR)
    open_sources(p, url)
    assert p.get_by_text("Editor: you can add, edit and remove sources").count() == 1
    assert p.get_by_role("button", name="Download the corpus (.zip)").count() == 0  # admins only
    p.locator("textarea").first.fill(ARTICLE)
    p.get_by_role("button", name="Add to the corpus").click()
    p.locator(".atlas-added").wait_for(timeout=120_000)
    rows = (seeds / "sources.csv").read_text(encoding="utf-8")
    assert "Rail link via Ordubad" in rows and EDITOR in rows
    assert f'"by": "{EDITOR}"' in (seeds / ".sources-log.jsonl").read_text(encoding="utf-8")
