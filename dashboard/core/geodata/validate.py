"""Validation of the corridor geodata (``python -m dashboard validate``).

Checks every corridor file: GeoJSON structure, geometry validity, lon/lat ranges, required
properties and vocabularies, unique ids, sources, ``geometry_source`` and licence on every
segment, nodes inside their declared country (with explicit per-node tolerances), segments
inside their declared countries, sea legs on water, no other segment over open water, and
geodesic lengths against published figures.  The report also gives, per corridor, the share
of its drawn length that is traced on public route data.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from dashboard.core.geodata import geometry as gg
from dashboard.core.geodata.basemap import load_detail_countries
from dashboard.core.geodata.corridors import CORRIDOR_IDS, corridors_dir
from dashboard.core.geodata.validate_features import check_node, check_segment, is_traced
from dashboard.core.geodata.validate_rules import (
    CHECK_KEYWORDS,
    COAST_SLACK_M,
    LENGTH_CHECKS,
    LENGTH_REASONS,
    Context,
    Report,
)
from dashboard.core.paths import geodata_dir


# --------------------------------------------------------------------------- lengths
def _measure(check: dict, segments: list[tuple[dict, BaseGeometry]], ctx: Context) -> float:
    total = 0.0
    poly = ctx.country(check["country"]) if check["country"] else None
    for props, geom in segments:
        if props.get("corridor") != check["corridor"]:
            continue
        if check["segments"] and props.get("segment_id") not in check["segments"]:
            continue
        if check["modes"] and props.get("mode") not in check["modes"]:
            continue
        part = geom.intersection(poly) if poly is not None else geom
        total += gg.geodesic_length_km(part)
    return total


def check_lengths(segments: list[tuple[dict, BaseGeometry]], ctx: Context, report: Report) -> None:
    """Compare measured geodesic lengths with published figures (see LENGTH_CHECKS)."""
    for check in LENGTH_CHECKS:
        km = _measure(check, segments, ctx)
        low = check["min_km"] - check["allowance_km"]
        inside = low <= km <= check["max_km"]
        status = "ok" if inside else ("FAIL" if check["severity"] == "error" else "differs")
        rng = f"{check['min_km']:,.0f}-{check['max_km']:,.0f}"
        if check["allowance_km"]:
            rng += f" (-{check['allowance_km']:g} NE allowance)"
        report.length_rows.append(
            {
                "check": check["check"],
                "measured_km": km,
                "published_km": check["published_km"],
                "range": rng,
                "status": status,
            }
        )
        if check["allowance_km"]:
            report.notes.append(
                f"{check['check']}: allowance {check['allowance_km']:g} km - "
                f"{check['allowance_reason']}"
            )
        if not inside and check["severity"] == "error":
            file = f"{check['corridor']}.geojson"
            report.error(
                file,
                check["segments"][0] if check["segments"] else check["corridor"],
                f"{check['check']} {km:,.1f} km outside {rng} km "
                f"(published {check['published_km']:g} km, {check['source']})",
            )


# ------------------------------------------------------------------------------ index
def check_index(geodata: Path, report: Report) -> None:
    """Validate ``index.json``: one entry per corridor with the required fields."""
    path = corridors_dir(geodata) / "index.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        report.error("index.json", "-", f"cannot read: {exc}")
        return
    by_id = {e.get("id"): e for e in doc.get("corridors", [])}
    for cid in CORRIDOR_IDS:
        entry = by_id.get(cid)
        if entry is None:
            report.error("index.json", cid, "corridor missing")
            continue
        for key in (
            "name",
            "aliases",
            "color",
            "description",
            "status",
            "countries",
            "length",
            "capacity",
            "operator",
            "key_dates",
            "sources",
        ):
            if key not in entry:
                report.error("index.json", cid, f"missing field '{key}'")
        if not entry.get("sources"):
            report.error("index.json", cid, "no sources")
        for item in entry.get("key_dates", []):
            if not item.get("source"):
                report.error("index.json", cid, f"key date {item.get('date')} has no source")


# ------------------------------------------------------------------------------- main
def _load_file(path: Path, report: Report) -> list[dict] | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        report.error(path.name, "-", f"cannot read GeoJSON: {exc}")
        return None
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        report.error(path.name, "-", "not a GeoJSON FeatureCollection")
        return None
    return doc["features"]


def _context(geodata: Path) -> Context:
    countries = load_detail_countries(geodata)
    return Context(countries=countries, land=shapely.union_all(countries.geometry.values))


def validate_geodata(geodata: Path | None = None) -> Report:
    """Run all checks on the corridor geodata (``None``: the repository's ``geodata/``).

    Errors read ``"<file>: <feature id>: <problem>"``.
    """
    geodata = geodata or geodata_dir()
    report = Report()
    ctx = _context(geodata)
    check_index(geodata, report)
    segments: list[tuple[dict, BaseGeometry]] = []
    for cid in CORRIDOR_IDS:
        path = corridors_dir(geodata) / f"{cid}.geojson"
        feats = _load_file(path, report)
        if feats is None:
            continue
        n_seg = n_node = 0
        feats = sorted(feats, key=lambda f: (f.get("geometry") or {}).get("type") != "Point")
        for feat in feats:
            props = feat.get("properties") or {}
            if props.get("corridor") != cid:
                report.error(path.name, str(feat.get("id")), f"corridor property is not '{cid}'")
            if feat.get("geometry", {}).get("type") == "Point":
                n_node += 1
                check_node(feat, ctx, report, path.name)
            else:
                n_seg += 1
                check_segment(feat, ctx, report, path.name)
                try:
                    segments.append((props, shape(feat["geometry"])))
                except (KeyError, ValueError, TypeError, AttributeError):
                    report.error(path.name, str(feat.get("id")), "unreadable geometry")
        mine = [(p, gg.geodesic_length_km(g)) for p, g in segments if p.get("corridor") == cid]
        total = sum(km for _, km in mine)
        traced = sum(km for p, km in mine if is_traced(p))
        report.corridor_rows.append(
            {
                "corridor": cid,
                "segments": n_seg,
                "nodes": n_node,
                "length_km": total,
                "traced_km": traced,
                "traced_share": traced / total if total else 0.0,
                "traced_segments": sum(1 for p, _ in mine if is_traced(p)),
            }
        )
    check_lengths(segments, ctx, report)
    return report


def format_report(report: Report) -> str:
    """Render the report as plain-text tables."""
    lines = [
        "Corridor features (traced = on OpenStreetMap / Global Energy Monitor route data)",
        f"{'corridor':<17}{'segments':>9}{'traced':>7}{'nodes':>7}{'drawn km':>11}"
        f"{'traced km':>11}{'traced share':>14}",
    ]
    for r in report.corridor_rows:
        lines.append(
            f"{r['corridor']:<17}{r['segments']:>9}{r.get('traced_segments', 0):>7}"
            f"{r['nodes']:>7}{r['length_km']:>11,.1f}{r.get('traced_km', 0.0):>11,.1f}"
            f"{r.get('traced_share', 0.0):>13.1%}"
        )
    lines += [
        "",
        "Drawn vs published length (geodesic, WGS84)",
        f"{'check':<34}{'drawn':>9}{'published':>11}{'ratio':>7}  {'accepted km':<30}"
        f"{'status':<9}reason",
    ]
    for r in report.length_rows:
        ratio = r["measured_km"] / r["published_km"] if r["published_km"] else float("nan")
        lines.append(
            f"{r['check']:<34}{r['measured_km']:>9,.1f}{r['published_km']:>11,.1f}"
            f"{ratio:>7.2f}  {r['range']:<30}{r['status']:<9}{LENGTH_REASONS.get(r['check'], '')}"
        )
    lines += ["", "Segments over water that are not ferries (more than "
              f"{COAST_SLACK_M:,.0f} m off the NE 10m coast)"]
    wet = [r for r in report.water_rows if r["open_water_km"] > 0]
    lines += [f"  {r['segment']} ({r['mode']}): {r['open_water_km']:,.1f} km" for r in wet]
    if not wet:
        lines.append("  none")
    coast = [r for r in report.water_rows if r["open_water_km"] == 0]
    if coast:
        lines.append("  (off the generalised NE coastline by less than the slack: "
                     + ", ".join(f"{r['segment']} {r['off_land_km']:,.1f} km" for r in coast)
                     + ")")
    lines += ["", "Nodes outside their stated country (NE 10m polygons)"]
    for r in report.node_rows:
        verdict = "within its tolerance" if r["ok"] else "ERROR"
        lines.append(
            f"  {r['node']}: stated {r['country']}, lies in {r['lies_in']}, "
            f"{r['distance_m']:,.0f} m outside (tolerance {r['tolerance_m']:,.0f} m) - {verdict}"
        )
    if not report.node_rows:
        lines.append("  none")
    lines += ["", "Checks"]
    for name, keys in CHECK_KEYWORDS:
        n = sum(1 for e in report.errors if any(k in e for k in keys))
        lines.append(f"  {name:<34}{'ok' if n == 0 else f'{n} error(s)'}")
    if report.notes:
        lines += ["", "Documented tolerances"] + [f"  {n}" for n in report.notes]
    if report.errors:
        lines += ["", f"ERRORS ({len(report.errors)})"] + [f"  {e}" for e in report.errors]
    else:
        lines += ["", "All geodata checks passed."]
    return "\n".join(lines)
