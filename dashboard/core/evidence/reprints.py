"""Reprints: the same sentence in several articles, found by MinHash/LSH over word shingles.

At build time each analysed sentence of at least :data:`MIN_WORDS` distinct words gets its LSH
*band keys* (:func:`band_keys`), stored with its normalised text in ``search.parquet``.
A sentence's shingles are its words and word pairs after the search normalisation
(quotes, dashes, case, diacritics and whitespace folded), so whitespace, quote style
and case never matter and a few changed words lower the similarity a little. The keys
come from a datasketch :class:`~datasketch.MinHash` of :data:`NUM_PERM` permutations cut
into the bands datasketch's :class:`~datasketch.MinHashLSH` chooses for
:data:`THRESHOLD`: two sentences share a key with probability ``1 - (1 - J**r)**b`` for a
Jaccard similarity ``J`` of their shingles (b = 16, r = 6: 0.99 at J = 0.8, 0.96 at
0.75, 0.22 at 0.5, 0.012 at 0.3; tested). Keys depend on one document only, so adding
articles computes keys for the new ones alone (the delta layers of
:mod:`dashboard.core.evidence.cache`).

Grouping runs in DuckDB when the index is opened (:data:`GROUPS_SQL`): a hash join of
key rows, linear in their number; a key shared by more than :data:`MAX_BUCKET`
sentences (boilerplate) or by one document only is ignored. Two rounds of taking the
smallest neighbour give each sentence its group; ``also_in`` is the number of other
documents in its group.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 96
THRESHOLD = 0.6
MIN_WORDS = 8
MAX_BUCKET = 64
SEED = 1


@cache
def bands() -> tuple[int, int]:
    """Return ``(b, r)``: number of bands and rows per band for :data:`THRESHOLD`."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


_WORD = re.compile(r"\w+")


def shingles(norm: str) -> list[bytes]:
    """Return the word and word-pair shingles of a normalised sentence (punctuation dropped)."""
    words = _WORD.findall(norm)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return [s.encode("utf-8") for s in dict.fromkeys([*words, *pairs])]


def _hash32(data: bytes) -> int:
    """Hash a shingle to 32 bits: CRC-32, deterministic across processes and fast."""
    return zlib.crc32(data)


#: Odd 64-bit multipliers mixing a band's rows into one key (and its band number).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53,
                 0x94D049BB133111EB, 0xBF58476D1CE4E5B9], dtype=np.uint64)


def _keys(values: np.ndarray, b: int, r: int) -> np.ndarray:
    """Return the ``(n, b)`` band keys of ``(n, b * r)`` MinHash values (int64)."""
    rows = values[:, :b * r].astype(np.uint64).reshape(len(values), b, r)
    with np.errstate(over="ignore"):
        mixed = (rows * _MIX[:r]).sum(axis=2, dtype=np.uint64)
        mixed ^= np.arange(b, dtype=np.uint64) * _MIX[-1]
        mixed ^= mixed >> np.uint64(31)
        mixed *= _MIX[r % len(_MIX)]
    return mixed.view(np.int64)


def band_keys(norms: Sequence[str]) -> list[list[int]]:
    """Return the LSH band keys of each normalised sentence.

    A sentence of fewer than :data:`MIN_WORDS` distinct words (fewer than
    ``2 * MIN_WORDS - 1`` shingles) gets ``[]``: too short to call a reprint.
    """
    b, r = bands()
    sets = [shingles(n) for n in norms]
    long = [i for i, s in enumerate(sets) if len(s) >= 2 * MIN_WORDS - 1]
    out: list[list[int]] = [[] for _ in norms]
    if not long:
        return out
    hashes = MinHash.bulk([sets[i] for i in long], num_perm=NUM_PERM, seed=SEED,
                          hashfunc=_hash32)
    keys = _keys(np.stack([m.hashvalues for m in hashes]), b, r).tolist()
    for i, row in zip(long, keys, strict=True):
        out[i] = row
    return out


def collision_probability(jaccard: float) -> float:
    """Chance that two sentences of shingle similarity ``jaccard`` share a band key."""
    b, r = bands()
    return 1.0 - (1.0 - jaccard ** r) ** b


#: Per analysed sentence with keys: its group (``g_doc``, ``g_start``: the group's
#: smallest member after two rounds) and ``also_in`` (other documents in the group).
GROUPS_SQL = f"""
WITH k AS MATERIALIZED (SELECT doc_id, start, unnest(bands) AS band FROM search
                        WHERE len(bands) > 0),
ok AS (SELECT band FROM k GROUP BY band
       HAVING count(*) <= {MAX_BUCKET} AND min(hash(doc_id)) <> max(hash(doc_id))),
kk AS MATERIALIZED (SELECT k.* FROM k SEMI JOIN ok USING (band)),
e AS MATERIALIZED (SELECT DISTINCT a.doc_id, a.start, b.doc_id AS o_doc, b.start AS o_start
      FROM kk a JOIN kk b USING (band) WHERE a.doc_id <> b.doc_id),
g1 AS MATERIALIZED (SELECT doc_id, start,
              least((doc_id, start), min((o_doc, o_start))) AS g FROM e
       GROUP BY doc_id, start),
g2 AS (SELECT e.doc_id, e.start, least(min(g1.g), min(s.g)) AS g
       FROM e JOIN g1 ON g1.doc_id = e.o_doc AND g1.start = e.o_start
       JOIN g1 s ON s.doc_id = e.doc_id AND s.start = e.start GROUP BY e.doc_id, e.start),
grp AS (SELECT doc_id, start, g[1] AS g_doc, g[2] AS g_start FROM g2)
SELECT doc_id, start, g_doc, g_start,
       count(DISTINCT doc_id) OVER (PARTITION BY g_doc, g_start) - 1 AS also_in
FROM grp
"""
