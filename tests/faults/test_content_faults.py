"""Hostile source text and metadata render as text; a 5 MB article opens in the Reader."""

from __future__ import annotations

import csv
import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.corpus import store

from .conftest import APP, assert_app_serves_map, restart_app

EVIL = [
    "![x](http://evil.example/p.png)",
    "[Official statement](https://evil.example/s)",
    "**bold** _it_ ~~gone~~ :material/warning: :smile:",
    "<img src=http://evil.example/i.png onerror=alert(1)>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "$x^2$ `code` | a | b |",
    "www.evil.example mail@evil.example",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
]
HOSTILE_TEXT = ("Baku and Tbilisi signed a railway deal near Kars.\n\n"
                + "\n\n".join(f"{e} Meghri station." for e in EVIL) + "\n\n# Heading\n- item\n")


def add_hostile_document(seeds, doc_id="005_hostile", url="javascript:alert(1)", text=None):
    """Write an article and a ``sources.csv`` row whose every field is hostile."""
    (seeds / f"{doc_id}.txt").write_text(text or HOSTILE_TEXT, encoding="utf-8")
    table = store.read_sources_table(seeds)
    table.rows.append({c: "" for c in table.header} | {
        "id": doc_id, "file": f"{doc_id}.txt", "title": EVIL[0] + " " + EVIL[3],
        "author": EVIL[1], "outlet": EVIL[2], "date": "2025-01-01", "url": url,
        "basis": EVIL[4]})
    with (seeds / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.header)
        writer.writerows([[r.get(c, "") for c in table.header] for r in table.rows])
    return doc_id


def _outside_markup(at: AppTest) -> list[str]:
    """Markdown/HTML of the page that would fetch, link to or style with hostile input."""
    bad = []
    for el in [*at.markdown, *at.caption, *at.warning, *at.info, *at.error, *at.title,
               *at.subheader, *at.header, *at.success]:
        value = str(el.value)
        for needle in ("evil.example", "](", "<img", "<script", "javascript:", ":material/w",
                       "**bold", "~~", "$x"):
            if needle in value:
                bad.append(f"{needle!r} in {value[:200]!r}")
    return bad


@pytest.mark.parametrize("page", ["views/reader.py", "app.py", "views/overview.py",
                                  "views/sources.py", "views/export.py"])
def test_hostile_markdown_in_every_field_renders_as_text(env, page):
    doc_id = add_hostile_document(env.seeds)
    restart_app()
    at = AppTest.from_file(APP, default_timeout=120)
    if page != "app.py":
        at.switch_page(page)
    at.query_params["doc"] = doc_id
    at.query_params["q"] = "Meghri ![x](http://evil.example/q.png)"
    at.query_params["sel"] = "place:meghri"
    at.run()
    assert not at.exception, at.exception
    assert _outside_markup(at) == []
    if page == "views/reader.py":
        shown = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(m.value for m in at.markdown)))
        for text in EVIL:  # every hostile string is on the page, verbatim, as text
            assert text in shown, text


def test_url_field_links_only_to_itself(env):
    doc_id = add_hostile_document(env.seeds, url="https://news.example/a?b=1&c=2")
    restart_app()
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/reader.py")
    at.query_params["doc"] = doc_id
    at.run()
    links = re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', "\n".join(m.value for m in at.markdown))
    assert [(html.unescape(h), html.unescape(t)) for h, t in links] == [
        ("https://news.example/a?b=1&c=2", "https://news.example/a?b=1&c=2")]


def test_five_megabyte_article_opens_in_the_reader(env):
    paragraph = ("The railway from Kars to Nakhchivan would cross the Araxes near Meghri; "
                 "engineers in Baku and Yerevan say the Aghband section is the last gap.\n")
    text = paragraph * (4_900_000 // len(paragraph))
    doc_id = add_hostile_document(env.seeds, "005_long", text=text)
    restart_app()
    at = AppTest.from_file(APP, default_timeout=300)
    at.switch_page("views/reader.py")
    at.query_params["doc"] = doc_id
    at.query_params["at"] = str(len(text) - 300)
    at.query_params["end"] = str(len(text) - 250)
    at.run()
    assert not at.exception, at.exception
    pages = at.number_input(key="w_reader_page")
    assert pages.max > 200 and pages.value == pages.max  # jumped to the excerpt's page
    body = [m.value for m in at.markdown if m.value.startswith('<div class="atlas-doc">')]
    assert all(len(b) < 3_000_000 for b in body)
    assert "atlas-target" in body[0] and "atlas-corridor" in body[-1]
    pages.set_value(1).run()
    assert not at.exception
    first = [m.value for m in at.markdown if m.value.startswith('<div class="atlas-doc">')][-1]
    assert "atlas-place" in first and first.count("Kars") > 50
    assert_app_serves_map(env, restart=False)
