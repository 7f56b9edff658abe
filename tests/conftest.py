"""Shared fixtures: the spaCy model is loaded once per session, the seed graph built once."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
SEED = EXAMPLES / "seed-france-belgium.txt"
DEV = ROOT.parent / "shared" / "eval" / "dev"

PREFIXES = """
PREFIX kgo: <https://w3id.org/newskg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_graph(nlp):
    from kg.pipeline import build_graph_from

    return build_graph_from([SEED]).graph


@pytest.fixture(scope="session")
def examples_graph(nlp):
    from kg.pipeline import build_graph_from

    return build_graph_from([EXAMPLES]).graph


@pytest.fixture(scope="session")
def build_texts(nlp):
    """Build a graph from texts (one article each) with the real model."""
    from kg.pipeline import build_graph_from

    def build(*texts: str):
        return build_graph_from(texts=list(texts)).graph

    return build


def ask(graph, where: str) -> bool:
    return bool(graph.query(PREFIXES + f"ASK {{ {where} }}").askAnswer)


def related(graph, subject: str, predicate: str, obj: str) -> bool:
    """Is there a direct triple between nodes labelled ``subject`` and ``obj``?"""
    return ask(graph, f'?s rdfs:label "{subject}" . ?o rdfs:label "{obj}" . ?s kgo:{predicate} ?o .')


def update_readme(name: str, table: str) -> None:
    """With KG_UPDATE_README=1, put ``table`` between the README's ``<!-- NAME:begin -->`` and
    ``<!-- NAME:end -->`` markers (a suite's last run, regenerated on purpose only)."""
    if not os.environ.get("KG_UPDATE_README"):
        return
    readme = ROOT / "README.md"
    text = readme.read_text()
    begin, end = f"<!-- {name}:begin -->\n", f"<!-- {name}:end -->"
    start, stop = text.index(begin) + len(begin), text.index(end)
    readme.write_text(text[:start] + table + text[stop:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_serve(location: Path):
    """A real `oxigraph serve` on a free localhost port, stopped afterwards."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read().decode()[-500:]}")
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


# Tests that run kg in subprocesses, start a cluster or a notebook, or build many articles:
# `pytest -m "not slow"` skips them for a quick loop; CI (.ci/run) runs everything.
# Listed here, by file and test name ("*" for a whole file), so test files need no edit.
SLOW = {
    "test_attacks.py": "*",
    "test_cli.py": {"test_output_is_identical_across_hash_seeds", "test_missing_model_is_a_one_line_error"},
    "test_dask.py": "*",
    "test_explore.py": {"test_notebook_runs_top_to_bottom", "test_pictures_are_written"},
    "test_model.py": {"test_minted_iris_are_strictly_valid"},
    "test_reliability.py": {"test_hostile_batch_builds_the_good_articles_and_reports_every_skip",
                            "test_hostile_output_parses_strictly_and_validates", "test_long_text_keeps_offsets",
                            "test_any_name_gives_strictly_valid_round_tripping_output",
                            "test_output_bytes_do_not_depend_on_hash_seed",
                            "test_killed_file_build_leaves_old_or_new_file",
                            "test_killed_store_build_then_rerun_equals_an_uninterrupted_build",
                            "test_runaway_query_is_stopped", "test_reliability_report"},
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = SLOW.get(item.path.name, ())
        if names == "*" or getattr(item, "originalname", item.name) in names:
            item.add_marker(pytest.mark.slow)
