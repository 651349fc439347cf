"""A derived-cache folder that heals itself: manifest written last, verified on load.

A cache entry is a folder ``<root>/<key>`` built in a private temporary folder
``<root>/.tmp-<pid>-<random>`` and renamed into place.  :func:`write_manifest` records
the size and SHA-256 of every file and is written last, so an entry without a valid
manifest was never finished.  :func:`verify` rejects a missing manifest, a missing,
truncated, altered or foreign file and a manifest of another key;
:func:`set_aside` moves such an entry out of the way (then deletes it), and the
caller rebuilds.  :func:`install` renames a finished build into place and copes with
a concurrent builder that got there first or a damaged entry in the way
(``ENOTEMPTY``).  :func:`sweep` deletes leftovers of builds whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

MANIFEST = "manifest.json"
FORMAT = 1
_TMP = ".tmp-"
_BROKEN = ".broken-"
_CHUNK = 1 << 20


class CacheDamaged(Exception):
    """A cache entry failed verification (the message says what is wrong)."""


def _digest(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            size += len(chunk)
            h.update(chunk)
    return size, h.hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != MANIFEST)


def write_manifest(folder: Path, key: str) -> None:
    """Record every file of ``folder`` (size, SHA-256) in its manifest, written last.

    Parameters
    ----------
    folder
        A complete cache entry (still in its temporary place).
    key
        The entry's key (its final folder name).
    """
    folder = Path(folder)
    files = {}
    for rel in _files(folder):
        size, sha = _digest(folder / rel)
        files[rel] = {"size": size, "sha256": sha}
    data = json.dumps({"format": FORMAT, "key": key, "files": files}, indent=1).encode()
    tmp = folder / (MANIFEST + ".part")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / MANIFEST)


def verify(folder: Path, key: str, checksums: bool = True) -> None:
    """Check ``folder`` against its manifest.

    Parameters
    ----------
    folder
        The cache entry.
    key
        The key it must have been built for.
    checksums
        Also hash every file; ``False`` checks names and sizes only (a few ``stat``
        calls: cheap enough for every page load).

    Raises
    ------
    CacheDamaged
        Naming the first problem found (missing manifest or file, size or checksum
        mismatch, a file the build did not write, another key).
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        files = manifest["files"]
        ok = manifest.get("format") == FORMAT and isinstance(files, dict)
    except FileNotFoundError:
        raise CacheDamaged(f"{folder.name}: no manifest (an unfinished build)") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CacheDamaged(f"{folder.name}: unreadable manifest ({exc})") from None
    if not ok or manifest.get("key") != key:
        raise CacheDamaged(f"{folder.name}: manifest of another build")
    present = set(_files(folder))
    foreign = sorted(present - set(files))
    if foreign:
        raise CacheDamaged(f"{folder.name}: unexpected file {foreign[0]}")
    for rel, info in files.items():
        path = folder / rel
        if rel not in present:
            raise CacheDamaged(f"{folder.name}: {rel} is missing")
        if path.stat().st_size != info.get("size"):
            raise CacheDamaged(f"{folder.name}: {rel} has the wrong size (truncated?)")
        if checksums and _digest(path)[1] != info.get("sha256"):
            raise CacheDamaged(f"{folder.name}: {rel} does not match its checksum")


def is_valid(folder: Path, key: str) -> bool:
    """Tell whether ``folder`` is a complete, intact entry for ``key``."""
    try:
        verify(folder, key)
    except (CacheDamaged, OSError):
        return False
    return True


def new_build_folder(root: Path) -> Path:
    """Create a private temporary folder for a build under ``root`` (owner pid in its name)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{_TMP}{os.getpid()}-", dir=root))


def discard(folder: Path) -> None:
    """Delete an unfinished build folder (nothing is raised)."""
    shutil.rmtree(folder, ignore_errors=True)


def set_aside(folder: Path) -> None:
    """Move a damaged entry out of the way (atomic rename), then delete it."""
    folder = Path(folder)
    aside = folder.with_name(f"{_BROKEN}{folder.name}-{os.getpid()}-{time.time_ns()}")
    try:
        os.replace(folder, aside)
    except FileNotFoundError:
        return
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    shutil.rmtree(aside, ignore_errors=True)


def install(tmp: Path, target: Path, key: str) -> None:
    """Rename the finished build ``tmp`` to ``target``; ``tmp`` is gone afterwards.

    When ``target`` already exists: a valid entry (a concurrent builder finished
    first) is kept and ``tmp`` discarded; a damaged one is set aside and the rename
    retried.

    Raises
    ------
    OSError
        When the rename fails for another reason (``tmp`` is deleted first).
    """
    try:
        for _ in range(5):
            try:
                os.replace(tmp, target)
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR,
                                     errno.ENOTDIR):
                    raise
            if is_valid(target, key):
                return
            if Path(target).is_dir():
                set_aside(target)
            else:
                with contextlib.suppress(FileNotFoundError):
                    Path(target).unlink()
        raise OSError(errno.EBUSY, "cache entry keeps changing under a concurrent build",
                      str(target))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(root: Path) -> list[Path]:
    """Delete leftovers of killed builds under ``root``; return what was removed.

    A temporary build folder is removed only when its owner process is gone (so a
    concurrent build is never disturbed); set-aside entries are always removed.
    """
    removed: list[Path] = []
    root = Path(root)
    if not root.is_dir():
        return removed
    for entry in root.iterdir():
        name = entry.name
        if name.startswith(_TMP):
            pid = name[len(_TMP):].split("-", 1)[0]
            if pid.isdigit() and _pid_alive(int(pid)):
                continue
        elif not name.startswith(_BROKEN):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed
