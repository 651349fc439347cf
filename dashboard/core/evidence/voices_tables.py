"""The tables of who published each document and of reprints, made on a store's connection.

:func:`create_tables` is called once per opened index (:meth:`dashboard.core.evidence.sql.
EvidenceStore.voices`): ``doc_outlets`` resolves every document's outlet from the
registry (:mod:`dashboard.core.corpus.outlets`; registry changes need no rebuild) and
``reprints`` groups the sentences by their stored band keys
(:data:`dashboard.core.evidence.reprints.GROUPS_SQL`).
"""

from __future__ import annotations

import pandas as pd

from dashboard.core.corpus.outlets import Registry, default_registry
from dashboard.core.evidence.reprints import GROUPS_SQL

#: Facet value of an outlet country or type that the registry does not know.
UNKNOWN_FACET = "unknown"


def outlet_table(documents: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """Return each document's outlet, country and type (``unknown`` when not in the registry)."""
    registry = registry or default_registry()
    rows = []
    for doc_id, outlet, url in zip(documents["doc_id"], documents["outlet"], documents["url"],
                                   strict=True):
        found = registry.resolve(outlet, url)
        rows.append((str(doc_id), found.outlet, found.country or UNKNOWN_FACET,
                     found.type or UNKNOWN_FACET, found.by, found.stated))
    frame = pd.DataFrame(rows, columns=["doc_id", "outlet", "outlet_country", "outlet_type",
                                        "outlet_by", "outlet_stated"], dtype="object")
    return frame.drop_duplicates("doc_id")


def create_tables(con, documents: pd.DataFrame) -> None:
    """Create ``doc_outlets`` and ``reprints`` on a store's DuckDB connection."""
    con.register("voices_outlets", outlet_table(documents))
    con.execute("CREATE OR REPLACE TABLE doc_outlets AS SELECT * FROM voices_outlets")
    con.unregister("voices_outlets")
    has_bands = any(r[0] == "bands" for r in con.execute("DESCRIBE search").fetchall())
    groups = GROUPS_SQL if has_bands else (
        "SELECT NULL::VARCHAR AS doc_id, NULL::BIGINT AS start, NULL::VARCHAR AS g_doc, "
        "NULL::BIGINT AS g_start, NULL::BIGINT AS also_in WHERE false")
    con.execute(f"CREATE OR REPLACE TABLE reprints AS {groups}")
