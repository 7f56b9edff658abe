"""Confidence is each rule's measured precision, read from kg/data/confidence.toml."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import SEED
from rdflib import RDF, Literal, URIRef

from kg.cli import main
from kg.confidence import ConfidenceTable, Measure, calibrate, confidence_table, read_table, write_table
from kg.errors import ConfigError
from kg.evaluate import ArticleScore
from kg.graph import new_graph
from kg.vocab import KGO, relation_properties


def _statement(graph, n, s, p, o, rule, negated=False):
    node = URIRef(f"urn:st:{n}")
    graph.add((node, RDF.type, KGO.Statement))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, KGO[p]))
    graph.add((node, RDF.object, o))
    graph.add((node, KGO.extractedBy, Literal(rule)))
    if negated:
        graph.add((node, KGO.negated, Literal(True)))


def test_calibration_counts_right_and_wrong_facts_per_rule_and_shrinks_small_counts(tmp_path):
    graph = new_graph()
    a, b, c = (URIRef(f"urn:e:{x}") for x in "abc")
    score = ArticleScore("toy")
    _statement(graph, 1, a, "meets", b, "kg.one.v1")
    _statement(graph, 2, a, "meets", c, "kg.one.v1")
    _statement(graph, 3, b, "meets", c, "kg.two.v1")
    _statement(graph, 4, c, "meets", a, "kg.two.v1", negated=True)  # not asserted: not counted
    _statement(graph, 5, a, "pledges", c, "kg.two.v1")  # optional in the gold: not counted
    score.relation_status.update({(a, "meets", b): "tp", (a, "meets", c): "tp", (b, "meets", c): "fp",
                                  (c, "meets", a): "fp", (a, "pledges", c): "optional"})
    table = calibrate([(graph, score)], weight=4)
    assert (table.properties["meets"].right, table.properties["meets"].wrong) == (2, 1)
    assert table.default == round((2 + 4 * 0.5) / (3 + 4), 2)
    prior = table.properties["meets"].confidence
    assert prior == round((2 + 4 * table.default) / (3 + 4), 2)
    assert table.rules[("kg.one.v1", "meets")].confidence == round((2 + 4 * prior) / (2 + 4), 2)
    assert table.rules[("kg.two.v1", "meets")].confidence < prior
    assert ("kg.two.v1", "pledges") not in table.rules
    path = tmp_path / "confidence.toml"
    path.write_text(write_table(table, ["toy"]))
    assert read_table(path) == table
    # Verdicts from an audit sheet add to the counts of their rule and property.
    judged = [("kg.two.v1", "meets", True), ("kg.two.v1", "meets", True), ("kg.three.v1", "demands", False)]
    audited = calibrate([(graph, score)], weight=4, judged=judged)
    assert (audited.rules[("kg.two.v1", "meets")].right, audited.rules[("kg.two.v1", "meets")].wrong) == (2, 1)
    assert audited.properties["demands"].wrong == 1


def test_unknown_rules_fall_back_to_the_property_then_the_default():
    table = ConfidenceTable(0.6, {"meets": Measure(8, 2, 0.78)}, {("kg.svo.v1", "meets"): Measure(5, 0, 0.9)})
    assert table.lookup("kg.svo.v1", "meets") == 0.9
    assert table.lookup("kg.renamed.v2", "meets") == 0.78
    assert table.lookup("kg.svo.v1", "demands") == 0.6


def test_a_bad_table_is_named(tmp_path):
    path = tmp_path / "confidence.toml"
    path.write_text('[meta]\ndefault = 0.5\n[property.meets]\nconfidence = 1.7\n')
    with pytest.raises(ConfigError, match=r"confidence.toml: property.meets: confidence must be a number from 0 to 1"):
        read_table(path)


def test_the_shipped_table_covers_every_property_and_builds_use_it(seed_graph):
    table = confidence_table()
    assert set(relation_properties()) | {"says"} >= set(table.properties)
    assert 0 < table.default < 1
    stamped = 0
    for node in set(seed_graph.subjects(KGO.extractedBy, None)):
        rule = str(seed_graph.value(node, KGO.extractedBy))
        predicate = seed_graph.value(node, RDF.predicate)
        prop = str(predicate).rsplit("#", 1)[-1] if predicate is not None else "says"
        assert float(seed_graph.value(node, KGO.confidence)) == pytest.approx(table.lookup(rule, prop))
        stamped += 1
    assert stamped >= 5


def test_min_confidence_drops_direct_triples_and_keeps_every_statement(nlp, tmp_path):
    from kg.query import load_graphs

    runner = CliRunner()
    graphs = {}

    def build(threshold: str) -> None:
        out = tmp_path / f"g{threshold}.ttl"
        result = runner.invoke(main, ["build", str(SEED), "-o", str(out), "--workers", "1",
                                      "--min-confidence", threshold])
        assert result.exit_code == 0, result.output
        graphs[threshold] = load_graphs([out])

    build("0")
    # A threshold between the seed's least and most confident facts (the figures are measured data).
    figures = sorted({float(graphs["0"].value(node, KGO.confidence))
                      for node in graphs["0"].subjects(RDF.type, KGO.Statement)})
    middle = f"{(figures[0] + figures[-1]) / 2:.3f}"
    build(middle)
    build("1")
    graphs["0.8"] = graphs[middle]

    def statements(graph):
        return {(s, graph.value(s, RDF.predicate), float(graph.value(s, KGO.confidence)))
                for s in graph.subjects(RDF.type, KGO.Statement)}

    def direct(graph):
        return {(s, p, o) for p in map(KGO.__getitem__, relation_properties()) for s, o in graph.subject_objects(p)}

    assert statements(graphs["0"]) == statements(graphs["0.8"]) == statements(graphs["1"])
    assert direct(graphs["1"]) == set()
    everything = graphs["0"]
    sure = {(everything.value(s, RDF.subject), p, everything.value(s, RDF.object))
            for s, p, c in statements(everything) if c >= float(middle)
            and not any(everything.objects(s, KGO.negated)) and not any(everything.objects(s, KGO.hypothetical))}
    assert direct(graphs["0.8"]) == sure
    assert direct(everything) > sure  # the seed article has facts on both sides of the threshold
    bad = runner.invoke(main, ["build", str(SEED), "--min-confidence", "1.5"])
    assert bad.exit_code == 2


def test_calibration_reaches_the_table_that_measures_itself(nlp, tmp_path):
    from conftest import DEV

    from kg.confidence import calibrate, table_in_use
    from kg.evaluate import built_articles, score_graph

    if not DEV.is_dir():
        pytest.skip("needs ../shared/eval/dev")
    out = tmp_path / "confidence.toml"
    result = CliRunner().invoke(main, ["evaluate", str(DEV), "--calibrate", str(out)])
    assert result.exit_code == 0, result.output
    table = read_table(out)
    assert table.rules and all(0 < m.confidence <= 1 for m in table.rules.values())
    with table_in_use(table):
        assert confidence_table() is table
        again = calibrate([(graph, score_graph(graph, gold)) for _, gold, graph in built_articles(DEV)])
    assert again == table
    assert confidence_table() is not table
