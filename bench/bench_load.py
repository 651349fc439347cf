"""Load you can trust: concurrent sessions through Streamlit's own protocol, no browsers.

Usage::

    python bench/bench_load.py [--sessions 20] [--searches 2] [--budget 600]

Starts ``streamlit run dashboard/app.py`` on a free loopback port (fresh cache folder, the
seed corpus or ``--corpus``, read-only) and drives ``--sessions`` concurrent sessions with
a light client: each opens the app's websocket (``/_stcore/stream``) and speaks the
protocol a browser speaks -- ``BackMsg`` requests (a script run with widget states) and
``ForwardMsg`` answers, the installed Streamlit's generated protobuf classes -- so 20
sessions cost the client a few MB, not 20 chromium processes on 2 cores.

Each session does what a person does on the Map page, one step after the other:

* **page load** -- the first run of the app for a new session, until ``script_finished``;
* **search** -- the sidebar's "Search the excerpts" box set to a word (``--searches``
  different words per session, from :data:`QUERIES`), until the rerun finishes (the page
  must then show the word: the results' heading);
* **selection** -- the "Corridor" choice set to a corridor (the search kept), until the
  rerun finishes (the page must then show that corridor's card).

A step is an error when its run ends other than successfully, shows an exception element,
or does not finish within ``--step-timeout`` seconds; connection failures count too.  The
server's resident set (``VmRSS``) is sampled every 0.5 s.  Bounded: loopback only, at
most ``--sessions`` (<= 50) connections and ``--budget`` seconds of load.  A warm-up
session first fills the process-wide caches (its page load is reported apart, "cold");
then one session does the same steps alone, the baseline the concurrent figures are
compared with (ratios in the same run, on the same loaded or idle machine).
Latency is the time from sending the request to the run's end as the server reports it --
what a browser waits for before it can paint, without the browser's own rendering.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import REPO, Row, format_table

APP = REPO / "dashboard" / "app.py"
QUERIES = ("Baku", "Kars", "railway", "pipeline", "Armenia", "Georgia", "Iran", "Russia",
           "Nakhchivan", "port", "Tbilisi", "gas", "Turkey", "corridor", "Yerevan", "trade")
SEARCH_LABEL = "Search the excerpts"
CORRIDOR_LABEL = "Corridor"
MAX_SESSIONS = 50


@dataclass
class Session:
    """What one simulated visitor measured."""

    steps: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def record(self, step: str, seconds: float) -> None:
        self.steps.setdefault(step, []).append(seconds)


@dataclass
class Run:
    """The outcome of one script run: seconds, how it ended, widgets and exceptions seen."""

    seconds: float
    status: int | None
    widgets: dict[str, tuple[str, object]]  # label -> (widget id, element proto)
    exceptions: list[str]
    texts: list[str]  # Markdown and alerts shown (to check that a step did what it asked)


async def run_script(ws, states: dict[str, str], timeout: float) -> Run:
    """Ask for a script run with ``states`` (widget id -> string value); wait for its end."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = ""
    for wid, value in states.items():
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = wid
        state.string_value = value
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    widgets: dict[str, tuple[str, object]] = {}
    exceptions: list[str] = []
    texts: list[str] = []
    async with asyncio.timeout(timeout):
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await ws.recv())
            kind = fm.WhichOneof("type")
            if kind == "script_finished":
                return Run(time.perf_counter() - started, fm.script_finished, widgets,
                           exceptions, texts)
            if kind != "delta" or fm.delta.WhichOneof("type") != "new_element":
                continue
            element = fm.delta.new_element
            name = element.WhichOneof("type")
            if name == "exception":
                exceptions.append(element.exception.message[:200])
            elif name in ("markdown", "alert"):
                texts.append(getattr(element, name).body)
            elif name in ("text_input", "selectbox"):
                proto = getattr(element, name)
                widgets[proto.label] = (proto.id, proto)


def _check(run: Run, step: str, session: Session, shows: str = "", within: str = "") -> bool:
    """Record the step; an unsuccessful run, an exception or a missing effect is an error.

    ``shows``: text a Markdown element (one containing ``within``) must show afterwards.
    """
    if run.status != 0 or run.exceptions:
        session.errors.append(f"{step}: status {run.status}, exceptions {run.exceptions}")
        return False
    if shows and not any(shows.lower() in html.unescape(t).lower() and within in t
                         for t in run.texts):
        session.errors.append(f"{step}: the page does not show {shows!r}")
        return False
    session.record(step, run.seconds)
    return True


async def visit(url: str, n: int, searches: int, timeout: float) -> Session:
    """One visitor: page load, then ``searches`` times a search and a corridor selection."""
    import websockets

    session = Session()
    try:
        async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream",
                                      subprotocols=["streamlit"], max_size=None,
                                      open_timeout=timeout) as ws:
            run = await run_script(ws, {}, timeout)
            if not _check(run, "page load", session):
                return session
            search_id = run.widgets[SEARCH_LABEL][0]
            corridor_id, corridor = run.widgets[CORRIDOR_LABEL]
            none, *options = list(corridor.options)  # the first option is "no corridor"
            for i in range(searches):
                query = QUERIES[(n * searches + i) % len(QUERIES)]
                states = {search_id: query, corridor_id: none}  # results show without one
                if not _check(await run_script(ws, states, timeout), "search", session,
                              shows=query):
                    return session
                choice = options[(n + i) % len(options)]
                states[corridor_id] = choice
                if not _check(await run_script(ws, states, timeout), "selection", session,
                              shows=choice.split()[0], within="<h4"):
                    return session
    except (TimeoutError, OSError, KeyError, Exception) as exc:  # noqa: BLE001 - counted
        session.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    return session


