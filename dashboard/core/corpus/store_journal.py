"""Crash safety of corpus writers: the folder lock, the add/remove journal and recovery.

Adds and removals in one folder are serialised with a lock on ``.sources.lock``
(:class:`filelock.FileLock`: an OS lock, so the lock of a writer that died is released
with its process and never needs clearing).  An add
writes a journal (``.add-journal.json``, the new row) before anything else; the next
writer finishes or rolls back an add a crash interrupted (:func:`recover`).  Every
completed add, edit and removal appends one line to the write log (``.sources-log.jsonl``:
when, who, what, which file and fields), which the loader, the zip and the signature ignore.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from dashboard.core.corpus.errors import CorpusError, IngestError
from dashboard.core.corpus.ingest import content_hash
from dashboard.core.corpus.sources_csv import SAFE_FILE, read_sources_table, write_sources_table
from dashboard.core.corpus.store_files import atomic_write_bytes, leftover_partials

LOCK_NAME = ".sources.lock"
JOURNAL_NAME = ".add-journal.json"
WRITE_LOG = ".sources-log.jsonl"
LOCK_TIMEOUT_S = 15.0


def unwritable(folder: Path, exc: OSError) -> IngestError:
    """Return the ``storage`` error naming a corpus folder the disk refuses to change."""
    return IngestError(
        folder,
        f"the corpus folder {folder} cannot be written ({exc.strerror or exc}); "
        "nothing was changed",
        "storage",
    )


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold an exclusive lock on the corpus folder; finish an interrupted add first.

    The lock is an OS lock on ``.sources.lock`` (:class:`filelock.FileLock`): a writer
    that died holds nothing, whatever file it left behind. An interrupted add is
    finished or rolled back (:func:`recover`) as soon as the lock is held.

    Parameters
    ----------
    folder
        Corpus folder.
    timeout
        Seconds to wait for another writer.

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
    lock = FileLock(folder / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise IngestError(folder / LOCK_NAME, "another add or remove is in progress; try again",
                          "storage") from None
    except OSError as exc:
        raise unwritable(folder, exc) from None
    try:
        recover(folder)
        yield
    finally:
        lock.release()


def write_journal(folder: Path, row: dict[str, str], op: str = "add") -> None:
    """Record the row an add (or a removal, ``op="remove"``) is about to change."""
    atomic_write_bytes(folder / JOURNAL_NAME,
                       json.dumps({"op": op, "row": row}).encode("utf-8"))


def log_write(folder: Path, op: str, file: str, by: str, fields: Iterable[str] = ()) -> None:
    """Append who made a completed write to the folder's write log (one JSON line).

    Parameters
    ----------
    folder
        Corpus folder (the caller holds its lock).
    op
        ``add``, ``edit`` or ``remove``.
    file
        The article file written.
    by
        Who made it: an e-mail, ``local user`` or ``anonymous``.
    fields
        The fields an edit changed.

    The write itself is done when this runs; a log that cannot be appended (full disk)
    does not undo it.
    """
    entry = {"at": datetime.now(UTC).replace(microsecond=0).isoformat(), "op": op,
             "file": file, "by": by, **({"fields": list(fields)} if fields else {})}
    with contextlib.suppress(OSError), open(folder / WRITE_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read_write_log(folder: Path) -> list[dict[str, object]]:
    """Return the write log's entries, oldest first (unreadable lines are skipped)."""
    try:
        lines = (Path(folder) / WRITE_LOG).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for line in lines:
        with contextlib.suppress(ValueError):
            out.append(json.loads(line))
    return out


def clear_journal(folder: Path) -> None:
    """Delete the journal: the change it records is complete."""
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
        elif SAFE_FILE.match(str(row["file"])) and path.is_file() and content_hash(
                path.read_bytes().decode("utf-8")) == row.get("sha256"):
            table = read_sources_table(folder)
            if table.meta_for(path.name) is None:
                table.rows.append({k: str(v) for k, v in row.items()})
                write_sources_table(table)
            outcome = "finished"
    with contextlib.suppress(OSError):
        clear_journal(folder)
    return outcome
