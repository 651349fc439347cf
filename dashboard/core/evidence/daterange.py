"""The date range of the sidebar: which articles' publication dates are shown.

A :class:`DateRange` is ``start`` and ``end`` (ISO days, both inclusive; ``None``: open)
plus whether undated articles are included.  Its one rule is the SQL predicate of
:meth:`DateRange.predicate` over the ``documents`` table's ``date`` column, which every
question under the filters uses (:mod:`dashboard.core.evidence.sql`), so that counts,
places, excerpts, search and the pages' article lists narrow alike.

A date of a month or a year (``2024-05``, ``2024``) stands for its first day.  The
permalink carries ``from``, ``to`` (``YYYY-MM-DD``) and ``undated=0`` when undated
articles are left out; anything malformed is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The presets of the control, in its order (the key is what the widget stores).
PRESETS: dict[str, str] = {"all": "All dates", "30d": "Last 30 days", "12m": "Last 12 months",
                           "custom": "Custom range"}
#: ``documents.date`` as an ISO day (a month or year stands for its first day; blank: NULL).
DAY_SQL = "nullif(left(trim(coalesce({col}, '')) || '-01-01', 10), '-01-01')"


def iso_day(raw: object) -> str | None:
    """Return ``raw`` as ``YYYY-MM-DD`` when it is a real ISO day, else ``None``."""
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw or "").strip()[:10]
    if not _ISO_DAY.match(text):
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class DateRange:
    """Publication dates to show: ``[start, end]`` (``None`` = open) and undated or not."""

    start: str | None = None
    end: str | None = None
    undated: bool = True

    @property
    def active(self) -> bool:
        """Tell whether the range leaves anything out."""
        return bool(self.start or self.end or not self.undated)

    def key(self) -> tuple[str | None, str | None, bool]:
        """Return a plain tuple of the range (a cache key)."""
        return (self.start, self.end, self.undated)

    @classmethod
    def from_key(cls, key: tuple | None) -> DateRange:
        """Rebuild a range from :meth:`key` (``None``: every date)."""
        return cls() if key is None else cls(*key)

    def predicate(self, col: str = "date") -> str:
        """Return the SQL condition a document row with date column ``col`` must meet.

        The bounds are checked ISO days (:func:`iso_day`), written as literals.
        """
        day = DAY_SQL.format(col=col)
        dated = [f"{day} >= '{self.start}'" if self.start else "",
                 f"{day} <= '{self.end}'" if self.end else ""]
        within = " AND ".join(p for p in dated if p) or "TRUE"
        undated = "TRUE" if self.undated else "FALSE"
        return f"(CASE WHEN {day} IS NULL THEN {undated} ELSE ({within}) END)"

    def label(self) -> str:
        """Describe the range in words, for captions and exports."""
        if not self.start and not self.end:
            span = "all dates"
        elif self.start and self.end:
            span = f"{self.start} to {self.end}"
        elif self.start:
            span = f"from {self.start}"
        else:
            span = f"up to {self.end}"
        return f"Published {span}; undated articles {'included' if self.undated else 'excluded'}"

    def to_query(self) -> dict[str, str]:
        """Return the permalink parameters (``from``, ``to``, ``undated=0``; defaults omitted)."""
        params = {"from": self.start, "to": self.end, "undated": None if self.undated else "0"}
        return {k: v for k, v in params.items() if v}


def from_query(params: Mapping[str, object]) -> DateRange:
    """Read ``from``, ``to`` and ``undated`` of the permalink (anything malformed ignored)."""
    def one(key: str) -> str | None:
        raw = params.get(key) if hasattr(params, "get") else None
        if isinstance(raw, list | tuple):
            raw = raw[-1] if raw else None
        return iso_day(raw) if isinstance(raw, str) and len(raw) <= 40 else None

    start, end = one("from"), one("to")
    if start and end and start > end:
        start, end = end, start
    raw = params.get("undated") if hasattr(params, "get") else None
    return DateRange(start, end, undated=str(raw).strip() != "0" if raw is not None else True)


def preset(name: str, today: date | None = None, undated: bool = True) -> DateRange:
    """Return the range of a preset (``all``, ``30d``, ``12m``) ending today."""
    today = today or date.today()
    if name == "30d":
        return DateRange((today - timedelta(days=29)).isoformat(), today.isoformat(), undated)
    if name == "12m":
        year_ago = date(today.year - 1, today.month, min(today.day, 28 if today.month == 2
                                                          else today.day))
        return DateRange((year_ago + timedelta(days=1)).isoformat(), today.isoformat(), undated)
    return DateRange(None, None, undated)


def month_range(month: str, undated: bool = False) -> DateRange:
    """Return the range of one calendar month ``YYYY-MM`` (undated left out by default)."""
    year, mon = (int(p) for p in month.split("-")[:2])
    first = date(year, mon, 1)
    last = (date(year + (mon == 12), mon % 12 + 1, 1) - timedelta(days=1))
    return DateRange(first.isoformat(), last.isoformat(), undated)
