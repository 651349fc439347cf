import streamlit as st

from dashboard.ui import session
from dashboard.ui import source_metadata as metadata
from dashboard.ui import sources_panel as panel
from dashboard.ui import sources_state as sources

st.title("Sources")
decision = sources.storage()
folder = sources.folder_state()
panel.storage_notice(decision, folder)

st.subheader("Add an article")
given = panel.add_form()
if given is not None:
    panel.run_add(given)
panel.confirmation()

st.subheader("Documents in the corpus")
session_docs = session.session_documents()
rows = panel.document_rows(folder.documents, session_docs)
panel.document_list(rows)
changeable = panel.changeable(decision.mode, folder.documents, session_docs)
metadata.editor([*folder.documents, *session_docs], editable=set(changeable))
panel.remover(changeable, {r["id"]: r["title"] or r["file"] for r in rows})
panel.leftovers_note(decision.mode)
