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

Highlighting uses the same rule: :meth:`SearchIndex.spans` returns, per term, the
literal occurrences plus the link/mention spans of its entities, and a sentence is a
search result exactly when every term has at least one span there (tested both ways).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

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


@dataclass
class SearchIndex:
    """Everything search needs, built once per corpus version.

    Attributes
    ----------
    sentences
        ``doc_id``, ``start``, ``end``, ``norm`` (normalised text), one row per analysed
        sentence, in document order.
    vocabulary
        Entity names.
    corridor_keys, place_keys
        Sentence keys linked to each corridor / mentioning each place.
    corridor_spans, place_spans
        ``(key, entity) -> [(start, end)]``: the link's evidence terms / the mentions.
    basis
        ``(key, corridor) -> basis`` of the link.
    """

    sentences: pd.DataFrame
    vocabulary: Vocabulary
    corridor_keys: dict[str, set[Key]]
    place_keys: dict[str, set[Key]]
    corridor_spans: dict[tuple[Key, str], list[tuple[int, int]]]
    place_spans: dict[tuple[Key, str], list[tuple[int, int]]]
    basis: dict[tuple[Key, str], str]

    def parse(self, query: str) -> Query:
        """Parse a query against this corpus' vocabulary."""
        return self.vocabulary.parse(query)

    def _entity_keys(self, term: Term) -> set[Key]:
        keys: set[Key] = set()
        for cid in term.corridors:
            keys |= self.corridor_keys.get(cid, set())
        for pid in term.places:
            keys |= self.place_keys.get(pid, set())
        return keys

    def match(self, query: str | Query) -> set[Key]:
        """Keys ``(doc_id, start)`` of the sentences every term of ``query`` hits."""
        parsed = query if isinstance(query, Query) else self.parse(query)
        if not parsed:
            return set()
        norm = self.sentences["norm"]
        result: set[Key] | None = None
        for term in parsed.terms:
            literal = self.sentences[norm.str.contains(term.key, regex=False)]
            hits = set(zip(literal["doc_id"], literal["start"].astype(int), strict=True))
            hits |= self._entity_keys(term)
            result = hits if result is None else result & hits
        return result or set()

    def linked(self, key: Key) -> dict[str, str]:
        """``corridor -> basis`` of the links of the sentence ``key``."""
        return {cid: b for (k, cid), b in self.basis.items() if k == key}

    def mentions(self, key: Key, place_id: str) -> bool:
        """Tell whether the sentence ``key`` mentions ``place_id``."""
        return (key, place_id) in self.place_spans

    def term_spans(self, term: Term, doc_id: str, start: int, text: str) -> list[tuple[int, int]]:
        """Spans of one term in the sentence ``text`` starting at ``start``."""
        key = (doc_id, int(start))
        spans = literal_spans(text, int(start), term.key)
        for cid in term.corridors:
            spans += self.corridor_spans.get((key, cid), [])
        for pid in term.places:
            spans += self.place_spans.get((key, pid), [])
        return sorted(set(spans))

    def spans(self, query: str | Query, doc_id: str, start: int,
              text: str) -> list[tuple[int, int]]:
        """Spans to highlight for ``query`` in the sentence ``text`` at ``start``."""
        parsed = query if isinstance(query, Query) else self.parse(query)
        return sorted({s for t in parsed.terms for s in self.term_spans(t, doc_id, start, text)})


def _spans(value: object) -> list[tuple[int, int]]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [(int(a), int(b)) for a, b in value]


