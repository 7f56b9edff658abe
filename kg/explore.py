"""Exploration: the graph as networkx, for centrality, communities, Gephi and pictures.

Nodes are entities (people, organizations, places; on request also concepts,
quotes and articles); edges are the asserted relations, keyed by predicate,
carrying the best confidence and the articles that support them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import ConfigError
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

__all__ = ["EXPORT_FORMATS", "TYPE_COLOURS", "draw", "export", "to_html", "to_networkx"]

OPTIONAL_KINDS = ("concepts", "quotes", "articles")
TYPE_COLOURS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Country": "#59a14f", "City": "#8cd17d",
                "Place": "#76b7b2", "Concept": "#b07aa1", "Quote": "#bab0ac", "NewsArticle": "#e15759"}
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


def export(network: nx.MultiDiGraph | nx.MultiGraph, path: str | Path, fmt: str | None = None) -> Path:
    """Write the network for Gephi / Cytoscape (graphml, gexf, json) or as a picture (png, svg, pdf, html)."""
    import io
    import json

    from .store import atomic_write

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"{path}: unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "html":
        return to_html(network, path)
    if fmt in {"png", "svg", "pdf"}:
        figure = draw(network)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", metadata=_stable_metadata(fmt))
        atomic_write(path, buffer.getvalue())
        return path
    if fmt == "json":
        data = nx.node_link_data(network, edges="links")
        atomic_write(path, (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode())
        return path
    writer = nx.generate_graphml if fmt == "graphml" else nx.generate_gexf
    text = "\n".join(writer(_flat_copy(network))) + "\n"
    atomic_write(path, text.encode("utf-8"))
    return path


def _stable_metadata(fmt: str) -> dict[str, Any]:
    # No creation dates in the file: the same graph gives the same picture bytes.
    return {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt, {})


def draw(network: nx.MultiDiGraph | nx.MultiGraph, ax: Any = None, seed: int = 7, title: str | None = None) -> Any:
    """A static picture: nodes coloured by type, labelled; edges labelled by predicate; a legend.

    Returns the matplotlib Figure (shown inline in Jupyter).
    """
    try:
        import matplotlib

        if ax is None and not _in_notebook():
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
    except ImportError as exc:
        raise ConfigError("drawing needs matplotlib: pip install 'newskg[explore]'") from exc
    if ax is None:
        size = min(18, 6 + 0.25 * network.number_of_nodes())
        figure, ax = plt.subplots(figsize=(size, size * 0.75))
    else:
        figure = ax.figure
    simple = nx.Graph(network.to_undirected())
    layout = nx.spring_layout(simple, seed=seed, k=1.6 / max(1, len(simple)) ** 0.5, iterations=200)
    types = nx.get_node_attributes(network, "type")
    colours = [TYPE_COLOURS.get(types.get(n, ""), "#cccccc") for n in network.nodes]
    sizes = [300 + 120 * min(10, network.nodes[n].get("mentions") or 0) for n in network.nodes]
    nx.draw_networkx_nodes(network, layout, ax=ax, node_color=colours, node_size=sizes, alpha=0.9)
    nx.draw_networkx_edges(network, layout, ax=ax, edge_color="#777777", arrows=network.is_directed(),
                           arrowsize=12, node_size=sizes, connectionstyle="arc3,rad=0.08")
    labels = {n: _short(d.get("label", n)) for n, d in network.nodes(data=True)}
    nx.draw_networkx_labels(network, layout, labels=labels, ax=ax, font_size=9)
    edge_labels: dict[tuple[str, str], str] = {}
    for u, v, key in network.edges(keys=True):
        pair = (u, v)
        edge_labels[pair] = f"{edge_labels[pair]}, {key}" if pair in edge_labels else key
    nx.draw_networkx_edge_labels(network, layout, edge_labels=edge_labels, ax=ax, font_size=7, font_color="#444444",
                                 bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    present = [t for t in TYPE_COLOURS if t in set(types.values())]
    ax.legend(handles=[Line2D([0], [0], marker="o", color="w", markerfacecolor=TYPE_COLOURS[t], markersize=10,
                              label=t) for t in present], loc="lower left", frameon=False)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    figure.tight_layout()
    return figure


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython

        return get_ipython() is not None
    except ImportError:
        return False


def to_html(network: nx.MultiDiGraph | nx.MultiGraph, path: str | Path, height: str = "750px") -> Path:
    """An interactive page (pyvis / vis-network, scripts inlined so it opens offline in any browser)."""
    try:
        from pyvis.network import Network
    except ImportError as exc:
        raise ConfigError("interactive pages need pyvis: pip install 'newskg[explore]'") from exc
    from .store import atomic_write

    page = Network(height=height, width="100%", directed=network.is_directed(), cdn_resources="in_line",
                   notebook=False)
    for node, data in network.nodes(data=True):
        aliases = ", ".join(data.get("aliases") or [])
        tooltip = "\n".join(x for x in (data.get("type"), aliases and f"aka {aliases}", data.get("wikidata")) if x)
        page.add_node(node, label=_short(str(data.get("label", node)), 40), title=tooltip,
                      color=TYPE_COLOURS.get(data.get("type") or "", "#cccccc"),
                      value=max(1, data.get("mentions") or 1))
    for u, v, key, data in network.edges(keys=True, data=True):
        articles = ", ".join(data.get("articles") or [])
        page.add_edge(u, v, label=key, title=f"{key} ({articles})" if articles else key)
    page.set_options('{"physics": {"barnesHut": {"springLength": 160}}, "edges": {"font": {"size": 10}}}')
    path = Path(path)
    html = page.generate_html(notebook=False)
    # pyvis's template links Bootstrap from a CDN for menus this page does not use: drop it,
    # so the page (vis-network inlined) opens offline and fetches nothing.
    html = re.sub(r"<(script|link)\b[^>]*(src|href)=\"https?://[^\"]*bootstrap[^\"]*\"[^>]*>(\s*</script>)?", "", html)
    atomic_write(path, html.encode("utf-8"))
    return path
