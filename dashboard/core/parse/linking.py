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
      Meghri; a road or railway through Meghri / Syunik / Zangezur; the Horadiz-Aghband
      railway; or reviving/unblocking rail or transport links foreseen by the November
      2020 trilateral (ceasefire) statement;
    * aras -- a bridge/road/railway over or along the Aras (Araz, Arax) river; or a
      transport link / transit between Nakhchivan and mainland Azerbaijan (or East
      Zangezur, or "bypassing Armenia") through Iran / Iranian territory; the
      Aghband-Kalaleh bridge;
    * instc -- transit/gateway/route wording with India and Russia or Iran (not on a
      China-Europe axis), or with a southern terminal (Bandar Abbas, Chabahar,
      Mumbai/Nhava Sheva, the Persian Gulf) and Russia / the Caspian / the Volga; the
      Rasht-Astara railway; a "north-south" route/corridor with Russia, Iran or India, or
      a "North-South" (international) transport corridor;
    * middle_corridor -- transit/gateway/route wording linking China / Central Asia /
      Kazakhstan with Turkey / Europe / Georgia / the Black Sea (or their ports); the
      Baku-Tbilisi-Kars
      railway; trans-Caspian ferries/cargo from Aktau, Kuryk or Turkmenbashi; an
      "east-west" route/corridor;
    * btc -- an oil pipeline to Ceyhan / from the Caspian to the Mediterranean, never a
      gas pipeline; the acronym "BTC" (upper case) next to oil/crude/pipeline wording.

    The "Trump Route" (short for the TRIPP alias) is a described zangezur mention.

``anaphoric``
    A linked sentence makes its corridors the paragraph's topic until another linked
    sentence replaces it or the paragraph (line) ends. A later sentence of the paragraph
    with no link of its own inherits the topic when it refers back: a definite
    description ("this project", "the aforesaid corridor", "the line", with up to two
    modifiers: "this important trade route", "such a crucial project"), a topic cue of
    the corridor in the table ("BTC", "oil" while the BTC pipeline is the topic; "through
    Iranian territory" while the Aras route is), or a pronoun ("It runs ...", "develop
    it") right after a sentence whose subject is the corridor (its named or described
    evidence among the first words). The first sentence of a new paragraph inherits only
    through a definite description, and only from a corridor linked in the last sentence
    of the paragraph before -- unless that paragraph was short (``short_paragraph``
    sentences, news style): then it inherits as if in the same paragraph.

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

from dashboard.core.parse.linking_literals import CueSearch
from dashboard.core.paths import geodata_dir
from dashboard.core.text.normalise import fold, lower_same_length

_TRAP = "\x00trap"
_TRIGGER = ""
_ANAPHOR_HEAD = "\x00anaphor"


