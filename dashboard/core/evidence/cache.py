"""The one entry point to the cached evidence index: :func:`load_or_build`.

The index lives under ``cache_dir()/evidence/<key>`` (key: :func:`~dashboard.core.evidence.index.
fingerprint` of every input), as Parquet files written a batch at a time
(:mod:`dashboard.core.evidence.stream`, or partitioned by the Dask engine); the app
queries them in place (:mod:`dashboard.core.evidence.sql`). The entry heals itself
(:mod:`dashboard.core.evidence.cachestore`): a damaged or unfinished entry is set aside and rebuilt.

Freshness is incremental. Every entry records its corpus in ``catalog.json`` (per file:
size, modification time, SHA-256, metadata hash), and the last entry built from a
folder is remembered (``cache_dir()/evidence-latest/``). The change check stats every
file and hashes only those whose size or time differ from that catalog. When articles
were added, changed or removed (or their ``sources.csv`` rows edited), the new entry
holds only those documents' rows plus ``layers.json`` naming the entry below it and the
documents to leave out of it; :func:`layers` resolves the stack for
:class:`~dashboard.core.evidence.sql.EvidenceStore`. Past :data:`MAX_LAYERS` the stack is
merged into one entry by DuckDB (rows copied, nothing parsed again).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from dashboard.core.corpus.corrections import CORRECTIONS_CSV
from dashboard.core.corpus.loader import (
    METADATA_FILES,
    Document,
    load_corpus,
    metadata_lookup,
    read_document,
)
from dashboard.core.evidence import cachestore
from dashboard.core.evidence.index import (
    Analyse,
    Digests,
    EvidenceIndex,
    Parser,
    corpus_digests,
    fingerprint,
    load_index,
    make_parser,
)
from dashboard.core.evidence.sql import EvidenceStore, StoredIndex
from dashboard.core.evidence.stream import build_to_folder, write_places
from dashboard.core.paths import cache_dir, geodata_dir, seeds_dir

ENGINES = ("local", "dask")
CATALOG = "catalog.json"
LAYERS = "layers.json"
MAX_LAYERS = 8
#: ``file name -> sources.csv row`` (``SourcesTable.lookup`` of the corpus folder).
Meta = Callable[[str], dict | None]
ARTICLE_TABLES = ("documents", "sentences", "mentions", "corridor_links", "texts", "search")


def _lineage(cache: Path, seeds: Path, geodata: Path) -> Path:
    """File remembering the last entry built from ``seeds`` with these geodata and code."""
    h = hashlib.sha256(fingerprint(Path(os.devnull), geodata).encode())
    h.update(str(seeds.resolve()).encode())
    return cache / "evidence-latest" / f"{h.hexdigest()[:16]}.json"


def _previous(lineage: Path, root: Path) -> tuple[Path, dict] | None:
    """Return the last entry of this lineage and its catalog, when still there and intact."""
    try:
        key = json.loads(lineage.read_text(encoding="utf-8"))["key"]
        entry = root / key
        for folder, _ in layers(entry):
            cachestore.verify(folder, folder.name, checksums=False)
        return entry, json.loads((entry / CATALOG).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, cachestore.CacheDamaged):
        return None


def _remember(lineage: Path, key: str) -> None:
    with contextlib.suppress(OSError):
        lineage.parent.mkdir(parents=True, exist_ok=True)
        part = lineage.with_suffix(f".{os.getpid()}.part")
        part.write_text(json.dumps({"key": key}), encoding="utf-8")
        os.replace(part, lineage)


def layers(entry: Path) -> list[tuple[Path, frozenset[str]]]:
    """Return the folders of an entry, bottom first, each with the ids to leave out."""
    chain: list[tuple[Path, frozenset[str]]] = []
    gone: frozenset[str] = frozenset()
    folder = Path(entry)
    while True:
        chain.append((folder, gone))
        spec = folder / LAYERS
        if not spec.is_file():
            return chain[::-1]
        data = json.loads(spec.read_text(encoding="utf-8"))
        gone = gone | frozenset(data["removed"])
        folder = folder.parent / str(data["base"])
        if len(chain) > MAX_LAYERS + 1 or not folder.is_dir():
            raise cachestore.CacheDamaged(f"{entry.name}: its base {folder.name} is missing")


def _meta_hash(meta: dict | None) -> str:
    text = "\x1e".join(f"{k}\x1f{v}" for k, v in sorted((meta or {}).items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _catalog(seeds: Path, digests: Digests, meta: Meta | None = None) -> dict:
    """Describe the corpus an entry is built from: per article, its digest and metadata hash."""
    meta = meta or metadata_lookup(seeds)
    files = {}
    for name, (size, mtime, sha) in digests.items():
        if name not in METADATA_FILES:
            files[name] = [size, mtime, sha, _meta_hash(meta(name))]
    return {"files": files, "sources": list(digests.get("sources.csv", ())),
            "corrections": list(digests.get(CORRECTIONS_CSV, ()))}


def _known(previous: tuple[Path, dict] | None) -> Digests | None:
    """Digests recorded in the previous entry's catalog (articles and ``sources.csv``)."""
    if previous is None:
        return None
    catalog = previous[1]
    known = {name: (v[0], v[1], v[2]) for name, v in catalog["files"].items()}
    if catalog.get("sources"):
        known["sources.csv"] = tuple(catalog["sources"])
    if catalog.get("corrections"):
        known[CORRECTIONS_CSV] = tuple(catalog["corrections"])
    return known


