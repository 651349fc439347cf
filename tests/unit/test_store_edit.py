"""store.update_metadata: validated, atomic, .bak kept, refuses a bad sources.csv."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.core.corpus import store
from dashboard.core.corpus.ingest import IngestError


@pytest.fixture
def folder(seeds_copy: Path) -> Path:
    return seeds_copy


def test_update_changes_one_row_and_keeps_a_backup(folder):
    old = (folder / "sources.csv").read_bytes()
    changed = store.update_metadata(folder, "004_07de88ce6cc2ac74", {
        "title": "Azerbaijan's balancing act", "outlet": "Kyiv Independent", "author": "",
        "date": "", "url": "https://example.org/a"})
    assert changed == ["title", "url"]
    row = store.read_sources_table(folder).meta_for("004_07de88ce6cc2ac74.txt")
    assert row["title"] == "Azerbaijan's balancing act" and row["outlet"] == "Kyiv Independent"
    assert row["basis"].endswith(".") and "title, url edited by an analyst on" in row["basis"]
    assert (folder / "sources.csv.bak").read_bytes() == old


def test_no_change_writes_nothing(folder):
    row = store.read_sources_table(folder).meta_for("001_bfb11c18a4998409.txt")
    before = (folder / "sources.csv").read_bytes()
    meta = {k: row[k] for k in ("title", "author", "outlet", "date", "url")}
    assert store.update_metadata(folder, "001_bfb11c18a4998409", meta) == []
    assert (folder / "sources.csv").read_bytes() == before
    assert not (folder / "sources.csv.bak").exists()


@pytest.mark.parametrize(("meta", "problem"), [
    ({"date": "2024-02-30"}, "does not exist"),
    ({"url": "ftp://x.org"}, "is not an http(s) address"),
])
def test_bad_values_are_refused(folder, meta, problem):
    before = (folder / "sources.csv").read_bytes()
    with pytest.raises(IngestError, match=re.escape(problem)):
        store.update_metadata(folder, "000_ff7e4afae1350b38", meta)
    assert (folder / "sources.csv").read_bytes() == before


def test_unknown_document_and_bad_table_are_refused(folder):
    with pytest.raises(IngestError, match="no such document"):
        store.update_metadata(folder, "999_nope", {"title": "x"})
    csv_path = folder / "sources.csv"
    csv_path.write_bytes(csv_path.read_bytes() + b"ragged,row\n")
    before = csv_path.read_bytes()
    with pytest.raises(store.SourcesCsvError):
        store.update_metadata(folder, "000_ff7e4afae1350b38", {"title": "x"})
    assert csv_path.read_bytes() == before
