"""The one rule of what the corpus folder may hold: plain files, never links or special files.

A symbolic link (``leak.txt -> /etc/passwd``), a FIFO, a device or a socket in the corpus
folder would show or block on something that is not part of the corpus. Every reader of the
folder -- the loader (and so the Reader, search and build), the change check, the folder
signature and the corpus zip -- lists entries with :func:`entry_kind` and reads files with
:func:`read_plain`, which opens without following a link and checks the opened file is a
regular one (so a file swapped for a link after the listing is refused too).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dashboard.core.corpus.errors import CorpusError

#: Why an entry is skipped, by ``stat`` file type.
_KINDS: tuple[tuple[object, str], ...] = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
SKIP_REASON = "only plain files inside the corpus folder are read; skipped"


def mode_kind(mode: int) -> str:
    """Return ``""`` for a regular file's ``st_mode``, else what the entry is."""
    if stat.S_ISREG(mode):
        return ""
    return next((label for test, label in _KINDS if test(mode)), "not a plain file")


def entry_kind(entry: os.DirEntry) -> str:
    """Return ``""`` when a directory entry is a plain file (not a link), else what it is."""
    try:
        return mode_kind(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return "gone or unreadable"


def path_kind(path: Path) -> str:
    """Return ``""`` when ``path`` is a plain file (not a link), else what it is."""
    try:
        return mode_kind(os.lstat(path).st_mode)
    except OSError:
        return "gone or unreadable"


def skip_error(path: Path | str, kind: str) -> CorpusError:
    """Return the error (its message names the file) of a skipped entry."""
    return CorpusError(path, f"is {kind}; {SKIP_REASON}")


def read_plain(path: Path) -> tuple[os.stat_result, bytes]:
    """Read a corpus file that must be a plain file, never through a link.

    Parameters
    ----------
    path
        A file in the corpus folder.

    Returns
    -------
    tuple
        The opened file's ``stat`` result and its bytes.

    Raises
    ------
    CorpusError
        If it is a link or a special file, or cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        kind = path_kind(path)
        if kind and kind != "gone or unreadable":
            raise skip_error(path, kind) from None
        raise CorpusError(path, f"cannot read file ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        kind = mode_kind(st.st_mode)
        if kind:
            raise skip_error(path, kind)
        try:
            return st, fh.read()
        except OSError as exc:
            raise CorpusError(path, f"cannot read file ({exc.strerror})") from None
