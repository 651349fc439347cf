"""Unit tests of the corridor loaders and the corridor index."""

from __future__ import annotations

import re

from dashboard.core.geodata.corridors import (
    CORRIDOR_IDS,
    MODES,
    ROLES,
    STATUSES,
    load_corridor_index,
    load_nodes,
    load_segments,
)


def test_index_order_and_required_fields():
    index = load_corridor_index()
    assert tuple(index) == CORRIDOR_IDS
    for cid, entry in index.items():
        assert entry["id"] == cid
        for key in (
            "name",
            "aliases",
            "color",
            "description",
            "status",
            "countries",
            "length",
            "capacity",
            "operator",
            "key_dates",
            "sources",
        ):
            assert key in entry, (cid, key)
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", entry["color"])
        assert all(d["source"] for d in entry["key_dates"])
        if entry["length"] is not None:
            assert entry["length"]["source"] and entry["length"]["value_km"] > 0


def test_colours_distinct():
    colours = [e["color"].lower() for e in load_corridor_index().values()]
    assert len(set(colours)) == len(colours)


def test_aliases_cover_news_spellings():
    idx = load_corridor_index()
    expected = {
        "instc": [
            "INSTC",
            "NSTC",
            "North–South Transport Corridor",
            "North-South Transport Corridor",
            "International North–South Transport Corridor",
        ],
        "middle_corridor": [
            "Middle Corridor",
            "TITR",
            "Trans-Caspian International Transport Route",
        ],
        "zangezur": [
            "Zangezur corridor",
            "Zangazur corridor",
            "trans-Armenian corridor",
            "TRIPP",
            "Trump Route for International Peace and Prosperity",
        ],
        "aras": ["Aras corridor", "Araz corridor"],
        "btc": ["BTC pipeline", "Baku–Tbilisi–Ceyhan pipeline", "Baku-Tbilisi-Ceyhan pipeline"],
    }
    for cid, names in expected.items():
        for name in names:
            assert name in idx[cid]["aliases"], (cid, name)


def test_no_trap_terms_in_aliases():
    traps = {
        "east zangezur",
        "southern gas corridor",
        "baku–tbilisi–kars railway",
        "baku-tbilisi-kars railway",
        "btk",
    }
    for entry in load_corridor_index().values():
        assert not traps & {a.lower() for a in entry["aliases"]}


def test_segments_schema():
    seg = load_segments()
    assert seg.crs.to_epsg() == 4326
    assert set(seg["corridor"]) == set(CORRIDOR_IDS)
    assert seg["segment_id"].is_unique
    assert set(seg["mode"]) <= set(MODES)
    assert set(seg["status"]) <= set(STATUSES)
    assert (seg.geometry.geom_type == "LineString").all()
    assert all(isinstance(c, list) and c for c in seg["countries"])
    assert all(isinstance(s, list) and s for s in seg["sources"])
    assert seg["approximate_geometry"].map(lambda v: isinstance(v, bool)).all()


def test_branches_present():
    ids = set(load_segments()["segment_id"])
    for sid in (
        "instc_yalama_baku",
        "instc_astara_rasht_gap",
        "instc_olya_anzali",
        "instc_eastern_kti",
        "instc_bandar_abbas_jnpt",
        "mc_kuryk_alat_ferry",
        "mc_tbilisi_poti",
        "mc_akhalkalaki_kars",
        "zg_meghri_section",
        "zg_kars_igdir_dilucu",
        "ar_iranian_bank",
    ):
        assert sid in ids
    seg = load_segments().set_index("segment_id")
    assert seg.loc["instc_astara_rasht_gap", "status"] in ("planned", "under_construction")


def test_nodes_schema_and_unverified_not_plotted():
    nodes = load_nodes()
    assert nodes.crs.to_epsg() == 4326
    assert nodes["node_id"].is_unique
    assert set(nodes["role"]) <= set(ROLES)
    assert set(nodes["coord_quality"]) <= {"verified", "approximate"}
    assert (nodes["source"].str.len() > 0).all()
    index = load_corridor_index()
    unplaced = {u["name"] for e in index.values() for u in e.get("unplaced_nodes", [])}
    assert "PSG2 pump station (Tsalka area)" in unplaced
    names = " ".join(nodes["name"])
    for word in ("PSG2", "Marabda", "Amirabad", "Dilucu (Türkiye border gate)"):
        assert word not in names
