"""The dev set's locked half: scores on whatever texts are available offline."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dashboard.core.devset import materialise
from dashboard.core.evaluate import evaluate, load_gold

DEVSET = Path(__file__).resolve().parents[1] / "data" / "devset"


def test_gold_files_are_valid_and_split():
    dev = load_gold(DEVSET / "gold_dev.json")
    locked = load_gold(DEVSET / "gold_locked.json")
    assert len(dev) + len(locked) >= 15
    assert not {f["file"] for f in dev} & {f["file"] for f in locked}
    for entry in [*dev, *locked]:
        assert entry["url"] and len(entry["sha256"]) == 64


def test_hash_mismatch_is_refused(tmp_path):
    (tmp_path / "t15.txt").write_text("not the text", encoding="utf-8")
    _, missing = materialise(DEVSET / "gold_dev.json", [tmp_path], tmp_path / "out")
    assert "t15.txt" in missing


def test_locked_half_scores(tmp_path, parser):
    folders = [DEVSET / "texts"]
    if os.environ.get("ATLAS_DEVSET_CACHE"):
        folders.append(Path(os.environ["ATLAS_DEVSET_CACHE"]))
    gold, _ = materialise(DEVSET / "gold_locked.json", folders, tmp_path)
    if not json.loads(gold.read_text(encoding="utf-8"))["files"]:
        pytest.skip("no locked-half text available offline")
    report = evaluate(gold, tmp_path, parser).as_dict()
    # regression guard at the level measured before any tuning; the target (0.97) is not met
    assert report["toponyms"]["f1"] >= 0.9, report["toponyms"]
    assert report["resolution"] >= 0.95, report["resolution"]
    assert report["corridors_micro"]["precision"] >= 0.95, report["corridors_micro"]
