"""The ontology as data, and closed namespaces checked against it.

A typo in a term raises ``OntologyError`` instead of minting a wrong IRI.
"""

from __future__ import annotations

from functools import cache

from rdflib import OWL, RDF, Graph, Namespace, URIRef

from .errors import OntologyError
from .resources import ontology_path

__all__ = ["KGO", "PROV", "SCHEMA", "WD", "kgo", "ontology", "relation_properties"]

KGO_IRI = "https://w3id.org/newskg/ontology#"
KGO = Namespace(KGO_IRI)
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")
DEFAULT_BASE = "https://w3id.org/newskg/id/"

# The relation properties extraction produces (GUIDELINES.md).
RELATIONS = ("meets", "cooperatesWith", "pledges", "callsFor", "demands", "criticizes",
             "leaderOf", "memberOf")


@cache
def ontology() -> Graph:
    graph = Graph()
    path = ontology_path()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise OntologyError(f"{path}: cannot parse the ontology: {exc}") from exc
    return graph


@cache
def _defined_terms() -> frozenset[str]:
    graph = ontology()
    return frozenset(
        str(s)[len(KGO_IRI):]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(KGO_IRI)
    )


def kgo(name: str) -> URIRef:
    """The IRI of an ontology term; raises OntologyError when the ontology lacks it.

    >>> kgo("meets")
    rdflib.term.URIRef('https://w3id.org/newskg/ontology#meets')
    """
    if name not in _defined_terms():
        raise OntologyError(f"kgo:{name} is not defined in {ontology_path().name}")
    return KGO[name]


@cache
def relation_properties() -> tuple[str, ...]:
    for name in RELATIONS:
        kgo(name)
    return RELATIONS


@cache
def symmetric_properties() -> frozenset[str]:
    graph = ontology()
    return frozenset(str(s)[len(KGO_IRI):] for s in graph.subjects(RDF.type, OWL.SymmetricProperty))
