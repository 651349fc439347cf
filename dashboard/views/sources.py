import streamlit as st

from dashboard.ui import auth, session
from dashboard.ui import source_metadata as metadata
from dashboard.ui import sources_panel as panel
from dashboard.ui import sources_state as sources

st.title("Sources")
access = auth.current()
decision = sources.storage()
folder = sources.folder_state()
panel.storage_notice(decision, folder, access.allows("download_corpus"))

st.subheader("Add an article")
if access.allows("add"):
    given = panel.add_form()
    if given is not None:
        panel.run_add(given)
else:
    panel.viewer_notice(access)
panel.confirmation()

st.subheader("Documents in the corpus")
session_docs = session.session_documents()
rows = panel.document_rows(folder.documents, session_docs)
panel.document_list(rows, download=access.allows("download_corpus"))
if access.allows("edit"):
    changeable = panel.changeable(decision.mode, folder.documents, session_docs)
    metadata.editor([*folder.documents, *session_docs], editable=set(changeable))
    panel.remover(changeable, {r["id"]: r["title"] or r["file"] for r in rows})
panel.leftovers_note(decision.mode)
