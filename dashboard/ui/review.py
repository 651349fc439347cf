"""Review forms: confirm, reject or re-resolve a place mention; confirm, remove or add a link.

Used by the Reader (one article) and the Review page (the queue of uncertain mentions).
A saved correction is written to the corpus folder's ``corrections.csv``
(:mod:`dashboard.core.corpus.corrections`); the folder's stamp changes, so the next run
re-analyses the articles it touches and the map, panel and counts show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.core.corpus import corrections as cr
from dashboard.core.corpus import store
from dashboard.core.corpus.errors import CorpusError
from dashboard.core.evidence import review
from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.paths import seeds_dir
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import auth, cache, session

SCOPE_LABELS = {"mention": "this mention only", "article": "every “{s}” in this article",
                "corpus": "every “{s}” in the corpus"}
PLACE_ACTIONS = {"confirm": "Right place: confirm", "reject": "Not a place (or not this place)",
                 "resolve": "Another gazetteer place", "pick": "A point I give (name, lat, lon)"}
CERTAINTY_LABELS = {"close": "close candidates", "weak": "weak match", "clear": "clear winner"}


def counts(index) -> dict[str, int]:
    """Return the review queue's counts (close, weak, reviewed) of the app's index."""
    return review.queue_counts(index.store)


def queue(index, size: int, page: int) -> list[dict]:
    """Return page ``page`` (1-based) of the review queue, ``size`` mentions a page."""
    return review.review_queue(index.store, size, (page - 1) * size).to_dict("records")


def mention_label(row: Mapping) -> str:
    """Return a mention's label in a picker: surface, its place, how sure, a review mark."""
    mark = {"confirmed": " ✓ confirmed", "corrected": " ✎ corrected"}.get(row.get("review"), "")
    sure = CERTAINTY_LABELS.get(str(row.get("certainty") or ""), "")
    return (f"{row['surface']} → {row['name']} ({row['kind']}, {row.get('country') or '–'})"
            f"{' · ' + sure if sure else ''}{mark} · at {int(row['start']):,}")


def writable() -> str:
    """Return why corrections cannot be saved here ("" when they can)."""
    access = auth.current()
    if not access.allows("correct"):
        return f"As a {access.role} you can read the review queue but not correct it."
    decision = store.storage_mode(seeds_dir())
    if decision.mode != "local":
        return ("Corrections are saved in the corpus folder's corrections.csv; in session "
                "storage (Community Cloud) the folder cannot be written, so they are not "
                "available here.")
    return ""


def _save(corr: cr.Correction) -> None:
    """Write a correction (when the session's role allows it) and say so, or why not."""
    try:
        corr = replace(corr, who=auth.require("correct", corr.surface).who)
        store.add_correction(seeds_dir(), corr)
    except CorpusError as exc:
        st.error(f"Not saved: {escape_markdown(exc.problem)}")
        return
    st.session_state[session.REVIEW_NOTICE] = (
        f"Saved: {corr.target} {corr.action} on “{corr.surface}”. The map, panel and counts "
        "show it now.")
    st.rerun()


def notice() -> None:
    """Show the last save's confirmation once."""
    text = st.session_state.pop(session.REVIEW_NOTICE, None)
    if text:
        st.success(escape_markdown(text))


def place_form(row: Mapping, text: str, key: str) -> None:
    """Show the review form of one place mention (``row`` of the mentions table)."""
    gaz = cache.st_gazetteer()
    action = st.radio("What is it?", list(PLACE_ACTIONS), format_func=PLACE_ACTIONS.get,
                      key=f"{key}_act", horizontal=True)
    fields: dict[str, str] = {"target": "place", "action": action}
    if action == "resolve":
        query = st.text_input("Search the whole gazetteer", key=f"{key}_q",
                              max_chars=80, placeholder="a name, e.g. Nakhchivan city")
        offered = review.choices(row, gaz, cache.st_population(), query)
        if not offered:
            st.caption("No other candidate: search the gazetteer by name.")
            return
        picked = st.selectbox("Place", offered, format_func=lambda c: c.label, key=f"{key}_p")
        fields["value"] = picked.place_id
    elif action == "pick":
        cols = st.columns(3)
        name = cols[0].text_input("Name", key=f"{key}_n", max_chars=120)
        lat = cols[1].number_input("Latitude", -90.0, 90.0, float(row["lat"]), format="%.4f",
                                   key=f"{key}_lat")
        lon = cols[2].number_input("Longitude", -180.0, 180.0, float(row["lon"]),
                                   format="%.4f", key=f"{key}_lon")
        slug = "-".join(name.lower().split())[:60]
        fields.update(action="resolve", value=f"{cr.PICKED}{slug}", place_name=name.strip(),
                      lat=f"{lat:.5f}", lon=f"{lon:.5f}")
    scope = st.radio("Apply to", cr.SCOPES, key=f"{key}_scope", horizontal=True,
                     format_func=lambda s: SCOPE_LABELS[s].format(s=row["surface"]))
    why = st.text_input("Why (kept with the correction)", key=f"{key}_why", max_chars=300)
    if st.button("Save the correction", key=f"{key}_save", type="primary"):
        try:
            corr = cr.new_correction(text, doc_id=str(row["doc_id"]), start=int(row["start"]),
                                     end=int(row["end"]), scope=scope, why=why,
                                     old_value=str(row["place_id"]), **fields)
        except CorpusError as exc:
            st.error(f"Not saved: {escape_markdown(exc.problem)}")
            return
        _save(corr)