def _write_catalog(folder: Path, catalog: dict) -> None:
    (folder / CATALOG).write_text(json.dumps(catalog), encoding="utf-8")


def _install(folder: Path, catalog: dict, key: str, target: Path) -> None:
    """Seal a finished build folder (catalog, then manifest) and move it into place."""
    _write_catalog(folder, catalog)
    cachestore.write_manifest(folder, key)
    cachestore.install(folder, target, key)


def _damaged(target: Path, key: str, notice: Callable[[str], None] | None) -> bool:
    """Tell whether an existing entry (or an entry below it) fails verification.

    A damaged entry is set aside.
    """
    try:
        cachestore.verify(target, key)
        for folder, _ in layers(target)[:-1]:
            cachestore.verify(folder, folder.name, checksums=False)
        return False
    except (cachestore.CacheDamaged, OSError, ValueError) as exc:
        if notice:
            notice(f"the cached index was damaged ({exc}); rebuilding it")
        cachestore.set_aside(target)
        return True


def _build_local(docs: Iterable[Document], geodata: Path, folder: Path,
                 progress: Callable[[Document], None] | None,
                 parser: Callable[[], Parser] | None = None,
                 analyse: Analyse | None = None, **_dask) -> None:
    build_to_folder(docs, (parser or (lambda: make_parser(geodata)))(), folder,
                    progress=progress, analyse=analyse)


def _build_dask(docs: Iterable[Document], geodata: Path, folder: Path,
                progress: Callable[[Document], None] | None, parser=None, analyse=None,
                **dask) -> None:
    del analyse  # workers analyse every document themselves
    from contextlib import ExitStack

    from dashboard.core.evidence import engine_dask

    with ExitStack() as stack:
        client = dask.get("client") or engine_dask.connect(
            dask.get("scheduler"), dask.get("workers"), stack)
        engine_dask.run_on_client(client, list(docs), (parser or (
            lambda: make_parser(geodata)))(), folder, dask.get("partitions"),
            dask.get("collect", False), progress)


def _changes(seeds: Path, old: dict, new: dict, documents: Sequence[Document] | None = None,
             meta: Meta | None = None) -> tuple[list[Document], list[str]]:
    """Documents to analyse (added or changed) and ids to leave out of the entry below.

    Taken from ``documents`` (the folder as the caller read it) when given, else read.
    """
    before, after = old["files"], new["files"]
    fresh = sorted(n for n, v in after.items()
                   if n not in before or before[n][2:4] != v[2:4])
    gone = sorted(Path(n).stem for n in before if n not in after or n in fresh)
    if documents is not None:
        wanted = set(fresh)
        return [d for d in documents if d.file in wanted], gone
    if fresh and meta is None:
        meta = metadata_lookup(seeds)
    return [read_document(seeds / n, meta(n)) for n in fresh], gone


