"""Reprints collapsed, excerpts ranked by what they explain, outlet facets: hand-made articles."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.core.corpus.loader import Document
from dashboard.core.evidence import cache, reprints, voices
from dashboard.core.evidence.query import Filters
from dashboard.core.evidence.search import normalise

P = ("Officials said the Zangezur corridor would connect mainland Azerbaijan with its "
     "Nakhchivan exclave through southern Armenia's Syunik province.")


def _doc(i: int, text: str, outlet: str = "", url: str = "", date: str = "") -> Document:
    return Document(doc_id=f"d{i}", file=f"d{i}.txt", outlet=outlet, url=url, date=date,
                    text=text, analysis_spans=[(0, len(text))])


DOCS = [
    _doc(1, "Talks resumed in Yerevan. " + P + " The corridor is a sore point for the opposition.",
         url="https://armenpress.am/eng/news/1", date="2025-03-01"),
    _doc(2, "Baku welcomed the move.  \u201cOfficials said the  Zangezur corridor would connect "
            "mainland Azerbaijan with its Nakhchivan exclave through southern Armenia\u2019s "
            "Syunik region.\u201d", url="https://azertag.az/en/xeber/2", date="2025-03-02"),
    _doc(3, P + " Tehran objects.", outlet="Tasnim", date="2025-03-03"),
    _doc(4, "The Zangezur corridor would run 43 km across Syunik and was agreed in August 2025. "
            "It remains contested.", outlet="Foo Daily", date="2025-03-04"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return cache.open_index(cache.build_folder(DOCS, tmp_path_factory.mktemp("voices")))


def _keys(frame):
    return list(zip(frame["doc_id"], frame["start"].astype(int), strict=True))


def test_same_paragraph_in_three_files_shows_once_with_also_in_2(index):
    found = voices.ranked_excerpts(index, "corridor", "zangezur", Filters())
    rows = found.page(1, 50)
    copies = rows[rows["text"].str.contains("Nakhchivan exclave")]
    assert len(copies) == 1
    assert int(copies.iloc[0]["also_in"]) == 2
    first = copies.iloc[0]
    others = voices.also_in(index, first["doc_id"], int(first["start"]))
    assert sorted(others["doc_id"]) == sorted({"d1", "d2", "d3"} - {first["doc_id"]})
    every = voices.ranked_excerpts(index, "corridor", "zangezur", Filters(), collapse=False)
    assert every.total == found.total + 2


def _jaccard(a: str, b: str) -> float:
    x, y = set(reprints.shingles(normalise(a))), set(reprints.shingles(normalise(b)))
    return len(x & y) / len(x | y)


def test_reprint_threshold_whitespace_quotes_and_a_few_words_but_not_a_topic():
    same = [normalise(P), normalise("  \u201c" + P.upper().replace(" ", "   ") + "\u201d ")]
    keys = reprints.band_keys(same)
    assert keys[0] and keys[0] == keys[1]
    edited = normalise(P.replace("would", "will").replace("province", "region"))
    other = normalise("The Zangezur corridor through Armenia's Syunik province worries "
                      "officials in Yerevan, who fear losing control of the border road.")
    k = reprints.band_keys([normalise(P), edited, other])
    assert _jaccard(P, edited) > reprints.THRESHOLD and set(k[0]) & set(k[1])
    assert _jaccard(P, other) < 0.3 and not set(k[0]) & set(k[2])
    assert reprints.collision_probability(0.8) > 0.95
    assert reprints.collision_probability(0.75) > 0.95
    assert reprints.collision_probability(0.3) < 0.02
    assert reprints.band_keys([normalise("Too short to judge.")]) == [[]]


def test_fact_bearing_named_sentence_outranks_a_bare_anaphor(index):
    rows = voices.ranked_excerpts(index, "corridor", "zangezur", Filters()).page(1, 50)
    assert rows.iloc[0]["doc_id"] == "d4" and "43 km" in rows.iloc[0]["text"]
    assert int(rows.iloc[0]["facts"]) >= 3
    order = list(rows["text"])
    assert order.index(rows.iloc[0]["text"]) < order.index("It remains contested.")


def test_a_second_source_outranks_a_reprint(index):
    rows = voices.ranked_excerpts(index, "corridor", "zangezur", Filters(),
                                  collapse=False).page(1, 50)
    texts = list(rows["text"])
    reprint_rows = [i for i, t in enumerate(texts) if "Nakhchivan exclave" in t]
    anaphor_of_new_source = texts.index("It remains contested.")
    assert anaphor_of_new_source < reprint_rows[1]


def test_sort_switch(index):
    def order(name):
        return list(voices.ranked_excerpts(index, "corridor", "zangezur", Filters(),
                                           order=name).page(1, 50)["doc_id"])
    assert order("newest")[0] == "d4" and order("oldest")[0] == "d1"
    assert order("source") == sorted(order("source"))
    with pytest.raises(ValueError, match="unknown order"):
        voices.ranked_excerpts(index, "corridor", "zangezur", Filters(), order="random")


def test_facets_count_what_their_filter_shows(index):
    counts = voices.facet_counts(index, "corridor", "zangezur", Filters())
    assert counts["outlet_country"]["AZ"] == 1 and counts["outlet_country"]["unknown"] == 2
    for country, n in counts["outlet_country"].items():
        shown = voices.ranked_excerpts(index, "corridor", "zangezur",
                                       Filters(outlet_countries=(country,)))
        assert shown.total == n, country
    armenian = voices.ranked_excerpts(index, "corridor", "zangezur", Filters(
        outlet_countries=("AM",), outlet_types=("state-media",))).page(1, 50)
    assert set(armenian["outlet"]) == {"Armenpress"}


def test_who_says_what_columns(index):
    cols = voices.who_says_what(index, "corridor", "zangezur", Filters())
    assert [c for c, _ in voices.WHO_COLUMNS] == list(cols)
    assert cols["AZ"][0] == 1 and cols["IR"][0] == 1 and cols["AM"][0] == 2
    assert cols["others"][0] == 2 and cols["RU"][0] == 0
    best = cols["AZ"][1].iloc[0]
    assert best["outlet"].startswith("Azerbaijan State News Agency") and best["also_in"] == 2


def test_reprint_groups_are_computed_in_duckdb_from_the_stored_keys(index):
    con = index.store.voices()
    assert isinstance(con, duckdb.DuckDBPyConnection)
    groups = con.execute("SELECT count(DISTINCT (g_doc, g_start)), count(*) "
                         "FROM reprints").fetchone()
    assert groups == (1, 3)
