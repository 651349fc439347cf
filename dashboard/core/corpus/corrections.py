"""``corrections.csv``: an analyst's reviews of place mentions and corridor links, as data.

The table sits beside ``sources.csv`` in the corpus folder and is written like it
(atomically, the previous table kept as ``corrections.csv.bak``, under the folder lock).
Each row says *what* (a place mention or a sentence's corridor link), *where* (document,
code-point offsets and a SHA-256 of the text there), the old and new value, *who*, *when*
and *why*. :func:`apply_to_mentions` and :func:`apply_to_links` are the one rule that
applies them, after every parse: the build (``process_document``) and ``extract`` call it.

A correction whose text no longer matches (the article was edited around it) is *stale*:
it is not applied, and :func:`stale_corrections` reports it.

Scopes of a place correction: ``mention`` (this span), ``article`` (every mention with the
same surface in the document), ``corpus`` (every mention with the same surface anywhere).
Corridor corrections concern one sentence (its span). The most specific correction wins
(mention, then article, then corpus); among equals the latest.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from dashboard.core.corpus.errors import CorpusError, IngestError
from dashboard.core.corpus.plainfile import SKIP_REASON, path_kind, read_plain
from dashboard.core.corpus.store_files import atomic_write_bytes

CORRECTIONS_CSV = "corrections.csv"
BACKUP_SUFFIX = ".bak"
TARGETS = ("place", "corridor")
#: What a correction does, per target.
ACTIONS = {"place": ("confirm", "reject", "resolve"), "corridor": ("confirm", "remove", "add")}
SCOPES = ("mention", "article", "corpus")
_SCOPE_RANK = {s: i for i, s in enumerate(SCOPES)}
#: Prefix of the id of a place picked on the map (not in the gazetteer).
PICKED = "picked:"
_ID = re.compile(r"^c[0-9a-f]{12}$")


class CorrectionsError(IngestError):
    """``corrections.csv`` or a new correction is invalid (the message names the problem)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(path, problem, "corrections")


@dataclass(frozen=True)
class Correction:
    """One reviewed mention or link (all fields text, as stored)."""

    id: str
    doc_id: str
    start: int
    end: int
    text_sha: str
    surface: str
    target: str
    action: str
    value: str = ""
    old_value: str = ""
    scope: str = "mention"
    place_name: str = ""
    lat: str = ""
    lon: str = ""
    who: str = ""
    when: str = ""
    why: str = ""


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Correction))


def span_sha(text: str, start: int, end: int) -> str:
    """Return the short SHA-256 of ``text[start:end]`` that anchors a correction."""
    return hashlib.sha256(text[start:end].encode("utf-8")).hexdigest()[:16]


def new_correction(text: str, **values) -> Correction:
    """Make a checked correction anchored in ``text`` (the document's text).

    Parameters
    ----------
    text
        The document's text; ``start``/``end`` index it.
    **values
        Fields of :class:`Correction` other than ``id``, ``text_sha``, ``surface`` and
        ``when`` (which are derived).

    Raises
    ------
    CorrectionsError
        When a field is invalid (the message says which).
    """
    start, end = int(values.pop("start")), int(values.pop("end"))
    if not 0 <= start < end <= len(text):
        raise CorrectionsError(values.get("doc_id", ""),
                               f"offsets {start}-{end} are outside the article "
                               f"(0-{len(text)})")
    corr = Correction(id="c" + secrets.token_hex(6), start=start, end=end,
                      text_sha=span_sha(text, start, end), surface=text[start:end],
                      when=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **values)
    check(corr)
    return corr


