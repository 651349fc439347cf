"""The evidence index: documents, sentences, place mentions, places and corridor links.

Pipeline per document (:func:`process_document`, pure and independent of other
documents, so it can run in parallel):

1. normalise the text into a length-preserving view (:mod:`dashboard.core.text.normalise`);
2. split it into sentences (:mod:`dashboard.core.text.sentences`); sentences outside the
   document's ``analysis_spans`` (page furniture) are kept but flagged
   ``in_analysis=False`` and not analysed;
3. find and resolve toponyms (:mod:`dashboard.core.parse.geoparse`);
4. link sentences to corridors (:mod:`dashboard.core.parse.linking`).

:func:`build_index` concatenates per-document results into DataFrames;
:mod:`dashboard.core.evidence.cache` keeps the index as Parquet under
``cache_dir()/evidence/<key>``, where the key is :func:`fingerprint` of every input (seed
files, ``sources.csv``, the gazetteer, corridor files) and of the analysis code. All
offsets are code-point offsets into ``Document.text``; excerpts are verbatim slices
``texts[doc_id][start:end]``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.core.corpus.corrections import apply_to_links, apply_to_mentions
from dashboard.core.corpus.corrections import decode as decode_corrections
from dashboard.core.corpus.loader import METADATA_FILES, Document, corpus_names, file_digest
from dashboard.core.corpus.plainfile import path_kind
from dashboard.core.evidence.engine import paused_gc
from dashboard.core.parse.gazetteer import gazetteer_path, load_gazetteer
from dashboard.core.parse.geoparse import GeoParser, sentence_of
from dashboard.core.parse.linking import CorridorRules
from dashboard.core.paths import geodata_dir
from dashboard.core.text.normalise import NormalisedText, normalise
from dashboard.core.text.sentences import split_sentences

DOCUMENT_COLUMNS = [
    "doc_id",
    "file",
    "title",
    "author",
    "outlet",
    "date",
    "url",
    "date_basis",
    "licence",
    "added",
    "n_chars",
    "n_sentences",
    "n_mentions",
    "n_unresolved",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "in_analysis"]
MENTION_COLUMNS = [
    "doc_id",
    "sent_id",
    "surface",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "place_id",
    "name",
    "kind",
    "country",
    "lat",
    "lon",
    "confidence",
    "in_name",
    "alternatives",
    "certainty",
    "review",
]
PLACE_COLUMNS = ["place_id", "name", "kind", "country", "lat", "lon", "mention_count", "doc_count"]
LINK_COLUMNS = ["doc_id", "sent_id", "start", "end", "corridor", "basis", "terms", "term_spans",
                "review"]
TABLES = ("documents", "sentences", "mentions", "places", "corridor_links")
_CODE_MODULES = ("corpus/loader", "corpus/sources_csv", "text/normalise", "text/sentences",
                 "parse/gazetteer", "parse/geoparse", "parse/geoparse_context", "parse/linking",
                 "parse/linking_literals", "corpus/corrections", "corpus/dates", "evidence/index",
                 "evidence/stream", "evidence/sql", "evidence/search", "evidence/reprints")


@dataclass
class Parser:
    """Toponym parser plus corridor rules, built once and reused across documents.

    Attributes
    ----------
    geo
        The gazetteer-backed :class:`~dashboard.core.parse.geoparse.GeoParser`.
    corridors
        The :class:`~dashboard.core.parse.linking.CorridorRules`.
    """

    geo: GeoParser
    corridors: CorridorRules


@dataclass
class DocumentResult:
    """Rows produced for one document (lists of dicts, one per table row)."""

    document: dict
    sentences: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    corridor_links: list[dict] = field(default_factory=list)
    text: str = ""


#: How one document is analysed (default :func:`process_document`); a caller that already
#: holds a document's result hands it back through this hook.
Analyse = Callable[[Document, Parser], DocumentResult]


@dataclass
class EvidenceIndex:
    """All evidence as DataFrames plus the document texts.

    Attributes
    ----------
    documents, sentences, mentions, places, corridor_links
        See the module docstring and the ``*_COLUMNS`` constants for the columns.
    texts
        ``doc_id -> text``; excerpts are ``texts[doc_id][start:end]``.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    places: pd.DataFrame
    corridor_links: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)

    def excerpt(self, doc_id: str, start: int, end: int) -> str:
        """Return the verbatim text of a span.

        Parameters
        ----------
        doc_id
            Document id.
        start, end
            Code-point offsets, end exclusive.

        Returns
        -------
        str
            ``texts[doc_id][start:end]``.
        """
        return self.texts[doc_id][start:end]


