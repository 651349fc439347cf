"""App-side costs that grow with the corpus: the steps of a map rerun on a generated corpus.

Usage::

    python bench/bench_scale.py [--sizes 1000,10000] [--repeat 3] [--cache DIR]

For every size: generate the documents from the seeds and write them as a corpus folder
(``sources.csv`` in the app's strict format), build and save the evidence index once
(not timed; kept in ``--cache`` so a later run reuses it), load it back, then time
(medians of ``--repeat`` runs, seconds):

* ``load corpus``: reading the folder with its ``sources.csv`` (``load_corpus_safe``);
* ``source labels``: the Sources filter's label for every document;
* ``place excerpts``: the evidence panel's excerpts of the most mentioned place;
* ``chips (15)``: the places inside each of the 15 excerpts one page shows;
* ``corridor counts``: the sidebar's excerpt count per corridor;
* ``sql ...``: the same questions asked of :class:`~dashboard.core.evidence_sql.EvidenceStore`
  (DuckDB over the Parquet files, texts by offset from ``texts.parquet``): place counts,
  one page (15) of the top place's excerpts with its count, the chips of that page,
  corridor counts; and the memory the process holds after opening the store alone
  (``sql open RSS``, MB, measured in a fresh process) against loading the whole index
  into pandas as the app does (``pandas load RSS``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Row, format_table
from corpus_gen import generate, write_corpus

from dashboard.core import corpus, evidence, evidence_sql, query
from dashboard.ui import evidence_panel

PAGE = 15


def prepared(n_docs: int, cache: Path) -> tuple[Path, evidence.EvidenceIndex]:
    """Return the corpus folder and loaded index of ``n_docs`` generated documents."""
    folder, index_dir = cache / f"corpus{n_docs}", cache / f"index{n_docs}"
    if not (index_dir / "texts.json").is_file():
        docs = generate(n_docs)
        write_corpus(docs, folder)
        index = evidence.build_index(docs, evidence.make_parser())
        evidence.save_index(index, index_dir)
        evidence_sql.save_texts(index.texts, index_dir)
    return folder, evidence.load_index(index_dir)


def _median_s(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def labels_step(index) -> dict[str, str]:
    """The Sources filter's labels, as the map page builds them."""
    if hasattr(evidence_panel, "source_labels"):
        return evidence_panel.source_labels(index.documents, index.texts)
    return {d: evidence_panel.source_label(index.documents, d, index.texts)
            for d in index.documents["doc_id"]}


def chips_step(index, table) -> None:
    """The place chips of one page of excerpts."""
    for row in table.head(PAGE).itertuples(index=False):
        query.places_in_span(index, row.doc_id, row.start, row.end)


OPEN_SQL = """
import json, sys
from dashboard.core import evidence_sql, query
s = evidence_sql.EvidenceStore(sys.argv[1])
top = s.place_counts(query.Filters())["place_id"].iloc[0]
s.place_excerpts(top, query.Filters(), offset=0, limit=15)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
print(json.dumps(int(hwm.split()[1]) / 1024))
"""


OPEN_PANDAS = """
import json, sys
from pathlib import Path
from dashboard.core import evidence
evidence.load_index(Path(sys.argv[1]))
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
print(json.dumps(int(hwm.split()[1]) / 1024))
"""


def sql_rss_mb(index_dir: Path, script: str = OPEN_SQL) -> float:
    """Peak RSS (MB) of a fresh process running ``script`` (default: open the store and
    show one excerpt page; ``OPEN_PANDAS``: load the whole index as the app does today)."""
    out = subprocess.run([sys.executable, "-c", script, str(index_dir)], check=True,
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def sql_steps(index_dir: Path, top: str, repeat: int) -> dict[str, float]:
    """Time the DuckDB store's answers (seconds) and its memory (MB)."""
    sql, flt = evidence_sql.EvidenceStore(index_dir), query.Filters()

    def page():
        sql.place_excerpt_count(top, flt)
        return sql.place_excerpts(top, flt, offset=0, limit=PAGE)

    table = page()
    return {
        "sql place counts": _median_s(lambda: sql.place_counts(flt), repeat),
        "sql excerpt page": _median_s(page, repeat),
        "sql chips (15)": _median_s(lambda: [sql.places_in_span(r.doc_id, r.start, r.end)
                                             for r in table.itertuples(index=False)], repeat),
        "sql corridor counts": _median_s(
            lambda: sql.corridor_counts(flt, ["middle_corridor", "instc"]), repeat),
        "sql open RSS (MB)": sql_rss_mb(index_dir),
        "pandas load RSS (MB)": sql_rss_mb(index_dir, OPEN_PANDAS),
    }


def measure(n_docs: int, cache: Path, repeat: int) -> dict[str, float]:
    """Time the steps for one corpus size (seconds)."""
    folder, index = prepared(n_docs, cache)
    flt = query.Filters()
    top = index.places.sort_values("mention_count", ascending=False)["place_id"].iloc[0]
    table = query.place_excerpts(index, top, flt)
    state = corpus.load_corpus_safe(folder)
    if state.sources_problem:
        raise RuntimeError(state.sources_problem)
    return {
        **sql_steps(cache / f"index{n_docs}", top, repeat),
        "load corpus": _median_s(lambda: corpus.load_corpus_safe(folder), repeat),
        "source labels": _median_s(lambda: labels_step(index), repeat),
        "place excerpts": _median_s(lambda: query.place_excerpts(index, top, flt), repeat),
        "chips (15)": _median_s(lambda: chips_step(index, table), repeat),
        "corridor counts": _median_s(
            lambda: query.corridor_counts(index, flt, ["middle_corridor", "instc"]), repeat),
    }


def main() -> int:
    """Print one row per step and size."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="atlas-scale-"))
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        for step, seconds in measure(n, cache, args.repeat).items():
            unit = "MB" if "MB" in step else "s"
            rows.append(Row(f"scale {n:,} docs", step.replace(" (MB)", ""), seconds, unit))
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
