"""The map's view state machine, replayed over the event sequences that used to loop."""

from __future__ import annotations

import pytest

from dashboard.ui import mapstate as ms

BASE = ms.View((40.5, 46.5), 5)


def _report(state, center, zoom):
    lat, lon = center  # bounds as the map reports them: (west, south, east, north)
    return ms.report(state, ms.Report(center, zoom, (lon - 1, lat - 1, lon + 1, lat + 1)), BASE)


def _moves(states):
    """Commands the browser would apply: one per distinct nonce, in order."""
    applied, seen = [], set()
    for state in states:
        cmd = state.command
        if cmd is not None and cmd.nonce not in seen:
            seen.add(cmd.nonce)
            applied.append(cmd)
    return applied


def test_zoom_clicks_are_adopted_and_never_sent_back():
    state = ms.mount(ms.start(None), None)  # first visit, no permalink: nothing to restore
    assert state.command is None
    history = [state]
    for zoom in (6, 7):  # "+" twice: the map reports each new zoom once
        state = _report(state, (40.0, 46.5), zoom)
        history.append(state)
        state = _report(state, (40.0, 46.5), zoom)  # the component repeats its value
        history.append(state)
    assert state.view == ms.View((40.0, 46.5), 7)
    assert _moves(history) == []  # the app never moved the map


def test_drag_reports_are_adopted_without_commands():
    state = ms.start(None)
    history = []
    for lon in (46.0, 45.2, 44.9):
        state = _report(state, (40.0, lon), 6)
        history.append(state)
    assert state.view.center == (40.0, 44.9) and _moves(history) == []


def test_permalink_view_survives_the_fresh_maps_default_report():
    link = ms.View((39.3, 45.9), 7)
    state = ms.mount(ms.start(link), frame=None)
    assert state.command.view == link and state.awaiting
    state = _report(state, BASE.center, BASE.zoom)  # built-in default, before the command
    assert state.view == link
    resized = (BASE.center[0] - 0.003, BASE.center[1] - 0.006)  # the frame grew at start
    state = _report(state, resized, BASE.zoom)
    assert state.view == link
    state = _report(state, link.center, link.zoom)  # the command applied
    assert state.view == link and not state.awaiting
    for zoom in (8, 9):  # then "+" twice from the permalink: no loop
        state = _report(state, link.center, zoom)
    assert state.view.zoom == 9 and state.command.view == link  # old command, never re-applied


def test_selection_then_zoom_keeps_one_command():
    state = ms.start(None)
    state = _report(state, BASE.center, BASE.zoom)
    state = ms.issue(state, box=(38.8, 45.3, 39.6, 47.0), max_zoom=9)
    nonce = state.command.nonce
    state = _report(state, (39.2, 46.1), 8)  # the fit applied
    state = _report(state, (39.2, 46.1), 9)  # "+"
    state = _report(state, (39.2, 46.1), 10)  # "+"
    assert state.command.nonce == nonce and state.view.zoom == 10


def test_remount_restores_the_last_view_with_a_new_nonce():
    state = ms.start(None)
    state = _report(state, (39.0, 45.0), 8)
    first = ms.mount(state, frame=None)
    again = ms.mount(first, frame=None)
    assert first.command.view == ms.View((39.0, 45.0), 8)
    assert again.command.nonce > first.command.nonce  # asked twice, moves twice


def test_command_needs_exactly_one_target():
    with pytest.raises(ValueError):
        ms.issue(ms.start(None))
    with pytest.raises(ValueError):
        ms.issue(ms.start(None), view=BASE, box=(0, 0, 1, 1))
