"""The Sources page's logic without AppTest: input checks, confirmation HTML, the list."""

from __future__ import annotations

from dashboard.core.corpus.loader import document_from_text
from dashboard.ui import sources_panel as panel
from dashboard.ui.sources_state import AddReport


def _given(data: bytes | None = None, pasted: str = "") -> panel.AddInput:
    return panel.AddInput("a.txt" if data else "pasted text", data, pasted, {})


def test_input_problem_asks_for_exactly_one_input():
    assert panel.input_problem(_given()) == "Choose a file or paste the text of an article."
    assert panel.input_problem(_given(pasted="  \n")).startswith("Choose a file")
    assert panel.input_problem(_given(b"x", "text")) == (
        "Give either a file or pasted text, not both.")
    assert panel.input_problem(_given(b"x")) == panel.input_problem(_given(pasted="t")) == ""


def test_prepare_reads_the_file_or_the_pasted_text():
    text = "Baku and Tbilisi signed a rail deal on Monday in Ankara."
    assert panel.prepare(_given(pasted=text)).original_name == "pasted text"
    assert panel.prepare(_given(text.encode())).original_name == "a.txt"


def test_the_confirmation_escapes_everything_from_the_source():
    report = AddReport(doc_id='005_"x', file="005_x.txt", title="<script>alert(1)</script>",
                       where="session", extraction="pasted", n_chars=1234,
                       places=(("<b>Meghri</b>", "city", 1), ("Julfa", "city", 2)),
                       corridors=("aras",), seconds=0.25, notes=("<i>note</i>",))
    html = panel.added_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>Meghri" not in html
    assert 'data-doc-id="005&#95;&quot;x"' in html and "kept in this session" in html
    assert "(city): 1 mention</li>" in html and "Julfa (city): 2 mentions" in html
    assert "1,234 characters" in html and "Corridors mentioned: aras" in html


def test_rows_and_changeable_documents_by_storage_mode():
    seed = document_from_text("Seed text about Baku.", "000_a.txt", {"outlet": "Daily"})
    added = document_from_text("Added text about Julfa.", "005_b.txt", {"title": "Added"})
    rows = panel.document_rows([seed], [added])
    assert [(r["id"], r["stored"]) for r in rows] == [
        ("000_a", "corpus folder"), ("005_b", "this session")]
    assert rows[1]["title"] == "Added" and rows[0]["outlet"] == "Daily"
    assert panel.changeable("local", [seed], [added]) == ["000_a", "005_b"]
    assert panel.changeable("session", [seed], [added]) == ["005_b"]
