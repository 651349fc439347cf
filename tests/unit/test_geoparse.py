import pytest

from dashboard.core.parse.gazetteer import Place
from dashboard.core.parse.geoparse import GeoParser
from dashboard.core.text.normalise import normalise


@pytest.fixture
def parser(geoparser: GeoParser) -> GeoParser:
    """The shipped gazetteer's parser, built once per run (``tests/conftest.py``)."""
    return geoparser


def _parse(parser: GeoParser, text: str) -> list[tuple[str, str, str]]:
    mentions = parser.parse(normalise(text))
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    return [(m.surface, m.place.place_id, m.in_name) for m in mentions]


def _ids(parser: GeoParser, text: str) -> list[str]:
    return [pid for _, pid, _ in _parse(parser, text)]


def test_possessives_compounds_and_demonyms(parser):
    found = _parse(
        parser,
        "Azerbaijan’s army. Russia-Azerbaijan relations. Russian and "
        "Azerbaijani officials met Georgian and Iranian envoys.",
    )
    assert [s for s, _, _ in found] == ["Azerbaijan", "Russia", "Azerbaijan"]


def test_longest_match_and_the_caspian(parser):
    found = _parse(
        parser,
        "Nagorno-Karabakh lies in the South Caucasus, west of the "
        "Caspian Sea. Oil flows from the Caspian to Europe.",
    )
    surfaces = [s for s, _, _ in found]
    assert surfaces == ["Nagorno-Karabakh", "South Caucasus", "Caspian Sea", "Caspian", "Europe"]


def test_caspian_as_adjective_is_not_a_place(parser):
    assert _ids(parser, "the Caspian oil fields") == []


def test_transliterations_resolve_to_one_place(parser):
    assert set(_ids(parser, "Nakhchivan, Nakhichevan and Naxçıvan.")) == {"region:nakhchivan-az"}
    assert set(_ids(parser, "Shusha, Susha and Şuşa.")) == {"city:shusha-az"}
    assert set(_ids(parser, "Türkiye, Turkiye and Turkey.")) == {"country:turkey-tr"}
    assert set(_ids(parser, "Aras, Araks, Araz and Araxes.")) == {"river:aras-river"}
    assert set(_ids(parser, "Aghband, Agbend and Aghbend.")) == {"city:aghband-az"}
    assert set(_ids(parser, "Kyiv and Kiev.")) == {"city:kyiv-ua"}
    assert _ids(parser, "Jolfa faces Julfa; Culfa.") == [
        "city:jolfa-ir",
        "city:julfa-az",
        "city:julfa-az",
    ]


def test_regional_bias_and_context(parser):
    assert _ids(parser, "Georgia's parliament met in Tbilisi.") == [
        "country:georgia-ge",
        "city:tbilisi-ge",
    ]
    assert _ids(parser, "He lives in Atlanta, in the U.S. state of Georgia.")[-1] == (
        "region:georgia-us"
    )
    assert _ids(parser, "The train reached Kars.") == ["city:kars-tr"]


def test_case_and_common_words(parser):
    assert _ids(parser, "We ate turkey with us.") == []
    assert _ids(parser, "Turkey and the US agreed.") == [
        "country:turkey-tr",
        "country:united-states-us",
    ]
    assert _ids(parser, "Of course, the Bar was full.") == []
    rejected: list = []
    parser.parse(normalise("Mary Smith arrived."), rejected=rejected)
    assert [r[2] for r in rejected] == ["Mary"]
    assert _ids(parser, "The gas field near Mary in Turkmenistan.")[0] == "city:mary-tm"


def test_places_inside_names(parser):
    found = _parse(
        parser,
        "He told the Kyiv Independent about the Baku–Tbilisi–Ceyhan "
        "pipeline and the Shusha Declaration.",
    )
    by_surface = {s: name for s, _, name in found}
    assert by_surface["Kyiv"] == "Kyiv Independent"
    assert by_surface["Baku"] == "Baku-Tbilisi-Ceyhan pipeline"
    assert by_surface["Ceyhan"] == "Baku-Tbilisi-Ceyhan pipeline"
    assert by_surface["Shusha"] == "Shusha Declaration"
    assert _parse(parser, "the Rasht–Astara railway")[0][2] == "Rasht-Astara railway"
    assert _parse(parser, "the SCO Summit in Astana")[0] == ("Astana", "city:astana-kz", "")


