import streamlit as st

from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import cache, data, evidence_panel, review, session

PAGE = 25

st.title("Review")
st.caption("The parser's uncertain place mentions, the least certain first. Confirm, reject or "
           "re-resolve each; corrections are kept in the corpus folder's corrections.csv "
           "and applied after every rebuild.")
index = cache.st_index(data.corpus_version())
counts = review.counts(index)
todo = counts["close"] + counts["weak"]
st.markdown(f"**{todo:,} mentions to review** ({counts['close']:,} with close candidates, "
            f"{counts['weak']:,} weak matches) · {counts['reviewed']:,} reviewed")
review.notice()
reason = review.writable()
if reason:
    st.info(reason)
if todo == 0:
    st.stop()
pages = max(1, -(-todo // PAGE))
page = st.number_input("Page", 1, pages, key=session.REVIEW_PAGE) if pages > 1 else 1
rows = review.queue(index, PAGE, int(page))
row = st.selectbox("Mention", rows, format_func=review.mention_label, key="rv_queue")
text = index.texts[row["doc_id"]]
s, e = int(row["sentence_start"]), int(row["sentence_end"])
a, b = int(row["start"]), int(row["end"])
st.markdown("> " + escape_markdown(text[s:a]) + "**" + escape_markdown(text[a:b]) + "**"
            + escape_markdown(text[b:e]))
evidence_panel.reader_link(row["doc_id"], a, b, label="Open it in the Reader")
if not reason:
    review.place_form(row, text, f"rq_{row['doc_id']}_{a}")
