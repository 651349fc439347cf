"""The date range: its SQL rule, the permalink keys, the same answers in SQL and in memory."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.cli import main as cli_main
from dashboard.core.corpus.loader import document_from_text
from dashboard.core.evidence import query
from dashboard.core.evidence.cache import build_folder, open_index
from dashboard.core.evidence.daterange import DateRange, from_query, month_range, preset

TEXTS = {
    "a": ("The railway from Kars to Nakhchivan would cross the Araxes near Meghri.", "2024-03-05"),
    "b": ("Officials in Baku said the Zangezur corridor would open through Meghri.", "2025-06-10"),
    "c": ("The Zangezur corridor road through Syunik was discussed in Yerevan.", "2025-06"),
    "d": ("Trucks from Iran cross at Agarak and Meghri on the way to Yerevan.", ""),
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The four documents built by the real build and opened as the app opens them."""
    docs = [document_from_text(t, f"{k}.txt", {"date": d}) for k, (t, d) in TEXTS.items()]
    return open_index(build_folder(docs, tmp_path_factory.mktemp("idx") / "dated"))


def test_presets_months_and_the_permalink():
    today = date(2026, 12, 3)
    assert preset("30d", today) == DateRange("2026-11-04", "2026-12-03")
    assert preset("12m", today) == DateRange("2025-12-04", "2026-12-03")
    assert month_range("2024-02") == DateRange("2024-02-01", "2024-02-29", undated=False)
    rng = DateRange("2025-01-01", "2025-12-31", undated=False)
    assert from_query(rng.to_query()) == rng
    assert from_query({"from": "2025-13-01", "to": "junk", "undated": "yes"}) == DateRange()
    assert from_query({"from": "2025-12-31", "to": "2025-01-01"}).start == "2025-01-01"


@pytest.mark.parametrize("rng, expected", [
    (DateRange(), {"a", "b", "c", "d"}),
    (DateRange("2025-01-01", None), {"b", "c", "d"}),
    (DateRange("2025-01-01", None, undated=False), {"b", "c"}),
    (DateRange(None, "2025-06-01", undated=False), {"a", "c"}),  # a month is its first day
    (DateRange(None, None, undated=False), {"a", "b", "c"}),
])
def test_the_range_keeps_documents_and_their_places(stored, rng, expected):
    kept = query.dated_ids(stored, rng)
    assert (kept if kept is not None else set(stored.documents["doc_id"])) == expected
    places = set(query.place_counts(stored, query.Filters(dates=rng))["place_id"])
    mentions = stored.mentions[stored.mentions["doc_id"].isin(expected)]
    assert places == set(mentions["place_id"].dropna())


def test_excerpts_and_corridor_counts_narrow_in_sql(stored):
    rng = DateRange("2025-06-01", "2025-06-30", undated=False)
    ids = list(stored.documents["doc_id"].unique())
    everything = query.corridor_counts(stored, query.Filters(), ["zangezur"])
    june = query.corridor_counts(stored, query.Filters(dates=rng), ["zangezur"])
    excerpts = query.corridor_excerpts(stored, "zangezur", query.Filters(dates=rng))
    assert set(excerpts["doc_id"]) <= {"b", "c"} and len(ids) == 4
    assert june["zangezur"] == len(excerpts) <= everything["zangezur"]


def test_months_per_corridor_count_dated_excerpts_only(stored):
    months = query.corridor_months(stored, query.Filters())
    assert set(months["month"]) <= {"2024-03", "2025-06"}
    links = stored.corridor_links
    assert int(months["excerpts"].sum()) == int((links["doc_id"] != "d").sum())
    by_hand = links[links["doc_id"].isin({"b", "c"})].groupby("corridor").size()
    june = months[months["month"] == "2025-06"].set_index("corridor")["excerpts"]
    assert june.astype(int).to_dict() == by_hand.astype(int).to_dict()
    narrowed = query.corridor_months(stored, query.Filters(dates=DateRange("2025-01-01")))
    assert set(narrowed["month"]) == {"2025-06"}


def test_new_since_takes_published_or_added(stored):
    assert query.new_since_ids(stored, "2025-06-01") == {"b", "c"}


def test_cli_export_refuses_a_malformed_day(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        cli_main(["export", "--out", str(tmp_path / "x.csv"), "--from", "2025-02-30"])
    assert "not a day" in str(info.value)


def test_june_has_zangezur_excerpts_and_fewer_than_all(stored):
    rng = DateRange("2025-06-01", "2025-06-30", undated=False)
    june = query.corridor_counts(stored, query.Filters(dates=rng), ["zangezur"])["zangezur"]
    assert june > 0


def test_exports_state_the_range_and_each_excerpt_date(stored):
    from dashboard.core.export.data import excerpts_csv
    from dashboard.core.export.excerpts import excerpt_from_evidence
    from dashboard.core.export.model import ExportRequest

    rng = DateRange("2025-01-01", "2025-12-31", undated=False)
    pins = [excerpt_from_evidence(stored, d, 0, 20) for d in ("b", "d")]
    assert "2025-06-10" in pins[0]["citation"] and "undated" in pins[1]["citation"]
    request = ExportRequest(excerpts=pins, date_range=rng.label())
    assert ExportRequest.from_json(request.to_json()).date_range == rng.label()
    frame = pd.read_csv(__import__("io").BytesIO(excerpts_csv(request)), encoding="utf-8-sig",
                        keep_default_na=False)
    assert list(frame["date"]) == ["2025-06-10", ""]
    assert list(frame["date_basis"]) == ["unstated", "undated"]
    assert set(frame["date_range"]) == {"Published 2025-01-01 to 2025-12-31; undated articles "
                                        "excluded"}


def test_a_place_trend_counts_its_dated_sentences_by_corridor(stored):
    place = str(stored.places.sort_values("mention_count").iloc[-1]["place_id"])
    months = query.place_months(stored, place, query.Filters())
    assert set(months["month"]) <= {"2024-03", "2025-06"} and not months.empty
    later = query.place_months(stored, place, query.Filters(dates=DateRange("2025-01-01")))
    assert set(later["month"]) <= {"2025-06"}
    assert int(later["excerpts"].sum()) < int(months["excerpts"].sum()) or \
        set(months["month"]) == {"2025-06"}
