"""Serve Leaflet from the installed XStatic-Leaflet package through Streamlit.

Streamlit's own static-file serving sends ``.js`` as ``text/plain`` with
``nosniff``, which browsers refuse to execute.  A custom component declared on a
folder, however, has every file of that folder served with its proper MIME type
under ``component/<name>/``.  We declare one on the Leaflet folder (it is never
rendered as a component) and point the map's ``<script>``/``<link>`` there.

The URL is relative to the map component's iframe (``component/<its name>/index.html``),
so it also works when the app is served under a path prefix, as on Community Cloud.
"""

from __future__ import annotations

from streamlit.components.v1 import declare_component

from dashboard.core.map.assets import leaflet_dir

_LEAFLET = declare_component("leaflet_assets", path=str(leaflet_dir()))

#: prefix under which ``leaflet.js``, ``leaflet.css`` and ``images/`` are served.
LEAFLET_BASE_URL: str = f"../{_LEAFLET.name}/"
