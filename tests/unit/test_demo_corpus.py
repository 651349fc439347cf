"""The seed folder's dated demo articles carry their address, date, basis and licence."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit

from dashboard.core.corpus.ingest import normalise_text
from dashboard.core.corpus.sources_csv import read_sources_table
from tests.helpers import ORIGINAL_SEED_FILES, SEEDS

PROVENANCE = ("title", "outlet", "date", "url", "basis", "date_basis", "licence")


def _rows() -> list[dict[str, str]]:
    return read_sources_table(SEEDS, strict=True).rows


def _demo_rows() -> list[dict[str, str]]:
    return [r for r in _rows() if r["file"] not in ORIGINAL_SEED_FILES]


def test_every_seed_file_has_one_row_and_the_table_has_date_basis_and_licence():
    table = read_sources_table(SEEDS, strict=True)
    assert {"date_basis", "licence"} <= set(table.header)
    files = {p.name for p in SEEDS.glob("*.txt")}
    assert {r["file"] for r in table.rows} == files
    assert all(r["id"] == r["file"].removesuffix(".txt") for r in table.rows)


def test_the_original_seeds_stay_undated_and_say_why():
    originals = [r for r in _rows() if r["file"] in ORIGINAL_SEED_FILES]
    assert len(originals) == len(ORIGINAL_SEED_FILES)
    assert all(r["date"] == "" and r["date_basis"].startswith("undated") for r in originals)


def test_each_demo_article_is_dated_addressed_licensed_and_named_by_its_hash():
    demo = _demo_rows()
    assert demo, "the seed folder holds dated demo articles beside the five originals"
    for row in demo:
        assert all(row[k].strip() for k in PROVENANCE), row["id"]
        assert dt.date.fromisoformat(row["date"]) <= dt.date.today(), row["id"]
        assert urlsplit(row["url"]).scheme in ("http", "https") and urlsplit(row["url"]).netloc
        text = (SEEDS / row["file"]).read_text(encoding="utf-8")
        assert text == normalise_text(text), row["id"]  # stored as every ingested text
        number, digest = row["id"].split("_")
        assert int(number) >= 100 and digest == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_demo_speaks_with_several_publishers_on_their_own_sites():
    demo = _demo_rows()
    outlets = {r["outlet"] for r in demo}
    sites = {".".join(urlsplit(r["url"]).netloc.split(".")[-2:]) for r in demo}  # gov.uk, ...
    assert len(outlets) >= 5 and len(sites) >= 5
    years = {r["date"][:4] for r in demo}
    assert len(years) >= 4  # spread over time, so the date views have something to show