def _merge(stack: list[tuple[Path, frozenset[str]]], folder: Path) -> None:
    """Write the union of a layer stack into ``folder`` as one entry (rows copied)."""
    store = EvidenceStore(stack)
    for name in ARTICLE_TABLES:
        cols = "* EXCLUDE (filename, file_row_number)" if name == "mentions" else "*"
        target = str(folder / f"{name}.parquet").replace("'", "''")
        store._con.execute(f"COPY (SELECT {cols} FROM {name}) TO '{target}' (FORMAT parquet)")
    write_places(folder)


def _build_delta(seeds: Path, geodata: Path, previous: tuple[Path, dict], catalog: dict,
                 tmp: Path, progress, parser, analyse: Analyse | None = None,
                 documents: Sequence[Document] | None = None, meta: Meta | None = None) -> None:
    """Build the entry of the current corpus on top of the previous one."""
    below, old = previous
    docs, gone = _changes(seeds, old, catalog, documents, meta)
    stack = layers(below)
    if len(stack) < MAX_LAYERS:
        _build_local(docs, geodata, tmp, progress, parser, analyse)
        (tmp / LAYERS).write_text(json.dumps({"base": below.name, "removed": gone}),
                                  encoding="utf-8")
        return
    delta = tmp / ".delta"
    _build_local(docs, geodata, delta, progress, parser, analyse)
    top = [(f, g | frozenset(gone)) for f, g in stack]
    _merge([*top, (delta, frozenset())], tmp)
    shutil.rmtree(delta)


