"""Search in SQL over the stored index answers exactly as the in-memory search index.

Property tests on the seeds and a generated corpus: the same matches, highlight spans
and ranking for entity names, aliases, phrases, words and random words of the corpus;
corridor excerpt pages equal the pandas table and add up to it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.corpus.loader import load_corpus
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence import query, search
from dashboard.core.evidence.index import build_index
from dashboard.core.evidence.search_sql import StoredSearch
from dashboard.core.geodata import corridors
from dashboard.core.parse import gazetteer
from dashboard.core.paths import seeds_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus_gen  # noqa: E402

QUERIES = ["Zangezur", "TRIPP", "Middle Corridor", "Nakhchivan", "Naxçıvan", "railway",
           "BTC pipeline", '"Baku Tbilisi"', "Aras railway", "Georgia port", "zz-nothing",
           "Kars", "INSTC Iran", "oil", "Trans-Caspian route"]


@pytest.fixture(scope="module", params=["seeds", "generated"])
def pair(request, tmp_path_factory, parser):
    docs = (load_corpus(seeds_dir()) if request.param == "seeds"
            else corpus_gen.generate(40, seed=3))
    folder = evidence_cache.build_folder(docs, tmp_path_factory.mktemp(request.param))
    stored = evidence_cache.open_index(folder)
    memory = build_index(docs, parser)
    corridor_index = corridors.load_corridor_index()
    aliases = {p.place_id: p.aliases for p in gazetteer.load_gazetteer()}
    return (memory, search.build(memory, corridor_index, aliases),
            stored, StoredSearch(stored.store, corridor_index, aliases))


def _queries(memory, seed):
    rng = random.Random(seed)
    words = " ".join(memory.texts[d][:400] for d in list(memory.texts)[:10]).split()
    return QUERIES + [" ".join(rng.sample(words, rng.randint(1, 2))) for _ in range(15)]


def test_matches_spans_and_ranking_equal_the_in_memory_search(pair):
    memory, mem_search, stored, sql_search = pair
    found = 0
    for text in _queries(memory, 5):
        parsed = mem_search.parse(text)
        assert sql_search.parse(text) == parsed
        want = mem_search.match(parsed)
        assert sql_search.match(parsed) == want, text
        found += bool(want)
        pd.testing.assert_frame_equal(search.rank(sql_search, parsed, want),
                                      search.rank(mem_search, parsed, want),
                                      check_dtype=False)
        for doc_id, start in sorted(want)[:20]:
            sents = memory.sentences
            end = int(sents[(sents["doc_id"] == doc_id) & (sents["start"] == start)]["end"]
                      .iloc[0])
            piece = memory.texts[doc_id][start:end]
            assert sql_search.spans(parsed, doc_id, start, piece) == mem_search.spans(
                parsed, doc_id, start, piece)
            assert sql_search.linked((doc_id, start)) == mem_search.linked((doc_id, start))
            for term in parsed.terms:
                for pid in term.places:
                    assert (sql_search.mentions((doc_id, start), pid)
                            == mem_search.mentions((doc_id, start), pid))
    assert found >= 15  # most queries find something: the comparison is not vacuous


def test_corridor_excerpt_pages_equal_pandas(pair):
    memory, mem_search, stored, _ = pair
    docs = memory.documents["doc_id"].tolist()
    rng = random.Random(2)
    for flt in (query.Filters(), query.Filters(sources=tuple(rng.sample(docs, len(docs) // 2))),
                query.Filters(sources=tuple(docs))):  # every source: no SQL filter at all
        for cid in corridors.load_corridor_index():
            want = query.corridor_excerpts(memory, cid, flt)
            pd.testing.assert_frame_equal(query.corridor_excerpts(stored, cid, flt), want,
                                          check_dtype=False)
            pages = query.corridor_excerpt_pages(stored, cid, flt)
            assert (pages.total, pages.sources) == (len(want), want["doc_id"].nunique())
            got = [pages.page(n, 4) for n in range(1, -(-len(want) // 4) + 1)]
            if got:
                pd.testing.assert_frame_equal(pd.concat(got, ignore_index=True), want,
                                              check_dtype=False)


def test_stored_index_tables_and_texts_equal_the_in_memory_index(pair):
    memory, _, stored, _ = pair
    for name in ("documents", "places", "sentences", "mentions", "corridor_links"):
        pd.testing.assert_frame_equal(getattr(stored, name), getattr(memory, name),
                                      check_dtype=False, obj=name)
    assert dict(stored.texts) == memory.texts
    assert stored.texts.leads(list(memory.texts)[:3], 50) == {
        d: t[:50] for d, t in list(memory.texts.items())[:3]}


def test_every_source_is_no_restriction_and_a_subset_stays_one(pair):
    memory, _, stored, _ = pair
    docs = tuple(stored.documents["doc_id"])
    assert query.every_source(stored, docs) is None
    assert query.every_source(stored, docs[1:]) == docs[1:]
    assert query.every_source(stored, None) is None
    for flt in (query.Filters(sources=docs), query.Filters(sources=docs[:3])):
        pd.testing.assert_frame_equal(query.place_counts(stored, flt),
                                      query.place_counts(memory, flt), check_dtype=False)
