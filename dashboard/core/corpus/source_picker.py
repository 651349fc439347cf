"""Find sources by outlet, title, date or id without listing every document.

The map's source filter, the Reader's article choice and the Overview name sources from
here.  Everything is vectorised over the documents table: :func:`source_table` runs once
per corpus version (the app caches it), :func:`match_sources` once per search (a few
substring scans of one column), and only the page of sources shown is ever labelled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.core.corpus import citation
from dashboard.core.text.normalise import search_form

#: Sources shown per page of matches.
PAGE_SIZE = 20
#: Columns searched (whatever the documents table has of them).
SEARCHED = ("title", "outlet", "date", "author", "doc_id", "file")


def _column(documents: pd.DataFrame, name: str) -> pd.Series:
    if name not in documents.columns:
        return pd.Series("", index=documents.index, dtype=object)
    col = documents[name].astype(object).where(documents[name].notna(), "")
    text = col.astype(str).str.strip()
    return text.mask(text.str.lower().isin(("nan", "none")), "")


def source_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Return one row per source (the first row of a repeated id wins).

    Columns: :data:`SEARCHED` as clean text and ``haystack`` (their folded text).
    """
    docs = documents.drop_duplicates("doc_id", keep="first")
    table = pd.DataFrame({name: _column(docs, name) for name in SEARCHED})
    hay = table[list(SEARCHED)].agg(" | ".join, axis=1) if len(table) else pd.Series(
        [], dtype=object)
    table["haystack"] = hay.astype(str).map(search_form)
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class Matches:
    """One page of the sources matching a search."""

    doc_ids: tuple[str, ...]
    total: int
    page: int
    pages: int


def match_sources(table: pd.DataFrame, text: str, page: int = 1,
                  page_size: int = PAGE_SIZE) -> Matches:
    """Return page ``page`` (1-based, clamped) of the sources matching ``text``.

    A source matches when its searched fields contain every word of ``text``
    (accent- and case-insensitive); a blank search matches every source.  Order:
    newest date first, then title.
    """
    hits = table
    for word in text.split():  # "2024-03" stays one phrase ("2024 03") after folding
        key = search_form(word).strip()
        if key:
            hits = hits[hits["haystack"].str.contains(key, regex=False)]
    if len(hits) > 1:
        hits = hits.sort_values(["date", "title", "doc_id"], ascending=[False, True, True],
                                kind="stable")
    total = len(hits)
    pages = max(1, -(-total // page_size))
    page = min(max(1, int(page)), pages)
    chunk = hits["doc_id"].iloc[(page - 1) * page_size: page * page_size]
    return Matches(tuple(chunk), total, page, pages)


def describe(table: pd.DataFrame, doc_ids: Iterable[str],
             text_of: Callable[[str], str | None] | None = None) -> dict[str, tuple[str, str]]:
    """``(label, "Outlet · date")`` of ``doc_ids`` only (an unknown id labels itself).

    Labels are :func:`dashboard.core.corpus.citation.label`'s; ``text_of`` gives an untitled
    source's text (its first words name it) and is called for those sources only.
    """
    wanted = list(dict.fromkeys(doc_ids))
    rows = {r["doc_id"]: r for r in table[table["doc_id"].isin(wanted)].to_dict("records")}
    out: dict[str, tuple[str, str]] = {}
    for doc_id in wanted:
        row = rows.get(doc_id)
        if row is None:
            out[doc_id] = (doc_id, "")
            continue
        text = text_of(doc_id) if text_of is not None and not row["title"] else None
        out[doc_id] = (citation.label(row, text),
                       " · ".join(v for v in (row["outlet"], row["date"]) if v))
    return out


def labels(table: pd.DataFrame, doc_ids: Iterable[str],
           text_of: Callable[[str], str | None] | None = None) -> dict[str, str]:
    """Labels of ``doc_ids`` only (see :func:`describe`)."""
    return {d: v[0] for d, v in describe(table, doc_ids, text_of).items()}


def all_labels(table: pd.DataFrame, texts: Mapping[str, str] | None = None) -> pd.Series:
    """Label of every source, vectorised (first words only for untitled sources)."""
    out = table["title"].copy()
    untitled = out == ""
    if untitled.any():
        out[untitled] = [citation.label({"file": f, "doc_id": d}, (texts or {}).get(d))
                         for d, f in zip(table.loc[untitled, "doc_id"],
                                         table.loc[untitled, "file"], strict=True)]
    return pd.Series(out.to_numpy(), index=table["doc_id"].to_numpy())
