import re

from dashboard.core.corpus.loader import load_corpus
from dashboard.core.parse.linking import load_linking_table
from dashboard.core.parse.linking_literals import CueSearch, necessary_literals
from dashboard.core.paths import seeds_dir
from dashboard.core.text.normalise import normalise
from dashboard.core.text.sentences import split_sentences


def test_necessary_literals_of_alternations_and_repeats():
    def lits(pattern, flags=re.I):
        return necessary_literals(re.compile(pattern, flags))

    assert lits(r"\b(india)\b") == {"india"}
    assert lits(r"\b(Bandar\s+abbas|chabahar)\b") == {"bandar", "chabahar"}
    assert lits(r"\brail(?:way|road)?s?\b") == {"rail"}
    assert lits(r"\b(a|\w+)") is None  # a branch without a literal
    assert lits(r"x?y*") is None
    assert lits(r"\bnaxçıvan|nakh") is None  # "ı" matches "I" when case is ignored
    assert lits(r"\bBTC\b", 0) is None  # case-sensitive patterns are not filtered


def test_cue_search_equals_search_on_every_seed_sentence_and_traps():
    cues = {c for rule in load_linking_table().rules for c in rule.needs}
    sentences = []
    for doc in load_corpus(seeds_dir()):
        view = normalise(doc.text).text
        sentences += [view[s:e] for s, e in split_sentences(view)]
    sentences += [
        "The RAILWAY to INDIA via ChAbAhAr.",
        "A \u212aazakhstan route to Europe.",  # Kelvin sign: not ASCII, searched in full
        "Transit through Nakhchıvan and Iranian territory to Azerbaijan.",
        "Oil flows from Sangachal to Ceyhan.",
    ]
    skipped = 0
    for cue in cues:
        fast = CueSearch(cue)
        for sentence in sentences:
            lowered = sentence.lower() if sentence.isascii() else None
            got, want = fast.search(sentence, lowered), cue.search(sentence)
            assert (got and got.span()) == (want and want.span()), (cue.pattern, sentence)
            skipped += lowered is not None and fast.literals is not None and got is None
    assert skipped > 1000  # the filter does skip searches
