"""AppTest of the Compare page: sourced side-by-side table, exports, timeline to map."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.evidence import compare
from dashboard.core.evidence.cache import load_or_build_index
from dashboard.core.geodata.corridors import load_corridor_index
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import compare as view
from dashboard.ui import session as keys

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
LINK = re.compile(r"\[\[\d+\]\]\(https?://[^)\s]+\)")


@pytest.fixture(scope="module")
def page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    at.switch_page("views/compare.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_five_corridors_side_by_side_with_every_row(page):
    texts = _texts(page)
    index = load_corridor_index()
    for facts in index.values():
        assert any(facts["short_name"] in t for t in texts[:5])
    for label in compare.ROWS:
        assert f"**{escape_markdown(label)}**" in texts, label


def test_every_fact_cell_links_to_its_source(page):
    texts = _texts(page)
    n = len(load_corridor_index())
    rows = {}
    for i, text in enumerate(texts):
        for label in compare.ROWS:
            if text == f"**{escape_markdown(label)}**":
                rows[label] = texts[i + 1:i + 1 + n]
    for label in ("Route", "Modes", "Countries", "Drawn length", "Capacity",
                  "Operator / owners", "Key dates", "Sections (status)"):
        for cell in rows[label]:
            statements = cell.split("  \n")
            assert all(LINK.search(s) for s in statements), (label, cell[:120])
    corpus = rows["Corpus"]
    assert all(re.search(r"^\d+ excerpts? in \d+ of \d+ sources", c) for c in corpus)
    assert any(c.split()[0] != "0" for c in corpus)  # the seeds discuss some corridor


def test_btc_drawn_length_is_traced_and_cites_gem(page):
    btc = next(t for t in _texts(page) if t.startswith("1,654 km drawn"))
    assert "100% traced" in btc and "gem.wiki" in btc


def test_exports_csv_png_and_small_maps(page):
    buttons = page.get("download_button")
    assert len(buttons) == 3
    assert len(page.get("image")) == 1  # the row of small maps


def test_timeline_event_shows_source_and_selects_corridor_on_map(page):
    index = load_or_build_index()
    events = compare.timeline_events(load_corridor_index(), index.corridor_links,
                                     index.documents)
    btk = events[events["event"] == "Baku-Tbilisi-Kars railway opened"].iloc[0]
    at = page
    at.selectbox(key=keys.TIMELINE_EVENT).set_value(btk["event_id"]).run()
    assert not at.exception, at.exception
    shown = "\n".join(_texts(at))
    assert "Source: [https" in shown and "Kars%E2%80%93Tbilisi" in shown
    at.button(key="timeline_to_map").click().run()
    assert not at.exception, at.exception
    assert at.session_state[keys.SEL_CORRIDOR] == "middle_corridor"
    assert at.query_params["sel"] == "corridor:middle_corridor"


def test_timeline_puts_every_key_date_on_the_axis_in_corridor_colours():
    index = load_corridor_index()
    events = compare.timeline_events(index, pd.DataFrame(columns=["doc_id", "corridor"]),
                                     pd.DataFrame(columns=["doc_id", "date"]))
    assert len(events) == sum(len(f["key_dates"]) for f in index.values())
    assert events["date"].is_monotonic_increasing
    spec = view.timeline_chart(events, index).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["range"] == [f["color"] for f in index.values()]
