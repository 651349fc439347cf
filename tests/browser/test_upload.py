"""Upload a hostile HTML article in a real browser: nothing executes, its places are mapped.

The server runs on a scratch copy of the seed corpus (``ATLAS_SEEDS_DIR``), local storage.
The map page is opened *before* the upload, so its cached evidence index must be
invalidated by the upload for the new places to appear (``dashboard/ui/data.py`` keys the
index on ``dashboard/ui/sources_state.corpus_version()``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.browser.conftest import (
    REPO,
    OfflinePage,
    free_port,
    map_frame,
    stop_streamlit,
    wait_healthy,
)

pytestmark = pytest.mark.browser

APP = REPO / "dashboard" / "app.py"
PAYLOAD = REPO / "tests" / "data" / "ingest" / "payload_article.html"
TITLE_PAYLOAD = "Araxes <img src=x onerror=alert(8)> report"

PLACE_TOOLTIPS_JS = """() => { const out = []; window.map.eachLayer(l => {
  if (l.options && (l.options.className || '').split(' ').includes('atlas-place')
      && l.getTooltip()) {
    const d = document.createElement('div');
    d.innerHTML = l.getTooltip().getContent().replace(/<br>/g, ' | ');
    out.push(d.textContent.trim()); } });
  return out; }"""
# Anything the payload could have created or run, in one document.
INJECTED_JS = """() => ({
  injected: document.querySelectorAll('#injected').length,
  imgX: Array.from(document.querySelectorAll('img')).filter(
      i => (i.getAttribute('src') || '') === 'x').length,
  handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
  jsLinks: document.querySelectorAll('a[href^="javascript"],iframe[src^="javascript"]').length,
  svgOnload: document.querySelectorAll('svg[onload]').length,
  alertScripts: Array.from(document.querySelectorAll('script')).filter(
      s => (s.textContent || '').includes('alert(')).length,
  pwned: window.__pwned === true,
})"""
CLEAN = {
    "injected": 0,
    "imgX": 0,
    "handlers": 0,
    "jsLinks": 0,
    "svgOnload": 0,
    "alertScripts": 0,
    "pwned": False,
}


def _injected_everywhere(page) -> list[dict]:
    return [frame.evaluate(INJECTED_JS) for frame in page.frames]


def _tooltips(page) -> list[str]:
    frame = map_frame(page)
    frame.wait_for_function(
        "document.querySelectorAll('path.atlas-place').length > 0", timeout=60_000
    )
    return frame.evaluate(PLACE_TOOLTIPS_JS)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("upload")
    seeds = tmp / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    for p in seeds.iterdir():
        p.chmod(0o644)
    port = free_port()
    env = {
        **os.environ,
        "ATLAS_SEEDS_DIR": str(seeds),
        "ATLAS_CACHE_DIR": str(tmp / "cache"),
        "ATLAS_STORAGE": "local",
    }
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, seeds
    finally:
        stop_streamlit(proc, log)


@pytest.fixture(scope="module")
def uploaded(server, browser):
    """Open the map (caching its index), then upload the payload article on Sources."""
    url, seeds = server
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    op = OfflinePage(context.new_page())
    page = op.page
    page.add_init_script(
        "window.alert = window.confirm = window.prompt = function () { window.__pwned = true; };"
    )
    page.goto(url, wait_until="domcontentloaded")
    before = _tooltips(page)
    page.goto(f"{url}/sources", wait_until="domcontentloaded")
    page.wait_for_selector("input[type=file]", state="attached", timeout=60_000)
    page.set_input_files("input[type=file]", str(PAYLOAD))
    page.wait_for_selector("text=payload_article.html", timeout=30_000)
    page.get_by_label("Title").fill(TITLE_PAYLOAD)
    page.get_by_label("Outlet").fill("Test <b onmouseover=alert(9)>Outlet</b>")
    started = time.perf_counter()
    page.get_by_role("button", name="Add to the corpus").click()
    page.wait_for_selector(".atlas-added", timeout=60_000)
    seconds = time.perf_counter() - started
    yield {"op": op, "page": page, "url": url, "seeds": seeds, "before": before, "seconds": seconds}
    context.close()


def test_upload_runs_no_payload_and_lists_the_places(uploaded):
    op, page = uploaded["op"], uploaded["page"]
    added = page.inner_text(".atlas-added")
    # the page's own confirmation: title shown literally, places extracted
    assert page.inner_text(".atlas-added-title") == TITLE_PAYLOAD
    places = page.eval_on_selector_all("li.atlas-added-place", "els => els.map(e => e.textContent)")
    for expected in (
        "Meghri (city): 3 mentions",
        "Aghband (city): 3 mentions",
        "Nakhchivan (region): 3 mentions",
    ):
        assert expected in places, (expected, places)
    assert "saved to the corpus folder" in added
    print(f"upload -> confirmation in the browser: {uploaded['seconds']:.2f} s")
    assert uploaded["seconds"] < 15
    # stored as UTF-8 text with the literal markup as text, recorded in sources.csv
    shipped = {p.name for p in (REPO / "seeds").glob("*.txt")}
    stored = sorted(p for p in uploaded["seeds"].glob("*.txt") if p.name not in shipped)
    assert len(stored) == 1  # the next number after the shipped seeds and demo articles
    assert stored[0].name.startswith(f"{max(int(n[:3]) for n in shipped) + 1:03d}_")
    text = stored[0].read_text(encoding="utf-8")
    assert "</div><script>alert(5)</script>" in text and "onerror" not in text
    assert "payload_article.html" in (uploaded["seeds"] / "sources.csv").read_text("utf-8")
    # nothing executed, nothing injected, nothing fetched from outside
    page.wait_for_timeout(500)
    assert op.dialogs == []
    assert all(found == CLEAN for found in _injected_everywhere(page)), _injected_everywhere(page)
    assert op.blocked == []


def test_uploaded_places_appear_on_the_map_and_nothing_runs_there(uploaded):
    op, page = uploaded["op"], uploaded["page"]
    assert not any(t.startswith(("Meghri ", "Aghband ")) for t in uploaded["before"])
    page.goto(uploaded["url"], wait_until="domcontentloaded")
    deadline = time.monotonic() + 30
    tips = _tooltips(page)
    while "Meghri | city · 3 mentions" not in tips and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        tips = _tooltips(page)
    assert "Meghri | city · 3 mentions" in tips
    assert "Aghband | city · 3 mentions" in tips
    nakh_before = [t for t in uploaded["before"] if t.startswith("Nakhchivan | region")]
    nakh_after = [t for t in tips if t.startswith("Nakhchivan | region")]
    assert nakh_before == ["Nakhchivan | region · 3 mentions"]
    assert nakh_after == ["Nakhchivan | region · 6 mentions"]
    page.wait_for_timeout(500)
    assert op.dialogs == []
    assert all(found == CLEAN for found in _injected_everywhere(page)), _injected_everywhere(page)
    assert op.blocked == []
