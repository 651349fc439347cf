"""Exports in a real browser: exact-view screenshot, offline HTML, page downloads."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from dashboard.core.export.browser import PIXEL_RATIO, exact_view_png
from dashboard.core.export.html import interactive_html
from dashboard.core.export.render import ExportLayers, ExportRequest
from tests.browser.conftest import CHROMIUM, REPO, free_port, stop_streamlit, wait_healthy

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def layers() -> ExportLayers:
    return ExportLayers.load()


def _share(pixels: np.ndarray, hex_color: str, tol: int = 30) -> float:
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    return float(np.all(np.abs(pixels.astype(int) - rgb) <= tol, axis=-1).mean())


def test_exact_view_waits_for_the_drawn_map(browser, layers, monkeypatch):
    monkeypatch.setenv("ATLAS_CHROMIUM", CHROMIUM)
    request = ExportRequest(corridors=["btc", "zangezur"], center=(40.5, 45.5), zoom=6,
                            size=(1000, 620))
    png = exact_view_png(request, layers)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1000 * PIXEL_RATIO, 620 * PIXEL_RATIO)
    pixels = np.asarray(image)
    for cid in ("btc", "zangezur"):
        assert _share(pixels, str(layers.index[cid]["color"])) > 0.0003, cid
    assert _share(pixels, str(layers.index["middle_corridor"]["color"]), 8) < 0.0003
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 100


def test_exported_html_draws_its_layers_offline(offline_page, layers):
    html = interactive_html(ExportRequest(corridors=["instc", "aras"]), layers)
    page = offline_page.page
    page.set_content(html, wait_until="load")
    page.wait_for_function("document.querySelectorAll('path.atlas-corridor').length >= 2",
                           timeout=60_000)
    count = page.evaluate("(c) => document.querySelectorAll('path.atlas-corridor-' + c).length",
                          "instc")
    assert count >= 1
    assert page.evaluate("document.querySelectorAll('path.atlas-corridor-btc').length") == 0
    assert page.evaluate("typeof L !== 'undefined' && L.version") is not False
    assert offline_page.blocked == [], offline_page.blocked


def _back_msg_kind(frame: object) -> str | None:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(frame if isinstance(frame, bytes) else str(frame).encode())
    return msg.WhichOneof("type")


@pytest.fixture(scope="module")
def export_page_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export-page")
    port = free_port()
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "views" / "export.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "ATLAS_CACHE_DIR": str(tmp / "cache"),
             "PYTHONPATH": str(REPO)},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        stop_streamlit(proc, log)


def test_export_page_downloads_without_rerunning(export_page_url, offline_page):
    page = offline_page.page
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(export_page_url, wait_until="domcontentloaded")
    png_button = page.get_by_role("button", name="PNG (1920×1080)")
    png_button.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    before = len(sent)
    with page.expect_download(timeout=120_000) as info:
        png_button.click()
    image = Image.open(info.value.path())
    assert image.format == "PNG" and image.size == (1920, 1080)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="GeoJSON of the layers and places").click()
    doc = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["features"]
    assert info.value.suggested_filename.endswith(".geojson")
    # on_click="ignore": the clicks asked the server for the files and never for a rerun.
    page.wait_for_timeout(1000)
    kinds = [_back_msg_kind(frame) for frame in sent[before:]]
    assert kinds and "rerun_script" not in kinds, kinds
    assert offline_page.blocked == [], offline_page.blocked
