import json

import pytest

from dashboard.core.parse.linking import CorridorRules, linking_table_path
from dashboard.core.text.normalise import normalise
from dashboard.core.text.sentences import split_sentences

INDEX = {
    "middle_corridor": {
        "name": "Middle Corridor (TITR)",
        "aliases": ["Middle Corridor", "TITR", "Trans-Caspian International Transport Route"],
    },
    "instc": {
        "name": "International North–South Transport Corridor (INSTC)",
        "aliases": ["North–South Transport Corridor", "INSTC"],
    },
    "zangezur": {
        "name": "Zangezur corridor",
        "aliases": ["Zangezur corridor", "trans-Armenian corridor"],
    },
    "aras": {"name": "Aras corridor (via Iran)", "aliases": ["Aras corridor"]},
    "btc": {
        "name": "Baku–Tbilisi–Ceyhan (BTC) oil pipeline",
        "aliases": ["BTC pipeline", "Baku–Tbilisi–Ceyhan pipeline", "Baku-Tbilisi-Ceyhan"],
    },
}


@pytest.fixture(scope="module")
def rules() -> CorridorRules:
    return CorridorRules(INDEX)


def _links(rules: CorridorRules, text: str) -> list[tuple[int, str, str]]:
    view = normalise(text).text
    return [(x.sentence, x.corridor, x.basis) for x in rules.link(view, split_sentences(view))]


def test_named_aliases_with_dash_and_case_variants(rules):
    text = (
        "Trade runs via the North-South Transport Corridor and the middle corridor. "
        "The Baku-Tbilisi-Ceyhan pipeline pumps oil. TITR grows; titr does not count."
    )
    assert _links(rules, text) == [
        (0, "middle_corridor", "named"),
        (0, "instc", "named"),
        (1, "btc", "named"),
        (2, "middle_corridor", "named"),
    ]


def test_traps_are_not_corridors(rules):
    text = (
        "The East Zangezur economic region is rebuilt. "
        "The Southern Gas Corridor and the South Caucasus Pipeline carry gas. "
        "Gas flows through the pipeline from Russia."
    )
    assert _links(rules, text) == []


def test_described_corridors(rules):
    text = (
        "The railway through Armenia's Syunik linking Azerbaijan with Nakhchivan is planned.\n"
        "A new bridge across the Aras River is being built.\n"
        "Azerbaijan and Iran agreed on transit through Iranian territory between Nakhchivan "
        "and mainland Azerbaijan.\n"
        "The Rasht-Astara railway will close the gap.\n"
        "Azerbaijan is Russia's gateway to Iran and India.\n"
        "Cargo from China crosses Kazakhstan to reach Georgia and Turkey by rail.\n"
        "A crude oil pipeline runs from the Caspian to the Mediterranean at Ceyhan.\n"
        "Restoring the rail links foreseen by the November 2020 trilateral statement stalled.\n"
    )
    assert [(c, b) for _, c, b in _links(rules, text)] == [
        ("zangezur", "described"),
        ("aras", "described"),
        ("aras", "described"),
        ("instc", "described"),
        ("instc", "described"),
        ("middle_corridor", "described"),
        ("btc", "described"),
        ("zangezur", "described"),
    ]


def test_vague_sentences_are_not_linked(rules):
    text = (
        "Bordering both Russia and Iran, it is an important trade hub.\n"
        "Russia's energy exports go toward the Indian Ocean.\n"
        "Baku hosted talks with Yerevan on peace.\n"
    )
    assert _links(rules, text) == []


def test_anaphora_inherits_previous_sentence_within_paragraph(rules):
    text = (
        "They discussed the trans-Armenian corridor. Russia said this project helps. "
        "Nothing else happened.\nThis project is new."
    )
    assert _links(rules, text) == [
        (0, "zangezur", "named"),
        (1, "zangezur", "anaphoric"),
    ]


def test_evidence_terms_and_offsets(rules):
    text = "Intro. The Zangezur corridor opens."
    view = normalise(text).text
    (link,) = rules.link(view, split_sentences(view))
    ((start, end),) = link.term_spans
    assert text[start:end] == "Zangezur corridor" == link.terms[0]


