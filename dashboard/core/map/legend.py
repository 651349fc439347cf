"""The atlas map's legend: corridor colours, line styles and marker kinds (escaped HTML)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import folium
from branca.element import MacroElement, Template

from dashboard.core.geodata.corridors import corridor_label
from dashboard.core.map.style import APPROXIMATE_DASH, PLACE_KIND_COLORS, STATUS_DASH, STATUS_LABELS
from dashboard.core.text.htmlsafe import escape_html

#: Maps at least this large (pixels) show the legend open: a desktop map beside its
#: evidence (about 810 x 850 at 1600 x 1000); on a laptop (660 x 620 at 1366 x 768) the
#: open legend would cover a third of the map, so it starts folded there.
OPEN_WIDTH_PX, OPEN_HEIGHT_PX = 760, 700


def add_legend(fmap: folium.Map, corridor_index: Mapping[str, Mapping[str, object]]) -> None:
    """Add the legend control (corridor colours, status line styles, markers).

    It starts open on a map of at least :data:`OPEN_WIDTH_PX` x :data:`OPEN_HEIGHT_PX`.
    """
    legend = MacroElement()
    legend._template = Template(
        "{% macro script(this, kwargs) %}"
        "var atlasLegend = L.control({position: 'bottomleft'});"
        "atlasLegend.onAdd = function () {"
        " var div = L.DomUtil.create('div', 'atlas-legend');"
        " div.innerHTML = " + _js_string(legend_html(corridor_index)) + ";"
        " L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);"
        " var size = {{ this._parent.get_name() }}.getSize();"
        f" if (size.x >= {OPEN_WIDTH_PX} && size.y >= {OPEN_HEIGHT_PX})"
        " div.querySelector('details').open = true;"
        " return div; };"
        "atlasLegend.addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )
    fmap.add_child(legend)


def _js_string(text: str) -> str:
    return json.dumps(text).replace("</", "<\\/")


def legend_html(corridor_index: Mapping[str, Mapping[str, object]]) -> str:
    """Return the legend's inner HTML (all text escaped): corridors, line styles, markers."""
    rows = ["<details><summary>Legend</summary><b>Corridors</b>"]
    for cid, facts in corridor_index.items():
        color = escape_html(facts.get("color", "#333"))
        label = corridor_label(facts, cid)
        rows.append(f'<div data-corridor="{escape_html(cid)}">{_line_svg(color, None)}'
                    f"{escape_html(label)}</div>")
    rows.append("<b>Line style</b>")
    for status in ("operating", "under_construction", "planned"):
        label = STATUS_LABELS[status] + (" / proposed" if status == "planned" else "")
        rows.append(f"<div>{_line_svg('#444', STATUS_DASH[status])}{escape_html(label)}</div>")
    rows.append(f"<div>{_line_svg('#444', None)}traced from OpenStreetMap / Global Energy "
                "Monitor</div>")
    rows.append(f"<div>{_line_svg('#444', APPROXIMATE_DASH)}approximate (schematic) "
                "geometry</div>")
    rows.append(f"<div>{_line_svg('#444', STATUS_DASH['disputed'])}disputed</div>")
    rows.append('<div><svg width="26" height="10"><circle cx="13" cy="5" r="4" fill="#fff" '
                'stroke="#444" stroke-width="2"/></svg>corridor node</div>')
    rows.append('<div><svg width="26" height="10"><circle cx="13" cy="5" r="4" fill="#fff" '
                'stroke="#444" stroke-width="2" stroke-dasharray="2 2"/></svg>node with '
                "approximate coordinates</div>")
    rows.append('<div><svg width="26" height="10"><circle cx="13" cy="5" r="2.5" '
                'fill="#555"/></svg>town (Natural Earth)</div>')
    rows.append("<b>Places mentioned</b> <span style='color:#666'>(area &#8733; mentions)</span>"
                "<div style='display:grid;grid-template-columns:1fr 1fr'>")
    for kind, color in PLACE_KIND_COLORS.items():
        label = escape_html(kind.replace("_", " "))
        rows.append(f'<div><svg width="14" height="10"><circle cx="6" cy="5" r="4.5" '
                    f'fill="{color}" fill-opacity="0.8"/></svg>{label}</div>')
    rows.append("</div>")
    rows.append('<div><svg width="26" height="18"><circle cx="13" cy="9" r="8" '
                'fill="#34495e" stroke="#fff" stroke-width="2"/><text x="13" y="12.5" '
                'font-size="9" fill="#fff" text-anchor="middle">12</text></svg>places grouped '
                "at this zoom (click to zoom in)</div>")
    rows.append("</details>")
    return "".join(rows)


def _line_svg(color: str, dash: str | None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="{color}" '
            f'stroke-width="3"{dash_attr}/></svg>')
