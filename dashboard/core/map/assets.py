"""Offline map assets: Leaflet's JavaScript, CSS and images from installed packages.

folium asks the browser for Leaflet, jQuery, Bootstrap, Font Awesome and the
awesome-markers plugin from public CDNs.  The atlas draws only vector layers, circle
markers, div-icon labels, tooltips and a layer control, which plain Leaflet covers,
so every map is reduced to Leaflet alone (:func:`use_local_assets`) and Leaflet is
taken from the XStatic-Leaflet package:

* in the app it is served by Streamlit from the package folder (see
  ``dashboard.ui.assets``) under a relative URL;
* in standalone HTML it is inlined (:func:`inline_assets`), images as data URIs.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_VERSION: str = xstatic_leaflet.VERSION
_URL_RE = re.compile(
    r"""<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*["'](?:https?:)?//"""
    r"""[^"']+["']""",
    re.IGNORECASE,
)
_CSS_URL_RE = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


def leaflet_dir() -> Path:
    """Return the installed folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``.

    Returns
    -------
    Path
        The XStatic-Leaflet data folder.
    """
    return Path(xstatic_leaflet.BASE_DIR)


def use_local_assets(fmap: folium.Map, base_url: str) -> folium.Map:
    """Make ``fmap`` load Leaflet (and nothing else) from ``base_url``.

    Parameters
    ----------
    fmap
        The map; modified in place.
    base_url
        URL prefix ending in ``/`` under which ``leaflet.js`` and ``leaflet.css``
        are served.

    Returns
    -------
    folium.Map
        The same map, for chaining.

    Raises
    ------
    ValueError
        If a child element still asks for JavaScript or CSS from elsewhere
        (a plugin this module does not know how to serve offline).
    """
    fmap.default_js = [("leaflet", f"{base_url}leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{base_url}leaflet.css")]
    foreign = [
        url
        for element in _walk(fmap)
        if element is not fmap
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]
    ]
    if foreign:
        raise ValueError(f"map elements need assets that are not served offline: {foreign}")
    return fmap


def _walk(element: object):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def inline_assets(html: str, base_url: str) -> str:
    """Replace the Leaflet ``<script src>``/``<link href>`` under ``base_url`` by inline copies.

    Parameters
    ----------
    html
        A rendered folium page whose map was passed through :func:`use_local_assets`
        with the same ``base_url``.
    base_url
        The prefix used there.

    Returns
    -------
    str
        A self-contained page: Leaflet's script and stylesheet inline, its
        images as ``data:`` URIs.
    """
    folder = leaflet_dir()
    script = (folder / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    css = _CSS_URL_RE.sub(lambda m: f"url({_data_uri(folder / m.group(2))})",
                          (folder / "leaflet.css").read_text(encoding="utf-8"))
    js_tag = re.compile(rf'<script[^>]*src="{re.escape(base_url)}leaflet\.js"[^>]*>\s*</script>')
    css_tag = re.compile(rf'<link[^>]*href="{re.escape(base_url)}leaflet\.css"[^>]*/?>')
    html = js_tag.sub(lambda _: f"<script>{script}</script>", html, count=1)
    return css_tag.sub(lambda _: f"<style>{css}</style>", html, count=1)


def _data_uri(path: Path) -> str:
    mime = "image/svg+xml" if path.suffix == ".svg" else f"image/{path.suffix.lstrip('.')}"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def external_urls(html: str) -> list[str]:
    """List the resource tags (script, stylesheet, image, frame) in ``html`` that load off-site.

    Plain links (``<a href>``) are not resources and are not listed.

    Parameters
    ----------
    html
        Rendered HTML.

    Returns
    -------
    list[str]
        The offending attribute strings (empty when the page is offline-safe).
    """
    return [m.group(0) for m in _URL_RE.finditer(html)]
