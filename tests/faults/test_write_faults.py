"""Writes that cannot half-happen: kill -9, stale locks, read-only folders, full disks."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from dashboard.core.corpus import store, store_journal

from .conftest import (
    REPO,
    assert_app_serves_map,
    assert_corpus_consistent,
    can_mount,
    cli,
    no_outside_request,
    no_traceback,
    snapshot,
)

ARTICLE = ("The railway from Kars to Nakhchivan would cross the Araxes near Meghri.\n"
           "Engineers in Baku say the Aghband section is the last gap in the line.\n")
OTHER = ("Trucks wait at the Upper Lars crossing between Georgia and Russia for days.\n"
         "Officials in Tbilisi promise a new terminal near Kazbegi this year.\n")


def _article(env, name="julfa.txt", text=ARTICLE):
    path = env.root / name
    path.write_text(text, encoding="utf-8")
    return path


def _check(env, result, before, added: int):
    """No traceback, nothing outside, the corpus as before plus ``added`` complete adds."""
    no_traceback(result.out, result.err)
    no_outside_request(env)
    assert_corpus_consistent(env.seeds)
    after = snapshot(env.seeds)
    assert {k: v for k, v in after.items() if k in before and k != "sources.csv"} == {
        k: v for k, v in before.items() if k != "sources.csv"}
    articles = [k for k in after if k.endswith(".txt")]
    assert len(articles) - len([k for k in before if k.endswith(".txt")]) == added
    assert_app_serves_map(env)


@pytest.mark.parametrize("point,finished", [
    ("add:after-journal", False), ("add:after-text", True), ("add:after-backup", True),
    ("add:before-journal-clear", True)])
def test_add_killed_at_any_point_is_finished_or_rolled_back(env, point, finished):
    before = snapshot(env.seeds)
    path = _article(env)
    killed = cli(env, "add", str(path), "--title", "Julfa", point=point)
    assert killed.code == -9
    assert (env.seeds / store_journal.LOCK_NAME).exists()  # the dead writer's lock is left behind
    started = time.monotonic()
    result = cli(env, "add", str(_article(env, "other.txt", OTHER)), "--title", "Lars")
    assert result.code == 0, result.err
    assert time.monotonic() - started < 60  # not the 120 s stale-lock wait
    titles = [r["title"] for r in store.read_sources_table(env.seeds).rows]
    assert ("Julfa" in titles) is finished and "Lars" in titles
    _check(env, result, before, added=2 if finished else 1)
    again = cli(env, "add", str(path), "--title", "Julfa")  # never a duplicate of an orphan
    no_traceback(again.out, again.err)
    assert (again.code == 1 and "duplicate" in again.err) if finished else again.code == 0


def test_remove_killed_between_move_and_row_is_finished(env):
    before = snapshot(env.seeds)
    doc = store.read_sources_table(env.seeds).rows[0]
    killed = cli(env, "remove", doc["id"], point="remove:after-move")
    assert killed.code == -9
    result = cli(env, "add", str(_article(env)), "--title", "Julfa")
    assert result.code == 0, result.err
    assert doc["id"] not in store.read_sources_table(env.seeds).ids()
    no_traceback(result.out, result.err)
    assert_corpus_consistent(env.seeds)
    assert set(snapshot(env.seeds)) - {"sources.csv.bak"} == (set(before) - {doc["file"]}) | {
        r["file"] for r in store.read_sources_table(env.seeds).rows}
    assert_app_serves_map(env)


def test_orphan_text_of_an_old_interrupted_add_is_adopted_not_refused(env):
    before = snapshot(env.seeds)
    orphan = env.seeds / "005_0123456789abcdef.txt"
    orphan.write_text(ARTICLE, encoding="utf-8")
    result = cli(env, "add", str(_article(env)), "--title", "Julfa")
    assert result.code == 0, result.err
    row = store.read_sources_table(env.seeds).meta_for(orphan.name)
    assert row is not None and row["title"] == "Julfa"
    assert orphan.read_text(encoding="utf-8") == ARTICLE
    _check(env, result, before, added=1)


def test_stale_lock_of_a_dead_process_is_cleared_at_once(env):
    before = snapshot(env.seeds)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket
    (env.seeds / store_journal.LOCK_NAME).write_text(f"{dead.pid} {socket.gethostname()}")
    started = time.monotonic()
    result = cli(env, "add", str(_article(env)))
    assert result.code == 0, result.err
    assert time.monotonic() - started < 30
    _check(env, result, before, added=1)


def test_live_lock_is_respected(env):
    from filelock import FileLock

    before = snapshot(env.seeds)
    holder = FileLock(env.seeds / store_journal.LOCK_NAME)  # another writer holds the folder
    with holder, pytest.raises(store.IngestError, match="in progress"), \
            store_journal.folder_lock(env.seeds, timeout=0.3):
        pass
    assert snapshot(env.seeds) == before
    with store_journal.folder_lock(env.seeds, timeout=0.3):  # released: free again
        pass


def test_corrupt_sources_csv_refuses_add_and_remove_and_changes_nothing(env):
    (env.seeds / "sources.csv").write_bytes(b"id,file\n\x00\xff\xfe garbage,,,\n")
    before = snapshot(env.seeds)
    added = cli(env, "add", str(_article(env)))
    removed = cli(env, "remove", "000")
    for result in (added, removed):
        no_traceback(result.out, result.err)
        assert result.code == 1 and "sources.csv" in result.err
    assert snapshot(env.seeds) == before
    no_outside_request(env)
    assert_app_serves_map(env)
    assert_app_serves_map(env, "views/sources.py", restart=False)


def test_add_of_dev_zero_and_a_pipe_is_bounded(env):
    before = snapshot(env.seeds)
    result = cli(env, "add", "/dev/zero", timeout=60)
    no_traceback(result.out, result.err)
    assert result.code == 1 and "larger than the limit" in result.err
    assert "zero" in result.err
    assert snapshot(env.seeds) == before
    assert_corpus_consistent(env.seeds)


def test_negative_limit_is_refused(env):
    result = cli(env, "add", str(_article(env)), "--max-mb", "-1")
    no_traceback(result.out, result.err)
    assert result.code == 2 and "--max-mb" in result.err


def test_concurrent_adds_lose_no_row(env):
    before = snapshot(env.seeds)
    paths = [_article(env, f"a{i}.txt", f"{ARTICLE}Note number {i} from Ordubad.\n")
             for i in range(4)]
    procs = [subprocess.Popen([sys.executable, "-m", "tests.faults.faultpoint", "none", "add",
                               str(p)], cwd=REPO, env=env.environ(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in paths]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        no_traceback(out, err)
        assert proc.returncode == 0, err
    _check(env, type("R", (), {"out": "", "err": ""})(), before, added=4)


def test_file_removed_while_the_app_runs(env):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=120).run()
    assert not at.exception
    victim = store.read_sources_table(env.seeds).rows[0]["file"]
    (env.seeds / victim).unlink()
    at.run()
    assert not at.exception, at.exception
    for page in ("views/reader.py", "views/sources.py", "views/overview.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)


# ------------------------------------------------------------ real mounts (namespaces)
needs_mount = pytest.mark.skipif(not can_mount(), reason="no private mount namespaces here")


def _in_namespace(env, script: str) -> subprocess.CompletedProcess:
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], cwd=REPO, env=env.environ(),
                          capture_output=True, text=True, timeout=300)


@needs_mount
def test_read_only_corpus_gives_a_message_naming_the_folder(env):
    before = snapshot(env.seeds)
    path = _article(env)
    doc = store.read_sources_table(env.seeds).rows[0]["id"]
    py = f"{sys.executable} -m tests.faults.faultpoint none"
    proc = _in_namespace(env, f"""
        mount --bind -o ro "{env.seeds}" "{env.seeds}"
        set +e
        {py} add "{path}"; echo "add=$?"
        {py} remove {doc}; echo "remove=$?"
    """)
    no_traceback(proc.stdout, proc.stderr)
    assert "add=1" in proc.stdout and "remove=1" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stderr.count(f"the corpus folder {env.seeds} cannot be written") == 2
    assert "Read-only file system" in proc.stderr
    assert snapshot(env.seeds) == before
    no_outside_request(env)
    assert_app_serves_map(env)


@needs_mount
def test_disk_full_during_add_leaves_the_corpus_as_before(env):
    """A 64 KB tmpfs holding the corpus fills up while the article is written."""
    big = _article(env, "big.txt", ARTICLE * 400)  # ~60 KB: the disk cannot hold it
    seeds_copy = env.root / "seeds-copy"
    py = f"{sys.executable} -m tests.faults.faultpoint none"
    proc = _in_namespace(env, f"""
        cp -a "{env.seeds}" "{seeds_copy}"
        size=$(du -sk "{env.seeds}" | cut -f1)
        mount -t tmpfs -o size=$((size + 40))k tmpfs "{env.seeds}"
        cp -a "{seeds_copy}/." "{env.seeds}/"
        set +e
        {py} add "{big}"; echo "add=$?"
        {py} add "{_article(env, 'other.txt', OTHER)}"; echo "small=$?"
        rm -rf "{seeds_copy}"; mkdir "{seeds_copy}"; cp -a "{env.seeds}/." "{seeds_copy}/"
    """)
    no_traceback(proc.stdout, proc.stderr)
    assert "add=1" in proc.stdout, proc.stdout + proc.stderr
    assert "No space left on device" in proc.stderr and "nothing was added" in proc.stderr
    assert "small=0" in proc.stdout, proc.stderr  # the next add works
    after = snapshot(seeds_copy)
    assert_corpus_consistent(seeds_copy)
    before = snapshot(env.seeds)
    assert {k: v for k, v in after.items() if k in before and k != "sources.csv"} == {
        k: v for k, v in before.items() if k != "sources.csv"}
    assert len([k for k in after if k.endswith(".txt")]) == len(
        [k for k in before if k.endswith(".txt")]) + 1
    no_outside_request(env)
