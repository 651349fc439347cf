"""Who says what: outlet facets with counts, the sort switch, the side-by-side view.

Each excerpt's outlet line and its "also in N sources" are drawn by
:mod:`dashboard.ui.evidence_panel`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core.corpus.outlets import TYPE_LABELS
from dashboard.core.evidence import query, voices
from dashboard.core.text.htmlsafe import escape_text
from dashboard.ui import evidence_panel
from dashboard.ui import session as keys

WHO_BEST = 3


def facet_values() -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """Return the chosen outlet countries and types (``None``: no restriction)."""
    countries = st.session_state.get(keys.OUTLET_COUNTRIES) or None
    types = st.session_state.get(keys.OUTLET_TYPES) or None
    return (tuple(countries) if countries else None, tuple(types) if types else None)


def order() -> str:
    """Return the chosen excerpt order (one of :data:`dashboard.core.evidence.voices.SORTS`)."""
    value = st.session_state.get(keys.EXCERPT_SORT, "relevance")
    return value if value in voices.SORTS else "relevance"


def _options(counts: dict[str, int], chosen_key: str) -> list[str]:
    chosen = list(st.session_state.get(chosen_key) or [])
    return list(dict.fromkeys([*counts, *chosen]))


def controls(index, kind: str, ident: str, flt: query.Filters, matches) -> None:
    """Render the sort switch, the outlet facets (with counts) and the who-says-what toggle."""
    counts = voices.facet_counts(index, kind, ident, flt, matches)
    c1, c2, c3 = st.columns([4, 5, 5])
    c1.selectbox("Order", list(voices.SORTS), key=keys.EXCERPT_SORT,
                 format_func=voices.SORT_LABELS.get)
    countries, types = counts["outlet_country"], counts["outlet_type"]
    c2.multiselect("Outlet country", _options(countries, keys.OUTLET_COUNTRIES),
                   key=keys.OUTLET_COUNTRIES, placeholder="every country",
                   format_func=lambda c: f"{evidence_panel.outlet_country_label(c)} "
                                         f"({countries.get(c, 0)})")
    c3.multiselect("Outlet type", _options(types, keys.OUTLET_TYPES), key=keys.OUTLET_TYPES,
                   placeholder="every type",
                   format_func=lambda t: f"{TYPE_LABELS.get(t, t)} ({types.get(t, 0)})")
    st.toggle("Who says what (side by side by outlet country)", key=keys.WHO_VIEW)


def who_says_what(index, kind: str, ident: str, flt: query.Filters, matches,
                  name: str) -> None:
    """Render the selection's excerpts side by side by outlet country, each column sourced."""
    columns = voices.who_says_what(index, kind, ident, flt, matches, best=WHO_BEST)
    st.markdown(evidence_panel.EXCERPT_CSS, unsafe_allow_html=True)
    st.subheader(f"Who says what about {name}")
    st.caption("Excerpts per outlet country (reprints shown once per country), best first: "
               "how each names the selection and the facts it carries. "
               "Country and type come from the outlet registry.")
    for (code, label), col in zip(voices.WHO_COLUMNS, st.columns(len(voices.WHO_COLUMNS)),
                                  strict=True):
        count, rows = columns[code]
        col.markdown(f"**{escape_text(label)}** ({count})")
        with col:
            _who_rows(index, rows)


def _who_rows(index, rows: pd.DataFrame) -> None:
    if rows.empty:
        st.caption("nothing in these sources")
        return
    labels = evidence_panel.source_labels(
        index.documents[index.documents["doc_id"].isin(rows["doc_id"])], index.texts)
    for row in rows.itertuples(index=False):
        st.markdown(f'<div class="atlas-excerpt">{escape_text(row.text)}</div>'
                    f"{evidence_panel.outlet_line(row)}<br><span class='atlas-meta'>"
                    f"{escape_text(labels.get(row.doc_id, row.doc_id))}</span>",
                    unsafe_allow_html=True)
        if int(row.also_in or 0):
            st.caption(f"also in {int(row.also_in)} other source"
                       f"{'s' if int(row.also_in) != 1 else ''}")
        evidence_panel.reader_link(row.doc_id, int(row.start), int(row.end))


def search_facets(index, found: set[tuple[str, int]], flt: query.Filters
                  ) -> set[tuple[str, int]]:
    """Render the outlet facets of search results (with counts); return the results kept."""
    outlets = voices.outlets_of(index).set_index("doc_id")
    per_doc = pd.Series([d for d, _ in found], dtype="object").value_counts()
    table = outlets.reindex(per_doc.index).fillna(voices.UNKNOWN_FACET).assign(n=per_doc)
    countries = table.groupby("outlet_country")["n"].sum().sort_values(ascending=False)
    types = table.groupby("outlet_type")["n"].sum().sort_values(ascending=False)
    c1, c2 = st.columns(2)
    c1.multiselect("Outlet country", _options(countries.to_dict(), keys.OUTLET_COUNTRIES),
                   key=keys.OUTLET_COUNTRIES, placeholder="every country",
                   format_func=lambda c: f"{evidence_panel.outlet_country_label(c)} "
                                         f"({int(countries.get(c, 0))})")
    c2.multiselect("Outlet type", _options(types.to_dict(), keys.OUTLET_TYPES),
                   key=keys.OUTLET_TYPES, placeholder="every type",
                   format_func=lambda t: f"{TYPE_LABELS.get(t, t)} ({int(types.get(t, 0))})")
    allowed = voices.allowed_documents(index, flt)
    return found if allowed is None else {k for k in found if k[0] in allowed}
