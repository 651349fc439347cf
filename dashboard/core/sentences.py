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

_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"(\S+)$")

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


def _is_false_boundary(line: str, dot_pos: int, next_word: str) -> bool:
    """Return True when the period at ``dot_pos`` does not end a sentence."""
    if line[dot_pos] != ".":
        return False
    m = _WORD_BEFORE.search(line, 0, dot_pos + 1)
    if not m:
        return False
    word = m.group(1).lstrip("\"'([")
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


def _split_line(line: str, base: int) -> list[tuple[int, int]]:
    """Split one line (starting at ``base`` in the text) into sentence spans."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        end = m.end()
        rest = line[end:].lstrip()
        next_word = rest.split(" ", 1)[0].strip("\"'([") if rest else ""
        if _is_false_boundary(line, m.start(), next_word):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(line)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        seg = line[s:e]
        stripped_left = len(seg) - len(seg.lstrip())
        stripped_right = len(seg) - len(seg.rstrip())
        if e - s - stripped_left - stripped_right > 0:
            out.append((base + s + stripped_left, base + e - stripped_right))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Parameters
    ----------
    text
        Normalised text (see :mod:`dashboard.core.text`); offsets are into this string.

    Returns
    -------
    list of tuple of int
        ``(start, end)`` spans, end exclusive, without surrounding whitespace, in order.
    """
    spans: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        spans.extend(_split_line(m.group(0), m.start()))
    return spans
