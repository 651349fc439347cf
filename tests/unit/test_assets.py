from __future__ import annotations

import folium
import pytest

from dashboard.core.map.assets import external_urls, inline_assets, leaflet_dir, use_local_assets


def test_leaflet_files_are_installed():
    folder = leaflet_dir()
    for name in ("leaflet.js", "leaflet.css", "images/layers.png"):
        assert (folder / name).is_file(), name


def test_default_folium_map_would_hit_cdns_but_localised_map_does_not():
    assert external_urls(folium.Map(tiles=None).get_root().render())  # the pitfall exists
    fmap = use_local_assets(folium.Map(tiles=None), "../assets/")
    html = fmap.get_root().render()
    assert external_urls(html) == []
    assert 'src="../assets/leaflet.js"' in html
    assert "bootstrap" not in html and "jquery" not in html.lower()


def test_plugin_needing_cdn_assets_is_refused():
    from folium.plugins import MarkerCluster

    fmap = folium.Map(tiles=None)
    MarkerCluster().add_to(fmap)
    with pytest.raises(ValueError, match="not served offline"):
        use_local_assets(fmap, "x/")


def test_inline_assets_makes_a_self_contained_page():
    fmap = use_local_assets(folium.Map(tiles=None), "../assets/")
    html = inline_assets(fmap.get_root().render(), "../assets/")
    assert "../assets/leaflet" not in html
    assert "L.version" in html or '"1.9.3"' in html
    assert "data:image/png;base64," in html  # layer-control icon inlined
    assert external_urls(html) == []