def test_offsets_with_decomposed_unicode(parser):
    text = "From Nax\u0063\u0327\u0131van to Baku."
    found = _parse(parser, text)
    assert [pid for _, pid, _ in found] == ["region:nakhchivan-az", "city:baku-az"]


def test_parser_on_a_tiny_gazetteer():
    places = [
        Place(
            "c:a", "Alpha", "city", "XX", 1.0, 2.0, "", ("Alpha", "Alfa"), 0.9, frozenset(), "test"
        ),
        Place("c:b", "Alpha", "region", "YY", 3.0, 4.0, "", ("Alpha",), 0.2, frozenset(), "test"),
    ]
    parser = GeoParser(places)
    mentions = parser.parse(normalise("Alfa and Alpha, and the Alpha region."))
    assert [m.place.place_id for m in mentions] == ["c:a", "c:a", "c:b"]
    assert mentions[1].confidence < mentions[0].confidence


def test_case_variant_aliases_and_adjacent_country_bonus(parser):
    found = _parse(parser, "A route through Iran's East Azerbaijan province to Julfa.")
    assert [pid for _, pid, _ in found] == [
        "country:iran-ir",
        "region:east-azerbaijan-province-ir",
        "city:julfa-az",
    ]
    assert _ids(parser, "BAKU AND TBILISI") == ["city:baku-az", "city:tbilisi-ge"]
    rasht = _ids(parser, "Azerbaijan backs the Rasht–Astara railway.")
    assert rasht[-1] == "city:astara-iran-ir"


def test_place_in_possessive_organisation_name(parser):
    found = _parse(parser, "observers like the Valdai Club’s analysts")
    assert found == [("Valdai", "city:valday-ru", "Valdai Club")]


def test_coordinated_ellipsis_tags_both_conjuncts(parser):
    assert _ids(parser, "Russia backs North and South Ossetia.") == [
        "country:russia-ru",
        "region:north-ossetia-ru",
        "region:south-ossetia-ge",
    ]
    assert _ids(parser, "Ports on the Black and Azov Seas were shelled.") == [
        "sea:black-sea",
        "sea:sea-of-azov",
    ]
    # the first conjunct is also a bare name that needs context ("the Caspian")
    assert _ids(parser, "A route connecting the Caspian and Black Seas.") == [
        "sea:caspian-sea",
        "sea:black-sea",
    ]


def test_a_bare_name_in_a_route_name_chain(parser):
    assert _parse(parser, "The Rasht-Caspian Railway opened.")[1][:2] == (
        "Caspian",
        "sea:caspian-sea",
    )
    assert _ids(parser, "The Trans-Caspian route and the trans-Caspian railway grew.") == []


def test_demonyms_are_not_places_and_small_corridor_towns_are(parser):
    assert _ids(parser, "An Azerbaijani shipper and a Georgian firm met in Horadiz.") == [
        "city:horadiz-az"
    ]
    mentions = parser.parse(normalise("The railway reaches Aralik near Igdir."))
    aralik = mentions[0].place
    assert abs(aralik.lat - 39.87) < 0.1 and abs(aralik.lon - 44.52) < 0.1


def test_places_after_a_possessive_country_and_crossing_the_caspian(parser):
    assert _ids(parser, "Aghband town in Azerbaijan's Zangilan district grows.")[2:] == [
        "region:zngilan-az"
    ]
    assert "sea:caspian-sea" in _ids(parser, "Goods use train ferries to cross the Caspian).")


def test_aras_bridge_spellings_resolve_to_the_route_not_namesakes(parser):
    ids = _ids(parser, "A bridge will link Aghband and Kalala village in Iran.")
    assert "city:kalaleh-aras-ir" in ids
    ids = _ids(
        parser, "The Kars-Ighdir-Aralik-Diluju railway starts. It reached the Astaracay River."
    )
    assert {"city:igdir-tr", "border_crossing:dilucu-tr", "river:astarachay-river"} <= set(ids)
    assert (
        _ids(parser, "A route from Southeast Asia and China.")[0] == "macro_region:southeast-asia"
    )
