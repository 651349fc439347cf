"""Exports cite voices: the CSV holds every excerpt of the selection, pins carry the outlet."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core.evidence import cache, voices
from dashboard.core.evidence.query import Filters
from dashboard.core.export.data import CSV_COLUMNS, excerpts_frame
from dashboard.core.export.excerpts import excerpt_from_evidence
from dashboard.core.export.render import ExportRequest
from tests.helpers import VOICES_P, write_voices_corpus

PIN = f"am1:26:{26 + len(VOICES_P)}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_voices_corpus(tmp_path_factory.mktemp("voices_seeds"))
    cache_dir = tmp_path_factory.mktemp("voices_cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_SEEDS_DIR", str(folder))
        mp.setenv("ATLAS_CACHE_DIR", str(cache_dir))
        yield folder, cache.open_index(cache.load_or_build())


def _csv(path) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(path.read_bytes()), encoding="utf-8-sig",
                       keep_default_na=False)


def test_csv_writes_every_excerpt_of_the_corridor_with_voices_and_pins(corpus, tmp_path,
                                                                       monkeypatch):
    folder, index = corpus
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(folder))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(index.store.folder.parent.parent))
    out = tmp_path / "evidence.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--corridors", "zangezur",
                 "--excerpt", PIN]) == 0
    table = _csv(out)
    assert tuple(table.columns) == CSV_COLUMNS
    expected = voices.ranked_excerpts(index, "corridor", "zangezur", Filters()).total
    assert len(table) == expected > 3
    pinned = table[table["pinned"] == "yes"]
    assert len(pinned) == 1 and str(pinned.iloc[0]["number"]) == "1"
    row = pinned.iloc[0]
    assert (row["outlet"], row["outlet_country"], row["outlet_type"], row["also_in"]) == (
        "Armenpress", "AM", "state-media", 2)
    assert "Armenpress (AM)" in row["citation"]
    assert set(table["outlet_country"]) == {"AM", ""}  # the AZ and IR copies: also_in
    assert "unknown outlet" in set(table["outlet"])
    assert (table["corridor"] == "zangezur").all()


def test_csv_under_an_outlet_filter(corpus, tmp_path, monkeypatch):
    folder, index = corpus
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(folder))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(index.store.folder.parent.parent))
    out = tmp_path / "az.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--corridors", "zangezur",
                 "--outlet-country", "AZ"]) == 0
    table = _csv(out)
    assert list(table["outlet_country"]) == ["AZ"] and list(table["also_in"]) == [2]
    with pytest.raises(SystemExit, match="unknown outlet type 'tabloid'"):
        main(["export", "--format", "csv", "--out", str(out), "--outlet-type", "tabloid"])


def test_slide_pins_carry_outlet_and_country(corpus):
    _, index = corpus
    pin = excerpt_from_evidence(index, "am1", 26, 26 + len(VOICES_P))
    assert (pin["outlet"], pin["outlet_country"]) == ("Armenpress", "AM")
    assert "Armenpress (AM)" in pin["citation"] and "2025-03-01" in pin["citation"]
    unknown = excerpt_from_evidence(index, "xx1", 0, 10)
    assert unknown["outlet"] == "unknown outlet" and "Foo Daily" in unknown["citation"]


def test_picked_excerpts_outside_the_evidence_are_kept_and_marked():
    request = ExportRequest(
        excerpts=[{"doc_id": "d9", "start": 0, "end": 4, "text": "Baku", "citation": "X"}],
        evidence=[{"doc_id": "d1", "start": 0, "end": 3, "text": "abc", "outlet": "Trend",
                   "outlet_country": "AZ", "outlet_type": "private-media", "also_in": 0}])
    frame = excerpts_frame(request)
    assert list(frame["pinned"]) == ["no", "yes"] and list(frame["number"]) == ["", 1]
    assert frame.iloc[0]["outlet_country"] == "AZ"


def test_an_added_reprint_is_found_by_the_incremental_build(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    folder = write_voices_corpus(tmp_path / "seeds")
    added = folder / "az1.txt"
    text = added.read_text(encoding="utf-8")
    added.unlink()
    rows = (folder / "sources.csv").read_text(encoding="utf-8").splitlines()
    (folder / "sources.csv").write_text(
        "\n".join(r for r in rows if not r.startswith("az1,")) + "\n", encoding="utf-8")
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(folder))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    before = cache.open_index(cache.load_or_build())
    assert int(voices.also_in(before, "am1", 26).shape[0]) == 1  # ir1 only
    added.write_text(text, encoding="utf-8")
    (folder / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    entry = cache.load_or_build()
    assert len(cache.layers(entry)) == 2  # only the new article was analysed
    after = cache.open_index(entry)
    assert sorted(voices.also_in(after, "am1", 26)["doc_id"]) == ["az1", "ir1"]
