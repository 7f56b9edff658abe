"""A real Oxigraph server: kg load pushes the example graph, and kg query --endpoint
returns the same rows as the same query run locally."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, SEED, free_port, oxigraph_serve

from kg.cli import main
from kg.query import list_queries

PARAMS = {"entity-profile": ["entity=Charles Michel"], "quotes-by": ["person=Manuel Valls"]}


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory, nlp) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.ttl"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "-o", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


def _json_rows(args: list[str]) -> list[dict]:
    result = CliRunner().invoke(main, ["query", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["results"]["bindings"]


@pytest.fixture(scope="module")
def loaded(oxigraph_server, seed_file):
    runner = CliRunner()
    for _ in range(2):  # a re-load replaces the graph, it does not duplicate
        result = runner.invoke(main, ["load", str(seed_file), "--endpoint", f"{oxigraph_server}/store"])
        assert result.exit_code == 0, result.output
    assert "triples sent" in result.output
    return oxigraph_server


def test_reload_does_not_duplicate(loaded, seed_file):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    remote = _json_rows([f"--endpoint={loaded}/query", "-e", count])
    local = _json_rows([str(seed_file), "-e", count])
    assert remote == local
    assert int(local[0]["n"]["value"]) > 100


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_query_gives_the_same_rows_remotely(loaded, seed_file, name):
    params = [arg for p in PARAMS.get(name, []) for arg in ("-p", p)]
    local = _json_rows([str(seed_file), "-n", name, *params])
    remote = _json_rows(["--endpoint", f"{loaded}/query", "-n", name, *params])
    assert remote == local
    assert local, f"{name} found nothing in the seed graph"


@pytest.mark.parametrize("hostile", ['"} } DROP ALL ; INSERT DATA { <urn:a> <urn:b> "c" } #',
                                     "Charles Michel\" . ?e ?p ?o . FILTER(true) #", "<>", "\\u0022 }"])
def test_hostile_parameters_match_nothing_and_change_nothing(loaded, seed_file, hostile):
    before = _json_rows(["--endpoint", f"{loaded}/query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    for source in (["--endpoint", f"{loaded}/query"], [str(seed_file)]):
        assert _json_rows([*source, "-n", "entity-profile", "-p", f"entity={hostile}"]) == []
    after = _json_rows(["--endpoint", f"{loaded}/query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    assert before == after


def test_construct_comes_back_as_rdf(loaded):
    construct = ("PREFIX kgo: <https://w3id.org/newskg/ontology#> "
                 "CONSTRUCT { ?a kgo:meets ?b } WHERE { ?a kgo:meets ?b }")
    result = CliRunner().invoke(main, ["query", "--endpoint", f"{loaded}/query", "-e", construct, "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert "<https://w3id.org/newskg/id/person/charles-michel> <https://w3id.org/newskg/ontology#meets>" in result.output


def test_unreachable_endpoint_is_one_line(tmp_path):
    port = free_port()  # nothing listens there
    result = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--endpoint", f"http://127.0.0.1:{port}/query",
                             "-e", "ASK {}", "--timeout", "5"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: http://127.0.0.1:")
    assert "unreachable" in result.stderr and "Traceback" not in result.stderr


def test_credentials_are_never_printed(loaded, monkeypatch):
    monkeypatch.setenv("KG_SPARQL_USER", "alice")
    monkeypatch.setenv("KG_SPARQL_PASSWORD", "pa55-s3cret")
    result = CliRunner().invoke(main, ["query", "--endpoint", f"{loaded}/query", "-e", "ASK {}"])
    assert result.exit_code == 1 and "plain http" in result.output  # refused before anything is sent
    result = CliRunner().invoke(main, ["query", "--endpoint", f"{loaded}/nowhere", "--allow-http", "-e", "ASK {}"])
    assert result.exit_code == 1
    assert "pa55-s3cret" not in result.output and "alice" not in result.output


def test_load_refuses_a_server_that_is_not_there(seed_file):
    result = CliRunner().invoke(main, ["load", str(seed_file), "--endpoint", f"http://127.0.0.1:{free_port()}/store",
                                       "--timeout", "5"])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "unreachable" in result.output


def test_load_falls_back_to_sparql_update(oxigraph_server, seed_file):
    """A server without the Graph Store Protocol at that URL (404) gets SPARQL Update instead."""
    graph = "https://example.org/graphs/fallback"
    result = CliRunner().invoke(main, ["load", str(seed_file), "--endpoint", f"{oxigraph_server}/no-gsp-here",
                                       "--update-endpoint", f"{oxigraph_server}/update", "--graph", graph,
                                       "--chunk", "200"])
    assert result.exit_code == 0, result.output
    assert "by update" in result.output
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    remote = _json_rows(["--endpoint", f"{oxigraph_server}/query", "-e", count])
    local = _json_rows([str(seed_file), "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    assert remote == local


def test_redirect_to_another_host_is_not_followed_and_responses_are_capped(seed_file):
    import http.server
    import threading

    from kg.errors import EndpointError
    from kg.remote import RemoteEngine

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            if self.path.startswith("/big"):
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [' + b" " * 5000 + b"]}}")
                return
            self.send_response(307)
            self.send_header("Location", "http://elsewhere.invalid/sparql")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with pytest.raises(EndpointError, match="redirected to another host"):
            RemoteEngine(f"{base}/sparql", timeout=5).query("ASK {}")
        with pytest.raises(EndpointError, match="response larger than 1000 bytes"):
            RemoteEngine(f"{base}/big", timeout=5, max_response=1000).query("SELECT ?x WHERE {}")
    finally:
        server.shutdown()


def test_seed_graph_loaded_by_kg_load_answers_like_the_local_file(tmp_path, nlp):
    """Issue 5's check, literally: the seed graph alone, loaded by kg load, queried with --endpoint."""
    seed = tmp_path / "seed.nt"
    assert CliRunner().invoke(main, ["build", str(SEED), "-o", str(seed), "--workers", "1"]).exit_code == 0
    with oxigraph_serve(tmp_path / "db") as server:
        result = CliRunner().invoke(main, ["load", str(seed), "--endpoint", f"{server}/store"])
        assert result.exit_code == 0, result.output
        for name, params in [("who-met-whom", []), ("pledges", []), ("quotes", []), ("leaders", []),
                             ("entity-profile", ["-p", "entity=Charles Michel"])]:
            local = _json_rows([str(seed), "-n", name, *params])
            assert local and _json_rows(["--endpoint", f"{server}/query", "-n", name, *params]) == local
        michel_meets_valls = _json_rows(["--endpoint", f"{server}/query", "-n", "who-met-whom"])
        assert {"Charles Michel", "Manuel Valls"} <= {b["a"]["value"] for b in michel_meets_valls} | {
            b["b"]["value"] for b in michel_meets_valls}