def check(corr: Correction) -> None:
    """Raise :class:`CorrectionsError` when a correction is not well formed."""
    where = f"correction {corr.id}"
    if corr.target not in TARGETS:
        raise CorrectionsError(where, f"target must be one of {', '.join(TARGETS)}")
    if corr.action not in ACTIONS[corr.target]:
        raise CorrectionsError(where, f"a {corr.target} correction's action must be one of "
                                      f"{', '.join(ACTIONS[corr.target])}")
    if corr.scope not in SCOPES or (corr.target == "corridor" and corr.scope != "mention"):
        raise CorrectionsError(where, "scope must be mention, article or corpus "
                                      "(corridor corrections: mention)")
    needs_value = corr.target == "corridor" or corr.action == "resolve"
    if needs_value and not corr.value:
        raise CorrectionsError(where, "needs a value (a place id or a corridor id)")
    if corr.value.startswith(PICKED):
        try:
            lat, lon = float(corr.lat), float(corr.lon)
        except ValueError:
            raise CorrectionsError(where, "a place picked on the map needs lat and lon") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not corr.place_name.strip():
            raise CorrectionsError(where, "a picked place needs a name and lat/lon in range")


@dataclass
class CorrectionsTable:
    """The corrections of one corpus folder, and why any row could not be read."""

    path: Path
    rows: list[Correction]
    problems: list[str]

    def for_doc(self, doc_id: str) -> list[Correction]:
        """Return the corrections that can touch a document (its own and corpus-wide)."""
        return [c for c in self.rows if c.doc_id == doc_id or c.scope == "corpus"]


def read_corrections(folder: Path) -> CorrectionsTable:
    """Read ``corrections.csv`` (no file: no corrections); a bad row is skipped and reported."""
    path = Path(folder) / CORRECTIONS_CSV
    if not os.path.lexists(path):
        return CorrectionsTable(path, [], [])
    kind = path_kind(path)
    if kind:
        return CorrectionsTable(path, [], [f"{CORRECTIONS_CSV}: is {kind}; {SKIP_REASON}"])
    try:
        text = read_plain(path)[1].decode("utf-8")
    except (CorpusError, UnicodeDecodeError) as exc:
        return CorrectionsTable(path, [], [f"{CORRECTIONS_CSV}: cannot be read ({exc})"])
    rows, problems = [], []
    for line, raw in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            values = {k: (raw.get(k) or "") for k in COLUMNS}
            corr = Correction(**{**values, "start": int(values["start"]),
                                 "end": int(values["end"])})
            if not _ID.match(corr.id):
                raise CorrectionsError(path, f"bad id {corr.id!r}")
            check(corr)
        except (ValueError, CorrectionsError) as exc:
            problems.append(f"{CORRECTIONS_CSV} line {line}: {getattr(exc, 'problem', exc)}")
            continue
        rows.append(corr)
    return CorrectionsTable(path, rows, problems)


