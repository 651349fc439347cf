"""Offset-preserving text normalisation.

Every analysis step (sentence splitting, toponym matching, corridor rules) works on a
*normalised view* of a document whose characters map one-to-one back to the original
text, so that every offset reported to the user indexes the file text exactly as read.

The view

* applies Unicode NFC (only when the text is not already NFC; combined characters map
  to the offset of the first original character they came from);
* folds typographic variants to ASCII: curly single/double quotes to ``'``/``"``,
  en/em dashes, minus and non-breaking hyphens to ``-``, non-breaking and other
  exotic spaces to a plain space, the ellipsis character stays as is.

The fold is length-preserving (one character in, one character out), so in the
common case (already-NFC input) offsets in the view *are* offsets in the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_FOLD: dict[int, str] = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    **{
        ord(c): " "
        for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
        "\u2008\u2009\u200a\u202f\u205f\u3000"
    },
    ord("\u00ad"): "-",
}
_FOLD_PAIRS: tuple[tuple[str, str], ...] = tuple((chr(c), r) for c, r in _FOLD.items())
_FOLD_ANY = re.compile("[" + "".join(re.escape(c) for c, _ in _FOLD_PAIRS) + "]")


@dataclass(frozen=True)
class NormalisedText:
    """A normalised view of a text with a map back to original offsets.

    Attributes
    ----------
    original
        The text as read.
    text
        The normalised view (NFC, folded quotes/dashes/spaces).
    to_original
        ``None`` when ``text`` and ``original`` have the same length and align
        character by character; otherwise a list of length ``len(text) + 1`` giving,
        for each view offset, the corresponding original offset.
    """

    original: str
    text: str
    to_original: list[int] | None = None

    def orig(self, offset: int) -> int:
        """Map a view offset to an offset into the original text.

        Parameters
        ----------
        offset
            Offset into :attr:`text` (``0 <= offset <= len(text)``).

        Returns
        -------
        int
            Offset into :attr:`original`.
        """
        if self.to_original is None:
            return offset
        return self.to_original[offset]

    def view(self, offset: int) -> int:
        """Map an offset into the original text to the first view offset at or after it.

        Parameters
        ----------
        offset
            Offset into :attr:`original`.

        Returns
        -------
        int
            Offset into :attr:`text`.
        """
        if self.to_original is None:
            return offset
        return bisect.bisect_left(self.to_original, offset)


def fold(text: str) -> str:
    """Fold typographic quotes, dashes and spaces to ASCII, keeping the length.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        Text of the same length with folded characters.
    """
    if text.isascii() or not _FOLD_ANY.search(text):  # nothing to fold (names, most text)
        return text
    for char, repl in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, repl)
    return text


def _nfc_with_map(text: str) -> tuple[str, list[int]]:
    """Apply NFC cluster by cluster, recording the original start of each output char."""
    out: list[str] = []
    mapping: list[int] = []
    start = 0
    n = len(text)
    while start < n:
        end = start + 1
        while end < n and unicodedata.combining(text[end]):
            end += 1
        piece = unicodedata.normalize("NFC", text[start:end])
        out.append(piece)
        mapping.extend([start] * len(piece))
        start = end
    mapping.append(n)
    return "".join(out), mapping


def normalise(text: str) -> NormalisedText:
    """Build the offset-preserving normalised view of ``text``.

    Parameters
    ----------
    text
        The original text.

    Returns
    -------
    NormalisedText
        View plus offset map (``None`` in the fast, length-preserving case).
    """
    if unicodedata.is_normalized("NFC", text):
        return NormalisedText(text, fold(text), None)
    nfc, mapping = _nfc_with_map(text)
    return NormalisedText(text, fold(nfc), mapping)


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length.

    ``str.lower`` expands a few characters (Turkish dotted capital I becomes two code
    points); those characters are lowered one by one and truncated to one code point.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        Lower-cased text with ``len(result) == len(text)``.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join((c.lower()[:1] or c) for c in text)


_SEARCH_SPECIAL = str.maketrans({"ı": "i", "ə": "e", "Ə": "E", "ø": "o", "Ø": "O", "ł": "l",
                          "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "-": " "})
_COMBINING = frozenset(chr(c) for c in range(0x300, 0x10000)
                       if unicodedata.combining(chr(c)))
_COMBINING_DROP = str.maketrans(dict.fromkeys(_COMBINING))
_SPACES = re.compile(r"\s+")


def search_form(text: str) -> str:
    """Return the search form of ``text``: case, diacritics, quotes, dashes and spacing folded.

    Typographic quotes and dashes fold as in :func:`fold`, hyphens become spaces,
    diacritics are stripped (plus ``ı ə ø ł đ ð``, which have no decomposition), case is
    folded and whitespace runs collapse, so "Naxçıvan" is "naxcivan" and "BAKU-ALAT" is
    "baku alat". The one rule of search, of the source picker and of highlighting.
    """
    text = unicodedata.normalize("NFKD", fold(text).translate(_SEARCH_SPECIAL))
    return _SPACES.sub(" ", text.translate(_COMBINING_DROP).casefold())


def search_form_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` character by character, keeping where each output came from.

    Returns
    -------
    tuple[str, list[int]]
        The same string as :func:`search_form` and, for each of its characters, the
        offset in ``text`` of the character it came from.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        piece = search_form(char)
        if piece == " " and out and out[-1] == " ":
            continue
        out.extend(piece)
        origin.extend([i] * len(piece))
    return "".join(out), origin
