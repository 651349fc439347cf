"""DuckDB over the saved Parquet files answers exactly as the pandas query functions.

Property tests over the seeds and a generated corpus: every place, source subsets, kind
subsets and random search matches; excerpt pages concatenate to the whole table; texts
read by offset from ``texts.parquet`` equal the slices of the texts in memory.
"""

import random
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.corpus.loader import load_corpus
from dashboard.core.evidence import query
from dashboard.core.evidence import sql as evidence_sql
from dashboard.core.evidence.index import build_index, make_parser, save_index
from dashboard.core.paths import seeds_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus_gen  # noqa: E402

CORRIDORS = ["middle_corridor", "instc", "zangezur", "aras", "btc"]


@pytest.fixture(scope="module", params=["seeds", "generated"])
def built(request, tmp_path_factory):
    docs = (load_corpus(seeds_dir()) if request.param == "seeds"
            else corpus_gen.generate(30, seed=11))
    index = build_index(docs, make_parser())
    folder = tmp_path_factory.mktemp(request.param)
    save_index(index, folder)
    evidence_sql.save_texts(index.texts, folder)
    return index, evidence_sql.EvidenceStore(folder), evidence_sql.EvidenceStore(
        folder, texts=index.texts)


def _cases(index, seed):
    rng = random.Random(seed)
    docs = index.documents["doc_id"].tolist()
    kinds = sorted(set(index.mentions["kind"].dropna()))
    keys = list(zip(index.sentences["doc_id"], index.sentences["start"].astype(int),
                    strict=True))
    yield query.Filters(), None
    yield query.Filters(sources=()), None
    for _ in range(4):
        flt = query.Filters(sources=tuple(rng.sample(docs, rng.randint(1, len(docs)))),
                            kinds=tuple(rng.sample(kinds, rng.randint(1, len(kinds)))))
        yield flt, None
        yield flt, set(rng.sample(keys, len(keys) // 3))
    yield query.Filters(), set(rng.sample(keys, len(keys) // 5))


def test_place_and_corridor_counts_equal_pandas(built):
    index, sql, _ = built
    for flt, matches in _cases(index, 1):
        want = query.place_counts(index, flt, matches)
        got = sql.place_counts(flt, matches)
        assert not want.empty or got.empty
        if not want.empty:
            pd.testing.assert_frame_equal(got[list(want.columns)], want, check_dtype=False)
        assert (sql.corridor_counts(flt, CORRIDORS, matches)
                == query.corridor_counts(index, flt, CORRIDORS, matches))


def test_place_excerpts_equal_pandas_and_pages_add_up(built):
    index, sql, sql_mem = built
    places = index.places["place_id"].tolist()
    for flt, matches in _cases(index, 2):
        for place_id in random.Random(3).sample(places, min(len(places), 25)):
            want = query.place_excerpts(index, place_id, flt, matches)
            for store in (sql, sql_mem):
                got = store.place_excerpts(place_id, flt, matches)
                pd.testing.assert_frame_equal(got, want, check_dtype=False)
            assert sql.place_excerpt_count(place_id, flt, matches) == (
                len(want), want["doc_id"].nunique())
            pages = [sql.place_excerpts(place_id, flt, matches, offset=o, limit=4)
                     for o in range(0, len(want), 4)]
            if pages:
                pd.testing.assert_frame_equal(pd.concat(pages, ignore_index=True), want,
                                              check_dtype=False)


def test_places_in_span_equal_pandas(built):
    index, sql, _ = built
    for s in index.sentences.sample(min(len(index.sentences), 150),
                                    random_state=4).itertuples(index=False):
        for a, b in ((int(s.start), int(s.end)), (0, int(s.end))):
            pd.testing.assert_frame_equal(sql.places_in_span(s.doc_id, a, b),
                                          query.places_in_span(index, s.doc_id, a, b),
                                          check_dtype=False)


def test_a_partitioned_index_answers_like_one_file(built, tmp_path):
    index, sql, _ = built
    from dashboard.core.evidence.index import TABLES

    for name in TABLES:  # the Dask build's layout: <table>.parquet/part-NNNNN.parquet
        frame = getattr(index, name)
        (tmp_path / f"{name}.parquet").mkdir()
        half = len(frame) // 2
        for i, part in enumerate((frame.iloc[:half], frame.iloc[half:])):
            part.to_parquet(tmp_path / f"{name}.parquet" / f"part-{i:05d}.parquet", index=False)
    parts = evidence_sql.EvidenceStore(tmp_path, texts=index.texts)
    pd.testing.assert_frame_equal(parts.place_counts(query.Filters()),
                                  sql.place_counts(query.Filters()))
    top = index.places["place_id"].iloc[0]
    pd.testing.assert_frame_equal(parts.place_excerpts(top, query.Filters()),
                                  query.place_excerpts(index, top, query.Filters()),
                                  check_dtype=False)


def test_chips_of_a_page_in_one_query_equal_one_by_one(built):
    index, sql, _ = built
    spans = [(s.doc_id, int(s.start), int(s.end)) for s in index.sentences.sample(
        min(len(index.sentences), 60), random_state=8).itertuples(index=False)]
    spans += [(d, 0, b) for d, _, b in spans[:10]]
    got = sql.places_in_spans(spans)
    assert set(got) == set(spans)
    assert any(not frame.empty for frame in got.values())
    for d, a, b in spans:
        pd.testing.assert_frame_equal(got[(d, a, b)].reset_index(drop=True),
                                      query.places_in_span(index, d, a, b), check_dtype=False)
