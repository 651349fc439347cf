import datetime as dt

import streamlit as st

from dashboard.core.export import (
    FORMATS,
    PRESETS,
    ExportLayers,
    ExportRequest,
    corridor_extent,
    default_filename,
)
from dashboard.core.export_browser import BrowserUnavailable
from dashboard.core.htmlsafe import escape_markdown
from dashboard.ui import data
from dashboard.ui import export as ui_export
from dashboard.ui import state as keys

REQUEST_KEY = "export_request_json"
VIEW_PNG_KEY = "export_view_png"

geo = data.st_geodata()
version = data.corpus_version()
index = data.st_index(version)
view = st.session_state.get(keys.VIEW)  # the map page's ViewState (None before a visit)
names = {cid: facts.get("short_name") or facts.get("name", cid) for cid, facts in geo.index.items()}

st.title("Export a briefing")
st.caption("A slide-ready figure drawn from the map's own layers (no browser needed), an exact "
           "screenshot of the interactive view, the map as one offline HTML file, and the data.")

visible = list(view.layers) if view is not None and view.layers is not None else list(geo.index)
current_extent = ui_export.view_extent(view)
excerpt_rows = ui_export.selection_excerpts(index, view, version)

with st.form("export_form"):
    col_a, col_b = st.columns(2)
    title = col_a.text_input("Title", "South Caucasus connectivity corridors", max_chars=120)
    subtitle = col_a.text_input("Subtitle", "", max_chars=160)
    date = col_a.text_input("Date", dt.date.today().isoformat(), max_chars=40)
    corridors = col_b.multiselect("Corridors", list(geo.index), default=visible,
                                  format_func=names.get)
    frames = (["view"] if current_extent else []) + ["corridors"] + [
        f"corridor:{cid}" for cid in geo.index]
    frame = col_b.selectbox(
        "Map extent", frames,
        format_func=lambda f: {"view": "Current map view", "corridors": "Fit the chosen "
                               "corridors"}.get(f, f"Frame on {names.get(f[9:], f[9:])}"))
    preset = col_b.radio("Figure size", list(PRESETS), format_func=lambda p: PRESETS[p].label,
                         horizontal=True)
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

if submitted or REQUEST_KEY not in st.session_state:
    if frame == "view":
        extent = current_extent
    elif frame.startswith("corridor:"):
        extent = corridor_extent(ExportLayers.from_geodata(geo), [frame[9:]])
    else:
        extent = None
    places = None
    if with_places:
        places = ui_export.st_export_places(
            version, view.sources if view else None, view.kinds if view else None,
            view.query if view else "")
    request = ExportRequest(
        title=title, subtitle=subtitle, date=date, corridors=corridors or list(geo.index),
        extent=extent, places=places,
        excerpts=ui_export.excerpt_dicts(index, excerpt_rows.iloc[picked]),
        preset=preset,
        center=view.center if view is not None and frame == "view" else None,
        zoom=view.zoom if view is not None and frame == "view" else None,
        statuses=list(view.statuses or []) if view is not None else [],
        size=ui_export.view_size(view) if frame == "view" else (1600, 900),
    )
    st.session_state[REQUEST_KEY] = request.to_json()
    st.session_state.pop(VIEW_PNG_KEY, None)


@st.fragment
def downloads(request_json: str) -> None:
    request = ExportRequest.from_json(request_json)

    def button(label: str, fmt: str, help_text: str) -> None:
        st.download_button(
            label, data=lambda: ui_export.st_export(request_json, fmt),
            file_name=default_filename(request, fmt), mime=FORMATS[fmt][1],
            on_click="ignore", key=f"export_dl_{fmt}", help=help_text,
            width="stretch")

    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader("Preview")
        st.image(ui_export.st_export(request_json, "png"), width="stretch")
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
        button(f"CSV of the {len(request.excerpts)} excerpts with citations", "csv",
               "UTF-8 with BOM; excerpt text verbatim")
        st.subheader("Exact view")
        problem = ui_export.browser_problem()
        if problem:
            st.info(escape_markdown(problem))
        elif st.button("Capture the exact view", width="stretch",
                       help="Screenshot of the interactive map in headless Chromium"):
            with st.spinner("Drawing the map in headless Chromium…"):
                try:
                    st.session_state[VIEW_PNG_KEY] = ui_export.st_export(request_json, "view")
                except (BrowserUnavailable, TimeoutError) as exc:
                    st.error(escape_markdown(str(exc)))
        if VIEW_PNG_KEY in st.session_state:
            st.download_button("PNG of the exact view", st.session_state[VIEW_PNG_KEY],
                               file_name=default_filename(request, "view"), mime="image/png",
                               on_click="ignore", key="export_dl_view",
                               width="stretch")


downloads(st.session_state[REQUEST_KEY])
