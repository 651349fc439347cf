"""Contract of geodata/gazetteer.csv: columns, kinds, coordinates, aliases, sources."""

import csv
import math
from pathlib import Path

import pytest

from dashboard.core.parse.gazetteer import COLUMNS, KINDS, gazetteer_path, read_gazetteer_frame

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gaz():
    return read_gazetteer_frame()


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_columns_kinds_ids(gaz):
    assert list(gaz.columns) == list(COLUMNS)
    assert set(gaz["kind"]) <= set(KINDS)
    assert gaz["place_id"].is_unique
    assert (gaz["source"].str.len() > 0).all()
    assert not gaz["source"].str.contains("/work/").any()


def test_coordinates_and_countries_are_valid(gaz):
    lat = gaz["lat"].astype(float)
    lon = gaz["lon"].astype(float)
    assert lat.between(-90, 90).all() and lon.between(-180, 180).all()
    codes = gaz["country"]
    assert codes.str.fullmatch(r"[A-Z]{2}|").all()
    assert (gaz.loc[gaz["kind"] == "country", "country"].str.len() == 2).all()


def test_needs_context_aliases_are_aliases(gaz):
    for row in gaz.itertuples():
        aliases = set(row.aliases.split("|"))
        flagged = {a for a in row.needs_context.split("|") if a}
        assert flagged <= aliases, row.place_id


@pytest.mark.parametrize(
    "names",
    [
        ("Nakhchivan", "Nakhichevan", "Naxçıvan"),
        ("Shusha", "Susha", "Şuşa"),
        ("Türkiye", "Turkiye", "Turkey"),
        ("Aras", "Araks", "Araz", "Araxes"),
        ("Aghband", "Agbend", "Aghbend"),
        ("Kyiv", "Kiev"),
        ("Julfa", "Culfa"),
    ],
)
def test_required_transliterations_share_one_entry(gaz, names):
    rows = [set(a.split("|")) for a in gaz["aliases"]]
    assert any(set(names) <= aliases for aliases in rows), names


def test_region_kinds_present(gaz):
    kinds = set(gaz["kind"])
    assert {
        "country",
        "city",
        "region",
        "river",
        "sea",
        "port",
        "facility",
        "border_crossing",
        "macro_region",
    } <= kinds
    macro = set(gaz.loc[gaz["kind"] == "macro_region", "name"])
    assert {"South Caucasus", "Central Asia", "Middle East", "Europe", "Eurasia"} <= macro


def test_every_located_corridor_node_is_in_the_gazetteer(gaz):
    nodes = REPO.parent / "shared" / "geodata-src" / "corridor_nodes.csv"
    if not nodes.is_file():
        pytest.skip("corridor_nodes.csv source not available")
    with nodes.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["lat"] and r["lon"]]
    lat = gaz["lat"].astype(float).tolist()
    lon = gaz["lon"].astype(float).tolist()
    for r in rows:
        la, lo = float(r["lat"]), float(r["lon"])
        nearest = min(_km(la, lo, a, b) for a, b in zip(lat, lon, strict=True))
        assert nearest < 5, r["node"]


def test_gazetteer_path_points_into_geodata():
    assert gazetteer_path().name == "gazetteer.csv"
    assert gazetteer_path().parent.name == "geodata"


def test_every_row_records_a_licence(gaz):
    assert (gaz["licence"].str.len() > 0).all()
    geonames = gaz["source"].str.contains("GeoNames")
    assert gaz.loc[geonames, "licence"].str.contains("CC BY").all()


@pytest.mark.parametrize(
    "alias",
    [
        "Horadiz",  # railhead of the Zangezur railway (GeoNames cities500)
        "Ordubad",
        "Babak",  # rayon of Nakhchivan (Babək)
        "Aghjabadi",  # rayon, English transliteration of Ağcabədi
        "Zangilan district",
        "Shamkir",
        "Shemkir",  # ə as e, the Russian-era spelling of Şəmkir
        "Igdir",
        "Ottoman Empire",
        "Transcaucasian SFSR",
        "Lesser Caucasus",
        "Armenian Highlands",
    ],
)
def test_regional_coverage(gaz, alias):
    assert gaz["aliases"].str.split("|").apply(lambda a: alias in a).any(), alias


def test_demonyms_are_never_aliases(gaz):
    aliases = {a.lower() for row in gaz["aliases"] for a in row.split("|")}
    assert not aliases & {"armenian", "azerbaijani", "georgian", "iranian", "russian", "turkish"}


def test_namesake_on_a_corridor_outranks_one_far_away(gaz):
    aralik = gaz[gaz["aliases"].str.split("|").apply(lambda a: "Aralık" in a)]
    best = aralik.sort_values("prior", ascending=False).iloc[0]
    assert abs(float(best["lat"]) - 39.87) < 0.1 and abs(float(best["lon"]) - 44.52) < 0.1
