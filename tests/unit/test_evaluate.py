import json
from pathlib import Path

import pytest

from dashboard.core.parse.evaluate import (
    GoldError,
    Report,
    evaluate,
    haversine_km,
    load_gold,
    score_corridors,
)

TEXT = "Baku met Georgia. The Kyiv Independent wrote about the Middle Corridor.\nPlain line."
REPO = Path(__file__).resolve().parents[2]


def _place(
    surface,
    start,
    kind="city",
    lat=40.4,
    lon=49.87,
    cc="AZ",
    optional=False,
    mention_optional=False,
    canonical=None,
):
    return {
        "surface": surface,
        "canonical": canonical or surface,
        "kind": kind,
        "lat": lat,
        "lon": lon,
        "country_code": cc,
        "optional": optional,
        "mentions": [
            {
                "start": start,
                "end": start + len(surface),
                "in_name": None,
                "optional": mention_optional,
            }
        ],
    }


def _write(tmp_path: Path, places, corridor_sentences) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "t.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps(
            {
                "files": [
                    {
                        "file": "t.txt",
                        "places": places,
                        "corridors": ["middle_corridor"],
                        "corridor_sentences": corridor_sentences,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    return gold, corpus


def _middle():
    start = TEXT.index("The Kyiv")
    return [
        {"corridor": "middle_corridor", "start": start, "end": TEXT.index("\n"), "basis": "named"}
    ]


def test_perfect_gold(parser, tmp_path):
    places = [
        _place("Baku", 0),
        _place("Georgia", 9, kind="country", lat=0.0, lon=0.0, cc="GE"),
        _place("Kyiv", TEXT.index("Kyiv"), lat=50.45, lon=30.52, cc="UA", optional=True),
    ]
    report = evaluate(*_write(tmp_path, places, _middle()), parser).as_dict()
    assert report["toponyms"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 2,
        "fp": 0,
        "fn": 0,
    }
    assert report["resolution"] == 1.0 and report["resolution_n"] == 2
    assert report["corridors"]["middle_corridor"]["f1"] == 1.0
    assert report["corridors"]["btc"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 0,
        "fp": 0,
        "fn": 0,
    }


def test_false_positive_false_negative_and_wrong_resolution(parser, tmp_path):
    places = [
        _place("Baku", 0, lat=10.0, lon=10.0),  # wrong point: resolution error
        _place("line", TEXT.index("line")),  # not found: false negative
    ]
    report = evaluate(*_write(tmp_path, places, []), parser)
    d = report.as_dict()
    # Georgia and Kyiv are predicted but not in gold -> 2 false positives
    assert d["toponyms"]["tp"] == 1 and d["toponyms"]["fn"] == 1 and d["toponyms"]["fp"] == 2
    assert d["toponyms"]["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert d["resolution"] == 0.0
    assert d["corridors"]["middle_corridor"]["fp"] == 1
    assert {e["type"] for e in report.errors} >= {"fp", "fn", "resolution", "corridor_fp"}


def test_country_resolution_uses_iso2_and_macro_regions_match_by_name(parser, tmp_path):
    places = [_place("Georgia", 9, kind="country", lat=0.0, lon=0.0, cc="US")]
    assert evaluate(*_write(tmp_path, places, _middle()), parser).as_dict()["resolution"] == 0
    text_places = [_place("Baku", 0, kind="macro_region", lat=0.0, lon=0.0, cc=None)]
    d = evaluate(*_write(tmp_path, text_places, _middle()), parser).as_dict()
    assert d["resolution"] == 1.0 and d["resolution_strict"] == 0.0


def test_bad_gold(tmp_path, parser):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(GoldError):
        load_gold(bad)
    gold, corpus = _write(tmp_path, [], [])
    (corpus / "t.txt").unlink()
    with pytest.raises(GoldError, match="not found"):
        evaluate(gold, corpus, parser)


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.01)


def test_seed_gold_meets_targets(parser):
    gold = REPO / "tests" / "data" / "gold_seeds.json"
    if not gold.is_file():
        pytest.skip("seed gold not available")
    d = evaluate(gold, REPO / "seeds", parser).as_dict()
    assert d["toponyms"]["f1"] >= 0.95
    assert d["resolution"] >= 0.95
    assert d["corridors_micro"]["f1"] >= 0.90


def test_named_described_score_ignores_anaphoric_gold():
    report = Report()
    gold = [
        {"corridor": "btc", "start": 0, "end": 10, "basis": "named"},
        {"corridor": "btc", "start": 11, "end": 20, "basis": "anaphoric"},
        {"corridor": "btc", "start": 21, "end": 30, "basis": "described"},
    ]
    preds = [
        {"corridor": "btc", "start": 0, "end": 10},
        {"corridor": "btc", "start": 11, "end": 20},
        {"corridor": "btc", "start": 31, "end": 40},
    ]
    score_corridors(gold, preds, ["btc"], report, "f.txt")
    explicit = report.as_dict()["corridors_named_described"]
    assert (explicit["tp"], explicit["fp"], explicit["fn"]) == (1, 1, 1)
    assert report.as_dict()["corridors_micro"]["tp"] == 2
