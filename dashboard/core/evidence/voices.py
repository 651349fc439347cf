"""Who says what: excerpts with their outlet, ranked by what they explain, reprints collapsed.

Everything here is one DuckDB query path over the stored index
(:class:`~dashboard.core.evidence.sql.EvidenceStore`), whose ``doc_outlets`` and
``reprints`` tables come from :mod:`dashboard.core.evidence.voices_tables`;
:func:`selection_sql` is the one query of a corridor's or place's excerpts with their
features, rank and reprint group, and every function below reads it. The ranking rule
is documented in ``docs/ranking.md`` and lives only in :data:`FEATURES` and :data:`ORDERS`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboard.core.corpus.citation import cite, clean
from dashboard.core.evidence import query
from dashboard.core.evidence.query import Excerpts, Filters
from dashboard.core.evidence.sql import EvidenceStore, StoredIndex
from dashboard.core.evidence.voices_tables import UNKNOWN_FACET as UNKNOWN_FACET

SORTS = ("relevance", "newest", "oldest", "source")
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first",
               "source": "By source"}
#: Columns of "who says what", in order; every other country (and unknown) is "others".
WHO_COLUMNS = (("AZ", "Azerbaijan"), ("AM", "Armenia"), ("IR", "Iran"), ("RU", "Russia"),
               ("TR", "Türkiye"), ("GE", "Georgia"), ("others", "Others"))

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november"
           "|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
#: What makes a sentence fact-bearing (RE2 over the normalised sentence), one per kind.
FACT_PATTERNS = {
    "quantity": r"\d[\d,. ]*\s?(km|kilometres?|kilometers?|miles?|tonnes?|tons?|mt|mtpa|teu"
                r"|bcm|barrels?|bpd|b/d|mw|gw|kv|wagons?|trains?|containers?|%|per cent"
                r"|percent|hectares?|metres?|meters?)\b",
    "money": r"([$€£¥]\s?\d|\d[\d,. ]*\s?(million|billion|bn|mln|mn)?\s?(usd|eur|dollars?"
             r"|euros?|manats?|drams?|rubles?|roubles?|lari|yuan|rials?|tenge|lira))",
    "date": rf"(\b(19|20)\d\d\b|\b\d{{1,2}} ({_MONTHS})\b|\b({_MONTHS}) \d{{1,2}}\b)",
    "status": r"\b(opened|inaugurated|launched|completed|under construction|agreed|signed"
              r"|suspended|halted|blocked|commissioned|approved|ratified|closed|reopened"
              r"|began operating|started operating|put into operation)\b",
}
_FACTS_SQL = " + ".join(f"coalesce(regexp_matches(norm, '{p}'), false)::INT"
                        for p in FACT_PATTERNS.values())
#: The features of an excerpt: how it names the selection, how many kinds of fact it
#: carries, its publication day.
FEATURES = (f"CASE basis WHEN 'named' THEN 3 WHEN 'described' THEN 2 ELSE 1 END AS naming, "
            f"{_FACTS_SQL} AS facts, TRY_CAST(date AS DATE) AS day")
_BEST = "naming DESC, facts DESC"
ORDERS = {
    "relevance": f"(copy > 1), {_BEST}, nth, day DESC NULLS LAST, doc_id, start",
    "newest": "day DESC NULLS LAST, doc_id, start",
    "oldest": "day ASC NULLS LAST, doc_id, start",
    "source": "doc_id, start",
}
ROW_COLUMNS = ["doc_id", "start", "end", "text", "spans", "basis", "outlet", "outlet_country",
               "outlet_type", "date", "also_in", "naming", "facts"]


def _store(index: StoredIndex) -> EvidenceStore:
    """Return the index's store with its ``doc_outlets`` and ``reprints`` tables made."""
    index.store.voices()
    return index.store


