"""Bring-your-own sources: the ``st.session_state`` glue of adding, editing and removing.

The corpus the app shows is the corpus folder's documents plus the documents added in
this browser session when storage is ``session`` (ephemeral hosting).  The rules live in
core (:mod:`dashboard.core.corpus.store` for the folder,
:mod:`dashboard.core.corpus.store_session` for the session); this module reads and
writes the session.  Pages and the index loader use:

* :func:`dashboard.ui.session.session_documents` -- documents held in this session
  (``[]`` in local mode);
* :func:`corpus_version` -- a short string that changes whenever a document is added or
  removed (folder files and ``sources.csv`` fingerprint + session documents); key the
  cached evidence index on it;
* :func:`dashboard.ui.cache.st_index` -- the evidence index of exactly that corpus, built
  with :func:`dashboard.ui.session.analyse` (an added article is geoparsed once).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import streamlit as st

from dashboard.core.corpus import ingest, store, store_session
from dashboard.core.corpus.loader import CorpusState
from dashboard.core.evidence import index as evidence
from dashboard.core.paths import seeds_dir
from dashboard.ui import auth
from dashboard.ui.cache import folder_signature, st_folder_state, st_parser
from dashboard.ui.session import (
    LAST_PARSED,
    SESSION_DOCS,
    session_entries,
)


@dataclass(frozen=True)
class AddReport:
    """What the Sources page confirms after an add.

    Attributes
    ----------
    doc_id, file, title
        Identity of the new document.
    where
        ``"local"`` (saved to the corpus folder) or ``"session"``.
    extraction
        How the text was obtained.
    n_chars
        Length of the stored text.
    places
        ``(name, kind, mentions)`` found by the geoparser, most mentioned first.
    corridors
        Corridor ids with at least one linked sentence.
    seconds
        Time from the click to the geoparsed document.
    notes
        Remarks such as the detected encoding.
    date, date_basis, author, outlet
        The stored publication date ("" when undated) and where it came from; the
        author and outlet (typed or from the page's metadata).
    """

    doc_id: str
    file: str
    title: str
    where: str
    extraction: str
    n_chars: int
    places: tuple[tuple[str, str, int], ...]
    corridors: tuple[str, ...]
    seconds: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    date: str = ""
    date_basis: str = ""
    author: str = ""
    outlet: str = ""


def storage() -> store.StorageDecision:
    """Return where added documents go (``local`` folder or ``session``) and why."""
    return store.storage_mode(seeds_dir())



def folder_state() -> CorpusState:
    """Return the corpus folder's documents and load problems (cached per fingerprint)."""
    return st_folder_state(folder_signature())


def corpus_version() -> str:
    """Return a version string of the corpus the app shows.

    Returns
    -------
    str
        16 hex characters; changes whenever an article file or ``sources.csv`` in the
        corpus folder changes, or a session document is added or removed.
    """
    h = hashlib.sha1(usedforsecurity=False)
    h.update(folder_signature().encode())
    h.update(store_session.entries_signature(session_entries()).encode())
    return h.hexdigest()[:16]


def add(prepared: ingest.Prepared, meta: dict[str, str], started: float) -> AddReport:
    """Store a checked article (folder or session) and geoparse it.

    Parameters
    ----------
    prepared
        Output of ``prepare_file`` / ``prepare_text``.
    meta
        Analyst-entered metadata.
    started
        ``time.perf_counter()`` at the click, for the reported duration.

    Returns
    -------
    AddReport
        The confirmation to show.

    Raises
    ------
    IngestError
        ``forbidden`` (this session's role may not add), duplicate, bad metadata, bad
        ``sources.csv`` or a storage failure; nothing is changed then.
    """
    who = auth.require("add", prepared.original_name).who
    decision = storage()
    if decision.mode == "local":
        result = store.add_document(seeds_dir(), prepared, meta, by=who)
        doc, row = result.document, result.row
    else:
        entries = store_session.add_entry(session_entries(), seeds_dir(), prepared, meta, who)
        st.session_state[SESSION_DOCS] = entries
        row, text = entries[-1]
        doc = store_session.session_document(row, text)
    analysed = evidence.process_document(doc, st_parser())
    st.session_state[LAST_PARSED] = (store_session.document_key(doc), analysed)
    counts: dict[tuple[str, str], int] = {}
    for m in analysed.mentions:
        key = (str(m["name"]), str(m["kind"]))
        counts[key] = counts.get(key, 0) + 1
    places = tuple(
        (name, kind, n)
        for (name, kind), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    corridors = tuple(sorted({str(link["corridor"]) for link in analysed.corridor_links}))
    return AddReport(
        doc_id=doc.doc_id,
        file=doc.file,
        title=row["title"],
        where=decision.mode,
        extraction=prepared.extraction,
        n_chars=len(doc.text),
        places=places,
        corridors=corridors,
        seconds=time.perf_counter() - started,
        notes=prepared.notes,
        date=doc.date,
        date_basis=doc.date_basis,
        author=doc.author,
        outlet=doc.outlet,
    )


def remove(doc_id: str) -> str:
    """Remove a document from the session or the corpus folder.

    Parameters
    ----------
    doc_id
        Id of the document.

    Returns
    -------
    str
        Where it was removed from (plain text for the confirmation).

    Raises
    ------
    IngestError
        ``forbidden`` (this session's role may not remove), or the document does not exist
        or the folder cannot be changed.
    """
    who = auth.require("remove", doc_id).who
    kept = store_session.remove_entry(session_entries(), doc_id)
    if kept is not None:
        st.session_state[SESSION_DOCS] = kept
        return "this session"
    file = store.remove_document(seeds_dir(), doc_id, by=who)
    return f"the corpus folder ({file} kept in {store.REMOVED_DIR}/)"


def edit(doc_id: str, meta: dict[str, str], version: str | None = None) -> list[str]:
    """Change a document's metadata where it is stored (session or corpus folder).

    Parameters
    ----------
    doc_id
        Id of the document.
    meta
        New ``title``, ``author``, ``outlet``, ``date``, ``url``, validated as for an add.
    version
        The row's version when the form was opened (a folder row changed since is refused).

    Returns
    -------
    list of str
        The fields that changed.

    Raises
    ------
    IngestError
        ``forbidden`` (this session's role may not edit), bad metadata, an unknown
        document, a folder that cannot be changed here, or a storage failure; nothing is
        changed then.
    """
    who = auth.require("edit", doc_id).who
    edited = store_session.edit_entry(session_entries(), doc_id, meta, who)
    if edited is not None:
        entries, changed = edited
        if changed:
            st.session_state[SESSION_DOCS] = entries
        return changed
    if storage().mode != "local":
        raise ingest.IngestError(doc_id, "is in the corpus folder, which cannot be changed "
                                 "from this app here; edit sources.csv in a local copy",
                                 "storage")
    return store.update_metadata(seeds_dir(), doc_id, meta, version, by=who)


def download_bytes() -> bytes:
    """Return the enlarged corpus (folder + session documents) as a zip (admins only).

    Raises ``AccessDenied`` for any other role.
    """
    auth.require("download_corpus")
    return store.corpus_zip(seeds_dir(), session_entries())
