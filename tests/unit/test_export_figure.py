"""Static briefing figure: formats, pixels, vector paths, labels, scale bar."""

from __future__ import annotations

import io
import itertools
import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely
from matplotlib.patches import Rectangle
from PIL import Image

from dashboard.core.export.figure import build_figure, label_boxes, render_figure
from dashboard.core.export.figure_labels import Box, LabelItem, greedy_place
from dashboard.core.export.figure_style import (
    FROM_MERC,
    dash_pattern,
    fit_aspect,
    metres_per_unit,
    nice_length,
)
from dashboard.core.export.render import PRESETS, ExportLayers, ExportRequest
from dashboard.core.map.build import LAND_COLOR, SEA_COLOR, STATUS_DASH, segment_style
from dashboard.core.map.names import label_text
from tests.helpers import BLUE, RED, synthetic_layers, synthetic_places

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
    assert any(t.get_text() == f"{info.scale_km:g} km" for t in fig.texts)
    # the bar (beside the map) is as long as scale_km on the map at that latitude
    renderer = fig.canvas.get_renderer()
    bar = [a.get_window_extent(renderer) for a in fig.artists
           if isinstance(a, Rectangle) and a.get_gid() == "atlas-scale-bar"]
    assert len(bar) == 4
    drawn_px = max(b.x1 for b in bar) - min(b.x0 for b in bar)
    map_px = info.map_box.x1 - info.map_box.x0
    expected_px = info.scale_km * 1000 / math.cos(math.radians(lat)) / (x1 - x0) * map_px
    assert drawn_px == pytest.approx(expected_px, rel=0.02)


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
    on_map = pixels[:, : int(pixels.shape[1] * 0.75)]  # left of the legend column
    for cid, facts in layers.index.items():
        assert _share(on_map, str(facts["color"]), 30) > 0.00005, cid
    assert _share(pixels, LAND_COLOR, 6) > 0.2


# ------------------------------------------------------------------ briefing on real data


def _zangezur_request(**kw) -> ExportRequest:
    """The request ``export --preset slide --fit-corridor zangezur --places`` builds."""
    import argparse

    from dashboard.cli import export as cli

    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["--out", "z.png", "--preset", "slide",
                              "--fit-corridor", "zangezur", "--places"])
    request = cli.build_request(args, _real_layers())
    for key, value in kw.items():
        setattr(request, key, value)
    return request


_REAL: dict[str, ExportLayers] = {}


def _real_layers() -> ExportLayers:
    if "layers" not in _REAL:
        _REAL["layers"] = ExportLayers.load()
    return _REAL["layers"]


@pytest.fixture(scope="module")
def zangezur_slide():
    return build_figure(_zangezur_request(), _real_layers())


def _merc_bounds(frame) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in frame.to_crs("EPSG:3857").total_bounds)


def test_fit_corridor_frames_the_whole_corridor_with_a_margin(zangezur_slide):
    fig, info = zangezur_slide
    layers = _real_layers()
    x0, y0, x1, y1 = info.extent
    for frame in (layers.segments, layers.nodes):
        bx0, by0, bx1, by1 = _merc_bounds(frame[frame["corridor"] == "zangezur"])
        margin_x, margin_y = (x1 - x0) * 0.02, (y1 - y0) * 0.02
        assert x0 + margin_x <= bx0 and bx1 <= x1 - margin_x
        assert y0 + margin_y <= by0 and by1 <= y1 - margin_y
    # the output aspect is kept: the extent has the map box's width/height ratio
    box_ = info.map_box
    assert (x1 - x0) / (y1 - y0) == pytest.approx(
        (box_.x1 - box_.x0) / (box_.y1 - box_.y0), rel=0.01)
    # nothing is drawn over the map but its names and pins: legends sit beside it
    assert info.furniture and not any(f.overlaps(box_) for f in info.furniture)


def test_zangezur_slide_names_every_corridor_node_with_a_clean_name(zangezur_slide):
    fig, info = zangezur_slide
    named = {text for text, _ in info.labels}
    nodes = _real_layers().nodes
    for raw in nodes[nodes["corridor"] == "zangezur"]["name"]:
        assert label_text(raw) in named, raw
    assert "Sadarak" in named
    assert not [t for t in named if "(" in t or "point" in t or "reference" in t]
    # basemap names (towns, regions, countries) are drawn too
    kinds = {t.get_gid() for t in fig.axes[0].texts if (t.get_gid() or "").startswith(
        "atlas-label-")}
    assert {"atlas-label-node", "atlas-label-place", "atlas-label-town",
            "atlas-label-country"} <= kinds


def test_zangezur_slide_labels_overlap_no_label_line_or_legend(zangezur_slide):
    fig, info = zangezur_slide
    boxes = label_boxes(fig, info)
    assert len(boxes) == len(info.labels) >= 30
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    lines = shapely.union_all(info.lines)
    renderer = fig.canvas.get_renderer()
    legends = [_as_box(leg.get_window_extent(renderer)) for leg in fig.legends]
    assert len(legends) >= 3
    for b in boxes:
        assert b.inside(info.map_box)
        assert not any(b.overlaps(f) for f in [*info.furniture, *legends])
        # measured text (without its halo) never touches a drawn corridor line
        assert not lines.intersects(shapely.box(b.x0, b.y0, b.x1, b.y1))


def _as_box(bbox) -> Box:
    return Box(bbox.x0, bbox.y0, bbox.x1, bbox.y1)


