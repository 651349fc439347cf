from __future__ import annotations

import folium

from dashboard.core.htmlsafe import escape_html, escape_markdown


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


def test_escape_markdown_makes_markup_literal():
    out = escape_markdown("**bold** [link](javascript:x) <b> Armenia's $x$ a\\b")
    assert out == ("\\*\\*bold\\*\\* \\[link\\]\\(javascript\\:x\\) \\<b\\> Armenia's "
                   "\\$x\\$ a\\\\b")
    assert escape_markdown(None) == ""
