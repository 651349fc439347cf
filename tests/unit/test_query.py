"""The one query path (DuckDB over the Parquet files of the real build) answers correctly.

Run on the seeds and on a generated corpus, each built by the build the app uses and
opened as the app opens it. Every answer is checked against the build's own rows (the
mentions, links and sentences tables) and the source texts: counts are the rows under
the filters, an excerpt is a verbatim sentence of its source, pages add up to the whole,
a page's chips equal the chips asked one by one. A few hand-made documents pin exact
answers.
"""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest

from dashboard.core.corpus.loader import Document
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence import query
from dashboard.core.evidence.index import TABLES

CORRIDORS = ["middle_corridor", "instc", "zangezur", "aras", "btc"]


def _resolved(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions[mentions["place_id"].notna() & (mentions["place_id"] != "")]


def _keep(frame: pd.DataFrame, flt: query.Filters, matches, start_col: str,
          kinds: bool = True) -> pd.DataFrame:
    """The rows of a build table the filters let through (what the SQL must count)."""
    keep = pd.Series(True, index=frame.index)
    if flt.sources is not None:
        keep &= frame["doc_id"].isin(list(flt.sources))
    if kinds and flt.kinds is not None:
        keep &= frame["kind"].isin(list(flt.kinds))
    if matches is not None:
        keep &= pd.Series([(d, int(s)) in matches for d, s in zip(
            frame["doc_id"], frame[start_col], strict=True)], index=frame.index, dtype=bool)
    return frame[keep]


def _cases(index, seed: int):
    rng = random.Random(seed)
    docs = index.documents["doc_id"].tolist()
    kinds = sorted(set(index.mentions["kind"].dropna()))
    keys = list(zip(index.sentences["doc_id"], index.sentences["start"].astype(int),
                    strict=True))
    yield query.Filters(), None
    yield query.Filters(sources=()), None
    yield query.Filters(sources=tuple(docs)), None  # every source: no restriction in SQL
    for _ in range(3):
        flt = query.Filters(sources=tuple(rng.sample(docs, rng.randint(1, len(docs)))),
                            kinds=tuple(rng.sample(kinds, rng.randint(1, len(kinds)))))
        yield flt, None
        yield flt, set(rng.sample(keys, len(keys) // 3))
    yield query.Filters(), set(rng.sample(keys, len(keys) // 5))


def test_the_built_texts_are_the_source_texts(built):
    index = built.index
    assert dict(index.texts) == {d.doc_id: d.text for d in built.docs}
    first = list(index.texts)[:3]
    assert index.texts.leads(first, 50) == {d: index.texts[d][:50] for d in first}


def test_place_counts_are_the_resolved_mentions_under_the_filters(built):
    index = built.index
    mentions = _resolved(index.mentions)
    for flt, matches in _cases(index, 1):
        got = query.place_counts(index, flt, matches)
        rows = _keep(mentions, flt, matches, "sentence_start")
        assert dict(zip(got["place_id"], got["mention_count"], strict=True)) == dict(
            Counter(rows["place_id"]))
        docs = rows.groupby("place_id")["doc_id"].nunique().to_dict()
        assert dict(zip(got["place_id"], got["doc_count"], strict=True)) == docs
        order = list(zip(-got["mention_count"], got["name"], strict=True))
        assert order == sorted(order)
        names = index.places.set_index("place_id")["name"]
        assert (got["name"] == names.reindex(got["place_id"]).to_numpy()).all()


def test_corridor_counts_are_the_links_under_the_filters_and_the_pages_total(built):
    index = built.index
    for flt, matches in _cases(index, 2):
        counts = query.corridor_counts(index, flt, CORRIDORS, matches)
        links = _keep(index.corridor_links, flt, matches, "start", kinds=False)
        assert counts == {c: int((links["corridor"] == c).sum()) for c in CORRIDORS}
        for cid in CORRIDORS:
            pages = query.corridor_excerpt_pages(index, cid, flt, matches)
            assert pages.total == counts[cid]
            assert pages.sources == links[links["corridor"] == cid]["doc_id"].nunique()
    assert sum(query.corridor_counts(index, query.Filters(), CORRIDORS).values()) == len(
        index.corridor_links)


def _assert_verbatim_sentences(index, table: pd.DataFrame) -> None:
    sentences = set(zip(index.sentences["doc_id"], index.sentences["start"],
                        index.sentences["end"], strict=True))
    for r in table.itertuples(index=False):
        assert r.text == index.texts[r.doc_id][r.start:r.end]
        assert (r.doc_id, r.start, r.end) in sentences
        assert all(r.start <= a < b <= r.end for a, b in r.spans)
    keys = list(zip(table["doc_id"], table["start"], strict=True))
    assert keys == sorted(keys)


def test_place_excerpts_are_the_sentences_of_its_mentions_page_by_page(built):
    index = built.index
    mentions = _resolved(index.mentions)
    places = index.places["place_id"].tolist()
    for flt, matches in _cases(index, 3):
        rows = _keep(mentions, flt, matches, "sentence_start", kinds=False)
        for place_id in random.Random(4).sample(places, min(len(places), 5)):
            got = query.place_excerpts(index, place_id, flt, matches)
            _assert_verbatim_sentences(index, got)
            mine = rows[rows["place_id"] == place_id]
            spans = {}
            for m in mine.itertuples(index=False):
                spans.setdefault((m.doc_id, m.sentence_start, m.sentence_end), []).append(
                    (m.start, m.end))
            assert {(r.doc_id, r.start, r.end): r.spans
                    for r in got.itertuples(index=False)} == spans
            pages = query.place_excerpt_pages(index, place_id, flt, matches)
            assert (pages.total, pages.sources) == (len(got), got["doc_id"].nunique())
            size = max(1, -(-len(got) // 3))  # three pages at most
            chunks = [pages.page(n, size) for n in range(1, -(-len(got) // size) + 1)]
            if chunks:
                pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), got)


def test_a_place_s_excerpts_ignore_the_kind_filter_its_count_does_not(built):
    index = built.index
    top = query.place_counts(index, query.Filters()).iloc[0]
    other = tuple(k for k in set(index.mentions["kind"].dropna()) if k != top["kind"])
    flt = query.Filters(kinds=other)
    assert top["place_id"] not in set(query.place_counts(index, flt)["place_id"])
    pd.testing.assert_frame_equal(query.place_excerpts(index, top["place_id"], flt),
                                  query.place_excerpts(index, top["place_id"], query.Filters()))


def test_corridor_excerpts_are_its_links_verbatim_with_their_terms(built):
    index = built.index
    links = index.corridor_links
    for flt, matches in _cases(index, 5):
        keep = _keep(links, flt, matches, "start", kinds=False)
        for cid in CORRIDORS:
            got = query.corridor_excerpts(index, cid, flt, matches)
            _assert_verbatim_sentences(index, got)
            want = keep[keep["corridor"] == cid]
            assert sorted(zip(got["doc_id"], got["start"], got["basis"], strict=True)) == sorted(
                zip(want["doc_id"], want["start"], want["basis"], strict=True))
            assert all(spans == [tuple(s) for s in terms] for spans, terms in zip(
                got["spans"], want.sort_values(["doc_id", "start"])["term_spans"], strict=True))


def test_places_in_span_are_the_places_mentioned_inside_in_first_mention_order(built):
    index = built.index
    mentions = _resolved(index.mentions)
    sample = index.sentences.sample(min(len(index.sentences), 30), random_state=6)
    spans = [(s.doc_id, int(s.start), int(s.end)) for s in sample.itertuples(index=False)]
    spans += [(d, 0, b) for d, _, b in spans[:5]]
    chips = query.places_in_spans(index, spans)
    assert set(chips) == set(spans)
    assert any(not frame.empty for frame in chips.values())
    for d, a, b in spans:
        inside = mentions[(mentions["doc_id"] == d) & (mentions["start"] >= a)
                          & (mentions["end"] <= b)].sort_values("start", kind="stable")
        one = query.places_in_span(index, d, a, b)
        assert one["place_id"].tolist() == list(dict.fromkeys(inside["place_id"]))
        pd.testing.assert_frame_equal(chips[(d, a, b)], one, check_dtype=False)
    assert query.places_in_span(index, "no-such-doc", 0, 10).empty


def test_doc_rows_are_one_document_s_rows(built):
    index = built.index
    doc_id = index.documents["doc_id"].iloc[0]
    for table in ("sentences", "mentions", "corridor_links"):
        rows = query.doc_rows(index, table, doc_id)
        assert set(rows["doc_id"]) <= {doc_id}
        assert len(rows) == int((getattr(index, table)["doc_id"] == doc_id).sum())


def test_every_source_is_no_restriction_and_a_subset_stays_one(seeds_built):
    index = seeds_built.index
    docs = tuple(index.documents["doc_id"])
    assert query.every_source(index, docs) is None
    assert query.every_source(index, docs[1:]) == docs[1:]
    assert query.every_source(index, None) is None
    pd.testing.assert_frame_equal(query.place_counts(index, query.Filters(sources=docs)),
                                  query.place_counts(index, query.Filters()))


def test_a_partitioned_build_answers_like_one_file(seeds_built, tmp_path):
    store = seeds_built.index.store
    for name in (*TABLES, "texts", "search"):  # the Dask layout: <table>.parquet/part-N.parquet
        frame = store.frame(name)
        (tmp_path / f"{name}.parquet").mkdir()
        half = len(frame) // 2
        for i, part in enumerate((frame.iloc[:half], frame.iloc[half:])):
            part.to_parquet(tmp_path / f"{name}.parquet" / f"part-{i:05d}.parquet", index=False)
    parts = evidence_cache.open_index(tmp_path)
    index = seeds_built.index
    pd.testing.assert_frame_equal(query.place_counts(parts, query.Filters()),
                                  query.place_counts(index, query.Filters()))
    top = index.places["place_id"].iloc[0]
    pd.testing.assert_frame_equal(query.place_excerpts(parts, top, query.Filters()),
                                  query.place_excerpts(index, top, query.Filters()))


A_TEXT = "Kars lies east. The line runs from Kars to Tbilisi and on to Baku. Nothing here."
B_TEXT = "Baku is on the Caspian. Ships leave Baku daily."
HAND_MADE = [Document("a", "a.txt", title="A", text=A_TEXT, analysis_spans=[(0, len(A_TEXT))]),
             Document("b", "b.txt", title="B", text=B_TEXT, analysis_spans=[(0, len(B_TEXT))])]


BAKU, KARS = "city:baku-az", "city:kars-tr"


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    folder = evidence_cache.build_folder(HAND_MADE, tmp_path_factory.mktemp("hand"))
    return evidence_cache.open_index(folder)


def _sentence(doc: Document, words: str) -> tuple[str, int, int, str]:
    start = doc.text.index(words)
    end = doc.text.index(".", start) + 1
    return doc.doc_id, start, end, doc.text[start:end]


def test_hand_made_documents_give_exact_answers(hand):
    a, b = HAND_MADE
    baku = query.place_excerpts(hand, BAKU, query.Filters())
    assert list(baku[["doc_id", "start", "end", "text"]].itertuples(index=False, name=None)) == [
        _sentence(a, "The line"), _sentence(b, "Baku is"), _sentence(b, "Ships")]
    assert [len(s) for s in baku["spans"]] == [1, 1, 1]
    ships = _sentence(b, "Ships")
    assert baku["spans"].iloc[2] == [(b.text.index("Baku daily"),
                                      b.text.index("Baku daily") + 4)]
    counts = query.place_counts(hand, query.Filters()).set_index("place_id")
    assert counts.loc[BAKU, ["mention_count", "doc_count"]].tolist() == [3, 2]
    assert counts.loc[KARS, ["mention_count", "doc_count"]].tolist() == [2, 1]
    only_b = query.place_counts(hand, query.Filters(sources=("b",))).set_index("place_id")
    assert KARS not in only_b.index and only_b.loc[BAKU, "mention_count"] == 2
    matches = {(ships[0], ships[1])}
    assert query.place_excerpt_pages(hand, BAKU, query.Filters(), matches).total == 1
    chips = query.places_in_span(hand, *_sentence(a, "The line")[:3])
    assert chips["place_id"].tolist() == [KARS, "city:tbilisi-ge", BAKU]
    assert query.places_in_span(hand, *_sentence(a, "Nothing")[:3]).empty
