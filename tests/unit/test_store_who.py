"""Every write to the corpus folder records who made it: added_by, edited_by, the write log."""

from __future__ import annotations

from pathlib import Path

from dashboard.core.corpus import ingest, store, store_session
from dashboard.core.corpus.store_journal import WRITE_LOG, read_write_log
from tests.helpers import ARTICLE


def test_add_edit_remove_record_who_in_the_row_and_the_write_log(seeds_copy: Path):
    prepared = ingest.prepare_text(ARTICLE)
    added = store.add_document(seeds_copy, prepared, {"title": "Rail"}, by="ed@team.org")
    assert added.row["added_by"] == "ed@team.org"
    changed = store.update_metadata(seeds_copy, added.doc_id, {
        "title": "Rail link", "author": "", "outlet": "", "date": "", "url": ""},
        by="second@team.org")
    assert changed == ["title"]
    row = store.read_sources_table(seeds_copy).meta_for(added.row["file"])
    assert row["added_by"] == "ed@team.org" and row["edited_by"] == "second@team.org"
    store.remove_document(seeds_copy, added.doc_id, by="boss@team.org")
    log = read_write_log(seeds_copy)
    assert [(e["op"], e["file"], e["by"]) for e in log] == [
        ("add", added.row["file"], "ed@team.org"),
        ("edit", added.row["file"], "second@team.org"),
        ("remove", added.row["file"], "boss@team.org")]
    assert log[1]["fields"] == ["title"] and all(e["at"] for e in log)
    # the log is not part of the corpus: not loaded, not zipped
    assert (seeds_copy / WRITE_LOG).exists()
    assert WRITE_LOG.encode() not in store.corpus_zip(seeds_copy)


def test_the_command_line_records_the_local_user(seeds_copy: Path):
    added = store.add_document(seeds_copy, ingest.prepare_text(ARTICLE))
    assert added.row["added_by"] == "local user"
    assert read_write_log(seeds_copy)[-1]["by"] == "local user"


def test_session_documents_record_who_too(seeds_copy: Path):
    entries = store_session.add_entry([], seeds_copy, ingest.prepare_text(ARTICLE), {},
                                      "anonymous")
    assert entries[0][0]["added_by"] == "anonymous"
    edited = store_session.edit_entry(entries, entries[0][0]["id"], {
        "title": "New", "author": "", "outlet": "", "date": "", "url": ""}, "ed@team.org")
    assert edited is not None and edited[0][0][0]["edited_by"] == "ed@team.org"
