"""Session storage: documents held in the browser session, under the corpus folder's rules.

On an ephemeral host (``ATLAS_STORAGE=session``) an added article is kept as an entry
``(sources.csv-style row, text)`` in the session instead of being written to the folder.
This module holds the rules for those entries -- pure functions from entries to new
entries, so the Streamlit glue (:mod:`dashboard.ui.sources_state`) only reads and writes
``st.session_state``.  Duplicates, ids and rows follow :mod:`dashboard.core.corpus.store_rows`,
exactly as an add to the folder does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from dashboard.core.corpus.errors import IngestError
from dashboard.core.corpus.ingest import Prepared
from dashboard.core.corpus.loader import META_FIELDS, Document, document_from_text
from dashboard.core.corpus.roles import LOCAL_USER
from dashboard.core.corpus.sources_csv import read_sources_table
from dashboard.core.corpus.store_rows import (
    duplicate_message,
    edited_row,
    existing_hashes,
    folder_ids,
    new_row,
    next_doc_id,
    same_text_as,
    text_hashes,
)

#: One session-held document: its ``sources.csv``-style row and its stored text.
Entry = tuple[dict[str, str], str]
#: Per-session bounds of documents kept in the browser session.
MAX_SESSION_DOCS = 20
MAX_SESSION_CHARS = 20_000_000


def add_entry(
    entries: Sequence[Entry], folder: Path, prepared: Prepared, meta: dict[str, str],
    by: str = LOCAL_USER,
) -> list[Entry]:
    """Return ``entries`` plus the checked article, refused as an add to the folder would be.

    Parameters
    ----------
    entries
        The documents the session holds now.
    folder
        The corpus folder (its articles count for duplicates and ids; it is not written).
    prepared
        The checked article.
    meta
        Analyst-entered metadata.
    by
        Who adds it (``added_by``).

    Returns
    -------
    list
        The new entries; the added one is last.

    Raises
    ------
    IngestError
        ``duplicate`` (in the folder or in this session), ``storage`` (the session is
        full) or ``bad_metadata``.
    """
    copy = same_text_as(existing_hashes(folder), prepared)
    if copy is not None:
        raise duplicate_message(prepared, copy)
    _check_room(entries, prepared)
    held = same_text_as(text_hashes((row["file"], text) for row, text in entries), prepared)
    if held is not None:
        raise duplicate_message(prepared, held, "this session")
    table = read_sources_table(folder, strict=False) if folder.is_dir() else None
    taken = (folder_ids(folder, table) if table else set()) | {r["id"] for r, _ in entries}
    row = new_row(prepared, meta, next_doc_id(taken, prepared.sha256), by=by)
    return [*entries, (row, prepared.text)]


def _check_room(entries: Sequence[Entry], prepared: Prepared) -> None:
    held = sum(len(text) for _row, text in entries)
    if len(entries) >= MAX_SESSION_DOCS or held + len(prepared.text) > MAX_SESSION_CHARS:
        raise IngestError(
            prepared.original_name,
            f"cannot be kept: this session already holds {len(entries)} documents "
            f"({held:,} characters; the limit is {MAX_SESSION_DOCS} documents or "
            f"{MAX_SESSION_CHARS:,} characters). Download the corpus and remove some first",
            "storage",
        )


def remove_entry(entries: Sequence[Entry], doc_id: str) -> list[Entry] | None:
    """Return ``entries`` without ``doc_id``, or ``None`` when the session does not hold it."""
    kept = [(row, text) for row, text in entries if row["id"] != doc_id]
    return kept if len(kept) != len(entries) else None


def edit_entry(
    entries: Sequence[Entry], doc_id: str, meta: dict[str, str], by: str = LOCAL_USER
) -> tuple[list[Entry], list[str]] | None:
    """Apply edited metadata to a session document, validated as for the folder.

    Parameters
    ----------
    entries
        The documents the session holds.
    doc_id
        Id of the document.
    meta
        New ``title``, ``author``, ``outlet``, ``date``, ``url``.
    by
        Who edits it (``edited_by``).

    Returns
    -------
    tuple or None
        The new entries and the changed fields; ``None`` when the session does not hold
        ``doc_id``.

    Raises
    ------
    IngestError
        ``bad_metadata``.
    """
    for i, (row, text) in enumerate(entries):
        if row["id"] == doc_id:
            new, changed = edited_row(row, meta, by=by)
            return [*entries[:i], (new, text), *entries[i + 1:]], changed
    return None


def session_document(row: dict[str, str], text: str) -> Document:
    """Build the :class:`Document` for a session-held article (as if read from disk)."""
    return document_from_text(text, row["file"], row)


def entries_signature(entries: Sequence[Entry]) -> str:
    """Return a fingerprint of the entries: ids, hashes and metadata (16 hex characters)."""
    h = hashlib.sha1(usedforsecurity=False)
    for row, _text in entries:
        h.update(f"\0{row['id']}:{row['sha256']}".encode())
        h.update("\0".join(str(row.get(k, "")) for k in META_FIELDS).encode())
    return h.hexdigest()[:16]


def document_key(doc: Document) -> tuple[str, ...]:
    """Return what a geoparse of ``doc`` depends on: id, file, text hash and metadata."""
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    return (doc.doc_id, doc.file, digest, *(getattr(doc, k) for k in META_FIELDS))
