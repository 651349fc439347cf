"""Search run in SQL over the stored index, with the one rule of :mod:`.search`.

:class:`StoredSearch` parses, matches, highlights and ranks without loading the
sentences: a term's *literal* hits are the rows of ``search.parquet`` whose normalised
text contains the normalised term, its *entity* hits the corridor links and place
mentions of the entities it names. The vocabulary, the normalisation and the literal
highlight spans come from :mod:`dashboard.core.evidence.search`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from dashboard.core.evidence.search import (
    Key,
    Query,
    Term,
    Vocabulary,
    corridor_names,
    literal_spans,
)
from dashboard.core.evidence.sql import EvidenceStore


def _ids(values: Iterable[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


class StoredSearch:
    """Search over an :class:`~dashboard.core.evidence.sql.EvidenceStore`.

    Parameters
    ----------
    store
        The store (it must have the ``search`` table).
    corridor_index
        ``{corridor id: entry}`` (names and aliases of the corridors).
    place_aliases
        ``{place id: aliases}`` from the gazetteer (places not in the corpus are ignored).
    """

    def __init__(self, store: EvidenceStore, corridor_index: Mapping[str, Mapping],
                 place_aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self.store = store
        self.vocabulary = Vocabulary()
        for name, cid in corridor_names(corridor_index):
            self.vocabulary.add(name, corridor=cid)
        places = store.sql("SELECT place_id, name FROM places")
        for pid, name in zip(places["place_id"], places["name"], strict=True):
            self.vocabulary.add(str(name), place=str(pid))
            self.vocabulary.add(re.sub(r"\s*\(.*?\)", "", str(name)), place=str(pid))
            for alias in (place_aliases or {}).get(pid, ()):
                self.vocabulary.add(str(alias), place=str(pid))

    def parse(self, query: str) -> Query:
        """Parse a query against this corpus' vocabulary."""
        return self.vocabulary.parse(query)

    #: The sentences the first term hits (a literal hit, or a link/mention of an entity it
    #: names), with their normalised text; the other terms then only narrow these rows.
    #: Statements of fixed shape whatever the number of terms (a nested ``INTERSECT`` per
    #: term hit DuckDB's expression-depth limit at ~450 terms).
    _FIRST_SQL = """
        SELECT doc_id, start, norm FROM search
        WHERE contains(norm, $k) OR (doc_id, start) IN (
            SELECT doc_id, start FROM corridor_links WHERE list_contains($c, corridor)
            UNION ALL SELECT doc_id, sentence_start FROM mentions
            WHERE list_contains($p, place_id))
    """

    def _entity_keys(self, term: Term) -> set[Key]:
        """Keys of the sentences linked to a corridor or mentioning a place ``term`` names."""
        if not (term.corridors or term.places):
            return set()
        rows = self.store.cursor().execute(
            "SELECT doc_id, start FROM corridor_links WHERE list_contains($c, corridor) "
            "UNION SELECT doc_id, sentence_start FROM mentions WHERE list_contains($p, place_id)",
            {"c": list(term.corridors), "p": list(term.places)}).fetchall()
        return {(str(d), int(s)) for d, s in rows}

    def match(self, query: str | Query) -> set[Key]:
        """Keys ``(doc_id, start)`` of the sentences every term of ``query`` hits.

        The longest term is looked up in SQL (one scan); each other term filters the rows
        it returned, so a query costs one scan plus work on the candidates only.
        """
        parsed = query if isinstance(query, Query) else self.parse(query)
        if not parsed:
            return set()
        first, *rest = sorted(parsed.terms, key=lambda t: -len(t.key))
        rows = self.store.cursor().execute(self._FIRST_SQL, {
            "k": first.key, "c": list(first.corridors), "p": list(first.places)}).df()
        for term in sorted(rest, key=lambda t: bool(t.corridors or t.places)):  # cheap first
            if rows.empty:
                break
            hit = rows["norm"].str.contains(term.key, regex=False).to_numpy()
            entity = self._entity_keys(term)
            if entity:
                hit = hit | np.fromiter(((d, int(s)) in entity for d, s in zip(
                    rows["doc_id"], rows["start"], strict=True)), bool, len(rows))
            rows = rows[hit]
        return {(str(d), int(s)) for d, s in zip(rows["doc_id"], rows["start"], strict=True)}

    def term_spans(self, term: Term, doc_id: str, start: int, text: str) -> list[tuple[int, int]]:
        """Spans of one term in the sentence ``text`` starting at ``start``."""
        spans = literal_spans(text, int(start), term.key)
        cur = self.store.cursor()
        key = {"d": doc_id, "s": int(start)}
        if term.corridors:
            for (value,) in cur.execute(
                    "SELECT term_spans FROM corridor_links WHERE doc_id = $d AND start = $s "
                    f"AND corridor IN ({_ids(term.corridors)})", key).fetchall():
                spans += [(int(a), int(b)) for a, b in value or []]
        if term.places:
            spans += [(int(a), int(b)) for a, b in cur.execute(
                "SELECT start, \"end\" FROM mentions WHERE doc_id = $d AND sentence_start = $s "
                f"AND place_id IN ({_ids(term.places)})", key).fetchall()]
        return sorted(set(spans))

    def spans(self, query: str | Query, doc_id: str, start: int,
              text: str) -> list[tuple[int, int]]:
        """Spans to highlight for ``query`` in the sentence ``text`` at ``start``."""
        parsed = query if isinstance(query, Query) else self.parse(query)
        return sorted({s for t in parsed.terms for s in self.term_spans(t, doc_id, start, text)})

    def linked(self, key: Key) -> dict[str, str]:
        """``corridor -> basis`` of the links of the sentence ``key``."""
        return dict(self.store.cursor().execute(
            "SELECT corridor, basis FROM corridor_links WHERE doc_id = $d AND start = $s",
            {"d": key[0], "s": int(key[1])}).fetchall())

    def mentions(self, key: Key, place_id: str) -> bool:
        """Tell whether the sentence ``key`` mentions ``place_id``."""
        return self.store.cursor().execute(
            "SELECT count(*) FROM mentions WHERE doc_id = $d AND sentence_start = $s "
            "AND place_id = $p", {"d": key[0], "s": int(key[1]), "p": place_id}
        ).fetchone()[0] > 0

    def rank(self, query: Query, keys: Iterable[Key]) -> pd.DataFrame:
        """Order matching sentences by relevance, cheaply (no per-sentence spans).

        Per term, the score counts its literal occurrences in the sentence, plus three when
        the sentence *names* one of the term's corridors, one when it is linked to one
        otherwise (described, anaphoric), and one when it mentions one of the term's places.
        Only the matching sentences are read.

        Returns
        -------
        pandas.DataFrame
            ``doc_id``, ``start``, ``end``, ``score``; best first, then document order.
        """
        wanted = sorted(set(keys))
        cur = self.store.cursor()
        cur.register("f_keys", pd.DataFrame({
            "doc_id": pd.Series([k[0] for k in wanted], dtype="object"),
            "start": pd.Series([int(k[1]) for k in wanted], dtype="int64")}))
        table = cur.execute("SELECT doc_id, start, \"end\", norm FROM search "
                            "SEMI JOIN f_keys USING (doc_id, start) "
                            "ORDER BY doc_id, start").df()
        pairs = list(zip(table["doc_id"], table["start"].astype(int), strict=True))
        score = pd.Series(0.0, index=table.index)
        for term in query.terms:
            score += table["norm"].str.count(re.escape(term.key)).astype(float)
            linked, named, placed = set(), set(), set()
            if term.corridors:
                for d, s, basis in cur.execute(
                        "SELECT doc_id, start, basis FROM corridor_links SEMI JOIN f_keys "
                        f"USING (doc_id, start) WHERE corridor IN ({_ids(term.corridors)})"
                ).fetchall():
                    linked.add((d, int(s)))
                    if basis == "named":
                        named.add((d, int(s)))
            if term.places:
                placed = {(d, int(s)) for d, s in cur.execute(
                    "SELECT doc_id, sentence_start FROM mentions WHERE place_id IN "
                    f"({_ids(term.places)}) AND (doc_id, sentence_start) IN "
                    "(SELECT doc_id, start FROM f_keys)").fetchall()}
            if linked or placed:
                score += pd.Series([3.0 * (k in named) + 1.0 * (k in linked and k not in named)
                                    + 1.0 * (k in placed) for k in pairs], index=table.index)
        out = table[["doc_id", "start", "end"]].assign(score=score.to_numpy())
        return out.sort_values(["score", "doc_id", "start"], ascending=[False, True, True],
                               ignore_index=True)
