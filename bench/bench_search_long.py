"""Long-query search latency on the stored index (the app's search path), 10k documents.

Usage::

    python bench/bench_search_long.py [--docs 10000] [--base 200] [--repeat 5] [--cache DIR]

The corpus is generated and indexed as in ``bench_scale`` (``--base`` documents analysed,
their rows replicated to ``--docs``). Timed, median of ``--repeat``: the match plus ranking
of a pasted paragraph of 450 distinct words as the app runs it (cut by
:func:`~dashboard.core.evidence.search_limit.limit_query` first), of the same paragraph
uncut (every term in the one statement), and of a two-word query as the baseline.
Target: the cut long query answers in <= 1 s at 10k documents.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench_scale import prepared
from common import Row, format_table

WORDS = ["railway", "corridor", "Baku", "Tbilisi", "Kars", "port", "ferry", "cargo",
         "transit", "tariff", "customs", "border", "pipeline", "oil", "gas", "Armenia",
         "Azerbaijan", "Georgia", "Iran", "Turkey", "Russia", "Kazakhstan"]


def paragraph(n: int = 450) -> str:
    """A pasted paragraph of ``n`` distinct words (place and trade words, then numbered)."""
    return " ".join(WORDS + [f"{WORDS[i % len(WORDS)]}{i}" for i in range(n - len(WORDS))])


def _median(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run and print the table."""
    from dashboard.core.evidence import cache as evidence_cache
    from dashboard.core.evidence import search
    from dashboard.core.evidence.search_limit import limit_query
    from dashboard.core.evidence.search_sql import StoredSearch
    from dashboard.core.geodata import corridors

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--base", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "atlas-bench")
    args = ap.parse_args(argv)
    seeds, cache = prepared(args.docs, args.cache, args.base)
    entry = evidence_cache.load_or_build(seeds, cache=cache)
    s = StoredSearch(evidence_cache.open_index(entry).store, corridors.load_corridor_index())

    def answer(text: str) -> None:
        parsed = s.parse(text)
        search.rank(s, parsed, s.match(parsed))

    cut = limit_query(paragraph())[0]
    rows = [Row("search", f"{label} ({args.docs:,} docs)", _median(lambda t=t: answer(t),
                                                                  args.repeat), "s",
                target="<= 1" if "cut)" in label else "")
            for label, t in (("two words 'Baku railway'", "Baku railway"),
                             (f"450-word paragraph as the app runs it ({len(cut.split())} "
                              "words after the cut)", cut),
                             ("450-word paragraph uncut (one statement)", paragraph()))]
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
