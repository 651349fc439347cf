"""Who says what at scale: facet counts, the ranked first page, "who says what", reprints.

Usage::

    python bench/bench_voices.py [--docs 10000] [--repeat 5] [--reprints 0.15]

A corpus of ``--docs`` generated articles (:mod:`corpus_gen`) is made diverse: in every
sentence most lower-case words are swapped for pseudo-words drawn per document (names,
numbers and corridor terms stay, so geoparsing and linking still fire), so two articles
share a sentence only when one reprints the other. ``--reprints`` of the articles then
reprint two to four sentences of an earlier one, with whitespace, quotes and a word
changed. Outlets follow a regional mix of registry domains (10 % unknown). The index is
built by the app's own build (:func:`dashboard.core.evidence.cache.build_folder`), with
the time spent computing reprint keys (:func:`dashboard.core.evidence.reprints.band_keys`)
measured inside it. Then, on the stored index: opening the outlet and reprint tables, the
facet counts, the ranked first page (15 excerpts) and "who says what" of the most linked
corridor, medians of ``--repeat`` runs.

Targets (issue 24, at 100k): each query <= 500 ms; reprint detection <= 20 % of build.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import Row, format_table
from corpus_gen import generate

from dashboard.core.corpus.loader import Document
from dashboard.core.evidence import cache, reprints, voices
from dashboard.core.evidence import sql as evidence_sql
from dashboard.core.evidence.query import Filters

#: (domain, weight): a regional press mix; ``None`` is an outlet the registry lacks.
MIX = (("azertag.az", 8), ("trend.az", 6), ("apa.az", 5), ("armenpress.am", 7),
       ("civilnet.am", 4), ("news.am", 4), ("tass.com", 6), ("ria.ru", 4), ("irna.ir", 5),
       ("tehrantimes.com", 3), ("aa.com.tr", 5), ("dailysabah.com", 3), ("civil.ge", 4),
       ("oc-media.org", 3), ("eurasianet.org", 4), ("reuters.com", 3), ("xinhuanet.com", 3),
       ("inform.kz", 2), ("thehindu.com", 2), ("state.gov", 1), ("eeas.europa.eu", 1),
       (None, 10))


def _pseudo(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou")
                   for _ in range(rng.randint(2, 4)))


def diversify(text: str, rng: random.Random, share: float = 0.75) -> str:
    """Swap ``share`` of the lower-case words of ``text`` for pseudo-words."""
    words = text.split(" ")
    return " ".join(_pseudo(rng) if w.isalpha() and w.islower() and rng.random() < share
                    else w for w in words)


def _sentences(text: str) -> list[str]:
    return [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.split()) > 9]


def corpus(n_docs: int, reprint_share: float, seed: int = 5) -> list[Document]:
    """Make the diverse corpus with its reprints and outlet mix (deterministic)."""
    rng = random.Random(seed)
    domains = [d for d, w in MIX for _ in range(w)]
    out: list[Document] = []
    for i, doc in enumerate(generate(n_docs, seed=seed)):
        text = diversify(doc.text, rng)
        if out and rng.random() < reprint_share:
            source = _sentences(out[rng.randrange(len(out))].text)
            picked = rng.sample(source, min(len(source), rng.randint(2, 4)))
            copies = [f"\u201c{s}\u201d".replace(" the ", "  the ", 1) for s in picked]
            text = text + "\n\n" + " ".join(copies)
        domain = rng.choice(domains)
        url = f"https://{domain}/news/{i}" if domain else f"https://unlisted{i % 50}.example/{i}"
        out.append(Document(doc.doc_id, doc.file, doc.title, "", "" if domain else "Some Daily",
                            doc.date, url, text, [(0, len(text))]))
    return out


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(n_docs: int, repeat: int, reprint_share: float) -> list[Row]:
    """Build, then time the queries; return the table rows."""
    docs = corpus(n_docs, reprint_share)
    spent = [0.0]
    keys = reprints.band_keys

    def timed(norms):
        start = time.perf_counter()
        try:
            return keys(norms)
        finally:
            spent[0] += time.perf_counter() - start

    evidence_sql.band_keys = timed
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        folder = cache.build_folder(docs, Path(tmp) / "index")
        build = time.perf_counter() - start
        evidence_sql.band_keys = keys
        index = cache.open_index(folder)
        start = time.perf_counter()
        index.store.voices()
        tables = (time.perf_counter() - start) * 1000
        groups = index.store.sql("SELECT count(*) AS n, count(DISTINCT (g_doc, g_start)) AS g "
                                 "FROM reprints").iloc[0]
        top = index.store.sql("SELECT corridor, count(*) AS n FROM corridor_links "
                              "GROUP BY 1 ORDER BY n DESC LIMIT 1").iloc[0]
        cid, flt = str(top["corridor"]), Filters()
        facets = _median(lambda: voices.facet_counts(index, "corridor", cid, flt), repeat)
        first = _median(lambda: voices.ranked_excerpts(index, "corridor", cid, flt)
                        .page(1, 15), repeat)
        who = _median(lambda: voices.who_says_what(index, "corridor", cid, flt), repeat)
        share = spent[0] / build * 100
        label = f"{n_docs:,} docs"
        print(f"{label}: {int(top['n'])} excerpts of {cid}; {int(groups['n'])} sentences in "
              f"{int(groups['g'])} reprint groups; build {build:.1f} s, reprint keys "
              f"{spent[0]:.1f} s")
        return [Row(label, "open outlet + reprint tables", tables, "ms"),
                Row(label, f"facet counts ({cid})", facets, "ms", "<= 500"),
                Row(label, "ranked first page (15)", first, "ms", "<= 500"),
                Row(label, "who says what", who, "ms", "<= 500"),
                Row(label, "reprint keys, share of build", share, "%", "<= 20",
                    note=f"build {build:.0f} s")]


def main() -> None:
    """Parse the options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reprints", type=float, default=0.15)
    args = parser.parse_args()
    print(format_table(run(args.docs, args.repeat, args.reprints)))


if __name__ == "__main__":
    main()
