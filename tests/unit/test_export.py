"""Export request, extents, anchors, citations and attribution (dashboard.core.export.render)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard.core.export import render as export
from dashboard.core.export.render import (
    ExportLayers,
    ExportRequest,
    attribution,
    citation_for,
    corridor_extent,
    default_filename,
    excerpt_anchor,
    excerpt_from_evidence,
    extent_from_view,
    places_in_extent,
    resolve_extent,
    selected_corridors,
)
from tests.helpers import synthetic_layers, synthetic_places


@pytest.fixture
def layers() -> ExportLayers:
    return synthetic_layers()


def test_request_json_round_trips_with_places_and_excerpts():
    request = ExportRequest(title="T <&> $5", subtitle="s", date="2025-01-31",
                            corridors=["beta"], extent=(40.0, 35.0, 50.0, 45.0),
                            places=synthetic_places(),
                            excerpts=[{"doc_id": "d", "start": 1, "end": 5, "text": "ab\ncd",
                                       "citation": "c"}],
                            preset="a4", center=(40.5, 45.0), zoom=7, size=(800, 600))
    text = request.to_json()
    back = ExportRequest.from_json(text)
    assert back.to_json() == text
    assert back.extent == (40.0, 35.0, 50.0, 45.0) and back.center == (40.5, 45.0)
    assert list(back.places["place_id"]) == ["p1", "p2", "p3"]
    assert back.excerpts[0]["text"] == "ab\ncd"


def test_selected_corridors_keep_index_order_and_reject_unknown(layers):
    assert selected_corridors(ExportRequest(corridors=[]), layers) == ["alpha", "beta"]
    assert selected_corridors(ExportRequest(corridors=["beta", "alpha"]), layers) == [
        "alpha", "beta"]
    with pytest.raises(ValueError, match="unknown corridor"):
        selected_corridors(ExportRequest(corridors=["gamma"]), layers)


def test_extent_fits_the_selected_corridor_with_padding(layers):
    minx, miny, maxx, maxy = resolve_extent(ExportRequest(corridors=["beta"]), layers)
    assert minx < 44.5 and maxx > 46.5 and miny < 39.0 and maxy > 39.5
    assert maxx < 47.0 and minx > 44.0  # alpha (up to 49 E) is not framed
    assert corridor_extent(layers)[2] > 49.0


def test_explicit_extent_is_validated(layers):
    request = ExportRequest(extent=(44.0, 38.0, 48.0, 42.0))
    assert resolve_extent(request, layers) == (44.0, 38.0, 48.0, 42.0)
    with pytest.raises(ValueError):
        resolve_extent(ExportRequest(extent=(48.0, 38.0, 44.0, 42.0)), layers)


def test_extent_from_view_follows_leaflet_web_mercator():
    minx, miny, maxx, maxy = extent_from_view((40.6, 47.5), 5, 900, 640)
    assert maxx - minx == pytest.approx(900 / (256 * 2**5) * 360)
    assert (minx + maxx) / 2 == pytest.approx(47.5)
    # in Mercator the centre latitude is the middle of the projected y range
    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    assert (merc(miny) + merc(maxy)) / 2 == pytest.approx(merc(40.6))
    assert extent_from_view((40.6, 47.5), 6, 900, 640)[2] - 47.5 == pytest.approx(
        (maxx - 47.5) / 2)


def test_places_in_extent_drops_unlocated_and_outside():
    places = synthetic_places()
    assert list(places_in_extent(places, None)["place_id"]) == ["p1", "p2"]
    assert list(places_in_extent(places, (40, 35, 50, 45))["place_id"]) == ["p1"]
    assert places_in_extent(None, None).empty


def test_excerpt_anchor_priority(layers):
    places = synthetic_places()
    assert excerpt_anchor({"lat": 41.0, "lon": 45.0, "place_id": "p1"}, layers, places) == (
        45.0, 41.0)
    assert excerpt_anchor({"place_id": "p1", "corridor": "beta"}, layers, places) == (44.0, 40.0)
    lon, lat = excerpt_anchor({"corridor": "beta"}, layers, places)
    assert (lon, lat) == pytest.approx((45.5, 39.25))
    assert excerpt_anchor({"place_id": "p3"}, layers, places) is None
    assert excerpt_anchor({"lat": float("nan"), "lon": 1.0}, layers, None) is None


def test_citation_leaves_out_missing_fields():
    doc = {"doc_id": "d1", "author": "A. Writer", "title": "Rails", "outlet": "Trend",
           "date": "2024-12-01", "url": "https://trend.az/x"}
    assert citation_for(doc) == "A. Writer, \u201cRails\u201d, Trend, 2024-12-01. https://trend.az/x"
    assert citation_for({"doc_id": "d2", "title": "T", "author": float("nan")}) == "\u201cT\u201d"
    assert citation_for({"doc_id": "d3"}) == "d3"


def _evidence() -> SimpleNamespace:
    text = "Intro. The line from Westport to Eastport opens in 2026. Beta is late."
    return SimpleNamespace(
        texts={"d1": text},
        documents=pd.DataFrame([{"doc_id": "d1", "file": "d1.txt", "title": "News",
                                 "author": "", "outlet": "Trend", "date": "2024",
                                 "url": "https://trend.az/1"}]),
        mentions=pd.DataFrame([
            {"doc_id": "d1", "start": text.index("Eastport"), "end": text.index("Eastport") + 8,
             "place_id": "p_east", "lat": 41.5, "lon": 49.0},
            {"doc_id": "d1", "start": text.index("Westport"), "end": text.index("Westport") + 8,
             "place_id": "p_west", "lat": 40.0, "lon": 44.0},
        ]),
        corridor_links=pd.DataFrame([{"doc_id": "d1", "start": text.index("Beta"),
                                      "end": len(text), "corridor": "beta"}]),
    )


def test_excerpt_from_evidence_is_verbatim_and_anchored():
    evidence = _evidence()
    text = evidence.texts["d1"]
    start, end = text.index("The line"), text.index("2026.") + 5
    excerpt = excerpt_from_evidence(evidence, "d1", start, end)
    assert excerpt["text"] == text[start:end]
    # the outlet is named as the registry names it, with its country
    assert excerpt["citation"] == "\u201cNews\u201d, Trend News Agency (AZ), 2024. https://trend.az/1"
    assert (excerpt["place_id"], excerpt["lat"], excerpt["lon"]) == ("p_west", 40.0, 44.0)
    late = excerpt_from_evidence(evidence, "d1", text.index("Beta"), len(text))
    assert late["corridor"] == "beta" and "lat" not in late
    with pytest.raises(ValueError):
        excerpt_from_evidence(evidence, "d1", 5, len(text) + 1)
    with pytest.raises(KeyError):
        excerpt_from_evidence(evidence, "nope", 0, 1)


def test_attribution_credits_natural_earth_sources_and_outlets(layers):
    request = ExportRequest(corridors=["alpha"], excerpts=[{"outlet": "Trend"}])
    line = attribution(request, layers)
    assert "Natural Earth" in line
    assert "example.org" in line and "news.test" in line
    assert "Excerpts: Trend" in line
    assert "example.org" not in attribution(ExportRequest(corridors=["beta"]), layers)


def test_default_filename_is_safe():
    request = ExportRequest(corridors=["btc", "zangezur"], date="2025/01/31")
    assert default_filename(request, "png") == "atlas-btc-zangezur-slide-2025-01-31.png"
    assert default_filename(ExportRequest(date="d"), "csv") == "atlas-all-excerpts-d.csv"


def test_render_rejects_unknown_format(layers):
    with pytest.raises(ValueError, match="unknown export format"):
        export.render(ExportRequest(), layers, "docx")


def test_real_loaders_give_every_corridor_an_extent():
    layers = ExportLayers.load()
    assert len(layers.index) >= 5
    for cid in layers.index:
        minx, miny, maxx, maxy = corridor_extent(layers, [cid])
        assert minx < maxx and miny < maxy, cid
    assert "Natural Earth" in attribution(ExportRequest(), layers)


def test_status_filter_drops_segments_but_keeps_nodes(layers):
    subset = export.corridor_subset(ExportRequest(statuses=["under_construction"]), layers)
    assert list(subset.segments["segment_id"]) == ["b1"]
    assert len(subset.nodes) == len(layers.nodes)
    assert ExportRequest.from_json(ExportRequest(statuses=["planned"]).to_json()).statuses == [
        "planned"]


def test_excerpt_is_anchored_on_a_town_before_a_country():
    evidence = _evidence()
    text = evidence.texts["d1"]
    country = {"doc_id": "d1", "start": text.index("The"), "end": text.index("The") + 3,
               "place_id": "country:az", "kind": "country", "lat": 40.4, "lon": 47.2}
    evidence.mentions = pd.concat([pd.DataFrame([country]), evidence.mentions.assign(
        kind="city")], ignore_index=True)
    start, end = text.index("The line"), text.index("2026.") + 5
    excerpt = excerpt_from_evidence(evidence, "d1", start, end)
    assert excerpt["place_id"] == "p_west"
    only_country = excerpt_from_evidence(evidence, "d1", start, start + 3)
    assert "place_id" not in only_country


def test_credits_follow_the_geometry_source_of_drawn_segments(layers):
    segs = layers.segments.copy()
    assert export.data_credits(segs) == ["Made with Natural Earth (public domain)"]
    segs["geometry_source"] = [{"kind": "traced", "dataset": "OpenStreetMap"},
                               {"kind": "schematic", "dataset": "Global Energy Monitor"},
                               {"kind": "traced", "dataset": "Global Energy Monitor"}]
    credits = export.data_credits(segs)
    assert credits[1] == "\u00a9 OpenStreetMap contributors (ODbL)"
    assert credits[2].startswith("Global Energy Monitor")
    assert export.data_credits(segs.iloc[[1]]) == credits[:1]  # schematic: no GEM credit
