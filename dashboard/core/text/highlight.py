"""Render source text as safe HTML with highlighted spans.

The text is cut at every span boundary; each piece is escaped with
:func:`~dashboard.core.text.htmlsafe.escape_text` and wrapped in the markup of the
spans that cover it.  Overlapping spans therefore never produce broken HTML, and
no character of the source is ever interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.core.evidence import search
from dashboard.core.text.htmlsafe import escape_html, escape_text


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

    The matching rule is :mod:`dashboard.core.evidence.search` (case-, diacritic- and
    whitespace-insensitive, quoted phrases); entity hits need the corpus' search
    (:meth:`dashboard.core.evidence.search_sql.StoredSearch.spans`).

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

    One pass over the span boundaries in sorted order: time is ``O(n log n)`` in the
    number of spans ``n`` plus the text length (the set of spans open at a point is
    tracked as the sweep goes, never searched), so 100,000 highlights render in a
    fraction of a second.

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
        HTML on one line: text escaped with :func:`~dashboard.core.text.htmlsafe.escape_text`,
        highlighted pieces in ``<mark>`` (or ``<a>`` when the innermost covering span
        has ``href``) elements.
    """
    end = offset + len(text)
    events: list[tuple[int, int, int]] = []  # (position, 0 = close / 1 = open, span index)
    clipped: list[Span] = []
    for s in spans:
        if s.end > offset and s.start < end and s.end > s.start:
            i = len(clipped)
            clipped.append(s)
            events.append((max(s.start, offset), 1, i))
            events.append((min(s.end, end), 0, i))
    events.sort()
    out: list[str] = []
    active: dict[int, Span] = {}
    pos = offset
    k = 0
    while k < len(events):
        cut = events[k][0]
        if cut > pos:
            out.append(_wrap(escape_text(text[pos - offset:cut - offset]),
                             [active[i] for i in sorted(active)]))
            pos = cut
        while k < len(events) and events[k][0] == cut:
            _, opening, i = events[k]
            if opening:
                active[i] = clipped[i]
            else:
                active.pop(i, None)
            k += 1
    if pos < end:
        out.append(escape_text(text[pos - offset:]))
    return "".join(out)


def page_bounds(text: str, size: int = 20_000) -> list[tuple[int, int]]:
    """Cut ``text`` into pages of about ``size`` characters at line breaks.

    Parameters
    ----------
    text
        The document.
    size
        Target page length; a page ends at the last line break before the limit
        (or at the limit when the page has no line break).

    Returns
    -------
    list[tuple[int, int]]
        ``[start, end)`` offsets of consecutive pages covering the text (at least one).
    """
    size = max(1, size)
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + 1, start + size)
        cut = start + size if cut <= start else cut + 1
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _wrap(piece: str, covering: Sequence[Span]) -> str:
    if not covering:
        return piece
    classes = " ".join(dict.fromkeys(s.css for s in covering))
    link = next((s for s in reversed(covering) if s.href), None)
    title = next((s.title for s in reversed(covering) if s.title), None)
    style = ";".join(s.style for s in covering if s.style)
    attrs = f' class="{escape_html(classes)}"'
    if title:
        attrs += f' title="{escape_text(title)}"'
    if style:
        attrs += f' style="{escape_html(style)}"'
    if link is not None:
        return f'<a{attrs} href="{escape_html(link.href)}" target="_self">{piece}</a>'
    return f"<mark{attrs}>{piece}</mark>"
