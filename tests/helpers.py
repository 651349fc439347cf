"""Helpers shared by test modules: seed copies, synthetic map and export layers, Sources steps.

Test modules import helpers from here (never from another test module); fixtures built
from these live in ``tests/conftest.py``.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point, Polygon
from streamlit.testing.v1 import AppTest

from dashboard.core.export.render import ExportLayers
from dashboard.core.paths import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
SOURCES_PAGE = str(REPO_ROOT / "dashboard" / "views" / "sources.py")


def copy_seeds(folder: Path) -> Path:
    """Copy the seed corpus to ``folder`` (which must not exist), every file writable."""
    shutil.copytree(SEEDS, folder)
    for p in folder.iterdir():
        p.chmod(0o644)
    return folder


#: The five original (undated) seed texts. The gold annotation ``tests/data/gold_seeds.json`` and
#: every test that counts ids, rows or excerpts of "the seeds" was written for exactly these; the
#: dated demo articles beside them in ``seeds/`` (ids from 100) are not part of that reference.
ORIGINAL_SEED_FILES: tuple[str, ...] = (
    "000_ff7e4afae1350b38.txt",
    "001_bfb11c18a4998409.txt",
    "002_a71c1d93199fa0cc.txt",
    "003_b4a7024e64d5f53b.txt",
    "004_07de88ce6cc2ac74.txt",
)


def copy_original_seeds(folder: Path) -> Path:
    """Copy only the five original seeds and their ``sources.csv`` rows to ``folder`` (new)."""
    folder.mkdir(parents=True)
    for name in ORIGINAL_SEED_FILES:
        shutil.copyfile(SEEDS / name, folder / name)
    with (SEEDS / "sources.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = [r for r in reader if r["file"] in ORIGINAL_SEED_FILES]
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    for p in folder.iterdir():
        p.chmod(0o644)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (what "the corpus is intact" means).

    Less the writers' lock file, which an OS lock (filelock) leaves in place: it holds
    nothing, and a held lock is checked by :func:`lock_is_free`.
    """
    from dashboard.core.corpus.store_journal import LOCK_NAME

    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != LOCK_NAME}


# --- the Sources page through AppTest ------------------------------------------------------

ARTICLE = (
    "Rail link via Ordubad\n"
    "The railway from Horadiz would follow the Araxes past Meghri into Nakhchivan and on to "
    "Ordubad and Julfa before it reaches Aghband."
)


def sources_page() -> AppTest:
    """The Sources page, run once and free of exceptions."""
    at = AppTest.from_file(SOURCES_PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def paste_and_add(at: AppTest, text: str, **meta: str) -> AppTest:
    """Paste ``text`` (and metadata fields) into the Sources form and submit it."""
    from dashboard.ui import session

    key = session.FORM_GENERATION  # the AppTest session-state proxy has no .get()
    gen = at.session_state[key] if key in at.session_state else 0  # noqa: SIM401
    at.text_area(key=f"w_src_paste_{gen}").input(text)
    for name, value in meta.items():
        at.text_input(key=f"w_src_{name}_{gen}").input(value)
    at.button[0].click()  # the form's submit button
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    """All text on the page, numeric character references (the Markdown escapes) decoded."""
    return re.sub(
        r"&#(x?)([0-9a-fA-F]+);",
        lambda m: chr(int(m[2], 16 if m[1] else 10)),
        "\n".join(
            [m.value for m in at.markdown]
            + [e.value for e in at.error]
            + [w.value for w in at.warning]
            + [i.value for i in at.info]
            + [c.value for c in at.caption]
            + [s.value for s in at.success]
        ),
    )


# --- a two-corridor synthetic map (folium map building) ------------------------------------

MAP_INDEX = {
    "btc": {"id": "btc", "name": "Baku–Tbilisi–Ceyhan <pipeline>", "short_name": "BTC",
            "color": "#E69F00"},
    "aras": {"id": "aras", "name": "Aras corridor", "color": "#009E73"},
}


def map_args(at: AppTest) -> dict:
    """The JSON arguments of the atlas map component on an AppTest page (fails if absent)."""
    comps = [c for c in at.get("component_instance")
             if getattr(c.proto, "component_name", "").endswith(".atlas_map")]
    assert comps, "no map component rendered"
    return json.loads(comps[0].proto.json_args)


def map_segments() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"corridor": ["btc", "aras"], "segment_id": ["b1", "a1"],
         "name": ["Sangachal – Yevlakh", "Aghband – Jolfa `${x}`"], "mode": ["pipeline", "road"],
         "status": ["operating", "under_construction"], "approximate_geometry": [True, False]},
        geometry=[LineString([(49.48, 40.20), (47.15, 40.62)]),
                  LineString([(46.57, 38.90), (45.63, 38.94)])], crs="EPSG:4326")


def map_nodes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"corridor": ["btc"], "node_id": ["n1"], "role": ["terminal"],
         "name": ["Sangachal <b>Terminal</b>"], "coord_quality": ["verified"]},
        geometry=[Point(49.48, 40.20)], crs="EPSG:4326")



# --- two corridors on a two-country basemap (exports) -------------------------------------

RED, BLUE = "#D55E00", "#0072B2"


