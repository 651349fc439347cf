"""``python -m dashboard extract``: place mentions and corridor sentences as JSON lines."""

from __future__ import annotations

import argparse
import bisect
import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from dashboard.core.corpus.loader import CorpusError, Document, iter_corpus, read_document
from dashboard.core.corpus.sources_csv import SOURCES_CSV, read_sources_table
from dashboard.core.geodata.corridors import load_corridor_index
from dashboard.core.parse.gazetteer import GazetteerError, Place
from dashboard.core.parse.geoparse import GeoParser
from dashboard.core.parse.geoparse_cache import load_geoparser
from dashboard.core.parse.linking import CorridorRules
from dashboard.core.paths import geodata_dir
from dashboard.core.text.normalise import normalise
from dashboard.core.text.sentences import split_sentences

if TYPE_CHECKING:  # the evidence index (and pandas) is not needed to extract
    from dashboard.core.evidence.index import DocumentResult

HELP = "Extract place mentions and corridor sentences from files or folders (JSON lines)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the options of ``extract``.

    Parameters
    ----------
    parser
        The verb's parser.
    """
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    parser.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format")
    parser.add_argument("--geodata", type=Path, default=None, help="geodata folder")
    parser.add_argument("--output", "-o", type=Path, default=None, help="write to a file")


def iter_documents(paths: list[Path]) -> Iterator[Document | CorpusError]:
    """Yield documents from files and folders (errors are yielded, not raised).

    Parameters
    ----------
    paths
        Files and/or corpus folders (folders use their ``sources.csv`` when present).

    Yields
    ------
    Document or CorpusError
        One item per file.
    """
    for path in paths:
        if path.is_dir():
            table = read_sources_table(path, strict=False)
            if table.problem:
                print(f"extract: {SOURCES_CSV}: {table.problem}; metadata left blank",
                      file=sys.stderr)
            yield from iter_corpus(path, table)
        else:
            try:
                yield read_document(path)
            except CorpusError as exc:
                yield exc


def records(result: DocumentResult) -> Iterator[dict]:
    """JSON records of one document: places first, then corridor sentences.

    Parameters
    ----------
    result
        Output of :func:`dashboard.core.evidence.index.process_document`.

    Yields
    ------
    dict
        ``{"type": "place", ...}`` or ``{"type": "corridor_sentence", ...}``.
    """
    file = result.document["file"]
    for m in result.mentions:
        yield {
            "type": "place",
            "doc": file,
            "surface": m["surface"],
            "start": m["start"],
            "end": m["end"],
            "sentence_start": m["sentence_start"],
            "sentence_end": m["sentence_end"],
            "place_id": m["place_id"],
            "name": m["name"],
            "kind": m["kind"],
            "country": m["country"],
            "lat": m["lat"],
            "lon": m["lon"],
            "confidence": m["confidence"],
            **({"review": m["review"]} if m.get("review") else {}),
        }
    by_sentence: dict[int, dict] = {}
    for link in result.corridor_links:
        rec = by_sentence.setdefault(
            link["sent_id"],
            {
                "type": "corridor_sentence",
                "doc": file,
                "start": link["start"],
                "end": link["end"],
                "corridors": [],
            },
        )
        rec["corridors"].append(link["corridor"])
        if link.get("review"):
            rec.setdefault("review", {})[link["corridor"]] = link["review"]
    yield from (by_sentence[k] for k in sorted(by_sentence))


_ENCODE = json.encoder.encode_basestring  # C-accelerated string escaping
_PLACE_TAILS: dict[str, str] = {}


def _place_tail(place: Place) -> str:
    """Return the constant, per-place part of a place record (cached by place id)."""
    tail = _PLACE_TAILS.get(place.place_id)
    if tail is None:
        fields = {
            "place_id": place.place_id,
            "name": place.name,
            "kind": place.kind,
            "country": place.country or None,
            "lat": place.lat,
            "lon": place.lon,
        }
        tail = json.dumps(fields, ensure_ascii=False)[1:-1]
        _PLACE_TAILS[place.place_id] = tail
    return tail


def _skipped(sents: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[int]:
    """Return the sentences not inside one of the analysis ``spans`` (page furniture)."""
    if len(spans) == 1:
        lo, hi = spans[0]
        return [i for i, (s, e) in enumerate(sents) if not (lo <= s and e <= hi)]
    return [i for i, (s, e) in enumerate(sents) if not any(a <= s and e <= b for a, b in spans)]


def document_lines(doc: Document, parser: ExtractParser) -> list[str]:
    """JSON lines of one document, without building the index rows extract never writes.

    Returns exactly ``json.dumps(record, ensure_ascii=False)`` for every record that
    :func:`records` makes of :func:`dashboard.core.evidence.index.process_document`'s result
    (same analysis steps; a test holds the two equal), places first, then corridor
    sentences in text order. Place records reuse a cached serialisation of the per-place
    fields.

    Parameters
    ----------
    doc
        The document.
    parser
        Anything with the ``geo`` and ``corridors`` of :class:`ExtractParser`.

    Returns
    -------
    list of str
        One JSON object per record, without the newline.
    """
    if doc.corrections:  # the analyst's corrections apply: the full pipeline, then records
        from dashboard.core.evidence.index import process_document

        return [json.dumps(r, ensure_ascii=False) for r in records(process_document(doc, parser))]
    norm = normalise(doc.text)
    spans = doc.analysis_spans
    sents_view = split_sentences(norm.text)
    if norm.to_original is None:
        view_spans, sents = spans, sents_view
    else:
        view_spans = [(norm.view(s), norm.view(e)) for s, e in spans]
        sents = [(norm.orig(s), norm.orig(e)) for s, e in sents_view]
    starts = [s for s, _ in sents]
    file = _ENCODE(doc.file)
    lines = []
    for m in parser.geo.parse(norm, view_spans):
        i = bisect.bisect_right(starts, m.start) - 1
        s_start, s_end = sents[i] if i >= 0 else (m.start, m.end)
        lines.append(
            f'{{"type": "place", "doc": {file}, "surface": {_ENCODE(m.surface)}, '
            f'"start": {m.start}, "end": {m.end}, '
            f'"sentence_start": {s_start}, "sentence_end": {s_end}, '
            f'{_place_tail(m.place)}, "confidence": {float(m.confidence)!r}}}'
        )
    by_sentence: dict[int, list[str]] = {}
    for link in parser.corridors.link(norm.text, sents_view, skip=_skipped(sents, spans)):
        by_sentence.setdefault(link.sentence, []).append(link.corridor)
    for i in sorted(by_sentence):
        s, e = sents[i]
        corridors = json.dumps(by_sentence[i], ensure_ascii=False)
        lines.append(
            f'{{"type": "corridor_sentence", "doc": {file}, "start": {s}, "end": {e}, '
            f'"corridors": {corridors}}}'
        )
    return lines


class ExtractParser(NamedTuple):
    """The toponym parser and the corridor rules (what ``extract`` needs of a parser)."""

    geo: GeoParser
    corridors: CorridorRules


def make_extract_parser(geodata: Path | None = None) -> ExtractParser:
    """Build the parser from the gazetteer and the corridor index.

    The same parts as :func:`dashboard.core.evidence.index.make_parser`, without importing the
    evidence index (and its table libraries) at start-up; the compiled toponym parser comes
    from its cache when current (:mod:`dashboard.core.parse.geoparse_cache`).
    """
    geodata = Path(geodata or geodata_dir())
    index = load_corridor_index(geodata)
    return ExtractParser(load_geoparser(geodata), CorridorRules(index))


def extract(paths: list[Path], parser: ExtractParser, out: TextIO) -> int:
    """Write JSON lines for every readable document.

    Parameters
    ----------
    paths
        Files and folders.
    parser
        From :func:`make_extract_parser`.
    out
        Output stream.

    Returns
    -------
    int
        Number of unreadable inputs (reported on stderr).
    """
    failures = 0
    for item in iter_documents(paths):
        if isinstance(item, CorpusError):
            print(f"extract: {item}", file=sys.stderr)
            failures += 1
            continue
        lines = document_lines(item, parser)
        if lines:
            lines.append("")  # one write per document, every line ends with a newline
            out.write("\n".join(lines))
    return failures


def run(args: argparse.Namespace) -> int:
    """Run ``extract``.

    Parameters
    ----------
    args
        Parsed options.

    Returns
    -------
    int
        0 when every input was processed, 2 when some were unreadable or missing.
    """
    missing = [p for p in args.paths if not p.exists()]
    for p in missing:
        print(f"extract: {p}: no such file or folder", file=sys.stderr)
    try:
        parser = make_extract_parser(args.geodata)
    except (GazetteerError, OSError, ValueError) as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 2
    paths = [p for p in args.paths if p.exists()]
    gc.freeze()  # the parser's long-lived objects need no garbage-collector passes
    if args.output:
        with args.output.open("w", encoding="utf-8") as out:
            failures = extract(paths, parser, out)
    else:
        failures = extract(paths, parser, sys.stdout)
    return 2 if failures or missing else 0