def link_form(doc_id: str, text: str, sentences: pd.DataFrame, links: pd.DataFrame,
              corridors: Mapping[str, Mapping], key: str) -> None:
    """Show the review form of one sentence's corridor links (confirm, remove, add)."""
    linked = {int(s): sorted(set(g["corridor"])) for s, g in links.groupby("start")}
    rows = sentences.sort_values("start")
    query = st.text_input("Find a sentence", key=f"{key}_sq", max_chars=80,
                          placeholder="words of the sentence (empty: linked sentences)")
    if query.strip():
        wanted = query.casefold()
        rows = rows[[wanted in text[int(s):int(e)].casefold()
                     for s, e in zip(rows["start"], rows["end"], strict=True)]]
    else:
        rows = rows[rows["start"].isin(list(linked))]
    if rows.empty:
        st.caption("No sentence matches.")
        return
    spans = list(zip(rows["start"].astype(int), rows["end"].astype(int), strict=True))[:200]

    def label(span: tuple[int, int]) -> str:
        names = ", ".join(corridor_label(corridors[c], c) for c in linked.get(span[0], [])
                          if c in corridors)
        snippet = " ".join(text[span[0]:span[1]].split())
        return f"{snippet[:110]}{'…' if len(snippet) > 110 else ''} [{names or 'no corridor'}]"

    span = st.selectbox("Sentence", spans, format_func=label, key=f"{key}_s")
    corridor = st.selectbox("Corridor", list(corridors), key=f"{key}_c",
                            format_func=lambda c: corridor_label(corridors[c], c))
    has = corridor in linked.get(span[0], [])
    options = ["confirm", "remove"] if has else ["add"]
    labels = {"confirm": "Confirm the link", "remove": "Remove the link",
              "add": "Link the sentence to this corridor"}
    action = st.radio("Link", options, format_func=labels.get, key=f"{key}_la", horizontal=True)
    why = st.text_input("Why", key=f"{key}_lwhy", max_chars=300)
    if st.button("Save the link correction", key=f"{key}_lsave", type="primary"):
        corr = cr.new_correction(text, doc_id=doc_id, start=span[0], end=span[1],
                                 target="corridor", action=action, value=corridor, why=why,
                                 old_value="linked" if has else "")
        _save(corr)


def article_panel(doc_id: str, text: str, mentions: pd.DataFrame, sentences: pd.DataFrame,
                  links: pd.DataFrame) -> None:
    """Show the Reader's review section for one article: its places, then its links."""
    order = {c: i for i, c in enumerate(review.CERTAINTY_ORDER)}
    rank = mentions["certainty"].map(order) if "certainty" in mentions else None
    uncertain = 0 if rank is None else int((rank < order["clear"]).sum())
    with st.expander(f"Review this article ({uncertain} uncertain place mentions)"):
        notice()
        reason = writable()
        if reason:
            st.info(reason)
            return
        place_tab, link_tab = st.tabs(["A place mention", "A corridor link"])
        with place_tab:
            if mentions.empty:
                st.caption("No place mention in this article.")
            else:
                rows = mentions.assign(_o=0 if rank is None else rank.fillna(len(order)))
                records = rows.sort_values(["_o", "start"]).to_dict("records")
                row = st.selectbox("Mention", records, format_func=mention_label,
                                   key=f"rv_m_{doc_id}")
                place_form(row, text, f"rv_{doc_id}")
        with link_tab:
            link_form(doc_id, text, sentences, links, cache.st_geodata().index, f"rl_{doc_id}")
