"""Safe persistence of the corpus folder: article files and ``sources.csv``.

Guarantees
----------
* **Atomic files** (:mod:`dashboard.core.corpus.store_files`). Every write goes to a hidden
  temporary file in the same folder (``.<name>.<random>.part``, which the corpus loader
  ignores), is flushed and fsynced, and only then renamed over the target with
  :func:`os.replace`.  A crash at any point leaves either the old file or the new one.
* **sources.csv read-validate-write.** The table is read and validated before every
  change (:mod:`dashboard.core.corpus.sources_csv`, strict).  A hand-edited file in a bad
  state -- wrong header, duplicate ids or files, ragged rows, invalid CSV, not UTF-8 -- raises
  :class:`SourcesCsvError` and is **never written**: the analyst is told what is wrong
  and where.  Before a replacement the current file is copied to ``sources.csv.bak``.
* **Order of an add.** A journal (``.add-journal.json``, the new row) first, then the
  text file, then the table row, then the journal is deleted.  If the table cannot be
  written the new text file is removed again, so the corpus is as before.  After a
  crash (kill -9, power loss) the next writer finds the journal and finishes the add
  (text present and intact: the row is recorded) or rolls it back
  (:mod:`dashboard.core.corpus.store_journal`).
* **Duplicates** are found by the sha256 of the normalised text of every article
  already in the folder (not only of rows that record a hash); the rules of a new row
  are :mod:`dashboard.core.corpus.store_rows`, shared with session storage.
* **Who** made each write is recorded: ``added_by`` / ``edited_by`` in the row and one line
  per add, edit and removal in the write log (``.sources-log.jsonl``,
  :func:`dashboard.core.corpus.store_journal.log_write`).
* **Removal** moves the article file into ``.removed/`` (hidden, ignored by the loader)
  and drops its row; nothing is deleted outright.
* **Concurrency.** Adds and removals in one folder are serialised with a lock file
  (``.sources.lock``, holding ``<pid> <host>``), so two browser sessions or the CLI
  cannot interleave; the lock of a writer that died is cleared at once.
* **Unwritable folders** (read-only mount, no permission) give an :class:`IngestError`
  naming the folder; nothing is changed.

Storage mode
------------
:func:`storage_mode` decides whether documents are written to the folder (``local``) or
kept in the browser session (``session``, for ephemeral hosts such as Streamlit
Community Cloud).  ``ATLAS_STORAGE=local|session`` decides; without it the default is
``session`` when the app runs from Community Cloud's checkout location (``/mount/src/``)
or when the corpus folder is not writable, and ``local`` otherwise.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dashboard.core.corpus import corrections as cr
from dashboard.core.corpus import plainfile
from dashboard.core.corpus.corrections import CORRECTIONS_CSV
from dashboard.core.corpus.errors import CorpusError, IngestError
from dashboard.core.corpus.ingest import Prepared
from dashboard.core.corpus.loader import (
    METADATA_FILES,
    TEXT_SUFFIXES,
    Document,
    corpus_files,
    read_document,
)
from dashboard.core.corpus.roles import LOCAL_USER
from dashboard.core.corpus.sources_csv import (
    SOURCES_CSV,
    SourcesCsvError,
    SourcesTable,
    read_sources_table,
    render_sources_table,
    write_sources_table,
)
from dashboard.core.corpus.store_files import atomic_write_bytes
from dashboard.core.corpus.store_journal import (
    clear_journal,
    folder_lock,
    log_write,
    unwritable,
    write_journal,
)
from dashboard.core.corpus.store_rows import (
    duplicate_message,
    edited_row,
    existing_hashes,
    folder_ids,
    new_row,
    next_doc_id,
    row_version,
    same_text_as,
    stale_error,
)
from dashboard.core.paths import REPO_ROOT

REMOVED_DIR = ".removed"
STORAGE_ENV = "ATLAS_STORAGE"
CLOUD_CHECKOUT = "/mount/src/"


@dataclass(frozen=True)
class StorageDecision:
    """Where added documents go, and why.

    Attributes
    ----------
    mode
        ``"local"`` (written to the corpus folder) or ``"session"`` (kept in memory).
    reason
        Plain-language reason, shown to the analyst.
    """

    mode: str
    reason: str


@dataclass(frozen=True)
class AddResult:
    """A document written to the corpus folder.

    Attributes
    ----------
    doc_id
        New document id (file stem).
    path
        The stored ``.txt`` file.
    row
        The ``sources.csv`` row written for it.
    document
        The document as the corpus loader reads it back.
    """

    doc_id: str
    path: Path
    row: dict[str, str]
    document: Document


def add_document(
    folder: Path,
    prepared: Prepared,
    meta: dict[str, str] | None = None,
    *,
    added: str | None = None,
    by: str = LOCAL_USER,
) -> AddResult:
    """Store a checked article in the corpus folder and record it in ``sources.csv``.

    Parameters
    ----------
    folder
        Corpus folder (created if missing).
    prepared
        Output of :func:`dashboard.core.corpus.ingest.prepare_file` / ``prepare_text``.
    meta
        Analyst-entered ``title``, ``author``, ``outlet``, ``date``, ``url``.
    added
        ISO timestamp to record (default: now).
    by
        Who adds it (recorded as ``added_by`` and in the write log).

    Returns
    -------
    AddResult
        Id, stored path, row and the document as read back.

    Raises
    ------
    IngestError
        ``duplicate`` when the text is already stored, ``bad_metadata``, ``sources_csv``
        (a :class:`SourcesCsvError`: nothing is written), or ``storage`` when the disk
        refuses; in every case the corpus is as before.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(folder, exc) from None
    with folder_lock(folder):
        table = read_sources_table(folder)
        row, orphan = _planned_row(folder, table, prepared, meta or {}, added, by)
        path = folder / row["file"]
        _write_text(folder, path, row, prepared, orphan)
        try:
            document = read_document(path, row)
            table.rows.append(row)
            write_sources_table(table)
            clear_journal(folder)
            log_write(folder, "add", row["file"], by)
        except (OSError, CorpusError) as exc:
            with contextlib.suppress(OSError):
                if not orphan:
                    path.unlink()
                clear_journal(folder)
            raise IngestError(
                prepared.original_name,
                f"could not be recorded in {SOURCES_CSV} ({exc}); nothing was added",
                "storage",
            ) from None
    return AddResult(doc_id=row["id"], path=path, row=row, document=document)


