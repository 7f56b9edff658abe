"""Every graph newskg builds conforms to its SHACL shapes; broken graphs are reported readably."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import DEV
from rdflib import Graph

from kg.cli import main
from kg.pipeline import build_graph_from
from kg.validate import validate


def test_example_articles_conform(examples_graph):
    assert validate(examples_graph) == []


@pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/eval/dev")
def test_every_dev_article_conforms_alone_and_together(nlp):
    for path in sorted(DEV.glob("*.txt")):
        assert validate(build_graph_from([path]).graph) == [], path.name
    assert validate(build_graph_from([DEV]).graph) == []


def test_sentences_written_for_the_tests_conform(build_texts):
    graph = build_texts("Germany and Poland pledged on Tuesday to build a joint hydrogen pipeline.",
                        "Prime Minister Anna Lind did not meet President Karl Berg in Oslo.",
                        '"We will not give up," Lind said.')
    assert validate(graph) == []


BROKEN = """
@prefix kgo: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<https://w3id.org/newskg/id/person/a> a kgo:Person ; rdfs:label "A", "B" ;
    kgo:meets <https://w3id.org/newskg/id/concept/x> .
<https://w3id.org/newskg/id/concept/x> a kgo:Concept ; rdfs:label "x" .
<https://w3id.org/newskg/id/statement/1> a kgo:Statement ; rdf:subject <https://w3id.org/newskg/id/person/a> ;
    rdf:predicate kgo:meets ; rdf:object <https://w3id.org/newskg/id/concept/x> .
"""


def test_violations_are_reported_one_per_line(tmp_path):
    violations = validate(Graph().parse(data=BROKEN, format="turtle"))
    messages = [str(v) for v in violations]
    assert any("exactly one non-empty rdfs:label" in m and m.startswith("Violation: A") for m in messages)
    assert any("needs exactly one source article" in m for m in messages)
    assert any("kgo:Agent" in m for m in messages)  # meets a Concept: the range is wrong
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "violation(s)" in result.output
