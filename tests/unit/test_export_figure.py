"""Static briefing figure: formats, pixels, vector paths, labels, scale bar."""

from __future__ import annotations

import io
import itertools
import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from dashboard.core.export import PRESETS, ExportLayers, ExportRequest
from dashboard.core.export_figure import (
    Box,
    LabelItem,
    build_figure,
    dash_pattern,
    fit_aspect,
    greedy_place,
    label_boxes,
    metres_per_unit,
    nice_length,
    render_figure,
)
from dashboard.core.mapbuild import LAND_COLOR, SEA_COLOR, STATUS_DASH, segment_style
from tests.unit.test_export import BLUE, RED, synthetic_layers, synthetic_places

SVG = "{http://www.w3.org/2000/svg}"
EXCERPTS = [
    {"doc_id": "d1", "start": 0, "end": 30, "text": "The $5bn line links Westport and Eastport.",
     "citation": "A. Writer, \u201cRails\u201d, Trend, 2024", "lat": 41.5, "lon": 49.0},
    {"doc_id": "d2", "start": 0, "end": 10, "text": "Beta is late <again> & over budget.",
     "citation": "Outlet B, 2025", "corridor": "beta"},
    {"doc_id": "d3", "start": 0, "end": 10, "text": "Nowhere in particular.", "citation": "C"},
]


@pytest.fixture(scope="module")
def layers() -> ExportLayers:
    return synthetic_layers()


def _request(**kw) -> ExportRequest:
    base = {"title": "Corridors <&> $5 test", "subtitle": "Synthetic", "date": "2025-01-31",
            "places": synthetic_places(), "excerpts": EXCERPTS}
    return ExportRequest(**{**base, **kw})


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])


def _share(pixels: np.ndarray, hex_color: str, tol: int = 24) -> float:
    close = np.all(np.abs(pixels.astype(int) - _rgb(hex_color)) <= tol, axis=-1)
    return float(close.mean())


# ------------------------------------------------------------------ label placement


def test_greedy_placement_never_overlaps_and_stays_in_frame():
    frame = Box(0, 0, 200, 100)
    items = [LabelItem(x, y, 40, 10) for x, y in
             [(50, 50), (52, 50), (54, 52), (150, 50), (195, 95), (100, 5), (50, 50)]]
    boxes = greedy_place(items, frame, obstacles=[Box(90, 40, 110, 60)], gap=3)
    placed = [b for b in boxes if b is not None]
    assert len(placed) >= 4
    for a, b in itertools.combinations(placed, 2):
        assert not a.overlaps(b)
    for b in placed:
        assert b.inside(frame) and not b.overlaps(Box(90, 40, 110, 60))
    assert boxes == greedy_place(items, frame, obstacles=[Box(90, 40, 110, 60)], gap=3)


def test_greedy_placement_prefers_the_right_and_skips_what_cannot_fit():
    frame = Box(0, 0, 100, 100)
    first = greedy_place([LabelItem(10, 50, 20, 6)], frame, gap=2)[0]
    assert first == Box(12, 47, 32, 53)
    assert greedy_place([LabelItem(50, 50, 150, 6)], frame) == [None]


# ------------------------------------------------------------------ geometry helpers


def test_fit_aspect_contains_input_with_exact_ratio():
    out = fit_aspect((0.0, 0.0, 10.0, 2.0), 16 / 9)
    assert (out[2] - out[0]) / (out[3] - out[1]) == pytest.approx(16 / 9)
    assert out[0] <= 0 and out[2] >= 10 and out[1] <= 0 and out[3] >= 2


@pytest.mark.parametrize("lat", [0.0, 38.0, 41.5, 55.0])
def test_scale_factor_matches_the_cosine_of_latitude(lat):
    y = 6378137.0 * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    # WGS84 ellipsoid vs sphere: within 0.7 %
    assert metres_per_unit(y) == pytest.approx(math.cos(math.radians(lat)), rel=7e-3)


def test_nice_length():
    assert [nice_length(v) for v in (0.7, 1, 3, 7.5, 180, 999, 1200)] == [
        0.5, 1, 2, 5, 100, 500, 1000]


def test_dash_pattern_keeps_leaflet_proportions():
    assert dash_pattern(None, 4) is None
    assert dash_pattern("9 6", 4.0) == (2.25, 1.5)
    assert dash_pattern(STATUS_DASH["disputed"], 2.0) == (6.0, 2.5, 1.0, 2.5)


# ------------------------------------------------------------------ figure content


