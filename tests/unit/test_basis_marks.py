"""The basis shows: a badge per corridor excerpt and the Reader's underline of the words."""


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


def test_reader_underlines_the_words_a_link_rests_on(seeds_built):
    index = seeds_built.index
    links = index.corridor_links
    link = next(r for r in links.itertuples(index=False) if r.term_spans is not None
                and len(r.term_spans))
    colours = {link.corridor: {"name": "The corridor", "color": "#D55E00"}}
    spans = document_spans(index, link.doc_id, colours)
    terms = [s for s in spans if s.css == "atlas-basis-term"
             and link.start <= s.start and s.end <= link.end]
    assert [(s.start, s.end) for s in terms] == [(int(a), int(b)) for a, b in link.term_spans]
    assert basis_label(link.basis)[0] in terms[0].title and "#D55E00" in terms[0].style
