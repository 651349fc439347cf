"""How the talk moves: excerpts per month, stacked by corridor in the corridor palette.

The Overview shows the whole chart; the corridor's fact card a small one.  Clicking a bar
(or choosing its month in the box beside the chart) sets the date range to that month.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.core.evidence import query
from dashboard.core.geodata.corridors import corridor_label, corridor_palette
from dashboard.core.text.htmlsafe import escape_text
from dashboard.ui import cache, data, daterange, evidence_panel
from dashboard.ui import session as keys


def labelled(months: pd.DataFrame, corridor_index: Mapping[str, Mapping]) -> pd.DataFrame:
    """Add the corridor's display name to a per-month table (known corridors only)."""
    names, _ = corridor_palette(dict(corridor_index))
    name_of = dict(zip(corridor_index, names, strict=True))
    months = months[months["corridor"].isin(list(corridor_index))]
    return months.assign(name=months["corridor"].map(name_of), Excerpts=months["excerpts"],
                         Month=pd.to_datetime(months["month"] + "-01"))


def chart(months: pd.DataFrame, corridor_index: Mapping[str, Mapping],
          height: int = 260) -> alt.Chart:
    """Stacked bars of excerpts per month (``labelled`` table), one colour per corridor."""
    names, colours = corridor_palette(dict(corridor_index))
    pick = alt.selection_point(fields=["month"], name="month_pick", on="click")
    return (alt.Chart(months).mark_bar().encode(
        x=alt.X("yearmonth(Month):T", title=None),
        y=alt.Y("sum(Excerpts):Q", title="Excerpts", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("name:N", scale=alt.Scale(domain=names, range=colours),
                        legend=alt.Legend(title=None, orient="bottom")),
        order=alt.Order("name:N"),
        tooltip=[alt.Tooltip("month:N", title="Month"), alt.Tooltip("name:N", title="Corridor"),
                 alt.Tooltip("excerpts:Q", title="Excerpts"),
                 alt.Tooltip("sources:Q", title="Sources")],
    ).add_params(pick).properties(height=height))


def _picked_month(selection: object) -> str | None:
    try:
        points = selection["selection"]["month_pick"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    return str(points[0].get("month")) if points and points[0].get("month") else None


def show(months: pd.DataFrame, corridor_index: Mapping[str, Mapping], key: str,
         height: int = 260) -> None:
    """Draw the chart and the month box; a clicked or chosen month sets the date range."""
    table = labelled(months, corridor_index)
    if table.empty:
        st.caption("No dated excerpt under the current filters: nothing to draw over time.")
        return
    chart_col, pick_col = st.columns([5, 1], vertical_alignment="bottom")
    with chart_col:
        selection = st.altair_chart(chart(table, corridor_index, height), on_select="rerun",
                                    key=key, width="stretch")
    picked = _picked_month(selection)
    if picked and picked != st.session_state.get(keys.chart_handled_key(key)):
        st.session_state[keys.chart_handled_key(key)] = picked
        st.session_state[keys.DATES_PENDING] = picked
        st.rerun()
    options = sorted(set(table["month"]), reverse=True)
    pick_col.selectbox("Month", options, index=None, key=keys.trend_month_key(key),
                       placeholder="Pick…", on_change=_month_chosen, args=(key,),
                       help="Show only this month's articles (sets the date range).")


def _month_chosen(key: str) -> None:
    month = st.session_state.get(keys.trend_month_key(key))
    if month:
        daterange.choose_month(month)


def corridor_trend(corridor_id: str, corridor_index: Mapping[str, Mapping],
                   sources: tuple[str, ...] | None) -> None:
    """Show one corridor's small trend in its fact card (under the current date range)."""
    rng = daterange.current()
    version = data.corpus_version()
    sources = query.every_source(cache.st_index(version), sources)
    months = cache.st_corridor_months(version, sources, rng.key() if rng.active else None)
    months = months[months["corridor"] == corridor_id]
    st.markdown("**Excerpts per month**")
    show(months, {corridor_id: corridor_index[corridor_id]}, keys.CARD_TREND_CHART, 110)



def place_trend(place_id: str, corridor_index: Mapping[str, Mapping],
                sources: tuple[str, ...] | None) -> None:
    """Show a place's small trend in its card: its corridor excerpts per month."""
    rng = daterange.current()
    version = data.corpus_version()
    sources = query.every_source(cache.st_index(version), sources)
    months = cache.st_place_months(version, place_id, sources,
                                   rng.key() if rng.active else None)
    st.markdown("**Excerpts per month** (sentences that also link to a corridor)")
    show(months, corridor_index, keys.CARD_TREND_CHART, 110)


#: Sources drawn in the Overview's per-source chart and table (the most counted).
TOP_SOURCES = 40


def top(counts: pd.Series) -> pd.Series:
    """Return ``counts`` as is when short, else its :data:`TOP_SOURCES` largest (stable)."""
    if len(counts) <= TOP_SOURCES:
        return counts
    return counts.sort_values(ascending=False, kind="stable").head(TOP_SOURCES)


#: Excerpts listed per corridor in the "new since" view.
NEW_SINCE_ROWS = 5


def new_since(index, corridor_index: Mapping[str, Mapping]) -> None:
    """Show the "new since" view: excerpts of articles published or added since a day."""
    st.subheader("New since")
    st.session_state.setdefault(keys.NEW_SINCE, date.today() - timedelta(days=30))
    day = st.date_input("Articles published or added on or after", key=keys.NEW_SINCE,
                        format="YYYY-MM-DD")
    if day is None:
        return
    fresh = query.new_since_ids(index, day.isoformat())
    keep = query.dated_ids(index, daterange.current())
    fresh = fresh if keep is None else fresh & keep
    if not fresh:
        st.caption(f"No article of the date range was published or added since {day}.")
        return
    flt = query.Filters(sources=tuple(sorted(fresh)))
    plural = "" if len(fresh) == 1 else "s"
    st.caption(f"{len(fresh)} article{plural} since {day}; the first {NEW_SINCE_ROWS} "
               "excerpts per corridor:")
    for cid, facts in corridor_index.items():
        found = query.corridor_excerpt_pages(index, cid, flt)
        if not found.total:
            continue
        st.markdown(f"**{escape_text(corridor_label(facts, cid))}** · {found.total} excerpt"
                    f"{'s' if found.total != 1 else ''} from {found.sources} source(s)",
                    unsafe_allow_html=True)
        for row in found.page(1, NEW_SINCE_ROWS).itertuples(index=False):
            st.markdown(f'<div class="atlas-excerpt">{escape_text(row.text)}</div>'
                        f'<p class="atlas-meta">{escape_text(cite(index, row.doc_id))}</p>',
                        unsafe_allow_html=True)


def cite(index, doc_id: str) -> str:
    """Return the one-line citation of a document, its date or "undated" included."""
    line = evidence_panel.citation_line(index.documents, doc_id, index.texts)
    row = index.documents[index.documents["doc_id"] == doc_id]
    dated = not row.empty and bool(str(row.iloc[0]["date"] or "").strip())
    return line if dated else f"{line} (undated)"
