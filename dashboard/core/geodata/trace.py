"""Trace corridor segments on public route data (OSM railway ways, GEM pipeline routes).

Pure geometry used by ``scripts/build_geodata.py`` and the contract tests:

- :class:`RailGraph` turns OpenStreetMap railway ways into a graph (shared vertices join
  ways; dead ends within ``SNAP_M`` of another part of the network are joined) and finds
  the shortest path between stations, returning one clean line and the way ids it used;
- :func:`split_by_countries` cuts a traced pipeline into its national sections at the
  last exit of each country polygon.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

LonLat = tuple[float, float]
SNAP_M = 120.0
SIMPLIFY_DEG = 0.0003  # ~30 m: keeps every traced vertex within metres of its source way


def approx_km(a: LonLat, b: LonLat) -> float:
    """Return the equirectangular distance in km (accurate to <0.5 % over a few km)."""
    lat = math.radians((a[1] + b[1]) / 2.0)
    return math.hypot((b[0] - a[0]) * math.cos(lat) * 111.32, (b[1] - a[1]) * 110.57)


@dataclass
class Trace:
    """A traced line: vertices, the source way ids in path order, and its start/end offsets."""

    coords: list[LonLat]
    way_ids: list[int]
    length_km: float
    snapped_km: float = 0.0
    end_offsets_km: list[float] = field(default_factory=list)


class RailGraph:
    """Graph of railway ways: vertices are shared coordinates, edges carry their way id."""

    def __init__(self, ways: Iterable[dict], railway: Sequence[str] = ("rail",)) -> None:
        self.adj: dict[LonLat, list[tuple[LonLat, float, int | None]]] = {}
        for feat in ways:
            props = feat["properties"]
            if props.get("railway") not in railway:
                continue
            coords = [tuple(p) for p in feat["geometry"]["coordinates"]]
            for a, b in zip(coords, coords[1:], strict=False):
                self._edge(a, b, approx_km(a, b), int(props["osm_way_id"]))
        self.vertices: list[LonLat] = list(self.adj)
        self._tree = shapely.STRtree(shapely.points(np.array(self.vertices)))
        self._snap_dead_ends()

    def _edge(self, a: LonLat, b: LonLat, km: float, way: int | None) -> None:
        if a == b:
            return
        self.adj.setdefault(a, []).append((b, km, way))
        self.adj.setdefault(b, []).append((a, km, way))

    def _components(self) -> dict[LonLat, int]:
        comp: dict[LonLat, int] = {}
        for n, start in enumerate(self.vertices):
            if start in comp:
                continue
            comp[start] = n
            stack = [start]
            while stack:
                for nxt, _, _ in self.adj[stack.pop()]:
                    if nxt not in comp:
                        comp[nxt] = n
                        stack.append(nxt)
        return comp

    def _snap_dead_ends(self) -> None:
        """Join each dead end to the nearest vertex of another component within ``SNAP_M``."""
        comp = self._components()
        deg = SNAP_M / 1000.0 / 80.0
        for v in [v for v in self.vertices if len(self.adj[v]) == 1]:
            best: tuple[float, LonLat] | None = None
            for i in self._tree.query(Point(v).buffer(deg)):
                u = self.vertices[int(i)]
                if comp[u] == comp[v]:
                    continue
                km = approx_km(u, v)
                if km * 1000.0 <= SNAP_M and (best is None or km < best[0]):
                    best = (km, u)
            if best is not None:
                self._edge(v, best[1], best[0], None)

    def nearest(self, point: LonLat) -> LonLat:
        """Return the graph vertex nearest to ``point``."""
        return self.vertices[int(self._tree.nearest(Point(point)))]

    def shortest(self, a: LonLat, b: LonLat) -> tuple[list[LonLat], list[int | None], float]:
        """Return vertices, edge way ids and km of the shortest path between two vertices."""
        dist = {a: 0.0}
        prev: dict[LonLat, tuple[LonLat, int | None]] = {}
        heap = [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                break
            if d > dist[u]:
                continue
            for w, km, way in self.adj[u]:
                nd = d + km
                if nd < dist.get(w, math.inf):
                    dist[w] = nd
                    prev[w] = (u, way)
                    heapq.heappush(heap, (nd, w))
        if b not in dist:
            raise ValueError(f"no railway path between {a} and {b}")
        path, ways = [b], []
        while path[-1] != a:
            u, way = prev[path[-1]]
            path.append(u)
            ways.append(way)
        return path[::-1], ways[::-1], dist[b]

    def trace(self, stops: Sequence[LonLat]) -> Trace:
        """Trace the railway through ``stops`` (station points) in order."""
        coords: list[LonLat] = []
        way_ids: list[int] = []
        total = snapped = 0.0
        offsets = []
        for a, b in zip(stops, stops[1:], strict=False):
            va, vb = self.nearest(a), self.nearest(b)
            offsets += [approx_km(a, va), approx_km(b, vb)]
            path, ways, km = self.shortest(va, vb)
            total += km
            for p, q, way in zip(path, path[1:], ways, strict=False):
                if way is None:
                    snapped += approx_km(p, q)
                elif way not in way_ids:
                    way_ids.append(way)
            coords.extend(path if not coords else path[1:])
        line = LineString(coords).simplify(SIMPLIFY_DEG, preserve_topology=False)
        return Trace(list(line.coords), way_ids, total, snapped, offsets)


def split_by_countries(line: LineString, polygons: Sequence[BaseGeometry]) -> list[LineString]:
    """Cut ``line`` into one piece per country, in the order the line passes them.

    The cut between country ``i`` and ``i + 1`` is the line's last crossing of the
    boundary of country ``i`` (so short wiggles across a border stay in one piece).
    """
    cuts = [0.0]
    for poly in polygons[:-1]:
        hits = line.intersection(poly.boundary)
        points = [g for g in getattr(hits, "geoms", [hits]) if not g.is_empty]
        along = [line.project(Point(c)) for g in points for c in g.coords]
        after = [d for d in along if d > cuts[-1]]
        if not after:
            raise ValueError("line does not leave a country polygon in the given order")
        cuts.append(max(after))
    cuts.append(line.length)
    return [substring(line, a, b) for a, b in zip(cuts, cuts[1:], strict=False)]


def max_distance_m(line: BaseGeometry, source: BaseGeometry) -> float:
    """Return the largest distance (m, approximate) of a vertex of ``line`` from ``source``."""
    worst = 0.0
    for x, y in shapely.get_coordinates(line):
        near = shapely.ops.nearest_points(source, Point(x, y))[0]
        worst = max(worst, approx_km((x, y), (near.x, near.y)) * 1000.0)
    return worst
