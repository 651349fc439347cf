"""Corpus loading: article files plus ``sources.csv`` metadata (:func:`load_corpus_safe`).

A :class:`Document` keeps the file text *exactly* as read (UTF-8); all offsets produced
downstream index into it. Normalisation happens in a length-preserving view (see
:mod:`dashboard.core.text.normalise`) and never changes ``Document.text``.

Page furniture
--------------
Lines that are not part of the article are excluded from analysis but stay in the text
(so offsets are unaffected). ``Document.analysis_spans`` lists the analysed line ranges.
Furniture is recognised line by line:

* "Related: ..." / "Read more: ..." / "See also: ..." teaser lines;
* donation and subscription appeals ("We need your support", "Please contribute",
  "donate", "GoGetFunding", "Subscribe to our newsletter" ...) on short lines;
* the comment form: a line starting "Leave a Reply" (or "Leave a comment") and
  everything after it;
* share/tag/footer lines ("Share this:", "Tags:", "Print", "Follow us");
* an author bio at the end of the article: a short byline line (a name with an optional
  title such as "Dr.", no sentence punctuation) in the last lines, and the following
  line(s) starting with that name (or the metadata author) -- "Emil Avdaliani has
  worked for ...".

Deliberately not handled: furniture glued to article text inside one line, navigation
menus, and image captions (which are real text and are analysed).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.core.corpus.corrections import CORRECTIONS_CSV, read_corrections
from dashboard.core.corpus.corrections import encode as encode_corrections
from dashboard.core.corpus.dates import UNDATED, effective_basis
from dashboard.core.corpus.errors import CorpusError
from dashboard.core.corpus.plainfile import entry_kind, read_plain, skip_error
from dashboard.core.corpus.sources_csv import SOURCES_CSV, SourcesTable, read_sources_table

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md")
META_FIELDS: tuple[str, ...] = ("title", "author", "outlet", "date", "url")
#: Further row values a document carries (read as blank from an older ``sources.csv``).
EXTRA: tuple[str, ...] = ("date_basis", "licence", "added")


@dataclass(frozen=True)
class Document:
    """One article.

    Attributes
    ----------
    doc_id
        Stable identifier (the file stem).
    file
        File name (no folder).
    title, author, outlet, date, url
        Metadata from ``sources.csv`` ("" when unknown).
    text
        File text exactly as read as UTF-8; offsets index into it.
    analysis_spans
        ``(start, end)`` ranges of ``text`` that are analysed (page furniture excluded).
    date_basis
        Where ``date`` came from (:mod:`dashboard.core.corpus.dates`): ``undated`` when
        there is no date, ``unstated`` when a row gives a date but not its basis.
    licence
        The article's licence as ``sources.csv`` states it ("" when unknown).
    added
        When an analyst added it (ISO time of ``sources.csv``'s ``added``; "" for seeds).
    """

    doc_id: str
    file: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    date: str = ""
    url: str = ""
    text: str = ""
    analysis_spans: list[tuple[int, int]] = field(default_factory=list)
    #: The analyst's corrections that may touch it (``corrections.encode``; "" for none).
    corrections: str = ""
    date_basis: str = UNDATED
    licence: str = ""
    added: str = ""


_TEASER = re.compile(
    r"^[ \t]*(related|read more|read also|see also|also read|more on this)[ \t]*:", re.I
)
_APPEAL = re.compile(
    r"(we need your support|please (contribute|donate|support)|donate (now|today|here)|"
    r"gogetfunding|patreon|subscribe to (our|the) newsletter|support (our|independent) "
    r"journalism|become a (member|patron|subscriber))",
    re.I,
)
_COMMENT_FORM = re.compile(
    r"^[ \t]*(leave a (reply|comment)|post a comment|comments?[ \t]*$)", re.I
)
_FOOTER = re.compile(
    r"^[ \t]*(share this|tags?|filed under|follow us|print|email this)[ \t]*:?[ \t]*$",
    re.I,
)
_BYLINE = re.compile(
    r"^\s*(?:(?i:by)\s+)?(?:(?i:dr|prof|mr|mrs|ms)\.?\s+)?"
    r"([A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+){1,3})\s*$"
)
_APPEAL_MAX_CHARS = 400
# cheap literal pre-checks before the regular expressions
_COMMENT_HEADS = ("leave a", "post a comment", "comment")
_LINE_HEADS = (
    "related",
    "read ",
    "see also",
    "also read",
    "more on this",
    "share this",
    "tag",
    "filed under",
    "follow us",
    "print",
    "email this",
)
_APPEAL_KEYS = (
    "support",
    "contribute",
    "donate",
    "gogetfunding",
    "patreon",
    "subscribe",
    "become a",
)
_BIO_WINDOW = 4


def _lines(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every line (without the newline)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _bio_lines(lines: list[str], author: str) -> set[int]:
    """Return indices of a trailing byline + bio block."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    tail = content[-_BIO_WINDOW:]
    found: set[int] = set()
    for pos, i in enumerate(tail):
        m = _BYLINE.match(lines[i])
        if not m:
            continue
        names = {m.group(1)}
        if author:
            names.add(author)
        rest = tail[pos + 1 :]
        bio = [j for j in rest if any(lines[j].lstrip().startswith(n) for n in names)]
        if bio or (author and m.group(1) == author):
            found.add(i)
            found.update(j for j in rest if j >= min(bio, default=i))
            break
    return found


def find_furniture(text: str, author: str = "") -> list[tuple[int, int]]:
    """Locate page-furniture lines.

    Parameters
    ----------
    text
        Document text.
    author
        Known author name, helps to recognise a closing bio.

    Returns
    -------
    list of tuple of int
        ``(start, end)`` ranges of furniture lines.
    """
    spans = _lines(text)
    lines = [text[s:e] for s, e in spans]
    flagged: set[int] = set()
    for i, line in enumerate(lines):
        head = line[:40].lstrip().lower()
        if head.startswith(_COMMENT_HEADS) and _COMMENT_FORM.match(line):
            flagged.update(range(i, len(lines)))
            break
        if head.startswith(_LINE_HEADS) and (_TEASER.match(line) or _FOOTER.match(line)):
            flagged.add(i)
        elif len(line) <= _APPEAL_MAX_CHARS:
            low = line.lower()
            if any(k in low for k in _APPEAL_KEYS) and _APPEAL.search(line):
                flagged.add(i)
    flagged |= _bio_lines([ln if i not in flagged else "" for i, ln in enumerate(lines)], author)
    return [spans[i] for i in sorted(flagged)]


def analysis_spans_for(text: str, author: str = "") -> list[tuple[int, int]]:
    """Return the ranges of ``text`` to analyse (complement of the furniture lines).

    Parameters
    ----------
    text
        Document text.
    author
        Known author name.

    Returns
    -------
    list of tuple of int
        Non-empty, ordered, non-overlapping ``(start, end)`` ranges.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for s, e in find_furniture(text, author):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


#: Bidirectional-text controls (LRE/RLE/PDF/LRO/RLO, isolates, marks): a metadata
#: value holding them can display reversed or reordered text ("Trojan Source").
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(value: str) -> str:
    """Return ``value`` without bidirectional-text control characters."""
    return BIDI_CONTROLS.sub("", value)


def document_from_text(text: str, file: str, meta: dict[str, str] | None = None) -> Document:
    """Make a :class:`Document` from an in-memory string (e.g. an upload).

    Parameters
    ----------
    text
        The article text.
    file
        File name used as ``file``; its stem becomes ``doc_id``.
    meta
        Optional metadata (keys ``title``, ``author``, ``outlet``, ``date``, ``url``,
        ``date_basis``, ``licence``).

    Returns
    -------
    Document
        The document with furniture excluded from ``analysis_spans``.

    Raises
    ------
    CorpusError
        If the text is empty or contains NUL characters.
    """
    if not text.strip():
        raise CorpusError(file, "empty document")
    if "\x00" in text:
        raise CorpusError(file, "contains NUL characters (binary file?)")
    meta = meta or {}
    values = {k: strip_bidi(str(meta.get(k) or "")).strip() for k in (*META_FIELDS, *EXTRA)}
    values["date_basis"] = effective_basis(values["date"], values["date_basis"])
    name = Path(file).name
    return Document(
        doc_id=Path(name).stem,
        file=name,
        text=text,
        analysis_spans=analysis_spans_for(text, values["author"]),
        corrections=str(meta.get("corrections") or ""),
        **values,
    )


#: The folder's metadata tables: every change check digests them beside the articles.
METADATA_FILES: tuple[str, ...] = (SOURCES_CSV, CORRECTIONS_CSV)


def metadata_lookup(folder: Path, table: SourcesTable | None = None
                    ) -> Callable[[str], dict[str, str]]:
    """Return ``file -> metadata``: its ``sources.csv`` row plus the corrections touching it.

    This is what every reader of the folder gives a document (the loader, the index's
    change check and its incremental update), so an added or removed correction changes
    the document's metadata hash and that document is analysed again.

    Parameters
    ----------
    folder
        Corpus folder.
    table
        Its ``sources.csv`` when already read (lenient); read here otherwise.
    """
    row_of = (table or read_sources_table(folder, strict=False)).lookup()
    corrections = read_corrections(folder)
    if not corrections.rows:
        return row_of

    def meta(file: str) -> dict[str, str]:
        row = dict(row_of(file) or {})
        mine = corrections.for_doc(Path(file).stem)
        if mine:
            row["corrections"] = encode_corrections(mine)
        return row

    return meta


#: ``path -> ((size, mtime_ns, ctime_ns, inode), sha256)`` of files read or hashed in this
#: process: the index's change check (:func:`file_digest`) does not read a file again that
#: the loader has just read.
_DIGESTS: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}


def _stamp_of(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _stamp(path: Path) -> tuple[int, int, int, int]:
    return _stamp_of(os.stat(path, follow_symlinks=False))


def file_digest(path: Path) -> bytes:
    """Return the SHA-256 of a file, re-reading it only when its size or times changed."""
    stamp = _stamp(path)
    known = _DIGESTS.get(str(path))
    if known is not None and known[0] == stamp:
        return known[1]
    st, raw = read_plain(Path(path))
    digest = hashlib.sha256(raw).digest()
    _DIGESTS[str(path)] = (_stamp_of(st), digest)
    return digest


def read_document(path: Path, meta: dict[str, str] | None = None) -> Document:
    """Read one article file.

    Parameters
    ----------
    path
        A UTF-8 text file.
    meta
        Optional metadata row for the file.

    Returns
    -------
    Document
        The document.

    Raises
    ------
    CorpusError
        If the file cannot be read, is empty, binary or not valid UTF-8.
    """
    st, raw = read_plain(Path(path))
    _DIGESTS[str(path)] = (_stamp_of(st), hashlib.sha256(raw).digest())
    if not raw.strip():
        raise CorpusError(path, "empty document")
    if b"\x00" in raw:
        raise CorpusError(path, "contains NUL bytes (binary file?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, f"not valid UTF-8 (byte offset {exc.start})") from exc
    return document_from_text(text, Path(path).name, meta)


def corpus_files(folder: Path) -> list[Path]:
    """List the article files of a corpus folder, sorted by name.

    Parameters
    ----------
    folder
        Corpus folder.

    Returns
    -------
    list of Path
        ``*.txt`` and ``*.md`` files (README files excluded).
    """
    return [Path(folder) / name for name in corpus_names(folder)]


def corpus_names(folder: Path) -> list[str]:
    """Return the file names of :func:`corpus_files`, sorted (no path object per file)."""
    return scan_corpus(folder)[0]


def _is_article_name(name: str) -> bool:
    stem, suffix = os.path.splitext(name)
    return suffix.lower() in TEXT_SUFFIXES and bool(stem) and stem.lower() != "readme"


def scan_corpus(folder: Path) -> tuple[list[str], list[CorpusError]]:
    """List a corpus folder: its plain article files, and the entries skipped.

    An entry named like an article that is a symbolic link, a folder or a special file
    (FIFO, device, socket) is never read: it is skipped with an error naming it
    (:mod:`dashboard.core.corpus.plainfile`, the one rule).

    Returns
    -------
    tuple
        Sorted article file names, and one :class:`CorpusError` per skipped entry.
    """
    names: list[str] = []
    skipped: list[CorpusError] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if not _is_article_name(entry.name):
                continue
            kind = entry_kind(entry)
            if kind:
                skipped.append(skip_error(Path(folder) / entry.name, kind))
            else:
                names.append(entry.name)
    return sorted(names), sorted(skipped, key=lambda e: e.path.name)


def skipped_entries(folder: Path) -> list[str]:
    """Messages naming each entry of ``folder`` that :func:`scan_corpus` skips."""
    if not Path(folder).is_dir():
        return []
    return [f"{exc.path.name}: {exc.problem}" for exc in scan_corpus(folder)[1]]


@dataclass(frozen=True)
class CorpusState:
    """The corpus as loaded without ever failing on one bad file.

    Attributes
    ----------
    documents
        Readable documents, sorted by file name.
    problems
        One message per file that was skipped (or the folder, when it is missing).
    sources_problem
        Why ``sources.csv`` was ignored ("" when it is fine or absent).
    errors
        The errors behind ``problems``, for callers to whom they are fatal.
    """

    documents: list[Document]
    problems: list[str]
    sources_problem: str = ""
    errors: list[CorpusError] = field(default_factory=list)


def iter_corpus(folder: Path, table: SourcesTable) -> Iterator[Document | CorpusError]:
    """Read the article files of ``folder`` one by one, with their rows of ``table``.

    Parameters
    ----------
    folder
        Corpus folder.
    table
        Its ``sources.csv`` (:func:`read_sources_table` with ``strict=False``).

    Yields
    ------
    Document or CorpusError
        One item per article file, in file-name order; an unreadable file is yielded as
        its error.
    """
    meta_for = metadata_lookup(folder, table)
    for path in corpus_files(folder):
        try:
            yield read_document(path, meta_for(path.name))
        except CorpusError as exc:
            yield exc


def load_corpus_safe(folder: Path) -> CorpusState:
    """Load every readable article in ``folder`` with its ``sources.csv`` metadata.

    This is the one corpus loader (the app, ``build``, ``extract``, ``evaluate`` and the
    Dask engine all read the folder through it); callers decide what is fatal.

    Parameters
    ----------
    folder
        Corpus folder with ``*.txt`` / ``*.md`` files and optionally ``sources.csv``.

    Returns
    -------
    CorpusState
        Documents plus one message per skipped file; when ``sources.csv`` is in a bad
        state the documents carry blank metadata and ``sources_problem`` says why.
    """
    folder = Path(folder)
    if not folder.is_dir():
        missing = CorpusError(folder, "corpus folder not found")
        return CorpusState([], [f"{folder.name}: corpus folder not found"], errors=[missing])
    table = read_sources_table(folder, strict=False)
    sources_problem = (f"{SOURCES_CSV}: {table.problem}. Documents are shown with blank "
                       "metadata until it is fixed.") if table.problem else ""
    docs: list[Document] = []
    errors: list[CorpusError] = []
    for item in iter_corpus(folder, table):
        (errors if isinstance(item, CorpusError) else docs).append(item)
    problems = [f"{exc.path.name}: {exc.problem}; skipped" for exc in errors]
    return CorpusState(docs, skipped_entries(folder) + problems, sources_problem, errors)


def load_corpus(folder: Path, notice: Callable[[str], None] | None = None) -> list[Document]:
    """Load the corpus where a missing folder or an unreadable article is fatal.

    A ``sources.csv`` in a bad state is not: the documents carry blank metadata, exactly
    as the app shows them, and ``notice`` is told why.

    Parameters
    ----------
    folder
        Corpus folder.
    notice
        Called with the ``sources.csv`` problem, if any.

    Returns
    -------
    list of Document
        Documents sorted by file name.

    Raises
    ------
    CorpusError
        If the folder is missing or a file is unreadable.
    """
    state = load_corpus_safe(folder)
    if state.errors:
        raise state.errors[0]
    if state.sources_problem and notice is not None:
        notice(state.sources_problem)
    return state.documents
