"""Date range and trend benchmarks: a date-range change (map + panel), the trend, Overview.

Usage::

    python bench/bench_dates.py [--sizes 10000,100000] [--replicate 200] [--repeat 5]

For every size the corpus of ``bench/bench_scale.py`` is made (``--replicate N``: the index
of N generated documents cycled, dates over 2019-2026 from ``bench/corpus_gen``, one in 20
undated) and the app's index (DuckDB over Parquet) is opened. Figures are medians:

* date-range change: every question the map page and its panel ask under a new range
  (corridor counts, place counts, the top corridor's and the top place's excerpt count and
  first page), against the same questions without a range in the same run;
* trend: excerpts per month and corridor under a range;
* Overview first paint: AppTest switch from the map to the Overview (warm caches).

Targets (issue 23): date change <= 500 ms, trend <= 500 ms, Overview first paint <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_scale import APP, prepared
from common import Row, format_table

from dashboard.core.evidence import query
from dashboard.core.evidence.daterange import DateRange

#: Ranges cycled through by the repeats (a change every time: no answer is reused).
RANGES = (DateRange("2024-01-01", "2024-12-31"), DateRange("2021-03-01", "2022-02-28", False),
          DateRange("2025-06-01", None), DateRange(None, "2020-06-30", False),
          DateRange("2023-05-01", "2023-05-31", False))


def _ms(action) -> float:
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1000


def map_and_panel(index, dates: DateRange | None, corridor: str, place: str) -> None:
    """Ask what the map page asks after a change: counts, places, both panels' first page."""
    flt = query.Filters(dates=dates)
    query.corridor_counts(index, flt, ["middle_corridor", "instc", "zangezur", "aras", "btc"])
    query.place_counts(index, flt)
    query.corridor_excerpt_pages(index, corridor, flt).page(1, 20)
    query.place_excerpt_pages(index, place, flt).page(1, 20)


def store_figures(index, repeat: int) -> dict[str, float]:
    """Date change, its no-range baseline and the trend (ms, medians)."""
    top_place = str(index.places.sort_values("mention_count").iloc[-1]["place_id"])
    links = index.store.sql("SELECT corridor, count(*) n FROM corridor_links GROUP BY 1 "
                            "ORDER BY n DESC LIMIT 1")
    corridor = str(links["corridor"].iloc[0])
    map_and_panel(index, None, corridor, top_place)  # warm the files' metadata
    ranges = [RANGES[i % len(RANGES)] for i in range(repeat)]
    change = [_ms(lambda r=r: map_and_panel(index, r, corridor, top_place)) for r in ranges]
    base = [_ms(lambda: map_and_panel(index, None, corridor, top_place)) for _ in ranges]
    trend = [_ms(lambda r=r: query.corridor_months(index, query.Filters(dates=r)))
             for r in ranges]
    months = query.corridor_months(index, query.Filters())
    return {"change_ms": statistics.median(change), "base_ms": statistics.median(base),
            "trend_ms": statistics.median(trend), "months": float(months["month"].nunique())}


def overview_paint(seeds: Path, cache_dir: Path, repeat: int) -> float:
    """Overview first paint after the map (AppTest, ms, median of fresh sessions)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ.update({"ATLAS_SEEDS_DIR": str(seeds), "ATLAS_CACHE_DIR": str(cache_dir)})
    try:
        times = []
        for _ in range(repeat):
            at = AppTest.from_file(str(APP), default_timeout=900)
            at.run()
            at.switch_page("views/overview.py")
            times.append(_ms(at.run))
            if at.exception:
                raise RuntimeError(at.exception)
        return statistics.median(times)
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
        for name in ("ATLAS_SEEDS_DIR", "ATLAS_CACHE_DIR"):
            os.environ.pop(name, None)


def measure(n_docs: int, cache: Path, repeat: int, base: int | None,
            overview: bool) -> dict[str, float]:
    """All figures for one corpus size."""
    from dashboard.core.evidence.cache import current_key, open_index

    seeds, cache_dir = prepared(n_docs, cache, base)
    index = open_index(cache_dir / "evidence" / current_key(seeds, cache=cache_dir))
    figures = store_figures(index, repeat)
    if overview:
        figures["overview_ms"] = overview_paint(seeds, cache_dir, max(1, repeat // 2))
    return figures


def rows_for(n: int, f: dict[str, float]) -> list[Row]:
    """Table rows of one size."""
    s = f"dates {n:,} docs"
    rows = [Row(s, "date-range change (map + panel)", f["change_ms"], "ms", "<= 500",
                ratio=f"x{f['change_ms'] / f['base_ms']:.2f} vs no range "
                      f"({f['base_ms']:.0f} ms)"),
            Row(s, "trend per month and corridor", f["trend_ms"], "ms", "<= 500",
                note=f"{int(f['months'])} months")]
    if "overview_ms" in f:
        rows.append(Row(s, "Overview first paint (AppTest)", f["overview_ms"] / 1000, "s",
                        "<= 2"))
    return rows


def main() -> int:
    """Print one table for every size."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--replicate", type=int, default=200, metavar="N")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--no-overview", action="store_true")
    args = ap.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="atlas-dates-"))
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        figures = measure(n, cache, args.repeat, args.replicate, not args.no_overview)
        print(json.dumps({"docs": n, **figures}), file=sys.stderr)
        rows += rows_for(n, figures)
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
