"""The search results list: every matching sentence, grouped by source, to read.

Each result shows the sentence with the matched terms highlighted (the same rule as
search: :mod:`dashboard.core.evidence.search`), its neighbours on demand, a button that selects
the place or corridor it is about on the map, and a link to the Reader at its offset.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.core.corpus import citation
from dashboard.core.evidence import query, search
from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.text.highlight import Span, render
from dashboard.core.text.htmlsafe import escape_html, escape_markdown
from dashboard.ui import cache, data, evidence_panel, permalink, session, voices

PAGE_SIZE = 10
SORTS = {"relevance": "Relevance", "date": "Date (newest first)"}


def show(index, search_text: str, filters: query.Filters,
         corridor_index: Mapping[str, Mapping]) -> None:
    """Render the results of ``search_text`` under the source filter.

    Parameters
    ----------
    index
        The evidence index.
    search_text
        The query as typed.
    filters
        The sidebar filters (the source restriction and the outlet facets apply).
    corridor_index
        Corridor facts (names for the map buttons).
    """
    sindex = cache.st_sentences(data.corpus_version())
    parsed = sindex.parse(search_text)
    keys = sindex.match(parsed)
    if filters.sources is not None:
        allowed = set(filters.sources)
        keys = {k for k in keys if k[0] in allowed}
    in_range = query.dated_ids(index, query.dated(filters))
    if in_range is not None:
        keys = {k for k in keys if k[0] in in_range}
    if keys:
        keys = voices.search_facets(index, keys, filters)
    quoted = escape_html(search_text)
    if not keys:
        st.info(f"No sentence in the selected sources and dates matches "
                f"“{escape_markdown(search_text)}”.")
        return
    table = sindex.rank(parsed, keys)
    st.markdown(evidence_panel.EXCERPT_CSS, unsafe_allow_html=True)
    st.markdown(f'<div class="atlas-results-head"><b>{len(table)} sentence'
                f'{"s" if len(table) != 1 else ""}</b> match “{quoted}” in '
                f"{table['doc_id'].nunique()} source"
                f"{'s' if table['doc_id'].nunique() != 1 else ''}</div>",
                unsafe_allow_html=True)
    _read_as(parsed, corridor_index, index)
    if st.session_state.get(session.SEARCH_LAST_QUERY) != search_text:  # new query: page 1
        st.session_state[session.SEARCH_LAST_QUERY] = search_text
        st.session_state[session.SEARCH_PAGE] = 1
    order = st.radio("Sort by", list(SORTS), format_func=SORTS.get, key=session.SEARCH_SORT,
                     horizontal=True)
    table = ordered(table, index.documents, order or "relevance")
    pages = max(1, -(-len(table) // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages})", 1, pages, key=session.SEARCH_PAGE))
    chunk = table.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    counts = table.groupby("doc_id").size().to_dict()
    for doc_id, group in chunk.groupby("doc_id", sort=False):
        n = counts[doc_id]
        evidence_panel.source_heading(
            index, doc_id, extra=f" <span class='atlas-meta'>· {n} match{'es' if n > 1 else ''}"
                                 "</span>")
        for row in group.itertuples(index=False):
            _result(index, sindex, parsed, row, corridor_index)


def ordered(table: pd.DataFrame, documents: pd.DataFrame, order: str) -> pd.DataFrame:
    """Results grouped by source: by best score, or by source date (newest first).

    Within a source: by score, or in text order for the date sort.  Undated sources
    come last in the date sort.
    """
    if table.empty:
        return table
    dates = {d: citation.clean(v) for d, v in zip(documents["doc_id"], documents["date"],
                                                  strict=True)}
    best = table.groupby("doc_id")["score"].max()
    out = table.assign(_best=table["doc_id"].map(best),
                       _date=table["doc_id"].map(lambda d: dates.get(d, "")),
                       _dated=table["doc_id"].map(lambda d: bool(dates.get(d, ""))))
    if order == "date":
        out = out.sort_values(["_dated", "_date", "doc_id", "start"],
                              ascending=[False, False, True, True])
    else:
        out = out.sort_values(["_best", "doc_id", "score", "start"],
                              ascending=[False, True, False, True])
    return out.drop(columns=["_best", "_date", "_dated"]).reset_index(drop=True)


def _read_as(parsed: search.Query, corridor_index: Mapping[str, Mapping], index) -> None:
    """Say which terms were read as names of corridors or places."""
    names = dict(zip(index.places["place_id"], index.places["name"], strict=True))
    notes = []
    for term in parsed.terms:
        entities = [corridor_index.get(c, {}).get("name", c) for c in term.corridors]
        entities += [names.get(p, p) for p in term.places]
        if entities:
            notes.append(f"“{term.text}” = {', '.join(map(str, entities))} (any of its names)")
    if notes:
        st.caption("Read as: " + "; ".join(notes) + ", plus the literal text.")


def target(sindex, parsed: search.Query, index, doc_id: str,
           start: int, end: int) -> tuple[str, str] | None:
    """Return the corridor or place a result is about, for its map button.

    The entity a query term names comes first; else the first place the sentence
    mentions; else a corridor it is linked to.
    """
    key = (doc_id, int(start))
    links = sindex.linked(key)
    for term in parsed.terms:
        for cid in term.corridors:
            if cid in links:
                return ("corridor", cid)
        for pid in term.places:
            if sindex.mentions(key, pid):
                return ("place", pid)
    places = query.places_in_span(index, doc_id, start, end).dropna(subset=["lat", "lon"])
    if not places.empty:
        return ("place", str(places["place_id"].iloc[0]))
    linked = sorted(links)
    return ("corridor", linked[0]) if linked else None


def _result(index, sindex, parsed: search.Query, row,
            corridor_index: Mapping[str, Mapping]) -> None:
    doc_id, start, end = str(row.doc_id), int(row.start), int(row.end)
    text = index.texts[doc_id][start:end]
    spans = [Span(a, b, "atlas-q") for a, b in sindex.spans(parsed, doc_id, start, text)]
    st.markdown(f'<div class="atlas-excerpt atlas-result" data-doc="{escape_html(doc_id)}" '
                f'data-start="{start}">{render(text, start, spans)}</div>',
                unsafe_allow_html=True)
    with st.expander("Context"):
        st.markdown(_context_html(index, sindex, parsed, doc_id, start, end),
                    unsafe_allow_html=True)
    hit = target(sindex, parsed, index, doc_id, start, end)
    left, right = st.columns(2)
    if hit is not None:
        kind, ident = hit
        label = (corridor_label(corridor_index.get(ident, {}), ident) if kind == "corridor"
                 else _place_name(index, ident))
        left.button(_short(str(label)), key=f"res_map_{doc_id}_{start}", icon=":material/map:",
                    help=f"Select {label} on the map", on_click=_select,
                    args=(index, kind, ident), width="stretch")
    with right:
        evidence_panel.reader_link(doc_id, start, end, label="In the text")


def _short(label: str, limit: int = 20) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _place_name(index, place_id: str) -> str:
    names = index.places.loc[index.places["place_id"] == place_id, "name"]
    return str(names.iloc[0]) if not names.empty else place_id


def _select(index, kind: str, ident: str) -> None:
    """Select the result's place or corridor; the map frames it (a changed selection)."""
    del index  # the map frames any selection by itself
    permalink.select(kind, ident)


def _context_html(index, sindex, parsed: search.Query, doc_id: str,
                  start: int, end: int) -> str:
    """Return the sentence with its neighbours (same document) as HTML, itself marked."""
    sents = query.doc_rows(index, "sentences", doc_id).sort_values("start")
    before = sents[sents["end"] <= start].tail(1)
    after = sents[sents["start"] >= end].head(1)
    lo = int(before["start"].iloc[0]) if not before.empty else start
    hi = int(after["end"].iloc[0]) if not after.empty else end
    text = index.texts[doc_id][lo:hi]
    spans = [Span(start, end, "atlas-target")]
    for r in pd.concat([before, after]).itertuples(index=False):
        piece = index.texts[doc_id][int(r.start):int(r.end)]
        spans += [Span(a, b, "atlas-q")
                  for a, b in sindex.spans(parsed, doc_id, int(r.start), piece)]
    piece = index.texts[doc_id][start:end]
    spans += [Span(a, b, "atlas-q") for a, b in sindex.spans(parsed, doc_id, start, piece)]
    return (f'<div class="atlas-excerpt atlas-context" style="white-space:pre-wrap">'
            f"{render(text, lo, spans)}</div>")
