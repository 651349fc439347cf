from __future__ import annotations

from dashboard.core.permalink import ViewState, Vocabulary, from_query, to_query

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