def read_corridor_index(geodata: Path | None = None) -> dict[str, dict]:
    """Load the corridor index (names, aliases) via ``dashboard.core.geodata.corridors``.

    Parameters
    ----------
    geodata
        Geodata folder.

    Returns
    -------
    dict
        ``{corridor_id: entry}``.
    """
    from dashboard.core.geodata.corridors import load_corridor_index

    return load_corridor_index(Path(geodata) if geodata else None)


def make_parser(geodata: Path | None = None) -> Parser:
    """Build the reusable parser from the gazetteer and the corridor index.

    Parameters
    ----------
    geodata
        Geodata folder; :func:`dashboard.core.paths.geodata_dir` when ``None``.

    Returns
    -------
    Parser
        Parser for :func:`process_document`.
    """
    geodata = Path(geodata or geodata_dir())
    return Parser(GeoParser(load_gazetteer(geodata)), CorridorRules(read_corridor_index(geodata)))


def _in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def process_document(doc: Document, parser: Parser) -> DocumentResult:
    """Analyse one document.

    Parameters
    ----------
    doc
        The document.
    parser
        From :func:`make_parser`.

    Returns
    -------
    DocumentResult
        Rows for every table; offsets into ``doc.text``.
    """
    norm = normalise(doc.text)
    view_spans = [(norm.view(s), norm.view(e)) for s, e in doc.analysis_spans]
    sents_view = split_sentences(norm.text)
    sents = [(norm.orig(s), norm.orig(e)) for s, e in sents_view]
    in_analysis = [_in_spans(s, e, doc.analysis_spans) for s, e in sents]
    sentence_rows = [
        {"doc_id": doc.doc_id, "sent_id": i, "start": s, "end": e, "in_analysis": ok}
        for i, ((s, e), ok) in enumerate(zip(sents, in_analysis, strict=True))
    ]
    rejected: list[tuple[int, int, str]] = []
    mention_rows = _mention_rows(doc.doc_id, parser.geo.parse(norm, view_spans, rejected), sents)
    skip = [i for i, ok in enumerate(in_analysis) if not ok]
    links = parser.corridors.link(norm.text, sents_view, skip=skip)
    link_rows = _link_rows(doc.doc_id, links, sents, norm)
    if doc.corrections:
        mention_rows, link_rows = corrected(doc, parser, mention_rows, link_rows, sents)
    document_row = {
        "doc_id": doc.doc_id,
        "file": doc.file,
        "title": doc.title,
        "author": doc.author,
        "outlet": doc.outlet,
        "date": doc.date,
        "url": doc.url,
        "date_basis": doc.date_basis,
        "licence": doc.licence,
        "added": doc.added,
        "n_chars": len(doc.text),
        "n_sentences": len(sents),
        "n_mentions": len(mention_rows),
        "n_unresolved": len(rejected),
    }
    return DocumentResult(document_row, sentence_rows, mention_rows, link_rows, doc.text)


def corrected(doc: Document, parser: Parser, mention_rows: list[dict], link_rows: list[dict],
              sents: list[tuple[int, int]]) -> tuple[list[dict], list[dict]]:
    """Apply the analyst's corrections carried by ``doc`` to its mention and link rows."""
    corrs = decode_corrections(doc.corrections)
    by_id = {p.place_id: p for p in parser.geo.places}

    def place_of(place_id: str) -> dict | None:
        p = by_id.get(place_id)
        return None if p is None else {"name": p.name, "kind": p.kind,
                                       "country": p.country or None, "lat": p.lat, "lon": p.lon}

    return (apply_to_mentions(mention_rows, doc.doc_id, doc.text, corrs, place_of),
            apply_to_links(link_rows, doc.doc_id, doc.text, corrs, sents))