def render(rows: Iterable[Correction]) -> bytes:
    """Serialise corrections as UTF-8 CSV."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for corr in rows:
        writer.writerow(asdict(corr))
    return buf.getvalue().encode("utf-8")


def write_corrections(path: Path, rows: Iterable[Correction]) -> None:
    """Replace the table atomically, keeping the previous file as ``corrections.csv.bak``."""
    path = Path(path)
    data = render(rows)
    if path.exists():
        atomic_write_bytes(path.with_name(path.name + BACKUP_SUFFIX), path.read_bytes())
    atomic_write_bytes(path, data)


def encode(rows: Iterable[Correction]) -> str:
    """Return corrections as one JSON string (carried in a document's metadata)."""
    return json.dumps([asdict(c) for c in rows], ensure_ascii=False, sort_keys=True)


def decode(text: str) -> list[Correction]:
    """Inverse of :func:`encode` ("" gives no corrections)."""
    return [Correction(**row) for row in json.loads(text)] if text else []


def is_current(corr: Correction, text: str) -> bool:
    """Tell whether a correction's anchor still matches the document's text."""
    return corr.end <= len(text) and span_sha(text, corr.start, corr.end) == corr.text_sha


def stale_corrections(table: CorrectionsTable,
                      text_of: Callable[[str], str | None]) -> list[Correction]:
    """Corrections whose document is gone or whose text no longer matches at their offsets."""
    out = []
    for corr in table.rows:
        text = text_of(corr.doc_id)
        if text is None or not is_current(corr, text):
            out.append(corr)
    return out


def _place_rule(corrs: Iterable[Correction], doc_id: str, text: str):
    """Index the place corrections that apply to a document by span and by surface.

    The document's own corrections apply only while their anchor matches its text; a
    corpus-wide correction made in another document applies here by its surface.
    """
    by_span: dict[tuple[int, int], Correction] = {}
    by_surface: dict[str, Correction] = {}
    usable = [c for c in corrs if c.target == "place"
              and (c.doc_id != doc_id or is_current(c, text))]
    # most general and oldest first, so that the specific and the latest overwrite
    for corr in sorted(usable, key=lambda c: (-_SCOPE_RANK[c.scope], c.when, c.id)):
        if corr.scope == "mention":
            if corr.doc_id == doc_id:
                by_span[(corr.start, corr.end)] = corr
        elif corr.scope == "corpus" or corr.doc_id == doc_id:
            by_surface[corr.surface] = corr
    return by_span, by_surface


def apply_to_mentions(rows: list[dict], doc_id: str, text: str, corrs: Iterable[Correction],
                      place_of: Callable[[str], Mapping | None]) -> list[dict]:
    """Apply place corrections to one document's mention rows (the ``mentions`` table's).

    Parameters
    ----------
    rows
        The parser's rows for the document (``surface``, ``start``, ``end``, ``place_id`` …).
    doc_id, text
        The document.
    corrs
        Corrections that may touch it (:meth:`CorrectionsTable.for_doc`).
    place_of
        ``place_id -> {name, kind, country, lat, lon}`` from the gazetteer (None if unknown).

    Returns
    -------
    list[dict]
        Rows with ``review`` set ("confirmed" or "corrected"); rejected mentions left out.
    """
    by_span, by_surface = _place_rule(corrs, doc_id, text)
    if not by_span and not by_surface:
        return rows
    out = []
    for row in rows:
        corr = by_span.get((row["start"], row["end"])) or by_surface.get(row["surface"])
        if corr is None:
            out.append(row)
        elif corr.action == "confirm":
            out.append({**row, "review": "confirmed"})
        elif corr.action == "resolve":
            place = _place(corr, place_of)
            out.append({**row, **place, "review": "corrected"} if place else row)
        # "reject": not a place (or not this place): the mention is left out
    return out


def _place(corr: Correction, place_of: Callable[[str], Mapping | None]) -> dict | None:
    """Return the columns of the place a correction resolves to (gazetteer or picked)."""
    if corr.value.startswith(PICKED):
        return {"place_id": corr.value, "name": corr.place_name, "kind": "picked",
                "country": None, "lat": float(corr.lat), "lon": float(corr.lon)}
    found = place_of(corr.value)
    if found is None:
        return None
    return {"place_id": corr.value, **{k: found[k] for k in ("name", "kind", "country",
                                                               "lat", "lon")}}


def apply_to_links(rows: list[dict], doc_id: str, text: str, corrs: Iterable[Correction],
                   sentences: list[tuple[int, int]]) -> list[dict]:
    """Apply corridor corrections to one document's link rows (the ``corridor_links``').

    A ``remove`` drops the sentence's link to that corridor, ``confirm`` marks it, ``add``
    creates it (basis ``analyst``) on the sentence whose span the correction names.
    """
    mine = sorted((c for c in corrs if c.target == "corridor" and c.doc_id == doc_id
                   and is_current(c, text)), key=lambda c: (c.when, c.id))
    if not mine:
        return rows
    latest: dict[tuple[int, int, str], Correction] = {}
    for corr in mine:
        latest[(corr.start, corr.end, corr.value)] = corr
    out, seen = [], set()
    for row in rows:
        key = (row["start"], row["end"], row["corridor"])
        corr = latest.get(key)
        seen.add(key)
        if corr is None:
            out.append(row)
        elif corr.action in ("confirm", "add"):
            out.append({**row, "review": "confirmed"})
    sent_ids = {span: i for i, span in enumerate(sentences)}
    for (start, end, corridor), corr in latest.items():
        if corr.action == "add" and (start, end, corridor) not in seen and (start, end) in sent_ids:
            out.append({"doc_id": doc_id, "sent_id": sent_ids[(start, end)], "start": start,
                        "end": end, "corridor": corridor, "basis": "analyst", "terms": [],
                        "term_spans": [], "review": "corrected"})
    return sorted(out, key=lambda r: (r["start"], r["corridor"]))
