"""The one matching rule of search and highlighting.

A query is split into *terms*: each quoted phrase is one term; unquoted words are
grouped greedily into the longest runs that name a known entity (a corridor alias from
``geodata/corridors/index.json`` -- ``aliases`` and ``query_aliases`` -- or a gazetteer
alias of a place the corpus mentions), and every other unquoted word is a term of its own.

A sentence matches when **every** term hits it. A term hits a sentence when

* its normalised text occurs in the normalised sentence (a *literal* hit), or
* it names a corridor the sentence is linked to (any basis), or a place the sentence
  mentions (an *entity* hit: "Zangezur" finds "trans-Armenian corridor", "Nakhichevan"
  finds "Naxçıvan").

Normalisation (:func:`normalise`) folds typographic quotes/dashes, treats hyphens as
spaces, strips diacritics (plus a few letters without a decomposition: ı, ə, ø, ł, đ),
case-folds and collapses whitespace runs, so "baku  alat", "Baku Alat" and "BAKU-ALAT"
are the same text.

The rule runs in SQL over the stored index (:class:`~dashboard.core.evidence.search_sql.
StoredSearch`): matching, ranking and highlighting. Highlighting uses the same rule:
per term, the literal occurrences plus the link/mention spans of its entities, and a
sentence is a search result exactly when every term has at least one span there
(tested both ways).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dashboard.core.text.normalise import fold

_SPECIAL = str.maketrans({"ı": "i", "ə": "e", "Ə": "E", "ø": "o", "Ø": "O", "ł": "l",
                          "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "-": " "})
_COMBINING = frozenset(chr(c) for c in range(0x300, 0x10000)
                       if unicodedata.combining(chr(c)))
_DROP = str.maketrans(dict.fromkeys(_COMBINING))
_SPACES = re.compile(r"\s+")
_MAX_ALIAS_WORDS = 10
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
Key = tuple[str, int]  # (doc_id, sentence start)


def normalise(text: str) -> str:
    """Return the search form of ``text`` (see the module docstring)."""
    text = unicodedata.normalize("NFKD", fold(text).translate(_SPECIAL))
    return _SPACES.sub(" ", text.translate(_DROP).casefold())


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` character by character, keeping where each output came from.

    Returns
    -------
    tuple[str, list[int]]
        The same string as :func:`normalise` and, for each of its characters, the
        offset in ``text`` of the character it came from.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        piece = normalise(char)
        if piece == " " and out and out[-1] == " ":
            continue
        out.extend(piece)
        origin.extend([i] * len(piece))
    return "".join(out), origin


def literal_spans(text: str, offset: int, key: str) -> list[tuple[int, int]]:
    """Document spans of every occurrence of the normalised ``key`` in ``text``.

    Parameters
    ----------
    text
        A verbatim slice of a document.
    offset
        Document offset of ``text[0]``.
    key
        A normalised term (from :func:`normalise`); blank gives no spans.
    """
    key = key.strip()
    if not key:
        return []
    norm, origin = normalise_with_map(text)
    spans = []
    at = norm.find(key)
    while at != -1:
        end = at + len(key)
        spans.append((offset + origin[at], offset + origin[end - 1] + 1))
        at = norm.find(key, end)
    return spans


@dataclass(frozen=True)
class Term:
    """One term of a query: its normalised text and the entities it names."""

    text: str
    key: str
    corridors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    """A parsed query; empty when the text had no term."""

    text: str
    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)


def _split(query: str) -> list[tuple[str, bool]]:
    """Split into ``(piece, quoted)``: quoted phrases, and runs of unquoted words.

    An unbalanced quote mark is ignored.
    """
    pieces: list[tuple[str, bool]] = []
    run: list[str] = []
    for m in _TOKEN.finditer(fold(query)):
        if m.group(1) is not None:
            if run:
                pieces.append((" ".join(run), False))
                run = []
            pieces.append((m.group(1), True))
        else:
            run.append(m.group(2).replace('"', " "))
    if run:
        pieces.append((" ".join(run), False))
    return [(p, q) for p, q in pieces if p.strip()]


@dataclass
class Vocabulary:
    """Normalised entity names: ``key -> (corridor ids, place ids)``."""

    names: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)

    def add(self, name: str, corridor: str | None = None, place: str | None = None) -> None:
        """Register ``name`` as naming a corridor or a place."""
        key = normalise(name).strip()
        if not key:
            return
        corridors, places = self.names.setdefault(key, (set(), set()))
        if corridor:
            corridors.add(corridor)
        if place:
            places.add(place)

    def term(self, text: str) -> Term:
        """Return the term for ``text`` with the entities it names (if any)."""
        key = normalise(text).strip()
        corridors, places = self.names.get(key, (set(), set()))
        return Term(text, key, tuple(sorted(corridors)), tuple(sorted(places)))

    def parse(self, query: str) -> Query:
        """Parse ``query`` into terms (quoted phrases; longest entity runs; words)."""
        terms: list[Term] = []
        for piece, quoted in _split(query):
            if quoted:
                terms.append(self.term(piece))
                continue
            words = piece.split()
            i = 0
            while i < len(words):
                for j in range(min(len(words), i + _MAX_ALIAS_WORDS), i, -1):
                    candidate = " ".join(words[i:j])
                    if j == i + 1 or normalise(candidate).strip() in self.names:
                        terms.append(self.term(candidate))
                        i = j
                        break
        terms = [t for t in terms if t.key]
        return Query(query, tuple(dict.fromkeys(terms)))


def corridor_names(corridor_index: Mapping[str, Mapping]) -> Iterable[tuple[str, str]]:
    """``(name, corridor id)`` for every alias, query alias and name of each corridor."""
    for cid, entry in corridor_index.items():
        yield cid, cid
        for alias in entry.get("aliases") or []:
            yield str(alias), cid
        for item in entry.get("query_aliases") or []:
            yield str(item["term"]), cid
        for key in ("name", "short_name"):
            if entry.get(key):
                yield re.sub(r"\s*\(.*?\)", "", str(entry[key])), cid
