"""The evidence panel: fact card of the selection and its excerpts, grouped by source."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import pandas as pd
import streamlit as st

from dashboard.core.corpus import citation
from dashboard.core.corpus.outlets import TYPE_LABELS, UNKNOWN
from dashboard.core.evidence import query, search, voices
from dashboard.core.map.names import split_name
from dashboard.core.text.highlight import Span, basis_label, render
from dashboard.core.text.htmlsafe import escape_html, escape_markdown, escape_text, safe_url
from dashboard.ui import cache, data, nav, permalink
from dashboard.ui import session as keys

PAGE_SIZE = 15
EXCERPT_CSS = """<style>
.atlas-excerpt{border-left:3px solid #bbb;padding:2px 0 2px 10px;margin:4px 0 2px 0;
  font-size:.92rem;line-height:1.45}
.atlas-excerpt mark{background:#ffe58a;padding:0 1px;border-radius:2px}
.atlas-excerpt mark.atlas-q{background:#9be7ff}
.atlas-excerpt mark.atlas-target{background:#fff3c4}
.atlas-meta{color:#666;font-size:.8rem}
.atlas-source{margin-top:.6rem}
div[data-testid="stButtonGroup"] div[role="radiogroup"]{flex-wrap:wrap;overflow:visible;row-gap:4px}
.atlas-basis{font-size:.72rem;border:1px solid #999;border-radius:8px;padding:0 6px;
  margin-right:6px;color:#444;white-space:nowrap}
.atlas-basis-described{border-color:#0072B2;color:#0072B2}
.atlas-basis-anaphoric{border-color:#999;border-style:dashed}
</style>"""


def _doc_row(documents: pd.DataFrame, doc_id: str) -> dict | None:
    row = documents[documents["doc_id"] == doc_id]
    return None if row.empty else row.iloc[0].to_dict()


def source_label(documents: pd.DataFrame, doc_id: str,
                 texts: Mapping[str, str] | None = None) -> str:
    """Human label of a document: its title, else its first words (plain text).

    The file name only when neither is known (``texts`` not given and no title).
    """
    row = _doc_row(documents, doc_id)
    if row is None:
        return doc_id
    return citation.label(row, (texts or {}).get(doc_id))


def source_labels(documents: pd.DataFrame,
                  texts: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return :func:`source_label` of every document, in one pass over the table."""
    texts = texts or {}
    if hasattr(texts, "leads"):  # a stored index: read only the untitled texts' openings
        untitled = documents.loc[[not citation.clean(t) for t in documents["title"]], "doc_id"]
        texts = texts.leads(untitled.astype(str))
    labels: dict[str, str] = {}
    for row in documents.to_dict("records"):
        if row["doc_id"] not in labels:  # the first row wins, as in source_label
            labels[row["doc_id"]] = citation.label(row, texts.get(row["doc_id"]))
    return labels


def source_heading(index, doc_id: str, extra: str = "", outlet: str = "") -> None:
    """Render a source's label, byline and link.

    ``extra`` (escaped HTML) follows the label; ``outlet`` (escaped HTML: who published it)
    goes under it.
    """
    row = _doc_row(index.documents, doc_id) or {"doc_id": doc_id}
    meta = escape_markdown(citation.byline(row))
    if not citation.clean(row.get("date")):  # never a made-up date: say so
        meta = f"{meta} · <i>undated</i>" if meta else "<i>undated</i>"
    url = safe_url(citation.clean(row.get("url")))
    if url:
        link = meta_value_html("url", url)
        meta = f"{meta} · {link}" if meta else link
    text = None if citation.clean(row.get("title")) else index.texts.get(doc_id)
    label = escape_markdown(citation.label(row, text))
    below = f"{outlet}<br>" if outlet else ""
    st.markdown(f'<div class="atlas-source"><b>{label}</b>{extra}<br>{below}'
                f"<span class='atlas-meta'>{meta}</span></div>", unsafe_allow_html=True)


def meta_value_html(field: str, value: str) -> str:
    """HTML of one metadata value: escaped text; the ``url`` field as a link to itself.

    Only the URL field ever becomes a link, only for an ``http(s)`` address, and the
    link text is the address itself (never text chosen by the source).
    """
    url = safe_url(value) if field == "url" else None
    if url is None:
        return escape_markdown(value)
    return (f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{escape_text(url)}</a>")


def corridor_card(facts: Mapping[str, object], nodes: pd.DataFrame) -> None:
    """Render a corridor's fact card: aliases, length, status, countries, operator, nodes."""
    name = str(facts.get("name", ""))
    color = escape_html(facts.get("color", "#333"))
    st.markdown(f'<h4 style="margin-bottom:0"><span style="color:{color}">&#9644;</span> '
                f"{escape_markdown(name)}</h4>", unsafe_allow_html=True)
    if facts.get("description"):
        st.markdown(escape_markdown(facts["description"]))
    rows = []
    aliases = unique_names(facts.get("aliases") or [], exclude=(name, facts.get("short_name")))
    if aliases:
        rows.append(("Also called", ", ".join(aliases)))
    length = facts.get("length")
    if isinstance(length, Mapping) and length.get("value_km"):
        note = without_validation_notes(str(length.get("note") or ""))
        rows.append(("Length", f"{length['value_km']:,} km — {note}".strip(" —")))
    for label, field in (("Status", "status"), ("Operator", "operator"), ("Capacity", "capacity")):
        value = facts.get(field)
        if isinstance(value, Mapping):
            value = value.get("value")
        if value:
            rows.append((label, str(value).replace("_", " ")))
    if facts.get("countries"):
        rows.append(("Countries", ", ".join(country_name(c) for c in facts["countries"])))
    key_nodes = [split_name(str(n))[0]
                 for n in nodes[nodes["corridor"] == facts.get("id")]["name"]]
    if key_nodes:
        rows.append(("Key nodes", ", ".join(dict.fromkeys(key_nodes))))
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


def excerpts(index, found: query.Excerpts | pd.DataFrame, search: str,
             empty_message: str) -> None:
    """Render excerpts grouped by source, with highlights, chips and "show in text" links.

    Only the page shown is read (:class:`dashboard.core.evidence.query.Excerpts`).

    Parameters
    ----------
    index
        The evidence index (documents, mentions, texts).
    found
        From :func:`dashboard.core.evidence.query.corridor_excerpt_pages` or
        ``place_excerpt_pages`` (or a whole ``place_excerpts`` table).
    search
        Active search text (its matches are highlighted too).
    empty_message
        What to say when there is no excerpt.
    """
    if isinstance(found, pd.DataFrame):
        found = query.excerpt_pages(found)
    if not found.total:
        st.info(empty_message)
        return
    st.markdown(EXCERPT_CSS, unsafe_allow_html=True)
    total = found.total
    pages = max(1, -(-total // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages}; {total} excerpts)", 1, pages,
                                   key=keys.EXCERPT_PAGE))
    chunk = found.page(min(page, pages), PAGE_SIZE)
    st.caption(f"{total} excerpt{'s' if total != 1 else ''} from "
               f"{found.sources} source{'s' if found.sources != 1 else ''}")
    sindex = cache.st_sentences(data.corpus_version()) if search else None
    chips = query.places_in_spans(index, zip(chunk["doc_id"], chunk["start"], chunk["end"],
                                             strict=True))
    ranked = "also_in" in chunk.columns
    for doc_id, group in itertools.groupby(chunk.itertuples(index=False), lambda r: r.doc_id):
        rows = list(group)
        source_heading(index, doc_id, outlet=outlet_line(rows[0]) if ranked else "")
        for row in rows:
            _excerpt(index, row, search, sindex,
                     chips[(str(row.doc_id), int(row.start), int(row.end))])
            if ranked:
                also_in(index, row)


def basis_badge(basis: object) -> str:
    """HTML badge of a corridor excerpt's basis (named / described / refers back); "" if none."""
    if basis is None or (isinstance(basis, float) and basis != basis):
        return ""
    label, meaning = basis_label(basis)
    css = escape_html(f"atlas-basis atlas-basis-{basis}")
    return f'<span class="{css}" title="{escape_html(meaning)}">{escape_text(label)}</span>'


def _excerpt(index, row, search: str, sindex, places: pd.DataFrame) -> None:
    spans = [Span(a, b, "atlas-term") for a, b in row.spans]
    if sindex is not None:
        spans += [Span(a, b, "atlas-q")
                  for a, b in sindex.spans(search, row.doc_id, row.start, row.text)]
    badge = basis_badge(getattr(row, "basis", None))
    st.markdown(f'<div class="atlas-excerpt">{badge}{render(row.text, row.start, spans)}</div>',
                unsafe_allow_html=True)
    places = places.dropna(subset=["lat", "lon"])
    if not places.empty:  # full width: chips are never clipped
        chip_key = f"chips_{row.doc_id}_{row.start}"
        st.pills("Places in this excerpt", places["place_id"].tolist(),
                 format_func=dict(zip(places["place_id"], places["name"], strict=True)).get,
                 key=chip_key, on_change=_chip_clicked, args=(chip_key, places),
                 label_visibility="collapsed")
    reader_link(row.doc_id, row.start, row.end)


def outlet_country_label(code: str) -> str:
    """Return the name of an outlet country code (``unknown`` and the blocs spelled out)."""
    if code == voices.UNKNOWN_FACET:
        return "unknown country"
    return {"INT": "international", "EU": "European Union"}.get(code) or country_name(code)


def outlet_line(row) -> str:
    """Return the escaped HTML line naming an excerpt's outlet, its country, type and date."""
    parts = [str(row.outlet or UNKNOWN)]
    if row.outlet_country and row.outlet_country != voices.UNKNOWN_FACET:
        parts.append(outlet_country_label(str(row.outlet_country)))
    if row.outlet_type and row.outlet_type != voices.UNKNOWN_FACET:
        parts.append(TYPE_LABELS.get(str(row.outlet_type), str(row.outlet_type)))
    if isinstance(row.date, str) and row.date:
        parts.append(row.date)
    return f"<span class='atlas-meta'>{escape_text(' · '.join(parts))}</span>"


def also_in(index, row) -> None:
    """Render "also in N sources" with the list of the other sources, when a reprint."""
    n = int(row.also_in or 0)
    if n <= 0:
        return
    with st.expander(f"also in {n} source{'s' if n != 1 else ''}"):
        others = voices.also_in(index, row.doc_id, int(row.start))
        labels = source_labels(
            index.documents[index.documents["doc_id"].isin(others["doc_id"])], index.texts)
        for other in others.itertuples(index=False):
            outlet = other.outlet or UNKNOWN
            st.markdown(f"<span class='atlas-meta'>{escape_text(outlet)} — "
                        f"{escape_text(labels.get(other.doc_id, other.doc_id))}</span>",
                        unsafe_allow_html=True)
            reader_link(other.doc_id, int(other.start), int(other.end),
                                       label="Show this copy in text")


def reader_link(doc_id: str, start: int, end: int, label: str = "Show in text") -> None:
    """Link to the Reader, opened at ``[start, end)`` of the document."""
    st.page_link(nav.page("reader"), label=label, icon=":material/article:",
                 query_params={"doc": doc_id, "at": str(int(start)), "end": str(int(end))})


def _chip_clicked(chip_key: str, places: pd.DataFrame) -> None:
    """Select the chip's place; the map frames it on this rerun (a changed selection)."""
    place_id = st.session_state.get(chip_key)
    st.session_state[chip_key] = None
    if place_id and place_id in set(places["place_id"]):
        permalink.select("place", place_id)


def unique_names(names: Iterable[object], exclude: Iterable[object] = ()) -> list[str]:
    """Names without repeats that differ only in case, accents, dashes or spacing."""
    seen = {search.normalise(str(e)).strip() for e in exclude if e}
    out = []
    for name in names:
        key = search.normalise(str(name)).strip()
        if key and key not in seen:
            seen.add(key)
            out.append(str(name))
    return out


def without_validation_notes(note: str) -> str:
    """Drop the sentences of a fact note that record its validation (``validate``'s job)."""
    sentences = [s for s in note.replace(". ", ".\n").split("\n") if s.strip()]
    return " ".join(s.strip() for s in sentences if not s.strip().lower().startswith(
        ("validated", "validation"))).strip()


def country_name(code: object) -> str:
    """Country name of an ISO2 code (from the gazetteer); the code when unknown; blank."""
    text = citation.clean(code)
    return cache.st_country_names().get(text.upper(), text) if text else ""


def coordinate_quality(kind: str, source: str) -> str:
    """How good a place's point is, read from its gazetteer source."""
    low = source.lower()
    if "verified" in low and "unverified" not in low:
        return "verified point"
    if "approximate" in low:
        return "approximate point"
    if low.startswith("derived"):
        return "derived point (computed from outlines), not an exact location"
    if "label point" in low or kind in ("country", "region", "macro_region", "sea", "river"):
        return "representative point of an area or line, not an exact location"
    return "settlement point as published by the gazetteer source"


def place_card(row: Mapping[str, object]) -> None:
    """Render a place's card: name, kind, country, coordinates, source and quality."""
    place = cache.st_gazetteer().get(str(row.get("place_id")))
    kind = citation.clean(row.get("kind")).replace("_", " ")
    country = country_name(row.get("country"))
    lat, lon = row.get("lat"), row.get("lon")
    coords = (f"{float(lat):.4f}° N, {float(lon):.4f}° E"
              if citation.clean(lat) and citation.clean(lon) else "")
    meta = " · ".join(v for v in (kind, country) if v)
    st.markdown(f"#### {escape_html(citation.clean(row.get('name')))}  \n"
                f"<span class='atlas-meta'>{escape_html(meta)}</span>", unsafe_allow_html=True)
    rows = [("Coordinates", coords)] if coords else []
    if place is not None:
        aliases = unique_names(place.aliases, exclude=(row.get("name"),))
        if aliases:
            rows.append(("Also called", ", ".join(aliases[:8])
                         + (f" (+{len(aliases) - 8} more)" if len(aliases) > 8 else "")))
        rows.append(("Gazetteer source", place.source))
        rows.append(("Coordinate quality", coordinate_quality(place.kind, place.source)))
    if rows:
        st.table(pd.DataFrame(rows, columns=["Fact", "Value"]).set_index("Fact"))

