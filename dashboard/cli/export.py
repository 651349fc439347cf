"""``python -m dashboard export``: write a briefing figure, exact view, HTML map or data."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.core.evidence.daterange import DateRange, iso_day
from dashboard.core.export.render import (
    FORMATS,
    PRESETS,
    ExportLayers,
    ExportRequest,
    corridor_extent,
    excerpt_from_evidence,
    render,
)

HELP = "Export a briefing figure (png/pdf/svg), exact-view png, offline HTML map or data."

_SUFFIX_FORMAT = {".png": "png", ".pdf": "pdf", ".svg": "svg", ".html": "html",
                  ".htm": "html", ".geojson": "geojson", ".json": "geojson", ".csv": "csv"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``export`` options.

    Parameters
    ----------
    parser
        The verb's parser.
    """
    parser.add_argument("--out", type=Path, required=True, help="output file")
    parser.add_argument("--format", choices=sorted(FORMATS),
                        help="output format (default: from the --out suffix; 'view' is the "
                             "exact interactive view through headless Chromium)")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="slide",
                        help="figure size: 'slide' 1920x1080 PNG, 'a4' landscape 300 dpi")
    parser.add_argument("--corridors", default="",
                        help="comma-separated corridor ids (default: all), e.g. btc,zangezur")
    parser.add_argument("--title", default=None, help="figure title")
    parser.add_argument("--subtitle", default="", help="figure subtitle")
    parser.add_argument("--date", default=None, help="date shown on the figure (default today)")
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--extent", default=None,
                      help="map extent minlon,minlat,maxlon,maxlat (default: fit corridors)")
    view.add_argument("--fit-corridor", default=None, metavar="ID",
                      help="frame the map on this corridor")
    parser.add_argument("--center", default=None, metavar="LAT,LON",
                        help="exact view centre (html/view), with --zoom")
    parser.add_argument("--zoom", type=int, default=None, help="exact view zoom (html/view)")
    parser.add_argument("--size", default="1600x900", metavar="WxH",
                        help="exact-view screenshot size in pixels (default 1600x900)")
    parser.add_argument("--places", action="store_true",
                        help="draw and export the places mentioned in the corpus")
    parser.add_argument("--excerpt", action="append", default=[], metavar="DOC:START:END",
                        help="add a numbered excerpt (character span of a corpus document); "
                             "repeatable")
    parser.add_argument("--from", dest="date_from", default=None, metavar="YYYY-MM-DD",
                        help="only articles published on or after this day (as the app's "
                             "date range)")
    parser.add_argument("--to", dest="date_to", default=None, metavar="YYYY-MM-DD",
                        help="only articles published on or before this day")
    parser.add_argument("--no-undated", action="store_true",
                        help="leave undated articles out (with --from/--to they are kept)")
    parser.add_argument("--place", action="append", default=[], metavar="PLACE_ID",
                        help="csv: also export the excerpts of this place; repeatable")
    parser.add_argument("--outlet-country", default="", metavar="CC[,CC]",
                        help="csv: only excerpts from outlets of these countries (registry "
                             "codes, EU, INT or 'unknown'), e.g. AZ,AM")
    parser.add_argument("--outlet-type", default="", metavar="TYPE[,TYPE]",
                        help="csv: only excerpts from outlets of these types, e.g. state-media")
    parser.add_argument("--geodata", type=Path, default=None, help="geodata folder")