def _base_sql(kind: str, filters: Filters, matches) -> str:
    """Excerpts of the selection (``$id``): ``doc_id, start, end, spans, basis``.

    The rows are :mod:`dashboard.core.evidence.query`'s own selection of a corridor's
    links or a place's mentions under the filters.
    """
    if kind == "corridor":
        return ("SELECT doc_id, start, \"end\", term_spans AS spans, basis FROM "
                f"({query._corridor_sql(filters, matches).replace('$corridor', '$id')})")
    sentences = query._place_sql(filters, matches).replace("$place", "$id")
    return ("SELECT doc_id, sentence_start AS start, sentence_end AS \"end\", "
            "list([start, \"end\"] ORDER BY filename, file_row_number) AS spans, "
            f"'named' AS basis FROM ({sentences}) GROUP BY ALL")


def selection_sql(kind: str, filters: Filters, matches, collapse: bool = True,
                  per: str = "") -> str:
    """Return the one query of a selection's excerpts: features, reprint group, rank inputs.

    Columns: the excerpt (``doc_id, start, end, spans, basis``), ``outlet``,
    ``outlet_country``, ``outlet_type``, ``date``, ``naming``, ``facts``, ``day``, the
    reprint group (``g_doc, g_start``), ``also_in`` (other sources of the same sentence),
    ``copy`` (1 for the group's best copy in the selection) and ``nth`` (rank of the
    excerpt within its source). With ``collapse`` only first copies remain; ``per`` (a
    column expression) keeps one copy per group *and* value of it (one per country).
    """
    per = f", {per}" if per else ""
    base = _base_sql(kind, filters, matches)
    return f"""
WITH x AS ({base}),
f AS (SELECT x.*, s.norm, d.date, o.outlet, o.outlet_country, o.outlet_type,
             coalesce(r.g_doc, x.doc_id) AS g_doc, coalesce(r.g_start, x.start) AS g_start,
             coalesce(r.also_in, 0) AS also_in
      FROM x LEFT JOIN search s USING (doc_id, start)
      LEFT JOIN (SELECT * FROM documents QUALIFY row_number() OVER (PARTITION BY doc_id) = 1)
           d USING (doc_id)
      LEFT JOIN doc_outlets o USING (doc_id) LEFT JOIN reprints r USING (doc_id, start)),
t AS (SELECT *, {FEATURES} FROM f),
c AS (SELECT *, row_number() OVER (PARTITION BY g_doc, g_start{per}
                                   ORDER BY {_BEST}, day ASC NULLS LAST, doc_id, start) AS copy
      FROM t),
v AS (SELECT * FROM c {"WHERE copy = 1" if collapse else ""})
SELECT *, row_number() OVER (PARTITION BY doc_id ORDER BY {_BEST}, start) AS nth FROM v"""


def _texts(cur, rows: pd.DataFrame) -> list[str]:
    """Return the verbatim text of each row's ``[start, end)``, read by offset in SQL."""
    if rows.empty:
        return []
    keys = rows[["doc_id", "start", "end"]].reset_index(drop=True).assign(i=range(len(rows)))
    cur.register("f_voice_spans", keys)
    found = dict(cur.execute("SELECT k.i, substr(t.text, k.start + 1, k.\"end\" - k.start) "
                             "FROM f_voice_spans k JOIN texts t USING (doc_id)").fetchall())
    return [found[i] for i in range(len(rows))]


def _page(store, kind: str, ident: str, filters: Filters, matches, order: str, collapse: bool,
          offset: int, limit: int | None) -> pd.DataFrame:
    cur = query.scoped_cursor(store, filters, matches)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = cur.execute(
        f"SELECT doc_id, start, \"end\", spans, basis, outlet, outlet_country, outlet_type, "
        f"CAST(date AS VARCHAR) AS date, also_in, naming, facts FROM "
        f"({selection_sql(kind, filters, matches, collapse)}) "
        f"ORDER BY {ORDERS[order]}{page}", {"id": ident}).df()
    rows["spans"] = [[(int(a), int(b)) for a, b in (s if s is not None else [])]
                     for s in rows["spans"]]
    rows["text"] = _texts(cur, rows)
    return rows[ROW_COLUMNS]


