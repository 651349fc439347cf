import streamlit as st

from dashboard.core.corpus import citation
from dashboard.core.evidence import query
from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.text.highlight import Span, page_bounds, render
from dashboard.core.text.htmlsafe import escape_markdown, escape_text
from dashboard.ui import (
    cache,
    data,
    daterange,
    evidence_panel,
    links,
    permalink,
    review,
    session,
    source_picker,
)
from dashboard.ui.reader import document_spans, page_number, paragraph_bounds

PAGE_CHARS = 20_000  # characters per Reader page: one page renders in well under a second

geo = cache.st_geodata()
index = cache.st_index(data.corpus_version())
docs = index.documents
if docs.empty:
    st.info("The corpus is empty: add an article on the Sources page.")
    st.stop()

links.catch_map_links({"corridor": set(geo.index), "place": set(index.places["place_id"])})
doc_ids = docs["doc_id"].tolist()
permalink.reader_document(doc_ids)
dates = daterange.control(st.sidebar)
daterange.sync_url()
doc_id = source_picker.pick_one(
    st.sidebar, daterange.source_table(index, cache.st_source_table(data.corpus_version())),
    session.READER_DOC, index.texts.get)
if doc_id is None:
    st.info(f"No article to read: {dates.label().lower()}. Widen the date range in the sidebar.")
    st.stop()
row = docs[docs["doc_id"] == doc_id].iloc[0]
text = index.texts[doc_id]

st.markdown(f"<h1>{escape_markdown(citation.label(row, text))}</h1>",
            unsafe_allow_html=True)
meta = {k: citation.clean(row.get(k)) for k in ("author", "outlet", "date", "url")}
meta["date"] = meta["date"] or "undated"
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
    f'{escape_markdown(corridor_label(f, cid))}</span>' for cid, f in geo.index.items())
st.markdown(f"Corridor sentences are underlined: {legend}", unsafe_allow_html=True)
review.article_panel(doc_id, text, mentions, query.doc_rows(index, "sentences", doc_id), links)
st.markdown("<style>.atlas-doc{line-height:1.7;font-size:1rem;white-space:pre-wrap}"
            ".atlas-doc a.atlas-place{background:#ffe58a;color:inherit;text-decoration:none;"
            "border-radius:2px;padding:0 1px}.atlas-doc .atlas-target{background:#9be7ff}"
            ".atlas-doc .atlas-furniture{color:#999}</style>", unsafe_allow_html=True)

target = permalink.reader_target(doc_id, len(text))
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
lo, hi = pages[page_number(pages, doc_id, target, len(text)) - 1]
spans = document_spans(index, doc_id, geo.index, lo, hi)
st.markdown(f'<div class="atlas-doc">{render(text[lo:hi], lo, spans)}</div>',
            unsafe_allow_html=True)
