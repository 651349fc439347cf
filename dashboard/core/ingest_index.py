"""The evidence index of the corpus the app shows: corpus folder plus session documents.

:func:`corpus_index` is what the app's index loader calls.  It

* uses the disk-cached :func:`dashboard.core.evidence.load_or_build_index` when the
  corpus folder is clean;
* falls back to analysing the documents that *can* be read (with blank metadata when
  ``sources.csv`` is in a bad state, skipping unreadable files) instead of failing, and
  reports why in :attr:`CorpusIndex.state`;
* appends documents held in the browser session (ephemeral hosting), analysed with the
  same parser, so they reach the map, the evidence panel and the reader like any other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.core import cachestore, evidence
from dashboard.core.corpus import CorpusError, CorpusState, Document, load_corpus_safe
from dashboard.core.paths import cache_dir, geodata_dir, seeds_dir


@dataclass(frozen=True)
class CorpusIndex:
    """An evidence index together with what was (not) loaded into it.

    Attributes
    ----------
    index
        The evidence index (folder documents, then session documents).
    state
        The folder's load report: skipped files and a ``sources.csv`` problem.
    session_ids
        Ids of the documents that came from the session.
    """

    index: evidence.EvidenceIndex
    state: CorpusState
    session_ids: tuple[str, ...] = ()


def extend_index(
    base: evidence.EvidenceIndex, results: Iterable[evidence.DocumentResult]
) -> evidence.EvidenceIndex:
    """Append analysed documents to an index, recomputing the places table.

    Parameters
    ----------
    base
        Existing index.
    results
        Outputs of :func:`dashboard.core.evidence.process_document` for new documents
        (their ids must not already be in ``base``).

    Returns
    -------
    EvidenceIndex
        A new index; ``base`` is not modified.
    """
    extra = evidence.index_from_results(results)
    if extra.documents.empty:
        return base

    def cat(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
        frames = [f for f in (a, b) if not f.empty]
        if not frames:
            return a
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].copy()

    mentions = cat(base.mentions, extra.mentions)
    return evidence.EvidenceIndex(
        documents=cat(base.documents, extra.documents),
        sentences=cat(base.sentences, extra.sentences),
        mentions=mentions,
        places=evidence.places_table(mentions),
        corridor_links=cat(base.corridor_links, extra.corridor_links),
        texts={**base.texts, **extra.texts},
    )


def corpus_index(
    extra: Sequence[Document] = (),
    parser: Callable[[], evidence.Parser] | None = None,
    seeds: Path | None = None,
    geodata: Path | None = None,
    cache: Path | None = None,
    analyse: Callable[[Document, evidence.Parser], evidence.DocumentResult] | None = None,
) -> CorpusIndex:
    """Build the index of the folder corpus plus ``extra`` documents, never failing on one.

    Parameters
    ----------
    extra
        Session documents (ids distinct from the folder's).
    parser
        Returns the (cached) parser; called only when something must be analysed here.
        Default: :func:`dashboard.core.evidence.make_parser` for ``geodata``.
    seeds, geodata, cache
        Folders; default to :mod:`dashboard.core.paths`.
    analyse
        Replaces :func:`dashboard.core.evidence.process_document` (e.g. to reuse the
        result an add already computed).

    Returns
    -------
    CorpusIndex
        The index and the folder load report.
    """
    seeds = Path(seeds or seeds_dir())
    get_parser = parser or (lambda: evidence.make_parser(geodata))
    state = load_corpus_safe(seeds)
    if state.problems or state.sources_problem or not seeds.is_dir():
        base = evidence.build_index(state.documents, get_parser(), analyse=analyse)
    else:
        try:
            base = evidence.load_or_build_index(seeds, geodata, cache,
                                                documents=state.documents, analyse=analyse)
        except (CorpusError, OSError):  # the folder changed while it was read
            base = evidence.build_index(load_corpus_safe(seeds).documents, get_parser())
    taken = set(base.documents["doc_id"])
    fresh = [d for d in extra if d.doc_id not in taken]
    if fresh:
        p = get_parser()
        run = analyse or evidence.process_document
        base = extend_index(base, (run(d, p) for d in fresh))
    return CorpusIndex(base, state, tuple(d.doc_id for d in fresh))


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
    key = evidence.fingerprint(seeds, geodata)
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
        evidence.load_or_build_index(seeds, geodata, cache)

