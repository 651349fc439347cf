"""Render source text as safe HTML with highlighted spans.

The text is cut at every span boundary; each piece is escaped with
:func:`~dashboard.core.htmlsafe.escape_html` and wrapped in the markup of the
spans that cover it.  Overlapping spans therefore never produce broken HTML, and
no character of the source is ever interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.core import search
from dashboard.core.htmlsafe import escape_html


@dataclass(frozen=True)
class Span:
    """A highlighted range ``[start, end)`` in document offsets.

    ``css`` is a class name; ``href`` makes the piece a link; ``title`` a tooltip;
    ``style`` an inline style (e.g. a corridor colour).
    """

    start: int
    end: int
    css: str
    href: str | None = None
    title: str | None = None
    style: str | None = None


def query_spans(text: str, offset: int, query: str, css: str = "atlas-q") -> list[Span]:
    """Spans of the literal hits of ``query``'s terms in ``text``.

    The matching rule is :mod:`dashboard.core.search` (case-, diacritic- and
    whitespace-insensitive, quoted phrases); entity hits need the corpus' search index
    (:meth:`dashboard.core.search.SearchIndex.spans`).

    Parameters
    ----------
    text
        The excerpt.
    offset
        Document offset of ``text[0]`` (spans are in document offsets).
    query
        Search text; blank gives no spans.
    css
        Class of the spans.

    Returns
    -------
    list[Span]
        One span per occurrence of each term.
    """
    terms = search.Vocabulary().parse(query).terms
    found = {s for t in terms for s in search.literal_spans(text, offset, t.key)}
    return [Span(a, b, css) for a, b in sorted(found)]


def render(text: str, offset: int, spans: Iterable[Span]) -> str:
    """Render ``text`` (starting at document offset ``offset``) with ``spans`` marked.

    Parameters
    ----------
    text
        The verbatim source slice.
    offset
        Its start offset in the document.
    spans
        Highlights in document offsets; parts outside ``text`` are clipped.

    Returns
    -------
    str
        HTML: escaped text, highlighted pieces in ``<mark>`` (or ``<a>`` when the
        innermost covering span has ``href``) elements.
    """
    end = offset + len(text)
    clipped = [s for s in spans if s.end > offset and s.start < end and s.end > s.start]
    cuts = sorted({offset, end, *(max(s.start, offset) for s in clipped),
                   *(min(s.end, end) for s in clipped)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape_html(text[a - offset:b - offset])
        covering = [s for s in clipped if s.start <= a and s.end >= b]
        out.append(_wrap(piece, covering))
    return "".join(out)


def _wrap(piece: str, covering: Sequence[Span]) -> str:
    if not covering:
        return piece
    classes = " ".join(dict.fromkeys(s.css for s in covering))
    link = next((s for s in reversed(covering) if s.href), None)
    title = next((s.title for s in reversed(covering) if s.title), None)
    style = ";".join(s.style for s in covering if s.style)
    attrs = f' class="{escape_html(classes)}"'
    if title:
        attrs += f' title="{escape_html(title)}"'
    if style:
        attrs += f' style="{escape_html(style)}"'
    if link is not None:
        return f'<a{attrs} href="{escape_html(link.href)}" target="_self">{piece}</a>'
    return f"<mark{attrs}>{piece}</mark>"
