"""Shared bits of the benchmark suite: result rows, the printed table, small helpers."""

from __future__ import annotations

import os
import resource
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for _p in (str(REPO), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)


@dataclass
class Row:
    """One figure of the benchmark table.

    ``target`` is a bound such as ``">= 5"`` or ``"<= 50"`` (same unit as ``value``);
    ``ratio`` is a free-text comparison measured in the same run (e.g. "x3.1 vs spaCy").
    """

    section: str
    metric: str
    value: float | None
    unit: str
    target: str = ""
    ratio: str = ""
    note: str = ""

    def verdict(self) -> str:
        """``ok``/``MISS`` against the target, ``""`` without one, ``n/a`` without value."""
        if not self.target:
            return ""
        if self.value is None:
            return "n/a"
        op, bound = self.target.split()
        bound_f = float(bound)
        ok = self.value >= bound_f if op == ">=" else self.value <= bound_f
        return "ok" if ok else "MISS"


def fmt_value(value: float | None) -> str:
    """Format a figure with a sensible number of digits."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_table(rows: list[Row]) -> str:
    """Render rows as one plain-text table (section, metric, value, unit, target, ratio)."""
    head = ("section", "metric", "value", "unit", "target", "", "ratio / note")
    body = [
        (r.section, r.metric, fmt_value(r.value), r.unit, r.target, r.verdict(),
         "; ".join(x for x in (r.ratio, r.note) if x))
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [head, *body]) for i in range(len(head))]
    align = ["<", "<", ">", "<", "<", "<", "<"]

    def line(cells) -> str:
        return " | ".join(f"{str(c):{a}{w}}" for c, a, w in zip(cells, align, widths, strict=True))

    sep = "-+-".join("-" * w for w in widths)
    return "\n".join([line(head), sep, *(line(b) for b in body)])


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident set size (VmHWM) of a process in MB; this process by default."""
    status = Path(f"/proc/{pid or os.getpid()}/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def text_mb(texts: list[str]) -> float:
    """UTF-8 size of ``texts`` in MB (10^6 bytes)."""
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6
