"""Time every briefing export on the real geodata and print wall times and file sizes.

Usage::

    .venv/bin/python bench/bench_export.py [--repeat 3] [--no-view] [--places]

Prints one line per (preset, format): best and median wall time over ``--repeat``
runs and the output size.  The exact view needs Chromium and Playwright; it is
reported as unavailable otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.core.export.browser import BrowserUnavailable  # noqa: E402
from dashboard.core.export.render import ExportLayers, ExportRequest, render  # noqa: E402

CASES = [
    ("slide", "png"), ("slide", "pdf"), ("slide", "svg"),
    ("a4", "png"), ("a4", "pdf"), ("a4", "svg"),
    ("-", "html"), ("-", "geojson"), ("-", "csv"), ("-", "view"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-view", action="store_true", help="skip the Chromium export")
    parser.add_argument("--places", action="store_true",
                        help="include the corpus places and three excerpts")
    args = parser.parse_args()

    started = time.perf_counter()
    layers = ExportLayers.load()
    print(f"load layers: {time.perf_counter() - started:.2f} s")
    request = ExportRequest(subtitle="Benchmark", date="2025-01-31")
    if args.places:
        from dashboard.core.evidence.cache import load_or_build_index
        from dashboard.core.export.render import excerpt_from_evidence

        evidence = load_or_build_index()
        request.places = evidence.places
        links = evidence.corridor_links.head(3)
        request.excerpts = [excerpt_from_evidence(evidence, r.doc_id, int(r.start), int(r.end))
                            for r in links.itertuples(index=False)]
    print(f"{'preset':<6} {'format':<8} {'best s':>7} {'median s':>9} {'size':>10}")
    for preset, fmt in CASES:
        if fmt == "view" and args.no_view:
            continue
        request.preset = preset if preset != "-" else "slide"
        times, size = [], 0
        try:
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                size = len(render(request, layers, fmt))
                times.append(time.perf_counter() - t0)
        except BrowserUnavailable as exc:
            print(f"{preset:<6} {fmt:<8} unavailable: {exc}")
            continue
        print(f"{preset:<6} {fmt:<8} {min(times):7.2f} {statistics.median(times):9.2f} "
              f"{size / 1024:8.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
