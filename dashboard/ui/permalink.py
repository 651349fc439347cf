"""Keep the pages' widgets, the persisted view and ``st.query_params`` in step.

The Reader's link (``?doc=…&at=…&end=…``) is read by :func:`reader_document` and
:func:`reader_target`. Order of a map run:
:func:`init_session` (first run: read the URL) ->
:func:`apply_pending` (map clicks / chips from the previous run) -> widgets ->
:func:`current_state` -> :func:`write_url`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core.map.permalink import (
    ViewState,
    Vocabulary,
    from_query,
    param,
    text_target,
    to_query,
)
from dashboard.ui import daterange
from dashboard.ui import session as keys
from dashboard.ui.urlparams import url_params


def init_session(vocab: Vocabulary) -> ViewState:
    """Return the persisted view, reading it from the URL on the session's first run."""
    if keys.INITIALISED not in st.session_state:
        st.session_state[keys.VIEW] = from_query(url_params(), vocab)
        st.session_state[keys.INITIALISED] = True
    view: ViewState = st.session_state[keys.VIEW]
    _seed_widgets(view, vocab)
    return view


def _seed_widgets(view: ViewState, vocab: Vocabulary) -> None:
    """Give widgets their values from ``view`` where they have none (first run, page switch)."""
    layers = set(vocab.layers if view.layers is None else view.layers)
    for cid in vocab.layers:
        st.session_state.setdefault(keys.layer_key(cid), cid in layers)
    st.session_state.setdefault(keys.STATUSES, list(vocab.statuses if view.statuses is None
                                                    else view.statuses))
    st.session_state.setdefault(keys.KINDS, list(vocab.kinds if view.kinds is None
                                                 else view.kinds))
    st.session_state.setdefault(keys.SOURCES, None if view.sources is None
                                else list(view.sources))
    st.session_state.setdefault(keys.SEARCH, view.query)
    st.session_state.setdefault(keys.OUTLET_COUNTRIES, list(view.outlet_countries or []))
    st.session_state.setdefault(keys.OUTLET_TYPES, list(view.outlet_types or []))
    st.session_state.setdefault(keys.EXCERPT_SORT, view.order)
    kind, ident = view.selection or (None, None)
    st.session_state.setdefault(keys.SEL_CORRIDOR, ident if kind == "corridor" else None)
    st.session_state.setdefault(keys.SEL_PLACE, ident if kind == "place" else None)


def request(selection: tuple[str, str]) -> None:
    """Queue a selection for the map page's next run (from another page, before switching).

    The map frames a selection that changed, whatever its route (see
    :func:`dashboard.ui.mapcontrol.decide_command`).
    """
    st.session_state[keys.PENDING] = {"selection": selection}


def apply_pending() -> None:
    """Apply a queued selection to the widget twins (before widgets are created)."""
    pending = st.session_state.pop(keys.PENDING, None)
    if pending and pending.get("selection") is not None:
        select(*pending["selection"])


def select(kind: str, ident: str) -> None:
    """Select a corridor or place in the widget twins (callable from callbacks)."""
    st.session_state[keys.SEL_CORRIDOR] = ident if kind == "corridor" else None
    st.session_state[keys.SEL_PLACE] = ident if kind == "place" else None
    st.session_state[keys.EXCERPT_PAGE] = 1


def current_state(vocab: Vocabulary, center: tuple[float, float] | None,
                  zoom: int | None) -> ViewState:
    """Build the view from the widgets and the map's view, and persist it."""
    ss = st.session_state
    corridor, place = ss.get(keys.SEL_CORRIDOR), ss.get(keys.SEL_PLACE)
    selection = ("corridor", corridor) if corridor else ("place", place) if place else None
    view = ViewState(
        layers=tuple(c for c in vocab.layers if ss.get(keys.layer_key(c), True)),
        statuses=tuple(ss.get(keys.STATUSES, vocab.statuses)),
        kinds=tuple(ss.get(keys.KINDS, vocab.kinds)),
        sources=None if ss.get(keys.SOURCES) is None else tuple(ss[keys.SOURCES]),
        query=str(ss.get(keys.SEARCH, "")).strip(),
        selection=selection,
        center=center,
        zoom=zoom,
        outlet_countries=tuple(ss.get(keys.OUTLET_COUNTRIES) or ()) or None,
        outlet_types=tuple(ss.get(keys.OUTLET_TYPES) or ()) or None,
        order=str(ss.get(keys.EXCERPT_SORT) or "relevance"),
    )
    ss[keys.VIEW] = view
    return view


def reader_document(doc_ids: list[str]) -> None:
    """Open the article a Reader link names, once per link (call before the selectbox)."""
    requested = param(url_params(), "doc")
    ss = st.session_state
    if requested in doc_ids and ss.get(keys.READER_DOC_FROM_URL) != requested:
        ss[keys.READER_DOC] = requested
        ss[keys.READER_DOC_FROM_URL] = requested
        ss.pop(keys.READER_PAGE, None)


def reader_target(doc_id: str, length: int) -> tuple[int, int] | None:
    """Return the excerpt ``[at, end)`` the page's link asks the Reader to show in ``doc_id``."""
    return text_target(url_params(), doc_id, length)


def write_url(view: ViewState, vocab: Vocabulary) -> None:
    """Mirror ``view`` and the date range into the address bar (only when it changed)."""
    params = {**to_query(view, vocab), **daterange.current().to_query()}
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
