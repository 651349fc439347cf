"""Session storage follows the corpus folder's rules (pure functions, no Streamlit)."""

from __future__ import annotations

import pytest

from dashboard.core.corpus import ingest, store, store_session
from dashboard.core.corpus.loader import load_corpus_safe
from tests.helpers import ARTICLE


@pytest.fixture
def seeds_copy(original_seeds_copy):
    """The five original seeds: the next ids asserted below (005_, 006_) follow theirs."""
    return original_seeds_copy


def test_an_entry_gets_the_next_id_and_the_row_a_folder_add_would_write(seeds_copy):
    prepared = ingest.prepare_text(ARTICLE)
    entries = store_session.add_entry([], seeds_copy, prepared, {"outlet": "Session Post"})
    [(row, text)] = entries
    assert text == ARTICLE and row["id"].startswith("005_") and row["outlet"] == "Session Post"
    on_disk = store.add_document(seeds_copy, prepared, {"outlet": "Session Post"},
                                 added=row["added"])
    assert on_disk.row == row  # the same id, file, title, basis and provenance
    doc = store_session.session_document(row, text)
    assert doc == [d for d in load_corpus_safe(seeds_copy).documents if d.doc_id == row["id"]][0]


def test_duplicates_in_the_folder_and_in_the_session_are_refused(seeds_copy):
    seed = sorted(seeds_copy.glob("*.txt"))[0]
    with pytest.raises(ingest.IngestError, match=f"already in the corpus as {seed.name}"):
        store_session.add_entry([], seeds_copy, ingest.prepare_text(seed.read_text("utf-8")), {})
    entries = store_session.add_entry([], seeds_copy, ingest.prepare_text(ARTICLE), {})
    retyped = ingest.prepare_text(ARTICLE.replace("\n", "\n\n").replace(" past ", "  past "))
    with pytest.raises(ingest.IngestError, match="already in this session as 005_") as info:
        store_session.add_entry(entries, seeds_copy, retyped, {})
    assert info.value.kind == "duplicate"


def test_the_session_is_bounded(seeds_copy, monkeypatch):
    monkeypatch.setattr(store_session, "MAX_SESSION_DOCS", 1)
    entries = store_session.add_entry([], seeds_copy, ingest.prepare_text(ARTICLE), {})
    other = ingest.prepare_text(ARTICLE.replace("Meghri", "Ordubad"))
    with pytest.raises(ingest.IngestError, match="this session already holds 1 documents"):
        store_session.add_entry(entries, seeds_copy, other, {})


def test_ids_taken_by_rows_without_files_are_not_reused(seeds_copy):
    prepared = ingest.prepare_text(ARTICLE)
    csv_path = seeds_copy / "sources.csv"
    ghost = f"005_{prepared.sha256[:16]}"
    text = csv_path.read_text("utf-8")
    blanks = "," * (text.split("\n", 1)[0].count(",") - 1)  # as many fields as the header
    csv_path.write_text(text + f"{ghost},gone.txt{blanks}\n", "utf-8")
    [(row, _)] = store_session.add_entry([], seeds_copy, prepared, {})
    assert row["id"] == f"006_{prepared.sha256[:16]}"


def test_edit_and_remove_touch_only_the_named_entry(seeds_copy):
    entries = store_session.add_entry([], seeds_copy, ingest.prepare_text(ARTICLE), {})
    doc_id = entries[0][0]["id"]
    assert store_session.edit_entry(entries, "nope", {}) is None
    meta = {"title": "New", "author": "", "outlet": "", "date": "2025-01-02", "url": ""}
    edited, changed = store_session.edit_entry(entries, doc_id, meta)
    assert changed == ["title", "date"] and edited[0][0]["title"] == "New"
    assert entries[0][0]["title"] == "Rail link via Ordubad"  # the input is not modified
    with pytest.raises(ingest.IngestError, match="date"):
        store_session.edit_entry(entries, doc_id, {**meta, "date": "1 May"})
    assert store_session.remove_entry(entries, "nope") is None
    assert store_session.remove_entry(entries, doc_id) == []
    assert (store_session.entries_signature(entries)
            != store_session.entries_signature(edited) != store_session.entries_signature([]))
