from __future__ import annotations

import html
import re

import folium
import pytest

from dashboard.core.text.htmlsafe import (
    WORD_JOINER,
    escape_html,
    escape_markdown,
    escape_text,
    safe_url,
)


def test_escape_html_neutralises_tags_and_template_literals():
    raw = "<script>alert(1)</script> `${alert(2)}` \\ \"q\" 'a' & <img src=x onerror=alert(3)>"
    out = escape_html(raw)
    for bad in ("<", ">", "`", "${", "\\", '"', "'"):
        assert bad not in out
    assert "&lt;script&gt;" in out and "&#96;&#36;{alert(2)}&#96;" in out


def test_escape_html_none_and_numbers():
    assert escape_html(None) == ""
    assert escape_html(3.5) == "3.5"


def test_escaped_tooltip_cannot_break_out_of_folium_template_literal():
    payload = "`);alert(1);(`"
    fmap = folium.Map(tiles=None)
    folium.CircleMarker([40, 45], tooltip=folium.Tooltip(escape_html(payload))).add_to(fmap)
    html = fmap.get_root().render()
    assert "`);alert(1);(`" not in html
    assert "&#96;);alert(1);(&#96;" in html


HOSTILE = ["![x](http://tracker.example/p.png)", "[Official statement](https://evil.example)",
           "**bold** _it_ ~~s~~", ":material/warning: :smile:", "<img src=x onerror=alert(1)>",
           "a\n\n# heading\n\n- item\n1. item\n> quote", "$x^2$ `code` \\ | a | b |",
           "www.evil.example http://evil.example user@evil.example", "&lt; &#91; &amp;"]


@pytest.mark.parametrize("raw", HOSTILE)
def test_escape_text_leaves_no_markdown_or_html_syntax(raw):
    out = escape_text(raw)
    bare = re.sub(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", "", out)  # what is left besides entities
    for bad in ("<", ">", "[", "]", "(", ")", "!", "*", "_", "~", ":", "/", "\n", "`", "$",
                "\\", "|", "#", "@", "www.", "&"):
        assert bad not in bare, bad
    assert html.unescape(out) == raw  # the browser shows the original characters
    # Markdown contexts: the same rule, plus an invisible word joiner where GFM would autolink
    marked = escape_markdown(raw)
    assert html.unescape(marked).replace(WORD_JOINER, "") == raw
    assert marked.replace(WORD_JOINER, "") == out


def test_escape_markdown_is_the_same_rule():
    assert escape_markdown(None) == "" and escape_text(None) == ""
    assert escape_text("Armenia's 5 km") == "Armenia&#x27;s 5 km"


@pytest.mark.parametrize("url,ok", [
    ("https://trend.az/a?b=1&c=2", True), ("http://x.example", True),
    ("javascript:alert(1)", False), ("data:text/html,x", False), ("https://", False),
    ("https://a.example/ x", False), ("//evil.example", False), ("", False),
    ("https://[::1", False), ("HTTPS://A.EXAMPLE", True)])
def test_safe_url_only_plain_http_addresses(url, ok):
    assert (safe_url(url) is not None) is ok