def test_every_drawn_place_and_node_is_named_on_the_zangezur_slide(zangezur_slide):
    _, info = zangezur_slide
    request = _zangezur_request()
    lon0, lat0 = FROM_MERC.transform(info.extent[0], info.extent[1])
    lon1, lat1 = FROM_MERC.transform(info.extent[2], info.extent[3])
    drawn = request.places.dropna(subset=["lat", "lon"])
    drawn = drawn[drawn["lon"].between(lon0, lon1) & drawn["lat"].between(lat0, lat1)]
    named = {text.casefold() for text, _ in info.labels}
    missing = [n for n in drawn["name"] if label_text(n).casefold() not in named]
    assert not missing


def test_call_outs_are_pinned_to_the_place_or_the_linked_corridor(layers):
    on_place = {"text": "Westport opens.", "citation": "A", "place_id": "p1",
                "lat": 40.0, "lon": 44.0, "corridor": "alpha"}
    on_corridor = {"text": "Beta is late.", "citation": "B", "corridor": "beta"}
    far_place = {"text": "From far in the west along Beta.", "citation": "C",
                 "lat": 39.0, "lon": 30.0, "corridor": "beta"}
    fig, info = build_figure(_request(excerpts=[on_place, on_corridor, far_place]), layers)
    assert info.callouts == [1, 2, 3]
    assert info.anchors[1] == (44.0, 40.0)  # the place the excerpt mentions
    beta = layers.segments[layers.segments["corridor"] == "beta"].geometry.union_all()
    lon0, lat0 = FROM_MERC.transform(info.extent[0], info.extent[1])
    lon1, lat1 = FROM_MERC.transform(info.extent[2], info.extent[3])
    for number in (2, 3):  # on the linked corridor, inside the frame
        lon, lat = info.anchors[number]
        assert beta.distance(shapely.Point(lon, lat)) < 1e-6
        assert lon0 < lon < lon1 and lat0 < lat < lat1
    # a place off the map pulls its pin to the corridor's point nearest to it (west end)
    assert info.anchors[3] == pytest.approx((44.5, 39.0))
    assert info.anchors[2][0] > 45.0


def test_real_excerpt_is_pinned_to_the_town_it_names_not_a_country():
    from dashboard.core.evidence.cache import load_or_build_index
    from dashboard.core.export.render import excerpt_anchor, excerpt_from_evidence

    index = load_or_build_index()
    mentions, places = index.mentions, index.places
    broad = ["country", "macro_region", "sea"]

    def country_then_town():
        for _key, group in mentions.groupby(["doc_id", "sent_id"]):
            located = group.dropna(subset=["lat", "lon"]).sort_values("start")
            if (len(located) >= 2 and located.iloc[0]["kind"] == "country"
                    and (~located["kind"].isin(broad)).any()):
                return group, located
        return None, None

    group, located = country_then_town()
    if group is None:
        pytest.skip("no sentence names a country before a town")
    doc_id = str(group["doc_id"].iloc[0])
    start, end = int(group["sentence_start"].iloc[0]), int(group["sentence_end"].iloc[0])
    excerpt = excerpt_from_evidence(index, doc_id, start, end)
    town = located[~located["kind"].isin(broad)].iloc[0]
    assert excerpt_anchor(excerpt, _real_layers(), places) == (town["lon"], town["lat"])


def test_attribution_names_the_traced_data_that_is_drawn():
    layers = _real_layers()
    _, zangezur = build_figure(_zangezur_request(), layers)
    assert "Made with Natural Earth" in zangezur.credits
    assert "\u00a9 OpenStreetMap contributors (ODbL)" in zangezur.credits
    assert "Global Energy Monitor" in zangezur.credits  # the BTC crosses the frame
    # a frame over the INSTC's schematic Iranian section draws no traced segment
    _, iran = build_figure(ExportRequest(corridors=["instc"], extent=(49.0, 34.0, 51.5, 36.5)),
                           layers)
    assert "OpenStreetMap" not in iran.credits and "Global Energy Monitor" not in iran.credits


def test_line_style_legend_tells_traced_from_schematic(zangezur_slide):
    fig, _ = zangezur_slide
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any(t.startswith("traced") and "OSM" in t and "GEM" in t for t in texts)
    assert "schematic (approximate)" in texts


def test_dollar_pairs_in_title_subtitle_and_citations_stay_plain_text(layers):
    """``$…$`` in source text is never mathtext or LaTeX, even if a matplotlibrc asks for it."""
    import matplotlib as mpl

    excerpts = [{**EXCERPTS[0], "text": "Line $a_b$ cost $9m$.",
                 "citation": "W, \u201c$R$ails\u201d, 2024"}, *EXCERPTS[1:]]
    request = _request(title="Cost $5bn$ to $x^2$ now", subtitle="Sub $y_1$ end",
                       excerpts=excerpts)
    with mpl.rc_context({"text.usetex": True, "text.parse_math": True}):
        data = render_figure(request, layers, "svg")
    texts = ["".join(t.itertext()) for t in ET.fromstring(data).iter(f"{SVG}text")]
    assert "Cost $5bn$ to $x^2$ now" in texts and "Sub $y_1$ end" in texts
    assert any("Line $a_b$ cost $9m$." in t and "W, \u201c$R$ails\u201d, 2024" in t
               for t in texts)
    for t in ("Natural Earth", "Corridors"):  # furniture drawn too, as plain text
        assert any(t in x for x in texts)