def _floats(text: str, count: int, what: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise SystemExit(f"export: {what} must be {count} comma-separated numbers") from None
    if len(values) != count:
        raise SystemExit(f"export: {what} must be {count} comma-separated numbers")
    return values


def date_range(args: argparse.Namespace) -> DateRange:
    """Return the date range of ``--from``, ``--to`` and ``--no-undated`` (checked)."""
    bounds = []
    for flag, raw in (("--from", args.date_from), ("--to", args.date_to)):
        day = iso_day(raw) if raw is not None else None
        if raw is not None and (day is None or raw.strip() != day):
            raise SystemExit(f"export: {flag} {raw!r} is not a day YYYY-MM-DD")
        bounds.append(day)
    if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
        raise SystemExit(f"export: --from {bounds[0]} is after --to {bounds[1]}")
    return DateRange(bounds[0], bounds[1], undated=not args.no_undated)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return _SUFFIX_FORMAT.get(args.out.suffix.lower(), "png")


def build_request(args: argparse.Namespace, layers: ExportLayers) -> ExportRequest:
    """Turn parsed arguments into an :class:`ExportRequest`.

    Parameters
    ----------
    args
        Parsed ``export`` arguments.
    layers
        Layer data (for ``--fit-corridor``).

    Returns
    -------
    ExportRequest
        The request (excerpts and places loaded from the evidence index if asked).
    """
    request = ExportRequest(
        subtitle=args.subtitle,
        corridors=[c.strip() for c in args.corridors.split(",") if c.strip()],
        preset=args.preset,
    )
    if args.title is not None:
        request.title = args.title
    if args.date is not None:
        request.date = args.date
    if args.extent:
        request.extent = _floats(args.extent, 4, "--extent")
    elif args.fit_corridor:
        if args.fit_corridor not in layers.index:
            raise SystemExit(f"export: unknown corridor {args.fit_corridor!r}; "
                             f"known: {', '.join(layers.index)}")
        request.extent = corridor_extent(layers, [args.fit_corridor])
    if args.center:
        request.center = _floats(args.center, 2, "--center")
        request.zoom = args.zoom if args.zoom is not None else 6
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise SystemExit("export: --size must look like 1600x900") from None
    request.size = (width, height)
    dates = date_range(args)
    request.date_range = dates.label()
    if args.places or args.excerpt:
        from dashboard.core.evidence import query
        from dashboard.core.evidence.cache import load_or_build, open_index

        evidence = open_index(load_or_build(geodata=args.geodata))
        if args.places:
            request.places = query.place_counts(evidence, query.Filters(dates=dates))
        shown = query.dated_ids(evidence, dates)
        for spec in args.excerpt:
            parts = spec.rsplit(":", 2)
            if len(parts) != 3:
                raise SystemExit(f"export: --excerpt {spec!r} is not DOC:START:END")
            if shown is not None and parts[0] not in shown:
                raise SystemExit(f"export: --excerpt {spec!r}: document {parts[0]} is outside "
                                 f"the date range ({dates.label().lower()})")
            try:
                request.excerpts.append(
                    excerpt_from_evidence(evidence, parts[0], int(parts[1]), int(parts[2])))
            except (KeyError, ValueError) as exc:
                raise SystemExit(f"export: --excerpt {spec!r}: {exc}") from None
    if _format(args) == "csv":
        request.evidence = evidence_rows(args, layers)
    return request


def _codes(text: str) -> tuple[str, ...] | None:
    codes = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
    return codes or None


def evidence_rows(args: argparse.Namespace, layers: ExportLayers) -> list[dict]:
    """Every excerpt of the chosen corridors (all by default) and places under the filters."""
    from dashboard.core.corpus.outlets import TYPES
    from dashboard.core.evidence import cache, voices
    from dashboard.core.evidence.query import Filters

    types = _codes(args.outlet_type)
    unknown = [t for t in types or () if t not in (*TYPES, "unknown")]
    if unknown:
        raise SystemExit(f"export: unknown outlet type {unknown[0]!r}; one of "
                         f"{', '.join(TYPES)} or unknown")
    corridors = [c.strip() for c in args.corridors.split(",") if c.strip()] or list(layers.index)
    missing = [c for c in corridors if c not in layers.index]
    if missing:
        raise SystemExit(f"export: unknown corridor {missing[0]!r}; known: "
                         f"{', '.join(layers.index)}")
    index = cache.open_index(cache.load_or_build(geodata=args.geodata))
    places = [p for p in args.place if p]
    absent = [p for p in places if p not in set(index.places["place_id"])]
    if absent:
        raise SystemExit(f"export: no excerpt mentions place {absent[0]!r}")
    flt = Filters(outlet_countries=_codes(args.outlet_country), outlet_types=types)
    selections = [("corridor", c) for c in corridors] + [("place", p) for p in places]
    return voices.export_rows(index, selections, flt)


def run(args: argparse.Namespace) -> int:
    """Write the export and report its size and time.

    Parameters
    ----------
    args
        Parsed arguments.

    Returns
    -------
    int
        0 on success, 2 when the request cannot be served (unknown corridor,
        no browser for the exact view...).
    """
    from dashboard.core.export.browser import BrowserUnavailable

    fmt = _format(args)
    started = time.perf_counter()
    layers = ExportLayers.load(args.geodata)
    try:
        request = build_request(args, layers)
        data = render(request, layers, fmt)
    except (ValueError, BrowserUnavailable, TimeoutError) as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.out} ({fmt}, {len(data) / 1024:.0f} KiB) in {elapsed:.1f} s")
    return 0
