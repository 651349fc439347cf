"""Side-by-side comparison of the corridors and their timeline (pure logic, no streamlit).

Every value comes with the sources it was read from: corridor facts cite the addresses in
``index.json``, drawn lengths cite the geometry datasets, corpus counts cite the documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.core.geodata import geometry as gg
from dashboard.core.geodata.corridors import corridor_label

OSM_COPYRIGHT = "https://www.openstreetmap.org/copyright"
NE_TERMS = "https://www.naturalearthdata.com/about/terms-of-use/"
ATTRIBUTION = (
    "© OpenStreetMap contributors (ODbL) · Global Energy Monitor, Global Oil Infrastructure "
    "Tracker · Made with Natural Earth"
)
ROWS: tuple[str, ...] = (
    "Route",
    "Modes",
    "Countries",
    "Published length",
    "Drawn length",
    "Sections (status)",
    "Capacity",
    "Operator / owners",
    "Financing",
    "Key dates",
    "Corpus",
)
STATUS_WORDS = {"under_construction": "under construction"}


@dataclass(frozen=True)
class Line:
    """One sourced statement of a comparison cell."""

    text: str
    sources: tuple[str, ...]


Cell = tuple[Line, ...]


def split_sources(value: object) -> tuple[str, ...]:
    """Split a ``" ; "``-separated source string (or list) into addresses."""
    items = value if isinstance(value, (list, tuple)) else [value]
    out: list[str] = []
    for item in items:
        for part in str(item or "").split(" ; "):
            if part.strip() and part.strip() not in out:
                out.append(part.strip())
    return tuple(out)


def _fact(item: object, missing: str = "Not in the sourced facts") -> Cell:
    if isinstance(item, Mapping) and item.get("value"):
        return (Line(str(item["value"]), split_sources(item.get("source"))),)
    return (Line(missing, ()),)


def _status(value: str) -> str:
    return STATUS_WORDS.get(value, value)


def _km(value: float) -> str:
    return f"{value:,.0f} km"


def _segment_sources(rows: pd.DataFrame) -> tuple[str, ...]:
    return split_sources([s for sources in rows["sources"] for s in sources])


def _geometry_sources(rows: pd.DataFrame) -> tuple[str, ...]:
    out: list[str] = []
    for src in rows["geometry_source"]:
        dataset = src.get("dataset") if isinstance(src, Mapping) else None
        address = {"OpenStreetMap": OSM_COPYRIGHT}.get(dataset) or (
            src.get("url") if isinstance(src, Mapping) and src.get("url") else NE_TERMS
        )
        if address not in out:
            out.append(address)
    return tuple(out)


def drawn_lengths(segments: pd.DataFrame) -> pd.DataFrame:
    """Return per segment: corridor, segment_id, km (geodesic) and ``traced`` (bool)."""
    rows = []
    for _, seg in segments.iterrows():
        src = seg.get("geometry_source")
        traced = isinstance(src, Mapping) and src.get("kind") == "traced"
        rows.append({"corridor": seg["corridor"], "segment_id": seg["segment_id"],
                     "km": gg.geodesic_length_km(seg.geometry), "traced": traced})
    return pd.DataFrame(rows, columns=["corridor", "segment_id", "km", "traced"])


def corridor_cells(
    cid: str,
    facts: Mapping[str, object],
    segments: pd.DataFrame,
    links: pd.DataFrame,
    documents: pd.DataFrame,
) -> dict[str, Cell]:
    """Return the comparison cells of one corridor, keyed by :data:`ROWS` labels."""
    segs = segments[segments["corridor"] == cid]
    lengths = drawn_lengths(segs)
    total = float(lengths["km"].sum())
    traced = float(lengths.loc[lengths["traced"], "km"].sum())
    seg_sources = _segment_sources(segs)
    modes = lengths.assign(mode=segs["mode"].to_numpy()).groupby("mode")["km"].sum()
    cells: dict[str, Cell] = {
        "Route": (Line(str(facts.get("description", "")),
                       split_sources(facts.get("description_source"))),),
        "Modes": (Line(" · ".join(f"{m} {_km(km)}" for m, km in modes.sort_values(
            ascending=False).items()), seg_sources),),
        "Countries": (Line(", ".join(map(str, facts.get("countries") or [])),
                           split_sources(facts.get("description_source")) + seg_sources),),
        "Published length": _published(facts),
        "Drawn length": (Line(f"{_km(total)} drawn; {traced / total if total else 0:.0%} "
                              f"traced ({_km(traced)})", _geometry_sources(segs)),),
        "Sections (status)": tuple(
            Line(f"{row['name']}: {_status(row['status'])}", split_sources(row["sources"]))
            for _, row in segs.iterrows()
        ),
        "Capacity": _fact(facts.get("capacity")),
        "Operator / owners": _fact(facts.get("operator"))
        + (_fact(facts["owners"]) if facts.get("owners") else ()),
        "Financing": tuple(Line(str(f["value"]), split_sources(f["source"]))
                           for f in facts.get("financing") or [])
        or (Line("Not in the sourced facts", ()),),
        "Key dates": tuple(Line(f"{d['date']} {d['event']}", split_sources(d["source"]))
                           for d in facts.get("key_dates") or []),
        "Corpus": _corpus(cid, links, documents),
    }
    return cells


def _published(facts: Mapping[str, object]) -> Cell:
    lines = []
    length = facts.get("length")
    if isinstance(length, Mapping) and length.get("value_km"):
        lines.append(Line(f"{_km(float(length['value_km']))}: {length.get('note', '')}".strip(),
                          split_sources(length.get("source"))))
    for fig in facts.get("length_figures") or []:
        lines.append(Line(f"{_km(float(fig['value_km']))}: {fig.get('note', '')}",
                          split_sources(fig.get("source"))))
    return tuple(lines) or (Line("No published length", ()),)


def document_label(documents: pd.DataFrame, doc_id: str) -> str:
    """Citation label of a document: title (or file), outlet, date and address where known."""
    row = documents[documents["doc_id"] == doc_id]
    if row.empty:
        return str(doc_id)
    r = row.iloc[0]
    title = str(r.get("title") or "").strip() or str(r.get("file") or doc_id)
    extra = [str(r.get(k) or "").strip() for k in ("outlet", "date", "url")]
    return " · ".join([title] + [e for e in extra if e])


def _corpus(cid: str, links: pd.DataFrame, documents: pd.DataFrame) -> Cell:
    mine = links[links["corridor"] == cid] if not links.empty else links
    docs = list(dict.fromkeys(mine["doc_id"])) if not mine.empty else []
    noun = "excerpt" if len(mine) == 1 else "excerpts"
    text = f"{len(mine)} {noun} in {len(docs)} of {len(documents)} sources"
    return (Line(text, tuple(document_label(documents, d) for d in docs)),)


def compare_cells(
    index: Mapping[str, Mapping[str, object]],
    segments: pd.DataFrame,
    links: pd.DataFrame,
    documents: pd.DataFrame,
) -> dict[str, dict[str, Cell]]:
    """Return ``{corridor_id: {row label: cell}}`` for every corridor of the index."""
    return {cid: corridor_cells(cid, facts, segments, links, documents)
            for cid, facts in index.items()}


def cell_text(cell: Cell) -> str:
    """Plain text of a cell (its statements joined by ``"; "``)."""
    return "; ".join(line.text for line in cell)


def cell_sources(cell: Cell) -> list[str]:
    """Return the unique sources of a cell, in order."""
    return list(split_sources([s for line in cell for s in line.sources]))


def compare_csv_frame(cells: Mapping[str, Mapping[str, Cell]],
                      index: Mapping[str, Mapping[str, object]]) -> pd.DataFrame:
    """Long table for CSV export: corridor, attribute, value, sources (one row per cell)."""
    rows = []
    for cid, by_row in cells.items():
        for label in ROWS:
            cell = by_row[label]
            rows.append({"corridor": corridor_label(index[cid], cid),
                         "corridor_id": cid, "attribute": label, "value": cell_text(cell),
                         "sources": " ; ".join(cell_sources(cell))})
    return pd.DataFrame(rows, columns=["corridor", "corridor_id", "attribute", "value",
                                       "sources"])


# ------------------------------------------------------------------------------ timeline
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("suspended", ("stopped", "closed", "suspend", "halt")),
    ("planned", ("target", "planned", "due", "to be")),
    ("signed", ("signed", "agreement", "mou", "statement", "declaration", "memorandum",
                "framework")),
    ("started", ("groundbreaking", "foundation", "construction", "launched", "line-fill",
                 "begins", "dry run")),
    ("opened", ("opened", "inauguration", "first oil", "in operation", "first ", "raised",
                "complete", "schedule")),
)


def parse_date(value: object) -> tuple[pd.Timestamp, str] | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or an ISO date-time) to (start, precision)."""
    text = str(value or "").strip()
    match = DATE_RE.match(text[:10]) if text else None
    if not match:
        return None
    year, month, day = match.groups()
    try:
        stamp = pd.Timestamp(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return stamp, "day" if day else "month" if month else "year"


def categorise(event: str, when: pd.Timestamp, today: pd.Timestamp) -> str:
    """Classify a key date as signed, started, opened, suspended or planned (else milestone)."""
    low = event.lower()
    if when > today:
        return "planned"
    for name, words in CATEGORIES:
        if any(w in low for w in words):
            return name
    return "milestone"


TIMELINE_COLUMNS = ["event_id", "corridor_id", "corridor", "color", "date", "date_text",
                    "precision", "kind", "category", "event", "sources"]


def timeline_events(
    index: Mapping[str, Mapping[str, object]],
    links: pd.DataFrame,
    documents: pd.DataFrame,
    today: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Return the key dates of every corridor and the dated articles that discuss it.

    One row per event (``kind`` ``"key date"`` or ``"article"``), sorted by date; key dates
    cite the addresses of ``index.json``, articles cite the document.
    """
    today = today or pd.Timestamp.today().normalize()
    rows: list[dict] = []
    for cid, facts in index.items():
        name = corridor_label(facts, cid)
        base = {"corridor_id": cid, "corridor": name, "color": facts.get("color", "#333333")}
        for item in facts.get("key_dates") or []:
            parsed = parse_date(item.get("date"))
            if parsed is None:
                continue
            rows.append({**base, "date": parsed[0], "date_text": str(item["date"]),
                         "precision": parsed[1], "kind": "key date",
                         "category": categorise(str(item["event"]), parsed[0], today),
                         "event": str(item["event"]), "sources": split_sources(item["source"])})
        rows += _article_events(cid, base, links, documents)
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS[1:])
    frame = frame.sort_values(["date", "corridor_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "event_id", [f"{r.corridor_id}:{r.kind}:{i}" for i, r in frame.iterrows()])
    return frame


def _article_events(cid: str, base: dict, links: pd.DataFrame,
                    documents: pd.DataFrame) -> list[dict]:
    if links.empty or documents.empty:
        return []
    counts = links[links["corridor"] == cid].groupby("doc_id").size()
    out = []
    for doc_id, n in counts.items():
        row = documents[documents["doc_id"] == doc_id]
        parsed = parse_date(row.iloc[0].get("date")) if not row.empty else None
        if parsed is None:
            continue
        label = document_label(documents, doc_id)
        out.append({**base, "date": parsed[0], "date_text": str(row.iloc[0]["date"])[:10],
                    "precision": parsed[1], "kind": "article", "category": "article",
                    "event": f"Article ({n} excerpts): {label}", "sources": (label,)})
    return out


def undated_articles(links: pd.DataFrame, documents: pd.DataFrame) -> int:
    """Count the corpus documents linked to a corridor that carry no usable date."""
    if links.empty:
        return 0
    linked = set(links["doc_id"])
    docs = documents[documents["doc_id"].isin(linked)]
    return int(sum(parse_date(d) is None for d in docs["date"]))


def event_label(row: Mapping[str, object]) -> str:
    """One-line label of a timeline event for lists and tooltips."""
    return f"{row['date_text']} · {row['corridor']} · {row['event']}"


def short(text: str, width: int) -> str:
    """Shorten ``text`` to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def sequence_of(values: Sequence[str] | str) -> list[str]:
    """Return a list from a tuple/list/str of sources (tolerates JSON round-trips)."""
    return [values] if isinstance(values, str) else list(values)
