"""Discourse for corridor linking: paragraphs, antecedents and what a back-reference fits.

A back-reference (*the corridor, the route, the line, the railway, the bridge, the project,
the pipeline, it*) resolves to the nearest compatible antecedent: the corridors linked in
the nearest earlier linked sentence of the same paragraph or of the previous one. Headings
and bylines (short lines without final punctuation) are transparent: they do not count as
the paragraph between an antecedent and its reference. Compatible means:

* by mode: a *pipeline* is only a corridor whose route is a pipeline, a *railway*, *road*,
  *bridge*, *train* or *highway* only one whose route is not; *corridor, route, project,
  line, link* fit any;
* not pre-empted: *the project* or *the initiative* right after a sentence about some other
  facility (a hub, a terminal, a port's own project, a company) refers to that, not to the
  corridor.

A new corridor named or described in between is nearer, so it ends the chain, and so does
another route named in between (a trap: *the South Caucasus Pipeline*); a paragraph that
ends or opens on something else ends it too (:func:`bridged`).
"""

from __future__ import annotations

import re

_END_CHARS = frozenset('.!?"”’)]')
#: Head words of a back-reference that only fit a corridor of one kind of route.
PIPELINE_HEADS = frozenset({"pipeline", "pipelines"})
SURFACE_HEADS = frozenset(
    {"railway", "railways", "railroad", "railroads", "bridge", "bridges", "road", "roads",
     "highway", "highways", "crossing", "crossings", "train", "trains"}
)
PROJECT_HEADS = frozenset({"project", "projects", "initiative", "initiatives"})
#: Nouns of another facility that a following "the project" refers to instead.
_OTHER_FACILITY = re.compile(
    r"\b(hubs?|terminals?|airports?|plants?|factor(?:y|ies)|refiner(?:y|ies)|zones?|"
    r"compan(?:y|ies)|fields?|stadiums?|dams?|power\s+stations?)\b",
    re.I,
)


def is_heading(text: str) -> bool:
    """Whether a sentence is a heading or byline: short and without final punctuation."""
    if len(text) > 120:
        return False
    stripped = text.rstrip()
    return not stripped or stripped[-1] not in _END_CHARS


def paragraph_ids(text: str, sentences: list[tuple[int, int]]) -> list[int]:
    """Paragraph number of every sentence; a heading-only paragraph joins the next one."""
    ids: list[int] = []
    pid, heading_only = 0, False
    for i, (start, end) in enumerate(sentences):
        heading = end - start <= 120 and is_heading(text[start:end])
        if i and "\n" in text[sentences[i - 1][1] : start]:
            if not heading_only:
                pid += 1
            heading_only = heading
        else:
            heading_only = heading_only and heading if i else heading
        ids.append(pid)
    return ids


def head_of(reference: str) -> str:
    """Return the head word of a back-reference (its last word, lower case)."""
    words = re.findall(r"[\w’'-]+", reference.lower())
    return words[-1] if words else ""


def fits(head: str, modes: frozenset[str]) -> bool:
    """Whether a reference with ``head`` fits a corridor whose segments have ``modes``."""
    if not modes:
        return True
    if head in PIPELINE_HEADS:
        return "pipeline" in modes
    if head in SURFACE_HEADS:
        return bool(modes - {"pipeline"}) or not modes
    return True


def pre_empted(head: str, sentence_before: str, before_linked: bool) -> bool:
    """Whether *the project* refers to a facility the unlinked sentence just before names."""
    return head in PROJECT_HEADS and not before_linked and bool(
        _OTHER_FACILITY.search(sentence_before)
    )


def nearest_antecedents(history: list, paras: list[int], i: int, bridged: bool) -> list:
    """Linked sentences before ``i`` in its paragraph or (``bridged``) the previous one.

    ``history`` holds ``(sentence, links)`` in text order; nearest first.
    """
    low = paras[i] - 1 if bridged else paras[i]
    out = []
    for j, links in reversed(history):
        if paras[j] < low:
            break
        out.append((j, links))
    return out