def _planned_row(folder: Path, table: SourcesTable, prepared: Prepared, meta: dict[str, str],
                 added: str | None, by: str) -> tuple[dict[str, str], bool]:
    """Return the new row and whether its text is already there without a row (an orphan).

    Raises the ``duplicate`` error when the text is stored and recorded.
    """
    stored = existing_hashes(folder)
    copy = same_text_as(stored, prepared)
    if copy is not None and table.meta_for(copy) is not None:
        raise duplicate_message(prepared, copy)
    orphan = stored.get(prepared.sha256)
    if orphan is not None:  # the text is there without a row: record it now
        doc_id = Path(orphan).stem
    else:
        doc_id = next_doc_id(folder_ids(folder, table), prepared.sha256)
    row = new_row(prepared, meta, doc_id, added, by)
    if orphan is not None:
        row["file"] = orphan
    return row, orphan is not None


def _write_text(folder: Path, path: Path, row: dict[str, str], prepared: Prepared,
                orphan: bool) -> None:
    """Write the journal, then the article text (unless it is there already)."""
    try:
        write_journal(folder, row)
        if not orphan:
            atomic_write_bytes(path, prepared.text.encode("utf-8"))
    except OSError as exc:
        with contextlib.suppress(OSError):
            clear_journal(folder)
        raise IngestError(
            prepared.original_name, f"could not be saved ({exc}); nothing was added", "storage"
        ) from None


