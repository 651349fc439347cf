"""Safe persistence of the corpus folder: article files and ``sources.csv``.

Guarantees
----------
* **Atomic files.** Every write goes to a hidden temporary file in the same folder
  (``.<name>.<random>.part``, which the corpus loader ignores), is flushed and fsynced,
  and only then renamed over the target with :func:`os.replace`.  A crash at any point
  leaves either the old file or the new one, never a half-written one.
* **sources.csv read-validate-write.** The table is read and validated before every
  change (:func:`read_sources_table`).  A hand-edited file in a bad state -- wrong
  header, duplicate ids or files, ragged rows, invalid CSV, not UTF-8 -- raises
  :class:`SourcesCsvError` and is **never written**: the analyst is told what is wrong
  and where.  Before a replacement the current file is copied to ``sources.csv.bak``.
* **Order of an add.** A journal (``.add-journal.json``, the new row) first, then the
  text file, then the table row, then the journal is deleted.  If the table cannot be
  written the new text file is removed again, so the corpus is as before.  After a
  crash (kill -9, power loss) the next writer finds the journal and finishes the add
  (text present and intact: the row is recorded) or rolls it back (:func:`recover`).
* **Duplicates** are found by the sha256 of the normalised text of every article
  already in the folder (not only of rows that record a hash).
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
import csv
import hashlib
import io
import json
import os
import re
import secrets
import socket
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dashboard.core.corpus import (
    META_FIELDS,
    TEXT_SUFFIXES,
    CorpusError,
    Document,
    corpus_files,
    document_from_text,
    read_document,
    strip_bidi,
)
from dashboard.core.ingest import (
    IngestError,
    Prepared,
    check_metadata,
    content_hash,
    match_hash,
)
from dashboard.core.paths import REPO_ROOT

SOURCES_CSV = "sources.csv"
BACKUP_SUFFIX = ".bak"
LOCK_NAME = ".sources.lock"
JOURNAL_NAME = ".add-journal.json"
REMOVED_DIR = ".removed"
BASE_COLUMNS: tuple[str, ...] = ("id", "file", "title", "author", "outlet", "date", "url", "basis")
INGEST_COLUMNS: tuple[str, ...] = ("original_file", "sha256", "added", "extraction")
STORAGE_ENV = "ATLAS_STORAGE"
CLOUD_CHECKOUT = "/mount/src/"
_LOCK_TIMEOUT_S = 15.0
_LOCK_STALE_S = 120.0
_LOCK_EMPTY_STALE_S = 5.0
_SAFE_FILE = re.compile(r"^[^/\\\x00]+$")


class SourcesCsvError(IngestError):
    """``sources.csv`` is in a state that must not be overwritten.

    Parameters
    ----------
    path
        The CSV file.
    problem
        What is wrong and where (line numbers are 1-based file lines).
    """

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(path, problem, "sources_csv")
        self.csv_path = Path(path)

    def __str__(self) -> str:
        return (
            f"{self.csv_path.name}: {self.problem}. It was not changed; fix it by hand "
            f"(or restore {self.csv_path.name}{BACKUP_SUFFIX}) before adding or removing "
            "documents."
        )


@dataclass
class SourcesTable:
    """The rows of ``sources.csv`` with their header (column order is preserved).

    Attributes
    ----------
    path
        Location of the CSV file (it may not exist yet).
    header
        Column names.
    rows
        One dict per row, keyed by ``header``.
    """

    path: Path
    header: list[str] = field(default_factory=lambda: list(BASE_COLUMNS + INGEST_COLUMNS))
    rows: list[dict[str, str]] = field(default_factory=list)

    def ids(self) -> set[str]:
        """Return the ids of all rows."""
        return {r["id"] for r in self.rows}

    def meta_for(self, file: str) -> dict[str, str] | None:
        """Return the row for a file name (or its stem as id), or ``None``."""
        return self.lookup()(file)

    def lookup(self) -> Callable[[str], dict[str, str] | None]:
        """Return :meth:`meta_for` over the rows as they are now, in constant time per file.

        One pass builds the by-file and by-id maps; the first matching row wins, as in a
        scan. Take a new lookup after changing the rows.
        """
        by_file: dict[str, int] = {}
        by_id: dict[str, int] = {}
        for i, row in enumerate(self.rows):
            by_file.setdefault(row["file"], i)
            by_id.setdefault(row["id"], i)
        rows = self.rows

        def find(file: str) -> dict[str, str] | None:
            hits = [i for i in (by_file.get(file), by_id.get(Path(file).stem)) if i is not None]
            return rows[min(hits)] if hits else None

        return find


@dataclass(frozen=True)
class CorpusState:
    """The corpus as loaded without ever failing on one bad file.

    Attributes
    ----------
    documents
        Readable documents, sorted by file name.
    problems
        One message per file that was skipped or metadata that could not be used.
    sources_problem
        Why ``sources.csv`` was ignored ("" when it is fine or absent).
    """

    documents: list[Document]
    problems: list[str]
    sources_problem: str = ""


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


# --------------------------------------------------------------------------- files


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename).

    Parameters
    ----------
    path
        Target file; its folder must exist.
    data
        Content.

    Raises
    ------
    OSError
        If writing fails; the target is then unchanged and the temporary file removed.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Flush a directory entry change to disk where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def leftover_partials(folder: Path) -> list[Path]:
    """List temporary files left behind by an interrupted write.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    list of Path
        ``.*.part`` files (harmless: the loader ignores them; safe to delete).
    """
    return sorted(p for p in Path(folder).glob(".*.part") if p.is_file())


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True


def _lock_is_stale(lock: Path) -> bool:
    """Tell whether ``lock`` was left by a writer that is gone.

    The lock holds ``<pid> <host>``: on this host, a dead pid makes it stale at once.
    An unreadable or empty lock (its writer was killed before writing) is stale after
    a few seconds; any lock after two minutes.
    """
    try:
        age = time.time() - lock.stat().st_mtime
        owner = lock.read_text(encoding="utf-8", errors="replace").split()
    except FileNotFoundError:
        return False
    except OSError:
        return False
    if age > _LOCK_STALE_S:
        return True
    if len(owner) >= 2 and owner[0].isdigit() and owner[1] == socket.gethostname():
        return not _pid_alive(int(owner[0]))
    return not owner and age > _LOCK_EMPTY_STALE_S


def _unwritable(folder: Path, exc: OSError) -> IngestError:
    return IngestError(
        folder,
        f"the corpus folder {folder} cannot be written ({exc.strerror or exc}); "
        "nothing was changed",
        "storage",
    )


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = _LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold an exclusive lock on the corpus folder (a lock file created with O_EXCL).

    A lock left by a writer that died (its pid is gone on this host) is cleared at
    once; an interrupted add is finished or rolled back (:func:`recover`) as soon as
    the lock is held.

    Parameters
    ----------
    folder
        Corpus folder.
    timeout
        Seconds to wait for another writer; a lock older than two minutes is stale.

    Yields
    ------
    None
        While the lock is held.

    Raises
    ------
    IngestError
        ``kind="storage"`` when the lock cannot be obtained in time, or when the
        folder cannot be written (read-only, no permission): the message names it.
    """
    folder = Path(folder)
    lock = folder / LOCK_NAME
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            if _lock_is_stale(lock):
                with contextlib.suppress(OSError):
                    lock.unlink()
                continue
            if time.monotonic() > deadline:
                raise IngestError(
                    lock, "another add or remove is in progress; try again", "storage"
                ) from None
            time.sleep(0.05)
        except OSError as exc:
            raise _unwritable(folder, exc) from None
    try:
        try:
            os.write(fd, f"{os.getpid()} {socket.gethostname()}".encode())
        finally:
            os.close(fd)
        recover(folder)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def _write_journal(folder: Path, row: dict[str, str], op: str = "add") -> None:
    atomic_write_bytes(folder / JOURNAL_NAME,
                       json.dumps({"op": op, "row": row}).encode("utf-8"))


