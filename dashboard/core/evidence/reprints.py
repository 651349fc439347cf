"""Reprints: the same sentence in several articles, found by MinHash/LSH over word shingles.

At build time each analysed sentence of at least :data:`MIN_WORDS` words gets its LSH
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

import hashlib
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


def shingles(norm: str) -> list[bytes]:
    """Word and word-pair shingles of a normalised sentence (punctuation dropped)."""
    words = ["".join(c for c in w if c.isalnum()) for w in norm.split()]
    words = [w for w in words if w]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return [s.encode("utf-8") for s in dict.fromkeys([*words, *pairs])]


def _key(band: int, values: np.ndarray) -> int:
    digest = hashlib.blake2b(values.tobytes(), digest_size=8, person=band.to_bytes(2, "big"))
    return int.from_bytes(digest.digest(), "big", signed=True)


def band_keys(norms: Sequence[str]) -> list[list[int]]:
    """LSH band keys of each normalised sentence (``[]`` for one under :data:`MIN_WORDS`)."""
    b, r = bands()
    sets = [shingles(n) for n in norms]
    long = [i for i, n in enumerate(norms) if len(n.split()) >= MIN_WORDS and sets[i]]
    out: list[list[int]] = [[] for _ in norms]
    if not long:
        return out
    hashes = MinHash.bulk([sets[i] for i in long], num_perm=NUM_PERM, seed=SEED)
    for i, m in zip(long, hashes, strict=True):
        values = m.hashvalues
        out[i] = [_key(k, values[k * r:(k + 1) * r]) for k in range(b)]
    return out


def collision_probability(jaccard: float) -> float:
    """Chance that two sentences of shingle similarity ``jaccard`` share a band key."""
    b, r = bands()
    return 1.0 - (1.0 - jaccard ** r) ** b


#: Per analysed sentence with keys: its group (``g_doc``, ``g_start``: the group's
#: smallest member after two rounds) and ``also_in`` (other documents in the group).
GROUPS_SQL = f"""
WITH k AS (SELECT doc_id, start, unnest(bands) AS band FROM search WHERE len(bands) > 0),
ok AS (SELECT band FROM k GROUP BY band
       HAVING count(*) <= {MAX_BUCKET} AND count(DISTINCT doc_id) > 1),
kk AS (SELECT k.* FROM k SEMI JOIN ok USING (band)),
e AS (SELECT DISTINCT a.doc_id, a.start, b.doc_id AS o_doc, b.start AS o_start
      FROM kk a JOIN kk b USING (band) WHERE a.doc_id <> b.doc_id),
g1 AS (SELECT doc_id, start,
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
