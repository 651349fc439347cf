"""Peak memory of building the index: in memory then saved, against batch by batch.

Usage::

    python bench/bench_build_memory.py [--sizes 1000,10000] [--batch 500]

Each build runs in a fresh process (documents generated from the seeds inside it, so the
generated texts count in both); the figure is that process' peak RSS (VmHWM) and wall time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

from common import BENCH, REPO, Row, format_table

RUN = """
import json, sys, tempfile, time
sys.path.insert(0, {bench!r})
import common
from corpus_gen import generate
from dashboard.core.evidence import index as evidence
from dashboard.core.evidence import stream as evidence_stream
n, mode, batch, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
parser = evidence.make_parser()
t0 = time.perf_counter()
docs = generate(n)
if mode == "memory":
    evidence.save_index(evidence.build_index(docs, parser), out)
else:
    evidence_stream.build_to_folder(docs, parser, out, batch_docs=batch)
wall = time.perf_counter() - t0
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
print(json.dumps({{"wall_s": wall, "rss_mb": int(hwm.split()[1]) / 1024}}))
"""


def run(n: int, mode: str, batch: int) -> dict:
    """Build ``n`` generated documents in a fresh process; return wall time and peak RSS."""
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run(
            [sys.executable, "-c", RUN.format(bench=str(BENCH)), str(n), mode, str(batch), out],
            check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    """Print peak RSS and wall time per size and build mode."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--batch", type=int, default=500)
    args = ap.parse_args()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        for mode in ("memory", "stream"):
            r = run(n, mode, args.batch)
            rows.append(Row(f"build {n:,} docs", f"{mode} peak RSS", r["rss_mb"], "MB",
                            "<= 1000" if mode == "stream" else ""))
            rows.append(Row(f"build {n:,} docs", f"{mode} wall", r["wall_s"], "s"))
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
