"""Interactive HTML export, exact-view plumbing and the ``export`` CLI verb."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from dashboard.cli import build_parser, main
from dashboard.core.export import browser as export_browser
from dashboard.core.export.browser import BrowserUnavailable, expected_paths, find_chromium
from dashboard.core.export.html import ASSET_PREFIX, interactive_html
from dashboard.core.export.render import ExportLayers, ExportRequest
from dashboard.core.map.assets import LEAFLET_VERSION, external_urls
from tests.helpers import synthetic_layers, synthetic_places


def test_html_is_self_contained_and_holds_the_selected_layers():
    request = ExportRequest(title="Brief <script>alert(1)</script>", corridors=["beta"],
                            places=synthetic_places())
    html = interactive_html(request, synthetic_layers())
    assert external_urls(html) == []
    assert ASSET_PREFIX not in html
    assert f"Leaflet {LEAFLET_VERSION}" in html or f'version="{LEAFLET_VERSION}' in html
    assert "atlas-corridor atlas-corridor-beta" in html
    assert "atlas-corridor-alpha" not in html
    assert "atlas-place" in html  # the places overlay
    assert "<script>alert(1)</script>" not in html
    assert "Brief &lt;script&gt;" in html
    assert re.search(r"map_[0-9a-f]+\.fitBounds\(", html)  # framed on the corridor


def test_html_uses_the_exact_view_when_given():
    html = interactive_html(ExportRequest(center=(40.1, 45.2), zoom=7), synthetic_layers())
    assert not re.search(r"map_[0-9a-f]+\.fitBounds\(", html)  # folium's call, not Leaflet's code
    assert re.search(r"center:\s*\[40\.1,\s*45\.2\]", html)
    assert re.search(r"\"zoom\": 7,", html)


def test_expected_paths_counts_line_parts():
    layers = synthetic_layers()
    assert expected_paths(ExportRequest(), layers) == 3
    assert expected_paths(ExportRequest(corridors=["beta"]), layers) == 1


def test_missing_browser_gives_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(BrowserUnavailable) as err:
        find_chromium()
    assert str(err.value).startswith("Exact-view export needs a Chromium browser: ")
    assert str(err.value).endswith("use the static figure instead.")
    monkeypatch.delenv("ATLAS_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserUnavailable, match="packages.txt"):
        find_chromium()
    with pytest.raises(BrowserUnavailable):
        export_browser.exact_view_png(ExportRequest(), synthetic_layers())


def test_cli_writes_the_slide_png(tmp_path, capsys):
    out = tmp_path / "brief.png"
    assert main(["export", "--preset", "slide", "--corridors", "btc,zangezur",
                 "--out", str(out)]) == 0
    assert Image.open(io.BytesIO(out.read_bytes())).size == (1920, 1080)
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("pdf", b"%PDF-"),
                                        ("html", b"<!DOCTYPE html>"),
                                        ("geojson", b'{"type": "FeatureCollection"'),
                                        ("csv", b"\xef\xbb\xbfnumber,")])
def test_cli_formats(tmp_path, fmt, magic):
    out = tmp_path / "brief.out"
    assert main(["export", "--corridors", "btc", "--format", fmt, "--out", str(out),
                 "--fit-corridor", "btc"]) == 0
    assert out.read_bytes().startswith(magic)


def test_cli_format_follows_suffix_and_reports_errors(tmp_path, capsys, monkeypatch):
    assert main(["export", "--out", str(tmp_path / "x.geojson"), "--corridors", "aras"]) == 0
    assert (tmp_path / "x.geojson").read_bytes().startswith(b'{"type": "FeatureCollection"')
    assert main(["export", "--out", str(tmp_path / "y.png"), "--corridors", "nope"]) == 2
    assert "unknown corridor" in capsys.readouterr().err
    monkeypatch.setenv("ATLAS_CHROMIUM", str(tmp_path / "none"))
    assert main(["export", "--format", "view", "--out", str(tmp_path / "v.png")]) == 2
    assert "use the static figure instead" in capsys.readouterr().err
    assert not (tmp_path / "v.png").exists()


def test_cli_verb_is_discovered():
    assert "export" in build_parser().format_help()


def test_real_layers_html_has_every_corridor():
    layers = ExportLayers.load()
    html = interactive_html(ExportRequest(), layers)
    for cid in layers.index:
        assert f"atlas-corridor-{cid}" in html, cid
    assert external_urls(html) == []


def test_view_pixel_size_inverts_extent_from_view():
    from dashboard.core.export.render import extent_from_view, view_pixel_size

    for center, zoom, size in (((39.3, 45.9), 7, (1187, 640)), ((41.0, 44.8), 9, (390, 520))):
        bounds = extent_from_view(center, zoom, *size)
        assert view_pixel_size(bounds, zoom) == size


def test_exact_view_map_is_the_screen_map_without_an_export_title():
    from dashboard.core.export.html import exact_view_map, render_standalone

    layers = ExportLayers.load()
    request = ExportRequest(title="Brief", center=(39.3, 45.9), zoom=7)
    html = render_standalone(exact_view_map(request, layers))
    assert "atlas-export-title" not in html and "Brief" not in html
    assert "L.control.layers(" not in html  # no layer switcher: the screen has none
    assert "Made with Natural Earth" in html
    # the base map's names travel with it (drawn by the map's runtime, as on screen)
    assert "Meghri" in html and "Nakhchivan" in html
    # traced segments are drawn: their licences are credited in the map
    assert "OpenStreetMap contributors (ODbL)" in html
    assert "Global Energy Monitor" in html
    assert "atlas-export-title" in interactive_html(request, layers)  # the HTML file keeps it
