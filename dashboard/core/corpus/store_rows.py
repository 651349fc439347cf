"""The rules of a new or edited ``sources.csv`` row, shared by folder and session storage.

Duplicates are found by the sha256 of the normalised text (:func:`content_hash`) and by the
whitespace- and quote-folded one (:func:`match_hash`); a new id follows the seed naming
``NNN_<hash>``; a new row records provenance (original file, hash, time, extraction, who) and a
``basis`` note saying which metadata the analyst entered, and a ``date_basis`` saying where
the date came from (:func:`dashboard.core.corpus.dates.resolve`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from dashboard.core.corpus import dates
from dashboard.core.corpus.errors import CorpusError, IngestError
from dashboard.core.corpus.ingest import Prepared, check_metadata, content_hash, match_hash
from dashboard.core.corpus.loader import META_FIELDS, corpus_files, strip_bidi
from dashboard.core.corpus.plainfile import read_plain
from dashboard.core.corpus.roles import LOCAL_USER
from dashboard.core.corpus.sources_csv import SourcesTable


def existing_hashes(folder: Path) -> dict[str, str]:
    """Map the content hash of every readable article in ``folder`` to its file name.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    dict of str
        ``sha256 -> file name``, for the exact hash (:func:`content_hash`) and for
        the whitespace- and quote-folded one (:func:`match_hash`) of each article.
    """
    if not Path(folder).is_dir():
        return {}
    return text_hashes(_readable(corpus_files(folder)))


def _readable(paths: Iterable[Path]) -> Iterator[tuple[str, str]]:
    for path in paths:
        try:
            yield path.name, read_plain(path)[1].decode("utf-8-sig")
        except (CorpusError, UnicodeDecodeError):
            continue


def text_hashes(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map the exact and the folded hash of each ``(file name, text)`` to the file name.

    Parameters
    ----------
    files
        Stored articles (in the folder or the session).

    Returns
    -------
    dict of str
        ``sha256 -> file name`` (the first file wins), for :func:`same_text_as`.
    """
    out: dict[str, str] = {}
    for name, text in files:
        out.setdefault(content_hash(text), name)
        out.setdefault(match_hash(text), name)
    return out


def folder_ids(folder: Path, table: SourcesTable) -> set[str]:
    """Return the ids taken in ``folder``: its ``sources.csv`` rows and its article files."""
    return table.ids() | {p.stem for p in corpus_files(folder)}


def same_text_as(stored: dict[str, str], prepared: Prepared) -> str | None:
    """Return the stored file holding the text of ``prepared`` (exactly or folded), if any.

    Parameters
    ----------
    stored
        Output of :func:`existing_hashes`.
    prepared
        The incoming article.

    Returns
    -------
    str or None
        File name of the stored copy.
    """
    return stored.get(prepared.sha256) or stored.get(match_hash(prepared.text))


def next_doc_id(taken: Iterable[str], sha256: str) -> str:
    """Return a new id ``NNN_<first 16 hex of the hash>`` following the seed naming.

    Parameters
    ----------
    taken
        Ids (file stems) already in use.
    sha256
        Content hash of the new document.

    Returns
    -------
    str
        An id not in ``taken``; ``NNN`` is one more than the largest numeric prefix.
    """
    taken = set(taken)
    numbers = [int(m.group(1)) for t in taken if (m := re.match(r"^(\d+)_", t))]
    n = max(numbers, default=-1) + 1
    while True:
        candidate = f"{n:03d}_{sha256[:16]}"
        if candidate not in taken:
            return candidate
        n += 1


