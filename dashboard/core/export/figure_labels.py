"""Placing names on the static figure.

Boxes in display pixels, candidate offsets around an anchor, and the greedy placement
that keeps names off each other, symbols and lines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely import STRtree


@dataclass(frozen=True)
class Box:
    """Axis-aligned box in display (pixel) coordinates."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Return whether the two boxes share interior area."""
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    def inside(self, frame: Box) -> bool:
        """Return whether the box lies entirely within ``frame``."""
        return (self.x0 >= frame.x0 and self.y0 >= frame.y0
                and self.x1 <= frame.x1 and self.y1 <= frame.y1)


Offset = tuple[float, float, str, str]


@dataclass(frozen=True)
class LabelItem:
    """A label to place: anchor point and text size, in display pixels.

    Attributes
    ----------
    x, y, width, height
        Anchor and text size.
    gap
        Anchor-to-label distance for this label (the placement's default when ``None``).
    candidates
        Offsets to try for this label (the placement's default when ``None``).
    marker
        The label's own symbol (a town dot) drawn only with the label: it must be free
        too, and blocks later labels.
    """

    x: float
    y: float
    width: float
    height: float
    gap: float | None = None
    candidates: tuple[Offset, ...] | None = None
    marker: Box | None = None


#: candidate offsets (multiples of the gap) and alignment, tried in this order:
#: right, upper right, lower right, left, upper left, lower left, above, below.
CANDIDATES: tuple[Offset, ...] = (
    (1, 0, "left", "center"), (1, 1, "left", "bottom"), (1, -1, "left", "top"),
    (-1, 0, "right", "center"), (-1, 1, "right", "bottom"), (-1, -1, "right", "top"),
    (0, 1, "center", "bottom"), (0, -1, "center", "top"),
)
#: the same eight positions, then a second ring further out (for the ranked labels).
CANDIDATES_WIDE: tuple[Offset, ...] = CANDIDATES + tuple(
    (dx * 2.2, dy * 2.2, ha, va) for dx, dy, ha, va in CANDIDATES)
#: area names (countries, seas, regions): centred on the point, then shifted.
CENTERED: tuple[Offset, ...] = (
    (0, 0, "center", "center"), (0, 2, "center", "center"), (0, -2, "center", "center"),
    (3, 0, "center", "center"), (-3, 0, "center", "center"), (3, 2, "center", "center"),
    (-3, -2, "center", "center"), (0, 4, "center", "center"), (0, -4, "center", "center"),
)


def candidate_box(item: LabelItem, offset: Offset, gap: float) -> Box:
    """Return the box of ``item`` placed at one candidate offset.

    ``offset`` is ``(dx, dy, ha, va)``: an offset in units of ``gap`` (pixels between the
    anchor and the label) and the text's alignment relative to the offset point.
    """
    dx, dy, ha, va = offset
    x, y = item.x + dx * gap, item.y + dy * gap
    x0 = {"left": x, "right": x - item.width}.get(ha, x - item.width / 2)
    y0 = {"bottom": y, "top": y - item.height}.get(va, y - item.height / 2)
    return Box(x0, y0, x0 + item.width, y0 + item.height)


class BoxGrid:
    """Boxes bucketed on a coarse pixel grid: fast "does anything here overlap?"."""

    def __init__(self, boxes: Iterable[Box], cell: float = 64.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for b in boxes:
            self.add(b)

    def _keys(self, b: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(b.x0 / c), math.floor(b.x1 / c) + 1):
            for j in range(math.floor(b.y0 / c), math.floor(b.y1 / c) + 1):
                yield i, j

    def add(self, b: Box) -> None:
        """Index one more box."""
        for key in self._keys(b):
            self.cells.setdefault(key, []).append(b)

    def hits(self, b: Box) -> bool:
        """Return whether ``b`` overlaps an indexed box."""
        return any(b.overlaps(o) for key in self._keys(b) for o in self.cells.get(key, ()))


def greedy_place(
    items: Sequence[LabelItem],
    frame: Box,
    obstacles: Iterable[Box] = (),
    gap: float = 6.0,
    candidates: Sequence[Offset] = CANDIDATES,
    lines: STRtree | None = None,
) -> list[Box | None]:
    """Place labels greedily, in the given (priority) order, without overlaps.

    Each label tries its candidate offsets in order and takes the first whose box
    lies inside ``frame`` and overlaps neither an obstacle, nor a shape of ``lines`` (the
    drawn corridor lines buffered by half their width), nor an already placed label (or
    its marker); a label with no such position gets ``None``.
    Deterministic: the same input always gives the same output.
    """
    taken = BoxGrid(obstacles)
    placed: list[Box | None] = []
    for item in items:
        chosen = None
        if item.marker is None or (item.marker.inside(frame) and not taken.hits(item.marker)):
            for offset in item.candidates or candidates:
                box = candidate_box(item, offset, gap if item.gap is None else item.gap)
                if (box.inside(frame) and not taken.hits(box)
                        and not (lines is not None and touches(lines, box))):
                    chosen = box
                    break
        placed.append(chosen)
        if chosen is not None:
            taken.add(chosen)
            if item.marker is not None:
                taken.add(item.marker)
    return placed


def touches(tree: STRtree, b: Box) -> bool:
    """Return whether ``b`` touches a shape of ``tree`` (buffered corridor lines)."""
    return len(tree.query(shapely.box(b.x0, b.y0, b.x1, b.y1), predicate="intersects")) > 0


def window_box(bbox: Any) -> Box:
    """Return a matplotlib window extent as a :class:`Box`."""
    return Box(float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1))
