"""The corpus index: folder documents plus session documents, robust to a bad folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core.corpus import ingest, store, store_session
from dashboard.core.evidence.corpus_index import corpus_index

ARTICLE = (
    "Rail link via Ordubad\n"
    "The railway from Horadiz would follow the Araxes past Meghri into Nakhchivan and on to "
    "Ordubad and Julfa before it reaches Aghband."
)


@pytest.fixture
def corpus(seeds_copy: Path) -> Path:
    """A writable seed copy (the app's environment is left alone)."""
    return seeds_copy


def session_doc(folder: Path):
    prepared = ingest.prepare_text(ARTICLE)
    row = store.new_row(prepared, {"outlet": "Session Post"}, "005_" + prepared.sha256[:16])
    return store_session.session_document(row, prepared.text)


def test_session_documents_join_the_folder_index(corpus, tmp_path, parser):
    plain = corpus_index(seeds=corpus, cache=tmp_path / "cache", parser=lambda: parser).index
    doc = session_doc(corpus)
    both = corpus_index([doc], seeds=corpus, cache=tmp_path / "cache", parser=lambda: parser)
    index = both.index
    assert both.session_ids == (doc.doc_id,)
    assert list(index.documents["doc_id"]) == [*plain.documents["doc_id"], doc.doc_id]
    assert index.texts[doc.doc_id] == ARTICLE
    places = index.places.set_index("name")
    assert places.loc["Meghri", "mention_count"] == 1 and places.loc["Ordubad", "doc_count"] == 1
    before = plain.places.set_index("name").loc["Nakhchivan", "mention_count"]
    assert places.loc["Nakhchivan", "mention_count"] == before + 1
    assert len(index.mentions) == len(plain.mentions) + int(
        (index.mentions["doc_id"] == doc.doc_id).sum()
    )
    assert set(index.corridor_links["doc_id"]) >= {doc.doc_id}


def test_bad_sources_csv_still_gives_an_index_with_blank_metadata(corpus, tmp_path, parser):
    texts = len(list(corpus.glob("*.txt")))  # every seed text, the dated demo articles too
    (corpus / "sources.csv").write_bytes(b"id,file\n" + "Ä".encode("latin-1"))
    result = corpus_index(seeds=corpus, cache=tmp_path / "cache", parser=lambda: parser)
    assert len(result.index.documents) == texts
    assert set(result.index.documents["title"]) == {""}
    assert "is not UTF-8" in result.state.sources_problem
    assert not result.index.places.empty


def test_unreadable_article_is_skipped_not_fatal(corpus, tmp_path, parser):
    texts = len(list(corpus.glob("*.txt")))
    (corpus / "999_bad.txt").write_bytes(b"\xff\xfe\x00bad")
    result = corpus_index(seeds=corpus, cache=tmp_path / "cache", parser=lambda: parser)
    assert len(result.index.documents) == texts
    assert result.state.problems and result.state.problems[0].startswith("999_bad.txt: ")
