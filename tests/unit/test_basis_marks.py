"""The basis shows: a badge per corridor excerpt and the Reader's underline of the words."""

import pandas as pd

from dashboard.core.text.highlight import basis_label, basis_spans, render
from dashboard.ui.evidence_panel import basis_badge
from dashboard.ui.reader import document_spans


def test_badges_name_the_three_bases():
    assert ">named<" in basis_badge("named")
    assert ">described<" in basis_badge("described")
    assert ">refers back<" in basis_badge("anaphoric")
    assert basis_badge(None) == "" and basis_badge(float("nan")) == ""
    assert "atlas-basis-anaphoric" in basis_badge("anaphoric")


def test_badge_escapes_an_unknown_basis():
    assert "<script>" not in basis_badge("<script>")


def test_basis_spans_underline_each_term():
    spans = basis_spans([[4, 10], (20, 26)], "#0072B2", "Aras corridor: described.")
    assert [(s.start, s.end) for s in spans] == [(4, 10), (20, 26)]
    html = render("The Aghband bridge.", 0, basis_spans([[4, 11]], "#0072B2", "t"))
    assert "underline" in html and ">Aghband<" in html
    assert basis_label("anaphoric")[0] == "refers back"


class _Index:
    corridor_links = pd.DataFrame([{
        "doc_id": "d", "sent_id": 0, "start": 0, "end": 30, "corridor": "aras",
        "basis": "described", "terms": ["Aghband", "bridge"], "term_spans": [[4, 11], [12, 18]],
    }])
    mentions = pd.DataFrame(columns=["doc_id", "start", "end", "place_id", "name", "kind"])


def test_reader_underlines_the_words_a_link_rests_on():
    spans = document_spans(_Index(), "d", {"aras": {"name": "Aras corridor", "color": "#D55E00"}})
    terms = [s for s in spans if s.css == "atlas-basis-term"]
    assert [(s.start, s.end) for s in terms] == [(4, 11), (12, 18)]
    assert "described" in terms[0].title and "#D55E00" in terms[0].style
