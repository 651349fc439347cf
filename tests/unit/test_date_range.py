"""The date range: its SQL rule, the permalink keys, the same answers in SQL and in memory."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.cli import main as cli_main
from dashboard.core.corpus.loader import document_from_text
from dashboard.core.evidence import query
from dashboard.core.evidence.daterange import DateRange, from_query, month_range, preset
from dashboard.core.evidence.index import build_index, save_index
from dashboard.core.evidence.sql import EvidenceStore, StoredIndex, save_texts

TEXTS = {
    "a": ("The railway from Kars to Nakhchivan would cross the Araxes near Meghri.", "2024-03-05"),
    "b": ("Officials in Baku said the Zangezur corridor would open through Meghri.", "2025-06-10"),
    "c": ("The Zangezur corridor road through Syunik was discussed in Yerevan.", "2025-06"),
    "d": ("Trucks from Iran cross at Agarak and Meghri on the way to Yerevan.", ""),
}


@pytest.fixture(scope="module")
def indexes(parser, tmp_path_factory):
    docs = [document_from_text(t, f"{k}.txt", {"date": d}) for k, (t, d) in TEXTS.items()]
    memory = build_index(docs, parser)
    folder = tmp_path_factory.mktemp("idx")
    save_index(memory, folder)
    save_texts(memory.texts, folder)
    return memory, StoredIndex(EvidenceStore(folder))


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
def test_sql_and_memory_keep_the_same_documents(indexes, rng, expected):
    memory, stored = indexes
    for index in (memory, stored):
        kept = query.dated_ids(index, rng)
        assert (kept if kept is not None else set(index.documents["doc_id"])) == expected
        flt = query.Filters(dates=rng)
        counts = query.place_counts(index, flt)
        places = set(counts["place_id"])
        mentions = index.mentions[index.mentions["doc_id"].isin(expected)]
        assert places == set(mentions["place_id"].dropna())


def test_excerpts_and_corridor_counts_narrow_in_sql(indexes):
    _, stored = indexes
    rng = DateRange("2025-06-01", "2025-06-30", undated=False)
    ids = list(stored.documents["doc_id"].unique())
    everything = query.corridor_counts(stored, query.Filters(), ["zangezur"])
    june = query.corridor_counts(stored, query.Filters(dates=rng), ["zangezur"])
    excerpts = query.corridor_excerpts(stored, "zangezur", query.Filters(dates=rng))
    assert set(excerpts["doc_id"]) <= {"b", "c"} and len(ids) == 4
    assert june["zangezur"] == len(excerpts) <= everything["zangezur"]


def test_months_per_corridor_count_dated_excerpts_only(indexes):
    memory, stored = indexes
    a = query.corridor_months(stored, query.Filters())
    b = query.corridor_months(memory, query.Filters())
    cols = ["month", "corridor", "excerpts", "sources"]
    pd.testing.assert_frame_equal(a[cols].astype({"excerpts": int, "sources": int}),
                                  b[cols].astype({"excerpts": int, "sources": int}))
    assert set(a["month"]) <= {"2024-03", "2025-06"}
    links = stored.corridor_links
    assert int(a["excerpts"].sum()) == int((links["doc_id"] != "d").sum())


def test_new_since_takes_published_or_added(indexes):
    memory, _ = indexes
    assert query.new_since_ids(memory, "2025-06-01") == {"b", "c"}


def test_cli_export_refuses_a_malformed_day(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        cli_main(["export", "--out", str(tmp_path / "x.csv"), "--from", "2025-02-30"])
    assert "not a day" in str(info.value)


def test_june_has_zangezur_excerpts_and_fewer_than_all(indexes):
    _, stored = indexes
    rng = DateRange("2025-06-01", "2025-06-30", undated=False)
    june = query.corridor_counts(stored, query.Filters(dates=rng), ["zangezur"])["zangezur"]
    assert june > 0


def test_exports_state_the_range_and_each_excerpt_date(indexes):
    from dashboard.core.export.data import excerpts_csv
    from dashboard.core.export.excerpts import excerpt_from_evidence
    from dashboard.core.export.model import ExportRequest

    memory, _ = indexes
    rng = DateRange("2025-01-01", "2025-12-31", undated=False)
    pins = [excerpt_from_evidence(memory, d, 0, 20) for d in ("b", "d")]
    assert "2025-06-10" in pins[0]["citation"] and "undated" in pins[1]["citation"]
    request = ExportRequest(excerpts=pins, date_range=rng.label())
    assert ExportRequest.from_json(request.to_json()).date_range == rng.label()
    frame = pd.read_csv(__import__("io").BytesIO(excerpts_csv(request)), encoding="utf-8-sig",
                        keep_default_na=False)
    assert list(frame["date"]) == ["2025-06-10", ""]
    assert list(frame["date_basis"]) == ["unstated", "undated"]
    assert set(frame["date_range"]) == {"Published 2025-01-01 to 2025-12-31; undated articles "
                                        "excluded"}
