"""Session memory: does the app server give memory back after visitors leave?

Usage::

    python bench/bench_sessions.py [--sessions 20] [--rounds 3] [--ttl 20]

``streamlit run dashboard/app.py`` on a free loopback port (a fresh cache folder, the
seed corpus) and Debian chromium (Playwright, every non-loopback request aborted).  One
warm-up visit fills the process-wide caches; then each round opens ``--sessions``
browser sessions (one context each, all kept open), each loading the map with its own
search (``?q=``, one of ``--queries`` words, so per-view caches fill) and then the
Reader, and closes them all.

The server's resident set (``VmRSS``) is sampled every 0.5 s and reported as medians:
*baseline* after the warm-up, *during* with every session of the round open, *after*
once the closed sessions have expired.  Streamlit keeps a disconnected session for
``server.disconnectedSessionTTL`` seconds (120 by default) in case the browser
reconnects; ``--ttl`` shortens that for the run (the release path is the same) and
*after* is sampled ``ttl + 10`` s after the close.
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

APP = REPO / "dashboard" / "app.py"
#: Searches of the sessions (words of the seed corpus), cycled.
QUERIES = ("Baku", "Kars", "railway", "pipeline", "Armenia", "Georgia", "Iran", "Russia",
           "Nakhchivan", "port", "Tbilisi", "gas", "Turkey", "corridor", "Yerevan", "trade")


def rss_mb(pid: int) -> float:
    """Current resident set size (VmRSS) of ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def sampled_median(pid: int, seconds: float = 5.0, every: float = 0.5) -> float:
    """Median of the RSS samples taken over ``seconds``."""
    samples = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        samples.append(rss_mb(pid))
        time.sleep(every)
    return statistics.median(samples)


def start_server(tmp: Path, ttl: int) -> tuple[subprocess.Popen, str, object]:
    """Start the app on a free loopback port with the given disconnected-session TTL."""
    from tests.browser.conftest import free_port, wait_healthy

    port = free_port()
    env = {**os.environ, "ATLAS_CACHE_DIR": str(tmp / "cache"), "ATLAS_STORAGE": "session"}
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed by the caller
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--server.disconnectedSessionTTL", str(ttl)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, timeout=180)
    return proc, url, log


def visit(browser, url: str, query: str):
    """Open one session: the map with a search, then the Reader; return its open context."""
    from tests.browser.conftest import OfflinePage, map_frame

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = OfflinePage(context.new_page())
    page.page.goto(f"{url}/?q={query}", wait_until="domcontentloaded")
    map_frame(page.page, timeout_ms=180_000)
    page.page.goto(f"{url}/reader", wait_until="domcontentloaded")
    page.page.wait_for_selector("[data-testid='stMain']", timeout=120_000)
    page.page.wait_for_timeout(1500)
    if page.blocked:
        raise RuntimeError(f"outside requests: {page.blocked}")
    return context


def measure(sessions: int = 20, rounds: int = 3, ttl: int = 20, queries: int = 16) -> dict:
    """Run the rounds; return baseline, per-round during/after medians (MB)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, stop_streamlit

    with tempfile.TemporaryDirectory(prefix="atlas-bench-sessions-") as tmp, \
            sync_playwright() as pw:
        proc, url, log = start_server(Path(tmp), ttl)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            visit(browser, url, "Baku").close()
            time.sleep(ttl + 10)
            baseline = sampled_median(proc.pid)
            during, after = [], []
            for r in range(rounds):
                contexts = [visit(browser, url, QUERIES[(r * sessions + i) % queries])
                            for i in range(sessions)]
                during.append(sampled_median(proc.pid))
                for context in contexts:
                    context.close()
                time.sleep(ttl + 10)
                after.append(sampled_median(proc.pid))
        finally:
            browser.close()
            stop_streamlit(proc, log)
    return {"sessions": sessions, "rounds": rounds, "ttl": ttl, "queries": queries,
            "baseline": baseline,
            "during": during, "after": after}


def rows(result: dict) -> list[Row]:
    """Table rows of a :func:`measure` result."""
    base = result["baseline"]
    during = statistics.median(result["during"])
    after = statistics.median(result["after"])
    n = result["sessions"]
    return [
        Row("sessions", "server RSS, baseline (after one warm-up visit)", base, "MB"),
        Row("sessions", f"server RSS, {n} sessions open", during, "MB",
            ratio=f"+{during - base:.0f} MB, {(during - base) / n:.2f} MB per session"),
        Row("sessions", f"server RSS, {ttl_note(result)} after closing them", after, "MB",
            "<= " + f"{base * 1.10:.0f}", ratio=f"{after - base:+.0f} MB vs baseline",
            note="rounds: " + ", ".join(f"{a:.0f}" for a in result["after"])),
    ]


def ttl_note(result: dict) -> str:
    """How long after the close *after* was sampled."""
    return f"{result['ttl'] + 10} s"


def main() -> int:
    """Run the session-memory benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ttl", type=int, default=20,
                        help="server.disconnectedSessionTTL for the run (Streamlit: 120)")
    parser.add_argument("--queries", type=int, default=len(QUERIES),
                        help=f"distinct searches among the sessions (1..{len(QUERIES)})")
    args = parser.parse_args()
    result = measure(args.sessions, args.rounds, args.ttl, min(max(args.queries, 1),
                                                                len(QUERIES)))
    print(format_table(rows(result)))
    print("during, per round: " + ", ".join(f"{d:.0f}" for d in result["during"]) + " MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
