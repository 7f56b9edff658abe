"""Beyond one machine: a build on a Dask cluster equals the local build, byte for byte."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from kg.cli import main
from kg.graph import serialize
from kg.pipeline import build_graph_from

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


def test_dask_build_equals_local_build(nlp, cluster):
    local = build_graph_from([EXAMPLES], workers=1).graph
    with distributed.Client(cluster) as client:
        on_dask = build_graph_from([EXAMPLES], dask=client, chunk=1).graph
        # Both workers did some of the work: each loaded the spaCy model.
        loaded = client.run(lambda: __import__("kg.nlp").nlp.load_model.cache_info().currsize)
        assert sorted(loaded.values()) == [1, 1]
    assert serialize(on_dask, "nt") == serialize(local, "nt")


def test_cli_dask_option(nlp, cluster, tmp_path):
    runner = CliRunner()
    local, remote = tmp_path / "local.nt", tmp_path / "dask.nt"
    assert runner.invoke(main, ["build", str(EXAMPLES), "-o", str(local), "--workers", "1"]).exit_code == 0
    result = runner.invoke(main, ["build", str(EXAMPLES), "-o", str(remote), "--dask", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert remote.read_bytes() == local.read_bytes()


def test_unreachable_scheduler_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "-o", str(tmp_path / "x.nt"),
                                       "--dask", "tcp://127.0.0.1:9"])  # nothing listens on port 9
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
