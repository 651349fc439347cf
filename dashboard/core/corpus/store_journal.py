"""Crash safety of corpus writers: the folder lock, the add/remove journal and recovery.

Adds and removals in one folder are serialised with a lock file (``.sources.lock``,
holding ``<pid> <host>``); the lock of a writer that died is cleared at once.  An add
writes a journal (``.add-journal.json``, the new row) before anything else; the next
writer finishes or rolls back an add a crash interrupted (:func:`recover`).  Every
completed add, edit and removal appends one line to the write log (``.sources-log.jsonl``:
when, who, what, which file and fields), which the loader, the zip and the signature ignore.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from dashboard.core.corpus.errors import CorpusError, IngestError
from dashboard.core.corpus.ingest import content_hash
from dashboard.core.corpus.sources_csv import SAFE_FILE, read_sources_table, write_sources_table
from dashboard.core.corpus.store_files import atomic_write_bytes, leftover_partials

LOCK_NAME = ".sources.lock"
JOURNAL_NAME = ".add-journal.json"
WRITE_LOG = ".sources-log.jsonl"
LOCK_TIMEOUT_S = 15.0
_LOCK_STALE_S = 120.0
_LOCK_EMPTY_STALE_S = 5.0


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
            raise unwritable(folder, exc) from None
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
