import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

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


@pytest.mark.slow  # the CLI build and evaluate verbs, end to end
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


EDGE_TEXTS = {
    'q"x.txt': 'He said "Baku" and \\ Tbilisi\tand Türkiye.\nThe Middle Corridor grows.',
    # decomposed accents (not NFC) and typographic quotes/dashes: offsets map back
    "nfd.txt": unicodedata.normalize("NFD", "Göygöl and Şəki lie near Gəncə, in Türkiye?\n")
    + "\u201cBaku\u2013Tbilisi\u2013Ceyhan\u201d pipeline. The Middle Corridor grows.\n",
    # page furniture: the teaser line is not analysed
    "furniture.txt": "The BTC pipeline carries oil to Ceyhan.\nRelated: Baku and the INSTC\n"
    "It starts at Sangachal near Baku.",
}


def test_document_lines_equal_the_full_pipeline(parser):
    """The lean extract path writes exactly the records of process_document."""
    from dashboard.cli.extract import document_lines, records
    from dashboard.core.corpus.loader import document_from_text, load_corpus
    from dashboard.core.evidence.index import process_document
    from dashboard.core.paths import seeds_dir

    docs = [document_from_text(t, name) for name, t in EDGE_TEXTS.items()]
    docs += load_corpus(seeds_dir())
    for doc in docs:
        result = process_document(doc, parser)
        expected = [json.dumps(r, ensure_ascii=False) for r in records(result)]
        assert list(document_lines(doc, parser)) == expected, doc.file
    assert len(list(document_lines(docs[0], parser))) == 4


def test_extract_seeds_equal_golden(tmp_path: Path):
    """``extract seeds`` writes, byte for byte, what it wrote before the speed-up.

    ``tests/data/extract/seeds_golden.jsonl`` was written by the unoptimised command; the
    seeds' scores are tested elsewhere, this holds every offset, place and float. It was
    written for the five original seeds, so it runs on a copy of only those.
    """
    from tests.helpers import copy_original_seeds

    seeds = copy_original_seeds(tmp_path / "seeds")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(seeds), "-o", str(out)]) == 0
    golden = Path(__file__).parents[1] / "data" / "extract" / "seeds_golden.jsonl"
    assert out.read_bytes() == golden.read_bytes()


@pytest.mark.slow  # a CLI subprocess
def test_extract_imports_only_its_own_verb(tmp_path: Path):
    """``python -m dashboard extract`` loads neither the other verbs nor the table libraries.

    The corridor route places are computed once (with shapely) and then read from the
    cache; the check is of a run with that cache in place.
    """
    from dashboard.core.parse.linking_geometry import load_route_places

    load_route_places()
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    code = (
        "import sys\n"
        "from dashboard.cli import main\n"
        f"main(['extract', {str(f)!r}, '-o', {str(tmp_path / 'o.jsonl')!r}])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    root = Path(__file__).parents[2]
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    assert "dashboard.cli.extract" in loaded
    assert not loaded & {"dashboard.cli.build", "dashboard.cli.export",
                         "dashboard.core.evidence.index"}
    assert not loaded & {"pandas", "geopandas", "numpy"}
