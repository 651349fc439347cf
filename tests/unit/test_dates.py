"""Publication dates and their basis: HTML metadata, URL, dateline, typed, none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dashboard.core.corpus import dates, ingest, sources_csv, store
from dashboard.core.corpus.loader import load_corpus_safe
from dashboard.core.paths import REPO_ROOT

BODY = ("<p>The railway from Kars to Nakhchivan would cross the Araxes near Meghri, and "
        "engineers in Baku say the Aghband section is the last gap in the line.</p>"
        "<p>Officials in Yerevan said the crossing points would stay under Armenian "
        "control while the route is built.</p>")
TODAY = date(2026, 12, 3)


def page(head: str = "", body: str = BODY) -> bytes:
    """An HTML page with ``head`` in its head and an article body."""
    return (f"<html><head><title>Zangezur talks</title>{head}</head><body><article>"
            f"<h1>Zangezur talks</h1>{body}</article></body></html>").encode()


def add(folder: Path, raw: bytes, name: str, **meta: str) -> dict[str, str]:
    """Add one upload to ``folder`` and return its new ``sources.csv`` row."""
    prepared = ingest.prepare_file(raw, name)
    doc_id = store.add_document(folder, prepared, meta).doc_id
    table = sources_csv.read_sources_table(folder)
    return next(r for r in table.rows if r["id"] == doc_id)


def test_html_published_time_is_the_date_not_the_modified_time(tmp_path: Path):
    head = ('<meta property="article:published_time" content="2024-03-12T08:00:00+00:00">'
            '<meta property="article:modified_time" content="2025-06-01T08:00:00+00:00">'
            '<meta name="author" content="Anna Petrosyan">'
            '<meta property="og:site_name" content="Caucasus Watch">')
    row = add(tmp_path, page(head), "talks.html")
    assert row["date"] == "2024-03-12"
    assert dates.basis_kind(row["date_basis"]) == "html-metadata"
    assert row["author"] == "Anna Petrosyan"
    assert row["outlet"] == "Caucasus Watch"
    assert "author, outlet from the page's metadata" in row["basis"]


def test_a_date_only_in_the_url_is_dated_by_the_url(tmp_path: Path):
    row = add(tmp_path, page(), "talks.html",
              url="https://example.org/news/2023/11/05/zangezur-talks")
    assert row["date"] == "2023-11-05"
    assert dates.basis_kind(row["date_basis"]) == "url"


def test_a_dateline_in_the_text_dates_a_plain_text_article(tmp_path: Path):
    text = ("Zangezur talks\nBAKU, 14 February 2025 — The railway from Kars to Nakhchivan "
            "would cross the Araxes near Meghri, engineers in Baku say.\n")
    row = add(tmp_path, text.encode(), "talks.txt")
    assert row["date"] == "2025-02-14"
    assert dates.basis_kind(row["date_basis"]) == "dateline"
    assert "BAKU, 14 February 2025" in row["date_basis"]


def test_published_line_counts_but_an_updated_line_does_not():
    text = "Title\nUpdated: 3 May 2025\nPublished on March 2, 2024 at 10:00\nBody text here."
    assert dates.dateline_date(text, TODAY) == ("2024-03-02", "Published on March 2, 2024 at 10:00")
    assert dates.dateline_date("Title\nUpdated 3 May 2025\nBody.", TODAY) is None


def test_a_date_in_running_text_is_not_a_dateline():
    text = ("Zangezur talks\nThe agreement signed on 10 November 2020 ended the war, and the "
            "railway has been discussed ever since by many officials.\n")
    assert dates.dateline_date(text, TODAY) is None


def test_nothing_states_a_date_so_the_article_is_undated_not_today(tmp_path: Path):
    row = add(tmp_path, page(), "talks.html")
    assert row["date"] == ""
    assert dates.basis_kind(row["date_basis"]) == "undated"
    doc = load_corpus_safe(tmp_path).documents[0]
    assert doc.date == "" and doc.date_basis.startswith("undated")


def test_what_the_user_typed_wins_over_the_page(tmp_path: Path):
    head = '<meta property="article:published_time" content="2024-03-12">'
    row = add(tmp_path, page(head), "talks.html", date="2024-04-01")
    assert (row["date"], row["date_basis"]) == ("2024-04-01", "user")


def test_future_and_impossible_dates_are_refused():
    assert dates.date_in_url("https://x.org/2031/01/01/a", TODAY) is None
    assert dates.date_in_url("https://x.org/2024/02/30/a", TODAY) is None
    assert dates.date_in_url("https://x.org/a-20240229-b", TODAY) == "2024-02-29"


def test_an_older_sources_csv_without_the_new_columns_still_loads(tmp_path: Path):
    (tmp_path / "a.txt").write_text("The railway from Kars to Nakhchivan crosses the Araxes.")
    (tmp_path / "sources.csv").write_text(
        "id,file,title,author,outlet,date,url,basis\na,a.txt,T,,,2024-05,,\n")
    doc = load_corpus_safe(tmp_path).documents[0]
    assert (doc.date, doc.date_basis, doc.licence) == ("2024-05", "unstated", "")
    table = sources_csv.read_sources_table(tmp_path)  # strict: writers accept it too
    assert "date_basis" in sources_csv.render_sources_table(table).decode().split("\n")[0]


def test_the_seeds_say_why_they_are_undated():
    table = sources_csv.read_sources_table(REPO_ROOT / "seeds")
    seeds = [r for r in table.rows if r["id"][:3] in {"000", "001", "002", "003", "004"}]
    assert len(seeds) == 5
    for row in seeds:
        assert row["date"] == ""
        assert row["date_basis"].startswith("undated: the text states no publication date")
