"""The ontology is the one source of relation properties, their ranges and the entity classes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from rdflib import RDF, Graph, URIRef

from conftest import ROOT
from kg import vocab
from kg.errors import OntologyError
from kg.validate import SH, shapes


def test_relations_symmetry_ranges_and_classes_come_from_the_ontology():
    relations = vocab.relations()
    assert {"meets", "pledges", "leaderOf"} <= set(relations) and "says" not in relations and "place" not in relations
    assert vocab.symmetric_properties() == {"meets", "cooperatesWith"}
    assert vocab.concept_range_properties() == {"pledges", "callsFor", "demands"}
    assert relations["leaderOf"].domain == "Person" and relations["meets"].cameo == "04"
    classes = vocab.entity_classes()
    assert classes.index("Country") < classes.index("Place") and classes[-1] == "Concept"
    assert vocab.class_ancestors("City") == ("City", "Place", "Agent")


def test_kgo_is_closed_against_the_ontology():
    assert vocab.KGO.mentionCount == URIRef(vocab.KGO_IRI + "mentionCount")
    with pytest.raises(OntologyError, match="kgo:mentionCont is not defined in newskg.ttl"):
        vocab.KGO.mentionCont  # noqa: B018 - the lookup is the test
    with pytest.raises(OntologyError):
        vocab.KGO["leaderof"]


def test_shapes_list_every_relation_and_class_from_the_ontology():
    hand_written = Graph().parse(ROOT / "ontologies" / "shapes.ttl")
    kgo_terms = {str(t) for triple in hand_written for t in triple if str(t).startswith(vocab.KGO_IRI)}
    assert not kgo_terms & {str(vocab.KGO[name]) for name in vocab.relations()}, "relations listed by hand"
    generated = shapes()
    targets = set(generated.objects(None, SH.targetClass))
    assert {vocab.KGO[name] for name in vocab.entity_classes()} <= targets
    assert {vocab.KGO[name] for name in vocab.relations()} <= set(generated.objects(None, SH.targetSubjectsOf))
    listed = {o for lst in generated.objects(None, SH["in"]) for o in generated.items(lst)}
    assert listed == {vocab.KGO[name] for name in vocab.relations()}


_NEW_PROPERTIES = """
kgo:sanctions a owl:ObjectProperty ;
    rdfs:label "sanctions"@en ;
    rdfs:comment "A party imposes sanctions on another."@en ;
    rdfs:domain kgo:Agent ; rdfs:range kgo:Agent ;
    kgo:cameoCode "16" .

kgo:opposes a owl:ObjectProperty ;
    rdfs:label "opposes"@en ;
    rdfs:comment "A party opposes a measure or policy."@en ;
    rdfs:domain kgo:Agent ; rdfs:range kgo:Concept ;
    kgo:cameoCode "12" .
"""

_NEW_LEXICON = """
[[verb]]
lemmas = ["sanction"]
property = "sanctions"
objects = ["dobj"]

[[verb]]
lemmas = ["oppose"]
property = "opposes"
objects = ["dobj"]
"""


def _copy_of_newskg(folder):
    for name in ("kg", "ontologies", "queries"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(folder)}

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=300)
    return kg


@pytest.mark.slow
def test_a_bad_data_file_stops_the_build_with_one_line(tmp_path):
    kg = _copy_of_newskg(tmp_path)
    lexicon = tmp_path / "kg" / "data" / "lexicon.toml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace('property = "demands"', 'property = "demand"', 1),
                       encoding="utf-8")
    (tmp_path / "news.txt").write_text("Norway demanded new elections.\n", encoding="utf-8")
    for workers in ("1", "2"):
        built = kg("build", "news.txt", "-o", "g.ttl", "--workers", workers)
        assert built.returncode == 1
        assert built.stderr.startswith('Error: lexicon.toml: [[verb]] #') and built.stderr.count("\n") == 1
        assert 'property "demand" is not a relation property in newskg.ttl; did you mean "demands"?' in built.stderr
        assert not (tmp_path / "g.ttl").exists()


@pytest.mark.slow
def test_adding_a_property_touches_only_data_files(tmp_path):
    """One block in the ontology and one lexicon entry: build, validate and export use it."""
    kg = _copy_of_newskg(tmp_path)
    with (tmp_path / "ontologies" / "newskg.ttl").open("a", encoding="utf-8") as handle:
        handle.write(_NEW_PROPERTIES)
    with (tmp_path / "kg" / "data" / "lexicon.toml").open("a", encoding="utf-8") as handle:
        handle.write(_NEW_LEXICON)
    (tmp_path / "news.txt").write_text(
        "Norway sanctioned Belarus on Monday over the crackdown.\n\n"
        "Chile strongly opposed the new mining tax, its finance minister said.\n", encoding="utf-8")
    built = kg("build", "news.txt", "-o", "g.ttl")
    assert built.returncode == 0, built.stderr
    graph = Graph().parse(tmp_path / "g.ttl")
    new = "https://w3id.org/newskg/ontology#"
    assert (URIRef("https://w3id.org/newskg/id/place/norway"), URIRef(new + "sanctions"),
            URIRef("https://w3id.org/newskg/id/place/belarus")) in graph
    opposed = {str(o) for o in graph.objects(URIRef("https://w3id.org/newskg/id/place/chile"), URIRef(new + "opposes"))}
    assert any("/concept/" in o for o in opposed), opposed
    checked = kg("validate", "g.ttl")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    exported = kg("export", "g.ttl", "-o", "g.json", "--include", "concepts")
    assert exported.returncode == 0, exported.stderr
    edges = json.loads((tmp_path / "g.json").read_text())
    predicates = {e.get("predicate") or e.get("relation") for e in edges.get("links", edges.get("edges", []))}
    assert {"sanctions", "opposes"} <= predicates, predicates
    # ... and the shipped ontology is untouched: the copy knows the property, this process does not.
    assert "sanctions" not in vocab.relations()
    assert (None, RDF.type, None) in graph
