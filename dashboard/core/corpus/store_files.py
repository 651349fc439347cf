"""Atomic file writes in the corpus folder.

Every write goes to a hidden temporary file in the same folder (``.<name>.<random>.part``,
which the corpus loader ignores), is flushed and fsynced, and only then renamed over the
target with :func:`os.replace`: a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


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