def bridged(text: str, sentences: list, paras: list[int], i: int, linked, refers) -> bool:  # noqa: ANN001
    """Whether a chain of reference crosses the paragraph break before ``i``'s paragraph.

    It does when the last sentence before the break and the first after it (headings aside)
    are each linked or refer back (``linked(j)``, ``refers(j)``): a paragraph that ends or
    opens on something else is a change of topic.
    """
    first = i
    while first > 0 and paras[first - 1] == paras[i]:
        first -= 1
    body = [j for j in range(first, i + 1) if not is_heading(text[slice(*sentences[j])])]
    last = first - 1
    while last >= 0 and is_heading(text[slice(*sentences[last])]):
        last -= 1
    if last < 0 or not body:
        return False
    opener = body[0]
    return (opener == i or linked(opener) or refers(opener)) and (linked(last) or refers(last))


def refer(rules, text: str, sentences: list, i: int, recent: list, paras: list[int],  # noqa: ANN001
          history: list, make) -> list:  # noqa: ANN001 - make builds a CorridorLink
    """Links sentence ``i`` (no link of its own) takes from its nearest compatible antecedent.

    A definite description (``table.anaphor``) reaches back into the previous paragraph; a
    topic cue of a corridor ("BTC", "oil" while BTC is the topic) and a pronoun only within
    the paragraph, the pronoun only right after the linked sentence and only to a single
    corridor there (or to the one that sentence opens with); a pronoun that does not open
    its sentence ("appreciate it") only to a corridor that sentence named or described.
    ``make(sentence, corridor, basis, terms, spans)`` builds a link.
    """
    table = rules.table
    start, end = sentences[i]
    sentence = text[start:end]
    modes = rules.routes.corridor_modes if rules.routes else {}

    def link(corridor: str, m: re.Match[str]):  # noqa: ANN202
        span = ((start + m.start(), start + m.end()),)
        return make(i, corridor, "anaphoric", (m.group(0),), span)

    def allowed(x) -> bool:  # noqa: ANN001
        return not any(b.search(sentence) for b in table.anaphor_blocks.get(x.corridor, ()))

    m = table.anaphor.search(sentence)
    if m:
        head = head_of(m.group(0))
        before = text[sentences[i - 1][0] : sentences[i - 1][1]] if i else ""
        if pre_empted(head, before, bool(history) and history[-1][0] == i - 1):
            return []
        for _, links in recent:
            if not links:  # another route, named in between, is nearer
                return []
            fit = [x for x in links if fits(head, modes.get(x.corridor, frozenset()))
                   and allowed(x)]
            if fit:
                return [link(c, m) for c in dict.fromkeys(x.corridor for x in fit)]
        return []
    j, links = recent[0]
    one_sentence_before = j == i - 1 and (j == 0 or paras[j - 1] != paras[j])
    if not links or (paras[j] != paras[i] and not one_sentence_before):
        return []  # across a break only from a one-sentence paragraph just before
    out = []
    for x in dict.fromkeys(x.corridor for x in links if allowed(x)):
        for cue in table.topic_cues.get(x, ()):
            hit = cue.search(sentence)
            if hit:
                out.append(link(x, hit))
                break
    if out or j != i - 1 or table.pronoun is None:
        return out
    hit = table.pronoun.search(sentence)
    if not hit:
        return []
    if hit.start() > 0 and sentence[: hit.start()].strip(" “\"'‘"):  # an object "it" ...
        links = [x for x in links if x.basis != "anaphoric"]  # ... takes no chained antecedent
    corridors = list(dict.fromkeys(x.corridor for x in links if allowed(x)))
    if len(corridors) != 1:
        previous = [(x, sentences[j][0]) for x in links]
        corridors = [c for c in corridors if is_subject(c, previous, table.subject_window)]
    return [link(c, hit) for c in corridors]


def is_subject(corridor: str, previous: list, window: int) -> bool:
    """Whether the sentence before is linked to ``corridor`` by evidence near its start."""
    return any(
        p.corridor == corridor and p.basis != "anaphoric" and p.term_spans
        and p.term_spans[0][0] - start <= window
        for p, start in previous
    )