def ranked_excerpts(index, kind: str, ident: str, filters: Filters,
                    matches: set[tuple[str, int]] | None = None, order: str = "relevance",
                    collapse: bool = True) -> Excerpts:
    """Count a selection's excerpts once, then read them a page at a time in ``order``.

    Rows carry ``outlet``, ``outlet_country``, ``outlet_type``, ``date`` and ``also_in``
    besides the excerpt; with ``collapse`` a sentence reprinted in several sources
    appears once.
    """
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; one of {', '.join(ORDERS)}")
    filters = query._scope(index, filters)
    store = _store(index)
    cur = query.scoped_cursor(store, filters, matches)
    total, sources = cur.execute(
        f"SELECT count(*), count(DISTINCT doc_id) FROM "
        f"({selection_sql(kind, filters, matches, collapse)})", {"id": ident}).fetchone()

    def fetch(offset: int, limit: int) -> pd.DataFrame:
        return _page(store, kind, ident, filters, matches, order, collapse, offset, limit)

    return Excerpts(int(total), int(sources), fetch)


def all_excerpts(index, kind: str, ident: str, filters: Filters,
                 matches: set[tuple[str, int]] | None = None,
                 order: str = "relevance", collapse: bool = True) -> pd.DataFrame:
    """Every excerpt of a selection (exports), in ``order``."""
    filters = query._scope(index, filters)
    store = _store(index)
    return _page(store, kind, ident, filters, matches, order, collapse, 0, None)


def facet_counts(index, kind: str, ident: str, filters: Filters,
                 matches: set[tuple[str, int]] | None = None) -> dict[str, dict[str, int]]:
    """Excerpts per outlet country and per outlet type (reprints collapsed per value).

    Each facet is counted under every filter but its own, so its other values stay
    visible while one is chosen; a value's count is what choosing it shows.
    """
    filters = query._scope(index, filters)
    store = _store(index)
    out: dict[str, dict[str, int]] = {}
    for facet, own in (("outlet_country", "outlet_countries"), ("outlet_type", "outlet_types")):
        flt = replace(filters, **{own: None})
        cur = query.scoped_cursor(store, flt, matches)
        rows = cur.execute(f"SELECT {facet}, count(*) AS n FROM "
                           f"({selection_sql(kind, flt, matches, per=facet)}) GROUP BY 1 "
                           "ORDER BY n DESC, 1", {"id": ident}).fetchall()
        out[facet] = {str(k): int(n) for k, n in rows}
    return out


def who_column(country: str) -> str:
    """Return the "who says what" column of an outlet country."""
    return country if country in {c for c, _ in WHO_COLUMNS[:-1]} else "others"


def who_says_what(index, kind: str, ident: str, filters: Filters,
                  matches: set[tuple[str, int]] | None = None,
                  best: int = 3) -> dict[str, tuple[int, pd.DataFrame]]:
    """Per column of :data:`WHO_COLUMNS`: its excerpt count and its ``best`` excerpts."""
    filters = query._scope(index, filters)
    store = _store(index)
    flt = replace(filters, outlet_countries=None)
    cur = query.scoped_cursor(store, flt, matches)
    known = ", ".join(f"'{c}'" for c, _ in WHO_COLUMNS[:-1])
    col = f"CASE WHEN outlet_country IN ({known}) THEN outlet_country ELSE 'others' END"
    sel = selection_sql(kind, flt, matches, per=col)
    rows = cur.execute(
        f"SELECT *, {col} AS who, count(*) OVER (PARTITION BY {col}) AS who_n FROM ({sel}) "
        f"QUALIFY row_number() OVER (PARTITION BY who ORDER BY {ORDERS['relevance']}) <= {best} "
        f"ORDER BY who, {ORDERS['relevance']}", {"id": ident}).df()
    rows = rows.assign(spans=[[(int(a), int(b)) for a, b in (s if s is not None else [])]
                              for s in rows["spans"]],
                       date=[None if pd.isna(d) else str(d) for d in rows["date"]])
    rows["text"] = _texts(cur, rows)
    out = {}
    for code, _ in WHO_COLUMNS:
        part = rows[rows["who"] == code].reset_index(drop=True)
        out[code] = (int(part["who_n"].iloc[0]) if len(part) else 0, part[ROW_COLUMNS])
    return out


