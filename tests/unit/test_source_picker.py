"""The source picker's matching: by outlet, title, date or id, paged, labels only for a page."""

from __future__ import annotations

import time

import pandas as pd

from dashboard.core.corpus import source_picker as sp


def _docs(n: int = 50) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"d{i:05d}" for i in range(n)],
        "file": [f"d{i:05d}.txt" for i in range(n)],
        "title": [f"Article {i}" if i % 10 else "" for i in range(n)],
        "outlet": ["Azərbaycan Today" if i % 2 else "Caucasus Wire" for i in range(n)],
        "date": [f"2024-{1 + i % 12:02d}-01" for i in range(n)],
    })


def test_words_match_outlet_title_date_and_id_without_accents_or_case():
    table = sp.source_table(_docs())
    by_outlet = sp.match_sources(table, "azerbaycan", page_size=100)
    assert by_outlet.total == 25
    assert sp.match_sources(table, "ARTICLE 13").doc_ids == ("d00013",)
    assert sp.match_sources(table, "2024-03 wire").total == len(
        [i for i in range(50) if i % 12 == 2 and i % 2 == 0])
    assert sp.match_sources(table, "d00042").doc_ids == ("d00042",)
    assert sp.match_sources(table, "no such thing").total == 0


def test_matches_are_paged_and_the_page_is_clamped():
    table = sp.source_table(_docs(50))
    first = sp.match_sources(table, "", page=1)
    assert (first.total, first.pages, len(first.doc_ids)) == (50, 3, sp.PAGE_SIZE)
    last = sp.match_sources(table, "", page=99)
    assert last.page == 3 and len(last.doc_ids) == 10
    pages = [sp.match_sources(table, "", page=p).doc_ids for p in (1, 2, 3)]
    assert len({d for p in pages for d in p}) == 50  # every source on exactly one page
    assert first.doc_ids[0] in set(table.loc[table["date"] == table["date"].max(), "doc_id"])


def test_labels_follow_the_citation_rule_and_read_texts_of_untitled_sources_only():
    table = sp.source_table(_docs())
    asked: list[str] = []

    def text_of(doc_id: str) -> str:
        asked.append(doc_id)
        return "Baku port opens a new terminal for the Middle Corridor trade"

    got = sp.describe(table, ["d00001", "d00010", "missing"], text_of)
    assert got["d00001"] == ("Article 1", "Azərbaycan Today · 2024-02-01")
    assert got["d00010"][0].startswith("Baku port opens")
    assert got["missing"] == ("missing", "")
    assert asked == ["d00010"]
    every = sp.all_labels(table)
    assert every["d00001"] == "Article 1" and every["d00010"] == "d00010.txt"


def test_a_search_over_100k_sources_is_a_vectorised_scan():
    table = sp.source_table(_docs(100_000))
    start = time.perf_counter()
    hit = sp.match_sources(table, "article 99999")
    assert hit.doc_ids == ("d99999",)
    # a generous bound: a per-row Python loop with labels took seconds at this size
    assert time.perf_counter() - start < 5
