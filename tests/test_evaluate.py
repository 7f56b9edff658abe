"""kg evaluate scores as the reference scorer does (shared/eval/score.py), figure by figure."""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import DEV, ROOT
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.cli import main
from kg.evaluate import score_graph
from kg.vocab import KGO

EVAL = ROOT.parent / "shared" / "eval"
SCORER = EVAL / "score.py"
FOLDERS = [EVAL / "dev", EVAL / "dev-voa"]


def _node(graph: Graph, iri: str, cls: str, *labels: str) -> URIRef:
    node = URIRef(f"urn:x:{iri}")
    graph.add((node, RDF.type, KGO[cls]))
    graph.add((node, RDFS.label, Literal(labels[0])))
    for alias in labels[1:]:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    return node


GOLD = {
    "entities": [{"name": "Anna Berg", "type": "Person", "aliases": ["Berg"]},
                 {"name": "Norland", "type": "Place", "aliases": []},
                 {"name": "Tallis Bank", "type": "Organization", "aliases": []},
                 {"name": "Westmark", "type": "Place", "aliases": [], "optional": True}],
    "concepts": [{"name": "grain corridor", "aliases": ["grain"]}],
    "relations": [["Anna Berg", "leaderOf", "Norland"], ["Norland", "callsFor", "grain corridor"],
                  ["Tallis Bank", "meets", "Norland"]],
    "optional_relations": [["Norland", "pledges", "*"]],
    "quotes": [{"speaker": "Anna Berg", "key": "we will not wait"}],
    "optional_quotes": [{"speaker": "*", "key": "soon"}],
    "not_entities": ["Subscribe"],
}


def test_types_duplicates_concepts_and_symmetry_follow_the_guidelines():
    g = Graph()
    berg = _node(g, "berg", "Person", "Anna Berg")
    berg2 = _node(g, "berg2", "Person", "Berg")  # a duplicate node: one false positive
    norland = _node(g, "norland", "Country", "Norland")  # Country counts as Place
    bank = _node(g, "bank", "Person", "Tallis Bank")  # wrong type: a false positive and a miss
    _node(g, "sub", "Organization", "Subscribe")
    corridor = _node(g, "corridor", "Concept", "a safe grain corridor")
    g.add((berg, KGO.leaderOf, norland))
    g.add((berg2, KGO.leaderOf, norland))  # the same key as the first: counted once
    g.add((norland, KGO.callsFor, corridor))
    g.add((norland, KGO.meets, bank))  # symmetric: matches Tallis Bank meets Norland
    g.add((norland, KGO.pledges, corridor))  # optional: neither way
    g.add((norland, KGO.criticizes, berg))  # a false positive
    quote = URIRef("urn:x:q")
    g.add((berg, KGO.says, quote))
    g.add((quote, KGO.text, Literal("We will not wait for them")))
    score = score_graph(g, GOLD, "toy")
    assert (score.entities.tp, score.entities.fp, score.entities.fn) == (2, 3, 1)
    assert score.duplicates == 1 and score.not_entities == 1
    assert (score.relations.tp, score.relations.fp, score.relations.fn) == (3, 1, 0)
    assert (score.quotes.tp, score.quotes.fp, score.quotes.fn) == (1, 0, 0)
    assert score.relation_status[(norland, "pledges", corridor)] == "optional"
    assert score.relation_status[(norland, "criticizes", berg)] == "fp"


def _reference():
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SCORER.is_file() or not all(f.is_dir() for f in FOLDERS), reason="needs ../shared/eval")
def test_agrees_with_the_reference_scorer_on_every_annotated_folder(nlp, tmp_path):
    from kg.evaluate import built_articles, totals

    reference = _reference()
    ontology = str(ROOT / "ontologies" / "newskg.ttl")
    ours, theirs = [], {"entity": [0, 0, 0], "relation": [0, 0, 0], "quote": [0, 0, 0]}
    for folder in FOLDERS:
        for text, gold, graph in built_articles(folder):
            path = tmp_path / f"{folder.name}-{text.stem}.ttl"
            graph.serialize(path, format="turtle")
            score = score_graph(graph, gold, text.stem)
            ours.append(score)
            g, onto = reference.load_graph([str(path)], [ontology])
            expected = reference.score_graph(reference.Gold(str(text.with_name(text.stem + ".gold.json"))), g, onto)
            for kind, mine in (("entity", score.entities), ("relation", score.relations), ("quote", score.quotes)):
                assert (mine.tp, mine.fp, mine.fn) == tuple(expected[kind]), (text.name, kind)
                theirs[kind] = [a + b for a, b in zip(theirs[kind], expected[kind], strict=True)]
            assert score.duplicates == expected["dups"], text.name
            assert score.not_entities == len(expected["forbidden"]), text.name
    total = totals(ours)
    for kind, mine in (("entity", total.entities), ("relation", total.relations), ("quote", total.quotes)):
        assert (mine.tp, mine.fp, mine.fn) == tuple(theirs[kind])
        assert (round(mine.precision, 6), round(mine.recall, 6), round(mine.f1, 6)) == tuple(
            round(x, 6) for x in reference.prf(*theirs[kind]))


@pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/eval/dev")
def test_several_folders_print_one_table_with_subtotals_and_a_total(nlp, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for folder, name in ((first, "seed-france-belgium"), (second, "cyprus-italy-summit")):
        folder.mkdir()
        for suffix in (".txt", ".gold.json"):
            shutil.copy(DEV / f"{name}{suffix}", folder / f"{name}{suffix}")
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(main, ["evaluate", str(first), str(second), "--json", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("one/seed-france-belgium") for line in lines)
    assert any(line.startswith("two (1)") for line in lines)
    assert lines[-1].startswith("TOTAL (2 articles)")
    data = json.loads(out.read_text())
    per = data["articles"]
    assert data["total"]["relations"]["tp"] == sum(a["relations"]["tp"] for a in per)


def test_a_malformed_gold_file_is_named(tmp_path):
    (tmp_path / "a.txt").write_text("Anna Berg met Tallis Bank.")
    (tmp_path / "a.gold.json").write_text("{not json")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    assert "a.gold.json: not a readable gold file" in result.output


NAMES = ["Anna Berg", "Berg", "the Norland", "Norland.", "Tallis Bank", "TALLIS BANK", "Westmark", "Subscribe",
         "grain corridor", "a safe grain corridor", "reform", "Oskar Lind"]
CLASSES = ["Person", "Organization", "Place", "Country", "City", "Concept", "NewsArticle"]
PREDICATES = ["meets", "cooperatesWith", "pledges", "callsFor", "demands", "criticizes", "leaderOf", "memberOf"]


def _random_case(rng):
    entities, seen = [], set()
    for name in rng.sample(["Anna Berg", "Norland", "Tallis Bank", "Westmark", "Oskar Lind"], rng.randint(1, 5)):
        aliases = [a for a in rng.sample(NAMES, 2) if a.split()[-1].lower() in name.lower()]
        entities.append({"name": name, "type": rng.choice(["Person", "Organization", "Place"]), "aliases": aliases,
                         "optional": rng.random() < 0.2})
        seen.add(name)
    ends = sorted(seen) + ["grain corridor"]
    gold = {"entities": entities, "concepts": [{"name": "grain corridor", "aliases": ["grain"]}],
            "relations": [[rng.choice(ends), rng.choice(PREDICATES), rng.choice(ends + ["*"])] for _ in range(4)],
            "optional_relations": [[rng.choice(ends), rng.choice(PREDICATES), "*"]],
            "quotes": [{"speaker": rng.choice(ends), "key": rng.choice(["we will", "not wait", "today"])}],
            "optional_quotes": [{"speaker": "*", "key": "soon"}], "not_entities": ["Subscribe"]}
    graph = Graph()
    nodes = []
    for n in range(rng.randint(2, 8)):
        node = URIRef(f"urn:x:{n}")
        nodes.append(node)
        graph.add((node, RDF.type, KGO[rng.choice(CLASSES)]))
        label = rng.choice(NAMES)
        graph.add((node, RDFS.label, Literal(label)))
        if rng.random() < 0.3:  # a second label naming no other gold entity: score.py reads labels in set order
            graph.add((node, SKOS.altLabel, Literal(label.upper())))
    for n in range(rng.randint(0, 8)):
        graph.add((rng.choice(nodes), KGO[rng.choice(PREDICATES)], rng.choice(nodes)))
    for n in range(rng.randint(0, 3)):
        quote = URIRef(f"urn:q:{n}")
        graph.add((rng.choice(nodes), KGO.says, quote))
        graph.add((quote, KGO.text, Literal(rng.choice(["We will not wait", "Soon, today", "Nothing"]))))
    return gold, graph


@pytest.mark.skipif(not SCORER.is_file(), reason="needs ../shared/eval/score.py")
def test_agrees_with_the_reference_scorer_on_random_graphs(tmp_path):
    import random

    reference = _reference()
    ontology = Graph().parse(ROOT / "ontologies" / "newskg.ttl")
    rng = random.Random(12)
    for case in range(300):
        gold, graph = _random_case(rng)
        path = tmp_path / "gold.json"
        path.write_text(json.dumps({"doc": "x", **gold}))
        expected = reference.score_graph(reference.Gold(str(path)), graph, ontology)
        score = score_graph(graph, gold, "x")
        for kind, mine in (("entity", score.entities), ("relation", score.relations), ("quote", score.quotes)):
            assert (mine.tp, mine.fp, mine.fn) == tuple(expected[kind]), (case, kind, gold, sorted(graph))
        assert score.duplicates == expected["dups"], case
        assert score.not_entities == len(expected["forbidden"]), case
