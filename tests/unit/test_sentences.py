from dashboard.core.text.normalise import fold, lower_same_length, normalise
from dashboard.core.text.sentences import split_sentences


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_do_not_split():
    text = (
        "Putin visited Azerbaijan on Aug. 18, the latest step. "
        "Dr. Emil Avdaliani wrote it. Ties with the U.S. Azerbaijan kept growing."
    )
    assert _sents(text) == [
        "Putin visited Azerbaijan on Aug. 18, the latest step.",
        "Dr. Emil Avdaliani wrote it.",
        "Ties with the U.S. Azerbaijan kept growing.",
    ]


def test_acronym_then_sentence_opener_splits_and_lines_are_boundaries():
    text = "He flew to the U.S. The talks began.\nA Heading Without Period\nNext one? Yes!"
    assert _sents(text) == [
        "He flew to the U.S.",
        "The talks began.",
        "A Heading Without Period",
        "Next one?",
        "Yes!",
    ]


def test_closing_quotes_stay_with_sentence_and_lowercase_does_not_split():
    text = 'He said "it is over." Then he left. It was 3 p.m. when we met.'
    assert _sents(text)[0] == 'He said "it is over."'
    assert "p.m. when" in _sents(text)[-1]


def test_offsets_index_original_text():
    text = "Azerbaijan’s role. “Baku” – spoke."
    norm = normalise(text)
    assert len(norm.text) == len(text)
    for s, e in split_sentences(norm.text):
        assert text[norm.orig(s) : norm.orig(e)].strip() == text[norm.orig(s) : norm.orig(e)]
    assert fold("’“”–") == '\'""-'


def test_nfc_normalisation_maps_offsets_back():
    decomposed = "Nax\u0063\u0327\u0131van and Baku"  # c + combining cedilla
    norm = normalise(decomposed)
    assert "Naxçıvan" in norm.text
    start = norm.text.index("Baku")
    assert decomposed[norm.orig(start) : norm.orig(start + 4)] == "Baku"
    assert norm.view(norm.orig(start)) == start


def test_lower_same_length_handles_dotted_capital_i():
    assert len(lower_same_length("İstanbul")) == len("İstanbul")
    assert lower_same_length("İstanbul") == "istanbul"