def certainty(confidence: float, alternatives: str) -> str:
    """Say how sure the parser is of a mention: ``clear``, ``close`` or ``weak``.

    ``close``: other gazetteer places share the name and the winner's margin is small;
    ``weak``: one candidate, but a low prior or a name that needed context. The review
    queue lists ``close`` and ``weak`` mentions first.
    """
    if confidence >= CLEAR_CONFIDENCE:
        return "clear"
    return "close" if alternatives else "weak"


#: Confidence from which a mention is taken as clear (see ``GeoParser._resolve``: a
#: single candidate of prior >= 0.3, or a winner with a margin of about a third).
CLEAR_CONFIDENCE = 0.7


def _mention_rows(doc_id: str, mentions: Iterable, sents: list[tuple[int, int]]) -> list[dict]:
    """Rows of the ``mentions`` table for one document's parsed mentions."""
    starts = [s for s, _ in sents]
    rows = []
    for m in mentions:
        i = sentence_of(sents, starts, m.start)
        s_start, s_end = sents[i] if i >= 0 else (m.start, m.end)
        p = m.place
        rows.append({
            "doc_id": doc_id, "sent_id": i, "surface": m.surface, "start": m.start,
            "end": m.end, "sentence_start": s_start, "sentence_end": s_end,
            "place_id": p.place_id, "name": p.name, "kind": p.kind,
            "country": p.country or None, "lat": p.lat, "lon": p.lon,
            "confidence": m.confidence, "in_name": m.in_name,
            "alternatives": ";".join(m.alternatives),
            "certainty": certainty(m.confidence, m.alternatives), "review": "",
        })
    return rows


def _link_rows(doc_id: str, links: Iterable, sents: list[tuple[int, int]],
               norm: NormalisedText) -> list[dict]:
    """Rows of the ``corridor_links`` table; term spans mapped back to the original text."""
    rows = []
    for link in links:
        s, e = sents[link.sentence]
        rows.append({
            "doc_id": doc_id, "sent_id": link.sentence, "start": s, "end": e,
            "corridor": link.corridor, "basis": link.basis, "terms": list(link.terms),
            "term_spans": [[norm.orig(a), norm.orig(b)] for a, b in link.term_spans],
            "review": "",
        })
    return rows


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def places_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Aggregate mentions into one row per resolved place.

    Parameters
    ----------
    mentions
        The mentions table.

    Returns
    -------
    pandas.DataFrame
        :data:`PLACE_COLUMNS`, sorted by mention count (descending) then name.
    """
    if mentions.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    grouped = mentions.groupby("place_id", sort=False)
    first = grouped[["name", "kind", "country", "lat", "lon"]].first()
    table = first.assign(
        mention_count=grouped.size(), doc_count=grouped["doc_id"].nunique()
    ).reset_index()
    table = table.sort_values(["mention_count", "name"], ascending=[False, True])
    return table[PLACE_COLUMNS].reset_index(drop=True)


def build_index(
    docs: Iterable[Document],
    parser: Parser,
    progress: Callable[[Document], None] | None = None,
    analyse: Analyse | None = None,
) -> EvidenceIndex:
    """Analyse documents and assemble the index.

    Parameters
    ----------
    docs
        Documents to analyse.
    parser
        From :func:`make_parser`.
    progress
        Called after each document (e.g. to advance a progress bar).
    analyse
        Replaces :func:`process_document` (e.g. to reuse a result already computed).

    Returns
    -------
    EvidenceIndex
        The concatenated tables.
    """
    results = []
    with paused_gc():  # row objects are acyclic; full collections made cost superlinear
        for doc in docs:
            results.append((analyse or process_document)(doc, parser))
            if progress is not None:
                progress(doc)
        return index_from_results(results)


def index_from_results(results: Iterable[DocumentResult]) -> EvidenceIndex:
    """Concatenate per-document results.

    Parameters
    ----------
    results
        Outputs of :func:`process_document`.

    Returns
    -------
    EvidenceIndex
        The index.
    """
    results = list(results)
    mentions = _frame([m for r in results for m in r.mentions], MENTION_COLUMNS)
    return EvidenceIndex(
        documents=_frame([r.document for r in results], DOCUMENT_COLUMNS),
        sentences=_frame([s for r in results for s in r.sentences], SENTENCE_COLUMNS),
        mentions=mentions,
        places=places_table(mentions),
        corridor_links=_frame([c for r in results for c in r.corridor_links], LINK_COLUMNS),
        texts={r.document["doc_id"]: r.text for r in results},
    )


def save_index(index: EvidenceIndex, folder: Path) -> None:
    """Write the index as Parquet files plus ``texts.json`` into ``folder``.

    Parameters
    ----------
    index
        The index.
    folder
        Target folder (created; existing files are overwritten).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        getattr(index, name).to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "texts.json").write_text(
        json.dumps(index.texts, ensure_ascii=False), encoding="utf-8"
    )


