"""``sources.csv``: the one reader and writer of the corpus folder's metadata table.

:func:`read_sources_table` is used by every reader of the corpus (the app, ``build``,
``extract``, ``evaluate``, the Dask engine; most through
:func:`dashboard.core.corpus.loader.load_corpus_safe`) and by every writer (add, edit, remove):

* ``strict=True`` (writers): a file in a bad state -- not UTF-8, invalid CSV, a header
  without the columns ``id,file,title,author,outlet,date,url,basis`` or with duplicate or
  empty column names (the later :data:`DATE_COLUMNS` ``date_basis,licence`` are
  optional), ragged rows, empty or duplicate ids or files, a file name with a
  folder part -- raises :class:`SourcesCsvError` and is never written;
* ``strict=False`` (readers): never raises; a table in such a state comes back without
  rows and with :attr:`SourcesTable.problem` saying why (so every document shows blank
  metadata, the same in the app and on the command line).  Only ``id`` and ``file`` are
  required; other missing columns read as blank.

:meth:`SourcesTable.lookup` is the one rule that finds a file's row (by file name, or by
its stem as id; the first matching row wins).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.core.corpus.errors import CorpusError, IngestError
from dashboard.core.corpus.plainfile import read_plain
from dashboard.core.corpus.store_files import atomic_write_bytes

SOURCES_CSV = "sources.csv"
BACKUP_SUFFIX = ".bak"
BASE_COLUMNS: tuple[str, ...] = ("id", "file", "title", "author", "outlet", "date", "url", "basis")
#: Columns added later (publication date's basis, licence): an older file without them still
#: loads and is written back with them; they read as blank when absent.
DATE_COLUMNS: tuple[str, ...] = ("date_basis", "licence")
#: Provenance of an added row; ``added_by`` / ``edited_by`` record who made the last write.
INGEST_COLUMNS: tuple[str, ...] = ("original_file", "sha256", "added", "extraction", "added_by",
                                   "edited_by")
#: The columns a table needs to be read at all (lenient reading).
KEY_COLUMNS: tuple[str, ...] = ("id", "file")
#: A plain file name: no folder part.
SAFE_FILE = re.compile(r"^[^/\\\x00]+$")


class SourcesCsvError(IngestError):
    """``sources.csv`` is in a state that must not be overwritten.

    Parameters
    ----------
    path
        The CSV file.
    problem
        What is wrong and where (line numbers are 1-based file lines).
    """

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(path, problem, "sources_csv")
        self.csv_path = Path(path)

    def __reduce__(self) -> tuple:
        """Pickle by the constructor's arguments."""
        return type(self), (self.csv_path, self.problem)

    def __str__(self) -> str:
        return (
            f"{self.csv_path.name}: {self.problem}. It was not changed; fix it by hand "
            f"(or restore {self.csv_path.name}{BACKUP_SUFFIX}) before adding or removing "
            "documents."
        )


@dataclass
class SourcesTable:
    """The rows of ``sources.csv`` with their header (column order is preserved).

    Attributes
    ----------
    path
        Location of the CSV file (it may not exist yet).
    header
        Column names.
    rows
        One dict per row, keyed by ``header``.
    problem
        Why the file's rows were not used ("" when they were; lenient reading only).
    """

    path: Path
    header: list[str] = field(
        default_factory=lambda: list(BASE_COLUMNS + DATE_COLUMNS + INGEST_COLUMNS))
    rows: list[dict[str, str]] = field(default_factory=list)
    problem: str = ""

    def ids(self) -> set[str]:
        """Return the ids of all rows."""
        return {r["id"] for r in self.rows}

    def meta_for(self, file: str) -> dict[str, str] | None:
        """Return the row for a file name (or its stem as id), or ``None``."""
        return self.lookup()(file)

    def lookup(self) -> Callable[[str], dict[str, str] | None]:
        """Return :meth:`meta_for` over the rows as they are now, in constant time per file.

        One pass builds the by-file and by-id maps; the first matching row wins, as in a
        scan. Take a new lookup after changing the rows.
        """
        by_file: dict[str, int] = {}
        by_id: dict[str, int] = {}
        for i, row in enumerate(self.rows):
            by_file.setdefault(row["file"], i)
            by_id.setdefault(row["id"], i)
        rows = self.rows

        def find(file: str) -> dict[str, str] | None:
            stem = os.path.splitext(file)[0]
            hits = [i for i in (by_file.get(file), by_id.get(stem)) if i is not None]
            return rows[min(hits)] if hits else None

        return find


