from pathlib import Path

import pytest

from dashboard.core.parse.gazetteer import GazetteerError, load_gazetteer, read_gazetteer_frame


def test_load_gazetteer_entries():
    places = load_gazetteer()
    by_id = {p.place_id: p for p in places}
    baku = by_id["city:baku-az"]
    assert baku.country == "AZ" and 40 < baku.lat < 41 and 49 < baku.lon < 50
    assert "Bakı" in baku.aliases
    assert by_id["country:georgia-ge"].prior > by_id["region:georgia-us"].prior
    assert any(p.needs_context for p in places)


def test_missing_or_malformed_gazetteer(tmp_path: Path):
    with pytest.raises(GazetteerError):
        read_gazetteer_frame(tmp_path)
    (tmp_path / "gazetteer.csv").write_text("place_id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing columns"):
        load_gazetteer(tmp_path)
