import pandas as pd
import streamlit as st

from dashboard.ui import data, evidence_panel

geo = data.st_geodata()
index = data.st_index(data.corpus_version())
docs = index.documents

st.title("Overview of the corpus")
if docs.empty:
    st.info("The corpus is empty: add an article on the Sources page.")
    st.stop()

labels = {d: evidence_panel.source_label(docs, d, index.texts) for d in docs["doc_id"]}
m1, m2, m3, m4 = st.columns(4)
m1.metric("Sources", len(docs))
m2.metric("Place mentions", len(index.mentions))
m3.metric("Distinct places", len(index.places))
m4.metric("Corridor excerpts", len(index.corridor_links))

left, right = st.columns(2)
with left:
    st.subheader("Place mentions per source")
    per_doc = index.mentions.groupby("doc_id").size().reindex(docs["doc_id"], fill_value=0)
    st.bar_chart(pd.DataFrame({"source": [labels[d] for d in per_doc.index],
                               "mentions": per_doc.to_numpy()}),
                 x="source", y="mentions", horizontal=True)
with right:
    st.subheader("Excerpts per corridor")
    names = {cid: f.get("short_name") or f["name"] for cid, f in geo.index.items()}
    per_corr = index.corridor_links.groupby("corridor").size().reindex(list(geo.index),
                                                                       fill_value=0)
    st.bar_chart(pd.DataFrame({"corridor": [names[c] for c in per_corr.index],
                               "excerpts": per_corr.to_numpy(),
                               "colour": [geo.index[c]["color"] for c in per_corr.index]}),
                 x="corridor", y="excerpts", color="colour", horizontal=True)

st.subheader("Corridor excerpts per source")
matrix = (index.corridor_links.groupby(["doc_id", "corridor"]).size().unstack(fill_value=0)
          .reindex(index=docs["doc_id"], columns=list(geo.index), fill_value=0))
matrix.index = [labels[d] for d in matrix.index]
matrix.columns = [names[c] for c in matrix.columns]
st.dataframe(matrix, use_container_width=True)

st.subheader("Most mentioned places")
st.dataframe(index.places.sort_values("mention_count", ascending=False)
             [["name", "kind", "country", "mention_count", "doc_count"]].head(30),
             hide_index=True, use_container_width=True)
