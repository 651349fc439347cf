"""Unit tests of the corridor comparison and timeline logic."""

from __future__ import annotations

import io

import pandas as pd
from PIL import Image

from dashboard.core.evidence import compare
from dashboard.core.export import compare_figure
from dashboard.core.geodata.basemap import load_basemap
from dashboard.core.geodata.corridors import load_corridor_index, load_segments

DOCS = pd.DataFrame({"doc_id": ["a", "b"], "file": ["a.txt", "b.txt"], "title": ["A", ""],
                     "outlet": ["", "Outlet"], "date": ["2024-05-02", ""], "url": ["", ""]})
LINKS = pd.DataFrame({"doc_id": ["a", "a", "b"], "corridor": ["btc", "btc", "zangezur"]})


def test_parse_date_precisions():
    assert compare.parse_date("2013-12") == (pd.Timestamp(2013, 12, 1), "month")
    assert compare.parse_date("1941") == (pd.Timestamp(1941, 1, 1), "year")
    assert compare.parse_date("2006-05-28")[1] == "day"
    assert compare.parse_date("Aug. 18") is None and compare.parse_date("") is None


def test_categories():
    today = pd.Timestamp(2026, 1, 1)
    signed = compare.categorise("INSTC agreement signed", pd.Timestamp(2000, 9, 12), today)
    assert signed == "signed"
    assert compare.categorise("Groundbreaking at Sangachal", pd.Timestamp(2002, 1, 1),
                              today) == "started"
    assert compare.categorise("Baku-Tbilisi-Kars railway opened", pd.Timestamp(2017, 1, 1),
                              today) == "opened"
    assert compare.categorise("Traffic stopped", pd.Timestamp(1989, 1, 1), today) == "suspended"
    assert compare.categorise("Anything", pd.Timestamp(2028, 1, 1), today) == "planned"


def test_dated_articles_join_the_timeline_with_their_citation():
    events = compare.timeline_events(load_corridor_index(), LINKS, DOCS)
    articles = events[events["kind"] == "article"]
    assert list(articles["corridor_id"]) == ["btc"]
    assert articles.iloc[0]["sources"] == ("A · 2024-05-02",)
    assert "2 excerpts" in articles.iloc[0]["event"]
    assert compare.undated_articles(LINKS, DOCS) == 1


def test_cells_cite_sources_and_count_the_corpus():
    index = load_corridor_index()
    cells = compare.compare_cells(index, load_segments(), LINKS, DOCS)
    assert set(cells) == set(index)
    corpus = cells["btc"]["Corpus"][0]
    assert corpus.text == "2 excerpts in 1 of 2 sources" and corpus.sources == ("A · 2024-05-02",)
    assert cells["instc"]["Financing"][0].sources[0].startswith("https://en.irna.ir/")
    assert cells["btc"]["Drawn length"][0].text.endswith("100% traced (1,654 km)")
    frame = compare.compare_csv_frame(cells, index)
    assert len(frame) == len(index) * len(compare.ROWS)
    facts = frame[frame["attribute"].isin(["Route", "Capacity", "Key dates", "Drawn length"])]
    assert facts["sources"].str.contains("http").all()


def test_figures_are_pngs():
    index = load_corridor_index()
    segments = load_segments()
    cells = compare.compare_cells(index, segments, LINKS, DOCS)
    maps = Image.open(io.BytesIO(compare_figure.corridor_maps_png(
        segments, load_basemap()["countries"], index, dpi=40)))
    assert maps.width > 3 * maps.height
    slide = Image.open(io.BytesIO(compare_figure.table_png(cells, index, dpi=40)))
    assert abs(slide.width / slide.height - 16 / 9) < 0.05
