"""The evidence panel's outlet facets and order survive the permalink round trip."""

from __future__ import annotations

from dashboard.core.corpus.outlets import TYPES
from dashboard.core.evidence import voices
from dashboard.core.map.permalink import (
    ORDERS,
    OUTLET_TYPES,
    ViewState,
    Vocabulary,
    from_query,
    to_query,
)

VOCAB = Vocabulary(layers=("zangezur", "btc"), statuses=("operational",), kinds=("city",),
                   sources=("a", "b"))


def test_facets_and_order_round_trip():
    view = ViewState(outlet_countries=("AZ", "AM", "unknown"), outlet_types=("state-media",),
                     order="newest")
    params = to_query(view, VOCAB)
    assert params["oc"] == "AZ,AM,unknown" and params["ot"] == "state-media"
    assert params["sort"] == "newest"
    back = from_query(params, VOCAB)
    assert (back.outlet_countries, back.outlet_types, back.order) == (
        ("AZ", "AM", "unknown"), ("state-media",), "newest")


def test_defaults_stay_out_of_the_link_and_bad_values_are_dropped():
    assert not {"oc", "ot", "sort"} & set(to_query(ViewState(), VOCAB))
    back = from_query({"oc": "AZ,<script>,azerbaijan,EU", "ot": "tabloid,wire",
                       "sort": "random"}, VOCAB)
    assert back.outlet_countries == ("AZ", "EU") and back.outlet_types == ("wire",)
    assert back.order == "relevance"
    assert from_query({"oc": "x,y"}, VOCAB).outlet_countries is None


def test_link_vocabulary_matches_the_evidence_rules():
    assert ORDERS == voices.SORTS
    assert set(OUTLET_TYPES) == {*TYPES, "unknown"}
