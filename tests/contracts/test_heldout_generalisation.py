"""Generalisation check on a held-out text the parser was never developed on.

``tests/data/heldout/corridor_news_001.txt`` was written for evaluation only, in the
phrasing of corridor news (transliteration variants, descriptive corridor mentions,
the "Southern Gas Corridor" and "East Zangezur" traps).  Its gold annotation is in
``gold_heldout.json``.  The thresholds are deliberately below the seed targets: this
guards against over-fitting the five seeds, it is not a tuning set.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.core.parse.evaluate import evaluate

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout"


def test_heldout_scores(parser):
    report = evaluate(HELDOUT / "gold_heldout.json", HELDOUT, parser).as_dict()
    assert report["toponyms"]["f1"] >= 0.9, report["toponyms"]
    assert report["resolution"] >= 0.9, report["resolution"]
    micro = report["corridors_micro"]
    assert micro["precision"] >= 0.9, micro  # traps must not be linked
    assert micro["f1"] >= 0.75, micro
