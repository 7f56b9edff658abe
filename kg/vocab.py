"""The ontology as the one source: terms, relation properties and entity classes.

Everything newskg knows about its vocabulary is read from ``ontologies/newskg.ttl``
once: the relation properties with their symmetry, domain and range, and the
entity classes with their hierarchy. Adding a relation is one block in the
ontology (plus a lexicon entry); no code lists the properties.

``KGO`` is closed against the ontology: a typo in a term raises
``OntologyError`` instead of minting a wrong IRI.

A *relation property* is an ``owl:ObjectProperty`` whose domain is ``kgo:Agent``
or a subclass and whose range is an agent class or ``kgo:Concept`` (or a
subclass): the facts extraction produces between entities and concepts.
The *entity classes* are the subclasses of ``kgo:Agent`` and the concept
classes that relations point at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from .errors import OntologyError
from .resources import ontology_path

__all__ = ["DEFAULT_BASE", "GEONAMES", "KGO", "KGO_IRI", "PROV", "SCHEMA", "WD", "RelationProperty",
           "agent_classes", "class_ancestors", "concept_range_properties", "entity_classes", "iri_segment", "kgo",
           "object_properties", "ontology", "relation_properties", "relations", "symmetric_properties"]

KGO_IRI = "https://w3id.org/newskg/ontology#"
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
DEFAULT_BASE = "https://w3id.org/newskg/id/"

# The two anchors of the class hierarchy; every other class name comes from the ontology.
AGENT = "Agent"
CONCEPT = "Concept"


class _OntologyNamespace(Namespace):
    """A namespace that mints only the terms the ontology defines (checked on first use)."""

    def term(self, name: str) -> URIRef:
        if name not in _defined_terms():
            raise OntologyError(f"kgo:{name} is not defined in {ontology_path().name}")
        return super().term(name)

    def __getitem__(self, key: str) -> URIRef:  # type: ignore[override]
        return self.term(key)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # copy, pickle, IPython probes
            raise AttributeError(name)
        return self.term(name)


KGO = _OntologyNamespace(KGO_IRI)
KGO_NS = Namespace(KGO_IRI)  # open: only for reading the ontology itself


@cache
def ontology() -> Graph:
    graph = Graph()
    path = ontology_path()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise OntologyError(f"{path}: cannot parse the ontology: {exc}") from exc
    return graph


def _local(node: object) -> str | None:
    text = str(node)
    return text[len(KGO_IRI):] if isinstance(node, URIRef) and text.startswith(KGO_IRI) else None


@cache
def _defined_terms() -> frozenset[str]:
    graph = ontology()
    return frozenset(name for s in graph.subjects(RDF.type, None) if (name := _local(s)))


def kgo(name: str) -> URIRef:
    """The IRI of an ontology term; raises OntologyError when the ontology lacks it.

    >>> kgo("meets")
    rdflib.term.URIRef('https://w3id.org/newskg/ontology#meets')
    """
    return KGO.term(name)


@cache
def _parents() -> dict[str, frozenset[str]]:
    """Each kgo: class and its direct kgo: superclasses."""
    graph = ontology()
    classes = {name for s in graph.subjects(RDF.type, OWL.Class) if (name := _local(s))}
    return {name: frozenset(p for o in graph.objects(KGO_NS[name], RDFS.subClassOf) if (p := _local(o)))
            for name in classes}



def class_ancestors(name: str) -> tuple[str, ...]:
    """A class and all its kgo: superclasses, the class first, then nearest first.

    >>> class_ancestors("Country")
    ('Country', 'Place', 'Agent')
    """
    parents = _parents()
    if name not in parents:
        raise OntologyError(f"kgo:{name} is not a class in {ontology_path().name}")
    order, frontier = [name], [name]
    while frontier:
        frontier = sorted(p for c in frontier for p in parents[c] if p not in order)
        order.extend(dict.fromkeys(frontier))
    return tuple(order)


def _is_a(name: str, ancestor: str) -> bool:
    return name in _parents() and ancestor in class_ancestors(name)


@cache
def agent_classes() -> tuple[str, ...]:
    """The classes below kgo:Agent, most specific first (a Country is read as Country, not Place).

    >>> agent_classes()[:2]
    ('City', 'Country')
    """
    found = [name for name in _parents() if name != AGENT and _is_a(name, AGENT)]
    return tuple(sorted(found, key=lambda n: (-len(class_ancestors(n)), n)))


@cache
def entity_classes() -> tuple[str, ...]:
    """Every class an entity node may have: the agent classes, then the concept classes."""
    concepts = sorted(n for n in _parents() if _is_a(n, CONCEPT))
    concepts.sort(key=lambda n: -len(class_ancestors(n)))
    return agent_classes() + tuple(concepts)


def iri_segment(name: str) -> str:
    """The IRI path segment of an entity class: its top class below kgo:Agent, or itself.

    >>> iri_segment("Country"), iri_segment("Person"), iri_segment("Concept")
    ('place', 'person', 'concept')
    """
    ancestors = class_ancestors(name)
    top = ancestors[ancestors.index(AGENT) - 1] if AGENT in ancestors else ancestors[-1]
    return top.lower()


@dataclass(frozen=True)
class RelationProperty:
    """A relation the extraction produces, as the ontology declares it."""

    name: str
    domain: str
    range: str
    symmetric: bool = False
    cameo: str | None = None

    @property
    def concept_range(self) -> bool:
        """True when the other party is a concept ("pledged a fund"), not an entity."""
        return _is_a(self.range, CONCEPT)


@cache
def relations() -> dict[str, RelationProperty]:
    """The relation properties by local name, in name order."""
    graph = ontology()
    found: dict[str, RelationProperty] = {}
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        name = _local(prop)
        domain, range_ = _local(graph.value(prop, RDFS.domain)), _local(graph.value(prop, RDFS.range))
        if not name or not domain or not range_ or not _is_a(domain, AGENT):
            continue
        if not (_is_a(range_, AGENT) or _is_a(range_, CONCEPT)):
            continue
        cameo = graph.value(prop, KGO_NS.cameoCode)
        found[name] = RelationProperty(name, domain, range_, (prop, RDF.type, OWL.SymmetricProperty) in graph,
                                       str(cameo) if cameo is not None else None)
    return dict(sorted(found.items()))


def relation_properties() -> tuple[str, ...]:
    """The local names of the relation properties ("meets", "pledges", ...)."""
    return tuple(relations())


@cache
def object_properties() -> tuple[str, ...]:
    """Every kgo: object property: the relations, kgo:says, kgo:place."""
    graph = ontology()
    return tuple(sorted(name for s in graph.subjects(RDF.type, OWL.ObjectProperty) if (name := _local(s))))


@cache
def concept_range_properties() -> frozenset[str]:
    """The relations whose other party is a concept ("pledges", "callsFor", ...)."""
    return frozenset(name for name, prop in relations().items() if prop.concept_range)


@cache
def symmetric_properties() -> frozenset[str]:
    return frozenset(name for name, prop in relations().items() if prop.symmetric)
