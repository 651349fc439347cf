"""Toponym recognition and resolution against the gazetteer.

Recognition
-----------
One Aho-Corasick automaton (pyahocorasick) holds every gazetteer alias, folded
(quotes/dashes to ASCII), in the spellings it may take in running text: as written,
capitalised and in capitals (headlines); all-capital acronyms ("US", "UK", "UAE") only as
written. Aliases with the same lower-case form share one candidate list. A document's
normalised view is scanned once, case-sensitively -- so "turkey" the bird, "of" and
"us" never even produce a hit -- and each hit is kept only if

* it sits on word boundaries (the characters around it are not letters/digits, so
  "Azerbaijan's", "Russia-Azerbaijan", "Baku-Tbilisi-Ceyhan" and "Russia/West" match
  while "Azerbaijani", "Georgian" and "Russian" do not -- demonyms and adjectives are
  never toponyms);
* it is not overlapped by a hit starting further left or a longer hit at the same
  position (leftmost-longest: "Nagorno-Karabakh" over "Karabakh", "South Caucasus"
  over "Caucasus").

Filters on what remains:

* aliases flagged ``needs_context`` in the gazetteer (common English words such as
  "Of", "Bar", "Salt" and first names such as "Mary") need locative evidence: a
  preceding locative preposition ("in", "near", "from" ...) or a following place-type
  word ("city", "province" ...);
* low-prior places (prior < 0.8) directly next to another capitalised word that is not
  a place-type or organisation word are taken to be part of a person's name
  ("Nick Paton Walsh") and dropped.

Resolution
----------
Each surviving span has one or more candidate entries. Unambiguous spans are resolved
first; the countries they establish form the document's context. Ambiguous spans are
resolved by ``prior`` (regional prominence: the country Georgia has prior 1.0, the US
state 0.15; Kars the Turkish city outranks anything else called Kars) plus a bonus for
candidates in a country already mentioned in the document, a further bonus for the
country of an unambiguous place directly next to it ("Rasht-Astara": the Iranian
Astara), and a decisive one for candidates whose kind matches a cue next to the
mention ("the Aras River", "the city of Nakhchivan", "the state of Georgia").
Confidence reflects the prior, the margin over the runner-up and whether context
evidence was needed.

Places inside names
-------------------
A place followed by a capitalised organisation word ("Kyiv Independent", "Shusha
Declaration", "Minsk Group", "Valdai Club") or part of a hyphenated chain of places
followed by an infrastructure noun ("Baku-Tbilisi-Ceyhan pipeline", "Rasht-Astara
railway") is still a mention; ``in_name`` records the name it sits in.

Not handled: metonymic readings are not distinguished (capitals stand for their
governments as the text intends), places absent from the gazetteer, coordinates
finer than the gazetteer point, and non-English text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from dashboard.core.parse.gazetteer import Place
from dashboard.core.parse.geoparse_context import (
    cue_kind,
    has_locative_evidence,
    in_name,
    looks_like_person,
    sentence_initial,
)
from dashboard.core.text.normalise import NormalisedText, fold, lower_same_length

# Coordinated ellipsis: "North and South Ossetia", "the Black and Azov Seas".
# The modifier and its separator, ending right before a capitalised name (checked
# backwards from the start of each hit, at most 14 characters: "Northern, and ").
_ELLIPSIS_MOD = re.compile(
    r"\b(North|South|East|West|Northern|Southern|Eastern|Western|Upper|Lower|Greater|Lesser|"
    r"Inner|Outer|Central)(?:,? and |, | or )\Z"
)
_ELLIPSIS_MOD_REACH = 16
_ELLIPSIS_SEP_ENDS = frozenset(("d ", ", ", "r "))
_ELLIPSIS_HEADS = (
    "Seas",
    "Rivers",
    "Lakes",
    "Mountains",
    "Oblasts",
    "Provinces",
    "Regions",
    "Gulfs",
    "Republics",
)
_ELLIPSIS_HEAD = re.compile(
    r"\b([A-Z][\w'-]+) and ([A-Z][\w'-]+) (" + "|".join(_ELLIPSIS_HEADS) + r")\b"
)


class Mention(NamedTuple):
    """One resolved toponym mention (immutable; a named tuple: cheap to make by the thousand).

    Offsets are into the original document text (end exclusive).
    """

    surface: str
    start: int
    end: int
    place: Place
    confidence: float
    in_name: str = ""
    #: Ids of the other gazetteer places the surface could name (empty when unambiguous).
    alternatives: tuple[str, ...] = ()


# An alias hit before selection: start, end, key id, candidate place indices.
_Hit = tuple[int, int, int, list[int]]


@dataclass
class _Span:
    start: int
    end: int
    key: int
    entries: list[int] = field(default_factory=list)
    in_name: str = ""
    needed_context: bool = False


_CAP, _MIXED = 1, 2


def _is_acronym(alias: str) -> bool:
    if not alias.isupper():  # a lower-case letter, or no cased letter at all
        return False
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _case_ok(alias: str, surface: str) -> bool:
    if _is_acronym(alias):
        return surface == alias
    if alias[:1].isupper():
        return surface[:1].isupper()
    return True


class GeoParser:
    """Gazetteer-backed toponym recogniser and resolver, reusable across documents.

    Parameters
    ----------
    places
        Gazetteer entries (see :func:`dashboard.core.parse.gazetteer.load_gazetteer`).
    """

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: list[Place] = list(places)
        self._keys: list[str] = []
        # per key: list of (place index, alias as written, needs_context)
        self._entries: list[list[tuple[int, str, bool]]] = []
        self._spellings: list[set[str]] = []  # every alias spelling per key
        key_ids: dict[str, int] = {}
        self._key_ids = key_ids
        for i, place in enumerate(self.places):
            for alias in place.aliases:
                folded = fold(alias)
                key = lower_same_length(folded)
                if len(key) < 2:
                    continue
                kid = key_ids.setdefault(key, len(self._keys))
                if kid == len(self._keys):
                    self._keys.append(key)
                    self._entries.append([])
                    self._spellings.append(set())
                self._spellings[kid].add(folded)
                if all(e[0] != i for e in self._entries[kid]):
                    self._entries[kid].append((i, folded, alias in place.needs_context))
        self._automaton = ahocorasick.Automaton()
        for kid in range(len(self._keys)):
            value_tail = self._key_mode(kid)
            for variant in self._variants(kid):
                self._automaton.add_word(variant, (kid, len(variant), *value_tail))
        self._automaton.make_automaton()
        self._ctx: list[frozenset[int]] = [
            frozenset(i for i, _, needs in entries if needs) for entries in self._entries
        ]
        self._max_prior: list[float] = [
            max(self.places[i].prior for i, _, _ in entries) for entries in self._entries
        ]
        # resolution of unambiguous, context-free keys does not depend on the document
        self._simple: dict[int, tuple[Place, float]] = {}
        for kid, entries in enumerate(self._entries):
            if len(entries) == 1 and not entries[0][2]:
                place = self.places[entries[0][0]]
                self._simple[kid] = (place, round(min(0.6 + 0.35 * place.prior, 0.99), 3))

    def _variants(self, kid: int) -> set[str]:
        """Spellings the matcher looks for: as written, capitalised and upper case.

        Matching is case-sensitive on these variants, so a capitalised alias never
        matches lower-case text ("turkey", "of") and the all-capital acronyms only match
        exactly; headlines in capitals still match.
        """
        out: set[str] = set()
        for alias in self._spellings[kid]:
            if _is_acronym(alias):
                out.add(alias)
                continue
            for variant in (alias, alias[:1].upper() + alias[1:], alias.upper()):
                if len(variant) == len(alias):
                    out.add(variant)
        return out

    def _key_mode(self, kid: int) -> tuple[int, list[int]]:
        """Case mode of a key: CAP when every alias is capitalised (not an acronym).

        Returns ``(mode, place indices)``; for other modes the indices are re-checked per
        hit with :func:`_case_ok`.
        """
        entries = self._entries[kid]
        cap = all(alias[:1].isupper() and not _is_acronym(alias) for _, alias, _ in entries)
        return (_CAP if cap else _MIXED), [i for i, _, _ in entries]

    # ------------------------------------------------------------------ recognition
    def _raw_spans(self, view: str, lo: int, hi: int) -> list[_Hit]:
        """All boundary- and case-valid hits in ``view[lo:hi]``."""
        out: list[_Hit] = []
        # padded[k + 1] == view[k]: the characters around any hit exist, and NUL is no letter
        padded = f"\x00{view}\x00"
        for end, (kid, length, mode, indices) in self._automaton.iter(padded, lo + 1, hi + 1):
            start = end - length  # view offsets: the hit is view[start:end]
            if padded[start].isalnum() or padded[end + 1].isalnum():
                continue
            if mode == _CAP:
                out.append((start, end, kid, indices))
                continue
            surface = view[start:end]
            entries = [i for i, alias, _ in self._entries[kid] if _case_ok(alias, surface)]
            if entries:
                out.append((start, end, kid, entries))
        return out

    @staticmethod
    def _longest(hits: list[_Hit]) -> list[_Span]:
        """Leftmost-longest selection of non-overlapping hits."""
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        kept: list[_Span] = []
        last_end = -1
        for start, end, kid, entries in hits:
            if start < last_end:
                continue
            kept.append(_Span(start, end, kid, list(entries)))
            last_end = end
        return kept

    def _ellipsis_spans(self, view: str, spans: list[_Hit], lo: int, hi: int) -> list[_Hit]:
        """Spans for the elided first conjunct of a coordination.

        "North and South Ossetia": "North" gets the entries of "North Ossetia" when that is
        an alias; "the Black and Azov Seas": "Black" gets "Black Sea" and "Azov Seas" gets
        "Azov Sea". Returns the new spans (those of ``spans`` are not changed).
        """
        out: list[_Hit] = []
        if view.find(" and ", lo, hi) < 0 and view.find(", ", lo, hi) < 0:
            return out
        by_start = {s[0]: s for s in spans}
        for start in sorted(by_start):
            # a modifier and separator (" and ", ", ", " or ") ending where a capitalised
            # hit starts
            if view[start - 2 : start] not in _ELLIPSIS_SEP_ENDS or not "A" <= view[start] <= "Z":
                continue
            m = _ELLIPSIS_MOD.search(view, max(lo, start - _ELLIPSIS_MOD_REACH), start)
            if m is None:
                continue
            rest = self._keys[by_start[start][2]].split(" ", 1)
            if len(rest) != 2:
                continue
            kid = self._key_ids.get(f"{m.group(1).lower()} {rest[1]}")
            if kid is not None:
                out.append((m.start(1), m.end(1), kid, [i for i, _, _ in self._entries[kid]]))
        if not any(view.find(" " + head, lo, hi) >= 0 for head in _ELLIPSIS_HEADS):
            return out
        for m in _ELLIPSIS_HEAD.finditer(view, lo, hi):
            head = m.group(3)[:-1].lower()
            for g in (1, 2):
                kid = self._key_ids.get(f"{m.group(g).lower()} {head}")
                if kid is None:
                    continue
                end = m.end(g) if g == 1 else m.end(3)
                out.append((m.start(g), end, kid, [i for i, _, _ in self._entries[kid]]))
        return out

    def _filter(self, view: str, span: _Span) -> bool:
        """Apply context filters; return False to drop the span."""
        ctx_needed = self._ctx[span.key]
        if ctx_needed and not ctx_needed.isdisjoint(span.entries):
            if sentence_initial(view, span.start) or not has_locative_evidence(
                view, span.start, span.end
            ):
                span.entries = [i for i in span.entries if i not in ctx_needed]
            else:
                span.needed_context = True
        if not span.entries:
            return False
        span.in_name = in_name(view, span.start, span.end)
        if span.in_name:
            return True
        if ctx_needed or len(span.entries) != len(self._entries[span.key]):
            prior = max(self.places[i].prior for i in span.entries)
        else:
            prior = self._max_prior[span.key]
        if prior < 0.8:
            return not looks_like_person(view, span.start, span.end)
        return True

    # ------------------------------------------------------------------ resolution
    def _adjacent_countries(self, kept: list[_Span], j: int) -> set[str]:
        """Countries of unambiguous mentions directly next to ``kept[j]``.

        "Directly" means at most three characters apart: hyphenated chains
        ("Rasht-Astara") and pairs ("Julfa and Jolfa" is four words, so not).
        """
        out = set()
        for k in (j - 1, j + 1):
            if 0 <= k < len(kept) and len(kept[k].entries) == 1:
                gap = kept[j].start - kept[k].end if k < j else kept[k].start - kept[j].end
                country = self.places[kept[k].entries[0]].country
                if gap <= 3 and country:
                    out.add(country)
        return out

    def _resolve(
        self, view: str, span: _Span, countries: set[str], near: set[str] = frozenset()
    ) -> tuple[Place, float]:
        simple = self._simple.get(span.key)
        if simple is not None and not span.needed_context and len(span.entries) == 1:
            return simple
        cue = cue_kind(view, span.start, span.end) if len(span.entries) > 1 else ""
        scored = []
        for i in span.entries:
            p = self.places[i]
            score = p.prior
            if p.country and p.country in countries:
                score += 0.3
            if p.country and p.country in near:
                score += 0.35
            if cue and p.kind == cue:
                score += 1.5
            scored.append((score, -i, p))
        scored.sort(reverse=True)
        best_score, _, best = scored[0]
        if len(scored) == 1:
            conf = 0.6 + 0.35 * best.prior
        else:
            runner = scored[1][0]
            conf = 0.5 + 0.45 * (best_score - runner) / max(best_score, 1e-6)
        if span.needed_context:
            conf *= 0.85
        return best, round(min(conf, 0.99), 3)

    # ------------------------------------------------------------------ public
    def parse(
        self,
        norm: NormalisedText,
        spans: Iterable[tuple[int, int]] | None = None,
        rejected: list[tuple[int, int, str]] | None = None,
    ) -> list[Mention]:
        """Find and resolve toponyms: mentions in text order, offsets into ``norm.original``.

        ``spans`` are the ranges of the view to analyse (the whole text when ``None``);
        ``rejected``, when given, receives ``(start, end, surface)`` (original offsets) of
        candidate names that matched an alias but were dropped for lack of context.
        """
        view = norm.text
        ranges = list(spans) if spans is not None else [(0, len(view))]
        raw: list[_Hit] = []
        for lo, hi in ranges:
            if hi > lo:
                found = self._raw_spans(view, lo, hi)
                # ellipsis spans first: they win a tie with a bare hit on the same range
                raw.extend(self._ellipsis_spans(view, found, lo, hi))
                raw.extend(found)
        kept = []
        for s in self._longest(raw):
            if self._filter(view, s):
                kept.append(s)
            elif rejected is not None:
                a, b = norm.orig(s.start), norm.orig(s.end)
                rejected.append((a, b, norm.original[a:b]))
        countries = {
            self.places[s.entries[0]].country
            for s in kept
            if len(s.entries) == 1 and self.places[s.entries[0]].country
        }
        mentions = []
        simple = self._simple
        for j, s in enumerate(kept):
            if len(s.entries) > 1:
                near = self._adjacent_countries(kept, j)
                place, conf = self._resolve(view, s, countries, near)
            elif s.needed_context or s.key not in simple:
                place, conf = self._resolve(view, s, countries)
            else:  # unambiguous and context-free: resolved when the parser was built
                place, conf = simple[s.key]
            if norm.to_original is None:  # the view is the original text
                o_start, o_end = s.start, s.end
            else:
                o_start, o_end = norm.orig(s.start), norm.orig(s.end)
            others = () if len(s.entries) == 1 else tuple(
                self.places[i].place_id for i in s.entries
                if self.places[i].place_id != place.place_id)
            mentions.append(Mention(norm.original[o_start:o_end], o_start, o_end, place, conf,
                                    s.in_name, others))
        return mentions


def sentence_of(sentences: list[tuple[int, int]], starts: list[int], offset: int) -> int:
    """Index of the sentence containing ``offset`` (or the closest one before it).

    Parameters
    ----------
    sentences
        Ordered ``(start, end)`` spans.
    starts
        ``[s for s, _ in sentences]`` (pre-computed for speed).
    offset
        A character offset.

    Returns
    -------
    int
        Sentence index, or -1 when ``offset`` precedes the first sentence.
    """
    return bisect.bisect_right(starts, offset) - 1
