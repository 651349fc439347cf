"""AppTest: editing a source's metadata on the Sources page, and its messages."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.core.corpus import sources_csv, store
from dashboard.core.paths import REPO_ROOT
from dashboard.ui import source_metadata
from tests.helpers import ARTICLE, paste_and_add, shown, snapshot
from tests.helpers import sources_page as page

DOC = "002_a71c1d93199fa0cc"  # a seed without a title
READER = str(REPO_ROOT / "dashboard" / "views" / "reader.py")


def _rows(folder: Path) -> dict[str, dict[str, str]]:
    text = (folder / "sources.csv").read_text("utf-8")
    return {r["id"]: {k: r.get(k) or "" for k in sources_csv.BASE_COLUMNS}
            for r in csv.DictReader(io.StringIO(text))}


def _edit(at: AppTest, doc_id: str, **values: str) -> AppTest:
    at.selectbox(key=source_metadata.CHOICE).set_value(doc_id).run()
    for name, value in values.items():
        at.text_input(key=source_metadata.field_key_for(at, doc_id, name)).input(value)
    [save] = [b for b in at.button if b.label == "Save details"]
    save.click().run()
    assert not at.exception, at.exception
    return at


def test_edit_saves_atomically_with_backup_and_shows_everywhere(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    before_rows = _rows(corpus)
    old_csv = (corpus / "sources.csv").read_bytes()
    at = _edit(page(), DOC, title="Putin in Baku", outlet="Example Review", date="2024-08-20")
    assert f"Saved title, outlet, date of {DOC}" in shown(at)
    rows = _rows(corpus)
    assert rows[DOC]["title"] == "Putin in Baku" and rows[DOC]["outlet"] == "Example Review"
    assert "title, outlet, date edited by an analyst on" in rows[DOC]["basis"]
    assert before_rows[DOC]["basis"] in rows[DOC]["basis"]  # the old basis is kept
    assert {k: v for k, v in rows.items() if k != DOC} == \
        {k: v for k, v in before_rows.items() if k != DOC}  # nothing else touched
    assert (corpus / "sources.csv.bak").read_bytes() == old_csv
    # the Reader (a different page, same corpus folder) shows the new title at once
    reader = AppTest.from_file(READER, default_timeout=120)
    reader.query_params["doc"] = DOC
    reader.run()
    assert not reader.exception, reader.exception
    shown_html = html.unescape("\n".join(m.value for m in reader.markdown))
    assert "<h1>Putin in Baku</h1>" in shown_html
    assert "Example Review" in shown_html


def test_bad_values_are_refused_and_nothing_is_lost(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    before = snapshot(corpus)
    at = _edit(page(), DOC, title="Kept while fixing", date="2024-13-45")
    assert f"{DOC}.txt: date '2024-13-45' does not exist" in shown(at)
    assert snapshot(corpus) == before  # sources.csv untouched, no .bak written
    # what the analyst typed is still there to correct
    key = source_metadata.field_key_for(at, DOC, "title")
    assert at.text_input(key=key).value == "Kept while fixing"
    at = _edit(at, DOC, url="javascript:alert(1)", date="")
    assert "is not an http(s) address" in shown(at)
    assert snapshot(corpus) == before


def test_a_rejection_replaces_the_previous_success_message(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    at = paste_and_add(page(), ARTICLE)
    assert "atlas-added" in "\n".join(m.value for m in at.markdown)
    at = paste_and_add(at, ARTICLE)  # the same text again: refused
    assert "atlas-added" not in "\n".join(m.value for m in at.markdown)
    [error] = [e.value for e in at.error]
    assert error.startswith("**Not added.**") and "is a duplicate" in error
