"""Score the pipeline against a gold annotation.

Gold format (one object per file)::

    {"files": [{"file": ..., "places": [{"surface", "canonical", "kind", "lat", "lon",
                 "country_code", "optional", "mentions": [{"start", "end", "in_name",
                 "optional"}]}], "corridors": [ids],
                "corridor_sentences": [{"corridor", "start", "end", "basis"}]}]}

Metrics
-------
Toponyms (per mention)
    A predicted mention and a gold mention *match* when their spans overlap. Gold
    mentions that are optional (or belong to an optional place) are ignored on both
    sides: they do not count as misses, and predictions overlapping them are neither
    true nor false positives. Precision = predictions matching a required gold mention /
    predictions not ignored; recall = required gold mentions matched by some prediction.
Resolution
    Over required gold mentions that were found: a country is right when the ISO2 code
    is; anything else when the predicted point is within 161 km of the gold point.
    Macro-regions and seas have no natural centre (annotators pick a representative
    point), so for them a prediction naming the same feature (gold canonical name or
    surface among the predicted place's names) also counts; ``resolution_strict``
    reports the pure-distance figure.
Corridors (per sentence)
    For every corridor id, predicted linked sentences vs gold corridor sentences; a
    prediction matches a gold sentence of the same corridor when the spans overlap.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.core.corpus.loader import metadata_lookup, read_document
from dashboard.core.corpus.sources_csv import read_sources_table
from dashboard.core.evidence.index import Parser, process_document
from dashboard.core.parse.gazetteer import Place

RESOLUTION_KM = 161.0
# Mention types as geoparsing papers report them, from gazetteer / gold kinds.
MENTION_TYPES: dict[str, str] = {
    "country": "country",
    "city": "city",
    "port": "city",
    "region": "admin",
    "river": "physical",
    "sea": "physical",
    "lake": "physical",
    "macro_region": "physical",
    "facility": "facility",
    "border_crossing": "facility",
}
LOOSE_KINDS = frozenset({"macro_region", "sea"})


class GoldError(Exception):
    """The gold file is missing or malformed."""


@dataclass
class PRF:
    """Counts and derived precision/recall/F1."""

    tp_pred: int = 0
    fp: int = 0
    tp_gold: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Precision (1.0 when nothing was predicted)."""
        n = self.tp_pred + self.fp
        return self.tp_pred / n if n else 1.0

    @property
    def recall(self) -> float:
        """Recall (1.0 when there was nothing to find)."""
        n = self.tp_gold + self.fn
        return self.tp_gold / n if n else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        """Accumulate another count."""
        self.tp_pred += other.tp_pred
        self.fp += other.fp
        self.tp_gold += other.tp_gold
        self.fn += other.fn

    def as_dict(self) -> dict:
        """Return a serialisable summary."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp_gold,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    """Evaluation result with error lists for inspection."""

    toponyms: PRF = field(default_factory=PRF)
    resolved: int = 0
    resolved_strict: int = 0
    resolution_total: int = 0
    corridors: dict[str, PRF] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    by_type: dict[str, PRF] = field(default_factory=dict)
    resolved_by_type: dict[str, list[int]] = field(default_factory=dict)
    corridors_by_basis: dict[str, PRF] = field(default_factory=dict)
    corridors_explicit: PRF = field(default_factory=PRF)
    #: Review queue: predicted mentions it flags (certainty close/weak), how many of them
    #: were wrong (spurious or resolved outside 161 km), and how many predictions were wrong.
    queue_flagged: int = 0
    queue_wrong: int = 0
    wrong_total: int = 0

    def as_dict(self) -> dict:
        """Return a serialisable summary (without the error list)."""
        micro = PRF()
        for prf in self.corridors.values():
            micro.add(prf)
        n = self.resolution_total
        return {
            "review_queue": {
                "flagged": self.queue_flagged, "flagged_wrong": self.queue_wrong,
                "wrong": self.wrong_total,
                "precision": round(self.queue_wrong / self.queue_flagged, 4)
                if self.queue_flagged else None,
                "recall": round(self.queue_wrong / self.wrong_total, 4)
                if self.wrong_total else None,
            },
            "toponyms": self.toponyms.as_dict(),
            "resolution": round(self.resolved / n, 4) if n else 1.0,
            "resolution_strict": round(self.resolved_strict / n, 4) if n else 1.0,
            "resolution_n": n,
            "corridors": {k: v.as_dict() for k, v in sorted(self.corridors.items())},
            "corridors_micro": micro.as_dict(),
            "corridors_named_described": self.corridors_explicit.as_dict(),
            "by_type": {
                k: {
                    **v.as_dict(),
                    "acc161": round(self.resolved_by_type[k][0] / self.resolved_by_type[k][1], 4)
                    if self.resolved_by_type.get(k, [0, 0])[1]
                    else None,
                }
                for k, v in sorted(self.by_type.items())
            },
            "corridors_recall_by_basis": {
                k: v.as_dict() for k, v in sorted(self.corridors_by_basis.items())
            },
        }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    Parameters
    ----------
    lat1, lon1, lat2, lon2
        Degrees.

    Returns
    -------
    float
        Distance on a sphere of radius 6371 km.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def load_gold(path: Path) -> list[dict]:
    """Read and minimally validate a gold file.

    Parameters
    ----------
    path
        Gold JSON file.

    Returns
    -------
    list of dict
        The ``files`` entries.

    Raises
    ------
    GoldError
        If the file cannot be read or lacks required keys.
    """
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc})") from exc
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list):
        raise GoldError(f"{path}: no 'files' list")
    for entry in files:
        if "file" not in entry:
            raise GoldError(f"{path}: a file entry has no 'file'")
        for place in entry.get("places", []):
            for m in place.get("mentions", []):
                if "start" not in m or "end" not in m:
                    raise GoldError(f"{path}: mention without offsets in {entry['file']}")
    return files


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _resolution_ok(place: dict, pred: dict, loose: bool) -> bool:
    if place.get("kind") == "country" and place.get("country_code"):
        return pred["country"] == place["country_code"]
    if place.get("lat") is None or place.get("lon") is None:
        return False
    if haversine_km(place["lat"], place["lon"], pred["lat"], pred["lon"]) <= RESOLUTION_KM:
        return True
    if loose and place.get("kind") in LOOSE_KINDS:
        names = {n.lower() for n in pred.get("names", ())}
        wanted = {str(place.get(k, "")).lower() for k in ("canonical", "surface")}
        return bool(names & wanted)
    return False


def score_toponyms(gold_places: list[dict], preds: list[dict], report: Report, file: str) -> None:
    """Score one file's mentions (see module docstring) into ``report``.

    Parameters
    ----------
    gold_places
        The file's gold ``places``.
    preds
        Predicted mentions with ``start``, ``end``, ``country``, ``lat``, ``lon``,
        ``names`` (all names of the resolved place) and ``surface``.
    report
        Accumulator.
    file
        File name for error messages.
    """
    required, optional = [], []
    for place in gold_places:
        for m in place.get("mentions", []):
            span = (m["start"], m["end"])
            if place.get("optional") or m.get("optional"):
                optional.append(span)
            else:
                required.append((span, place))
    prf = PRF()
    _score_predictions(preds, required, optional, prf, report, file)
    for span, place in required:
        _score_gold_mention(span, place, preds, prf, report, file)
    report.toponyms.add(prf)


def _score_predictions(
    preds: list[dict],
    required: list[tuple[tuple[int, int], dict]],
    optional: list[tuple[int, int]],
    prf: PRF,
    report: Report,
    file: str,
) -> None:
    """Count predicted mentions as true (overlapping a required gold mention) or false."""
    for pred in preds:
        span = (pred["start"], pred["end"])
        kind = MENTION_TYPES.get(pred.get("kind", ""), "other")
        if any(_overlaps(span, g) for g, _ in required):
            prf.tp_pred += 1
            report.by_type.setdefault(kind, PRF()).tp_pred += 1
        elif any(_overlaps(span, o) for o in optional):
            continue
        else:
            prf.fp += 1
            report.by_type.setdefault(kind, PRF()).fp += 1
            report.errors.append(
                {
                    "file": file,
                    "type": "fp",
                    "surface": pred["surface"],
                    "start": span[0],
                    "place": pred.get("place_id"),
                }
            )


def _score_gold_mention(
    span: tuple[int, int], place: dict, preds: list[dict], prf: PRF, report: Report, file: str
) -> None:
    """Count one required gold mention as found or missed, and its resolution."""
    hits = [p for p in preds if _overlaps(span, (p["start"], p["end"]))]
    gkind = MENTION_TYPES.get(place.get("kind", ""), "other")
    typed = report.by_type.setdefault(gkind, PRF())
    if not hits:
        typed.fn += 1
        prf.fn += 1
        report.errors.append(
            {
                "file": file,
                "type": "fn",
                "surface": place.get("surface"),
                "start": span[0],
                "canonical": place.get("canonical"),
            }
        )
        return
    prf.tp_gold += 1
    typed.tp_gold += 1
    report.resolution_total += 1
    ok = _resolution_ok(place, hits[0], loose=True)
    counts = report.resolved_by_type.setdefault(gkind, [0, 0])
    counts[0] += ok
    counts[1] += 1
    report.resolved += ok
    report.resolved_strict += _resolution_ok(place, hits[0], loose=False)
    if not ok:
        report.errors.append(
            {
                "file": file,
                "type": "resolution",
                "surface": hits[0]["surface"],
                "start": span[0],
                "canonical": place.get("canonical"),
                "place": hits[0].get("place_id"),
            }
        )


def score_review_queue(gold_places: list[dict], preds: list[dict], report: Report) -> None:
    """Count how many of the mentions the review queue flags were really wrong.

    A prediction is wrong when it overlaps no gold mention (and no optional one), or when
    it overlaps one but resolves outside 161 km (countries: another ISO2). Flagged: the
    prediction's ``certainty`` is ``close`` or ``weak``.
    """
    spans = [((m["start"], m["end"]), place, bool(place.get("optional") or m.get("optional")))
             for place in gold_places for m in place.get("mentions", [])]
    for pred in preds:
        span = (pred["start"], pred["end"])
        hits = [(place, opt) for g, place, opt in spans if _overlaps(span, g)]
        if hits and all(opt for _, opt in hits):
            continue
        required = [place for place, opt in hits if not opt]
        wrong = not required or not _resolution_ok(required[0], pred, loose=True)
        flagged = pred.get("certainty") in ("close", "weak")
        report.wrong_total += wrong
        report.queue_flagged += flagged
        report.queue_wrong += flagged and wrong


def score_corridors(
    gold_sents: list[dict],
    preds: list[dict],
    corridor_ids: Iterable[str],
    report: Report,
    file: str,
) -> None:
    """Score one file's corridor sentences into ``report``.

    Parameters
    ----------
    gold_sents
        The file's gold ``corridor_sentences``.
    preds
        Predicted links with ``corridor``, ``start``, ``end``.
    corridor_ids
        Corridors to report (others found in gold or predictions are added).
    report
        Accumulator.
    file
        File name for error messages.
    """
    ids = set(corridor_ids) | {g["corridor"] for g in gold_sents} | {p["corridor"] for p in preds}
    for cid in ids:
        gold = [(g["start"], g["end"]) for g in gold_sents if g["corridor"] == cid]
        pred = [(p["start"], p["end"]) for p in preds if p["corridor"] == cid]
        prf = PRF()
        for span in pred:
            if any(_overlaps(span, g) for g in gold):
                prf.tp_pred += 1
            else:
                prf.fp += 1
                report.errors.append(
                    {"file": file, "type": "corridor_fp", "corridor": cid, "start": span[0]}
                )
        for g in gold_sents:
            if g["corridor"] == cid:
                found = any(_overlaps((g["start"], g["end"]), p) for p in pred)
                by_basis = report.corridors_by_basis.setdefault(g.get("basis", "named"), PRF())
                by_basis.tp_gold += found
                by_basis.fn += not found
        for span in gold:
            if any(_overlaps(span, p) for p in pred):
                prf.tp_gold += 1
            else:
                prf.fn += 1
                report.errors.append(
                    {"file": file, "type": "corridor_fn", "corridor": cid, "start": span[0]}
                )
        report.corridors.setdefault(cid, PRF()).add(prf)
        _score_explicit(gold_sents, pred, cid, report.corridors_explicit)


def _score_explicit(gold_sents: list[dict], pred: list[tuple], cid: str, prf: PRF) -> None:
    """Score ``cid``'s links against named and described gold sentences only.

    A predicted link on an anaphoric gold sentence is neither rewarded nor penalised.
    """
    explicit = [
        (g["start"], g["end"])
        for g in gold_sents
        if g["corridor"] == cid and g.get("basis", "named") != "anaphoric"
    ]
    anaphoric = [
        (g["start"], g["end"])
        for g in gold_sents
        if g["corridor"] == cid and g.get("basis") == "anaphoric"
    ]
    for span in pred:
        if any(_overlaps(span, g) for g in explicit):
            prf.tp_pred += 1
        elif not any(_overlaps(span, g) for g in anaphoric):
            prf.fp += 1
    for span in explicit:
        if any(_overlaps(span, p) for p in pred):
            prf.tp_gold += 1
        else:
            prf.fn += 1


def _place_names(place: Place) -> tuple[str, ...]:
    return (place.name, *place.aliases)


def evaluate(gold_path: Path, corpus: Path, parser: Parser, corrections: bool = False) -> Report:
    """Run the pipeline on the gold files and score it.

    Parameters
    ----------
    gold_path
        Gold JSON file.
    corpus
        Folder holding the files named in the gold.
    parser
        From :func:`dashboard.core.evidence.index.make_parser`.
    corrections
        Apply the corpus folder's ``corrections.csv`` (the figures after review); by
        default the parser's own output is scored.

    Returns
    -------
    Report
        Scores and error lists.

    Raises
    ------
    GoldError
        If the gold file is malformed or names a file missing from ``corpus``.
    """
    files = load_gold(gold_path)
    meta_for = (metadata_lookup(Path(corpus)) if corrections
                else read_sources_table(Path(corpus), strict=False).lookup())
    by_id = {p.place_id: p for p in parser.geo.places}
    report = Report()
    for entry in files:
        path = Path(corpus) / entry["file"]
        if not path.is_file():
            raise GoldError(f"gold names {entry['file']}, not found in {corpus}")
        doc = read_document(path, meta_for(path.name))
        result = process_document(doc, parser)
        preds = [{**m, "names": _place_names(by_id[m["place_id"]]) if m["place_id"] in by_id
                  else (m["name"],)} for m in result.mentions]
        score_toponyms(entry.get("places", []), preds, report, entry["file"])
        score_review_queue(entry.get("places", []), preds, report)
        score_corridors(
            entry.get("corridor_sentences", []),
            result.corridor_links,
            parser.corridors.index.keys(),
            report,
            entry["file"],
        )
    return report
