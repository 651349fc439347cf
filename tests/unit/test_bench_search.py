"""The search benchmark runs on the seeds and reports what it measured (no timing checks)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_search  # noqa: E402


@pytest.mark.slow  # the search bench, end to end
def test_bench_search_on_the_seeds_reports_three_figures():
    rows = bench_search.bench_search(0, repeat=1)
    assert [r.unit for r in rows] == ["s", "ms", "ms"]
    assert all(r.value is not None and r.value >= 0 for r in rows)
    assert "seeds" in rows[0].metric and "sentences" in rows[0].metric
