"""The derived cache heals itself: damaged, partial, foreign or leftover entries."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dashboard.core.evidence import cachestore
from dashboard.core.evidence.index import TABLES, fingerprint
from dashboard.core.paths import geodata_dir

from .conftest import (
    REPO,
    assert_app_serves_map,
    cli,
    no_outside_request,
    no_traceback,
    snapshot,
)

FILES = [f"{t}.parquet" for t in (*TABLES, "texts", "search")] + [cachestore.MANIFEST]


def _built(env):
    result = cli(env, "build")
    assert result.code == 0, result.err
    key = fingerprint(env.seeds, geodata_dir())
    return env.cache / "evidence" / key, key


def _rebuild_heals(env, entry, key, expect_notice=True):
    before = snapshot(env.seeds)
    result = cli(env, "build")
    no_traceback(result.out, result.err)
    assert result.code == 0, result.err
    if expect_notice:
        assert "damaged" in result.err and "rebuilding" in result.err
    cachestore.verify(entry, key)
    assert snapshot(env.seeds) == before
    no_outside_request(env)
    assert sorted(p.name for p in entry.parent.iterdir()) == [key]  # nothing left over
    assert_app_serves_map(env)


@pytest.mark.parametrize("name", FILES)
def test_deleted_cache_file_is_rebuilt(env, name):
    entry, key = _built(env)
    (entry / name).unlink()
    _rebuild_heals(env, entry, key)


@pytest.mark.parametrize("name", FILES)
def test_truncated_cache_file_is_rebuilt(env, name):
    entry, key = _built(env)
    path = entry / name
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _rebuild_heals(env, entry, key)


def test_garbage_texts_of_the_same_size_are_rebuilt(env):
    entry, key = _built(env)
    path = entry / "texts.parquet"
    path.write_bytes(b"x" * path.stat().st_size)
    _rebuild_heals(env, entry, key)


def test_foreign_file_in_the_entry_is_rebuilt(env):
    entry, key = _built(env)
    (entry / "places.parquet.old").write_bytes(b"PAR1")
    _rebuild_heals(env, entry, key)


def test_unfinished_entry_in_the_way_is_replaced_not_errno_39(env):
    """A killed build of the old code left ``<key>/`` without a manifest (ENOTEMPTY)."""
    entry, key = _built(env)
    (entry / cachestore.MANIFEST).unlink()
    (entry / "mentions.parquet").unlink()
    _rebuild_heals(env, entry, key)


def test_leftover_build_folder_of_a_dead_process_is_swept(env):
    entry, key = _built(env)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = entry.parent / f".tmp-{dead.pid}-abcd"
    leftover.mkdir()
    (leftover / "texts.parquet").write_bytes(b"PAR1")
    _rebuild_heals(env, entry, key, expect_notice=False)
    assert not leftover.exists()


def test_app_start_with_a_damaged_cache_rebuilds(env):
    entry, key = _built(env)
    (entry / "texts.parquet").write_bytes(b"\x00garbage")
    assert_app_serves_map(env)
    cachestore.verify(entry, key)


@pytest.mark.parametrize("point", ["build:mid-tables", "build:before-manifest",
                                   "build:before-install", "build:after-install"])
def test_build_killed_at_any_point_then_rebuilt(env, point):
    before = snapshot(env.seeds)
    killed = cli(env, "build", point=point)
    assert killed.code == -9
    key = fingerprint(env.seeds, geodata_dir())
    entry = env.cache / "evidence" / key
    assert point == "build:after-install" or not entry.exists()
    _rebuild_heals(env, entry, key, expect_notice=False)
    assert snapshot(env.seeds) == before


def test_two_concurrent_builders_do_not_corrupt_each_other(env):
    procs = [subprocess.Popen([sys.executable, "-m", "tests.faults.faultpoint", "none", "build"],
                              cwd=REPO, env=env.environ(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        no_traceback(out, err)
        assert proc.returncode == 0, err
    key = fingerprint(env.seeds, geodata_dir())
    entry = env.cache / "evidence" / key
    cachestore.verify(entry, key)
    assert sorted(os.listdir(entry.parent)) == [key]
    no_outside_request(env)
    assert_app_serves_map(env)


def _app_run(env):
    """One page load (a new session of the running app): the map page as a visitor sees it."""
    import html

    from streamlit.testing.v1 import AppTest

    from .conftest import APP

    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    comps = [c for c in at.get("component_instance")
             if getattr(c.proto, "component_name", "").endswith(".atlas_map")]
    assert comps, "no map on the page"
    warnings = [html.unescape(w.value) for w in at.warning]
    return warnings


@pytest.mark.parametrize("name", FILES)
def test_app_says_the_cache_was_damaged_rebuilds_it_and_draws_the_map(env, name):
    """Done-when: deleting any single cache file and reloading shows the map after a message."""
    entry, key = _built(env)
    before = snapshot(env.seeds)
    (entry / name).unlink()
    warnings = _app_run(env)
    said = [w for w in warnings if w.startswith("The evidence cache was damaged (")]
    assert said, warnings
    named = "no manifest" if name == cachestore.MANIFEST else f"{name} is missing"
    assert named in said[0] and said[0].endswith("; rebuilding… done."), said[0]
    no_traceback(*warnings)
    cachestore.verify(entry, key)  # rebuilt and intact
    assert snapshot(env.seeds) == before
    # the next visitor finds it healed: no message
    assert not [w for w in _app_run(env) if "evidence cache" in w]


def test_app_says_so_for_a_truncated_table_too(env):
    entry, key = _built(env)
    path = entry / "mentions.parquet"
    path.write_bytes(path.read_bytes()[:100])
    said = [w for w in _app_run(env) if w.startswith("The evidence cache was damaged (")]
    assert said and "mentions.parquet has the wrong size" in said[0], said
    cachestore.verify(entry, key)
