import streamlit as st

from dashboard.core import citation
from dashboard.core.highlight import Span, render
from dashboard.core.htmlsafe import escape_html
from dashboard.ui import data, evidence_panel, links
from dashboard.ui.reader import document_spans, paragraph_bounds

geo = data.st_geodata()
index = data.st_index(data.corpus_version())
docs = index.documents
if docs.empty:
    st.info("The corpus is empty: add an article on the Sources page.")
    st.stop()

links.catch_map_links({"corridor": set(geo.index), "place": set(index.places["place_id"])})
doc_ids = docs["doc_id"].tolist()
requested = st.query_params.get("doc")
if requested in doc_ids and st.session_state.get("reader_doc_from_url") != requested:
    st.session_state["w_reader_doc"] = requested
    st.session_state["reader_doc_from_url"] = requested
doc_id = st.sidebar.selectbox("Article", doc_ids, key="w_reader_doc",
                              format_func=lambda d: evidence_panel.source_label(docs, d,
                                                                                index.texts))
row = docs[docs["doc_id"] == doc_id].iloc[0]
text = index.texts[doc_id]

st.title(evidence_panel.source_label(docs, doc_id, index.texts))
meta = {k: citation.clean(row.get(k)) for k in ("author", "outlet", "date")}
parts = [f"**{escape_html(k.title())}:** {escape_html(v)}" for k, v in meta.items() if v]
url = citation.clean(row.get("url"))
if url.startswith(("http://", "https://")):
    parts.append(f'**URL:** <a href="{escape_html(url)}" target="_blank" rel="noopener">'
                 f"{escape_html(url)}</a>")
if not citation.clean(row.get("title")):
    parts.append("*No title stated: named by its first words*")
st.markdown(" · ".join(parts), unsafe_allow_html=True)
mentions = index.mentions[index.mentions["doc_id"] == doc_id]
links = index.corridor_links[index.corridor_links["doc_id"] == doc_id]
st.caption(f"{len(mentions)} place mentions · {links['start'].nunique()} corridor sentences · "
           "click a highlighted name or sentence to see it on the map")

legend = " ".join(
    f'<span style="border-bottom:3px solid {escape_html(f["color"])};padding:0 3px">'
    f'{escape_html(f.get("short_name") or f["name"])}</span>' for f in geo.index.values())
st.markdown(f"Corridor sentences are underlined: {legend}", unsafe_allow_html=True)
st.markdown("<style>.atlas-doc{line-height:1.7;font-size:1rem;white-space:pre-wrap}"
            ".atlas-doc a.atlas-place{background:#ffe58a;color:inherit;text-decoration:none;"
            "border-radius:2px;padding:0 1px}.atlas-doc .atlas-target{background:#9be7ff}"
            ".atlas-doc .atlas-furniture{color:#999}</style>", unsafe_allow_html=True)

spans = document_spans(index, doc_id, geo.index)
target = None
try:
    at, end = int(st.query_params.get("at", -1)), int(st.query_params.get("end", -1))
    if requested == doc_id and 0 <= at < end <= len(text):
        target = (at, end)
except ValueError:
    target = None
if target:
    p_start, p_end = paragraph_bounds(text, *target)
    st.markdown("**The excerpt in its paragraph:**")
    st.markdown(f'<div class="atlas-doc">'
                f'{render(text[p_start:p_end], p_start, [*spans, Span(*target, "atlas-target")])}'
                "</div>", unsafe_allow_html=True)
    st.divider()
st.markdown(f'<div class="atlas-doc">{render(text, 0, spans)}</div>', unsafe_allow_html=True)
