"""The whole benchmark suite in one command, printing one table.

Usage::

    .venv/bin/python bench/run_all.py            # quick: builds of 1k and 10k documents
    .venv/bin/python bench/run_all.py --full     # adds the 100k-document build
    .venv/bin/python bench/run_all.py --sizes 1000,5000 --skip app,exports

Sections (every figure and ratio measured in the same run):

* ``extract``: ``extract`` throughput (MB/s, words/s) on generated documents, timed by
  ``bench_extract.run_extract``, against spaCy's blank English tokenizer on the same texts
  (``bench_extract.bench_spacy``; the small English pipeline when it is installed);
* ``build``: local build time per corpus size with per-document cost (linearity), the
  Dask engine on the largest size, the ``build`` command's peak RSS (``bench_build``);
* ``search``: search-index build, match and results-list latency on the seeds and on the
  largest generated corpus (``bench_search``);
* ``app``/``payload``/``memory``: cold start in chromium, AppTest warm reruns, map payload,
  the server's peak RSS (``bench_app``); click -> evidence panel in chromium
  (``bench_click``);
* ``exports``: time of each export (``bench_export.py``, run in its own process).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import time

from common import BENCH, REPO, Row, format_table, text_mb

SECTIONS = ("extract", "build", "search", "app", "exports")
TARGET_MB_S = 5.0


def bench_extract_rows(n_docs: int = 1000, seed: int = 7) -> list[Row]:
    """Extract throughput against spaCy's blank English tokenizer on the same texts."""
    from bench_extract import bench_spacy, run_extract, synthetic_corpus
    from corpus_gen import seed_texts

    from dashboard.core.evidence.index import make_parser

    parser = make_parser()
    texts = synthetic_corpus(seed_texts(), n_docs, seed)
    mb, words = text_mb(texts), sum(len(t.split()) for t in texts)
    run_extract(texts[:50], parser)  # warm-up (first-call costs are not throughput)
    timed = run_extract(texts, parser)  # (wall s, [CPU s,] JSON lines)
    seconds = timed[0]
    cpu = timed[1] if len(timed) > 2 else None
    ours = mb / seconds
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench_spacy(texts)
    spacy_rows = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    rows = []
    blank = next((r for r in spacy_rows if "spacy" in r and "MB/s" in r), None)
    vs = f"x{ours / blank['MB/s']:.2f} of spaCy blank tokenizer" if blank else ""
    rows.append(Row("extract", f"extract throughput, 1 core ({n_docs:,} docs, {mb:.1f} MB)",
                    ours, "MB/s", f">= {TARGET_MB_S:g}", vs,
                    f"{mb / cpu:.1f} MB per CPU second" if cpu else ""))
    rows.append(Row("extract", "extract throughput in words", words / seconds, "words/s",
                    ratio=f"x{words / seconds / blank['words/s']:.2f} of spaCy" if blank else ""))
    if blank:
        rows.append(Row("extract", "spaCy blank English tokenizer, same texts", blank["MB/s"],
                        "MB/s", note=f"{blank['words/s']:,} words/s; {blank['spacy']}"))
    else:
        rows.append(Row("extract", "spaCy blank English tokenizer", None, "MB/s",
                        note="spaCy not installed (requirements-dev.txt)"))
    ner = next((r for r in spacy_rows if "spacy_ner" in r), None)
    if ner and "MB/s" in ner:
        rows.append(Row("extract", "spaCy en_core_web_sm NER (sample)", ner["MB/s"], "MB/s",
                        ratio=f"x{ours / ner['MB/s']:.0f} faster"))
    elif ner:
        rows.append(Row("extract", "spaCy en_core_web_sm", None, "MB/s",
                        note="not on the package registry; not installed"))
    return rows


def bench_export_rows(repeat: int = 1) -> list[Row]:
    """Run ``bench_export.py`` in its own process and turn its lines into rows."""
    proc = subprocess.run([sys.executable, str(BENCH / "bench_export.py"), "--repeat",
                           str(repeat)], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    if proc.returncode != 0:
        return [Row("exports", "bench_export.py failed", None, "s",
                    note=proc.stderr.strip().splitlines()[-1][:80] if proc.stderr else "")]
    rows = []
    for line in proc.stdout.splitlines():
        parts = line.split()
        if line.startswith("load layers:"):
            rows.append(Row("exports", "load export layers", float(parts[2]), "s"))
        elif len(parts) >= 4 and parts[0] in ("slide", "a4", "-") and parts[2] == "unavailable:":
            rows.append(Row("exports", f"export {parts[1]}", None, "s",
                            note=" ".join(parts[3:])[:60]))
        elif len(parts) == 6 and parts[0] in ("slide", "a4", "-"):
            preset = "" if parts[0] == "-" else f" ({parts[0]})"
            rows.append(Row("exports", f"export {parts[1]}{preset}", float(parts[2]), "s",
                            note=f"{parts[4]} KiB"))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the suite and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="build sizes (comma-separated)")
    ap.add_argument("--full", action="store_true", help="add the 100,000-document build")
    ap.add_argument("--extract-docs", type=int, default=1000)
    ap.add_argument("--dask-workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=7, help="AppTest repetitions")
    ap.add_argument("--skip", default="", help=f"sections to skip: {','.join(SECTIONS)}")
    ap.add_argument("--no-browser", action="store_true", help="skip the chromium cold start")
    ap.add_argument("--json", action="store_true", help="also print the rows as JSON lines")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | ({100_000} if args.full else
                                                                  set()))
    started = time.perf_counter()
    rows: list[Row] = []
    if "extract" not in skip:
        rows += bench_extract_rows(args.extract_docs)
    if "build" not in skip:
        from bench_build import bench_build

        rows += bench_build(sizes, dask_workers=args.dask_workers)
    if "search" not in skip:
        from bench_search import bench_search

        rows += bench_search(max(sizes), repeat=args.repeat)
    if "app" not in skip:
        from bench_app import bench_app

        rows += bench_app(args.repeat, browser=not args.no_browser)
        if not args.no_browser:
            from bench_click import bench_click

            rows += bench_click()
    if "exports" not in skip:
        rows += bench_export_rows()
    print(format_table(rows))
    misses = [r for r in rows if r.verdict() == "MISS"]
    print(f"\n{len(rows)} figures, {sum(r.verdict() == 'ok' for r in rows)} targets met, "
          f"{len(misses)} missed; {os.cpu_count()} cores; "
          f"{time.perf_counter() - started:.0f} s")
    if args.json:
        print("\n".join(json.dumps(r.__dict__) for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
