"""Wall-clock throughput of ``python -m dashboard extract`` on a generated folder.

Usage::

    python bench/bench_extract_cli.py [--mb 20] [--runs 3] [--keep DIR] [--against DIR]

Writes a corpus of about ``--mb`` MB generated from the seeds (:mod:`corpus_gen`, the same
texts as ``bench_extract``) into a temporary folder, then runs the real command line
(``python -m dashboard extract FOLDER -o OUTPUT``) ``--runs`` times in a fresh process each,
on one core (the command is single-threaded). Reported as medians: MB/s wall-clock
(process start to exit, start-up included), MB per CPU second of the child (user + system),
the start-up cost (the same command on one short file) in wall and CPU seconds, once with an
empty cache (the compiled parser is built and cached) and then warm, and the peak resident
memory of the extracting and of the start-up process. ``--against`` names another
checkout of the repository (e.g. ``git worktree add ../before <commit>``): both are run,
interleaved, on the same folder, so a shared machine's drift hits both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the repository on sys.path)
from corpus_gen import generate, write_corpus

REPO = Path(__file__).resolve().parents[1]


def make_folder(mb: float, folder: Path, seed: int = 7) -> float:
    """Write generated documents totalling about ``mb`` MB (UTF-8) into ``folder``.

    Returns the size written in MB.
    """
    docs = generate(max(1, int(mb * 1e6 / 4500)), seed)  # ~4.5 kB per generated document
    size = 0
    kept = []
    for d in docs:
        if size >= mb * 1e6:
            break
        kept.append(d)
        size += len(d.text.encode("utf-8"))
    while size < mb * 1e6:  # top up (the per-document estimate was low)
        extra = generate(len(kept) + 200, seed)[len(kept):]
        for d in extra:
            if size >= mb * 1e6:
                break
            kept.append(d)
            size += len(d.text.encode("utf-8"))
    write_corpus(kept, folder)
    return size / 1e6


def run_cli(args: list[str], repo: Path = REPO, cache: Path | None = None) -> tuple[float, ...]:
    """Run ``python -m dashboard`` of ``repo`` with ``args``; return wall s, CPU s, peak RSS MB.

    ``cache`` is the application's cache folder (``ATLAS_CACHE_DIR``) for the run.
    """
    cmd = [sys.executable, "-c", _CHILD, *args]
    env = {**os.environ, **({"ATLAS_CACHE_DIR": str(cache)} if cache else {})}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"extract failed ({proc.returncode}): {proc.stderr[-2000:]}")
    usage = json.loads(proc.stderr.strip().splitlines()[-1])
    return wall, usage["cpu"], usage["rss_mb"]


# The child runs the CLI exactly as ``python -m dashboard`` does, then reports its own CPU
# time and peak RSS on stderr (the parent's rusage of children would mix runs together).
_CHILD = """
import json, resource, sys
from dashboard.cli import main
sys.argv[0] = "dashboard"
code = main(sys.argv[1:])
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": u.ru_utime + u.ru_stime, "rss_mb": u.ru_maxrss / 1024}), file=sys.stderr)
sys.exit(code)
"""


def _summary(mb: float, full: list, startup: list, cold: tuple, out: Path) -> dict:
    """Medians of the runs of one checkout (``cold``: one start-up with an empty cache)."""
    wall = statistics.median(r[0] for r in full)
    cpu = statistics.median(r[1] for r in full)
    return {
        "MB": round(mb, 2),
        "runs": len(full),
        "wall_s": round(wall, 2),
        "MB/s_wall": round(mb / wall, 2),
        "cpu_s": round(cpu, 2),
        "MB/cpu_s": round(mb / cpu, 2),
        "startup_wall_s": round(statistics.median(r[0] for r in startup), 3),
        "startup_cpu_s": round(statistics.median(r[1] for r in startup), 3),
        "startup_rss_MB": round(statistics.median(r[2] for r in startup), 1),
        "cold_startup_wall_s": round(cold[0], 3),
        "cold_startup_cpu_s": round(cold[1], 3),
        "extract_rss_MB": round(statistics.median(r[2] for r in full), 1),
        "wall_all": [round(r[0], 2) for r in full],
        "json_lines": sum(1 for _ in out.open(encoding="utf-8")),
    }


def bench(folder: Path, mb: float, runs: int, repos: dict[str, Path]) -> dict[str, dict]:
    """Median figures per checkout of ``runs`` extract runs on ``folder`` and of start-up.

    Runs are interleaved across checkouts; when there are two, their outputs must be equal.
    """
    small = folder.parent / "one.txt"
    small.write_text("Trains run from Baku to Tbilisi.\n", encoding="utf-8")
    outs = {name: folder.parent / f"out-{name}.jsonl" for name in repos}
    caches = {name: folder.parent / f"cache-{name}" for name in repos}
    full: dict[str, list] = {name: [] for name in repos}
    startup: dict[str, list] = {name: [] for name in repos}
    cold = {}
    for name, repo in repos.items():  # start-up with an empty cache (builds what it caches)
        shutil.rmtree(caches[name], ignore_errors=True)
        cold[name] = run_cli(["extract", str(small), "-o", os.devnull], repo, caches[name])
    for _ in range(runs):
        for name, repo in repos.items():
            args = ["extract", str(small), "-o", os.devnull]
            startup[name].append(run_cli(args, repo, caches[name]))
            args = ["extract", str(folder), "-o", str(outs[name])]
            full[name].append(run_cli(args, repo, caches[name]))
    result = {
        name: _summary(mb, full[name], startup[name], cold[name], outs[name]) for name in repos
    }
    if len(repos) > 1:
        texts = {outs[name].read_bytes() for name in repos}
        result["same_output"] = len(texts) == 1
    return result


def main() -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="reuse/keep the corpus here")
    ap.add_argument("--against", type=Path, default=None, help="another checkout to compare")
    args = ap.parse_args()
    repos = {"this": REPO}
    if args.against:
        repos["against"] = args.against.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        folder = root / "corpus"
        if folder.is_dir() and any(folder.glob("*.txt")):
            mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
        else:
            mb = make_folder(args.mb, folder)
        for name, row in bench(folder, mb, args.runs, repos).items():
            print(json.dumps({"checkout": name, **row} if isinstance(row, dict) else {name: row}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
