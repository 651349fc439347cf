"""The linear query paths return exactly what the former whole-table scans returned.

The reference functions below are the scans as they were (every excerpt row built in a
Python loop, every mention filtered per excerpt, every sources row scanned per file);
the fast paths must agree with them on the seeds and on a generated corpus, for every
place, every source filter and every excerpt.
"""

import random
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.corpus import sources_csv
from dashboard.core.corpus.loader import load_corpus
from dashboard.core.evidence import query
from dashboard.core.evidence.index import build_index, make_parser
from dashboard.core.paths import seeds_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus_gen  # noqa: E402


def ref_place_excerpts(index, place_id, filters, matches=None):
    unfiltered = query.Filters(sources=filters.sources, kinds=None, query=filters.query)
    mentions = query.filtered_mentions(index, unfiltered, matches)
    mentions = mentions[mentions["place_id"] == place_id]
    rows = []
    for (doc_id, start, end), group in mentions.groupby(
            ["doc_id", "sentence_start", "sentence_end"], sort=True):
        rows.append({"doc_id": doc_id, "start": int(start), "end": int(end),
                     "text": index.texts[doc_id][int(start):int(end)],
                     "spans": [(int(a), int(b)) for a, b in zip(group["start"], group["end"],
                                                                strict=True)]})
    return pd.DataFrame(rows, columns=query.EXCERPT_COLUMNS)


def ref_places_in_span(index, doc_id, start, end):
    m = index.mentions
    inside = m[(m["doc_id"] == doc_id) & (m["start"] >= start) & (m["end"] <= end)
               & m["place_id"].notna() & (m["place_id"] != "")]
    inside = inside.sort_values("start").drop_duplicates("place_id")
    return inside[["place_id", "name", "lat", "lon"]].reset_index(drop=True)


@pytest.fixture(scope="module", params=["seeds", "generated"])
def index(request):
    parser = make_parser()
    docs = (load_corpus(seeds_dir()) if request.param == "seeds"
            else corpus_gen.generate(30, seed=11))
    return build_index(docs, parser)


def _filters(index, rng):
    docs = index.documents["doc_id"].tolist()
    yield query.Filters()
    yield query.Filters(sources=tuple(rng.sample(docs, max(1, len(docs) // 3))))
    yield query.Filters(sources=())


def test_place_excerpts_equal_the_scan_for_every_place_and_filter(index):
    rng = random.Random(5)
    for flt in _filters(index, rng):
        for place_id in index.places["place_id"]:
            got = query.place_excerpts(index, place_id, flt)
            want = ref_place_excerpts(index, place_id, flt)
            pd.testing.assert_frame_equal(got.reset_index(drop=True), want,
                                          check_dtype=False)


def test_place_excerpts_equal_the_scan_under_a_search(index):
    keys = list(zip(index.sentences["doc_id"], index.sentences["start"].astype(int),
                    strict=True))
    matches = set(random.Random(9).sample(keys, len(keys) // 4))
    for place_id in index.places["place_id"]:
        pd.testing.assert_frame_equal(
            query.place_excerpts(index, place_id, query.Filters(), matches),
            ref_place_excerpts(index, place_id, query.Filters(), matches), check_dtype=False)


def test_places_in_span_equal_the_scan_for_every_sentence(index):
    rows = index.sentences.sample(min(len(index.sentences), 300), random_state=3)
    for s in rows.itertuples(index=False):
        for start, end in ((int(s.start), int(s.end)), (0, int(s.end))):
            pd.testing.assert_frame_equal(query.places_in_span(index, s.doc_id, start, end),
                                          ref_places_in_span(index, s.doc_id, start, end))
    assert query.places_in_span(index, "no-such-doc", 0, 10).empty


def test_sources_lookup_finds_the_first_row_by_file_or_id(tmp_path):
    table = sources_csv.SourcesTable(path=tmp_path / "sources.csv", rows=[
        {"id": "a", "file": "a.txt"}, {"id": "b", "file": "x.txt"}, {"id": "x", "file": "c.txt"},
        {"id": "d", "file": "a.txt"}])
    for name in ("a.txt", "x.txt", "c.txt", "b.md", "zz.txt"):
        want = next((r for r in table.rows
                     if r["file"] == name or r["id"] == Path(name).stem), None)
        assert table.meta_for(name) is want
        assert table.lookup()(name) is want


def test_places_in_span_equal_the_scan_when_a_documents_rows_are_scattered(index):
    import dataclasses

    shuffled = dataclasses.replace(
        index, mentions=index.mentions.sample(frac=1.0, random_state=1).reset_index(drop=True))
    for s in shuffled.sentences.head(200).itertuples(index=False):
        pd.testing.assert_frame_equal(
            query.places_in_span(shuffled, s.doc_id, int(s.start), int(s.end)),
            ref_places_in_span(shuffled, s.doc_id, int(s.start), int(s.end)))
