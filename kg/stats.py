"""Counts per class and per property of a graph."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rdflib import RDF, Graph

__all__ = ["graph_stats"]


def _short(graph: Graph, term: object) -> str:
    try:
        return graph.namespace_manager.normalizeUri(term)  # type: ignore[arg-type]
    except Exception:
        return str(term)


def graph_stats(graph: Graph) -> dict[str, Any]:
    classes = Counter(_short(graph, o) for o in graph.objects(None, RDF.type))
    properties = Counter(_short(graph, p) for p in graph.predicates())
    return {
        "triples": len(graph),
        "classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "properties": dict(sorted(properties.items(), key=lambda kv: (-kv[1], kv[0]))),
    }
