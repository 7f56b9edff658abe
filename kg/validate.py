"""SHACL validation of built graphs (ontologies/shapes.ttl, run by pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from .resources import ontology_path
from .vocab import KGO, KGO_IRI, entity_classes, ontology, relation_properties

__all__ = ["Violation", "shapes", "validate"]

SH = Namespace("http://www.w3.org/ns/shacl#")
KGS = Namespace("https://w3id.org/newskg/shapes#")


@dataclass(frozen=True)
class Violation:
    focus: str  # the node's label (or IRI)
    iri: str
    path: str  # the property, as a prefixed name when possible
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}"


def shapes() -> Graph:
    """The shapes of shapes.ttl plus those generated from the ontology's classes and properties."""
    graph = Graph()
    graph.parse(ontology_path().with_name("shapes.ttl"), format="turtle")
    graph.bind("kgs", KGS)
    for name in entity_classes():
        graph.add((KGS.EntityShape, SH.targetClass, KGO[name]))
    predicate = BNode()
    graph.add((KGS.StatementShape, SH.property, predicate))
    graph.add((predicate, SH.path, RDF.predicate))
    graph.add((predicate, SH.minCount, Literal(1)))
    graph.add((predicate, SH.maxCount, Literal(1)))
    graph.add((predicate, SH["in"], Collection(graph, BNode(), [KGO[n] for n in relation_properties()]).uri))
    ontology_graph = ontology()
    properties = (p for p in ontology_graph.subjects(RDF.type, OWL.ObjectProperty)
                  if isinstance(p, URIRef) and p.startswith(KGO_IRI))
    for prop in sorted(properties):
        name = prop[len(KGO_IRI):]
        for end, target, declared in (("Domain", SH.targetSubjectsOf, RDFS.domain),
                                      ("Range", SH.targetObjectsOf, RDFS.range)):
            cls = ontology_graph.value(prop, declared)
            if cls is None:
                continue
            shape = KGS[f"{name}{end}"]
            graph.add((shape, RDF.type, SH.NodeShape))
            graph.add((shape, target, prop))
            graph.add((shape, SH["class"], cls))
    return graph


def validate(graph: Graph) -> list[Violation]:
    """Every SHACL result for ``graph``, readable; an empty list means the graph conforms."""
    from pyshacl import validate as run_shacl

    _, report, _ = run_shacl(graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none",
                             advanced=True, allow_warnings=True)
    names = graph.namespace_manager
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        label = graph.value(focus, RDFS.label) if focus is not None else None
        violations.append(Violation(
            focus=str(label or focus), iri=str(focus),
            path=path.n3(names) if path is not None and hasattr(path, "n3") else "",
            message=str(message or "does not conform"),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation"))
    return sorted(violations, key=lambda v: (v.severity, v.iri, v.path, v.message))
