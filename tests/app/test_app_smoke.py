"""AppTest smoke test: the app runs and the map component carries the five layers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.core.geodata.corridors import CORRIDOR_IDS, load_corridor_index
from dashboard.core.text.htmlsafe import escape_html
from tests.helpers import map_args

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def test_app_runs_and_map_script_names_the_five_layers():
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    args = map_args(at)
    script = "\n".join([args["base"]["header"], args["base"]["script"],
                        json.dumps(args["layers"])])
    index = load_corridor_index()
    for corridor_id in CORRIDOR_IDS:
        assert f"atlas-corridor-{corridor_id}" in script, corridor_id
    for facts in index.values():  # the legend names every corridor
        name = escape_html(facts.get("short_name") or facts["name"])
        assert name in script or json.dumps(name)[1:-1] in script, name
    assert "L.control.layers" not in script  # the sidebar toggles are the one layer switch
    # Only Leaflet is loaded, from the app itself.
    js_links = re.findall(r'<script[^>]*\bsrc="([^"]+)"', args["base"]["header"])
    assert all(not link.startswith(("http:", "https:", "//")) for link in js_links)
    assert [link.rsplit("/", 1)[-1] for link in js_links] == ["leaflet.js"]