def load_or_build(
    seeds: Path | None = None,
    geodata: Path | None = None,
    cache: Path | None = None,
    engine: str = "local",
    progress: Callable[[Document], None] | None = None,
    notice: Callable[[str], None] | None = None,
    parser: Callable[[], Parser] | None = None,
    analyse: Analyse | None = None,
    documents: Sequence[Document] | None = None,
    **dask,
) -> Path:
    """Return the top folder of the cached index of the current inputs, building it if needed.

    Only added, changed or removed articles are analysed when an index of an earlier
    state of the same folder is cached (see the module docstring); open the result with
    :func:`open_index`. Folders default to :mod:`dashboard.core.paths`; ``engine`` is
    ``"local"`` (batches here) or ``"dask"`` (``scheduler``, ``partitions``, ``workers``,
    ``collect``, ``client`` passed on; always a full build); ``notice`` hears of a damaged
    entry rebuilt or an unwritable cache (then a temporary folder); ``parser`` and
    ``analyse`` replace :func:`~.index.make_parser` and :func:`~.index.process_document`;
    ``documents`` are the folder's documents when the caller has read them already.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    seeds, geodata = Path(seeds or seeds_dir()), Path(geodata or geodata_dir())
    cache = Path(cache or cache_dir())
    root, lineage = cache / "evidence", _lineage(cache, seeds, geodata)
    previous = _previous(lineage, root)
    digests = corpus_digests(seeds, _known(previous))
    key = fingerprint(seeds, geodata, digests)
    target, build = root / key, _build_dask if engine == "dask" else _build_local
    try:
        cachestore.sweep(root)
        if target.exists() and not _damaged(target, key, notice):
            _remember(lineage, key)
            return target
        tmp = cachestore.new_build_folder(root)
    except OSError as exc:
        return _uncached(seeds, geodata, root, exc, notice, build, progress, dask)
    try:
        meta = metadata_lookup(seeds)  # read once per build
        catalog = _catalog(seeds, digests, meta)
        if engine == "local" and previous is not None and previous[0] != target:
            _build_delta(seeds, geodata, previous, catalog, tmp, progress, parser, analyse,
                         documents, meta)
        else:
            docs = load_corpus(seeds, notice) if documents is None else documents
            build(docs, geodata, tmp, progress, parser=parser, analyse=analyse, **dask)
        _install(tmp, catalog, key, target)
    except OSError as exc:
        cachestore.discard(tmp)
        return _uncached(seeds, geodata, root, exc, notice, build, progress, dask)
    except BaseException:
        cachestore.discard(tmp)
        raise
    _remember(lineage, key)
    return target


def adopt(folder: Path, seeds: Path, geodata: Path | None = None,
          cache: Path | None = None) -> Path:
    """Install index files built elsewhere (a bench's copied rows) as the entry of ``seeds``.

    ``folder`` must be a build folder of the cache (:func:`~dashboard.core.evidence.cachestore.
    new_build_folder`); the entry gets its catalog and manifest as a build's would.
    """
    seeds, geodata = Path(seeds), Path(geodata or geodata_dir())
    cache = Path(cache or cache_dir())
    digests = corpus_digests(seeds)
    key = fingerprint(seeds, geodata, digests)
    target = cache / "evidence" / key
    _install(folder, _catalog(seeds, digests), key, target)
    _remember(_lineage(cache, seeds, geodata), key)
    return target


def current_key(seeds: Path | None = None, geodata: Path | None = None,
                cache: Path | None = None) -> str:
    """Return the current inputs' cache key, reading only files changed since the last build."""
    seeds = Path(seeds or seeds_dir())
    geodata = Path(geodata or geodata_dir())
    cache = Path(cache or cache_dir())
    previous = _previous(_lineage(cache, seeds, geodata), cache / "evidence")
    return fingerprint(seeds, geodata, corpus_digests(seeds, _known(previous)))


def _uncached(seeds: Path, geodata: Path, root: Path, exc: OSError,
              notice: Callable[[str], None] | None, build, progress, dask: dict) -> Path:
    """Build into a temporary folder: an unwritable cache costs speed, not the index."""
    if notice:
        notice(f"the index could not be cached in {root} ({exc.strerror or exc})")
    folder = Path(tempfile.mkdtemp(prefix="atlas-index-"))
    build(load_corpus(seeds, notice), geodata, folder, progress, **dask)
    return folder


def open_index(entry: Path | list[Path], removed: Iterable[str] = ()) -> StoredIndex:
    """Open an entry (with the layers below it) or folders for queries: the app's index."""
    folders = ([f for e in entry for f in layers(e)] if isinstance(entry, list)
               else layers(entry))
    return StoredIndex(EvidenceStore(folders, removed=removed))


def load_whole(entry: Path) -> EvidenceIndex:
    """Load a whole entry into memory as an :class:`~.index.EvidenceIndex`."""
    stack = layers(entry)
    if len(stack) == 1:
        return load_index(entry)
    index = open_index(entry)
    return EvidenceIndex(documents=index.documents, sentences=index.sentences,
                         mentions=index.mentions, places=index.places,
                         corridor_links=index.corridor_links, texts=dict(index.texts))


def build_folder(docs: Iterable[Document], folder: Path, geodata: Path | None = None,
                 progress: Callable[[Document], None] | None = None) -> Path:
    """Build an uncached index of ``docs`` into ``folder`` (session or fallback documents)."""
    _build_local(docs, Path(geodata or geodata_dir()), Path(folder), progress)
    return Path(folder)


def load_or_build_index(
    seeds: Path | None = None,
    geodata: Path | None = None,
    cache: Path | None = None,
    progress: Callable[[Document], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> EvidenceIndex:
    """Load the whole cached index into memory, building it when absent or damaged.

    For tests, exports and small corpora; the app queries the files instead
    (:func:`load_or_build`, :func:`open_index`). Damaged entries are set aside and
    rebuilt as by :func:`load_or_build`.

    Parameters
    ----------
    seeds, geodata, cache
        Folders; default to :mod:`dashboard.core.paths`.
    progress
        Called after each analysed document on a rebuild.
    notice
        Called with a one-line message when a damaged cache entry is being rebuilt.

    Returns
    -------
    EvidenceIndex
        The index for exactly the current inputs.
    """
    return load_whole(load_or_build(seeds, geodata, cache, progress=progress, notice=notice))


def has_index(seeds: Path, geodata: Path, cache: Path | None = None) -> bool:
    """Tell whether an intact index of this folder (this or an earlier state) is cached."""
    cache = Path(cache or cache_dir())
    return _previous(_lineage(cache, Path(seeds), Path(geodata)), cache / "evidence") is not None


def index_is_cached(
    seeds: Path | None = None, geodata: Path | None = None, cache: Path | None = None
) -> bool:
    """Tell whether :func:`load_or_build` would find the current inputs' index intact."""
    key = current_key(seeds, geodata, cache)
    return cachestore.is_valid(Path(cache or cache_dir()) / "evidence" / key, key)
