from __future__ import annotations

import pytest

from dashboard.core.map.permalink import ViewState, Vocabulary, from_query, to_query

VOCAB = Vocabulary(layers=("btc", "zangezur", "aras"), statuses=("operating", "planned"),
                   kinds=("city", "country"), sources=("a", "b"), places=("baku", "meghri"))


def test_default_state_is_an_empty_query():
    assert to_query(ViewState(), VOCAB) == {}
    assert from_query({}, VOCAB) == ViewState()


def test_round_trip_of_a_full_state():
    state = ViewState(layers=("zangezur", "btc"), statuses=("planned",), kinds=(),
                      sources=("b",), query="Aras bridge", selection=("place", "meghri"),
                      center=(38.9, 46.25), zoom=8)
    params = to_query(state, VOCAB)
    assert params["kinds"] == "-" and params["sel"] == "place:meghri"
    assert params["view"] == "38.9000,46.2500,8"
    assert from_query(params, VOCAB) == state


def test_all_selected_is_written_as_absent():
    state = ViewState(layers=("aras", "btc", "zangezur"))
    assert "layers" not in to_query(state, VOCAB)


def test_hand_edited_garbage_is_dropped_not_fatal():
    params = {"layers": "btc,<script>,nope", "sel": "place:atlantis", "view": "91,0,5",
              "status": "", "q": "x" * 500}
    state = from_query(params, VOCAB)
    assert state.layers == ("btc",)
    assert state.selection is None
    assert state.center is None and state.zoom is None
    assert len(state.query) == 200
    assert from_query({"view": "a,b,c", "sel": "corridor:aras"}, VOCAB).selection == (
        "corridor", "aras")


# --------------------------------------------------------------- total parsing
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dashboard.core.map.permalink import parse_int, text_target  # noqa: E402

KEYS = ("layers", "status", "kinds", "src", "q", "sel", "view", "doc", "at", "end", "zzz")
HOSTILE = ("40,45,inf", "40,45,-inf", "1e400,1e400,7", "40,45," + "9" * 5000, "nan,nan,nan",
           "40,45,7,8", ",,", "40,45,1e308", "-0,-0,1", "\x00", "9" * 5000, "-",
           ["a", "b"], [], 7, None, "corridor:", "place:" + "x" * 10000)
_value = st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE),
                   st.lists(st.text(max_size=20), max_size=3), st.integers(), st.floats())


@pytest.mark.parametrize("view", ["40,45,inf", "40,45,-inf", "1e400,45,7", "40,1e400,7",
                                  "40,45," + "9" * 5000, "40,45,nan", "40,45," + "1" * 400])
def test_non_finite_or_huge_view_gives_the_default_view(view):
    state = from_query({"view": view, "sel": "corridor:aras"}, VOCAB)
    assert state.center is None and state.zoom is None
    assert state.selection == ("corridor", "aras")  # the rest of the link still applies


def test_repeated_and_wrong_typed_values_are_total():
    assert from_query({"layers": ["btc", "aras"], "q": 5, "view": None}, VOCAB) == ViewState(
        layers=("aras",), query="5")


@settings(max_examples=400, deadline=None)
@given(params=st.dictionaries(st.sampled_from(KEYS), _value, max_size=8))
def test_from_query_is_total_and_stays_in_the_vocabulary(params):
    state = from_query(params, VOCAB)
    for chosen, valid in ((state.layers, VOCAB.layers), (state.statuses, VOCAB.statuses),
                          (state.kinds, VOCAB.kinds), (state.sources, VOCAB.sources)):
        assert chosen is None or set(chosen) <= set(valid)
    assert len(state.query) <= 200
    if state.center is not None:
        lat, lon = state.center
        assert -90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= state.zoom <= 18
    assert from_query(to_query(state, VOCAB), VOCAB).selection == state.selection
    target = text_target(params, "d1", 1000)
    assert target is None or 0 <= target[0] < target[1] <= 1000


@pytest.mark.parametrize("raw", ["1e3", "9" * 5000, "inf", " 12 ", "-3", "x", None, 4, "٣"])
def test_parse_int_is_total(raw):
    value = parse_int(raw, -1, 0, 100)
    assert value == (12 if raw == " 12 " else -1)
