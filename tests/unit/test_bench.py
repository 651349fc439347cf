"""The benchmark harness runs on tiny inputs and reports what it measured (no timing checks)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_build  # noqa: E402
import common  # noqa: E402
import corpus_gen  # noqa: E402
import run_all  # noqa: E402

from dashboard.core.corpus.loader import load_corpus  # noqa: E402
from dashboard.core.evidence import index as evidence  # noqa: E402


def test_generated_corpus_is_deterministic_and_from_the_seeds():
    a = corpus_gen.generate(12, seed=3)
    b = corpus_gen.generate(12, seed=3)
    c = corpus_gen.generate(12, seed=4)
    assert [d.text for d in a] == [d.text for d in b]
    assert [d.text for d in a] != [d.text for d in c]
    assert len({d.doc_id for d in a}) == 12
    assert len({len(d.text) for d in a}) > 1  # varied lengths
    seed_paragraphs = {p for t in corpus_gen.seed_texts() for p in t.split("\n")}
    assert all(p in seed_paragraphs for d in a for p in d.text.split("\n"))


def test_written_corpus_loads_like_a_seed_folder(tmp_path):
    docs = corpus_gen.generate(4)
    corpus_gen.write_corpus(docs, tmp_path)
    loaded = load_corpus(tmp_path)
    assert [(d.doc_id, d.text, d.outlet, d.date) for d in loaded] == [
        (d.doc_id, d.text, d.outlet, d.date) for d in docs]


def test_written_corpus_passes_the_apps_strict_sources_reader(tmp_path):
    from dashboard.core.corpus import loader as corpus

    corpus_gen.write_corpus(corpus_gen.generate(3), tmp_path)
    state = corpus.load_corpus_safe(tmp_path)
    assert state.sources_problem == ""
    assert [d.title for d in state.documents] == [f"Generated article {i}" for i in range(3)]


def test_local_build_timing_writes_a_readable_index(tmp_path, parser):
    docs = corpus_gen.generate(6)
    result = bench_build.time_local_build(docs, parser, tmp_path)
    assert result["total_s"] >= result["analyse_s"] > 0
    index = evidence.load_index(tmp_path)
    assert len(index.documents) == 6
    assert len(index.mentions) == result["mentions"] > 0


@pytest.mark.slow  # local and Dask builds
def test_build_bench_rows_cover_every_size_and_the_dask_engine():
    rows = bench_build.bench_build([5, 10], dask_workers=1, with_cli=False)
    metrics = [r.metric for r in rows]
    assert metrics[0].startswith("local build 5 docs")
    assert metrics[1].startswith("local build 10 docs")
    assert metrics[2].startswith("dask build 10 docs")
    assert all(r.value is not None and r.value > 0 for r in rows)
    assert "x1.00 of 5" in rows[0].ratio
    assert "speed-up" in rows[2].ratio


@pytest.mark.parametrize(("target", "value", "verdict"), [
    (">= 5", 6.0, "ok"), (">= 5", 4.9, "MISS"), ("<= 50", 50.0, "ok"), ("<= 50", 51, "MISS"),
    ("", 3.0, ""), ("<= 1", None, "n/a"),
])
def test_row_verdict(target, value, verdict):
    assert common.Row("s", "m", value, "u", target).verdict() == verdict


def test_table_has_one_line_per_row_and_aligned_columns():
    rows = [common.Row("a", "metric one", 1234.5, "MB", ">= 5", "x2"),
            common.Row("bb", "m2", None, "s", note="skipped")]
    lines = common.format_table(rows).splitlines()
    assert len(lines) == 4
    assert len({len(line.rstrip()) for line in lines[:2]}) == 1
    assert "1,234" in lines[2] and "ok" in lines[2]
    assert "skipped" in lines[3]


def test_peak_rss_is_read_for_this_process():
    assert 10 < common.peak_rss_mb() < 100_000


def test_export_rows_parse_the_export_benchmark_output(monkeypatch):
    out = ("load layers: 0.05 s\npreset format  best s median s       size\n"
           "slide  png       0.79      0.80      529 KiB\n"
           "-      view     unavailable: no chromium\n")

    class Done:
        returncode, stdout, stderr = 0, out, ""

    monkeypatch.setattr(run_all.subprocess, "run", lambda *a, **k: Done())
    rows = run_all.bench_export_rows()
    assert [(r.metric, r.value) for r in rows] == [
        ("load export layers", 0.05), ("export png (slide)", 0.79), ("export view", None)]


@pytest.mark.slow  # bench subprocesses
def test_scale_bench_measures_the_app_on_its_own_index(tmp_path):
    import bench_scale

    figures = bench_scale.measure(12, tmp_path, repeat=1, browser=False)
    assert set(figures) >= {"warm_ms", "click_ms", "payload_kb", "search_s", "add_one_s"}
    assert all(v > 0 for v in figures.values())
    assert figures["search_hits"] > 0  # the search found sentences: a real query ran
    rows = bench_scale.rows_for(12, figures)
    assert [r.metric for r in rows][-1] == "add one article"


@pytest.mark.slow  # bench subprocesses
def test_build_memory_bench_reports_both_builds(tmp_path):
    import bench_build_memory

    for mode in ("memory", "stream"):
        result = bench_build_memory.run(8, mode, 3)
        assert result["rss_mb"] > 50 and result["wall_s"] > 0


def test_session_bench_reports_medians_and_the_return_to_baseline():
    import bench_sessions

    result = {"sessions": 20, "rounds": 3, "ttl": 20, "baseline": 300.0,
              "during": [330.0, 334.0, 340.0], "after": [305.0, 350.0, 306.0]}
    base, during, after = bench_sessions.rows(result)
    assert (base.value, during.value, after.value) == (300.0, 334.0, 306.0)  # medians
    assert "1.70 MB per session" in during.ratio
    assert after.verdict() == "ok" and "+6 MB" in after.ratio
    assert bench_sessions.rows({**result, "after": [400.0] * 3})[2].verdict() == "MISS"


def test_reader_bench_article_is_seed_prose_of_the_asked_size():
    import bench_reader

    text = bench_reader.long_article(0.2)
    assert 0.2e6 <= len(text.encode("utf-8")) < 0.2e6 + 5_000
    seed_paragraphs = {p for t in corpus_gen.seed_texts() for p in t.split("\n")}
    assert all(p in seed_paragraphs for p in text.split("\n")[1:])


def test_load_bench_counts_a_step_without_its_effect_as_an_error():
    import bench_load

    assert bench_load.pct([3.0, 1.0, 2.0, 4.0], 0.5) == 2.0
    assert bench_load.pct([3.0, 1.0, 2.0, 4.0], 0.95) == 4.0 and bench_load.pct([], 0.5) is None
    session = bench_load.Session()
    shown = bench_load.Run(1.5, 0, {}, [], ["<b>3 sentences</b> match “Baku”"])
    assert bench_load._check(shown, "search", session, shows="baku")
    assert not bench_load._check(shown, "search", session, shows="Kars")
    failed = bench_load.Run(0.2, 0, {}, ["ValueError: boom"], [])
    assert not bench_load._check(failed, "selection", session)
    assert session.steps == {"search": [1.5]} and len(session.errors) == 2
    result = {"sessions": 1, "warm": bench_load.Session(steps={"page load": [9.0]}),
              "baseline": 300.0, "samples": [310.0, 320.0], "visitors": [session],
              "steps": session.steps, "wall": 2.0}
    table = {r.metric: r for r in bench_load.rows(result)}
    assert table["errors (failed runs, exceptions, timeouts)"].value == 2
    assert table["search p50, 1 concurrent sessions"].value == 1.5