def new_row(
    prepared: Prepared, meta: dict[str, str], doc_id: str, added: str | None = None,
    by: str = LOCAL_USER,
) -> dict[str, str]:
    """Build the ``sources.csv`` row for a new document.

    Parameters
    ----------
    prepared
        The checked article.
    meta
        Analyst-entered metadata (validated with :func:`check_metadata`).
    doc_id
        The new id.
    added
        ISO timestamp of the addition (default: now, UTC).
    by
        Who adds it (an e-mail, ``local user`` or ``anonymous``), recorded as ``added_by``.

    Returns
    -------
    dict of str
        Values for :data:`BASE_COLUMNS` and :data:`INGEST_COLUMNS`.

    Raises
    ------
    IngestError
        If the metadata is invalid.
    """
    clean = check_metadata(meta, prepared.original_name)
    title = clean["title"] or strip_bidi(
        prepared.title_hint or prepared.text.split("\n", 1)[0]).strip()[:200]
    entered = [k for k in META_FIELDS if clean[k]]
    from_page = [k for k in ("author", "outlet", "url") if not clean[k] and prepared.page_meta(k)]
    values = {**clean, "title": title, **{k: prepared.page_meta(k) for k in from_page}}
    dated = dates.resolve(clean["date"], prepared.page_meta("date"), values["url"],
                          prepared.text)
    licence = " ".join(strip_bidi(str(meta.get("licence") or "")).split())[:300]
    basis = (
        f"Added by an analyst from {prepared.original_name}; "
        + (f"{', '.join(entered)} as entered" if entered else "no metadata entered")
        + (f"; {', '.join(from_page)} from the page's metadata" if from_page else "")
        + ("" if clean["title"] else "; title taken from the document")
        + "."
    )
    added = added or datetime.now(UTC).replace(microsecond=0).isoformat()
    return {
        "id": doc_id,
        "file": f"{doc_id}.txt",
        **values,
        "date": dated.date,
        "basis": basis,
        "date_basis": dated.basis,
        "licence": licence or prepared.page_meta("licence"),
        "original_file": prepared.original_name,
        "sha256": prepared.sha256,
        "added": added,
        "extraction": prepared.extraction,
        "added_by": by,
    }


def duplicate_message(prepared: Prepared, existing: str, where: str = "the corpus") -> IngestError:
    """Return the error for a document whose text is already stored.

    Parameters
    ----------
    prepared
        The incoming article.
    existing
        File name of the stored copy.
    where
        Where the copy lives ("the corpus" or "this session").

    Returns
    -------
    IngestError
        ``kind="duplicate"``.
    """
    return IngestError(
        prepared.original_name,
        f"is a duplicate: the same text is already in {where} as {existing}",
        "duplicate",
    )


def edited_row(row: dict[str, str], meta: dict[str, str], when: str | None = None,
               by: str = LOCAL_USER) -> tuple[dict[str, str], list[str]]:
    """Apply analyst-edited metadata to a ``sources.csv`` row (validated like an add).

    Parameters
    ----------
    row
        The current row.
    meta
        New ``title``, ``author``, ``outlet``, ``date``, ``url`` (all five: a blank value
        clears the field).
    when
        Date of the edit for the basis note (default: today, UTC).
    by
        Who edits it, recorded as ``edited_by``.

    Returns
    -------
    tuple
        The new row (the ``basis`` notes which fields were edited, and when) and the
        names of the changed fields (empty: nothing to write).

    Raises
    ------
    IngestError
        ``bad_metadata`` (invalid date or URL), naming the document.
    """
    clean = check_metadata(meta, row.get("file") or row.get("id", ""))
    changed = [k for k in META_FIELDS if clean[k] != (row.get(k) or "")]
    if not changed:
        return dict(row), []
    when = when or datetime.now(UTC).date().isoformat()
    basis = (row.get("basis") or "").strip()
    note = f"{', '.join(changed)} edited by an analyst on {when}."
    new = {**row, **clean, "basis": f"{basis} {note}".strip(), "edited_by": by}
    if "date" in changed:  # the analyst's date, or undated when they cleared it
        new["date_basis"] = "user" if clean["date"] else f"{dates.UNDATED}: cleared by an analyst"
    return new, changed


def row_version(meta: dict[str, str]) -> str:
    """Return the version of a row's metadata as a form shows it (a short hash).

    Values are compared as the loader makes them (bidi controls dropped, stripped), so the
    version of a :class:`~dashboard.core.corpus.loader.Document` equals its row's.
    """
    values = "\0".join(strip_bidi(str(meta.get(k) or "")).strip() for k in META_FIELDS)
    return hashlib.sha256(values.encode("utf-8")).hexdigest()[:16]


def stale_error(file: str, stored: dict[str, str], yours: dict[str, str]) -> IngestError:
    """Return the refusal of an edit made from an older version of the row, showing both."""
    diff = [f"{k}: now “{stored.get(k, '')}”, yours “{yours.get(k, '')}”"
            for k in META_FIELDS if str(stored.get(k, "")) != str(yours.get(k, ""))]
    return IngestError(file, "this source was changed by someone else since you opened it; "
                       "nothing was saved. " + "; ".join(diff)
                       + ". Reopen it to see the current details.", "stale")