def rss_mb(pid: int) -> float:
    """Current resident set size (VmRSS) of ``pid`` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class Sampler(threading.Thread):
    """Samples a process's RSS every 0.5 s until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.samples, self._done = pid, [], threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.samples.append(rss_mb(self.pid))
            self._done.wait(0.5)

    def stop(self) -> list[float]:
        self._done.set()
        self.join()
        return self.samples


def start_server(tmp: Path, corpus: Path | None) -> tuple[subprocess.Popen, str, object]:
    """Start the app on a free loopback port, read-only, with its own cache folder."""
    from tests.browser.conftest import free_port, wait_healthy

    port = free_port()
    env = {**os.environ, "ATLAS_CACHE_DIR": str(tmp / "cache"), "ATLAS_READ_ONLY": "1"}
    if corpus is not None:
        env["ATLAS_SEEDS_DIR"] = str(corpus)
    log = open(tmp / "streamlit.log", "w")  # noqa: SIM115 - closed by the caller
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, timeout=180)
    return proc, url, log


async def load(url: str, sessions: int, searches: int, timeout: float,
               budget: float) -> tuple[list[Session], float]:
    """Run ``sessions`` visitors at once (within ``budget`` seconds); return them and the wall."""
    started = time.perf_counter()
    tasks = [asyncio.create_task(visit(url, n, searches, timeout)) for n in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=budget)
    for task in pending:
        task.cancel()
    out = [t.result() for t in done]
    out += [Session(errors=["over the time budget"]) for _ in pending]
    return out, time.perf_counter() - started


def pct(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) of ``values``, nearest rank; ``None`` when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def measure(sessions: int, searches: int, timeout: float, budget: float,
            corpus: Path | None) -> dict:
    """Start the server, warm it up, drive the sessions; return the figures."""
    sessions = max(1, min(sessions, MAX_SESSIONS))
    with tempfile.TemporaryDirectory(prefix="atlas-load-") as tmp:
        proc, url, log = start_server(Path(tmp), corpus)
        try:
            warm = asyncio.run(visit(url, 0, 1, timeout * 3))
            alone = asyncio.run(visit(url, sessions, searches, timeout))  # same steps, alone
            baseline = rss_mb(proc.pid)
            sampler = Sampler(proc.pid)
            sampler.start()
            visitors, wall = asyncio.run(load(url, sessions, searches, timeout, budget))
            samples = sampler.stop()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
    steps: dict[str, list[float]] = {}
    for v in visitors:
        for step, values in v.steps.items():
            steps.setdefault(step, []).extend(values)
    return {"sessions": sessions, "searches": searches, "warm": warm, "alone": alone,
            "baseline": baseline,
            "samples": samples, "visitors": visitors, "steps": steps, "wall": wall}


def rows(result: dict) -> list[Row]:
    """Table rows of a :func:`measure` result."""
    n = result["sessions"]
    warm = result["warm"].steps.get("page load", [None])[0]
    out = [Row("load", "page load, first session (cold caches)", warm, "s")]
    alone = result.get("alone") or Session()
    for step in ("page load", "search", "selection"):
        values = result["steps"].get(step, [])
        single = pct(alone.steps.get(step, []), 0.5)
        out.append(Row("load", f"{step} p50, one session alone (same server, warm)", single,
                       "s"))
        for q in (0.5, 0.95):
            value = pct(values, q)
            ratio = f"x{value / single:.1f} vs alone" if value and single else ""
            out.append(Row("load", f"{step} p{round(q * 100)}, {n} concurrent sessions",
                           value, "s", ratio=ratio, note=f"{len(values)} runs"))
    errors = ([e for v in result["visitors"] for e in v.errors] + result["warm"].errors
              + alone.errors)
    out.append(Row("load", "errors (failed runs, exceptions, timeouts)", len(errors), "",
                   "<= 0", note="; ".join(sorted(set(errors)))[:120]))
    samples = result["samples"] or [result["baseline"]]
    out += [Row("load", "server RSS after the warm-up session", result["baseline"], "MB"),
            Row("load", f"server RSS, median / peak under {n} sessions",
                statistics.median(samples), "MB", ratio=f"peak {max(samples):.0f} MB"),
            Row("load", "wall time of the load", result["wall"], "s")]
    return out


def main() -> int:
    """Run the load benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"1..{MAX_SESSIONS}")
    parser.add_argument("--searches", type=int, default=2,
                        help="search + selection pairs per session")
    parser.add_argument("--step-timeout", type=float, default=120.0,
                        help="seconds one run may take before it counts as an error")
    parser.add_argument("--budget", type=float, default=600.0,
                        help="seconds the whole load may take")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="corpus folder (default: the seed corpus)")
    args = parser.parse_args()
    result = measure(args.sessions, max(0, args.searches), args.step_timeout, args.budget,
                     args.corpus)
    print(format_table(rows(result)))
    for n, visitor in enumerate(result["visitors"]):
        for error in visitor.errors:
            print(f"session {n}: {error}", file=sys.stderr)
    return 1 if any(v.errors for v in result["visitors"]) else 0


if __name__ == "__main__":
    sys.exit(main())
