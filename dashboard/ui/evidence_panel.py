"""The evidence panel: fact card of the selection and its excerpts, grouped by source."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboard.core import query
from dashboard.core.highlight import Span, query_spans, render
from dashboard.core.htmlsafe import escape_html, escape_markdown, escape_text, safe_url
from dashboard.ui import permalink
from dashboard.ui import state as keys

PAGE_SIZE = 15
EXCERPT_CSS = """<style>
.atlas-excerpt{border-left:3px solid #bbb;padding:2px 0 2px 10px;margin:4px 0 2px 0;
  font-size:.92rem;line-height:1.45}
.atlas-excerpt mark{background:#ffe58a;padding:0 1px;border-radius:2px}
.atlas-excerpt mark.atlas-q{background:#9be7ff}
.atlas-meta{color:#666;font-size:.8rem}
</style>"""


def source_label(documents: pd.DataFrame, doc_id: str) -> str:
    """Human label of a document: its title, else its file name (plain text)."""
    row = documents[documents["doc_id"] == doc_id]
    if row.empty:
        return doc_id
    title = str(row.iloc[0].get("title") or "").strip()
    return title or str(row.iloc[0]["file"])


def citation(documents: pd.DataFrame, doc_id: str) -> str:
    """Citation line (author, outlet, date, url where known) as plain text."""
    row = documents[documents["doc_id"] == doc_id]
    if row.empty:
        return doc_id
    r = row.iloc[0]
    parts = [str(r.get(f) or "").strip() for f in ("author", "outlet", "date")]
    parts = [p for p in parts if p]
    parts.append(str(r["file"]))
    return " · ".join(parts)


def meta_value_html(field: str, value: str) -> str:
    """HTML of one metadata value: escaped text; the ``url`` field as a link to itself.

    Only the URL field ever becomes a link, only for an ``http(s)`` address, and the
    link text is the address itself (never text chosen by the source).
    """
    url = safe_url(value) if field == "url" else None
    if url is None:
        return escape_text(value)
    return (f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{escape_text(url)}</a>")


def corridor_card(facts: Mapping[str, object], nodes: pd.DataFrame) -> None:
    """Render a corridor's fact card: aliases, length, status, countries, operator, nodes."""
    name = str(facts.get("name", ""))
    color = escape_html(facts.get("color", "#333"))
    st.markdown(f'<h4 style="margin-bottom:0"><span style="color:{color}">&#9644;</span> '
                f"{escape_text(name)}</h4>", unsafe_allow_html=True)
    if facts.get("description"):
        st.markdown(escape_markdown(facts["description"]))
    rows = []
    aliases = facts.get("aliases") or []
    if aliases:
        rows.append(("Also called", ", ".join(map(str, aliases))))
    length = facts.get("length")
    if isinstance(length, Mapping) and length.get("value_km"):
        rows.append(("Length", f"{length['value_km']:,} km — {length.get('note', '')}".strip(" —")))
    for label, field in (("Status", "status"), ("Operator", "operator"), ("Capacity", "capacity")):
        value = facts.get(field)
        if isinstance(value, Mapping):
            value = value.get("value")
        if value:
            rows.append((label, str(value).replace("_", " ")))
    if facts.get("countries"):
        rows.append(("Countries", ", ".join(map(str, facts["countries"]))))
    key_nodes = nodes[nodes["corridor"] == facts.get("id")]["name"].tolist()
    if key_nodes:
        rows.append(("Key nodes", ", ".join(map(str, key_nodes))))
    st.table(pd.DataFrame(rows, columns=["Fact", "Value"]).set_index("Fact"))
    dates = facts.get("key_dates") or []
    if dates:
        with st.expander(f"Key dates ({len(dates)})"):
            for item in dates:
                st.markdown(f"- **{escape_markdown(item.get('date', ''))}** "
                            f"{escape_markdown(item.get('event', ''))}")
    _sources_list(facts)


def _sources_list(facts: Mapping[str, object]) -> None:
    addresses: list[str] = []
    for value in facts.values():
        _collect_sources(value, addresses)
    addresses = list(dict.fromkeys(u for u in map(safe_url, addresses) if u))
    if addresses:
        with st.expander(f"Sources ({len(addresses)})"):
            items = "".join(f'<li><a href="{escape_html(a)}" target="_blank" rel="noopener">'
                            f"{escape_text(a)}</a></li>" for a in addresses)
            st.markdown(f'<ul style="font-size:.8rem;word-break:break-all">{items}</ul>',
                        unsafe_allow_html=True)


def _collect_sources(value: object, out: list[str]) -> None:
    if isinstance(value, str):
        out.extend(part.strip() for part in value.split(" ; ") if "://" in part)
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect_sources(item, out)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect_sources(item, out)


def excerpts(index, table: pd.DataFrame, search: str, empty_message: str) -> None:
    """Render excerpts grouped by source, with highlights, chips and "show in text" links.

    Parameters
    ----------
    index
        The evidence index (documents, mentions, texts).
    table
        From :func:`dashboard.core.query.corridor_excerpts` or ``place_excerpts``.
    search
        Active search text (its matches are highlighted too).
    empty_message
        What to say when ``table`` is empty.
    """
    if table.empty:
        st.info(empty_message)
        return
    st.markdown(EXCERPT_CSS, unsafe_allow_html=True)
    pages = max(1, -(-len(table) // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages}; {len(table)} excerpts)", 1, pages,
                                   key=keys.EXCERPT_PAGE))
    chunk = table.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    st.caption(f"{len(table)} excerpt{'s' if len(table) != 1 else ''} from "
               f"{table['doc_id'].nunique()} source{'s' if table['doc_id'].nunique() != 1 else ''}")
    for doc_id, group in chunk.groupby("doc_id", sort=False):
        st.markdown(f"<p><b>{escape_text(source_label(index.documents, doc_id))}</b><br>"
                    f"<span class='atlas-meta'>{escape_text(citation(index.documents, doc_id))}"
                    "</span></p>", unsafe_allow_html=True)
        for row in group.itertuples(index=False):
            _excerpt(index, row, search)


def _excerpt(index, row, search: str) -> None:
    spans = [Span(a, b, "atlas-term") for a, b in row.spans]
    spans += query_spans(row.text, row.start, search)
    st.markdown(f'<div class="atlas-excerpt">{render(row.text, row.start, spans)}</div>',
                unsafe_allow_html=True)
    places = query.places_in_span(index, row.doc_id, row.start, row.end).dropna(
        subset=["lat", "lon"])
    cols = st.columns([3, 1])
    if not places.empty:
        chip_key = f"chips_{row.doc_id}_{row.start}"
        cols[0].pills("Places in this excerpt", places["place_id"].tolist(),
                      format_func=dict(zip(places["place_id"], places["name"],
                                           strict=True)).get,
                      key=chip_key, on_change=_chip_clicked, args=(chip_key, places),
                      label_visibility="collapsed")
    cols[1].page_link("pages/reader.py", label="Show in text", icon=":material/article:",
                      query_params={"doc": row.doc_id, "at": str(row.start),
                                    "end": str(row.end)})


def _chip_clicked(chip_key: str, places: pd.DataFrame) -> None:
    place_id = st.session_state.get(chip_key)
    st.session_state[chip_key] = None
    if not place_id:
        return
    row = places[places["place_id"] == place_id].iloc[0]
    permalink.select("place", place_id)
    permalink.request(center=(float(row["lat"]), float(row["lon"])), zoom=7)
