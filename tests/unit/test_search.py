"""The one matching rule of search and highlighting, run in SQL over the built index.

The rule is :mod:`dashboard.core.evidence.search`; :class:`~dashboard.core.evidence.
search_sql.StoredSearch` runs it over the seeds and a generated corpus as the real build
writes them. Literal hits are checked against the normalised source texts, entity hits
against the build's links and mentions, highlighting against matching (both ways).
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from dashboard.core.evidence import search
from dashboard.core.evidence.search_sql import StoredSearch
from dashboard.core.geodata import corridors
from dashboard.core.parse import gazetteer
from dashboard.core.text.highlight import query_spans


def _search(index) -> StoredSearch:
    places = {p.place_id: p.aliases for p in gazetteer.load_gazetteer()}
    return StoredSearch(index.store, corridors.load_corridor_index(), places)


@pytest.fixture(scope="module")
def index(seeds_built):
    return seeds_built.index


@pytest.fixture(scope="module")
def sindex(index):
    return _search(index)


def _texts(index, keys):
    return [index.texts[d][s:e] for d, s, e in
            ((d, s, _end(index, d, s)) for d, s in keys)]


def _end(index, doc_id, start):
    sents = index.sentences
    row = sents[(sents["doc_id"] == doc_id) & (sents["start"] == start)].iloc[0]
    return int(row["end"])


def test_normalise_folds_case_diacritics_dashes_and_spaces():
    assert search.normalise("Naxçıvan") == "naxcivan"
    assert search.normalise("Baku–Tbilisi–Ceyhan") == search.normalise("baku tbilisi ceyhan")
    assert search.normalise("Baku  \n Alat") == "baku alat"
    assert search.normalise("TÜRKİYE") == "turkiye"


def test_normalise_with_map_is_the_same_text_and_points_back():
    text = "Naxçıvan\u2013Julfa  rail, Türkiye’s ﬁrst"
    norm, origin = search.normalise_with_map(text)
    assert norm == search.normalise(text)
    assert len(origin) == len(norm)
    assert text[origin[norm.index("julfa")]] == "J"


def test_quoted_phrases_and_words():
    vocab = search.Vocabulary()
    q = vocab.parse('"Baku  Alat" railway "unclosed')
    assert [t.key for t in q.terms] == ["baku alat", "railway", "unclosed"]
    assert not vocab.parse('  ""  ')


@pytest.mark.parametrize(("query", "corridor"), [
    ("Zangezur", "zangezur"), ("zangazur", "zangezur"), ("TRIPP", "zangezur"),
    ("Trump Route", "zangezur"), ("trans-Armenian corridor", "zangezur"),
    ("Middle Corridor", "middle_corridor"), ("TITR", "middle_corridor"),
    ("Trans-Caspian route", "middle_corridor"), ("North–South", "instc"),
    ("INSTC", "instc"), ("Aras corridor", "aras"), ("BTC", "btc"),
    ("Baku–Tbilisi–Ceyhan", "btc"),
])
def test_every_corridor_alias_finds_all_its_linked_sentences(index, sindex, query, corridor):
    links = index.corridor_links[index.corridor_links["corridor"] == corridor]
    linked = set(zip(links["doc_id"], links["start"].astype(int), strict=True))
    assert linked, corridor
    assert linked <= sindex.match(query)


def test_zangezur_finds_the_trans_armenian_sentence(index, sindex):
    texts = _texts(index, sindex.match("Zangezur"))
    assert any("trans-Armenian corridor" in t for t in texts)
    assert not any("zangezur" in t.lower() for t in texts)  # none says the word itself


@pytest.mark.parametrize("query", ["Nakhchivan", "Nakhichevan", "Naxçıvan", "NAXCIVAN"])
def test_place_transliterations_find_the_same_sentences(index, sindex, query):
    hits = sindex.match(query)
    assert hits == sindex.match("Nakhchivan")
    assert any("Nakhchivan" in t for t in _texts(index, hits))


def test_literal_match_is_whitespace_tolerant(index, sindex):
    doc_id, start = next(iter(sindex.match("Putin")))
    end = _end(index, doc_id, start)
    text = index.texts[doc_id][start:end]
    words = text.split()[:2]
    assert (doc_id, start) in sindex.match(f'"{words[0]}   {words[1]}"')


QUERIES = ["Zangezur", "TRIPP", "BTC", "North-South", "Nakhichevan", "Putin", "baku alat",
           '"Baku  Alat"', "Zangezur railway", "azerbaijan russia", "Türkiye", "aras",
           '"middle corridor"', "ceasefire Nakhchivan", "xyzzy"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_equals_highlight(index, sindex, query):
    """A sentence is a result exactly when every term has a highlight in it."""
    parsed = sindex.parse(query)
    matched = sindex.match(parsed)
    rows = index.store.frame("search")
    hit = [(d, s) in matched for d, s in zip(rows["doc_id"], rows["start"], strict=True)]
    rows = pd.concat([rows[hit], rows[[not h for h in hit]].sample(
        min(40, len(rows) - sum(hit)), random_state=1)])  # every result and 40 others
    for r in rows.itertuples(index=False):
        text = index.texts[r.doc_id][r.start:r.end]
        per_term = [sindex.term_spans(t, r.doc_id, r.start, text) for t in parsed.terms]
        assert ((r.doc_id, r.start) in matched) == all(per_term), (query, text)
        for a, b in (s for spans in per_term for s in spans):
            assert r.start <= a < b <= r.end


def test_query_spans_uses_the_same_literal_rule():
    text = "Naxçıvan–Julfa and NAKHCHIVAN"
    spans = query_spans(text, 100, "naxcivan julfa")
    assert [(s.start - 100, s.end - 100) for s in spans] == [(0, 8), (9, 14)]
    assert [text[s.start - 100:s.end - 100] for s in query_spans(text, 100, "nakhchivan")] \
        == ["NAKHCHIVAN"]


WORDS = ["Zangezur", "TRIPP", "Middle Corridor", "Nakhchivan", "railway", "BTC pipeline",
         '"Baku Tbilisi"', "Aras railway", "Georgia port", "zz-nothing", "Kars", "INSTC Iran",
         "oil", "Trans-Caspian route"]


def _queries(index, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = " ".join(index.texts[d][:400] for d in list(index.texts)[:10]).split()
    return WORDS + [" ".join(rng.sample(words, rng.randint(1, 2))) for _ in range(12)]


def test_matches_are_the_literal_and_entity_hits_of_every_term(built):
    """Per term: the sentences whose normalised text holds it, plus its entities' sentences."""
    index = built.index
    sindex = _search(index)
    norms = [(r.doc_id, int(r.start), search.normalise(index.texts[r.doc_id][r.start:r.end]))
             for r in index.store.frame("search").itertuples(index=False)]
    links, mentions = index.corridor_links, index.mentions
    found = 0
    for text in _queries(index, 5):
        parsed = sindex.parse(text)
        want = None
        for term in parsed.terms:
            hits = {(d, s) for d, s, norm in norms if term.key in norm}
            hits |= set(zip(*(links[links["corridor"].isin(term.corridors)][c]
                              for c in ("doc_id", "start")), strict=True))
            hits |= set(zip(*(mentions[mentions["place_id"].isin(term.places)][c]
                              for c in ("doc_id", "sentence_start")), strict=True))
            want = hits if want is None else want & hits
        got = sindex.match(parsed)
        assert got == {(d, int(s)) for d, s in (want or set())}, text
        found += bool(got)
        ranked = sindex.rank(parsed, got)
        assert set(zip(ranked["doc_id"], ranked["start"], strict=True)) == got
        assert ranked["score"].is_monotonic_decreasing
        for doc_id, start in sorted(got)[:10]:
            here = links[(links["doc_id"] == doc_id) & (links["start"] == start)]
            assert sindex.linked((doc_id, start)) == dict(zip(here["corridor"], here["basis"],
                                                              strict=True))
    assert found >= 12  # most queries find something: the check is not vacuous
