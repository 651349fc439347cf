import altair as alt
import pandas as pd
import streamlit as st

from dashboard.core.evidence import query
from dashboard.core.geodata.corridors import corridor_palette
from dashboard.ui import cache, data, daterange, source_picker, trends
from dashboard.ui import session as keys

geo = cache.st_geodata()
version = data.corpus_version()
index = cache.st_index(version)
dates = daterange.control(st.sidebar)
daterange.sync_url()
docs, counts = daterange.narrowed(index, dates)
mentions = counts[counts["corridor"] == ""].set_index("doc_id")["n"]
links = counts[counts["corridor"] != ""]

st.title("Overview of the corpus")
if index.documents.empty:
    st.info("The corpus is empty: add an article on the Sources page.")
    st.stop()
st.caption(f"{dates.label()}: {len(docs)} of {len(index.documents)} articles.")

titles = source_picker.every_label(index.texts)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Sources", len(docs))
places = query.place_counts(index, query.Filters(dates=dates))
m2.metric("Place mentions", int(mentions.sum()))
m3.metric("Distinct places", len(places))
m4.metric("Corridor excerpts", int(links["n"].sum()))

st.subheader("Excerpts per month, by corridor")
trends.show(cache.st_corridor_months(version, None, dates.key() if dates.active else None),
            geo.index, keys.TREND_CHART)

names, colours = corridor_palette(geo.index)
name_of = dict(zip(geo.index, names, strict=True))
left, right = st.columns(2)
with left:
    st.subheader("Place mentions per source")
    per_doc = trends.top(mentions.reindex(docs["doc_id"], fill_value=0))
    per_source = pd.DataFrame({"Source": [titles[d] for d in per_doc.index],
                               "Place mentions": per_doc.to_numpy()})
    st.altair_chart(
        alt.Chart(per_source).mark_bar(color="#5b6770").encode(
            x=alt.X("Place mentions:Q", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("Source:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            tooltip=["Source:N", "Place mentions:Q"]),
        width="stretch")
with right:
    st.subheader("Excerpts per corridor")
    per_corr = links.groupby("corridor")["n"].sum().reindex(list(geo.index), fill_value=0)
    per_corridor = pd.DataFrame({"Corridor": names, "Excerpts": per_corr.to_numpy()})
    st.altair_chart(
        alt.Chart(per_corridor).mark_bar().encode(
            x=alt.X("Excerpts:Q", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("Corridor:N", sort=names, title=None),
            # explicit domain and range: the colours of the map, paired by name
            color=alt.Color("Corridor:N", scale=alt.Scale(domain=names, range=colours),
                            legend=None),
            tooltip=["Corridor:N", "Excerpts:Q"]),
        width="stretch")

st.subheader(f"Corridor excerpts per source (the {trends.TOP_SOURCES} with most, when more)")
matrix = (links.pivot_table(index="doc_id", columns="corridor", values="n", aggfunc="sum",
                            fill_value=0)
          .reindex(index=docs["doc_id"], columns=list(geo.index), fill_value=0))
matrix = matrix.loc[trends.top(matrix.sum(axis=1)).index]
matrix.index = pd.Index([titles[d] for d in matrix.index], name="Source")
matrix.columns = [name_of[c] for c in matrix.columns]
st.dataframe(matrix, width="stretch")

st.subheader("Most mentioned places")
top = places.head(30)
countries = cache.st_country_names()
top = top.assign(country=[countries.get(str(c), c) for c in top["country"]])
st.dataframe(top[["name", "kind", "country", "mention_count", "doc_count"]].rename(
    columns={"name": "Place", "kind": "Kind", "country": "Country",
             "mention_count": "Mentions", "doc_count": "Sources"}),
    hide_index=True, width="stretch")

trends.new_since(index, geo.index)