def _clear_journal(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (folder / JOURNAL_NAME).unlink()


def recover(folder: Path) -> str | None:
    """Finish or roll back an add interrupted by a crash (call with the lock held).

    An add writes a journal (the new row) first, then the text file, then the row,
    then deletes the journal.  A journal left behind means: text file present with
    the journal's checksum -> the row is recorded now (finished); otherwise nothing
    was stored -> the journal is dropped (rolled back).  A removal's journal: the
    file already moved to ``.removed/`` -> its row is dropped (finished).  Temporary
    ``.part`` files of interrupted writes are deleted.  Errors are swallowed: recovery never blocks.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    str | None
        ``"finished"`` or ``"rolled back"`` when a journal was found, else ``None``.
    """
    folder = Path(folder)
    for part in leftover_partials(folder):
        with contextlib.suppress(OSError):
            part.unlink()
    journal = folder / JOURNAL_NAME
    if not journal.is_file():
        return None
    outcome = "rolled back"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, CorpusError):
        entry = json.loads(journal.read_bytes())
        row = entry["row"]
        path = folder / str(row["file"])
        if entry.get("op") == "remove":
            if not path.exists():  # the file was moved away: drop its row too
                table = read_sources_table(folder)
                kept = [r for r in table.rows if r["file"] != path.name]
                if len(kept) != len(table.rows):
                    table.rows = kept
                    write_sources_table(table)
                outcome = "finished"
        elif _SAFE_FILE.match(str(row["file"])) and path.is_file() and content_hash(
                path.read_bytes().decode("utf-8")) == row.get("sha256"):
            table = read_sources_table(folder)
            if table.meta_for(path.name) is None:
                table.rows.append({k: str(v) for k, v in row.items()})
                write_sources_table(table)
            outcome = "finished"
    with contextlib.suppress(OSError):
        _clear_journal(folder)
    return outcome


