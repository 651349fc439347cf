"""The Dask engine gives exactly the local engine's index, written as partitioned Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import dask
import distributed
import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core.corpus.loader import document_from_text, load_corpus
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence import engine_dask
from dashboard.core.evidence import index as evidence
from dashboard.core.paths import seeds_dir


@pytest.fixture(scope="module")
def client():
    """A small in-process cluster: 2 workers x 1 thread."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def local_index(tmp_path_factory, parser) -> evidence.EvidenceIndex:
    """The local engine's index of the seeds, through its own Parquet round trip."""
    folder = tmp_path_factory.mktemp("local")
    evidence.save_index(evidence.build_index(load_corpus(seeds_dir()), parser), folder)
    return evidence.load_index(folder)


def assert_same_index(a: evidence.EvidenceIndex, b: evidence.EvidenceIndex) -> None:
    for name in evidence.TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert a.texts == b.texts


@pytest.mark.slow  # a Dask cluster
@pytest.mark.parametrize("collect", [False, True], ids=["workers-write", "client-writes"])
def test_dask_index_equals_local_index(tmp_path, client, local_index, collect):
    index = evidence_cache.load_whole(evidence_cache.load_or_build(
        cache=tmp_path, engine="dask", client=client, partitions=3, collect=collect))
    assert_same_index(local_index, index)
    folder = next((tmp_path / "evidence").iterdir())
    assert engine_dask.is_partitioned(folder)
    for table in engine_dask.PARTITIONED_TABLES:
        parts = sorted(p.name for p in (folder / f"{table}.parquet").iterdir())
        assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert json.loads((folder / engine_dask.MANIFEST).read_text())["partitions"] == 3


@pytest.mark.slow  # a Dask cluster
def test_app_loader_reads_the_dask_index(tmp_path, client, local_index):
    """The app's loader (same cache key) finds the Dask-built index and reads it as is."""
    evidence_cache.load_or_build(cache=tmp_path, engine="dask", client=client, partitions=2)
    assert evidence_cache.index_is_cached(cache=tmp_path)
    assert_same_index(local_index, evidence_cache.load_or_build_index(cache=tmp_path))


@pytest.mark.slow  # a Dask cluster
def test_empty_slices_keep_column_types(tmp_path, client, parser):
    """A slice without mentions or links writes typed empty parts; the folder still reads."""
    docs = [document_from_text("Nothing geographic is said here.\n", "aaa.txt"),
            *load_corpus(seeds_dir()),
            document_from_text("Still nothing.\n", "zzz.txt")]
    engine_dask.run_on_client(client, docs, parser, tmp_path, partitions=len(docs))
    index = engine_dask.load_index_any(tmp_path)
    expected = evidence.build_index(docs, parser)
    assert list(index.documents["doc_id"]) == [d.doc_id for d in docs]
    assert index.mentions["start"].dtype == expected.mentions["start"].dtype
    assert len(index.mentions) == len(expected.mentions)
    assert len(index.corridor_links) == len(expected.corridor_links)
    assert index.places.equals(expected.places)


@pytest.mark.parametrize("cuts", [[1], [2, 3], [1, 2, 3, 4]])
def test_combined_places_equal_places_table(local_index, cuts):
    mentions = local_index.mentions
    docs = list(local_index.documents["doc_id"])
    bounds = [0, *cuts, len(docs)]
    partials = [
        engine_dask.partial_places(mentions[mentions["doc_id"].isin(docs[a:b])])
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]
    pd.testing.assert_frame_equal(engine_dask.combine_places(partials),
                                  evidence.places_table(mentions))


def test_split_keeps_order_and_sizes():
    items = list(range(10))
    chunks = engine_dask.split(items, 3)
    assert [len(c) for c in chunks] == [4, 3, 3]
    assert [x for c in chunks for x in c] == items
    assert engine_dask.split(items, 50) == [[x] for x in items]
    assert engine_dask.split([], 4) == [[]]


def test_default_partitions():
    assert engine_dask.default_partitions(5, 2) == 5
    assert engine_dask.default_partitions(1000, 2) == 8
    assert engine_dask.default_partitions(100_000, 2) == 50
    assert engine_dask.default_partitions(0, 4) == 1


@pytest.mark.slow  # a Dask cluster
def test_build_cli_with_dask_engine(tmp_path, client, local_index, capsys):
    code = main(["build", "--engine", "dask", "--scheduler", client.scheduler.address,
                 "--partitions", "2", "--cache", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert any(line.startswith("| mentions") and line.split("|")[2].strip()
               == str(len(local_index.mentions)) for line in out.splitlines())
    folder = next((tmp_path / "evidence").iterdir())
    assert engine_dask.is_partitioned(folder)
    assert_same_index(local_index, evidence.load_index(Path(folder)))


@pytest.mark.slow  # a Dask cluster
def test_build_cli_reports_unreachable_scheduler(tmp_path, capsys):
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["build", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                     "--cache", str(tmp_path)])
    assert code == 2
    assert "build:" in capsys.readouterr().err
    assert not any((tmp_path / "evidence").glob("*/texts.parquet"))
