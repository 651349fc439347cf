r"""Necessary literals of a case-insensitive regular expression: a cheap "cannot match" test.

The linking table's cues are case-insensitive alternations (``\b(india)\b``,
``\b(bandar\s+abbas|chabahar|...)\b``); searching every one of them in every triggered
sentence is most of the linker's time. :func:`necessary_literals` reads a pattern's syntax
tree and returns lower-case ASCII strings one of which every match must contain (``None``
when it cannot tell). :class:`CueSearch` searches a pattern only when the sentence holds one
of them. The test is exact, never an approximation: it is used only on ASCII sentences
(where ``re.IGNORECASE`` is plain ASCII case folding; elsewhere "ı" matches "I" and the
Kelvin sign "k") and only with ASCII literals, so a skipped search is one that would have
found nothing.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """Pick the most selective literal set: longest shortest string, then fewest strings."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _items(items) -> frozenset[str] | None:  # noqa: ANN001 - a sre_parse.SubPattern or list
    """Literals one of which every match of the sequence ``items`` contains."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op == sre.LITERAL:
            run += chr(av)
            continue
        if op == sre.AT:  # zero-width (\b, ^, $): the characters around stay adjacent
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        inner = None
        if op == sre.SUBPATTERN:
            inner = _items(av[3])
        elif op == sre.BRANCH:
            branches = [_items(b) for b in av[1]]
            if all(branches):
                inner = frozenset().union(*branches)
        elif op in _REPEATS and av[0] >= 1:
            inner = _items(av[2])
        if inner:
            candidates.append(inner)
    if run:
        candidates.append(frozenset([run]))
    return _best(candidates)


def necessary_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or ``None``.

    Only for case-insensitive patterns whose literals are ASCII; ``None`` otherwise.
    """
    if not pattern.flags & re.IGNORECASE:
        return None
    found = _items(sre_parse.parse(pattern.pattern, pattern.flags))
    if not found or not all(s.isascii() for s in found):
        return None
    return frozenset(s.lower() for s in found)


class CueSearch:
    """``pattern.search`` that skips the search when a necessary literal is absent.

    Parameters
    ----------
    pattern
        A compiled pattern.
    """

    __slots__ = ("pattern", "literals")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.literals = necessary_literals(pattern)

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """``pattern.search(text)``.

        ``lowered`` is ``text.lower()`` when ``text`` is ASCII, else ``None`` (no skipping).
        """
        literals = self.literals
        if lowered is not None and literals is not None and not any(x in lowered for x in literals):
            return None
        return self.pattern.search(text)
