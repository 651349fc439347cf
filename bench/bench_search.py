"""Search latency: the seeds and a generated corpus (10k documents by default).

Usage::

    python bench/bench_search.py [--docs 10000] [--repeat 7]

For each corpus the evidence index is built to its files by the app's build (not timed
here: see ``bench_build``), then opening the search over them
(:class:`dashboard.core.evidence.search_sql.StoredSearch`, once per corpus version in the
app) is timed, and for a fixed set of queries -- corridor aliases, a place
transliteration, plain words, a phrase, several terms, a miss -- the median over
``--repeat`` runs of

* **match**: the set of matching sentences (what narrows the map and the counts);
* **results**: match + relevance ranking + the highlighted spans of the first page of
  the results list (what the results list computes on a rerun).

The figure reported is the median over queries of those medians, and the worst query.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import Row, format_table

from dashboard.core.corpus.loader import load_corpus
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence.search_sql import StoredSearch
from dashboard.core.geodata import corridors
from dashboard.core.parse import gazetteer
from dashboard.core.paths import seeds_dir

QUERIES = ("Zangezur", "TRIPP", "Middle Corridor", "North–South", "BTC", "Nakhichevan",
           "Putin", "railway", '"Baku Alat"', "Zangezur railway", "azerbaijan russia",
           "xyzzy")
PAGE = 10


def _median_s(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def results_page(sindex: StoredSearch, index, text: str) -> int:
    """Match, rank and highlight the first page, as the results list does."""
    parsed = sindex.parse(text)
    keys = sindex.match(parsed)
    table = sindex.rank(parsed, keys)
    spans = 0
    for r in table.head(PAGE).itertuples(index=False):
        sentence = index.texts[r.doc_id][int(r.start):int(r.end)]
        spans += len(sindex.spans(parsed, r.doc_id, int(r.start), sentence))
    return spans


def bench_corpus(label: str, index, repeat: int) -> list[Row]:
    """Rows for one corpus: search open time, match and results-page latency."""
    corridor_index = corridors.load_corridor_index()
    aliases = {p.place_id: p.aliases for p in gazetteer.load_gazetteer()}
    t0 = time.perf_counter()
    sindex = StoredSearch(index.store, corridor_index, aliases)
    build_s = time.perf_counter() - t0
    n = index.store.count("search")
    match_ms, page_ms, hits = {}, {}, {}
    for q in QUERIES:
        hits[q] = len(sindex.match(q))
        match_ms[q] = 1000 * _median_s(lambda q=q: sindex.match(q), repeat)
        page_ms[q] = 1000 * _median_s(lambda q=q: results_page(sindex, index, q), repeat)
    worst_m = max(match_ms, key=match_ms.get)
    worst_p = max(page_ms, key=page_ms.get)
    where = f"{label}, {len(index.documents):,} docs, {n:,} sentences"
    return [
        Row("search", f"search open ({where})", build_s, "s"),
        Row("search", f"match, median over {len(QUERIES)} queries ({where})",
            statistics.median(match_ms.values()), "ms",
            note=f"worst {worst_m!r} {match_ms[worst_m]:.0f} ms ({hits[worst_m]:,} hits)"),
        Row("search", f"results list: match+rank+first page ({where})",
            statistics.median(page_ms.values()), "ms",
            note=f"worst {worst_p!r} {page_ms[worst_p]:.0f} ms ({hits[worst_p]:,} hits)"),
    ]


def bench_search(n_docs: int = 10_000, repeat: int = 7) -> list[Row]:
    """Search figures on the seeds and on ``n_docs`` generated documents."""
    from corpus_gen import generate

    with tempfile.TemporaryDirectory() as tmp:
        seeds = evidence_cache.open_index(evidence_cache.build_folder(
            load_corpus(seeds_dir()), Path(tmp) / "seeds"))
        rows = bench_corpus("seeds", seeds, repeat)
        if n_docs:
            big = evidence_cache.open_index(evidence_cache.build_folder(
                generate(n_docs), Path(tmp) / "generated"))
            rows += bench_corpus("generated", big, max(3, repeat // 2))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="generated corpus size (0: none)")
    ap.add_argument("--repeat", type=int, default=7, help="runs per query (median)")
    args = ap.parse_args(argv)
    print(format_table(bench_search(args.docs, args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
