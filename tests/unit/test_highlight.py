from __future__ import annotations

import html as htmllib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core.text.highlight import Span, _wrap, page_bounds, render
from dashboard.core.text.htmlsafe import escape_text


def test_render_escapes_and_marks():
    text = "Go <b>Baku</b> & back"
    html = render(text, 100, [Span(106, 110, "atlas-place")])
    assert html == ('Go &lt;b&gt;<mark class="atlas-place">Baku</mark>&lt;&#47;b&gt; '
                    '&amp; back')


def test_overlapping_spans_nest_safely_and_links_win():
    text = "Baku-Tbilisi-Ceyhan pipeline"
    spans = [Span(0, 28, "corr"), Span(0, 4, "place", href="./?sel=place:baku", title="Baku")]
    html = render(text, 0, spans)
    assert html.startswith('<a class="corr place" title="Baku" href="./?sel=place:baku"')
    assert html.endswith('<mark class="corr">&#45;Tbilisi&#45;Ceyhan pipeline</mark>')


def test_spans_outside_the_excerpt_are_clipped():
    assert render("abc", 10, [Span(0, 5, "x"), Span(12, 20, "y")]) == 'abc'.replace(
        "c", '<mark class="y">c</mark>')


def test_script_in_source_is_inert():
    html = render("<script>alert(1)</script>", 0, [Span(8, 13, "atlas-q")])
    assert "<script" not in html and "&lt;script&gt;" in html


def _reference_render(text, offset, spans):
    """The former cut-and-search renderer (quadratic), kept as the specification."""
    end = offset + len(text)
    clipped = [s for s in spans if s.end > offset and s.start < end and s.end > s.start]
    cuts = sorted({offset, end, *(max(s.start, offset) for s in clipped),
                   *(min(s.end, end) for s in clipped)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in clipped if s.start <= a and s.end >= b]
        out.append(_wrap(escape_text(text[a - offset:b - offset]), covering))
    return "".join(out)


_spans = st.lists(st.builds(
    lambda a, n, css, link: Span(a, a + n, css, href="./?sel=x" if link else None),
    st.integers(-5, 40), st.integers(-2, 20), st.sampled_from(["p", "c", "q"]), st.booleans()),
    max_size=12)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), offset=st.integers(0, 10), spans=_spans)
def test_one_pass_render_matches_the_reference(text, offset, spans):
    assert render(text, offset, spans) == _reference_render(text, offset, spans)


def test_rendered_text_is_one_line_and_unescapes_to_the_source():
    text = "![x](http://a.example/p.png)\n\n**b** :material/warning: <i>x</i> `$a$`"
    out = render(text, 0, [Span(0, 4, "p")])
    assert "\n" not in out and "](" not in out and "**" not in out and ":material" not in out
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_pages_cover_the_text_at_line_breaks():
    text = ("para " * 30 + "\n") * 50
    pages = page_bounds(text, 1000)
    assert pages[0][0] == 0 and pages[-1][1] == len(text)
    assert all(a == pb for (_, a), (pb, _) in zip(pages, pages[1:], strict=False))
    assert all(text[b - 1] == "\n" for _, b in pages[:-1])
    assert all(b - a <= 1000 for a, b in pages)
    assert page_bounds("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    assert page_bounds("", 10) == [(0, 0)]
