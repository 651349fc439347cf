"""Contract tests: the real geodata validates; broken copies fail naming file and feature."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.core.geodata.validate import validate_geodata
from dashboard.core.paths import geodata_dir


@pytest.fixture(scope="module")
def real_report():
    return validate_geodata(geodata_dir())


def test_real_geodata_passes(real_report):
    assert real_report.errors == []


def test_cli_validate_real_data_exit_zero(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "BTC total length" in out and "Zangezur section inside Armenia" in out


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "geodata"
    shutil.copytree(geodata_dir() / "corridors", dst / "corridors")
    shutil.copytree(geodata_dir() / "basemap", dst / "basemap")
    return dst


def _edit(geodata: Path, corridor: str, fid: str, change: Callable[[dict], None]) -> None:
    path = geodata / "corridors" / f"{corridor}.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    hits = [f for f in doc["features"] if f["id"] == fid]
    assert hits, fid
    change(hits[0])
    path.write_text(json.dumps(doc), encoding="utf-8")


def _errors_for(geodata: Path, file: str, fid: str) -> list[str]:
    report = validate_geodata(geodata)
    assert not report.ok
    return [e for e in report.errors if e.startswith(f"{file}: {fid}:")]


def test_node_moved_into_sea_fails(tmp_path):
    geo = _copy(tmp_path)

    def move(f):
        f["geometry"]["coordinates"] = [50.6, 40.6]  # Caspian Sea, east of Baku

    _edit(geo, "btc", "btc_sangachal", move)
    errs = _errors_for(geo, "btc.geojson", "btc_sangachal")
    assert errs and "sea" in errs[0]


def test_swapped_lon_lat_fails(tmp_path):
    geo = _copy(tmp_path)

    def swap(f):
        lon, lat = f["geometry"]["coordinates"]
        f["geometry"]["coordinates"] = [lat, lon]

    _edit(geo, "zangezur", "zg_meghri", swap)
    errs = _errors_for(geo, "zangezur.geojson", "zg_meghri")
    assert errs and "not in declared country AM" in errs[0]


def test_node_in_wrong_country_fails(tmp_path):
    geo = _copy(tmp_path)

    def relabel(f):
        f["properties"]["country"] = "IR"

    _edit(geo, "zangezur", "zg_meghri", relabel)
    assert _errors_for(geo, "zangezur.geojson", "zg_meghri")


def test_missing_source_fails(tmp_path):
    geo = _copy(tmp_path)

    def drop(f):
        f["properties"]["sources"] = []

    _edit(geo, "instc", "instc_rasht_qazvin", drop)
    errs = _errors_for(geo, "instc.geojson", "instc_rasht_qazvin")
    assert errs and "sources" in errs[0]


def test_missing_node_source_fails(tmp_path):
    geo = _copy(tmp_path)

    def drop(f):
        del f["properties"]["source"]

    _edit(geo, "aras", "ar_jolfa", drop)
    assert _errors_for(geo, "aras.geojson", "ar_jolfa")


def test_duplicate_id_fails(tmp_path):
    geo = _copy(tmp_path)

    def dup(f):
        f["id"] = "mc_baku"
        f["properties"]["node_id"] = "mc_baku"

    _edit(geo, "instc", "instc_baku", dup)
    errs = _errors_for(geo, "instc.geojson", "mc_baku")
    assert errs and "duplicate" in errs[0]


def test_too_short_btc_fails(tmp_path):
    geo = _copy(tmp_path)

    def cut(f):
        coords = f["geometry"]["coordinates"]
        f["geometry"]["coordinates"] = coords[: len(coords) // 2]

    _edit(geo, "btc", "btc_turkey", cut)
    errs = [e for e in validate_geodata(geo).errors if e.startswith("btc.geojson: btc:")]
    assert errs and "BTC total length" in errs[0]


def test_armenian_section_out_of_tolerance_fails(tmp_path):
    geo = _copy(tmp_path)

    def cut(f):
        coords = f["geometry"]["coordinates"]
        f["geometry"]["coordinates"] = coords[: len(coords) // 2]

    _edit(geo, "zangezur", "zg_meghri_section", cut)
    errs = [e for e in validate_geodata(geo).errors if e.startswith("zangezur.geojson: zangezur:")]
    assert errs and "inside Armenia" in errs[0]


def test_segment_through_undeclared_country_fails(tmp_path):
    geo = _copy(tmp_path)

    def reroute(f):
        f["geometry"]["coordinates"] = [[46.57, 38.90], [46.30, 38.60], [45.63, 38.94]]

    _edit(geo, "zangezur", "zg_meghri_section", reroute)
    errs = _errors_for(geo, "zangezur.geojson", "zg_meghri_section")
    assert any("IR" in e for e in errs)


def test_sea_leg_over_land_fails(tmp_path):
    geo = _copy(tmp_path)

    def straight(f):
        coords = f["geometry"]["coordinates"]
        f["geometry"]["coordinates"] = [coords[0], [49.9, 40.45], coords[-1]]  # over Absheron

    _edit(geo, "middle_corridor", "mc_aktau_alat_ferry", straight)
    errs = _errors_for(geo, "middle_corridor.geojson", "mc_aktau_alat_ferry")
    assert errs and "land" in errs[0]


def test_cli_exits_nonzero_naming_file_and_feature(tmp_path, capsys):
    geo = _copy(tmp_path)

    def move(f):
        f["geometry"]["coordinates"] = [50.6, 40.6]

    _edit(geo, "btc", "btc_sangachal", move)
    assert main(["validate", "--geodata", str(geo)]) == 1
    assert "btc.geojson: btc_sangachal:" in capsys.readouterr().out
