"""The one entry point to the cached evidence index: :func:`load_or_build`.

The index lives under ``cache_dir()/evidence/<key>`` (key: :func:`~dashboard.core.evidence.
fingerprint` of every input), as Parquet files written a batch at a time
(:mod:`dashboard.core.evidence_stream`, or partitioned by the Dask engine); the app
queries them in place (:mod:`dashboard.core.evidence_sql`). The entry heals itself
(:mod:`dashboard.core.cachestore`): a damaged or unfinished entry is set aside and rebuilt.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from dashboard.core import cachestore
from dashboard.core.corpus import Document, load_corpus
from dashboard.core.evidence import fingerprint, make_parser
from dashboard.core.evidence_sql import EvidenceStore, StoredIndex
from dashboard.core.evidence_stream import build_to_folder
from dashboard.core.paths import cache_dir, geodata_dir, seeds_dir

ENGINES = ("local", "dask")


def _damaged(target: Path, key: str, notice: Callable[[str], None] | None) -> bool:
    """Tell whether an existing entry fails verification (and set it aside then)."""
    try:
        cachestore.verify(target, key)
        return False
    except (cachestore.CacheDamaged, OSError, ValueError) as exc:
        if notice:
            notice(f"the cached index was damaged ({exc}); rebuilding it")
        cachestore.set_aside(target)
        return True


def _build_local(docs: Iterable[Document], geodata: Path, folder: Path,
                 progress: Callable[[Document], None] | None, **_dask) -> None:
    build_to_folder(docs, make_parser(geodata), folder, progress=progress)


def _build_dask(docs: Iterable[Document], geodata: Path, folder: Path,
                progress: Callable[[Document], None] | None, **dask) -> None:
    from contextlib import ExitStack

    from dashboard.core import engine_dask

    with ExitStack() as stack:
        client = dask.get("client") or engine_dask.connect(
            dask.get("scheduler"), dask.get("workers"), stack)
        engine_dask.run_on_client(client, list(docs), make_parser(geodata), folder,
                                  dask.get("partitions"), dask.get("collect", False), progress)


def load_or_build(
    seeds: Path | None = None,
    geodata: Path | None = None,
    cache: Path | None = None,
    engine: str = "local",
    progress: Callable[[Document], None] | None = None,
    notice: Callable[[str], None] | None = None,
    **dask,
) -> Path:
    """Return the folder of the cached index of the current inputs, building it if needed.

    Parameters
    ----------
    seeds, geodata, cache
        Folders; default to :mod:`dashboard.core.paths`.
    engine
        ``"local"`` (batches in this process) or ``"dask"`` (``scheduler``,
        ``partitions``, ``workers``, ``collect``, ``client`` passed on).
    progress
        Called after each analysed document.
    notice
        Called with a one-line message when a damaged entry is rebuilt, or when the
        cache is unwritable (the index is then built in a temporary folder).

    Returns
    -------
    Path
        A complete index folder (``*.parquet``) for exactly the current inputs.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    seeds = Path(seeds or seeds_dir())
    geodata = Path(geodata or geodata_dir())
    root = Path(cache or cache_dir()) / "evidence"
    key = fingerprint(seeds, geodata)
    target = root / key
    build = _build_dask if engine == "dask" else _build_local
    try:
        cachestore.sweep(root)
        if target.exists() and not _damaged(target, key, notice):
            return target
        tmp = cachestore.new_build_folder(root)
    except OSError as exc:
        return _uncached(seeds, geodata, root, exc, notice, build, progress, dask)
    try:
        build(load_corpus(seeds), geodata, tmp, progress, **dask)
        cachestore.write_manifest(tmp, key)
        cachestore.install(tmp, target, key)
    except OSError as exc:
        cachestore.discard(tmp)
        return _uncached(seeds, geodata, root, exc, notice, build, progress, dask)
    except BaseException:
        cachestore.discard(tmp)
        raise
    return target


def _uncached(seeds: Path, geodata: Path, root: Path, exc: OSError,
              notice: Callable[[str], None] | None, build, progress, dask: dict) -> Path:
    """Build into a temporary folder: an unwritable cache costs speed, not the index."""
    if notice:
        notice(f"the index could not be cached in {root} ({exc.strerror or exc})")
    folder = Path(tempfile.mkdtemp(prefix="atlas-index-"))
    build(load_corpus(seeds), geodata, folder, progress, **dask)
    return folder


def open_index(folders: Path | list[Path], removed: Iterable[str] = ()) -> StoredIndex:
    """Open index folder(s) for queries: the app's index (see :class:`StoredIndex`)."""
    return StoredIndex(EvidenceStore(folders, removed=removed))


def build_folder(docs: Iterable[Document], folder: Path, geodata: Path | None = None,
                 progress: Callable[[Document], None] | None = None) -> Path:
    """Build an uncached index of ``docs`` into ``folder`` (session or fallback documents)."""
    _build_local(docs, Path(geodata or geodata_dir()), Path(folder), progress)
    return Path(folder)