def load_index(folder: Path) -> EvidenceIndex:
    """Read an index written by :func:`save_index`.

    Parameters
    ----------
    folder
        Folder with the Parquet files.

    Returns
    -------
    EvidenceIndex
        The index (list columns come back as Python lists).
    """
    folder = Path(folder)
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    links = tables["corridor_links"]
    links["terms"] = [[str(t) for t in v] if v is not None else [] for v in links["terms"]]
    links["term_spans"] = [
        [[int(a), int(b)] for a, b in v] if v is not None else [] for v in links["term_spans"]
    ]
    if (folder / "texts.json").is_file():
        texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
    else:  # the streamed build keeps the texts in Parquet, read by offset
        frame = pd.read_parquet(folder / "texts.parquet")
        texts = dict(zip(frame["doc_id"], frame["text"], strict=True))
    return EvidenceIndex(texts=texts, **tables)


def _hash_files(h: hashlib._Hash, paths: Iterable[Path], root: Path) -> None:
    for path in sorted(paths):
        h.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        h.update(b"\0")
        h.update(file_digest(path))
        h.update(b"\0")


#: ``file name -> (size, mtime_ns, sha256 hex)`` of a corpus folder's files.
Digests = dict[str, tuple[int, int, str]]


def corpus_digests(seeds: Path, known: Digests | None = None) -> Digests:
    """Digest every article file and metadata table (``METADATA_FILES``) of a corpus folder.

    A file whose size and modification time equal its entry in ``known`` (the catalog
    of the last index built from this folder) is not read; nor is one this process
    hashed already with the same size and times.

    Parameters
    ----------
    seeds
        Corpus folder.
    known
        Digests recorded earlier.

    Returns
    -------
    Digests
        One entry per file, in file-name order.
    """
    seeds = Path(seeds)
    names = corpus_names(seeds) if seeds.is_dir() else []
    names += [n for n in METADATA_FILES if seeds.is_dir() and not path_kind(seeds / n)]
    base, known = str(seeds), known or {}
    out: Digests = {}
    for name in sorted(names):
        st = os.stat(os.path.join(base, name), follow_symlinks=False)
        old = known.get(name)
        if old is not None and (int(old[0]), int(old[1])) == (st.st_size, st.st_mtime_ns):
            out[name] = (st.st_size, st.st_mtime_ns, str(old[2]))
        else:
            out[name] = (st.st_size, st.st_mtime_ns, file_digest(seeds / name).hex())
    return out


def fingerprint(seeds: Path, geodata: Path, digests: Digests | None = None) -> str:
    """Hash every input of the index and the analysis code.

    A file is read again only when its size, modification or change time (or inode)
    differ from when this process last hashed it; unchanged files reuse their digest.

    Parameters
    ----------
    seeds
        Corpus folder.
    geodata
        Geodata folder.
    digests
        :func:`corpus_digests` of ``seeds`` when already computed.

    Returns
    -------
    str
        Hex digest (16 characters).
    """
    h = hashlib.sha256()
    for name, (_, _, sha) in sorted((digests if digests is not None
                                      else corpus_digests(seeds)).items()):
        h.update(name.encode() + b"\0" + bytes.fromhex(sha) + b"\0")
    corridor_dir = Path(geodata) / "corridors"
    corridor_files = (
        [p for p in corridor_dir.glob("*") if p.suffix in (".json", ".geojson")]
        if corridor_dir.is_dir()
        else []
    )
    gaz = [p for p in [gazetteer_path(geodata)] if p.is_file()]
    _hash_files(h, [*gaz, *corridor_files], Path(geodata))
    code = Path(__file__).parents[1]
    _hash_files(h, [code / f"{m}.py" for m in _CODE_MODULES], code)
    return h.hexdigest()[:16]
