"""Citations name a source by what is known, never by its file when more is known."""

from __future__ import annotations

from dashboard.core.corpus import citation
from dashboard.ui import evidence_panel

DOC = {"doc_id": "002_x", "file": "002_x.txt", "title": float("nan"), "author": None,
       "outlet": "Kyiv Independent", "date": "", "url": "https://kyivindependent.com/a"}
TEXT = "Russian President Vladimir Putin’s recent visit to Azerbaijan marks a pivotal " \
       "moment in the evolving dynamics of global geopolitics."


def test_label_is_title_else_first_words_else_file():
    assert citation.label({**DOC, "title": "T"}, TEXT) == "T"
    assert citation.label(DOC, TEXT) == ("Russian President Vladimir Putin’s recent visit to "
                                         "Azerbaijan marks a pivotal moment…")
    assert citation.label(DOC) == "002_x.txt"


def test_cite_has_every_known_field_and_no_nan_or_file():
    line = citation.cite(DOC, TEXT)
    assert line.startswith("“Russian President") and "Kyiv Independent" in line
    assert line.endswith(". https://kyivindependent.com/a")
    assert "nan" not in line and "None" not in line and "002_x" not in line
    assert citation.byline(DOC) == "Kyiv Independent"


def test_panel_aliases_are_deduplicated_case_and_dash_insensitively():
    names = ["Zangezur corridor", "Zangazur corridor", "Zangezur Corridor",
             "trans-Armenian corridor", "trans Armenian corridor", "TRIPP"]
    assert evidence_panel.unique_names(names, exclude=["Zangezur corridor"]) == \
        ["Zangazur corridor", "trans-Armenian corridor", "TRIPP"]


def test_validation_notes_leave_the_fact_card():
    note = ("Section through Armenia only (Meghri): reported as 42 km (Overchuk). "
            "Validated against 40-48 km.")
    assert evidence_panel.without_validation_notes(note) == \
        "Section through Armenia only (Meghri): reported as 42 km (Overchuk)."


def test_coordinate_quality_is_read_from_the_gazetteer_source():
    q = evidence_panel.coordinate_quality
    assert q("city", "corridor_nodes.csv (verified (39°12′58″N))") == "verified point"
    assert q("river", "derived: midpoint of NE 10m rivers").startswith("derived point")
    assert q("city", "NE 10m populated places v4.0.0 (Baku)").startswith("settlement point")
