"""The map's view as a pure state machine: reported views in, view and commands out.

Why this exists: a map component that moves whenever the ``center``/``zoom`` passed to
it differ from the last ones it applied (as ``st_folium`` does) moves again when it is
passed back the view it reported itself (rounded, or from a stale event), and reports
again: a feedback loop.  Here the app *never* passes the view back.  The map is moved
only by a :class:`Command`, issued for an explicit reason (the map mounts and must restore the
persisted view, a selection must be framed, the reset button), carrying a fresh
``nonce``; the browser applies each nonce once (``atlas.command`` in ``atlas_map.js``).
Views the map reports are adopted as the current view and never sent back, so no report
can cause a move.

Nothing here imports streamlit: the page feeds events in and renders what comes out,
and ``tests/unit/test_mapstate.py`` replays event sequences.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

LatLon = tuple[float, float]
#: ``(south, west, north, east)`` in degrees: what a command fits (Leaflet's order).
Box = tuple[float, float, float, float]
#: ``(west, south, east, north)`` in degrees: a view's bounds as the map reports them.
Bounds = tuple[float, float, float, float]

#: Reports within this many degrees of the base map's built-in centre count as that view
#: (the frame is resized at start, which moves the centre by a pixel or so).
_SAME_DEG = 0.02


@dataclass(frozen=True)
class View:
    """A map view: centre ``(lat, lon)`` and integer zoom."""

    center: LatLon
    zoom: int


@dataclass(frozen=True)
class Command:
    """A one-shot instruction to the browser map: go to ``view`` or fit ``box``.

    ``nonce`` makes each command distinct, so asking twice for the same place (two
    clicks on "reset view") moves the map twice, and re-sending an old command (the
    same script on a later rerun) moves it never.
    """

    nonce: int
    view: View | None = None
    box: Box | None = None
    max_zoom: int = 9
    padding: int = 36  # pixels kept free around a fitted box


@dataclass(frozen=True)
class Report:
    """The view the map component reported on this run (``None`` fields: nothing yet)."""

    center: LatLon | None = None
    zoom: int | None = None
    bounds: Bounds | None = None


@dataclass(frozen=True)
class MapState:
    """Everything the page keeps between reruns about the map."""

    view: View | None = None  # last view the map showed (reported, or restored from a link)
    bounds: Bounds | None = None  # last reported bounds (exports use them)
    command: Command | None = None  # last command issued (kept in the script until replaced)
    awaiting: bool = False  # a command was issued and the map has not reported since
    nonce: int = 0


def start(view: View | None) -> MapState:
    """State of a new session; ``view`` comes from a permalink (or ``None``)."""
    return MapState(view=view)


def issue(state: MapState, view: View | None = None, box: Box | None = None,
          max_zoom: int = 9, padding: int = 36) -> MapState:
    """Issue a command to show ``view`` or fit ``box`` (exactly one of them)."""
    if (view is None) == (box is None):
        raise ValueError("a command needs exactly one of view or box")
    nonce = state.nonce + 1
    command = Command(nonce=nonce, view=view, box=box, max_zoom=max_zoom, padding=padding)
    return replace(state, command=command, awaiting=True, nonce=nonce)


def mount(state: MapState, frame: Box | None, padding: int = 36) -> MapState:
    """Handle a (re)mounted map: restore the persisted view, else frame ``frame``.

    A fresh component shows its built-in default view, so without a command a return
    from another page (or a permalink) would lose the view.
    """
    if state.view is not None:
        return issue(state, view=state.view)
    if frame is not None:
        return issue(state, box=frame, padding=padding)
    return state


def report(state: MapState, event: Report, base_default: View) -> MapState:
    """Take in the view the map reported; return the new state.

    A freshly mounted map first reports its built-in default view, before it applies
    the command that restores the real one; while a command is awaited that report is
    ignored.  Any other report is the map's real view and is adopted as is (it is
    never sent back, so adopting it cannot move the map).
    """
    if event.center is None or event.zoom is None:
        return state
    reported = View(event.center, event.zoom)
    if state.awaiting and _same(reported, base_default) and not _asks_for(state, base_default):
        return state
    return replace(state, view=reported, bounds=event.bounds or state.bounds, awaiting=False)


def _same(a: View, b: View) -> bool:
    return (a.zoom == b.zoom and abs(a.center[0] - b.center[0]) < _SAME_DEG
            and abs(a.center[1] - b.center[1]) < _SAME_DEG)


def _asks_for(state: MapState, view: View) -> bool:
    """Whether the awaited command itself asks for ``view``."""
    cmd = state.command
    return cmd is not None and cmd.view is not None and _same(cmd.view, view)


def box_of_points(points: list[LatLon], pad_deg: float = 0.0) -> Box | None:
    """Bounding box ``(south, west, north, east)`` of ``(lat, lon)`` points, padded."""
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) - pad_deg, min(lons) - pad_deg, max(lats) + pad_deg, max(lons) + pad_deg)
