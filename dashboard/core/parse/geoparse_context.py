"""Context of a toponym candidate: the words around it decide whether it is a place.

Used by :class:`dashboard.core.parse.geoparse.GeoParser` on the normalised view of a document
(``view[start:end]`` is the candidate):

* locative evidence -- a preceding locative preposition ("in", "near", "from" ...) or a
  following place-type word ("city", "province" ...); aliases that are common words need it;
* person names -- a low-prior name directly next to another capitalised word that is not a
  place-type or organisation word ("Nick Paton Walsh");
* names the place sits in -- an organisation ("Kyiv Independent", "Minsk Group") or a
  hyphenated chain of places before an infrastructure noun ("Baku-Tbilisi-Ceyhan pipeline");
* kind cues -- "the Aras River", "the city of Nakhchivan", "the state of Georgia".
"""

from __future__ import annotations

import re


def _words(text: str) -> list[str]:
    return text.split()


LOCATIVES: frozenset[str] = frozenset(
    _words(
        """in at near from to into of outside across via through towards toward around within
    inside between and"""
    )
)
# Verbs whose object is a place ("ferries cross the Caspian").
CROSSING_VERBS: frozenset[str] = frozenset(_words("cross crosses crossed crossing"))
# Words that may follow a bare name closing a prepositional phrase ("from the Caspian to").
PHRASE_FOLLOWERS: frozenset[str] = frozenset(
    _words(
        """to and or in into from via with is was are were where which that as by for
    through towards toward until"""
    )
)
TYPE_WORDS: dict[str, str] = {
    "river": "river",
    "sea": "sea",
    "lake": "lake",
    "city": "city",
    "town": "city",
    "village": "city",
    "capital": "city",
    "port": "port",
    "province": "region",
    "region": "region",
    "oblast": "region",
    "district": "region",
    "state": "region",
    "republic": "region",
    "governorate": "region",
}
ORG_HEADS: frozenset[str] = frozenset(
    _words(
        """Independent Declaration Group Initiative Institute Club University Times Post Herald
    Tribune Agreement Accord Process Format Organization Organisation Cooperation
    Council Committee Forum Conference Airport Statement Treaty Pact Protocol Bank
    Company Corporation Ministry Parliament Assembly Summit Dialogue Platform Centre
    Center Foundation Academy School Stadium Exchange Communique Communiqué Principles
    Document Memorandum Convention Charter Union Alliance Office Agency Channel Network"""
    )
)
INFRA_NOUNS: frozenset[str] = frozenset(
    _words(
        """pipeline pipelines railway railways railroad road highway corridor line bridge route
    link motorway gasline oil-pipeline rail"""
    )
)
_PREV_WORD = re.compile(r"([\w][\w'.-]*)([^\w]*)$")
_NEXT_WORD = re.compile(r"^([^\w\n]*)([\w][\w'.]*)")
_CAP_CHAIN = re.compile(r"^(?:\s+(?:[A-Z][\w'-]*|of|for|and|the|on|in))*?\s+([A-Z][\w'-]*)")
_PLACE_CHAIN = re.compile(r"^(?:-[A-Z][\w']*)*\s+([a-z][\w-]*)")
# A capitalised chain member before a hyphen ("Rasht-" of "Rasht-Caspian Railway"), not a
# prefix ("Trans-Caspian"), and the head noun after the chain in any case.
_CHAIN_BEFORE = re.compile(r"(?:^|[^\w'-])(?!(?i:trans|pan|anti|pro|non|ex)-)[A-Z][\w']*-$")
_CHAIN_HEAD = re.compile(r"^(?:-[A-Z][\w']*)*\s+([A-Za-z][\w-]*)")


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


def prev_word(view: str, start: int) -> tuple[str, str]:
    """Return the previous word and the characters between it and ``start``."""
    m = _PREV_WORD.search(view, max(0, start - 60), start)
    return (m.group(1), m.group(2)) if m else ("", "")


