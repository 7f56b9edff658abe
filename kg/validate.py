"""SHACL validation of built graphs (ontologies/shapes.ttl, run by pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Namespace

from .resources import ontology_path
from .vocab import ontology

__all__ = ["Violation", "shapes", "validate"]

SH = Namespace("http://www.w3.org/ns/shacl#")


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
    graph = Graph()
    graph.parse(ontology_path().with_name("shapes.ttl"), format="turtle")
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
