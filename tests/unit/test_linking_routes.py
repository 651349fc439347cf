"""Corridor description from the map (route places) and reference that follows the discourse.

The route places are computed from ``geodata/`` (corridor geometry and gazetteer), so these
sentences name no corridor and use no phrase of the linking table's rules.
"""

import pytest

from dashboard.core.parse.linking import CorridorRules
from dashboard.core.parse.linking_geometry import load_route_places
from dashboard.core.text.normalise import normalise
from dashboard.core.text.sentences import split_sentences

INDEX = {
    "middle_corridor": {"aliases": ["Middle Corridor", "TITR"]},
    "instc": {"aliases": ["North-South Transport Corridor", "INSTC"]},
    "zangezur": {"aliases": ["Zangezur corridor", "TRIPP"]},
    "aras": {"aliases": ["Aras corridor"]},
    "btc": {"aliases": ["Baku-Tbilisi-Ceyhan pipeline", "BTC pipeline"]},
}


@pytest.fixture(scope="module")
def rules() -> CorridorRules:
    return CorridorRules(INDEX)


def _links(rules: CorridorRules, text: str) -> list[tuple[int, str, str]]:
    view = normalise(text).text
    return [(x.sentence, x.corridor, x.basis) for x in rules.link(view, split_sentences(view))]


def _terms(rules: CorridorRules, text: str) -> dict[tuple[int, str], tuple[str, ...]]:
    view = normalise(text).text
    return {(x.sentence, x.corridor): x.terms for x in rules.link(view, split_sentences(view))}


def test_route_places_come_from_the_geometry():
    places = {p.key: p for p in load_route_places()}
    assert set(places["city:meghri-am"].corridors) == {"zangezur"}  # across the Aras from Iran
    assert set(places["city:kalaleh-aras-ir"].corridors) == {"aras"}
    assert {"zangezur", "aras"} <= set(places["city:aghband-az"].corridors)
    assert places["city:baku-az"].capital


def test_a_place_with_a_movement_word_describes_its_route(rules):
    text = "A customs post at Meghri will handle 1,000 trucks a day."
    assert _links(rules, text) == [(0, "zangezur", "described")]


def test_two_places_need_a_frame(rules):
    assert _links(rules, "The Kars football club beat a team from Erzurum.") == []
    assert _links(rules, "A new line will connect Rasht and Astara.") == [
        (0, "instc", "described")
    ]


def test_a_port_s_own_works_are_not_the_corridor(rules):
    text = "One of the projects in Aktau is the construction of a container hub."
    assert _links(rules, text) == []


def test_capitals_alone_are_metonyms(rules):
    assert _links(rules, "Baku has not condemned Moscow at the UN.") == []
    assert _links(rules, "Officials in Tehran and Moscow discussed transit fees.") == []


def test_the_mode_decides_between_corridors_sharing_places(rules):
    pipe = "Oil is pumped by pipeline from Sangachal through Tbilisi."
    rail = "Freight trains run from Sangachal through Tbilisi."
    assert [c for _, c, _ in _links(rules, pipe)] == ["btc"]
    assert "btc" not in [c for _, c, _ in _links(rules, rail)]
    assert "(mode: pipeline, not middle_corridor)" in _terms(rules, pipe)[(0, "btc")]


def test_the_side_of_the_border_decides_between_zangezur_and_aras(rules):
    iran = "A road will run from Aghband to Julfa through Iranian territory."
    armenia = "A railway will run from Aghband to Julfa across Armenian territory."
    assert [c for _, c, _ in _links(rules, iran)] == ["aras"]
    assert [c for _, c, _ in _links(rules, armenia)] == ["zangezur"]
    assert "(side: IR)" in _terms(rules, iran)[(0, "aras")]


def test_a_shared_place_goes_to_the_paragraph_topic(rules):
    text = "The Middle Corridor is growing. Cargo from Aktau reaches Alat by ferry."
    assert _links(rules, text) == [
        (0, "middle_corridor", "named"),
        (1, "middle_corridor", "described"),
    ]


def test_a_pipeline_is_never_a_railway_antecedent(rules):
    text = "The Zangezur corridor will open in 2027. The pipeline was repaired on Monday."
    assert _links(rules, text) == [(0, "zangezur", "named")]


def test_a_railway_skips_a_nearer_pipeline_for_its_antecedent(rules):
    text = (
        "The Zangezur corridor will open in 2027. The BTC pipeline carried less oil. "
        "The railway will have eight stations."
    )
    assert _links(rules, text) == [
        (0, "zangezur", "named"),
        (1, "btc", "named"),
        (2, "zangezur", "anaphoric"),
    ]


def test_a_heading_between_paragraphs_does_not_end_the_chain(rules):
    text = (
        "Construction of the North-South Transport Corridor's new line begins.\n"
        "Project details\n"
        "The project will be funded by a loan."
    )
    assert _links(rules, text) == [(0, "instc", "named"), (2, "instc", "anaphoric")]


def test_the_project_after_another_facility_is_that_facility(rules):
    text = (
        "The Middle Corridor is growing. Astana aims to build a new container hub. "
        "The project will cost $29 million."
    )
    assert _links(rules, text) == [(0, "middle_corridor", "named")]


def test_a_single_corridor_is_the_antecedent_of_it(rules):
    text = "Leaders hailed the construction of the new TRIPP. It is a big deal, they said."
    assert _links(rules, text) == [(0, "zangezur", "named"), (1, "zangezur", "anaphoric")]
