import streamlit as st

from dashboard.core import citation, query
from dashboard.core.highlight import Span, page_bounds, render
from dashboard.core.htmlsafe import escape_text
from dashboard.core.permalink import param, text_target
from dashboard.ui import data, evidence_panel, links
from dashboard.ui.reader import document_spans, paragraph_bounds

PAGE_CHARS = 20_000  # characters per Reader page: one page renders in well under a second

geo = data.st_geodata()
index = data.st_index(data.corpus_version())
docs = index.documents
if docs.empty:
    st.info("The corpus is empty: add an article on the Sources page.")
    st.stop()

links.catch_map_links({"corridor": set(geo.index), "place": set(index.places["place_id"])})
doc_ids = docs["doc_id"].tolist()
params = st.query_params.to_dict()
requested = param(params, "doc")
if requested in doc_ids and st.session_state.get("reader_doc_from_url") != requested:
    st.session_state["w_reader_doc"] = requested
    st.session_state["reader_doc_from_url"] = requested
    st.session_state.pop("w_reader_page", None)
labels = evidence_panel.source_labels(docs, index.texts)
doc_id = st.sidebar.selectbox("Article", doc_ids, key="w_reader_doc", format_func=labels.get)
row = docs[docs["doc_id"] == doc_id].iloc[0]
text = index.texts[doc_id]

st.markdown(f"<h1>{escape_text(labels[doc_id])}</h1>",
            unsafe_allow_html=True)
meta = {k: citation.clean(row.get(k)) for k in ("author", "outlet", "date", "url")}
parts = [f"<b>{k.title()}:</b> {evidence_panel.meta_value_html(k, v)}"
         for k, v in meta.items() if v]
if not citation.clean(row.get("title")):
    parts.append("<i>No title stated: named by its first words</i>")
st.markdown('<p class="atlas-doc-meta">' + " · ".join(parts) + "</p>", unsafe_allow_html=True)
mentions = query.doc_rows(index, "mentions", doc_id)
links = query.doc_rows(index, "corridor_links", doc_id)
st.caption(f"{len(mentions)} place mentions · {links['start'].nunique()} corridor sentences · "
           "click a highlighted name or sentence to see it on the map")

legend = " ".join(
    f'<span style="border-bottom:3px solid {escape_text(f["color"])};padding:0 3px">'
    f'{escape_text(f.get("short_name") or f["name"])}</span>' for f in geo.index.values())
st.markdown(f"Corridor sentences are underlined: {legend}", unsafe_allow_html=True)
st.markdown("<style>.atlas-doc{line-height:1.7;font-size:1rem;white-space:pre-wrap}"
            ".atlas-doc a.atlas-place{background:#ffe58a;color:inherit;text-decoration:none;"
            "border-radius:2px;padding:0 1px}.atlas-doc .atlas-target{background:#9be7ff}"
            ".atlas-doc .atlas-furniture{color:#999}</style>", unsafe_allow_html=True)

target = text_target(params, doc_id, len(text))
if target:
    p_start, p_end = paragraph_bounds(text, *target)
    p_start, p_end = max(p_start, target[0] - PAGE_CHARS), min(p_end, target[1] + PAGE_CHARS)
    spans = document_spans(index, doc_id, geo.index, p_start, p_end)
    st.markdown("**The excerpt in its paragraph:**")
    st.markdown(f'<div class="atlas-doc">'
                f'{render(text[p_start:p_end], p_start, [*spans, Span(*target, "atlas-target")])}'
                "</div>", unsafe_allow_html=True)
    st.divider()

pages = page_bounds(text, PAGE_CHARS)
page = 1
if len(pages) > 1:
    if target and st.session_state.get("reader_target") != (doc_id, target):
        st.session_state["reader_target"] = (doc_id, target)
        st.session_state["w_reader_page"] = next(
            i for i, (a, b) in enumerate(pages, 1) if a <= target[0] < b or i == len(pages))
    page = int(st.number_input(f"Page (of {len(pages)}; {len(text):,} characters)", 1,
                               len(pages), key="w_reader_page"))
lo, hi = pages[min(page, len(pages)) - 1]
spans = document_spans(index, doc_id, geo.index, lo, hi)
st.markdown(f'<div class="atlas-doc">{render(text[lo:hi], lo, spans)}</div>',
            unsafe_allow_html=True)
