"""The evidence index of the corpus the app shows: corpus folder plus session documents.

:func:`corpus_index` is what the app's index loader calls.  It

* uses the disk-cached index (:func:`dashboard.core.evidence.cache.load_or_build`,
  queried in place) when the corpus folder is clean, without reading the corpus;
* falls back to analysing the documents that *can* be read (with blank metadata when
  ``sources.csv`` is in a bad state, skipping unreadable files) instead of failing, and
  reports why in :attr:`CorpusIndex.state`;
* appends documents held in the browser session (ephemeral hosting), analysed with the
  same parser, so they reach the map, the evidence panel and the reader like any other.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.core.corpus.loader import (
    CorpusError,
    CorpusState,
    Document,
    load_corpus_safe,
    skipped_entries,
)
from dashboard.core.corpus.sources_csv import read_sources_table
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence import cachestore
from dashboard.core.evidence import index as evidence
from dashboard.core.evidence import sql as evidence_sql
from dashboard.core.evidence import stream as evidence_stream
from dashboard.core.paths import cache_dir, geodata_dir, seeds_dir


@dataclass(frozen=True)
class CorpusIndex:
    """An evidence index together with what was (not) loaded into it.

    Attributes
    ----------
    index
        The evidence index (folder documents, then session documents): an
        :class:`~dashboard.core.evidence.sql.StoredIndex`.
    state
        The folder's load report: skipped files and a ``sources.csv`` problem.
    session_ids
        Ids of the documents that came from the session.
    """

    index: evidence_sql.StoredIndex
    state: CorpusState
    session_ids: tuple[str, ...] = ()


def corpus_index(
    extra: Sequence[Document] = (),
    parser: Callable[[], evidence.Parser] | None = None,
    seeds: Path | None = None,
    geodata: Path | None = None,
    cache: Path | None = None,
    analyse: evidence.Analyse | None = None,
) -> CorpusIndex:
    """Open the index of the folder corpus plus ``extra`` documents, never failing on one.

    The index is queried where it lies (:class:`~dashboard.core.evidence.sql.StoredIndex`):
    the cached folder index, plus a small index of the ``extra`` documents (also kept
    in the cache, keyed by their content). A folder in a bad state (unreadable file,
    ``sources.csv`` the strict reader rejects) is indexed from the documents that can be
    read, the same way.

    Parameters
    ----------
    extra
        Session documents (ids distinct from the folder's).
    parser
        Returns the (cached) parser; called only when something must be analysed here.
        Default: :func:`dashboard.core.evidence.index.make_parser` for ``geodata``.
    seeds, geodata, cache
        Folders; default to :mod:`dashboard.core.paths`.
    analyse
        Replaces :func:`dashboard.core.evidence.index.process_document` (e.g. to reuse the
        result an add already computed).

    Returns
    -------
    CorpusIndex
        The index and the folder load report (its ``documents`` are not read when the
        folder's index came from the cache: a cached index means every file was read).
    """
    seeds = Path(seeds or seeds_dir())
    geodata = Path(geodata or geodata_dir())
    get_parser = parser or (lambda: evidence.make_parser(geodata))
    state = _cached_state(seeds, geodata, cache)
    folders: list[Path] = []
    loaded = state is None
    if loaded:
        state = load_corpus_safe(seeds)
    if state.errors or state.sources_problem or not seeds.is_dir():
        folders.append(_side_index(state.documents, get_parser, geodata, cache, analyse))
    else:
        try:
            folders.append(evidence_cache.load_or_build(
                seeds, geodata, cache, parser=get_parser, analyse=analyse,
                documents=state.documents if loaded else None))
        except (CorpusError, OSError):  # the folder changed while it was read
            state = load_corpus_safe(seeds)
            folders.append(_side_index(state.documents, get_parser, geodata, cache))
    index = evidence_cache.open_index(folders)
    taken = set(index.documents["doc_id"])
    fresh = [d for d in extra if d.doc_id not in taken]
    if fresh:
        folders.append(_side_index(fresh, get_parser, geodata, cache, analyse))
        index = evidence_cache.open_index(folders)
    return CorpusIndex(index, state, tuple(d.doc_id for d in fresh))


def _cached_state(seeds: Path, geodata: Path, cache: Path | None) -> CorpusState | None:
    """Return a clean load report without reading the corpus, when its index is cached.

    Also when an index of an earlier state of the folder is cached: the build then reads
    only the articles that changed (an unreadable one sends the caller back to reading
    the folder). ``None`` when the corpus must be read (no index of this folder, or a
    ``sources.csv`` with a problem).
    """
    if not seeds.is_dir() or not evidence_cache.has_index(seeds, geodata, cache):
        return None
    try:
        if read_sources_table(seeds, strict=False).problem:
            return None
    except (CorpusError, OSError):
        return None
    return CorpusState([], skipped_entries(seeds))


def _side_index(docs: Sequence[Document], get_parser: Callable[[], evidence.Parser],
                geodata: Path, cache: Path | None, analyse: evidence.Analyse | None = None) -> Path:
    """Index ``docs`` into a cache folder keyed by their content (built once)."""
    h = hashlib.sha256(evidence.fingerprint(Path(os.devnull), geodata).encode())
    for doc in docs:
        for value in (doc.doc_id, doc.file, doc.title, doc.author, doc.outlet, doc.date,
                      doc.url, doc.date_basis, doc.licence, doc.added,
                      repr(doc.analysis_spans), doc.text):
            h.update(str(value).encode() + b"\0")
    key = h.hexdigest()[:16]
    root = Path(cache or cache_dir()) / "evidence-extra"
    target = root / key
    if cachestore.is_valid(target, key):
        return target
    try:
        cachestore.set_aside(target)
        tmp = cachestore.new_build_folder(root)
    except OSError:  # unwritable cache: an uncached folder
        return evidence_stream_folder(docs, get_parser(), Path(tempfile.mkdtemp()), analyse)
    try:
        evidence_stream_folder(docs, get_parser(), tmp, analyse)
        cachestore.write_manifest(tmp, key)
        cachestore.install(tmp, target, key)
    except OSError:
        return evidence_stream_folder(docs, get_parser(), Path(tempfile.mkdtemp()), analyse)
    except BaseException:
        cachestore.discard(tmp)
        raise
    return target


def evidence_stream_folder(docs: Sequence[Document], parser: evidence.Parser,
                           folder: Path, analyse: evidence.Analyse | None = None) -> Path:
    """Build the index files of ``docs`` into ``folder``."""
    evidence_stream.build_to_folder(docs, parser, folder, analyse=analyse)
    return folder


def cache_damage(
    seeds: Path | None = None, geodata: Path | None = None, cache: Path | None = None
) -> str | None:
    """Say what is wrong with the cached index of the current inputs, if anything.

    A quick check (manifest, file names and sizes; no checksums): a deleted, truncated
    or foreign file, or an unfinished build.  A missing entry is not damage (it is
    simply built).

    Parameters
    ----------
    seeds, geodata, cache
        Folders; default to :mod:`dashboard.core.paths`.

    Returns
    -------
    str or None
        The problem, e.g. ``"3f…: texts.json is missing"``; ``None`` when the entry is
        intact or absent.
    """
    seeds = Path(seeds or seeds_dir())
    geodata = Path(geodata or geodata_dir())
    key = evidence_cache.current_key(seeds, geodata, cache)
    entry = Path(cache or cache_dir()) / "evidence" / key
    if not entry.exists():
        return None
    try:
        cachestore.verify(entry, key, checksums=False)
    except cachestore.CacheDamaged as exc:
        return str(exc)
    except OSError as exc:
        return f"{entry.name}: unreadable ({exc.strerror or exc})"
    return None


def heal_cache(
    seeds: Path | None = None, geodata: Path | None = None, cache: Path | None = None
) -> None:
    """Set a damaged cached index aside and rebuild it (nothing is raised for the folder).

    Parameters
    ----------
    seeds, geodata, cache
        Folders; default to :mod:`dashboard.core.paths`.
    """
    # a damaged entry is set aside before the build starts; an unreadable corpus folder
    # is reported by the page that loads it
    with contextlib.suppress(CorpusError, OSError):
        evidence_cache.load_or_build(seeds, geodata, cache)  # rebuilt in place, not loaded

