"""A 4.9 MB article in the Reader: time to the first drawn page and server CPU per view.

Usage::

    python bench/bench_reader.py [--repeat 5] [--mb 4.9]

A copy of the seed corpus plus one article of ``--mb`` MB made of the seed paragraphs
(real prose, so it carries thousands of place and corridor highlights) is added with the
CLI and indexed with ``build``.  ``streamlit run dashboard/app.py`` serves it on a free
loopback port; Debian chromium (Playwright, non-loopback requests aborted) opens
``/reader?doc=…`` in a fresh context per run and waits for the article's text block
(``.atlas-doc``).  Reported as medians of ``--repeat`` runs: wall time from navigation
to the drawn page, and the server's CPU time (user + system, from ``/proc``) spent on
that view -- for the first page and for a link to an excerpt near the end (which opens
the Reader on the last page).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, Row, format_table

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def long_article(mb: float) -> str:
    """About ``mb`` MB of seed paragraphs, cycled (a headline first)."""
    paragraphs = [p for f in sorted((REPO / "seeds").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n")[1:] if len(p) > 80]
    out, size, i = ["Corridor digest: a year of reporting"], 0, 0
    while size < mb * 1e6:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        size += len(p.encode("utf-8")) + 1
        i += 1
    return "\n".join(out)


def prepare(tmp: Path, mb: float) -> tuple[dict[str, str], str, int, int, float, float]:
    """Copy the seeds, add the long article, build; return env, id, chars, bytes, times."""
    import shutil

    seeds = tmp / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    for p in seeds.iterdir():
        p.chmod(0o644)
    text = long_article(mb)
    src = tmp / "digest.txt"
    src.write_text(text, encoding="utf-8")
    env = {**os.environ, "ATLAS_SEEDS_DIR": str(seeds), "ATLAS_CACHE_DIR": str(tmp / "cache"),
           "ATLAS_STORAGE": "local", "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard", "add", str(src)], cwd=REPO, env=env,
                   check=True, capture_output=True)
    added = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard", "build"], cwd=REPO, env=env, check=True,
                   capture_output=True)
    built = time.perf_counter() - t0
    from dashboard.core.corpus import store

    row = [r for r in store.read_sources_table(seeds).rows if r["original_file"] == "digest.txt"]
    return env, row[0]["id"], len(text), src.stat().st_size, added, built


def start_server(tmp: Path, env: dict[str, str]):
    """``streamlit run`` on a free loopback port with ``env``."""
    from tests.browser.conftest import free_port, wait_healthy

    port = free_port()
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed by the caller
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, timeout=180)
    return proc, url, log


def open_reader(browser, proc, url: str) -> tuple[float, float, int]:
    """Open ``url`` in a fresh context; return wall s, server CPU s, characters drawn."""
    from tests.browser.conftest import OfflinePage

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = OfflinePage(context.new_page())
        cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
        page.page.goto(url, wait_until="domcontentloaded")
        page.page.wait_for_selector(".atlas-doc", timeout=600_000)
        wall = time.perf_counter() - t0
        page.page.wait_for_timeout(1000)  # let the run finish
        cpu = cpu_seconds(proc.pid) - cpu0
        drawn = len(page.page.inner_text(".atlas-doc"))
        if page.blocked:
            raise RuntimeError(f"outside requests: {page.blocked}")
        return wall, cpu, drawn
    finally:
        context.close()


def measure(repeat: int = 5, mb: float = 4.9) -> dict:
    """Prepare the corpus, serve it and time the Reader views."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, stop_streamlit

    with tempfile.TemporaryDirectory(prefix="atlas-bench-reader-") as tmp, \
            sync_playwright() as pw:
        env, doc, length, size, added, built = prepare(Path(tmp), mb)
        proc, url, log = start_server(Path(tmp), env)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            first_url = f"{url}/reader?doc={doc}"
            end_url = f"{first_url}&at={length - 300}&end={length - 250}"
            cold = open_reader(browser, proc, first_url)
            firsts = [open_reader(browser, proc, first_url) for _ in range(repeat)]
            ends = [open_reader(browser, proc, end_url) for _ in range(repeat)]
        finally:
            browser.close()
            stop_streamlit(proc, log)
    return {"mb": size / 1e6, "added_s": added, "built_s": built, "cold": cold,
            "first": firsts, "end": ends}


def rows(result: dict) -> list[Row]:
    """Table rows of a :func:`measure` result."""
    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    mb = result["mb"]
    c = result["cold"]
    return [
        Row("reader", f"{mb:.1f} MB article: CLI add", result["added_s"], "s"),
        Row("reader", f"{mb:.1f} MB article: build (seeds + article)", result["built_s"], "s"),
        Row("reader", "first view after server start -> page drawn", c[0], "s",
            note=f"server CPU {c[1]:.1f} s (includes loading the index)"),
        Row("reader", "open at page 1 -> page drawn (median)", med(result["first"], 0), "s",
            "<= 10", note=f"server CPU {med(result['first'], 1):.2f} s; "
            f"{med(result['first'], 2):,.0f} characters drawn"),
        Row("reader", "excerpt link near the end -> last page drawn (median)",
            med(result["end"], 0), "s", "<= 10",
            note=f"server CPU {med(result['end'], 1):.2f} s"),
    ]


def main() -> int:
    """Run the Reader benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mb", type=float, default=4.9)
    args = parser.parse_args()
    print(format_table(rows(measure(args.repeat, args.mb))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
