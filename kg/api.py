"""The Python API: what the CLI does, for notebooks and scripts.

>>> import kg
>>> g = kg.build(texts=[("a1", "Belgian Prime Minister Charles Michel met Manuel Valls in Brussels.")], workers=1)
>>> [(r.a.value, r.b.value) for r in g.query("who-met-whom")]
[('Charles Michel', 'Manuel Valls')]
>>> sorted({r["relation"] for r in g.query("entity-profile", entity="Charles Michel").records()})
['leaderOf', 'meets']
>>> sorted(e.label for e in g.entities() if e.type == "Person")
['Charles Michel', 'Manuel Valls']
>>> network = g.to_networkx()
>>> sorted(key for _, _, key in network.edges(keys=True))
['leaderOf', 'meets']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from .entities import EntityRow, list_entities
from .graph import format_for, serialize
from .pipeline import BuildResult, build_graph_from
from .query import LocalEngine, QueryOutcome, load_graphs, named_query
from .store import atomic_write
from .vocab import DEFAULT_BASE

__all__ = ["KnowledgeGraph", "build", "load"]


class KnowledgeGraph:
    """A built graph: ``.rdf`` is the rdflib Graph; queries run on Oxigraph."""

    def __init__(self, rdf: Graph, skipped: Iterable[str] = ()):
        self.rdf = rdf
        self.skipped = list(skipped)  # one message per input that could not be built
        self._engine: LocalEngine | None = None
        self._engine_size = -1

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self.rdf)} triples, {len(self.entities())} entities>"

    def add(self, inputs: Iterable[str | Path] | str | Path | None = None, *,
            texts: Iterable[str | tuple[str, str]] | None = None, **options: Any) -> BuildResult:
        """Add articles; those already in the graph (same text) are skipped, entities merged."""
        inputs = [inputs] if isinstance(inputs, (str, Path)) else inputs
        result = build_graph_from(inputs, texts=texts, graph=self.rdf, **options)
        self.skipped += result.skipped
        return result

    def query(self, sparql_or_name: str, **params: str | Node) -> QueryOutcome:
        """Run SPARQL text, or a named query from ``kg queries`` with its parameters.

        Parameters are bound as RDF terms (a str is a literal, ``"<iri>"`` an IRI).
        """
        if len(self.rdf) != self._engine_size:  # the graph changed: reload the Oxigraph copy
            self._engine, self._engine_size = LocalEngine.from_graph(self.rdf), len(self.rdf)
        assert self._engine is not None
        is_name = "{" not in sparql_or_name and " " not in sparql_or_name.strip()
        if not is_name:
            return self._engine.query(sparql_or_name, dict(params))
        named = named_query(sparql_or_name)
        return self._engine.query(named.text, named.bind(self._engine, dict(params)), name=sparql_or_name)

    def entities(self) -> list[EntityRow]:
        """Canonical entities, most mentioned first: label, type, aliases, Wikidata id, mentions."""
        return list_entities(self.rdf)

    def save(self, path: str | Path, format: str | None = None) -> Path:  # noqa: A002 - mirrors the CLI option
        """Write the graph; the format comes from the suffix (.ttl .nt .jsonld .trig) unless given."""
        path = Path(path)
        atomic_write(path, serialize(self.rdf, format_for(str(path), format)))
        return path

    def to_networkx(self, include: Iterable[str] = (), directed: bool = True) -> Any:
        """networkx MultiDiGraph of entities and relations (see ``kg.explore.to_networkx``)."""
        from .explore import to_networkx

        return to_networkx(self.rdf, include, directed)

    def draw(self, include: Iterable[str] = (), **options: Any) -> Any:
        """A matplotlib picture of the graph (returns the Figure)."""
        from .explore import draw

        return draw(self.to_networkx(include), **options)

    def to_html(self, path: str | Path, include: Iterable[str] = ()) -> Path:
        """An interactive HTML page of the graph that opens in a browser."""
        from .explore import to_html

        return to_html(self.to_networkx(include), path)


def build(inputs: Iterable[str | Path] | str | Path | None = None, *,
          texts: Iterable[str | tuple[str, str]] | None = None, model: str | None = None,
          base: str = DEFAULT_BASE, known: Iterable[str | Path] = (), workers: int = 1) -> KnowledgeGraph:
    """Build a graph from paths (files, folders, JSONL), texts, or (id, text) pairs."""
    inputs = [inputs] if isinstance(inputs, (str, Path)) else inputs
    result = build_graph_from(inputs, texts=texts, model=model, base=base,
                              known_files=tuple(Path(k) for k in known), workers=workers)
    assert result.graph is not None
    return KnowledgeGraph(result.graph, result.skipped)


def load(*paths: str | Path) -> KnowledgeGraph:
    """Open graph files written by ``kg build`` or ``KnowledgeGraph.save``."""
    return KnowledgeGraph(load_graphs(paths))
