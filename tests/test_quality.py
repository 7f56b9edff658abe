"""Extraction quality on the annotated dev articles, scored per GUIDELINES.md.

The build is deterministic, so these thresholds are stable, not timing tests.
"""

from __future__ import annotations

import pytest

from conftest import DEV

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/eval/dev")


@pytest.fixture(scope="module")
def scores(nlp):
    from kg.evaluate import evaluate_folder, totals

    found = evaluate_folder(DEV)
    return found, totals(found)


def test_entity_f1(scores):
    _, total = scores
    assert total.entities.f1 >= 0.90
    assert total.duplicates == 0


def test_relation_f1(scores):
    _, total = scores
    assert total.relations.f1 >= 0.75


def test_quote_f1(scores):
    _, total = scores
    assert total.quotes.f1 >= 0.80


def test_no_boilerplate_entities(scores):
    articles, _ = scores
    assert [a.name for a in articles if a.not_entities] == []


def test_scorer_counts_a_wrong_graph_as_wrong():
    from rdflib import RDF, RDFS, Graph, Literal, URIRef

    from kg.evaluate import score_graph
    from kg.vocab import KGO

    graph = Graph()
    a, b = URIRef("urn:a"), URIRef("urn:b")
    graph.add((a, RDF.type, KGO.Person))
    graph.add((a, RDFS.label, Literal("Charles Michel")))
    graph.add((b, RDF.type, KGO.Person))
    graph.add((b, RDFS.label, Literal("Michel")))
    graph.add((a, KGO.criticizes, b))
    gold = {"entities": [{"name": "Charles Michel", "type": "Person", "aliases": ["Michel"]},
                         {"name": "Manuel Valls", "type": "Person", "aliases": []}],
            "relations": [["Charles Michel", "meets", "Manuel Valls"]], "quotes": []}
    score = score_graph(graph, gold, "toy")
    assert score.duplicates == 1
    assert score.entities.recall == 0.5
    assert score.relations.f1 == 0.0
