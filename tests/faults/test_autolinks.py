"""Text stays text: no link forms from a bare address in source text, metadata or ``q=``."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.text.htmlsafe import escape_markdown

from .conftest import APP, restart_app
from .test_content_faults import add_hostile_document

#: What GitHub-flavoured Markdown autolinks in text (after character references decode).
AUTOLINK = re.compile(r"(?i)(?<![\w\u2060])(https?://|www\.)|[\w.+-]@[\w-]+\.[\w-]")
ADDRESSES = "http://203.0.113.5/x www.evil.example mail@evil.example"


def _autolinkable(at: AppTest) -> list[str]:
    found = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success"):
        for el in at.get(kind):
            if re.match(r"\s*<(div|style|h1|ul|table)\b", str(el.value)):
                continue  # an HTML block: Markdown (and its autolinks) does not apply inside
            text = html.unescape(re.sub(r'href="[^"]*"', "", str(el.value)))
            text = re.sub(r"<a\b[^>]*>.*?</a>", "", text)  # the url field's own link
            found += [f"{kind}: {m.group(0)} in {text[:120]!r}" for m in AUTOLINK.finditer(text)]
    for box in at.get("checkbox"):
        found += [f"checkbox label: {m.group(0)}" for m in AUTOLINK.finditer(
            html.unescape(str(box.label)))]
    return found


def test_escape_markdown_defuses_every_autolink_and_keeps_the_text():
    out = html.unescape(escape_markdown(ADDRESSES))
    assert AUTOLINK.search(out) is None
    assert out.replace("\u2060", "") == ADDRESSES


@pytest.mark.parametrize("page", ["app.py", "views/reader.py", "views/sources.py"])
def test_no_link_forms_from_q_or_source_text(env, page):
    add_hostile_document(env.seeds, text="Baku and Tbilisi signed a deal near Kars. "
                         + ADDRESSES + " Meghri station.\n", url="https://news.example/a")
    table = (env.seeds / "sources.csv").read_text(encoding="utf-8")
    (env.seeds / "sources.csv").write_text(table.replace("![x](http://evil.example/p.png)",
                                                         ADDRESSES), encoding="utf-8")
    restart_app()
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(page)
    at.query_params["q"] = "http://203.0.113.5/x"
    at.query_params["doc"] = "005_hostile"
    at.run()
    assert not at.exception, at.exception
    assert _autolinkable(at) == []