def test_rules_read_the_real_corridor_index():
    from dashboard.core.evidence.index import read_corridor_index

    rules = CorridorRules(read_corridor_index())
    view = "Goods move along the Middle Corridor and the INSTC."
    assert {x.corridor for x in rules.link(view, split_sentences(view))} == {
        "middle_corridor",
        "instc",
    }


def test_described_by_terminal_ports(rules):
    text = (
        "Containers from Xi'an cross Dostyk and the port of Aktau before continuing by "
        "rail to Poti.\nRussian freight to Mumbai will travel via Bandar Abbas.\n"
    )
    assert [(c, b) for _, c, b in _links(rules, text)] == [
        ("middle_corridor", "described"),
        ("instc", "described"),
    ]


def test_btc_acronym_needs_oil_context_and_trump_route(rules):
    text = (
        "BTC exported 30 million barrels of crude.\nThe Trump Route will cross Syunik.\n"
        "BTC rose against the dollar.\n"
    )
    assert [(i, c, b) for i, c, b in _links(rules, text)] == [
        (0, "btc", "described"),
        (1, "zangezur", "described"),
    ]


def test_paragraph_topic_carries_to_anaphors(rules):
    text = (
        "Iran and Russia signed a deal on the INSTC. Officials met in Tehran on Monday. "
        "The line will cut delivery times by weeks. Tehran hosted a fair.\n"
        "The line was discussed elsewhere too."
    )
    assert _links(rules, text) == [(0, "instc", "named"), (2, "instc", "anaphoric")]


def test_a_definite_description_chain_crosses_a_paragraph_break(rules):
    text = (
        "Iran and Russia signed a deal on the INSTC. The line will cut delivery times.\n"
        "The line was discussed elsewhere too. Tehran hosted a fair.\n"
        "The line is long."
    )
    assert _links(rules, text) == [
        (0, "instc", "named"),
        (1, "instc", "anaphoric"),
        (2, "instc", "anaphoric"),
    ]


def test_a_new_corridor_is_data_not_code():
    from dashboard.core.parse.linking import compile_table, load_linking_table

    doc = json.loads(linking_table_path().read_text(encoding="utf-8"))
    doc["cues"]["lapis"] = {"pattern": r"\blapis\s+lazuli\s+route\b"}
    doc["corridors"]["lapis"] = {"rules": [{"all": ["lapis"]}], "traps": []}
    doc["triggers"].append("lapis")
    index = {**INDEX, "lapis": {"name": "Lapis Lazuli", "aliases": []}}
    rules = CorridorRules(index, compile_table(doc))
    assert ("lapis", "described") in [
        (c, b) for _, c, b in _links(rules, "The Lapis Lazuli route grows.")
    ]
    assert load_linking_table().rules  # the shipped table compiles


def test_subject_pronoun_refers_to_a_corridor_named_as_subject(rules):
    # "It" after a sentence naming two corridors refers to the one it opens with, or to none
    text = (
        "The Baku-Tbilisi-Ceyhan pipeline is one of the longest in the world, like the INSTC. "
        "It runs 443 km through Azerbaijan.\n"
        "Officials of ten states praised the INSTC and the Middle Corridor. It was a sunny day."
    )
    assert _links(rules, text) == [
        (0, "instc", "named"),
        (0, "btc", "named"),
        (1, "btc", "anaphoric"),
        (2, "middle_corridor", "named"),
        (2, "instc", "named"),
    ]


def test_topic_cues_carry_the_btc_pipeline_through_its_paragraph(rules):
    text = (
        "The Baku-Tbilisi-Ceyhan pipeline opened on Wednesday. Guests included BTC Co. staff. "
        "Oil will first be pumped from Sangachal. Gas prices rose.\n"
        "Oil prices fell in London."
    )
    assert _links(rules, text) == [
        (0, "btc", "named"),
        (1, "btc", "anaphoric"),
        (2, "btc", "anaphoric"),
    ]


