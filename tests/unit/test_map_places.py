"""The place layer stays bounded: one marker per place, binned by zoom when there are many."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import pytest

from dashboard.core.map import places as map_places
from dashboard.core.map.places import PLACE_CAP, PlaceWindow, aggregate, bin_places, place_window
from dashboard.core.paths import geodata_dir

LIMIT_BYTES = 500_000


def gazetteer_places(n: int | None = None) -> pd.DataFrame:
    """Places of the gazetteer with made-up mention counts (a corpus naming all of them)."""
    gaz = pd.read_csv(geodata_dir() / "gazetteer.csv")
    rng = np.random.default_rng(3)
    table = gaz[["place_id", "name", "kind", "lat", "lon"]].head(n).copy()
    table["mention_count"] = rng.zipf(1.6, len(table)).clip(max=5_000)
    return table.reset_index(drop=True)


@pytest.fixture(scope="module")
def many() -> pd.DataFrame:
    table = gazetteer_places()
    assert len(table) >= 5_000
    return table


def _layer(places, window=None, selected=None):
    layer, _ = map_places.build_overlay(places, selected_place=selected, window=window)
    return layer.data, len(layer.data_json.encode())


def test_one_marker_per_place_never_one_per_mention():
    places = gazetteer_places(50)
    places.loc[0, "mention_count"] = 10_000
    data, _ = _layer(places, PlaceWindow(5))
    assert len(data["points"]) == 50 and data["bins"] == []
    assert sorted(p["id"] for p in data["points"]) == sorted("place:" + places["place_id"])


@pytest.mark.parametrize("zoom", range(4, 11))
def test_bins_keep_every_place_once_and_the_layer_bounded(many, zoom):
    singles, bins = bin_places(many, zoom)
    assert len(singles) + len(bins) <= PLACE_CAP
    assert len(singles) + int(bins["places"].sum()) == len(many)
    assert (bins["places"] >= 2).all()
    assert bins["top_names"].map(len).le(map_places.BIN_TOP).all()


@pytest.mark.parametrize("bounds", [None, (39.0, 37.6, 51.0, 44.4), (44.5, 40.0, 45.5, 40.6),
                                    (20.0, 15.0, 90.0, 60.0)])
@pytest.mark.parametrize("zoom", [4, 6, 8, 10])
def test_payload_stays_under_500_kb_at_any_view(many, zoom, bounds):
    window = place_window(zoom, bounds)
    data, size = _layer(many, window, selected=many["place_id"].iloc[0])
    assert size <= LIMIT_BYTES
    assert len(data["points"]) + len(data["bins"]) <= PLACE_CAP
    assert any(p["id"] == f"place:{many['place_id'].iloc[0]}" and p["style"]["weight"] == 3
               for p in data["points"])  # the selection is always drawn as itself


def test_without_aggregation_the_big_layer_is_over_the_limit(many):
    # what the map sent before: every place, whatever the view
    _, size = _layer(many, None)
    assert size > LIMIT_BYTES


def test_a_bin_names_its_top_places_and_zooms_to_its_extent(many):
    data, _ = _layer(many, place_window(5, None))
    assert data["bins"], "5,000 places at zoom 5 must be binned"
    b = data["bins"][0]
    south, west, north, east = b["box"]
    assert south <= b["ll"][0] <= north and west <= b["ll"][1] <= east
    assert f"<b>{b['n']} places</b>" in b["tip"] and "Click to zoom in" in b["tip"]
    assert b["id"].startswith("place:")
    labels = {(row[0], row[1]): row[2] for row in data["labels"]}
    kinds = dict(zip("place:" + many["place_id"], many["kind"], strict=True))
    for item in data["bins"]:  # labelled with the first name its tooltip lists, unless the
        first = html.unescape(item["tip"].split("<br>")[1].split(", ")[0])  # basemap names it
        where = (round(item["ll"][0], 3), round(item["ll"][1], 3))
        if kinds[item["id"]] in map_places.UNLABELLED_KINDS:
            assert labels.get(where) != first
        else:
            assert labels[where] == first


def test_a_window_keeps_to_the_view_and_small_pans_reuse_it(many):
    bounds = (44.1, 40.0, 44.9, 40.5)  # west, south, east, north: around Tbilisi at zoom 9
    window = place_window(9, bounds)
    assert window == place_window(9, (44.15, 40.02, 44.95, 40.52))  # a small pan
    south, west, north, east = window.box
    assert south < 40.0 and north > 40.5 and west < 44.1 and east > 44.9
    singles, bins = aggregate(many, None, window)
    inside = map_places.in_window(many, window.box)
    assert len(singles) + int(bins["places"].sum() if len(bins) else 0) == len(inside)


def test_a_small_corpus_draws_every_place_as_before():
    places = gazetteer_places(PLACE_CAP)
    singles, bins = aggregate(places, None, place_window(10, (44.0, 40.0, 44.1, 40.1)))
    assert len(singles) == PLACE_CAP and bins.empty
    assert json.loads(json.dumps(_layer(places, None)[0]))["bins"] == []
