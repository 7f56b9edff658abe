"""Exploration: the graph as networkx, for centrality, communities, Gephi and pictures.

Nodes are entities (people, organizations, places; on request also concepts,
quotes and articles); edges are the asserted relations, keyed by predicate,
carrying the best confidence and the articles that support them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import ConfigError
from .picture import TYPE_COLOURS, draw, html_page, to_html
from .vocab import (
    KGO,
    KGO_IRI,
    PROV,
    SCHEMA,
    WD,
    agent_classes,
    entity_classes,
    relation_properties,
    symmetric_properties,
)

__all__ = ["EXPORT_FORMATS", "TYPE_COLOURS", "draw", "export", "select", "to_html", "to_networkx"]

OPTIONAL_KINDS = ("concepts", "quotes", "articles")
PICTURE_TOP = 40  # nodes a static picture shows unless told otherwise
EXPORT_FORMATS = ("graphml", "gexf", "json", "png", "svg", "pdf", "html")


def _node_type(graph: Graph, node: URIRef) -> str | None:
    types = {str(t)[len(KGO_IRI):] for t in graph.objects(node, RDF.type) if str(t).startswith(KGO_IRI)}
    for name in (*entity_classes(), "Quote", "NewsArticle"):  # most specific first
        if name in types:
            return name
    return None


def _confidence(graph: Graph, node: Node) -> float:
    value = graph.value(node, KGO.confidence)
    return float(value) if isinstance(value, Literal) else 0.0


def _label(graph: Graph, node: Node) -> str:
    return str(next(graph.objects(node, RDFS.label), None) or next(graph.objects(node, SCHEMA.identifier), None)
               or str(node).rsplit("/", 1)[-1])


def to_networkx(graph: Graph, include: Iterable[str] = (), directed: bool = True) -> nx.MultiDiGraph | nx.MultiGraph:
    """A networkx multigraph of the entities and the relations between them.

    ``include`` adds "concepts" (objects of pledges, callsFor, demands), "quotes"
    (with ``says`` edges) and "articles" (with ``mentions`` edges). With
    ``directed=False`` the result is a MultiGraph, where a symmetric relation
    stated both ways (A meets B, B meets A) is one edge.
    """
    include = set(include)
    unknown = include - set(OPTIONAL_KINDS)
    if unknown:
        raise ConfigError(f"cannot include {', '.join(sorted(unknown))}; choose from {', '.join(OPTIONAL_KINDS)}")
    allowed = set(agent_classes())
    allowed |= set(entity_classes()) - allowed if "concepts" in include else set()
    allowed |= {"Quote"} if "quotes" in include else set()
    allowed |= {"NewsArticle"} if "articles" in include else set()
    out: nx.MultiDiGraph | nx.MultiGraph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    kinds: dict[URIRef, str | None] = {}

    def add_node(node: Any) -> bool:
        if node not in kinds:
            kinds[node] = _node_type(graph, node) if isinstance(node, URIRef) else None
            kind = kinds[node]
            if kind in allowed:
                wikidata = next((str(o) for o in graph.objects(node, OWL.sameAs)
                                 if str(o).startswith(WD)), None)
                mentions = max((int(o) for o in graph.objects(node, KGO.mentionCount) if isinstance(o, Literal)),
                               default=0)
                label = _label(graph, node) if kind != "Quote" else str(next(graph.objects(node, KGO.text), ""))
                out.add_node(str(node), label=label, type=kind, iri=str(node),
                             aliases=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
                             wikidata=wikidata, mentions=mentions)
        return kinds[node] in allowed

    support: dict[tuple[Node | None, Node | None, Node | None], tuple[float, set[str]]] = {}
    for statement in graph.subjects(RDF.type, KGO.Statement):
        s, p, o = (next(graph.objects(statement, t), None) for t in (RDF.subject, RDF.predicate, RDF.object))
        article = next(graph.objects(statement, PROV.wasDerivedFrom), None)
        confidence = _confidence(graph, statement)
        best, articles = support.get((s, p, o), (0.0, set()))
        article_id = next(graph.objects(article, SCHEMA.identifier), article) if article is not None else None
        support[(s, p, o)] = (max(best, confidence), articles | ({str(article_id)} if article_id else set()))

    symmetric = symmetric_properties()
    for name in relation_properties():
        predicate = KGO[name]
        for s, o in graph.subject_objects(predicate):
            if not (add_node(s) and add_node(o)):
                continue
            supported: tuple[float | None, set[str]] = support.get((s, predicate, o)) or (None, set())
            edge_confidence, articles = supported
            if not directed and out.has_edge(str(o), str(s), key=name):
                data = out.edges[str(o), str(s), name]
                data["articles"] = sorted(set(data["articles"]) | articles)
                data["confidence"] = max(data["confidence"] or 0, edge_confidence or 0)
                continue
            out.add_edge(str(s), str(o), key=name, predicate=name, confidence=edge_confidence,
                         articles=sorted(articles), symmetric=name in symmetric)
    if "quotes" in include:
        for speaker, quote in graph.subject_objects(KGO.says):
            if add_node(speaker) and add_node(quote):
                article = next(graph.objects(quote, PROV.wasDerivedFrom), None)
                article_id = next(graph.objects(article, SCHEMA.identifier), None) if article is not None else None
                out.add_edge(str(speaker), str(quote), key="says", predicate="says",
                             confidence=_confidence(graph, quote),
                             articles=[str(article_id)] if article_id else [], symmetric=False)
    if "articles" in include:
        for article, entity in graph.subject_objects(SCHEMA.mentions):
            if add_node(article) and add_node(entity):
                out.add_edge(str(article), str(entity), key="mentions", predicate="mentions", confidence=None,
                             articles=[_label(graph, article)], symmetric=False)
    return out


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes GraphML and GEXF can hold: lists joined with '|', None dropped."""
    return {k: ("|".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for k, v in data.items()
            if v is not None}


def _flat_copy(network: nx.MultiDiGraph | nx.MultiGraph) -> nx.MultiDiGraph | nx.MultiGraph:
    flat = network.__class__()
    flat.add_nodes_from((n, _flat(d)) for n, d in network.nodes(data=True))
    flat.add_edges_from((u, v, k, _flat(d)) for u, v, k, d in network.edges(keys=True, data=True))
    return flat


def select(network: nx.MultiDiGraph | nx.MultiGraph, top: int | None = None, focus: str | None = None,
           hops: int = 2) -> nx.MultiDiGraph | nx.MultiGraph:
    """The part of the network a picture shows: ``focus`` keeps one entity (by label, alias or
    IRI) and what lies within ``hops`` edges of it; ``top`` then keeps the N nodes with most
    edges (ties: most mentions, then label).
    """
    if focus is not None:
        wanted = focus.strip().casefold()
        matches = [n for n, d in network.nodes(data=True)
                   if wanted in {str(d.get("label", "")).casefold(), str(n).casefold(),
                                 *(str(a).casefold() for a in d.get("aliases") or [])}]
        if not matches:
            import difflib

            labels = sorted({str(d.get("label", "")) for _, d in network.nodes(data=True)})
            close = difflib.get_close_matches(focus, labels, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else "; see kg entities GRAPH"
            raise ConfigError(f"--focus {focus!r}: no such entity in the graph{hint}")
        around = nx.Graph(network.to_undirected())
        keep: set[Any] = set()
        for node in matches:
            keep |= set(nx.single_source_shortest_path_length(around, node, cutoff=hops))
        network = network.subgraph(keep).copy()
    if top is not None and network.number_of_nodes() > top:
        degree = dict(network.degree())
        ranked = sorted(network.nodes, key=lambda n: (-degree[n], -(network.nodes[n].get("mentions") or 0),
                                                      str(network.nodes[n].get("label", n)), str(n)))
        network = network.subgraph(ranked[:top]).copy()
    return network


def export(network: nx.MultiDiGraph | nx.MultiGraph, path: str | Path, fmt: str | None = None) -> Path:
    """Write the network for Gephi / Cytoscape (graphml, gexf, json) or as a picture (png, svg, pdf, html).

    The path "-" writes to stdout (``fmt`` is then needed).
    """
    import io
    import json

    if str(path) == "-" and not fmt:
        raise ConfigError(f"-o - (stdout) needs --format: one of {', '.join(EXPORT_FORMATS)}")
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"{path}: unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "html":
        data = html_page(network)
    elif fmt in {"png", "svg", "pdf"}:
        import matplotlib.pyplot as plt

        figure = draw(network)
        buffer = io.BytesIO()
        width, height = figure.get_size_inches()
        # Big pictures get fewer dots per inch, so the file stays a size a viewer opens.
        dpi = max(60, min(150, int(9000 / max(width, height))))
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_stable_metadata(fmt), facecolor="white")
        plt.close(figure)
        data = buffer.getvalue()
    elif fmt == "json":
        node_link = nx.node_link_data(network, edges="links")
        data = (json.dumps(node_link, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
    else:
        writer = nx.generate_graphml if fmt == "graphml" else nx.generate_gexf
        data = ("\n".join(writer(_flat_copy(network))) + "\n").encode("utf-8")
    if str(path) == "-":
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from .store import atomic_write

        atomic_write(path, data)
    return path


def _stable_metadata(fmt: str) -> dict[str, Any]:
    # No creation dates in the file: the same graph gives the same picture bytes.
    return {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt, {})
