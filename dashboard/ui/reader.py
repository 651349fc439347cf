"""The Reader's spans (every place and corridor mention, linked back to the map) and pages."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st

from dashboard.core.evidence import query
from dashboard.core.text.highlight import Span, basis_label, basis_spans
from dashboard.ui import session as keys


def page_number(pages: list[tuple[int, int]], doc_id: str, target: tuple[int, int] | None,
                length: int) -> int:
    """Return the Reader page to show: a number input, turned to a link's excerpt once."""
    if len(pages) < 2:
        return 1
    ss = st.session_state
    if target and ss.get(keys.READER_TARGET) != (doc_id, target):
        ss[keys.READER_TARGET] = (doc_id, target)
        ss[keys.READER_PAGE] = next(
            i for i, (a, b) in enumerate(pages, 1) if a <= target[0] < b or i == len(pages))
    page = int(st.number_input(f"Page (of {len(pages)}; {length:,} characters)", 1,
                               len(pages), key=keys.READER_PAGE))
    return min(page, len(pages))


def map_link(kind: str, ident: str) -> str:
    """Relative URL of the map page with ``kind:ident`` selected (a permalink)."""
    return "./?" + urlencode({"sel": f"{kind}:{ident}"})


def document_spans(index, doc_id: str, corridor_index: Mapping[str, Mapping],
                   lo: int = 0, hi: int | None = None) -> list[Span]:
    """Highlight spans of one document (or of its part ``[lo, hi)``): places and corridors.

    Parameters
    ----------
    index
        The evidence index.
    doc_id
        The document.
    corridor_index
        Corridor facts (for colours and names).
    lo, hi
        Only spans overlapping ``[lo, hi)`` (one Reader page); ``hi=None`` is the end.

    Returns
    -------
    list[Span]
        Corridor sentences (underlined in the corridor's colour, linked to the
        corridor), the words each link rests on (underlined, bold, with the basis as a
        tooltip) and place mentions (marked, linked to the place).
    """
    spans: list[Span] = []
    links = _overlapping(query.doc_rows(index, "corridor_links", doc_id), lo, hi)
    for r in links.itertuples(index=False):
        facts = corridor_index.get(r.corridor, {})
        spans.append(Span(int(r.start), int(r.end), f"atlas-corridor-{r.corridor}",
                          href=map_link("corridor", r.corridor),
                          title=f"{facts.get('name', r.corridor)} ({r.basis})",
                          style=f"border-bottom:3px solid {facts.get('color', '#333')}"))
        label, meaning = basis_label(r.basis)
        spans += basis_spans(getattr(r, "term_spans", None), facts.get("color", "#333"),
                             f"{facts.get('name', r.corridor)}: {label}. {meaning}")
    mentions = _overlapping(query.doc_rows(index, "mentions", doc_id), lo, hi)
    for r in mentions.itertuples(index=False):
        if not r.place_id:
            continue
        spans.append(Span(int(r.start), int(r.end), "atlas-place",
                          href=map_link("place", r.place_id),
                          title=f"{r.name} ({str(r.kind).replace('_', ' ')})"))
    return spans


def _overlapping(rows, lo: int, hi: int | None):
    keep = rows["end"] > lo
    if hi is not None:
        keep &= rows["start"] < hi
    return rows[keep]


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the paragraph (line) containing ``text[start:end]``."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    return p_start, len(text) if p_end == -1 else p_end
