"""``python -m dashboard extract``: place mentions and corridor sentences as JSON lines."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from dashboard.core.corpus import CorpusError, Document, iter_corpus, read_document
from dashboard.core.evidence import DocumentResult, Parser, make_parser, process_document
from dashboard.core.gazetteer import GazetteerError
from dashboard.core.sources_csv import SOURCES_CSV, read_sources_table

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
        Output of :func:`dashboard.core.evidence.process_document`.

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
    yield from (by_sentence[k] for k in sorted(by_sentence))


_ENCODE = json.encoder.encode_basestring  # C-accelerated string escaping
_PLACE_TAILS: dict[str, str] = {}


def _place_tail(m: dict) -> str:
    """Return the constant, per-place part of a place record (cached by place id)."""
    tail = _PLACE_TAILS.get(m["place_id"])
    if tail is None:
        fields = {k: m[k] for k in ("place_id", "name", "kind", "country", "lat", "lon")}
        tail = json.dumps(fields, ensure_ascii=False)[1:-1]
        _PLACE_TAILS[m["place_id"]] = tail
    return tail


def json_lines(result: DocumentResult) -> Iterator[str]:
    """Serialise the records of :func:`records` as JSON text, quickly.

    Produces exactly ``json.dumps(record, ensure_ascii=False)`` for every record; place
    records reuse a cached serialisation of the per-place fields.

    Parameters
    ----------
    result
        Output of :func:`dashboard.core.evidence.process_document`.

    Yields
    ------
    str
        One JSON object per item, without the newline.
    """
    doc = _ENCODE(result.document["file"])
    for m in result.mentions:
        yield (
            f'{{"type": "place", "doc": {doc}, "surface": {_ENCODE(m["surface"])}, '
            f'"start": {m["start"]}, "end": {m["end"]}, '
            f'"sentence_start": {m["sentence_start"]}, "sentence_end": {m["sentence_end"]}, '
            f'{_place_tail(m)}, "confidence": {float(m["confidence"])!r}}}'
        )
    for rec in records(result):
        if rec["type"] != "place":
            yield json.dumps(rec, ensure_ascii=False)


def extract(paths: list[Path], parser: Parser, out: TextIO) -> int:
    """Write JSON lines for every readable document.

    Parameters
    ----------
    paths
        Files and folders.
    parser
        From :func:`dashboard.core.evidence.make_parser`.
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
        for line in json_lines(process_document(item, parser)):
            out.write(line)
            out.write("\n")
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
        parser = make_parser(args.geodata)
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
