"""A long search (a pasted paragraph) is cut with a note, never a traceback."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence.search_limit import MAX_QUERY_WORDS
from dashboard.core.evidence.search_sql import StoredSearch
from dashboard.core.geodata import corridors

from .conftest import APP, restart_app

PARAGRAPH = " ".join(f"railway{i}" for i in range(450))  # 450 distinct words


def test_pasted_paragraph_in_the_sidebar_is_cut_with_a_note(env):
    restart_app()
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["w_search"] = "Baku " + PARAGRAPH  # as pasted, past the box's max_chars
    at.run()
    assert not at.exception, at.exception
    notes = [c.value for c in at.sidebar.caption if "was cut" in c.value]
    assert notes and f"at most {MAX_QUERY_WORDS} words" in notes[0]


def test_long_q_parameter_is_cut_to_the_same_limit(env):
    restart_app()
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["q"] = " ".join(["Baku"] * 100)
    at.run()
    assert not at.exception, at.exception


def test_the_match_statement_has_no_depth_per_term(env):
    entry = evidence_cache.load_or_build(env.seeds, cache=env.cache)
    search = StoredSearch(evidence_cache.open_index(entry).store,
                          corridors.load_corridor_index())
    words = ["baku", "railway", *(f"zq{i}" for i in range(450))]
    assert search.match("baku")  # real hits
    assert search.match(" ".join(words)) == set()  # 452 terms: no expression-depth error
