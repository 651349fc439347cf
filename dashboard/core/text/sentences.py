"""Rule-based sentence segmentation with character offsets.

Design
------
News text is split first into lines (paragraphs and headings are their own units), then
each line at candidate boundaries: ``.``, ``!`` or ``?`` (optionally followed by closing
quotes/brackets), then whitespace, then something that can start a sentence (an upper-case
letter, a digit or an opening quote/bracket). A candidate is rejected when the word before
the period is

* a known abbreviation that is normally followed by more text ("Aug.", "Dr.", "Mr.",
  "Gen.", "St.", "No.", "vs.", "e.g." ...);
* a single capital initial ("Emil A. Smith");
* an acronym written with periods ("U.S.", "U.K.", "E.U.") -- these end a sentence only
  when the next word is a typical sentence opener (``The``, ``It``, ``This`` ...), which is
  a heuristic: "talks with the U.S. Azerbaijan agreed" stays one sentence.

Not handled: sentences spanning a hard line break inside a paragraph (lines are always
boundaries), and ellipses used mid-sentence followed by a capitalised name.
"""

from __future__ import annotations

import re

# The leading look-ahead only names the first character of either branch: the engine then
# skips to candidates instead of trying both branches at every position (same matches).
_SPLIT = re.compile(r"(?=[.!?\n])(?:[.!?]+[\"')\]]*(?=[ \t]+[\"'(\[]?[A-Z0-9])|\n)")
_NEXT_WORD = re.compile(r"[ \t]+[\"'(\[]?([^\s\"'(\[]*)")
_SPACE = " \t\r\f\v\n"

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "thu",
        "fri",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "approx",
        "dept",
        "univ",
        "corp",
        "inc",
        "ltd",
        "co",
        "bros",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "al",
        "viz",
    ]
)
# Abbreviations that are also ordinary words: only abbreviations before a number.
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    ["no", "nos", "vol", "pp", "fig", "art", "para", "sec", "ch"]
)

_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_SENTENCE_OPENERS: frozenset[str] = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "they",
        "he",
        "she",
        "we",
        "i",
        "in",
        "on",
        "at",
        "for",
        "but",
        "and",
        "however",
        "meanwhile",
        "yet",
        "so",
        "as",
        "after",
        "before",
        "when",
        "while",
        "since",
        "although",
        "if",
        "according",
        "on",
    ]
)


def _is_false_boundary(text: str, dot_pos: int, next_word: str) -> bool:
    """Return True when the period at ``dot_pos`` does not end a sentence."""
    if text[dot_pos] != ".":
        return False
    line_start = text.rfind("\n", 0, dot_pos) + 1
    space = max(text.rfind(" ", line_start, dot_pos), text.rfind("\t", line_start, dot_pos))
    word = text[max(space + 1, line_start) : dot_pos + 1].lstrip("\"'([")
    if not word:
        return False
    core = word[:-1] if word.endswith(".") else word
    low = core.lower()
    if low in ABBREVIATIONS:
        return True
    if low in NUMBER_ABBREVIATIONS:
        return next_word[:1].isdigit()
    if len(core) == 1 and core.isupper():
        return True
    if _ACRONYM.match(word):
        return next_word.lower() not in _SENTENCE_OPENERS
    return False


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` stripped of surrounding whitespace, if not empty."""
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Parameters
    ----------
    text
        Normalised text (see :mod:`dashboard.core.text.normalise`); offsets are into this string.

    Returns
    -------
    list of tuple of int
        ``(start, end)`` spans, end exclusive, without surrounding whitespace, in order.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SPLIT.finditer(text):
        if m.group(0) == "\n":
            _append(spans, text, start, m.start())
            start = m.end()
            continue
        nxt = _NEXT_WORD.match(text, m.end())
        if _is_false_boundary(text, m.start(), nxt.group(1) if nxt else ""):
            continue
        _append(spans, text, start, m.end())
        start = m.end()
    _append(spans, text, start, len(text))
    return spans