def update_metadata(folder: Path, key: str, meta: dict[str, str],
                    version: str | None = None, *, by: str = LOCAL_USER) -> list[str]:
    """Change a stored document's metadata in ``sources.csv`` (atomic, with ``.bak``).

    Parameters
    ----------
    folder
        Corpus folder.
    key
        Document id or file name.
    meta
        New ``title``, ``author``, ``outlet``, ``date``, ``url``.
    version
        :func:`~.store_rows.row_version` of the row the edit was made from: when the row
        has changed since, the edit is refused (``stale``) and nothing is written.
    by
        Who edits it (recorded as ``edited_by`` and in the write log).

    Returns
    -------
    list of str
        The fields that changed (nothing is written when none did).

    Raises
    ------
    IngestError
        ``bad_metadata``, ``not_found``, ``sources_csv`` (the table is in a bad state) or
        ``storage``; ``sources.csv`` is then unchanged.
    """
    folder = Path(folder)
    with folder_lock(folder):
        table = read_sources_table(folder)
        position = next((i for i, r in enumerate(table.rows) if key in (r["id"], r["file"])),
                        None)
        if position is None:
            path = next((p for p in corpus_files(folder) if key in (p.stem, p.name)), None)
            if path is None:
                raise IngestError(key, "no such document in the corpus", "not_found")
            table.rows.append({c: "" for c in table.header} | {"id": path.stem,
                                                               "file": path.name})
            position = len(table.rows) - 1
        if version is not None and row_version(table.rows[position]) != version:
            raise stale_error(table.rows[position]["file"], table.rows[position], meta)
        row, changed = edited_row(table.rows[position], meta, by=by)
        if not changed:
            return []
        table.rows[position] = row
        try:
            write_sources_table(table)
        except OSError as exc:
            raise IngestError(
                row["file"], f"metadata could not be saved ({exc}); nothing changed", "storage"
            ) from None
        log_write(folder, "edit", row["file"], by, changed)
    return changed


def remove_document(folder: Path, key: str, *, by: str = LOCAL_USER) -> str:
    """Remove a document: move its file to ``.removed/`` and drop its row.

    Parameters
    ----------
    folder
        Corpus folder.
    key
        Document id or file name.
    by
        Who removes it (recorded in the write log).

    Returns
    -------
    str
        The file name that was removed.

    Raises
    ------
    IngestError
        ``not_found`` when no such document exists, ``sources_csv`` when the table is in a
        bad state (then nothing is changed), ``storage`` when the disk refuses.
    """
    folder = Path(folder)
    with folder_lock(folder):
        table = read_sources_table(folder)
        row = next((r for r in table.rows if key in (r["id"], r["file"])), None)
        file = (
            row["file"]
            if row
            else next((p.name for p in corpus_files(folder) if key in (p.stem, p.name)), None)
        )
        if file is None:
            raise IngestError(key, "no such document in the corpus", "not_found")
        path = folder / file
        trash = folder / REMOVED_DIR
        moved: Path | None = None
        try:
            write_journal(folder, row or {"file": file}, op="remove")
            if path.exists():
                trash.mkdir(exist_ok=True)
                moved = trash / f"{datetime.now(UTC):%Y%m%dT%H%M%S}_{file}"
                os.replace(path, moved)
            if row is not None:
                table.rows.remove(row)
                write_sources_table(table)
            clear_journal(folder)
            log_write(folder, "remove", file, by)
        except OSError as exc:
            if moved is not None and moved.exists() and not path.exists():
                os.replace(moved, path)
            with contextlib.suppress(OSError):
                clear_journal(folder)
            raise IngestError(
                file, f"could not be removed ({exc}); nothing changed", "storage"
            ) from None
    return file


def folder_signature(folder: Path) -> str:
    """Return a short fingerprint of the corpus folder's article files and table.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    str
        Changes whenever an article file or a metadata table is added, removed or
        rewritten (name, size and modification time are hashed).
    """
    folder = Path(folder)
    h = hashlib.sha1(usedforsecurity=False)
    if folder.is_dir():
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name in METADATA_FILES or (
                Path(entry.name).suffix.lower() in TEXT_SUFFIXES
                and not entry.name.startswith(".")
            ):
                try:  # a link or special file counts by itself, never by what it points to
                    st = entry.stat(follow_symlinks=False)
                except FileNotFoundError:  # removed while we looked
                    continue
                kind = plainfile.mode_kind(st.st_mode)
                h.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\0{kind}\n".encode())
    return h.hexdigest()[:16]


def folder_stamp(folder: Path) -> tuple[int, ...]:
    """Return a stamp that changes when the folder gains, loses or renames an entry.

    Also when a metadata table (``sources.csv``, ``corrections.csv``) is rewritten: the
    folder's modification time and each table's modification time and size (three
    ``stat`` calls whatever the corpus size; ``0`` when absent).
    """
    folder = Path(folder)
    try:
        own = folder.stat().st_mtime_ns
    except OSError:
        return (0,) * (1 + 2 * len(METADATA_FILES))
    stamp = [own]
    for name in METADATA_FILES:
        try:
            st = (folder / name).stat()
            stamp += [st.st_mtime_ns, st.st_size]
        except OSError:
            stamp += [0, 0]
    return tuple(stamp)


