"""No lost edit: a save made from a form opened before another save is refused, showing both."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.core.corpus import store
from dashboard.core.corpus.errors import IngestError
from dashboard.core.corpus.store_rows import row_version
from dashboard.ui import source_metadata

from .conftest import APP, restart_app

STALE = "this source was changed by someone else since you opened it"


def _row(seeds, doc_id):
    return next(r for r in store.read_sources_table(seeds).rows if r["id"] == doc_id)


def test_store_refuses_an_edit_of_a_changed_row(env):
    doc_id = _row(env.seeds, store.read_sources_table(env.seeds).rows[0]["id"])["id"]
    opened = row_version(_row(env.seeds, doc_id))
    store.update_metadata(env.seeds, doc_id, {**_row(env.seeds, doc_id), "title": "A's title"},
                          opened)
    b_form = {**_row(env.seeds, doc_id), "title": "old title as B saw it", "author": "B"}
    try:
        store.update_metadata(env.seeds, doc_id, b_form, opened)
    except IngestError as exc:
        assert STALE in str(exc) and "A's title" in str(exc) and "old title as B saw it" in str(exc)
        assert exc.kind == "stale"
    else:
        raise AssertionError("a stale edit was saved")
    assert _row(env.seeds, doc_id)["title"] == "A's title"  # A's edit is not reverted


def test_second_session_is_told_and_nothing_is_lost(env):
    doc_id = store.read_sources_table(env.seeds).rows[0]["id"]
    restart_app()
    b = AppTest.from_file(APP, default_timeout=180)
    b.switch_page("views/sources.py")
    b.run()
    b.selectbox(key=source_metadata.CHOICE).set_value(doc_id).run()  # B opens the form
    row = _row(env.seeds, doc_id)
    store.update_metadata(env.seeds, doc_id, {**row, "title": "A's new title"})  # A saves
    b.text_input(key=source_metadata.field_key_for(b, doc_id, "author")).input("B's author")
    [save] = [x for x in b.button if x.label == "Save details"]
    save.click().run()
    assert not b.exception, b.exception
    shown = "\n".join(str(e.value) for e in [*b.error, *b.success, *b.info])
    assert "Saved" not in shown
    assert STALE.replace(" ", "") in shown.replace("&#46;", ".").replace(" ", "").replace(
        "\u2060", "")
    assert _row(env.seeds, doc_id)["title"] == "A's new title"
    assert _row(env.seeds, doc_id)["author"] != "B's author"
