"""The interactive map: folium layers and styles, the browser runtime, permalinks."""