def synthetic_layers() -> ExportLayers:
    """Two corridors on a two-country basemap with a sea and a river."""
    index = {
        "alpha": {"id": "alpha", "name": "Alpha Corridor", "short_name": "Alpha",
                  "color": BLUE, "sources": ["https://www.example.org/a", "https://news.test/b"]},
        "beta": {"id": "beta", "name": "Beta Railway", "short_name": "Beta", "color": RED,
                 "sources": ["https://news.test/c"]},
    }
    segments = gpd.GeoDataFrame(
        {
            "corridor": ["alpha", "alpha", "beta"],
            "segment_id": ["a1", "a2", "b1"],
            "name": ["A west", "A east", "B line"],
            "mode": ["rail", "sea", "rail"],
            "status": ["operating", "operating", "under_construction"],
            "countries": [["AZ"], ["AZ", "KZ"], ["AM"]],
            "approximate_geometry": [False, True, False],
            "sources": [["https://news.test/b"], [], ["https://news.test/c"]],
            "notes": ["", "schematic", ""],
        },
        geometry=[LineString([(44.0, 40.0), (46.0, 41.0)]),
                  LineString([(46.0, 41.0), (49.0, 41.5)]),
                  LineString([(44.5, 39.0), (46.5, 39.5)])],
        crs="EPSG:4326",
    )
    nodes = gpd.GeoDataFrame(
        {
            "corridor": ["alpha", "alpha", "alpha", "beta", "beta"],
            "node_id": ["n1", "n2", "n3", "n4", "n5"],
            "role": ["terminal", "port", "terminal", "city", "border_crossing"],
            "name": ["Westport", "Midport", "Eastport", "Southtown", "Gate"],
            "aliases": [[], [], [], [], []],
            "coord_quality": ["verified", "approximate", "verified", "verified", "approximate"],
            "source": ["s"] * 5,
            "country": ["AZ", "AZ", "KZ", "AM", "AM"],
        },
        geometry=[Point(44.0, 40.0), Point(46.0, 41.0), Point(49.0, 41.5), Point(44.5, 39.0),
                  Point(46.5, 39.5)],
        crs="EPSG:4326",
    )
    basemap = {
        "countries": gpd.GeoDataFrame(
            {"name": ["Westland", "Eastland"], "iso_a2": ["WL", "EL"]},
            geometry=[Polygon([(40, 36), (47, 36), (47, 45), (40, 45)]),
                      Polygon([(47, 36), (55, 36), (55, 45), (47, 45)])],
            crs="EPSG:4326"),
        "caspian": gpd.GeoDataFrame(
            {"name": ["Caspian Sea"]},
            geometry=[Polygon([(49.5, 38), (52, 38), (52, 43), (49.5, 43)])], crs="EPSG:4326"),
        "lakes": gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326"),
        "rivers": gpd.GeoDataFrame(
            {"name": ["Aras"]}, geometry=[LineString([(43, 40.5), (48, 39.8)])],
            crs="EPSG:4326"),
    }
    return ExportLayers(basemap=basemap, segments=segments, nodes=nodes, index=index)


def synthetic_places() -> pd.DataFrame:
    """Three places: one inside the synthetic extent, one far away, one without coordinates."""
    return pd.DataFrame({
        "place_id": ["p1", "p2", "p3"], "name": ["Westport", "Far away", "Nowhere"],
        "kind": ["port", "city", "city"], "country": ["AZ", "CN", ""],
        "lat": [40.0, 10.0, None], "lon": [44.0, 100.0, None],
        "mention_count": [5, 2, 1], "doc_count": [2, 1, 1],
    })


def generated_docs(n_docs: int, seed: int = 7) -> list:
    """``n_docs`` generated documents (``bench/corpus_gen.py``: seed sentences recombined)."""
    import sys

    bench = str(REPO_ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    import corpus_gen

    return corpus_gen.generate(n_docs, seed=seed)


def lock_is_free(folder: Path) -> bool:
    """Tell whether no writer holds the corpus folder's lock (its file may stay behind)."""
    from filelock import FileLock, Timeout

    from dashboard.core.corpus.store_journal import LOCK_NAME

    try:
        with FileLock(Path(folder) / LOCK_NAME, timeout=0):
            return True
    except Timeout:
        return False
# --- a small corpus of several outlets, one paragraph reprinted three times ----------------

VOICES_P = ("Officials said the Zangezur corridor would connect mainland Azerbaijan with its "
            "Nakhchivan exclave through southern Armenia's Syunik province.")
VOICES_ARTICLES = [  # file, outlet, url, date, text
    ("am1.txt", "", "https://armenpress.am/eng/news/1", "2025-03-01",
     "Talks resumed in Yerevan. " + VOICES_P
     + " The corridor is a sore point for the opposition."),
    ("am2.txt", "", "https://civilnet.am/news/2", "2025-03-05",
     "Yerevan says the Zangezur corridor is not on the table. The road via Meghri was "
     "suspended in 2024."),
    ("az1.txt", "", "https://azertag.az/en/xeber/2", "2025-03-02",
     "Baku welcomed the move. \u201cOfficials said the Zangezur corridor would connect mainland "
     "Azerbaijan with its Nakhchivan exclave through southern Armenia\u2019s Syunik region.\u201d"),
    ("ir1.txt", "Tasnim", "", "2025-03-03", VOICES_P + " Tehran objects."),
    ("xx1.txt", "Foo Daily", "", "2025-03-04",
     "The Zangezur corridor would run 43 km across Syunik and was agreed in August 2025. "
     "It remains contested."),
]


def write_voices_corpus(folder: Path) -> Path:
    """Write :data:`VOICES_ARTICLES` and their ``sources.csv`` into ``folder``."""
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "file", "title", "author", "outlet", "date", "url", "basis"])
        for name, outlet, url, date, text in VOICES_ARTICLES:
            (folder / name).write_text(text, encoding="utf-8")
            out.writerow([name[:-4], name, f"Article {name[:-4]}", "", outlet, date, url,
                          "made for the test"])
    return folder
