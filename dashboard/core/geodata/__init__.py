"""Corridor and basemap geodata: loading, geometry, route tracing, validation."""
