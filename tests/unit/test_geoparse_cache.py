import shutil
from pathlib import Path

import pytest

from dashboard.core.parse.gazetteer import GazetteerError
from dashboard.core.parse.geoparse_cache import load_geoparser, parser_key
from dashboard.core.paths import geodata_dir
from dashboard.core.text.normalise import normalise

TEXT = "Trains from Baku to Kars cross Georgia; the Aras River and Nakhchivan."


def _parse(parser) -> list[tuple]:
    return [(m.start, m.end, m.place.place_id, m.confidence) for m in parser.parse(normalise(TEXT))]


def test_cached_parser_is_reused_and_parses_the_same(tmp_path: Path):
    first = load_geoparser(cache=tmp_path)
    files = list((tmp_path / "geoparser").glob("*.pickle"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    second = load_geoparser(cache=tmp_path)
    assert files[0].stat().st_mtime_ns == stamp  # read, not rebuilt
    assert second is not first and _parse(second) == _parse(first)
    assert [p.place_id for p in second.places] == [p.place_id for p in first.places]


def test_edited_gazetteer_gets_a_new_parser_and_bad_cache_is_rebuilt(tmp_path: Path):
    geodata = tmp_path / "geodata"
    geodata.mkdir()
    shutil.copy(geodata_dir() / "gazetteer.csv", geodata / "gazetteer.csv")
    key = parser_key(geodata)
    cache = tmp_path / "cache"
    (cache / "geoparser").mkdir(parents=True)
    (cache / "geoparser" / f"{key}.pickle").write_bytes(b"not a pickle")
    assert _parse(load_geoparser(geodata, cache))  # corrupt file: rebuilt
    with (geodata / "gazetteer.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert parser_key(geodata) != key
    assert _parse(load_geoparser(geodata, cache))
    left = [p.stem for p in (cache / "geoparser").glob("*.pickle")]
    assert left == [parser_key(geodata)]  # the parser of the old gazetteer was removed
    with pytest.raises(GazetteerError, match="gazetteer not found"):
        load_geoparser(tmp_path / "nowhere", cache)