def build(index, corridor_index: Mapping[str, Mapping],
          place_aliases: Mapping[str, Iterable[str]] | None = None) -> SearchIndex:
    """Build the search index of an evidence index.

    Parameters
    ----------
    index
        The evidence index (``sentences``, ``mentions``, ``places``,
        ``corridor_links``, ``texts``).
    corridor_index
        ``{corridor id: entry}`` from ``dashboard.core.geodata.corridors.load_corridor_index``.
    place_aliases
        ``{place id: aliases}`` from the gazetteer (places not in the corpus are ignored).
    """
    sents = index.sentences
    if "in_analysis" in sents.columns:
        sents = sents[sents["in_analysis"].astype(bool)]
    texts = index.texts
    norm = [normalise(texts[d][s:e]) for d, s, e in
            zip(sents["doc_id"], sents["start"], sents["end"], strict=True)]
    table = pd.DataFrame({"doc_id": sents["doc_id"].to_numpy(),
                          "start": sents["start"].to_numpy().astype(int),
                          "end": sents["end"].to_numpy().astype(int), "norm": norm})
    vocab = Vocabulary()
    for name, cid in corridor_names(corridor_index):
        vocab.add(name, corridor=cid)
    for pid, name in zip(index.places["place_id"], index.places["name"], strict=True):
        vocab.add(str(name), place=str(pid))
        vocab.add(re.sub(r"\s*\(.*?\)", "", str(name)), place=str(pid))
        for alias in (place_aliases or {}).get(pid, ()):
            vocab.add(str(alias), place=str(pid))
    corridor_keys: dict[str, set[Key]] = {}
    corridor_spans: dict[tuple[Key, str], list[tuple[int, int]]] = {}
    basis: dict[tuple[Key, str], str] = {}
    for r in index.corridor_links.itertuples(index=False):
        key = (str(r.doc_id), int(r.start))
        corridor_keys.setdefault(str(r.corridor), set()).add(key)
        corridor_spans.setdefault((key, str(r.corridor)), []).extend(_spans(r.term_spans))
        basis[(key, str(r.corridor))] = str(r.basis)
    place_keys: dict[str, set[Key]] = {}
    place_spans: dict[tuple[Key, str], list[tuple[int, int]]] = {}
    mentions = index.mentions
    mentions = mentions[mentions["place_id"].notna() & (mentions["place_id"] != "")]
    for r in mentions.itertuples(index=False):
        key = (str(r.doc_id), int(r.sentence_start))
        place_keys.setdefault(str(r.place_id), set()).add(key)
        place_spans.setdefault((key, str(r.place_id)), []).append((int(r.start), int(r.end)))
    return SearchIndex(table, vocab, corridor_keys, place_keys, corridor_spans, place_spans,
                       basis)


def rank(sindex: SearchIndex, query: Query, keys: Iterable[Key]) -> pd.DataFrame:
    """Order matching sentences by relevance, cheaply (no per-sentence spans).

    Per term, the score counts its literal occurrences in the sentence, plus three when
    the sentence *names* one of the term's corridors, one when it is linked to one
    otherwise (described, anaphoric), and one when it mentions one of the term's places.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``start``, ``end``, ``score``; best first, then document order.
    """
    if not isinstance(sindex, SearchIndex):  # the stored index ranks in SQL
        return sindex.rank(query, keys)
    wanted = set(keys)
    table = sindex.sentences
    picked = [(d, s) in wanted for d, s in zip(table["doc_id"], table["start"], strict=True)]
    table = table[picked]
    pairs = list(zip(table["doc_id"], table["start"], strict=True))
    score = pd.Series(0.0, index=table.index)
    for term in query.terms:
        score += table["norm"].str.count(re.escape(term.key)).astype(float)
        linked = set().union(*(sindex.corridor_keys.get(c, set()) for c in term.corridors))
        named = {k for k in linked for c in term.corridors
                 if sindex.basis.get((k, c)) == "named"}
        placed = set().union(*(sindex.place_keys.get(p, set()) for p in term.places))
        if linked or placed:
            score += pd.Series([3.0 * (k in named) + 1.0 * (k in linked and k not in named)
                                + 1.0 * (k in placed) for k in pairs], index=table.index)
    out = table[["doc_id", "start", "end"]].assign(score=score.to_numpy())
    return out.sort_values(["score", "doc_id", "start"], ascending=[False, True, True],
                           ignore_index=True)
