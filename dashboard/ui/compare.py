"""Streamlit rendering of the Compare page: sourced table, small maps, exports, timeline."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.core.evidence import compare
from dashboard.core.evidence import index as evidence
from dashboard.core.geodata.corridors import corridor_label, corridor_palette
from dashboard.core.text.htmlsafe import escape_html, escape_markdown
from dashboard.ui import cache, nav, permalink
from dashboard.ui import session as keys

KINDS = ("key date", "article")
SCROLL_ROWS = ("Route", "Sections (status)", "Key dates", "Published length")  # long cells scroll


URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


def _link(address: str, n: int | None = None) -> str:
    """Markdown link to an address (numbered, or showing it); a non-address as escaped text."""
    if address.startswith(("http://", "https://")):
        label = f"[{n}]" if n is not None else escape_markdown(address)
        return f"[{label}]({quote(address, safe=URL_SAFE)})"
    return f"_{escape_markdown(address)}_"


def sources_markdown(sources: tuple[str, ...] | list[str]) -> str:
    """Numbered Markdown links for addresses; other sources (documents) as escaped text."""
    links = [_link(s, i) for i, s in enumerate(sources, start=1) if s.startswith("http")]
    others = [_link(s) for s in sources if not s.startswith("http")]
    return " ".join(links + (["; ".join(others)] if others else []))


def cell_markdown(cell: compare.Cell) -> str:
    """Markdown of one cell: each statement escaped, followed by its source links."""
    parts = []
    for line in cell:
        cite = sources_markdown(line.sources) or "_(no source)_"
        parts.append(f"{escape_markdown(line.text)} {cite}")
    return "  \n".join(parts)


def header(index: dict) -> None:
    """Show the corridor names in their map colours, one column each."""
    cols = st.columns([1.1] + [2] * len(index))
    for col, facts in zip(cols[1:], index.values(), strict=True):
        col.markdown(
            f'<span style="color:{escape_html(facts.get("color", "#333"))};font-weight:700">'
            f"&#9644; {escape_html(corridor_label(facts))}</span>",
            unsafe_allow_html=True,
        )


def table(cells: dict, index: dict) -> None:
    """Show the table side by side: one row per attribute, one column per corridor."""
    header(index)
    for label in compare.ROWS:
        cols = st.columns([1.1] + [2] * len(index))
        cols[0].markdown(f"**{escape_markdown(label)}**")
        for col, cid in zip(cols[1:], index, strict=True):
            with col.container(height=220 if label in SCROLL_ROWS else "content",
                               border=False):
                st.markdown(cell_markdown(cells[cid][label]))


def exports(cells: dict, index: dict, corpus_version: str, dates=None) -> None:
    """Offer the sourced table as CSV, the table as a slide PNG and the maps as PNG."""
    frame = compare.compare_csv_frame(cells, index)
    left, mid, right = st.columns(3)
    left.download_button("Table as CSV (with sources)", frame.to_csv(index=False).encode("utf-8"),
                         file_name="corridors_compare.csv", mime="text/csv", key="dl_compare_csv")
    key = dates.key() if dates is not None and dates.active else None
    mid.download_button("Table as slide (PNG)", cache.st_table_png(corpus_version, key),
                        file_name="corridors_compare_slide.png", mime="image/png",
                        key="dl_compare_png")
    right.download_button("Corridor maps (PNG)", cache.st_maps_png(),
                          file_name="corridors_maps.png", mime="image/png", key="dl_maps_png")


def maps() -> None:
    """Show the row of small maps."""
    st.image(cache.st_maps_png(), caption="Traced lines solid (OpenStreetMap / Global Energy "
             "Monitor), schematic lines dashed. " + compare.ATTRIBUTION,
             width="stretch")


# ------------------------------------------------------------------------------ timeline
def timeline_chart(events: pd.DataFrame, index: dict) -> alt.Chart:
    """Altair chart: one row per corridor, events on a common time axis, corridor colours."""
    names, colours = corridor_palette(index)
    plot = events.assign(source_text=[" ; ".join(s) for s in events["sources"]]).drop(
        columns=["sources"])
    pick = alt.selection_point(fields=["event_id"], name="pick", on="click")
    return (
        alt.Chart(plot)
        .mark_point(filled=True, size=140, opacity=0.9)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y")),
            y=alt.Y("corridor:N", sort=names, title=None),
            color=alt.Color("corridor:N", scale=alt.Scale(domain=names, range=colours),
                            legend=None),
            shape=alt.Shape("kind:N", scale=alt.Scale(domain=list(KINDS),
                                                      range=["circle", "triangle-up"]),
                            legend=alt.Legend(title=None, orient="bottom")),
            tooltip=[alt.Tooltip("date_text:N", title="date"), "corridor:N", "category:N",
                     "event:N", alt.Tooltip("source_text:N", title="source")],
        )
        .add_params(pick)
        .properties(height=60 * len(names) + 40)
    )


def _chart_pick(selection: object) -> str | None:
    try:
        points = selection["selection"]["pick"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    return points[0].get("event_id") if points else None


def undated_articles(index: evidence.EvidenceIndex, dates=None) -> int:
    """Corpus articles linked to a corridor that carry no date (the timeline caption).

    Zero when the date range leaves undated articles out.
    """
    if dates is not None and not dates.undated:
        return 0
    return compare.undated_articles(index.corridor_links, index.documents)


def timeline(events: pd.DataFrame, index: dict, undated: int) -> None:
    """Show the timeline (click an event for its source); the event list is its twin."""
    if events.empty:
        st.info("No dated events.")
        return
    selection = st.altair_chart(timeline_chart(events, index), on_select="rerun",
                                key=keys.TIMELINE_CHART, width="stretch")
    picked = _chart_pick(selection)
    if picked and picked != st.session_state.get(keys.TIMELINE_HANDLED):
        st.session_state[keys.TIMELINE_HANDLED] = picked
        st.session_state[keys.TIMELINE_EVENT] = picked
    articles = int((events["kind"] == "article").sum())
    st.caption(f"{len(events) - articles} key dates from the corridor facts; {articles} "
               f"dated articles of the corpus; {undated} corpus articles on corridors carry "
               "no date and are not on the axis.")
    labels = {r.event_id: compare.event_label(r._asdict()) for r in events.itertuples()}
    event_id = st.selectbox("Event", list(labels), index=None, key=keys.TIMELINE_EVENT,
                            format_func=lambda e: labels.get(e, e),
                            placeholder="Click an event on the timeline or choose it here")
    if event_id in labels:
        event_detail(events[events["event_id"] == event_id].iloc[0])


def event_detail(row: pd.Series) -> None:
    """Show the chosen event's source and a button that shows its corridor on the map."""
    st.markdown(f"**{escape_markdown(row['date_text'])} · {escape_markdown(row['corridor'])}"
                f"** ({escape_markdown(row['category'])}): {escape_markdown(row['event'])}")
    sources = compare.sequence_of(row["sources"])
    st.markdown("Source: " + " ".join(_link(s) for s in sources))
    if st.button(f"Show {row['corridor']} on the map", key="timeline_to_map",
                 icon=":material/map:"):
        show_on_map(str(row["corridor_id"]))


def show_on_map(corridor_id: str) -> None:
    """Select the corridor (and make its layer visible), then open the map page."""
    permalink.request(selection=("corridor", corridor_id))
    view = st.session_state.get(keys.VIEW)
    if view is not None and view.layers is not None and corridor_id not in view.layers:
        st.session_state[keys.VIEW] = replace(view, layers=(*view.layers, corridor_id))
    st.switch_page(nav.page("map"))