def _match_key(text: str) -> str:
    """Lower-case, hyphens as spaces (length-preserving): the key space of the matcher."""
    return lower_same_length(text).replace("-", " ")


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in alias


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
    short_paragraph
        A paragraph of at most this many sentences (news style) does not end its topic:
        the next paragraph's first sentence inherits as if in the same paragraph.
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
    short_paragraph: int = 0


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
        int(doc.get("short_paragraph", 0)),
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

        One scan finds aliases, traps, rule triggers and anaphor heads; only sentences with
        a hit are examined. A sentence linked by name or description sets the paragraph's
        topic; a later sentence of it with no link of its own that refers back ("the
        project", "this bridge") is linked to the topic as ``anaphoric``; the topic ends at
        a paragraph break unless that paragraph was short (see the module). ``text`` is
        the normalised view, ``sentences`` its sentence spans, ``skip`` the sentences not
        to analyse (page furniture). Links come in sentence order, at most one per
        (sentence, corridor).
        """
        skipped = set(skip)
        named_hits, triggered, anaphoric = self._scan(text, sentences)
        candidates = set(named_hits) | triggered
        visit = sorted(candidates | anaphoric)  # a sorted list is a heap
        done: set[int] = set()
        links: list[CorridorLink] = []
        topic: list[CorridorLink] = []
        topic_end, topic_sentence, previous = 0, -1, []
        while visit:
            i = heapq.heappop(visit)
            if i in done or i in skipped or i >= len(sentences):
                continue
            done.add(i)
            start, end = sentences[i]
            current = []
            if i in candidates:
                described = self.described(text[start:end], start) if i in triggered else {}
                current = self._combine(i, named_hits.get(i, {}), described)
            if current:
                topic, topic_end, topic_sentence = current, end, i
            elif topic:
                after = previous if topic_sentence == i - 1 else []
                short = topic_sentence == i - 1 and self._short_paragraph(text, sentences, i - 1)
                current = self._follow(text, i, (start, end), topic, topic_end, after, short)
                if current is None:
                    topic = []  # the topic ended with its paragraph
                    continue
                if current:
                    topic_end, topic_sentence = end, i
            previous = [(x, sentences[i][0]) for x in current]
            if current:  # the next sentence may open with a pronoun referring back
                heapq.heappush(visit, i + 1)
            links.extend(current)
        return links

    def _follow(
        self,
        text: str,
        i: int,
        span: tuple[int, int],
        topic: list[CorridorLink],
        topic_end: int,
        after: list[tuple[CorridorLink, int]],
        short: bool = False,
    ) -> list[CorridorLink] | None:
        """Return the links sentence ``i`` (no link of its own) inherits from the topic.

        ``None`` when the topic ended: a paragraph break and no link in the sentence just
        before (``after``). A ``short`` paragraph just before passes its topic on.
        """
        start, end = span
        same_paragraph = "\n" not in text[topic_end:start] or short
        if not (same_paragraph or after):
            return None
        return self._anaphoric(i, text[start:end], start, topic, same_paragraph, after)

    def _scan(
        self, text: str, sentences: list[tuple[int, int]]
    ) -> tuple[dict[int, dict[str, list[tuple[str, int, int]]]], set[int], set[int]]:
        """One pass over the document.

        Returns alias hits per sentence, triggered sentences and sentences holding an
        anaphor head word.
        """
        starts = [s for s, _ in sentences]
        named: dict[int, dict[str, list[tuple[str, int, int]]]] = {}
        triggered: set[int] = set()
        anaphoric: set[int] = set()
        if self._automaton is None:
            return named, triggered, anaphoric
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
        return named, triggered, anaphoric

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

    def _anaphoric(
        self,
        i: int,
        sentence: str,
        base: int,
        topic: list[CorridorLink],
        same_paragraph: bool,
        previous: list[tuple[CorridorLink, int]],
    ) -> list[CorridorLink]:
        """Inherit the topic's corridors when this sentence refers back to them.

        ``previous`` holds the links of the sentence just before (with its start) when
        it set the topic; the antecedent of a subject pronoun.
        """
        table = self.table
        m = table.anaphor.search(sentence)
        if not same_paragraph:
            # a new paragraph: only a definite description, only of a corridor the last
            # sentence of the previous paragraph linked
            topic = [p for p, _ in previous] if m else []
        out = []
        for p in topic:
            if any(b.search(sentence) for b in table.anaphor_blocks.get(p.corridor, ())):
                continue
            ref = m
            if ref is None and same_paragraph:
                for cue in table.topic_cues.get(p.corridor, ()):
                    ref = cue.search(sentence)
                    if ref:
                        break
            if ref is None and same_paragraph and self._is_subject(p, previous):
                ref = table.pronoun.search(sentence) if table.pronoun else None
            if ref is not None:
                span = ((base + ref.start(), base + ref.end()),)
                out.append(CorridorLink(i, p.corridor, "anaphoric", (ref.group(0),), span))
        return out

    def _short_paragraph(self, text: str, sentences: list[tuple[int, int]], j: int) -> bool:
        """Whether the paragraph ending with sentence ``j`` is short (news style)."""
        limit = self.table.short_paragraph if self.table else 0
        for k in range(j, max(j - limit, -1), -1):
            if k == 0 or "\n" in text[sentences[k - 1][1] : sentences[k][0]]:
                return True
        return False

    def _is_subject(self, link: CorridorLink, previous: list[tuple[CorridorLink, int]]) -> bool:
        """Whether ``link`` is one of the previous sentence's links, evidenced near its start."""
        window = self.table.subject_window if self.table else 0
        return any(
            p.corridor == link.corridor
            and p.basis != "anaphoric"
            and p.term_spans
            and p.term_spans[0][0] - start <= window
            for p, start in previous
        )
