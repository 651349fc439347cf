"""The date range control of every page's sidebar, kept in step with the permalink.

The range shown lives in ``st.session_state[DATES]`` (a
:class:`~dashboard.core.evidence.daterange.DateRange`), read from the URL's ``from``,
``to`` and ``undated`` on the session's first run; the widgets are seeded from it on every
page (a page switch drops widget values) and write it back in their callbacks.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.core.evidence import query
from dashboard.core.evidence.daterange import (
    PRESETS,
    DateRange,
    from_query,
    iso_day,
    month_range,
    preset,
)
from dashboard.ui import session as keys
from dashboard.ui.urlparams import url_params

#: The earliest day the control offers.
FIRST_DAY = date(1990, 1, 1)
URL_KEYS = ("from", "to", "undated")


def current() -> DateRange:
    """Return the date range shown (from the URL on the session's first run)."""
    ss = st.session_state
    if keys.DATES not in ss:
        ss[keys.DATES] = from_query(url_params())
    return ss[keys.DATES]


def _as_date(day: str | None) -> date | None:
    return date.fromisoformat(day) if day else None


def _preset_of(rng: DateRange) -> str:
    for name in ("30d", "12m"):
        if preset(name, undated=rng.undated) == rng:
            return name
    return "all" if not rng.start and not rng.end else "custom"


def _store(rng: DateRange) -> None:
    """Make ``rng`` the range shown and the widgets' values (callbacks only)."""
    ss = st.session_state
    ss[keys.DATES] = rng
    ss[keys.DATE_PRESET] = _preset_of(rng)
    ss[keys.DATE_FROM], ss[keys.DATE_TO] = _as_date(rng.start), _as_date(rng.end)
    ss[keys.DATE_UNDATED] = rng.undated


def _on_preset() -> None:
    ss = st.session_state
    name = ss.get(keys.DATE_PRESET) or "all"
    if name != "custom":
        _store(preset(name, undated=bool(ss.get(keys.DATE_UNDATED, True))))


def _on_dates() -> None:
    ss = st.session_state
    start, end = iso_day(ss.get(keys.DATE_FROM)), iso_day(ss.get(keys.DATE_TO))
    if start and end and start > end:
        start, end = end, start
    _store(DateRange(start, end, bool(ss.get(keys.DATE_UNDATED, True))))


def choose_month(month: str) -> None:
    """Set the range to one calendar month ``YYYY-MM`` (a callback: before the widgets)."""
    _store(month_range(month, undated=False))


def reset() -> None:
    """Show every date again, undated articles included (a callback)."""
    _store(DateRange())


def control(where=None) -> DateRange:
    """Render the date range control (presets, from/to, undated switch); return the range."""
    where = where or st.sidebar
    ss = st.session_state
    pending = ss.pop(keys.DATES_PENDING, None)
    if pending:  # a month clicked in a chart on the previous run
        choose_month(pending)
    rng = current()
    ss.setdefault(keys.DATE_PRESET, _preset_of(rng))
    ss.setdefault(keys.DATE_FROM, _as_date(rng.start))
    ss.setdefault(keys.DATE_TO, _as_date(rng.end))
    ss.setdefault(keys.DATE_UNDATED, rng.undated)
    box = where.container(border=True)
    box.selectbox("Published", list(PRESETS), format_func=PRESETS.get, key=keys.DATE_PRESET,
                  on_change=_on_preset, help="The publication dates of the articles shown on "
                  "every page, in its counts, places, excerpts, search and exports.")
    left, right = box.columns(2)
    today = date.today()
    left.date_input("From", key=keys.DATE_FROM, min_value=FIRST_DAY, max_value=today,
                    format="YYYY-MM-DD", on_change=_on_dates)
    right.date_input("To", key=keys.DATE_TO, min_value=FIRST_DAY, max_value=today,
                     format="YYYY-MM-DD", on_change=_on_dates)
    box.toggle("Include undated articles", key=keys.DATE_UNDATED, on_change=_on_dates)
    return current()


def sync_url() -> None:
    """Write the range into the address bar (``from``, ``to``, ``undated``), keeping the rest."""
    wanted = current().to_query()
    params = st.query_params
    for key in URL_KEYS:
        if key in wanted and params.get(key) != wanted[key]:
            params[key] = wanted[key]
        elif key not in wanted and key in params:
            del params[key]


def narrowed(index, dates: DateRange | None = None):
    """Return the documents inside the date range and their per-document counts.

    The counts are :func:`dashboard.core.evidence.query.document_counts` (mentions under
    corridor ``""``, excerpts per corridor), counted in SQL under the range.
    """
    dates = current() if dates is None else dates
    keep = query.dated_ids(index, dates)
    docs = index.documents if keep is None else index.documents[
        index.documents["doc_id"].isin(keep)]
    return docs, query.document_counts(index, query.Filters(dates=dates))


def source_table(index, table):
    """Return the rows of a source table (``doc_id`` column) inside the date range."""
    keep = query.dated_ids(index, current())
    return table if keep is None else table[table["doc_id"].isin(keep)]
