"""In a real browser: hostile corpus content fetches nothing and renders as text."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    OfflinePage,
    _require_or_skip,
    start_streamlit,
    stop_streamlit,
)

from .conftest import SEEDS
from .test_content_faults import EVIL, add_hostile_document

pytestmark = pytest.mark.browser


def in_browser(check):
    """Run ``check(OfflinePage)`` in a fresh chromium, on a thread of its own.

    The browser tests' session-wide Playwright keeps an event loop in the main thread,
    and a second sync Playwright cannot share a thread with it.
    """
    if not Path(CHROMIUM).exists():
        _require_or_skip(f"no chromium at {CHROMIUM}")

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                check(OfflinePage(context.new_page()))
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(run).result()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    doc_id = add_hostile_document(seeds)
    proc, url, log = start_streamlit(root, {"ATLAS_SEEDS_DIR": str(seeds),
                                            "ATLAS_STORAGE": "local"})
    yield url, doc_id, root
    stop_streamlit(proc, log)


def test_reader_shows_hostile_text_literally_and_fetches_nothing(hostile_app):
    in_browser(lambda offline_page: _reader_check(hostile_app, offline_page))


def _reader_check(hostile_app, offline_page):
    url, doc_id, root = hostile_app
    page = offline_page.page
    page.goto(f"{url}/reader?doc={doc_id}&q=Baku%20![x](http://evil.example/q.png)",
              wait_until="domcontentloaded")
    page.wait_for_selector(".atlas-doc", timeout=90_000)
    page.wait_for_timeout(1500)
    body = page.inner_text("section.main, [data-testid='stMain']")
    for text in EVIL:
        assert text in body, text
    assert page.locator("img[src*='evil'], script:has-text('alert(1)')").count() == 0
    # (Streamlit's own heading anchor is an in-page '#...' link: not counted)
    assert page.locator("a[href*='evil']:not([href^='#']), a[href^='javascript']").count() == 0
    assert page.locator("[data-testid='stIconMaterial']:has-text('warning')").count() == 0
    page.screenshot(path=str(root / "hostile-reader.png"), full_page=False)
    assert offline_page.blocked == []
    assert offline_page.dialogs == []


def test_map_with_a_reflected_search_fetches_nothing(hostile_app):
    in_browser(lambda offline_page: _map_check(hostile_app, offline_page))


def _map_check(hostile_app, offline_page):
    url, _, _ = hostile_app
    page = offline_page.page
    page.goto(f"{url}/?q=Baku%20![x](http://evil.example/q.png)&view=40,45,inf",
              wait_until="domcontentloaded")
    page.wait_for_selector("iframe[title$='.atlas_map']", timeout=90_000)
    page.wait_for_timeout(2000)
    assert "Traceback" not in page.content() and "OverflowError" not in page.content()
    assert page.locator("img[src*='evil']").count() == 0
    assert offline_page.blocked == []
