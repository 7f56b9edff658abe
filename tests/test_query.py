"""Named queries: every .rq parses and runs; parameters are bound, never pasted."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.query import format_result, list_queries, run_query


# The rows each named query must find in the example articles.
EXPECTED = {
    "who-met-whom": ("a", "b", {("Charles Michel", "Manuel Valls"), ("Antonio Ferreira", "Lucia Moreno")}),
    "pledges": ("party", "pledge", {("France", "develop national PNR database")}),
    "calls-for": ("party", "demand", {("Belgium", "European security pact")}),
    "criticism": ("critic", "target", {("Javier Ortega", "European Commission"), ("Kaja Kallas", "Russia")}),
    "leaders": ("leader", "of", {("Charles Michel", "Belgium"), ("Manuel Valls", "France")}),
    "quotes": ("speaker", "article", {("Manuel Valls", "seed-france-belgium")}),
    "quotes-by": ("speaker", "article", {("Manuel Valls", "seed-france-belgium")}),
    "entity-profile": ("relation", "other", {("meets", "Manuel Valls"), ("leaderOf", "Belgium")}),
    "timeline": ("subject", "relation", {("France", "cooperatesWith")}),
    "co-occurrence": ("a", "b", {("Europe", "France")}),
}
PARAMS = {"quotes-by": {"person": "Valls"}, "entity-profile": {"entity": "Charles Michel"}}


def test_every_named_query_has_a_header_and_expected_rows(examples_graph):
    queries = list_queries()
    assert set(EXPECTED) <= {q.name for q in queries}
    for named in queries:
        assert named.title and named.description, named.name
        assert [p for p, _ in named.params] == list(PARAMS.get(named.name, {})), named.name
        result = run_query(examples_graph, named.text, PARAMS.get(named.name), name=named.name)
        first, second, rows = EXPECTED[named.name]
        found = {(str(r[first]), str(r[second])) for r in result}
        assert rows <= found, (named.name, rows - found)


def test_who_met_whom_rows(seed_graph):
    named = {q.name: q for q in list_queries()}["who-met-whom"]
    rows = [(str(r.a), str(r.b)) for r in run_query(seed_graph, named.text)]
    assert ("Charles Michel", "Manuel Valls") in rows


@pytest.mark.parametrize("hostile", ['"} ?x ?y ?z {', "France\" || true || \"", "<>", "\\'; DROP"])
def test_parameters_are_terms_not_text(hostile):
    graph = Graph()
    graph.add((URIRef("urn:x"), URIRef("urn:label"), Literal("France")))
    sparql = "SELECT ?x WHERE { ?x <urn:label> ?name }"
    assert len(list(run_query(graph, sparql, {"name": hostile}))) == 0
    assert len(list(run_query(graph, sparql, {"name": "France"}))) == 1


def test_table_is_aligned(seed_graph):
    named = {q.name: q for q in list_queries()}["leaders"]
    lines = format_result(run_query(seed_graph, named.text)).splitlines()
    assert lines[1].startswith("---")
    column = lines[0].index("of")
    assert all(len(line) <= column or line[column - 2:column] == "  " for line in lines[2:])