def test_a_new_paragraph_refers_back_only_by_definite_description(rules):
    text = (
        "Leaders hailed the Baku-Tbilisi-Ceyhan pipeline.\n"
        "An agency said the pipeline served as an example.\n"
        "The talks went on. The pipeline was not discussed.\n"
    )
    assert _links(rules, text) == [(0, "btc", "named"), (1, "btc", "anaphoric")]


def test_defining_segments_describe_their_corridor(rules):
    text = (
        "We will build a railway from Horadiz to Zangilan.\n"
        "Iran will connect Bandar Abbas with Astara via railway.\n"
        "Oil flows from Sangachal to Ceyhan.\n"
        "Horadiz and Zangilan held elections.\n"
    )
    assert _links(rules, text) == [
        (0, "zangezur", "described"),
        (1, "instc", "described"),
        (2, "btc", "described"),
    ]


def test_one_sentence_paragraphs_pass_their_topic_on(rules):
    text = (
        "Officials inspected the Horadiz-Aghband railway on Friday.\n"
        "Work on its second phase starts in May.\n"
        "The line will have six stations.\n"
        "Elsewhere, Baku hosted a film festival.\n"
        "The line was not mentioned there."
    )
    assert _links(rules, text) == [
        (0, "zangezur", "described"),
        (1, "zangezur", "anaphoric"),
        (2, "zangezur", "anaphoric"),
    ]


def test_anaphors_with_modifiers(rules):
    text = (
        "Kazakhstan promotes the Middle Corridor. Investors call this fast-growing trade route "
        "a priority. Ports along the maritime trade route are busy. Leaders praised such a "
        "crucial project. The northern route through Russia is slower."
    )
    assert _links(rules, text) == [
        (0, "middle_corridor", "named"),
        (1, "middle_corridor", "anaphoric"),
        (2, "middle_corridor", "anaphoric"),
        (3, "middle_corridor", "anaphoric"),
    ]


def test_roads_through_syunik_and_along_the_arax(rules):
    text = (
        "Yerevan has no position on a road through Meghri.\n"
        "A highway along the Arax River will bypass Armenia.\n"
        "A road bypassing Armenia through Iran to Nakhchivan is an option.\n"
        "The rail line through Armenian territory is 42 km long, the one through Iranian "
        "territory 50 km.\n"
        "Armenia joins the \u201cNorth-South\u201d international transport corridor.\n"
    )
    assert _links(rules, text) == [
        (0, "zangezur", "described"),
        (1, "aras", "described"),
        (2, "aras", "described"),
        (3, "aras", "anaphoric"),
        (4, "instc", "described"),
    ]


def test_china_europe_transit_is_not_the_instc(rules):
    text = "The port could be a transit point between China and Europe, helping Iran and India."
    assert _links(rules, text) == [(0, "middle_corridor", "described")]


def test_qazvin_rasht_is_a_defining_segment_of_the_instc(rules):
    text = "The Qazvin-Rasht line carries freight.\nRasht hosted a fair."
    assert _links(rules, text) == [(0, "instc", "described")]


def test_oil_prices_and_tankers_are_not_the_btc_pipeline(rules):
    text = (
        "The BTC pipeline carried 30 million tonnes last year.\n"
        "Oil prices fell by 3% on Tuesday.\n"
        "The Baku-Tbilisi-Ceyhan pipeline reached Ceyhan. The oil then left by tanker."
    )
    assert _links(rules, text) == [(0, "btc", "named"), (2, "btc", "named")]


def test_an_expletive_it_does_not_refer_back(rules):
    text = (
        "The Middle Corridor grew 60% in 2024.\n"
        "It is not clear whether the growth will last, analysts said.\n"
        "The Middle Corridor is busy. Kazakhstan and Georgia want to develop it."
    )
    assert _links(rules, text) == [
        (0, "middle_corridor", "named"),
        (2, "middle_corridor", "named"),
        (3, "middle_corridor", "anaphoric"),
    ]
