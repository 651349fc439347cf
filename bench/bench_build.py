"""Build time of the evidence index for generated corpora, local engine and Dask engine.

Usage::

    python bench/bench_build.py [--sizes 1000,10000] [--full] [--dask-workers 2]

For every size: generate the documents in memory (not timed), then time
``build_index`` (analysis + tables) and ``save_index`` (Parquet) into a temporary folder.
Per-document cost per size shows whether cost grows linearly. The Dask engine is timed
on the largest size on a ``LocalCluster`` of single-threaded worker processes, and the
``build`` command's wall time and peak RSS on the seeds in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, Row, format_table, text_mb
from corpus_gen import generate

from dashboard.core.corpus.loader import Document
from dashboard.core.evidence import engine_dask
from dashboard.core.evidence import index as evidence

TARGET_10K_S = 10.0


def time_local_build(docs: list[Document], parser: evidence.Parser, folder: Path) -> dict:
    """Build and save the index of ``docs`` with the local engine.

    Returns
    -------
    dict
        ``analyse_s``, ``save_s``, ``total_s`` (wall), ``cpu_s`` and row counts.
    """
    c0 = time.process_time()
    t0 = time.perf_counter()
    index = evidence.build_index(docs, parser)
    t1 = time.perf_counter()
    evidence.save_index(index, folder)
    t2 = time.perf_counter()
    return {"analyse_s": t1 - t0, "save_s": t2 - t1, "total_s": t2 - t0,
            "cpu_s": time.process_time() - c0,
            "mentions": len(index.mentions), "links": len(index.corridor_links)}


def time_dask_build(docs: list[Document], parser: evidence.Parser, folder: Path,
                    workers: int) -> dict:
    """Build the partitioned index of ``docs`` on a local Dask cluster.

    Returns
    -------
    dict
        ``cluster_s`` (start-up), ``total_s`` (build, excluding start-up), ``workers``.
    """
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        t1 = time.perf_counter()
        engine_dask.run_on_client(client, docs, parser, folder)
        t2 = time.perf_counter()
    return {"cluster_s": t1 - t0, "total_s": t2 - t1, "workers": workers}


def cli_build_seeds(tmp: Path) -> dict:
    """Run ``python -m dashboard build --force`` on the seeds in a fresh process.

    Returns
    -------
    dict
        ``wall_s`` and ``peak_rss_mb`` (VmHWM of that process at exit).
    """
    code = (
        "import sys\n"
        "from dashboard.cli import main\n"
        f"code = main(['build', '--force', '--cache', {str(tmp)!r}])\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print('VMHWM', hwm, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    kb = next(int(x.split()[1]) for x in proc.stderr.splitlines() if x.startswith("VMHWM"))
    return {"wall_s": wall, "peak_rss_mb": kb / 1024}


def bench_build(sizes: list[int], seed: int = 7, dask_workers: int = 2,
                with_cli: bool = True) -> list[Row]:
    """Time builds for every size (and Dask on the largest); return table rows."""
    parser = evidence.make_parser()
    rows: list[Row] = []
    per_doc: dict[int, float] = {}
    cpu_doc: dict[int, float] = {}
    local_s: dict[int, float] = {}
    largest_docs: list[Document] = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        for n in sizes:
            docs = generate(n, seed)
            r = time_local_build(docs, parser, Path(tmp) / f"local-{n}")
            per_doc[n] = r["total_s"] / n * 1000
            cpu_doc[n] = r["cpu_s"] / n * 1000
            local_s[n] = r["total_s"]
            base = sizes[0]
            ratio = (f"per doc {per_doc[n]:.2f} ms = x{per_doc[n] / per_doc[base]:.2f} of "
                     f"{base:,}; CPU per doc {cpu_doc[n]:.2f} ms = "
                     f"x{cpu_doc[n] / cpu_doc[base]:.2f}")
            target = f"<= {TARGET_10K_S:g}" if n == 10_000 else ""
            mb = text_mb([d.text for d in docs])
            rows.append(Row("build", f"local build {n:,} docs ({mb:.0f} MB)",
                            r["total_s"], "s", target, ratio,
                            f"analyse {r['analyse_s']:.1f} s, save {r['save_s']:.1f} s"))
            largest_docs = docs
        if dask_workers > 0 and largest_docs:
            n = len(largest_docs)
            r = time_dask_build(largest_docs, parser, Path(tmp) / "dask", dask_workers)
            rows.append(Row("build", f"dask build {n:,} docs ({dask_workers} workers x 1)",
                            r["total_s"], "s", f"<= {TARGET_10K_S:g}" if n == 10_000 else "",
                            f"speed-up x{local_s[n] / r['total_s']:.2f} vs local",
                            f"cluster start {r['cluster_s']:.1f} s not included"))
        if with_cli:
            r = cli_build_seeds(Path(tmp) / "cli")
            rows.append(Row("build", "build command on seeds (fresh process)", r["wall_s"], "s",
                            note="includes interpreter start and imports"))
            rows.append(Row("memory", "peak RSS of build command (seeds)", r["peak_rss_mb"],
                            "MB", "<= 350"))
    return rows


def main() -> int:
    """Run the build benchmark alone."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--full", action="store_true", help="add 100,000 documents")
    ap.add_argument("--dask-workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", action="store_true", help="print rows as JSON lines")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.full and 100_000 not in sizes:
        sizes.append(100_000)
    rows = bench_build(sorted(sizes), dask_workers=args.dask_workers)
    print("\n".join(json.dumps(r.__dict__) for r in rows) if args.json else format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