def read_sources_table(folder: Path, *, strict: bool = True) -> SourcesTable:
    """Read and validate ``sources.csv``.

    Parameters
    ----------
    folder
        Corpus folder.
    strict
        ``True`` for writers: any problem raises.  ``False`` for readers: a table in a
        bad state is returned without rows, ``problem`` saying why.

    Returns
    -------
    SourcesTable
        The rows; an empty table with the full header when the file does not exist.

    Raises
    ------
    SourcesCsvError
        Only when ``strict``: the file is unreadable, not UTF-8, not valid CSV, has a
        header without the :data:`BASE_COLUMNS` or with duplicate or empty column names,
        has ragged rows, empty/duplicate ids or files, or a file name with a folder part.
    """
    path = Path(folder) / SOURCES_CSV
    if not path.exists():
        return SourcesTable(path=path)
    try:
        header, records = _parse(path, _decode(path))
        _check_header(path, header, BASE_COLUMNS if strict else KEY_COLUMNS)
        rows = _check_rows(path, header, records)
    except SourcesCsvError as exc:
        if strict:
            raise
        return SourcesTable(path=path, header=[], rows=[], problem=exc.problem)
    return SourcesTable(path=path, header=header, rows=rows)


def _decode(path: Path) -> str:
    """Return the file's text (a UTF-8 byte-order mark dropped)."""
    try:
        raw = read_plain(path)[1]
    except CorpusError as exc:
        raise SourcesCsvError(path, exc.problem) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourcesCsvError(
            path,
            f"is not UTF-8 (invalid byte on line {line}; a spreadsheet may have saved "
            "it in another encoding)",
        ) from None
    if not text.strip():
        raise SourcesCsvError(path, "is empty (no header line)")
    return text


def _parse(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split the text into the header and ``(file line, fields)`` records."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        records = [(reader.line_num, fields) for fields in reader if fields]
    except csv.Error as exc:
        raise SourcesCsvError(
            path, f"is not valid CSV near line {reader.line_num}: {exc}"
        ) from None
    return header, records


def _check_header(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    if any(not h for h in header):
        raise SourcesCsvError(path, "header has an empty column name (line 1)")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise SourcesCsvError(path, f"header repeats column(s) {', '.join(dupes)} (line 1)")
    missing = [c for c in required if c not in header]
    if missing:
        raise SourcesCsvError(
            path,
            f"header (line 1) lacks column(s) {', '.join(missing)}; expected it to start with "
            + ",".join(BASE_COLUMNS),
        )


def _check_rows(
    path: Path, header: list[str], records: list[tuple[int, list[str]]]
) -> list[dict[str, str]]:
    """Return the rows as dicts; raise on a ragged row, an empty or repeated id or file."""
    rows: list[dict[str, str]] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue  # a blank line of commas; harmless
        if len(fields) != len(header):
            raise SourcesCsvError(
                path,
                f"line {line} has {len(fields)} fields but the header has {len(header)} "
                "(ragged row)",
            )
        row = dict(zip(header, (f.strip() for f in fields), strict=True))
        rid, rfile = row["id"], row["file"]
        if not rid or not rfile:
            raise SourcesCsvError(path, f"line {line} has an empty id or file")
        if rid in seen_ids:
            raise SourcesCsvError(path, f"duplicate id {rid!r} on lines {seen_ids[rid]} and {line}")
        if rfile in seen_files:
            raise SourcesCsvError(
                path, f"duplicate file {rfile!r} on lines {seen_files[rfile]} and {line}"
            )
        if not SAFE_FILE.match(rfile) or rfile in (".", ".."):
            raise SourcesCsvError(path, f"line {line}: file {rfile!r} must be a plain file name")
        seen_ids[rid], seen_files[rfile] = line, line
        rows.append(row)
    return rows


def render_sources_table(table: SourcesTable) -> bytes:
    """Serialise a table as UTF-8 CSV (LF line ends, minimal quoting).

    Parameters
    ----------
    table
        Rows and header.

    Returns
    -------
    bytes
        The file content.
    """
    header = list(table.header)
    for col in BASE_COLUMNS + DATE_COLUMNS + INGEST_COLUMNS:
        if col not in header:
            header.append(col)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in table.rows:
        writer.writerow([row.get(col, "") for col in header])
    return buf.getvalue().encode("utf-8")


def write_sources_table(table: SourcesTable) -> None:
    """Replace ``sources.csv`` atomically, keeping the previous file as ``.bak``.

    Parameters
    ----------
    table
        The complete new table (validated rows).

    Raises
    ------
    OSError
        If writing fails; ``sources.csv`` is then unchanged.
    """
    data = render_sources_table(table)
    if table.path.exists():
        atomic_write_bytes(
            table.path.with_name(table.path.name + BACKUP_SUFFIX), table.path.read_bytes()
        )
    atomic_write_bytes(table.path, data)
