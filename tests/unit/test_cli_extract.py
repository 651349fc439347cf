import json
from pathlib import Path

from dashboard.cli import main

TEXT = (
    "The Baku–Tbilisi–Ceyhan pipeline links Azerbaijan’s oil to Türkiye.\n"
    "Trade through the North-South Transport Corridor grows.\n"
)


def test_extract_jsonl_contract(tmp_path: Path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert main(["extract", str(f), "--format", "jsonl"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    places = [r for r in lines if r["type"] == "place"]
    corr = [r for r in lines if r["type"] == "corridor_sentence"]
    assert [p["surface"] for p in places] == ["Baku", "Tbilisi", "Ceyhan", "Azerbaijan", "Türkiye"]
    keys = {
        "type",
        "doc",
        "surface",
        "start",
        "end",
        "sentence_start",
        "sentence_end",
        "place_id",
        "name",
        "kind",
        "country",
        "lat",
        "lon",
        "confidence",
    }
    for p in places:
        assert set(p) == keys and p["doc"] == "a.txt"
        assert TEXT[p["start"] : p["end"]] == p["surface"]
        assert 0 < p["confidence"] <= 1
    assert places[-1]["country"] == "TR" and places[-1]["kind"] == "country"
    assert [(c["corridors"], TEXT[c["start"] : c["end"]][:9]) for c in corr] == [
        (["btc"], "The Baku–"),
        (["instc"], "Trade thr"),
    ]
    assert set(corr[0]) == {"type", "doc", "start", "end", "corridors"}


def test_extract_folder_output_file_and_errors(tmp_path: Path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Yerevan.", encoding="utf-8")
    (folder / "b.md").write_text("Tbilisi.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(folder), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "c.txt" in err and "missing.txt" in err
    docs = [json.loads(x)["doc"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert docs == ["a.txt", "b.md"]


def test_build_and_evaluate_verbs(tmp_path: Path, capsys, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["build", "--seeds", str(seeds)]) == 0
    out = capsys.readouterr()
    assert "documents" in out.out and "excerpts: btc" in out.out and "5/5" not in out.err
    assert "1/1" in out.err
    assert main(["build", "--seeds", str(seeds)]) == 0
    assert "up to date" in capsys.readouterr().err
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps({"files": [{"file": "a.txt", "places": [], "corridor_sentences": []}]}),
        encoding="utf-8",
    )
    assert main(["evaluate", str(gold), "--corpus", str(seeds), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["toponyms"]["fp"] == 5 and report["corridors"]["btc"]["fp"] == 1
    assert main(["evaluate", str(tmp_path / "nope.json"), "--corpus", str(seeds)]) == 2


def test_fast_json_lines_equal_json_dumps(parser):
    from dashboard.cli.extract import json_lines, records
    from dashboard.core.corpus import document_from_text
    from dashboard.core.evidence import process_document

    text = 'He said "Baku" and \\ Tbilisi\tand Türkiye.\nThe Middle Corridor grows.'
    result = process_document(document_from_text(text, 'q"x.txt'), parser)
    expected = [json.dumps(r, ensure_ascii=False) for r in records(result)]
    assert list(json_lines(result)) == expected
    assert len(expected) == 4