def storage_mode(folder: Path) -> StorageDecision:
    """Decide whether added documents are written to ``folder`` or kept in the session.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    StorageDecision
        ``ATLAS_STORAGE=local|session`` wins; otherwise ``session`` when the app runs
        from Streamlit Community Cloud's checkout (``/mount/src/``) or the folder is not
        writable, else ``local``.
    """
    env = os.environ.get(STORAGE_ENV, "").strip().lower()
    if env == "local":
        return StorageDecision("local", f"{STORAGE_ENV}=local")
    if env == "session":
        return StorageDecision("session", f"{STORAGE_ENV}=session")
    prefix = f"{STORAGE_ENV}={env!r} is not 'local' or 'session'; " if env else ""
    if str(REPO_ROOT).startswith(CLOUD_CHECKOUT):
        return StorageDecision(
            "session",
            prefix + "running on Streamlit Community Cloud, "
            "whose disk is wiped when the app restarts",
        )
    folder = Path(folder)
    probe = folder if folder.exists() else folder.parent
    if not os.access(probe, os.W_OK):
        return StorageDecision(
            "session", prefix + f"the corpus folder {folder.name}/ is not writable"
        )
    if env:
        return StorageDecision("session", prefix + "keeping documents in the session")
    return StorageDecision("local", f"the corpus folder {folder.name}/ is writable")


def corpus_zip(folder: Path, extra: Iterable[tuple[dict[str, str], str]] = ()) -> bytes:
    """Pack the corpus folder plus extra (session) documents into a zip.

    Parameters
    ----------
    folder
        Corpus folder; its article files are packed as they are.
    extra
        ``(row, text)`` pairs of documents not on disk.

    Returns
    -------
    bytes
        A zip with a ``corpus/`` folder holding the article files and a merged
        ``sources.csv`` -- usable directly as ``ATLAS_SEEDS_DIR``.  When the folder's
        ``sources.csv`` is in a bad state its original bytes are included as
        ``sources.csv.unreadable`` and only the extra rows are listed.
    """
    folder = Path(folder)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        try:
            table = read_sources_table(folder)
        except SourcesCsvError:
            table = SourcesTable(path=folder / SOURCES_CSV)
            with contextlib.suppress(CorpusError):  # never through a link
                zf.writestr("corpus/sources.csv.unreadable",
                            plainfile.read_plain(folder / SOURCES_CSV)[1])
        if folder.is_dir():
            for path in corpus_files(folder):
                with contextlib.suppress(CorpusError):  # swapped for a link since listed
                    zf.writestr(f"corpus/{path.name}", plainfile.read_plain(path)[1])
            corrections = folder / CORRECTIONS_CSV
            if corrections.is_file() and not plainfile.path_kind(corrections):
                with contextlib.suppress(CorpusError):  # swapped for a link since listed
                    zf.writestr(f"corpus/{CORRECTIONS_CSV}", plainfile.read_plain(corrections)[1])
        for row, text in extra:
            zf.writestr(f"corpus/{row['file']}", text.encode("utf-8"))
            table.rows.append(row)
        zf.writestr("corpus/sources.csv", render_sources_table(table))
    return buf.getvalue()


# --- corrections.csv (the analyst's reviews): written like sources.csv, under the lock

def add_correction(folder: Path, corr: cr.Correction) -> cr.Correction:
    """Append a checked correction to the folder's table (atomic, with backup)."""
    folder = Path(folder)
    cr.check(corr)
    with folder_lock(folder):
        table = cr.read_corrections(folder)
        try:
            cr.write_corrections(table.path, [*table.rows, corr])
        except OSError as exc:
            raise unwritable(folder, exc) from None
    return corr


def remove_correction(folder: Path, corr_id: str) -> cr.Correction:
    """Take a correction out of the table (atomic, with backup); return it."""
    folder = Path(folder)
    with folder_lock(folder):
        table = cr.read_corrections(folder)
        keep = [c for c in table.rows if c.id != corr_id]
        if len(keep) == len(table.rows):
            raise cr.CorrectionsError(table.path, f"no correction with id {corr_id}")
        try:
            cr.write_corrections(table.path, keep)
        except OSError as exc:
            raise unwritable(folder, exc) from None
    return next(c for c in table.rows if c.id == corr_id)