def also_in(index, doc_id: str, start: int) -> pd.DataFrame:
    """Return the other sources of a reprinted sentence (``doc_id``, ``start``, outlet)."""
    store = _store(index)
    return store.cursor().execute(
        "WITH me AS (SELECT g_doc, g_start FROM reprints WHERE doc_id = $d AND start = $s) "
        "SELECT r.doc_id, r.start, s.\"end\", o.outlet, o.outlet_country FROM reprints r "
        "JOIN me USING (g_doc, g_start) JOIN search s USING (doc_id, start) "
        "LEFT JOIN doc_outlets o USING (doc_id) WHERE r.doc_id <> $d "
        "ORDER BY r.doc_id, r.start", {"d": doc_id, "s": int(start)}).df()


def outlets_of(index) -> pd.DataFrame:
    """Return ``doc_outlets``: each document's outlet, country and type."""
    return _store(index).cursor().execute("SELECT * FROM doc_outlets").df()


def allowed_documents(index, filters: Filters) -> set[str] | None:
    """Return the ids of the documents the outlet facets let through (``None``: no facet)."""
    if filters.outlet_countries is None and filters.outlet_types is None:
        return None
    store = _store(index)
    cur = query.scoped_cursor(store, filters, None)
    where = query.where_sql(replace(filters, sources=None), None, "start", kinds=False)
    return {r[0] for r in cur.execute(f"SELECT doc_id FROM doc_outlets WHERE {where}").fetchall()}


def export_rows(index: StoredIndex, selections: list[tuple[str, str]], filters: Filters,
                matches: set[tuple[str, int]] | None = None) -> list[dict]:
    """Return every excerpt of the ``(kind, id)`` selections under the filters, for export.

    Reprints are collapsed within each selection (``also_in`` counts the other sources);
    rows are in relevance order per selection, with ``corridor`` or ``place_id``, the
    verbatim ``text``, the source's ``citation``, ``title``, ``date``, ``url`` and outlet.
    """
    docs = index.documents.drop_duplicates("doc_id").set_index("doc_id")
    out: list[dict] = []
    for kind, ident in selections:
        rows = all_excerpts(index, kind, ident, filters, matches)
        leads = index.texts.leads(d for d in rows["doc_id"] if not clean(docs.at[d, "title"]))
        for row in rows.to_dict("records"):
            doc = docs.loc[row["doc_id"]].to_dict()
            known = row["outlet_type"] != UNKNOWN_FACET
            cited = {**doc, "outlet": f"{row['outlet']} ({row['outlet_country']})" if known
                     else clean(doc.get("outlet"))}
            out.append({**{k: row[k] for k in ("doc_id", "start", "end", "text", "also_in")},
                        "outlet": row["outlet"],
                        "outlet_country": "" if row["outlet_country"] == UNKNOWN_FACET
                        else row["outlet_country"],
                        "outlet_type": "" if row["outlet_type"] == UNKNOWN_FACET
                        else row["outlet_type"],
                        "citation": cite(cited, leads.get(row["doc_id"])),
                        "title": clean(doc.get("title")), "date": clean(row["date"]),
                        "url": clean(doc.get("url")),
                        "corridor": ident if kind == "corridor" else "",
                        "place_id": ident if kind == "place" else ""})
    return out
