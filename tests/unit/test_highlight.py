from __future__ import annotations

from dashboard.core.highlight import Span, query_spans, render


def test_render_escapes_and_marks():
    text = "Go <b>Baku</b> & back"
    html = render(text, 100, [Span(106, 110, "atlas-place")])
    assert html == 'Go &lt;b&gt;<mark class="atlas-place">Baku</mark>&lt;/b&gt; &amp; back'


def test_overlapping_spans_nest_safely_and_links_win():
    text = "Baku-Tbilisi-Ceyhan pipeline"
    spans = [Span(0, 28, "corr"), Span(0, 4, "place", href="./?sel=place:baku", title="Baku")]
    html = render(text, 0, spans)
    assert html.startswith('<a class="corr place" title="Baku" href="./?sel=place:baku"')
    assert html.endswith('<mark class="corr">-Tbilisi-Ceyhan pipeline</mark>')


def test_spans_outside_the_excerpt_are_clipped():
    assert render("abc", 10, [Span(0, 5, "x"), Span(12, 20, "y")]) == 'abc'.replace(
        "c", '<mark class="y">c</mark>')


def test_query_spans_case_insensitive_and_whitespace_tolerant():
    spans = query_spans("The Aras  River and the aras", 5, '"aras river"')
    assert [(s.start, s.end) for s in spans] == [(9, 20)]
    spans = query_spans("The Aras  River and the aras", 5, "aras river")  # two terms
    assert [(s.start, s.end) for s in spans] == [(9, 13), (15, 20), (29, 33)]
    assert query_spans("x", 0, "  ") == []


def test_script_in_source_is_inert():
    html = render("<script>alert(1)</script>", 0, query_spans("<script>alert(1)</script>", 0,
                                                                "alert"))
    assert "<script" not in html and "&lt;script&gt;" in html