def next_word(view: str, end: int) -> tuple[str, str]:
    """Return the characters up to the next word, and the next word."""
    m = _NEXT_WORD.match(view[end : end + 60])
    return (m.group(1), m.group(2).rstrip(".")) if m else ("", "")


def sentence_initial(view: str, start: int) -> bool:
    """Whether ``start`` opens a sentence (after ".", "!", "?", ":" or a line break)."""
    before = view[max(0, start - 3) : start].rstrip(" \"'([")
    return not before or before[-1] in ".!?:\n"


def has_locative_evidence(view: str, start: int, end: int) -> bool:
    """Whether a locative preposition or a place-type word frames ``view[start:end]``."""
    prev, gap = prev_word(view, start)
    sep, nxt = next_word(view, end)
    if nxt.lower() in TYPE_WORDS or in_place_chain(view, start, end):
        return True
    if prev.lower() == "the" and gap == " ":
        # "in the Caspian," -- a bare name after "the" closing a phrase
        before, _ = prev_word(view, start - len(prev) - 1)
        closes = not nxt or sep.strip() != "" or nxt in PHRASE_FOLLOWERS
        return (before.lower() in LOCATIVES or before.lower() in CROSSING_VERBS) and closes
    return prev.lower() in LOCATIVES and gap == " "


def in_place_chain(view: str, start: int, end: int) -> bool:
    """Whether the span is a member of a hyphenated route name (Rasht-Caspian Railway)."""
    if not _CHAIN_BEFORE.search(view, max(0, start - 40), start):
        return False
    m = _CHAIN_HEAD.match(view[end : end + 80])
    return bool(m) and m.group(1).lower() in INFRA_NOUNS


def looks_like_person(view: str, start: int, end: int) -> bool:
    """Whether ``view[start:end]`` sits between capitalised words like part of a person's name."""
    prev, gap = prev_word(view, start)
    if (
        prev[:1].isupper()
        and not prev.endswith("'s")  # "Azerbaijan's Zangilan": a possessive, not a first name
        and gap == " "
        and not sentence_initial(view, start - len(prev) - 1)
        and prev.lower() not in LOCATIVES
    ):
        return True
    sep, nxt = next_word(view, end)
    return (
        sep == " "
        and nxt[:1].isupper()
        and nxt.lower() not in TYPE_WORDS
        and _strip_possessive(nxt) not in ORG_HEADS
    )


def in_name(view: str, start: int, end: int) -> str:
    """Return the organisation or infrastructure name ``view[start:end]`` is part of, or ``""``."""
    if view[end : end + 1] not in (" ", "-"):
        return ""
    rest = view[end : end + 80]
    m = _PLACE_CHAIN.match(rest)
    if m and m.group(1).lower() in INFRA_NOUNS:
        chain_start = start
        while chain_start > 1 and view[chain_start - 1] == "-":
            pm = _PREV_WORD.search(view, max(0, chain_start - 40), chain_start - 1)
            if not pm or not pm.group(1)[:1].isupper():
                break
            chain_start = pm.start(1)
        if chain_start < start or m.group(0).startswith("-"):
            return view[chain_start : end + m.end()]
    m = _CAP_CHAIN.match(rest)
    if m and _strip_possessive(m.group(1)) in ORG_HEADS:
        head_end = end + m.end() - (len(m.group(1)) - len(_strip_possessive(m.group(1))))
        return view[start : head_end]
    return ""


def cue_kind(view: str, start: int, end: int) -> str:
    """Return the kind a next or preceding word asks for ("the Aras River"), or ``""``."""
    _, nxt = next_word(view, end)
    if nxt.lower() in TYPE_WORDS:
        return TYPE_WORDS[nxt.lower()]
    window = view[max(0, start - 16) : start].lower()
    for cue, kind in (
        ("city of ", "city"),
        ("town of ", "city"),
        ("state of ", "region"),
        ("province of ", "region"),
        ("port of ", "port"),
    ):
        if window.endswith(cue):
            return kind
    return ""
