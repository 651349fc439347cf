"""The Export page's parts: the form, the map view -> request mapping, the downloads.

The files themselves are rendered by :func:`dashboard.ui.cache.st_export`, keyed on the
request's JSON and the format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.core.evidence import query, voices
from dashboard.core.export.browser import BrowserUnavailable, find_chromium
from dashboard.core.export.render import (
    FORMATS,
    PRESETS,
    ExportLayers,
    ExportRequest,
    corridor_extent,
    default_filename,
    excerpt_from_evidence,
    extent_from_view,
    view_pixel_size,
)
from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.text.htmlsafe import escape_markdown
from dashboard.ui import cache, daterange, mapcontrol
from dashboard.ui import session as keys

#: assumed size of the app's map element (CSS px) when turning centre/zoom into an extent.
MAP_VIEW_SIZE = (900, 640)


def browser_problem() -> str | None:
    """Return why the exact-view export cannot run here, or ``None`` when it can."""
    try:
        find_chromium()
        import playwright.sync_api  # noqa: F401
    except BrowserUnavailable as exc:
        return str(exc)
    except ImportError:
        return str(BrowserUnavailable("the Python package playwright is not installed"))
    return None


def view_extent(view: Any) -> tuple[float, float, float, float] | None:
    """Return the lon/lat box of the map view in ``view`` (``center``/``zoom``), if known.

    The bounds the map itself reported for that view are used when they are known
    (:func:`dashboard.ui.mapcontrol.reported_bounds`); otherwise the box is estimated
    for a map of ``MAP_VIEW_SIZE``.
    """
    center, zoom = getattr(view, "center", None), getattr(view, "zoom", None)
    if center is None or zoom is None:
        return None
    reported = mapcontrol.reported_bounds()
    if reported is not None and tuple(reported[0]) == tuple(center) and reported[1] == zoom:
        return reported[2]
    return extent_from_view(center, zoom, *MAP_VIEW_SIZE)


def view_size(view: Any) -> tuple[int, int]:
    """Return the CSS pixel size of the on-screen map for ``view``, if the app knows it.

    From the bounds the map reported for exactly that centre and zoom
    (:func:`dashboard.ui.mapcontrol.reported_bounds`), so an exact-view export has the
    screen's size and aspect; ``MAP_VIEW_SIZE`` otherwise.
    """
    center, zoom = getattr(view, "center", None), getattr(view, "zoom", None)
    reported = mapcontrol.reported_bounds()
    if (center is not None and zoom is not None and reported is not None
            and tuple(reported[0]) == tuple(center) and reported[1] == zoom):
        width, height = view_pixel_size(reported[2], zoom)
        if width >= 100 and height >= 100:
            return width, height
    return MAP_VIEW_SIZE


def filters_of(view: Any) -> query.Filters:
    """Return the evidence filters of a ``ViewState`` and the date range shown."""
    dates = daterange.current()
    if view is None:
        return query.Filters(dates=dates)
    return query.Filters(sources=view.sources, kinds=view.kinds, query=view.query or "",
                         dates=dates,
                         outlet_countries=getattr(view, "outlet_countries", None),
                         outlet_types=getattr(view, "outlet_types", None))


def selection_evidence(index: Any, view: Any, version: str) -> list[dict[str, Any]]:
    """Return every excerpt of the map's selection under its filters, for the CSV export."""
    if view is None or not view.selection:
        return []
    flt = filters_of(view)
    matches = (query.matching_sentences(cache.st_sentences(version), flt.query)
               if flt.query else None)
    return voices.export_rows(index, [tuple(view.selection)], flt, matches)


def selection_excerpts(index: Any, view: Any, version: str) -> pd.DataFrame:
    """Return the excerpts of the map's selection under its filters (empty without one)."""
    if view is None or not view.selection:
        return pd.DataFrame(columns=["doc_id", "start", "end", "text"])
    flt = filters_of(view)
    matches = (query.matching_sentences(cache.st_sentences(version), flt.query)
               if flt.query else None)
    kind, ident = view.selection
    if kind == "corridor":
        return query.corridor_excerpts(index, ident, flt, matches)
    return query.place_excerpts(index, ident, flt, matches)


def out_of_date() -> bool:
    """Tell whether the prepared request states another date range than the one shown."""
    prepared = st.session_state.get(keys.EXPORT_REQUEST)
    return (prepared is not None
            and ExportRequest.from_json(prepared).date_range != daterange.current().label())


