"""Sources page: edit a stored document's title, outlet, author, date and URL.

Validation, atomic write and ``sources.csv.bak`` are those of an add
(:func:`dashboard.core.corpus.store.update_metadata`); the corpus version changes, so the map,
the Reader and the exports show the new citation at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from dashboard.core.corpus import citation, ingest
from dashboard.core.corpus.loader import META_FIELDS, Document
from dashboard.core.corpus.store_rows import row_version
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import sources_state as sources
from dashboard.ui.session import META_CHOICE as CHOICE
from dashboard.ui.session import META_FLASH as FLASH
from dashboard.ui.session import META_GENERATION as GENERATION
from dashboard.ui.session import META_VERSIONS as VERSIONS

LABELS = {"title": "Title", "author": "Author", "outlet": "Outlet", "date": "Date",
          "url": "URL"}


def field_key(doc_id: str, name: str) -> str:
    """Widget key of one metadata field of one document's form."""
    return f"w_meta_{name}_{doc_id}_{st.session_state.get(GENERATION, 0)}"


def field_key_for(at, doc_id: str, name: str) -> str:
    """Widget key of a field as :func:`field_key` makes it, for an ``AppTest`` session."""
    gen = at.session_state[GENERATION] if GENERATION in at.session_state else 0  # noqa: SIM401
    return f"w_meta_{name}_{doc_id}_{gen}"


def editor(documents: Sequence[Document], editable: Iterable[str]) -> None:
    """Render the "Edit a source's details" section.

    Parameters
    ----------
    documents
        Every document the app shows (corpus folder and this session).
    editable
        Ids whose metadata can be changed here (session documents; folder documents in
        local storage mode).
    """
    st.subheader("Edit a source's details")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(escape_markdown(flash), icon=":material/check:")
    editable = set(editable)
    docs = {d.doc_id: d for d in documents if d.doc_id in editable}
    if not docs:
        st.caption("No document can be edited here: the corpus folder cannot be changed "
                   "from this app, and no document was added in this session.")
        return
    doc_id = st.selectbox("Document", list(docs), key=CHOICE, index=None,
                          placeholder="Choose a document",
                          format_func=lambda d: citation.label(vars(docs[d]), docs[d].text))
    if doc_id is None:
        return
    doc = docs[doc_id]
    opened = st.session_state.setdefault(VERSIONS, {}).setdefault(
        field_key(doc_id, "version"), row_version(vars(doc)))
    with st.form(f"atlas_meta_form_{doc_id}"):
        left, right = st.columns(2)
        values = {}
        for i, name in enumerate(META_FIELDS):
            column = st if name == "url" else (left if i % 2 == 0 else right)
            values[name] = column.text_input(
                LABELS[name], value=str(getattr(doc, name, "") or ""),
                key=field_key(doc_id, name),
                placeholder="YYYY-MM-DD" if name == "date" else "")
        saved = st.form_submit_button("Save details", type="primary")
    if saved:
        _save(doc_id, values, opened)


def _save(doc_id: str, values: dict[str, str], version: str) -> None:
    try:
        changed = sources.edit(doc_id, values, version)
    except ingest.IngestError as exc:  # the typed values stay in the form to be fixed
        st.error(f"**Not saved.** {escape_markdown(str(exc))}", icon=":material/block:")
        return
    if not changed:
        st.info("Nothing changed.")
        return
    st.session_state[FLASH] = (f"Saved {', '.join(changed)} of {doc_id}; the map, the "
                               "Reader and the exports use the new details.")
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.rerun()
