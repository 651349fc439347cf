"""Reader rendering time against the number of highlights (linearity check).

Usage::

    .venv/bin/python bench/bench_highlight.py [--repeat 5] [--sizes 1000,4000,16000,64000,100000]

A synthetic article (about 60 characters per highlight, like a dense news text) gets
``n`` place highlights plus one corridor sentence every ten highlights; prints the
median render time over ``--repeat`` runs and the time per highlight.  Linear time
shows as a flat "microseconds per highlight" column.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.core.text.highlight import Span, render  # noqa: E402

WORDS = ["the", "railway", "from", "Baku", "to", "Kars", "crosses", "Georgia", "near",
         "Akhalkalaki", "and", "the", "border"]


def article(n_highlights: int) -> tuple[str, list[Span]]:
    """Return a text and ``n_highlights`` place spans (+ corridor spans) over it."""
    parts, spans, pos = [], [], 0
    for i in range(n_highlights):
        sentence = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(9)) + ".\n"
        spans.append(Span(pos + 4, pos + 11, "atlas-place", href=f"./?sel=place:p{i}",
                          title=f"Place {i}"))
        if i % 10 == 0:
            spans.append(Span(pos, pos + len(sentence) * 3, "atlas-corridor-x",
                              style="border-bottom:3px solid #d62728"))
        parts.append(sentence)
        pos += len(sentence)
    return "".join(parts), spans


def median_seconds(n: int, repeat: int) -> float:
    """Median wall time of rendering an article with ``n`` highlights."""
    text, spans = article(n)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        render(text, 0, spans)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1000,4000,16000,64000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'highlights':>10} {'median s':>9} {'us/highlight':>13}")
    per = []
    for n in sizes:
        seconds = median_seconds(n, args.repeat)
        per.append(seconds / n * 1e6)
        print(f"{n:>10,} {seconds:>9.3f} {per[-1]:>13.2f}")
    print(f"largest/smallest time per highlight: x{per[-1] / per[0]:.2f} (1.0 = linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