def excerpt_dicts(index: Any, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Turn excerpt rows into export excerpts (verbatim text, citation, anchor)."""
    return [excerpt_from_evidence(index, str(r.doc_id), int(r.start), int(r.end))
            for r in rows.itertuples(index=False)]


@dataclass(frozen=True)
class Choices:
    """What the analyst chose in the export form (``frame``: view, corridors, corridor:<id>)."""

    title: str
    subtitle: str
    date: str
    corridors: list[str]
    frame: str
    preset: str
    with_places: bool
    picked: list[int]


def export_form(corridor_index: dict[str, dict], view: Any, current_extent: Any,
                excerpt_rows: pd.DataFrame) -> tuple[Choices, bool]:
    """Show the export form; return the choices and whether it was submitted."""
    names = {cid: corridor_label(facts, cid) for cid, facts in corridor_index.items()}
    visible = (list(view.layers) if view is not None and view.layers is not None
               else list(corridor_index))
    frames = (["view"] if current_extent else []) + ["corridors"] + [
        f"corridor:{cid}" for cid in corridor_index]
    frame_labels = {"view": "Current map view", "corridors": "Fit the chosen corridors"}
    with st.form("export_form"):
        col_a, col_b = st.columns(2)
        title = col_a.text_input("Title", "South Caucasus connectivity corridors", max_chars=120)
        subtitle = col_a.text_input("Subtitle", "", max_chars=160)
        date = col_a.text_input("Date", dt.date.today().isoformat(), max_chars=40)
        corridors = col_b.multiselect("Corridors", list(corridor_index), default=visible,
                                      format_func=names.get)
        frame = col_b.selectbox("Map extent", frames, format_func=lambda f: frame_labels.get(
            f, f"Frame on {names.get(f[9:], f[9:])}"))
        preset = col_b.radio("Figure size", list(PRESETS),
                             format_func=lambda p: PRESETS[p].label, horizontal=True)
        with_places = col_b.checkbox("Places mentioned (map filters apply)", value=True)
        picked: list[int] = []
        if not excerpt_rows.empty:
            picked = st.multiselect(
                "Numbered excerpts (from the current selection on the map)",
                list(range(len(excerpt_rows))),
                format_func=lambda i: " ".join(str(excerpt_rows.iloc[i]["text"]).split())[:140],
                max_selections=9)
        else:
            st.caption("Select a corridor or a place on the map to add numbered excerpts.")
        submitted = st.form_submit_button("Prepare exports", type="primary")
    choices = Choices(title, subtitle, date, corridors, frame, preset, with_places, picked)
    return choices, submitted


def _extent(choices: Choices, geo: cache.GeoData, current_extent: Any) -> Any:
    """Return the box to frame: the map view, one corridor, or ``None`` (fit corridors)."""
    if choices.frame == "view":
        return current_extent
    if choices.frame.startswith("corridor:"):
        return corridor_extent(ExportLayers.from_geodata(geo), [choices.frame[9:]])
    return None


def build_request(choices: Choices, view: Any, geo: cache.GeoData, index: Any, version: str,
                  excerpt_rows: pd.DataFrame, current_extent: Any) -> ExportRequest:
    """Turn the form's choices and the map's view into an export request."""
    places = None
    dates = daterange.current()
    if choices.with_places:
        places = cache.st_place_table(
            version, view.sources if view else None, view.kinds if view else None,
            view.query if view else "", dates.key() if dates.active else None)
    on_view = view is not None and choices.frame == "view"
    return ExportRequest(
        title=choices.title, subtitle=choices.subtitle, date=choices.date,
        corridors=choices.corridors or list(geo.index),
        extent=_extent(choices, geo, current_extent), places=places,
        excerpts=excerpt_dicts(index, excerpt_rows.iloc[choices.picked]),
        preset=choices.preset,
        center=view.center if on_view else None,
        zoom=view.zoom if on_view else None,
        statuses=list(view.statuses or []) if view is not None else [],
        size=view_size(view) if choices.frame == "view" else (1600, 900),
        date_range=dates.label(),
        evidence=selection_evidence(index, view, version),
    )


def _download(request_json: str, request: ExportRequest, label: str, fmt: str,
              help_text: str) -> None:
    """One download button; the file is rendered (cached) only when it is clicked."""
    st.download_button(
        label, data=lambda: cache.st_export(request_json, fmt),
        file_name=default_filename(request, fmt), mime=FORMATS[fmt][1],
        on_click="ignore", key=f"export_dl_{fmt}", help=help_text, width="stretch")


def _exact_view(request_json: str, request: ExportRequest) -> None:
    """Capture the exact view in headless Chromium on request, then offer it."""
    problem = browser_problem()
    if problem:
        st.info(escape_markdown(problem))
    elif st.button("Capture the exact view", width="stretch",
                   help="Screenshot of the interactive map in headless Chromium"):
        with st.spinner("Drawing the map in headless Chromium…"):
            try:
                st.session_state[keys.EXPORT_VIEW_PNG] = cache.st_export(request_json, "view")
            except (BrowserUnavailable, TimeoutError) as exc:
                st.error(escape_markdown(str(exc)))
    if keys.EXPORT_VIEW_PNG in st.session_state:
        st.download_button("PNG of the exact view", st.session_state[keys.EXPORT_VIEW_PNG],
                           file_name=default_filename(request, "view"), mime="image/png",
                           on_click="ignore", key="export_dl_view", width="stretch")


@st.fragment
def downloads(request_json: str) -> None:
    """Preview and download buttons of a prepared request (reruns only this fragment)."""
    request = ExportRequest.from_json(request_json)

    def button(label: str, fmt: str, help_text: str) -> None:
        _download(request_json, request, label, fmt, help_text)

    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader("Preview")
        st.image(cache.st_export(request_json, "png"), width="stretch")
    with right:
        st.subheader("Static figure")
        button(f"PNG ({'×'.join(map(str, PRESETS[request.preset].pixel_size))})", "png",
               "Raster, ready for a slide")
        button("PDF (vector)", "pdf", "Vector, prints sharply; text stays searchable")
        button("SVG (vector)", "svg", "Vector, editable in Inkscape or Illustrator")
        st.subheader("Interactive map")
        button("HTML (works offline)", "html", "One file: Leaflet and the layers inlined")
        st.subheader("Data")
        button("GeoJSON of the layers and places", "geojson", "WGS84 lon/lat, RFC 7946")
        n = len(request.evidence) or len(request.excerpts)
        button(f"CSV of the {n} excerpt{'s' if n != 1 else ''} with citations and outlets",
               "csv", "Every excerpt of the selection under the filters (reprints once, with "
               "also_in), numbered pins marked; UTF-8 with BOM; excerpt text verbatim")
        st.subheader("Exact view")
        _exact_view(request_json, request)