def test_slide_png_is_1920x1080_and_not_blank(layers):
    data = render_figure(_request(), layers, "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == PRESETS["slide"].pixel_size == (1920, 1080)
    pixels = np.asarray(image)
    assert _share(pixels, SEA_COLOR, 6) > 0.03  # sea / Caspian
    assert _share(pixels, LAND_COLOR, 6) > 0.15  # land
    assert _share(pixels, BLUE) > 0.0005  # alpha corridor
    assert _share(pixels, RED) > 0.0003  # beta corridor
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200


def test_a4_png_is_300_dpi(layers):
    image = Image.open(io.BytesIO(render_figure(_request(preset="a4"), layers, "png")))
    assert image.size == PRESETS["a4"].pixel_size == (3508, 2480)
    assert image.info["dpi"][0] == pytest.approx(300, abs=0.01)


def test_pdf_opens_as_one_a4_landscape_page_with_text(layers):
    import pypdf

    data = render_figure(_request(preset="a4"), layers, "pdf")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(842, abs=1)
    assert float(box.height) == pytest.approx(595, abs=1)
    text = reader.pages[0].extract_text()
    assert "Corridors <&> $5 test" in text and "Outlet B, 2025" in text
    assert "Natural Earth" in text


def test_svg_is_vector_with_corridor_paths_and_literal_text(layers):
    data = render_figure(_request(), layers, "svg")
    root = ET.fromstring(data)  # parses
    assert root.findall(f".//{SVG}image") == []
    strokes = [p.get("style", "") for p in root.iter(f"{SVG}path")]
    assert any(f"stroke: {BLUE.lower()}" in s for s in strokes)
    assert any(f"stroke: {RED.lower()}" in s for s in strokes)
    groups = {g.get("id", "") for g in root.iter(f"{SVG}g")}
    assert {"atlas-corridor-alpha-0-0", "atlas-corridor-beta-0-0"} <= groups
    texts = "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Corridors <&> $5 test" in texts  # no mathtext, escaped as XML
    assert "Beta is late <again> & over budget." in texts
    assert "Natural Earth" in texts


def test_styles_follow_the_interactive_map(layers):
    fig, _ = build_figure(_request(corridors=["alpha"]), layers)
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}
    solid, approximate = lines["atlas-corridor-alpha-0-0"], lines["atlas-corridor-alpha-1-0"]
    assert solid.get_color() == BLUE and solid.get_linestyle() == "-"
    assert approximate.get_linestyle() != "-"  # approximate geometry is dashed
    assert approximate.get_alpha() == segment_style(BLUE, "operating", "sea", True)["opacity"]
    assert approximate.get_linewidth() < solid.get_linewidth()  # sea legs thinner
    assert not any(gid.startswith("atlas-corridor-beta") for gid in lines)


def test_labels_do_not_overlap_and_call_outs_are_numbered(layers):
    fig, info = build_figure(_request(), layers)
    assert {"Westport", "Eastport", "Southtown"} <= {name for name, _ in info.labels}
    boxes = label_boxes(fig, info)
    assert len(boxes) == len(info.labels)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    frame = fig.axes[0].get_window_extent(fig.canvas.get_renderer())
    for b in boxes:
        assert frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
    assert info.callouts == [1, 2]  # excerpt 3 has no anchor
    numbers = [t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith(
        "atlas-callout")]
    assert numbers == ["1", "2"]
    footer = [t.get_text() for t in fig.texts]
    assert any(t.startswith("1  \u201cThe $5bn line") for t in footer)
    assert any(t.startswith("3  ") and t.endswith("(not on the map)") for t in footer)
    assert not any(t.startswith("1  ") and "(not on the map)" in t for t in footer)


def test_call_outs_outside_the_extent_are_not_drawn(layers):
    far = {"doc_id": "d9", "start": 0, "end": 3, "text": "Far", "citation": "Z",
           "lat": 10.0, "lon": 100.0}
    fig, info = build_figure(_request(excerpts=[far, EXCERPTS[0]]), layers)
    assert info.callouts == [2]
    footer = [t.get_text() for t in fig.texts]
    assert any(t.startswith("1  ") and t.endswith("(not on the map)") for t in footer)


def test_real_dense_labels_do_not_overlap():
    layers = ExportLayers.load()
    fig, info = build_figure(ExportRequest(), layers)
    boxes = label_boxes(fig, info)
    assert len(boxes) >= 10
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_scale_bar_is_true_at_the_stated_latitude(layers):
    fig, info = build_figure(_request(), layers)
    x0, y0, x1, y1 = info.extent
    lat = math.degrees(math.atan(math.sinh(((y0 + y1) / 2) / 6378137.0)))
    assert info.scale_latitude == pytest.approx(lat, abs=1e-6)
    width_km = (x1 - x0) * math.cos(math.radians(lat)) / 1000
    assert width_km / 10 <= info.scale_km <= width_km / 5 * 1.0001
    assert info.scale_km == nice_length(info.scale_km)
    assert any(t.get_text() == f"{info.scale_km:g} km" for t in fig.axes[0].texts)


def test_extent_follows_the_chosen_corridor(layers):
    _, only_beta = build_figure(_request(corridors=["beta"], excerpts=[]), layers)
    _, all_corridors = build_figure(_request(excerpts=[]), layers)
    assert only_beta.extent[2] - only_beta.extent[0] < (
        all_corridors.extent[2] - all_corridors.extent[0])


def test_unknown_preset_is_refused(layers):
    with pytest.raises(ValueError, match="unknown preset"):
        render_figure(_request(preset="poster"), layers, "png")


def test_real_layers_slide_shows_every_corridor_colour():
    layers = ExportLayers.load()
    pixels = np.asarray(Image.open(io.BytesIO(
        render_figure(ExportRequest(), layers, "png"))).convert("RGB"))
    for cid, facts in layers.index.items():
        assert _share(pixels, str(facts["color"]), 30) > 0.0002, cid
    assert _share(pixels, LAND_COLOR, 6) > 0.2
