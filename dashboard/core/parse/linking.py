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
    The sentence describes a corridor without naming it, in one of two ways:

    * by the map (``linking_geometry``): it names two places of the corridor's route (its
      nodes, and the gazetteer places within a few km of its segments, computed from the
      corridor geometry), or one together with a transport frame (rail, road, bridge,
      ferry, pipeline, customs, border crossing, cargo, transit, trucks, freight ...).
      Where corridors share places the mode (a pipeline sentence is BTC, a rail/road one
      is not) and the side of a border (Iran for the Aras route, Armenia for Zangezur)
      decide, then the paragraph's topic; the link's last term records why;
    * by a rule of the linking table: conjunctions of cue classes for what the map cannot
      say (a transit between India and Russia or Iran, China with Europe or Türkiye, the
      November 2020 statement's railway, a bridge over the Aras, an oil pipeline to Ceyhan),
      evaluated only on sentences holding one of the rules' trigger words.

``anaphoric``
    A sentence with no link of its own that refers back (a definite description: *the
    corridor, the route, the line, the railway, the bridge, the project, the pipeline*; a
    pronoun; a topic cue such as "BTC" or "oil" while the BTC pipeline is the topic) takes
    the corridors of its nearest compatible antecedent in the paragraph or the previous one
    (``linking_discourse``): compatible by mode, not pre-empted by another facility, and a
    pronoun only to a single corridor or to the subject of the sentence before. A paragraph
    that ends or opens on something else ends the chain; headings are transparent.

Not handled: corridor descriptions spread over several sentences, and negated or
hypothetical mentions (they are still linked).
"""

from __future__ import annotations

import bisect
import heapq
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from dashboard.core.parse.linking_discourse import (
    bridged,
    nearest_antecedents,
    paragraph_ids,
    refer,
)
from dashboard.core.parse.linking_geometry import (
    RouteMatch,
    RouteMatcher,
    country_names,
    load_route_places,
)
from dashboard.core.parse.linking_literals import CueSearch
from dashboard.core.paths import geodata_dir
from dashboard.core.text.normalise import fold, lower_same_length

_TRAP = "\x00trap"
_TRIGGER = ""
_ANAPHOR_HEAD = "\x00anaphor"
_PLACE = "\x00place"


def _match_key(text: str) -> str:
    """Lower-case, hyphens as spaces (length-preserving): the key space of the matcher."""
    return lower_same_length(text).replace("-", " ")


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in alias


def _settle(
    match: RouteMatch, topic: frozenset[str], doc_named: frozenset[str]
) -> tuple[bool, str]:
    """Whether a route match whose places other corridors share is kept, and why."""
    if not match.rivals:
        return True, match.reason
    group = match.rivals | {match.corridor}
    for prefer, why in ((topic, "the paragraph's topic"), (doc_named, "named in the text")):
        if prefer & group:
            if match.corridor not in prefer:
                return False, ""
            if match.rivals & prefer:
                return True, match.reason
            return True, f"shares places with {', '.join(sorted(match.rivals))}; {why}"
    return True, match.reason


@dataclass(frozen=True)
class _Rule:
    """A conjunction of cues: all of ``needs`` match, none of ``blocks`` does."""

    corridor: str
    needs: tuple[re.Pattern[str], ...]
    blocks: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class LinkingTable:
    """The declarative linking table (``geodata/corridors/linking.json``), compiled.

    Attributes
    ----------
    rules
        Descriptive rules and defining segments of every corridor, in table order.
    triggers
        Lower-case literals, one of which every rule needs (a cheap pre-filter).
    traps
        Phrases that contain a corridor alias or cue but name something else.
    anaphor
        A back-reference to the paragraph's topic ("the project", "this bridge").
    anaphor_triggers
        Lower-case head words of the anaphors (pre-filter).
    anaphor_blocks
        Per corridor: cues that stop a sentence from inheriting it ("gas" for BTC).
    topic_cues
        Per corridor: cues that refer back to it while it is the paragraph's topic.
    pronoun
        A subject pronoun opening a sentence ("It ...").
    subject_window
        How far (characters) into a sentence its corridor evidence may start for the
        corridor to count as the sentence's subject (antecedent of ``pronoun``).
    """

    rules: tuple[_Rule, ...]
    triggers: tuple[str, ...]
    traps: tuple[str, ...]
    anaphor: re.Pattern[str]
    anaphor_triggers: tuple[str, ...]
    anaphor_blocks: dict[str, tuple[re.Pattern[str], ...]]
    topic_cues: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    pronoun: re.Pattern[str] | None = None
    subject_window: int = 0
    route_places: bool = False


def compile_table(doc: Mapping) -> LinkingTable:
    """Compile a linking table document.

    Parameters
    ----------
    doc
        The parsed JSON of ``linking.json`` (``cues``, ``triggers``, ``anaphor``,
        ``anaphor_triggers`` and ``corridors`` with ``rules``, ``defining_segments``,
        ``traps`` and ``anaphor_block``).

    Returns
    -------
    LinkingTable
        Compiled patterns.

    Raises
    ------
    ValueError
        If a rule names a cue the table does not define.
    """
    cues = {
        name: re.compile(c["pattern"], 0 if c.get("case_sensitive") else re.I)
        for name, c in doc["cues"].items()
    }

    def cue(name: str) -> re.Pattern[str]:
        if name not in cues:
            raise ValueError(f"linking table: unknown cue {name!r}")
        return cues[name]

    rules, traps, blocks, topic_cues = [], [], {}, {}
    for cid, entry in doc["corridors"].items():
        topic_cues[cid] = tuple(cue(n) for n in entry.get("topic_cues", []))
        for rule in [*entry.get("rules", []), *entry.get("defining_segments", [])]:
            needs = tuple(cue(n) for n in rule["all"])
            rules.append(_Rule(cid, needs, tuple(cue(n) for n in rule.get("none", []))))
        traps += entry.get("traps", [])
        blocks[cid] = tuple(cue(n) for n in entry.get("anaphor_block", []))
    return LinkingTable(
        tuple(rules),
        tuple(doc.get("triggers", [])),
        tuple(dict.fromkeys(traps)),
        re.compile(doc["anaphor"], re.I),
        tuple(doc.get("anaphor_triggers", [])),
        blocks,
        topic_cues,
        re.compile(doc["pronoun"]) if doc.get("pronoun") else None,
        int(doc.get("subject_window", 0)),
        bool(doc.get("route_places", False)),
    )


def linking_table_path(geodata: Path | None = None) -> Path:
    """Path of ``linking.json`` (beside the corridor index)."""
    return Path(geodata or geodata_dir()) / "corridors" / "linking.json"


def load_linking_table(geodata: Path | None = None) -> LinkingTable:
    """Read and compile ``geodata/corridors/linking.json``."""
    return compile_table(json.loads(linking_table_path(geodata).read_text(encoding="utf-8")))


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
    """Named-alias patterns (from the corridor index) plus the declarative linking table.

    Parameters
    ----------
    index
        ``{corridor_id: entry}`` with ``aliases`` (and optionally ``name``,
        ``short_name``, ``excluded_terms``), as returned by
        ``dashboard.core.geodata.corridors.load_corridor_index``.
    table
        The compiled linking table; ``geodata/corridors/linking.json`` when ``None``.
    """

    index: Mapping[str, Mapping]
    table: LinkingTable | None = None
    routes: RouteMatcher | None = None
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False)
    _cues: dict[re.Pattern[str], CueSearch] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.table is None:
            self.table = load_linking_table()
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
        for trap in self.table.traps:
            keys.setdefault(_match_key(trap), set()).add((_TRAP, ""))
        for word in self.table.triggers:
            keys.setdefault(_match_key(word), set()).add((_TRIGGER, ""))
        for word in self.table.anaphor_triggers:
            keys.setdefault(_match_key(word), set()).add((_ANAPHOR_HEAD, ""))
        if self.routes is None and self.table.route_places:
            self.routes = RouteMatcher(load_route_places(), country_names())
        for name, idx in self.routes.names() if self.routes else ():
            keys.setdefault(_match_key(fold(name)), set()).add((_PLACE, str(idx)))
        self._automaton = ahocorasick.Automaton()
        for key, tags in keys.items():
            self._automaton.add_word(key, (len(key), tuple(sorted(tags))))
        self._automaton.make_automaton()
        self._cues = {cue: CueSearch(cue) for rule in self.table.rules for cue in rule.needs}

    def described(self, sentence: str, base: int) -> dict[str, list[tuple[str, int, int]]]:
        """Corridors described (not named) in ``sentence``; evidence terms with offsets.

        A corridor is described when one of its rules or defining segments in the linking
        table holds: every ``all`` cue matches the sentence and no ``none`` cue does.
        """
        out: dict[str, list[tuple[str, int, int]]] = {}
        seen: dict[re.Pattern[str], re.Match[str] | None] = {}  # cues shared by rules
        lowered = sentence.lower() if sentence.isascii() else None
        cues = self._cues
        for rule in self.table.rules:
            found = []
            for cue in rule.needs:
                m = seen[cue] if cue in seen else seen.setdefault(
                    cue, cues[cue].search(sentence, lowered)
                )
                if not m:
                    break
                found.append((m.group(0), base + m.start(), base + m.end()))
            else:
                if not any(b.search(sentence) for b in rule.blocks):
                    out.setdefault(rule.corridor, []).extend(found)
        return out

    def link(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        skip: Iterable[int] = (),
    ) -> list[CorridorLink]:
        """Link every sentence of a document to corridors.

        One scan finds aliases, traps, rule triggers, route places and anaphor heads; only
        sentences with a hit are examined. A sentence with no name or description of its
        own that refers back ("the project", "this bridge", "It ...") is linked to the
        nearest compatible antecedent (``linking_discourse``) as ``anaphoric``. ``text`` is
        the normalised view, ``sentences`` its sentence spans, ``skip`` the sentences not
        to analyse (page furniture). Links come in sentence order, at most one per
        (sentence, corridor).
        """
        skipped = set(skip)
        named_hits, triggered, anaphoric, places, others = self._scan(text, sentences)
        candidates = set(named_hits) | triggered | set(places)
        visit = sorted(candidates | anaphoric | others)  # a sorted list is a heap
        if not visit:
            return []
        paras = paragraph_ids(text, sentences)
        doc_named = frozenset(c for hits in named_hits.values() for c in hits)
        done: set[int] = set()
        links: list[CorridorLink] = []
        history: list[tuple[int, list[CorridorLink]]] = []
        linked: set[int] = set()

        def refers(j: int) -> bool:
            sentence = text[sentences[j][0] : sentences[j][1]]
            pronoun = self.table.pronoun
            found = self.table.anaphor.search(sentence)
            return bool(found or (pronoun and pronoun.search(sentence)))

        while visit:
            i = heapq.heappop(visit)
            if i in done or i in skipped or i >= len(sentences):
                continue
            done.add(i)
            start, end = sentences[i]
            recent = nearest_antecedents(
                history, paras, i, bool(history) and paras[history[-1][0]] < paras[i]
                and bridged(text, sentences, paras, i, linked.__contains__, refers)
            )
            current = []
            if i in candidates:
                described = self.described(text[start:end], start) if i in triggered else {}
                reasons = {}
                if i in places:
                    topic = frozenset(x.corridor for _, ls in recent[:1] for x in ls)
                    reasons = self._add_routes(
                        text[start:end], start, places[i], named_hits.get(i, {}), described,
                        topic, doc_named,
                    )
                current = self._combine(i, named_hits.get(i, {}), described, reasons)
            may_refer = i in anaphoric or i in triggered or i in named_hits or (
                history and history[-1][0] == i - 1  # a pronoun right after a link
            )
            if not current and recent and may_refer:
                current = refer(self, text, sentences, i, recent, paras, history, CorridorLink)
            if current:
                linked.add(i)
                history.append((i, current))
                heapq.heappush(visit, i + 1)  # the next sentence may open with "It"
            elif i in others:  # a named other route (a trap) is a nearer antecedent
                history.append((i, []))
            links.extend(current)
        return links

    def _add_routes(
        self,
        sentence: str,
        base: int,
        hits: list[tuple[int, int, int]],
        named: dict[str, list[tuple[str, int, int]]],
        described: dict[str, list[tuple[str, int, int]]],
        topic: frozenset[str] = frozenset(),
        doc_named: frozenset[str] = frozenset(),
    ) -> dict[str, str]:
        """Add to ``described`` the corridors the sentence's route places describe.

        Places inside a named alias ("Baku" in "Baku-Tbilisi-Ceyhan pipeline") are not
        evidence of another corridor, nor are places a corridor linked otherwise in the
        sentence shares ("Aghband" beside "a bridge over the Aras"). Corridors that share
        the places and that neither mode nor side told apart go to the ``topic`` (the
        nearest antecedent's corridors; else those ``doc_named``, named in the document)
        when one of them is in it. A capital counts as a route place only for the topic.
        The reason a shared place went to one corridor is returned per corridor.
        """
        reasons = {}
        inside = [(s, e) for ev in (*named.values(), *described.values()) for _, s, e in ev]
        hits = [h for h in hits if not any(s <= h[1] and h[2] <= e for s, e in inside)]
        linked = set(named) | set(described)
        places = self.routes.places if self.routes else ()
        if not places or all(
            set(places[h[0]].corridors) <= linked
            or (places[h[0]].capital and not set(places[h[0]].corridors) & topic)
            or (self.routes.capital_name(h[0]) and not set(places[h[0]].corridors) & topic)
            for h in hits
        ):
            return reasons  # nothing the places could add
        matches = self.routes.describe(sentence, base, hits, topic)
        for match in matches:
            if match.corridor in linked or match.rivals & linked:
                continue
            if any(b.search(sentence) for b in self.table.anaphor_blocks.get(match.corridor, ())):
                continue
            keep, reason = _settle(match, topic, doc_named)
            if keep:
                described[match.corridor] = list(match.evidence)
                if reason:
                    reasons[match.corridor] = reason
        return reasons

    def _scan(
        self, text: str, sentences: list[tuple[int, int]]
    ) -> tuple[
        dict[int, dict[str, list[tuple[str, int, int]]]],
        set[int],
        set[int],
        dict[int, list[tuple[int, int, int]]],
        set[int],
    ]:
        """One pass over the document.

        Returns alias hits per sentence, triggered sentences, sentences holding an anaphor
        head word, route-place hits per sentence (place index, start, end) and sentences
        naming another route (a trap such as "South Caucasus Pipeline").
        """
        starts = [s for s, _ in sentences]
        named: dict[int, dict[str, list[tuple[str, int, int]]]] = {}
        triggered: set[int] = set()
        anaphoric: set[int] = set()
        places: dict[int, list[tuple[int, int, int]]] = {}
        if self._automaton is None:
            return named, triggered, anaphoric, places, set()
        hits = []
        traps = []
        n = len(text)

        def sentence_at(pos: int) -> int:
            i = bisect.bisect_right(starts, pos) - 1
            return i if i >= 0 and pos < sentences[i][1] else -1

        for end_idx, (length, tags) in self._automaton.iter(_match_key(text)):
            end = end_idx + 1
            start = end - length
            if len(tags) == 1 and tags[0][0] == _TRIGGER:
                i = sentence_at(start)
                if i >= 0:
                    triggered.add(i)
                continue
            if (start > 0 and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
                continue
            for tag, exact in tags:
                if tag == _PLACE:
                    if text[start].isupper():
                        i = sentence_at(start)
                        if i >= 0:
                            places.setdefault(i, []).append((int(exact), start, end))
                    continue
                if tag == _TRAP:
                    traps.append((start, end))
                elif tag in (_TRIGGER, _ANAPHOR_HEAD):
                    i = sentence_at(start)
                    if i >= 0:
                        (triggered if tag == _TRIGGER else anaphoric).add(i)
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
        for i, hits in places.items():
            places[i] = [h for h in hits if not any(s <= h[1] and h[2] <= e for s, e in traps)]
        others = {i for s, _ in traps if (i := sentence_at(s)) >= 0}
        return named, triggered, anaphoric, places, others

    def _combine(
        self,
        i: int,
        named: dict[str, list[tuple[str, int, int]]],
        described: dict[str, list[tuple[str, int, int]]],
        reasons: Mapping[str, str] = {},  # noqa: B006 - read only
    ) -> list[CorridorLink]:
        """Named links first, described ones for the other corridors, in index order.

        A described link's reason (why a shared place went to this corridor) is its last
        term, in brackets and without a span.
        """
        out = []
        for cid in self.index:
            if cid in named:
                basis, ev = "named", named[cid]
            elif cid in described:
                basis, ev = "described", described[cid]
            else:
                continue
            terms = tuple(t for t, _, _ in ev)
            if basis == "described" and reasons.get(cid):
                terms += (f"({reasons[cid]})",)
            out.append(CorridorLink(i, cid, basis, terms, tuple((s, e) for _, s, e in ev)))
        return out
