"""The map's source filter as a searchable, paged picker (never one option per document).

State: ``st.session_state[keys.SOURCES]`` is ``None`` (every source) or the list of chosen
source ids (the permalink's ``src``).  A search box finds sources by outlet, title, date
or file name; one page of matches (:data:`~dashboard.core.corpus.source_picker.PAGE_SIZE`) is
shown as checkboxes that add or remove a source.  Only the sources on screen are
labelled; the search itself is a vectorised scan of the cached source table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from dashboard.core.corpus import source_picker as sp
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import cache, data
from dashboard.ui import session as keys

LABEL_CHARS = 70


def chosen() -> tuple[str, ...] | None:
    """Return the source filter: ``None`` for every source, else the chosen ids."""
    value = st.session_state.get(keys.SOURCES)
    return None if value is None else tuple(value)


def _set(value: Sequence[str] | None) -> None:
    st.session_state[keys.SOURCES] = None if value is None else list(value)
    st.session_state[keys.SOURCE_GEN] = st.session_state.get(keys.SOURCE_GEN, 0) + 1


def _toggle(doc_id: str) -> None:
    """Add or remove one source; removing the last one goes back to every source."""
    current = list(chosen() or ())
    if doc_id in current:
        current.remove(doc_id)
        _set(current or None)
    else:
        _set([*current, doc_id])


def _reset_page() -> None:
    st.session_state[keys.SOURCE_PAGE] = 1


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _box(container, doc_id: str, described: tuple[str, str], ticked: bool,
         where: str) -> None:
    label, byline = described
    text = escape_markdown(_short(label)) + (f" · *{escape_markdown(byline)}*" if byline else "")
    gen = st.session_state.get(keys.SOURCE_GEN, 0)
    container.checkbox(text, value=ticked, key=f"{keys.SOURCE_BOX}{where}{gen}_{doc_id}",
                       on_change=_toggle, args=(doc_id,),
                       help=escape_markdown(label) if len(label) > LABEL_CHARS else None)


def source_picker(container, table: pd.DataFrame,
                  text_of: Callable[[str], str | None] | None = None) -> None:
    """Render the picker in ``container`` (the sidebar).

    ``table`` is :func:`dashboard.core.corpus.source_picker.source_table` of the corpus.
    """
    picked = chosen()
    total = len(table)
    summary = (f"all {total:,}" if picked is None else f"{len(picked):,} of {total:,}")
    query = str(st.session_state.get(keys.SOURCE_QUERY, "")).strip()
    box = container.expander(f"Sources ({summary})", expanded=picked is not None or bool(query))
    if picked is None:
        box.caption("Every source is shown. Tick sources below to show only those.")
    else:
        _chosen_list(box, table, picked, text_of)
    box.text_input("Find sources", key=keys.SOURCE_QUERY, on_change=_reset_page,
                   placeholder="outlet, title, date or file name")
    if not query and total > sp.PAGE_SIZE:
        box.caption(f"Type to search the {total:,} sources.")
        return
    _matches(box, table, query, set(picked or ()), text_of)


def _chosen_list(box, table: pd.DataFrame, picked: tuple[str, ...],
                 text_of: Callable[[str], str | None] | None) -> None:
    if not picked:
        box.warning("No source is chosen: the map shows no places.")
    else:
        box.caption(f"Chosen ({len(picked):,}); untick to remove:")
        shown = picked[: sp.PAGE_SIZE]
        described = sp.describe(table, shown, text_of)
        for doc_id in shown:
            _box(box, doc_id, described[doc_id], True, "c")
        if len(picked) > len(shown):
            box.caption(f"… and {len(picked) - len(shown):,} more.")
    box.button("Show every source", key=keys.SOURCE_ALL, on_click=_set, args=(None,))


def _matches(box, table: pd.DataFrame, query: str, picked: set[str],
             text_of: Callable[[str], str | None] | None) -> None:
    found = sp.match_sources(table, query, st.session_state.get(keys.SOURCE_PAGE, 1))
    if not found.total:
        box.info(f"No source matches “{escape_markdown(query)}”.")
        return
    noun = "source matches" if found.total == 1 else "sources match"
    box.caption(f"{found.total:,} {noun}" + (f" · page {found.page} of {found.pages}"
                                              if found.pages > 1 else ""))
    described = sp.describe(table, found.doc_ids, text_of)
    for doc_id in found.doc_ids:
        _box(box, doc_id, described[doc_id], doc_id in picked, "m")
    if found.pages > 1:
        st.session_state[keys.SOURCE_PAGE] = found.page  # clamped: the matches changed
        box.number_input("Page of matches", 1, found.pages, key=keys.SOURCE_PAGE)


#: Up to this many sources, a page lists them all in one select box.
SELECT_ALL_MAX = 200


def pick_one(container, table: pd.DataFrame, key: str,
             text_of: Callable[[str], str | None] | None = None) -> str | None:
    """Choose one source (the Reader's article) without listing every document.

    A small corpus gets one select box; a large one a search box and a select box of
    one page of matches, the current choice (``st.session_state[key]``) always first.
    """
    ids = table["doc_id"]
    if len(ids) <= SELECT_ALL_MAX:
        names = sp.labels(table, ids, text_of)
        return container.selectbox("Article", list(ids), key=key, format_func=names.get)
    query = container.text_input("Find an article", key=f"{key}_query",
                                 placeholder="outlet, title, date or file name")
    found = sp.match_sources(table, query)
    current = st.session_state.get(key)
    options = list(dict.fromkeys([*([current] if current in set(ids) else []),
                                  *found.doc_ids]))
    if not options:
        container.info("No article matches.")
        return None
    names = sp.labels(table, options, text_of)
    container.caption(f"{found.total:,} of {len(ids):,} articles match"
                      + (f"; the first {len(found.doc_ids)} are listed" if found.pages > 1
                         else ""))
    return container.selectbox("Article", options, key=key, format_func=names.get)


def every_label(texts: Mapping[str, str] | None = None) -> pd.Series:
    """Label of every source of the current corpus, by id (vectorised; for charts)."""
    return sp.all_labels(cache.st_source_table(data.corpus_version()), texts)