# --------------------------------------------------------------------- sources.csv


def read_sources_table(folder: Path) -> SourcesTable:
    """Read and validate ``sources.csv``.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    SourcesTable
        The rows; an empty table with the full header when the file does not exist.

    Raises
    ------
    SourcesCsvError
        If the file is unreadable, not UTF-8, not valid CSV, has a header without the
        columns ``id,file,title,author,outlet,date,url,basis`` or with duplicate or
        empty column names, has ragged rows, empty/duplicate ids or files, or a file
        name with a folder part.
    """
    path = Path(folder) / SOURCES_CSV
    if not path.exists():
        return SourcesTable(path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourcesCsvError(path, f"cannot be read ({exc.strerror})") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourcesCsvError(
            path,
            f"is not UTF-8 (invalid byte on line {line}; a spreadsheet may have saved "
            "it in another encoding)",
        ) from None
    if not text.strip():
        raise SourcesCsvError(path, "is empty (no header line)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        records: list[tuple[int, list[str]]] = []
        for fields in reader:
            if fields:
                records.append((reader.line_num, fields))
    except csv.Error as exc:
        raise SourcesCsvError(
            path, f"is not valid CSV near line {reader.line_num}: {exc}"
        ) from None
    _check_header(path, header)
    rows: list[dict[str, str]] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue  # a blank line of commas; harmless
        if len(fields) != len(header):
            raise SourcesCsvError(
                path,
                f"line {line} has {len(fields)} fields but the header has {len(header)} "
                "(ragged row)",
            )
        row = dict(zip(header, (f.strip() for f in fields), strict=True))
        rid, rfile = row["id"], row["file"]
        if not rid or not rfile:
            raise SourcesCsvError(path, f"line {line} has an empty id or file")
        if rid in seen_ids:
            raise SourcesCsvError(path, f"duplicate id {rid!r} on lines {seen_ids[rid]} and {line}")
        if rfile in seen_files:
            raise SourcesCsvError(
                path, f"duplicate file {rfile!r} on lines {seen_files[rfile]} and {line}"
            )
        if not _SAFE_FILE.match(rfile) or rfile in (".", ".."):
            raise SourcesCsvError(path, f"line {line}: file {rfile!r} must be a plain file name")
        seen_ids[rid], seen_files[rfile] = line, line
        rows.append(row)
    return SourcesTable(path=path, header=header, rows=rows)


def _check_header(path: Path, header: list[str]) -> None:
    if any(not h for h in header):
        raise SourcesCsvError(path, "header has an empty column name (line 1)")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise SourcesCsvError(path, f"header repeats column(s) {', '.join(dupes)} (line 1)")
    missing = [c for c in BASE_COLUMNS if c not in header]
    if missing:
        raise SourcesCsvError(
            path,
            f"header (line 1) lacks column(s) {', '.join(missing)}; expected it to start with "
            + ",".join(BASE_COLUMNS),
        )


def render_sources_table(table: SourcesTable) -> bytes:
    """Serialise a table as UTF-8 CSV (LF line ends, minimal quoting).

    Parameters
    ----------
    table
        Rows and header.

    Returns
    -------
    bytes
        The file content.
    """
    header = list(table.header)
    for col in BASE_COLUMNS + INGEST_COLUMNS:
        if col not in header:
            header.append(col)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in table.rows:
        writer.writerow([row.get(col, "") for col in header])
    return buf.getvalue().encode("utf-8")


def write_sources_table(table: SourcesTable) -> None:
    """Replace ``sources.csv`` atomically, keeping the previous file as ``.bak``.

    Parameters
    ----------
    table
        The complete new table (validated rows).

    Raises
    ------
    OSError
        If writing fails; ``sources.csv`` is then unchanged.
    """
    data = render_sources_table(table)
    if table.path.exists():
        atomic_write_bytes(
            table.path.with_name(table.path.name + BACKUP_SUFFIX), table.path.read_bytes()
        )
    atomic_write_bytes(table.path, data)


# ------------------------------------------------------------------------- corpus


def load_corpus_safe(folder: Path) -> CorpusState:
    """Load every readable article; never fail because of one file or ``sources.csv``.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    CorpusState
        Documents plus one message per skipped file; when ``sources.csv`` is in a bad
        state the documents carry blank metadata and ``sources_problem`` says why.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return CorpusState([], [f"{folder.name}: corpus folder not found"])
    sources_problem = ""
    try:
        table: SourcesTable | None = read_sources_table(folder)
    except SourcesCsvError as exc:
        table, sources_problem = (
            None,
            (
                f"{exc.csv_path.name}: {exc.problem}. Documents are shown with blank metadata "
                "until it is fixed."
            ),
        )
    docs: list[Document] = []
    problems: list[str] = []
    meta_for = table.lookup() if table else None
    for path in corpus_files(folder):
        meta = meta_for(path.name) if meta_for else None
        try:
            docs.append(read_document(path, meta))
        except CorpusError as exc:
            problems.append(f"{path.name}: {exc.problem}; skipped")
    return CorpusState(docs, problems, sources_problem)


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
    out: dict[str, str] = {}
    if not Path(folder).is_dir():
        return out
    for path in corpus_files(folder):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        out.setdefault(content_hash(text), path.name)
        out.setdefault(match_hash(text), path.name)
    return out


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
    prepared: Prepared, meta: dict[str, str], doc_id: str, added: str | None = None
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
    basis = (
        f"Added by an analyst from {prepared.original_name}; "
        + (f"{', '.join(entered)} as entered" if entered else "no metadata entered")
        + ("" if clean["title"] else "; title taken from the document")
        + "."
    )
    added = added or datetime.now(UTC).replace(microsecond=0).isoformat()
    return {
        "id": doc_id,
        "file": f"{doc_id}.txt",
        **{**clean, "title": title},
        "basis": basis,
        "original_file": prepared.original_name,
        "sha256": prepared.sha256,
        "added": added,
        "extraction": prepared.extraction,
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


def add_document(
    folder: Path,
    prepared: Prepared,
    meta: dict[str, str] | None = None,
    *,
    added: str | None = None,
) -> AddResult:
    """Store a checked article in the corpus folder and record it in ``sources.csv``.

    Parameters
    ----------
    folder
        Corpus folder (created if missing).
    prepared
        Output of :func:`dashboard.core.ingest.prepare_file` / ``prepare_text``.
    meta
        Analyst-entered ``title``, ``author``, ``outlet``, ``date``, ``url``.
    added
        ISO timestamp to record (default: now).

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
        raise _unwritable(folder, exc) from None
    with folder_lock(folder):
        table = read_sources_table(folder)
        stored = existing_hashes(folder)
        copy = same_text_as(stored, prepared)
        if copy is not None and table.meta_for(copy) is not None:
            raise duplicate_message(prepared, copy)
        orphan = stored.get(prepared.sha256)
        if orphan is not None:  # the text is there without a row: record it now
            doc_id = Path(orphan).stem
        else:
            doc_id = next_doc_id(table.ids() | {p.stem for p in corpus_files(folder)},
                                 prepared.sha256)
        row = new_row(prepared, meta or {}, doc_id, added)
        if orphan is not None:
            row["file"] = orphan
        path = folder / row["file"]
        try:
            _write_journal(folder, row)
            if orphan is None:
                atomic_write_bytes(path, prepared.text.encode("utf-8"))
        except OSError as exc:
            with contextlib.suppress(OSError):
                _clear_journal(folder)
            raise IngestError(
                prepared.original_name, f"could not be saved ({exc}); nothing was added", "storage"
            ) from None
        try:
            document = read_document(path, row)
            table.rows.append(row)
            write_sources_table(table)
            _clear_journal(folder)
        except (OSError, CorpusError) as exc:
            with contextlib.suppress(OSError):
                if orphan is None:
                    path.unlink()
                _clear_journal(folder)
            raise IngestError(
                prepared.original_name,
                f"could not be recorded in {SOURCES_CSV} ({exc}); nothing was added",
                "storage",
            ) from None
    return AddResult(doc_id=doc_id, path=path, row=row, document=document)


def edited_row(row: dict[str, str], meta: dict[str, str], when: str | None = None
               ) -> tuple[dict[str, str], list[str]]:
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
    return {**row, **clean, "basis": f"{basis} {note}".strip()}, changed


def update_metadata(folder: Path, key: str, meta: dict[str, str]) -> list[str]:
    """Change a stored document's metadata in ``sources.csv`` (atomic, with ``.bak``).

    Parameters
    ----------
    folder
        Corpus folder.
    key
        Document id or file name.
    meta
        New ``title``, ``author``, ``outlet``, ``date``, ``url``.

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
        row, changed = edited_row(table.rows[position], meta)
        if not changed:
            return []
        table.rows[position] = row
        try:
            write_sources_table(table)
        except OSError as exc:
            raise IngestError(
                row["file"], f"metadata could not be saved ({exc}); nothing changed", "storage"
            ) from None
    return changed


def remove_document(folder: Path, key: str) -> str:
    """Remove a document: move its file to ``.removed/`` and drop its row.

    Parameters
    ----------
    folder
        Corpus folder.
    key
        Document id or file name.

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
            _write_journal(folder, row or {"file": file}, op="remove")
            if path.exists():
                trash.mkdir(exist_ok=True)
                moved = trash / f"{datetime.now(UTC):%Y%m%dT%H%M%S}_{file}"
                os.replace(path, moved)
            if row is not None:
                table.rows.remove(row)
                write_sources_table(table)
            _clear_journal(folder)
        except OSError as exc:
            if moved is not None and moved.exists() and not path.exists():
                os.replace(moved, path)
            with contextlib.suppress(OSError):
                _clear_journal(folder)
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
        Changes whenever an article file or ``sources.csv`` is added, removed or
        rewritten (name, size and modification time are hashed).
    """
    folder = Path(folder)
    h = hashlib.sha1(usedforsecurity=False)
    if folder.is_dir():
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file() and (
                entry.name == SOURCES_CSV
                or (
                    Path(entry.name).suffix.lower() in TEXT_SUFFIXES
                    and not entry.name.startswith(".")
                )
            ):
                try:
                    st = entry.stat()
                except FileNotFoundError:  # removed while we looked
                    continue
                h.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


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
            zf.writestr("corpus/sources.csv.unreadable", (folder / SOURCES_CSV).read_bytes())
        if folder.is_dir():
            for path in corpus_files(folder):
                zf.write(path, f"corpus/{path.name}")
        for row, text in extra:
            zf.writestr(f"corpus/{row['file']}", text.encode("utf-8"))
            table.rows.append(row)
        zf.writestr("corpus/sources.csv", render_sources_table(table))
    return buf.getvalue()


def session_document(row: dict[str, str], text: str) -> Document:
    """Build the :class:`Document` for a session-held article.

    Parameters
    ----------
    row
        Its ``sources.csv``-style row.
    text
        Its stored text.

    Returns
    -------
    Document
        Same as reading the file back from disk.
    """
    return document_from_text(text, row["file"], row)
