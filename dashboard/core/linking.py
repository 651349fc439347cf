"""Link sentences to transport corridors.

Every sentence gets the set of corridors it talks about, each with a *basis*:

``named``
    A corridor name or alias occurs in the sentence. Names and aliases come from the
    corridor index (``geodata/corridors/index.json``, read at run time). Aliases match
    case-insensitively on word boundaries with dashes and hyphens equal to spaces (so
    "Baku–Tbilisi–Ceyhan", "Baku-Tbilisi-Ceyhan" and "North South Transport Corridor"
    match); all-capital acronyms ("TITR", "INSTC") match exactly. An alias match lying
    inside a trap phrase is dropped: "East Zangezur" is an Azerbaijani economic region,
    "Southern Gas Corridor" / "South Caucasus Pipeline" / "Baku-Tbilisi-Erzurum" are gas
    pipelines, not BTC. Aliases, traps and rule trigger words share one Aho-Corasick
    automaton, so a document is scanned once.

``described``
    The sentence describes a corridor without naming it. Rules are conjunctions of
    cue classes (regular expressions over the sentence), written from what defines each
    route rather than from any particular article, and evaluated only on sentences that
    contain one of the rules' trigger words:

    * zangezur -- a transport link + Nakhchivan + passage through Armenia / Syunik /
      Meghri; the Horadiz-Aghband railway; or reviving/unblocking rail or transport links
      foreseen by the November 2020 trilateral (ceasefire) statement;
    * aras -- a bridge/road/railway over or along the Aras river; or a transport link /
      transit between Nakhchivan and mainland Azerbaijan (or East Zangezur) through Iran /
      Iranian territory; the Aghband-Kalaleh bridge;
    * instc -- transit/gateway/route wording with India and Russia or Iran, or with a
      southern terminal (Bandar Abbas, Chabahar, Mumbai/Nhava Sheva, the Persian Gulf) and
      Russia / the Caspian / the Volga; the Rasht-Astara railway; a "north-south"
      route/corridor with Russia, Iran or India;
    * middle_corridor -- transit/gateway/route wording linking China / Central Asia /
      Kazakhstan with Turkey / Europe / Georgia / the Black Sea (or their ports); the
      Baku-Tbilisi-Kars
      railway; trans-Caspian ferries/cargo from Aktau, Kuryk or Turkmenbashi; an
      "east-west" route/corridor;
    * btc -- an oil pipeline to Ceyhan / from the Caspian to the Mediterranean, never a
      gas pipeline; the acronym "BTC" (upper case) next to oil/crude/pipeline wording.

    The "Trump Route" (short for the TRIPP alias) is a described zangezur mention.

``anaphoric``
    The sentence refers back with "this project", "the aforesaid corridor", "the new
    route" ... and the sentence just before it (same paragraph) is linked: it inherits
    those corridors.

Not handled: anaphora further back than one sentence, corridor descriptions spread over
several sentences, and negated or hypothetical mentions (they are still linked).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

from dashboard.core.text import fold, lower_same_length

# Phrases that contain a corridor alias or cue but name something else.
TRAP_PHRASES: tuple[str, ...] = (
    "East Zangezur",
    "East Zangazur",
    "Eastern Zangezur",
    "Eastern Zangazur",
    "Southern Gas Corridor",
    "South Caucasus Pipeline",
    "Baku-Tbilisi-Erzurum",
    "Trans-Anatolian",
    "Trans Anatolian",
    "North-South gas",
)
_TRAP = "\x00trap"
_TRIGGER = ""


def _match_key(text: str) -> str:
    """Lower-case, hyphens as spaces (length-preserving): the key space of the matcher."""
    return lower_same_length(text).replace("-", " ")


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in alias


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


TRANSPORT = _rx(
    r"\b(rail(?:way|road)?s?|rail\s+links?|roads?|highways?|motorways?|bridges?|corridors?|"
    r"routes?|transit|transport(?:ation)?|communications?|links?|linking|connect(?:s|ing|ion)?|"
    r"connectivity|crossing|cargo|freight|trade\s+between|passage|gateway)\b"
)
TRANSIT = _rx(
    r"\b(gateway|transit|routes?|corridors?|rail(?:way|road)?s?|cargo|freight|ferr(?:y|ies)|"
    r"trade\s+routes?|shipping|logistics|connect(?:s|ing)?|links?|linking)\b"
)
NAKHCHIVAN = _rx(r"\b(nakh[cč]?[ih]?[iy]?[cč]?h?[ie]?van|naxçıvan|naxcivan|nakhijevan)\w*")
THROUGH_ARMENIA = _rx(
    r"\b(through|across|via|over)\s+(the\s+)?(armenia|armenian\s+territory|southern\s+armenia)"
    r"|\b(syunik|siunik|meghri|zang[ae]zur)\b|armenia's\s+(syunik|south)"
)
THROUGH_IRAN = _rx(
    r"\b(through|across|via|over)\s+(the\s+)?(iran|iranian\s+territory|territory\s+of\s+iran)"
    r"|\biranian\s+territory\b"
)
ARAS_RIVER = _rx(r"\b(aras|araz|araks|araxes)\b(?!\s+corridor)")
BRIDGE_ROAD = _rx(r"\b(bridges?|roads?|rail(?:way|road)?s?|highways?|crossings?|routes?)\b")
MAINLAND = _rx(r"\b(azerbaijan|east(?:ern)?\s+zang[ae]zur|mainland|azerbaijan\s+proper)\b")
HORADIZ_AGHBAND = _rx(r"\bhoradiz\w*-\w*a[gğ]h?b[ae]n?d|\bhoradiz\b.*\ba[gğ]h?b[ae]nd\b")
KALALEH = _rx(r"\b(kalaleh|kelaleh|kalala)\b")
NOV_2020 = _rx(
    r"\b(november\s+(9|10|9-10)?,?\s*2020|(9|10)\s+november\s+2020|trilateral\s+"
    r"(statement|declaration)|2020\s+ceasefire|ceasefire\s+(agreement|statement))"
)
REVIVE = _rx(r"\b(reviv\w*|revival|unblock\w*|restor\w*|reopen\w*|re-open\w*)\b")
RAIL_OR_LINKS = _rx(
    r"\b(rail(?:way|road)?s?|transport\s+(links?|communications?)|"
    r"communications?|roads?)\b"
)
INDIA = _rx(r"\bindia\b")
RUSSIA_OR_IRAN = _rx(r"\b(russia|iran)\b")
RASHT_ASTARA = _rx(r"\brasht\W+astara|\bastara\W+rasht")
NORTH_SOUTH = _rx(r"\bnorth-south\s+(route|corridor|transit|transport|trade\s+route|link)")
EAST_ASIA_SIDE = _rx(
    r"\b(china|chinese|central\s+asia\w*|kazakhstan|aktau|kuryk|turkmenbashi|khorgos|"
    r"dostyk|altynkol|xi'an|chongqing|urumqi|almaty)\b"
)
WEST_SIDE = _rx(
    r"\b(turkey|t[uü]rkiye|europe|georgia|black\s+sea|anatolia|ankara|istanbul|poti|batumi|"
    r"anaklia|kars|mersin)\b"
)
INSTC_SOUTH = _rx(r"\b(bandar\s+abbas|chabahar|mumbai|nhava\s+sheva|jnpt|persian\s+gulf)\b")
INSTC_NORTH = _rx(r"\b(russia\w*|astrakhan|makhachkala|moscow|volga|caspian)\b")
BTK = _rx(r"\bbaku-tbilisi-kars\b|\bkars-tbilisi-baku\b|\bBTK\b")
TRANS_CASPIAN = _rx(r"\btrans-?caspian\b.*\b(ferr(?:y|ies)|cargo|route|transport|shipping)\b")
EAST_WEST = _rx(r"\beast-west\s+(route|corridor|transit|transport|trade\s+route|link)")
OIL_PIPELINE = _rx(r"\boil\s+pipeline|\bpipeline\b.*\b(crude|oil)\b|\bcrude\b.*\bpipeline\b")
CEYHAN_CASPIAN = _rx(r"\bceyhan\b|\bcaspian\b.*\bmediterranean\b|\bsangachal\b")
BTC_ACRONYM = re.compile(r"\bBTC\b")  # case-sensitive: "btc" is usually bitcoin
OIL_WORDS = _rx(r"\b(oil|crude|barrels?|pipeline|ceyhan)\b")
TRUMP_ROUTE = _rx(r"\btrump\s+route\b")
GAS = _rx(r"\bgas\b")
# Lower-case literals, one of which every descriptive rule needs (cheap pre-filter).
TRIGGER_WORDS: tuple[str, ...] = (
    "nakh",
    "naxç",
    "naxc",
    "horadiz",
    "november",
    "trilateral",
    "ceasefire",
    "aras",
    "araz",
    "araks",
    "araxes",
    "kalaleh",
    "kelaleh",
    "kalala",
    "india",
    "rasht",
    "north-south",
    "china",
    "chinese",
    "central asia",
    "kazakhstan",
    "aktau",
    "kuryk",
    "turkmenbashi",
    "khorgos",
    "dostyk",
    "altynkol",
    "xi'an",
    "chongqing",
    "urumqi",
    "almaty",
    "bandar abbas",
    "chabahar",
    "mumbai",
    "nhava sheva",
    "jnpt",
    "persian gulf",
    "baku-tbilisi-kars",
    "kars-tbilisi-baku",
    "btk",
    "east-west",
    "pipeline",
    "btc",
    "trump route",
)
ANAPHOR = _rx(
    r"\b(this|that|these|the\s+(aforesaid|aforementioned|said|same|proposed|planned|new|"
    r"latter|former))\s+(projects?|corridors?|routes?|links?|rail(?:way|road)?s?|roads?|"
    r"bridges?|initiatives?|connections?|transit\s+routes?)\b|\bthe\s+corridor\b"
)


@dataclass(frozen=True)
class CorridorLink:
    """One (sentence, corridor) link.

    Offsets are into the normalised view of the document; callers map them back.
    """

    sentence: int
    corridor: str
    basis: str
    terms: tuple[str, ...] = ()
    term_spans: tuple[tuple[int, int], ...] = ()


@dataclass
class CorridorRules:
    """Named-alias patterns (from the corridor index) plus descriptive rules.

    Parameters
    ----------
    index
        ``{corridor_id: entry}`` with ``aliases`` (and optionally ``name``,
        ``short_name``, ``excluded_terms``), as returned by
        ``dashboard.core.corridors.load_corridor_index``.
    """

    index: Mapping[str, Mapping]
    _automaton: ahocorasick.Automaton | None = None

    def __post_init__(self) -> None:
        keys: dict[str, set[tuple[str, str]]] = {}
        for cid, entry in self.index.items():
            names = [*entry.get("aliases", [])]
            for key in ("name", "short_name"):
                value = entry.get(key) or ""
                if value and ("corridor" in value.lower() or "pipeline" in value.lower()):
                    names.append(re.sub(r"\s*\(.*?\)", "", value))
            for name in names:
                alias = fold(name).strip()
                if alias:
                    exact = alias if _is_acronym(alias) else ""
                    keys.setdefault(_match_key(alias), set()).add((cid, exact))
        for trap in TRAP_PHRASES:
            keys.setdefault(_match_key(trap), set()).add((_TRAP, ""))
        for word in TRIGGER_WORDS:
            keys.setdefault(_match_key(word), set()).add((_TRIGGER, ""))
        self._automaton = ahocorasick.Automaton()
        for key, tags in keys.items():
            self._automaton.add_word(key, (len(key), tuple(sorted(tags))))
        self._automaton.make_automaton()

    @staticmethod
    def described(sentence: str, base: int) -> dict[str, list[tuple[str, int, int]]]:
        """Corridors described (not named) in ``sentence``; evidence terms with offsets."""
        out: dict[str, list[tuple[str, int, int]]] = {}

        def hit(cid: str, *patterns: re.Pattern[str]) -> None:
            terms = out.setdefault(cid, [])
            for p in patterns:
                m = p.search(sentence)
                if m:
                    terms.append((m.group(0), base + m.start(), base + m.end()))

        s = sentence
        via_iran = bool(THROUGH_IRAN.search(s))
        if (
            NAKHCHIVAN.search(s)
            and TRANSPORT.search(s)
            and THROUGH_ARMENIA.search(s)
            and not via_iran
        ):
            hit("zangezur", NAKHCHIVAN, THROUGH_ARMENIA, TRANSPORT)
        if HORADIZ_AGHBAND.search(s):
            hit("zangezur", HORADIZ_AGHBAND)
        if RAIL_OR_LINKS.search(s) and REVIVE.search(s) and NOV_2020.search(s):
            hit("zangezur", RAIL_OR_LINKS, REVIVE, NOV_2020)
        if ARAS_RIVER.search(s) and BRIDGE_ROAD.search(s):
            hit("aras", ARAS_RIVER, BRIDGE_ROAD)
        if NAKHCHIVAN.search(s) and via_iran and MAINLAND.search(s) and TRANSPORT.search(s):
            hit("aras", NAKHCHIVAN, THROUGH_IRAN, TRANSPORT)
        if KALALEH.search(s):
            hit("aras", KALALEH)
        if INDIA.search(s) and RUSSIA_OR_IRAN.search(s) and TRANSIT.search(s):
            hit("instc", INDIA, RUSSIA_OR_IRAN, TRANSIT)
        if INSTC_SOUTH.search(s) and INSTC_NORTH.search(s) and TRANSIT.search(s):
            hit("instc", INSTC_SOUTH, INSTC_NORTH, TRANSIT)
        if RASHT_ASTARA.search(s):
            hit("instc", RASHT_ASTARA)
        if NORTH_SOUTH.search(s) and (RUSSIA_OR_IRAN.search(s) or INDIA.search(s)):
            hit("instc", NORTH_SOUTH)
        if EAST_ASIA_SIDE.search(s) and WEST_SIDE.search(s) and TRANSIT.search(s):
            hit("middle_corridor", EAST_ASIA_SIDE, WEST_SIDE, TRANSIT)
        if BTK.search(s):
            hit("middle_corridor", BTK)
        if TRANS_CASPIAN.search(s) and EAST_ASIA_SIDE.search(s):
            hit("middle_corridor", TRANS_CASPIAN)
        if EAST_WEST.search(s):
            hit("middle_corridor", EAST_WEST)
        if BTC_ACRONYM.search(s) and OIL_WORDS.search(s):
            hit("btc", BTC_ACRONYM, OIL_WORDS)
        if TRUMP_ROUTE.search(s):
            hit("zangezur", TRUMP_ROUTE)
        if OIL_PIPELINE.search(s) and CEYHAN_CASPIAN.search(s) and not GAS.search(s):
            hit("btc", OIL_PIPELINE, CEYHAN_CASPIAN)
        return {k: v for k, v in out.items() if v}

    def link(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        skip: Iterable[int] = (),
    ) -> list[CorridorLink]:
        """Link every sentence of a document to corridors.

        One Aho-Corasick pass over the document finds corridor aliases, trap phrases and
        the trigger words of the descriptive rules; only sentences with a hit (and the
        sentence after a linked one, for anaphora) are examined further. Anaphora does
        not cross paragraph (line) breaks.

        Parameters
        ----------
        text
            Normalised view of the document.
        sentences
            Sentence spans in the view.
        skip
            Indices of sentences not to analyse (page furniture).

        Returns
        -------
        list of CorridorLink
            Links in sentence order, at most one per (sentence, corridor).
        """
        skipped = set(skip)
        starts = [s for s, _ in sentences]
        named_hits, triggered = self._scan(text, sentences, starts)
        candidates = set(named_hits) | triggered
        links: list[CorridorLink] = []
        previous: list[CorridorLink] = []
        for i in sorted(candidates | {i + 1 for i in candidates}):
            if i in skipped or i >= len(sentences):
                continue
            start, end = sentences[i]
            current = []
            if i in candidates:
                described = self.described(text[start:end], start) if i in triggered else {}
                current = self._combine(i, named_hits.get(i, {}), described)
            if not current and previous and previous[0].sentence == i - 1:
                between = text[sentences[i - 1][1] : start]
                if "\n" not in between and i - 1 not in skipped:
                    current = self._anaphoric(i, text[start:end], start, previous)
            links.extend(current)
            previous = current
        return links

    def _scan(
        self, text: str, sentences: list[tuple[int, int]], starts: list[int]
    ) -> tuple[dict[int, dict[str, list[tuple[str, int, int]]]], set[int]]:
        """One pass over the document: alias hits per sentence and triggered sentences."""
        named: dict[int, dict[str, list[tuple[str, int, int]]]] = {}
        triggered: set[int] = set()
        if self._automaton is None:
            return named, triggered
        hits = []
        traps = []
        n = len(text)
        for end_idx, (length, tags) in self._automaton.iter(_match_key(text)):
            end = end_idx + 1
            start = end - length
            if tags[0][0] == _TRIGGER and len(tags) == 1:
                i = bisect.bisect_right(starts, start) - 1
                if i >= 0 and start < sentences[i][1]:
                    triggered.add(i)
                continue
            if (start > 0 and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
                continue
            for tag, exact in tags:
                if tag == _TRAP:
                    traps.append((start, end))
                elif tag == _TRIGGER:
                    i = bisect.bisect_right(starts, start) - 1
                    if i >= 0 and start < sentences[i][1]:
                        triggered.add(i)
                elif not exact or text[start:end] == exact:
                    hits.append((tag, start, end))
        for cid, start, end in hits:
            if any(s <= start and end <= e for s, e in traps):
                continue
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or end > sentences[i][1]:
                continue
            found = named.setdefault(i, {}).setdefault(cid, [])
            if all(not (s < end and start < e) for _, s, e in found):
                found.append((text[start:end], start, end))
        return named, triggered

    def _combine(
        self,
        i: int,
        named: dict[str, list[tuple[str, int, int]]],
        described: dict[str, list[tuple[str, int, int]]],
    ) -> list[CorridorLink]:
        """Named links first, described ones for the other corridors, in index order."""
        out = []
        for cid in self.index:
            if cid in named:
                basis, ev = "named", named[cid]
            elif cid in described:
                basis, ev = "described", described[cid]
            else:
                continue
            out.append(
                CorridorLink(
                    i, cid, basis, tuple(t for t, _, _ in ev), tuple((s, e) for _, s, e in ev)
                )
            )
        return out

    @staticmethod
    def _anaphoric(
        i: int, sentence: str, base: int, previous: list[CorridorLink]
    ) -> list[CorridorLink]:
        """Inherit the previous sentence's corridors when this one refers back to them."""
        m = ANAPHOR.search(sentence)
        if not m:
            return []
        span = ((base + m.start(), base + m.end()),)
        return [CorridorLink(i, p.corridor, "anaphoric", (m.group(0),), span) for p in previous]
