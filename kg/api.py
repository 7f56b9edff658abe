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
from .errors import InputError
from .graph import check_base, format_for, serialize
from .io import load_graphs
from .pipeline import BuildResult, build_graph_from
from .query import LocalEngine, QueryOutcome, named_query
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

    def add(self, inputs: Inputs = None, *, texts: Iterable[str | tuple[str, str]] | None = None,
            **options: Any) -> BuildResult:
        """Add articles (as ``kg.build`` takes them); those already in the graph (same text) are skipped."""
        paths, more_texts = split_inputs(inputs)
        result = build_graph_from(paths, texts=[*more_texts, *(texts or ())], graph=self.rdf, **options)
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
        """Write the graph; the format comes from the suffix (.ttl .nt .jsonld .trig .rdf) unless given.
        "-" writes to stdout (Turtle unless ``format`` says otherwise)."""
        data = serialize(self.rdf, format_for(str(path), format))
        if str(path) == "-":
            import sys

            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return Path("-")
        atomic_write(Path(path), data)
        return Path(path)

    def to_networkx(self, include: Iterable[str] = (), directed: bool = True) -> Any:
        """networkx MultiDiGraph of entities and relations (see ``kg.explore.to_networkx``)."""
        from .explore import to_networkx

        return to_networkx(self.rdf, include, directed)

    def draw(self, include: Iterable[str] = (), top: int | None = 40, focus: str | None = None, hops: int = 2,
             **options: Any) -> Any:
        """A matplotlib picture (returns the Figure): the ``top`` entities with most edges, or the
        neighbourhood of ``focus`` within ``hops`` edges (None: everything)."""
        from .explore import draw, select

        return draw(select(self.to_networkx(include), top=None if focus else top, focus=focus, hops=hops),
                    **options)

    def to_html(self, path: str | Path, include: Iterable[str] = ()) -> Path:
        """An interactive HTML page of the graph that opens in a browser."""
        from .explore import to_html

        return to_html(self.to_networkx(include), path)


Inputs = str | Path | tuple[str, str] | Iterable[str | Path | tuple[str, str]] | None
_ARTICLE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".jsonl", ".ndjson")


def _is_path(item: str) -> bool:
    """A string names a file when it exists, is "-", or looks like a path (one word with a
    slash or an article suffix); anything else is an article's text."""
    if item == "-":
        return True
    if "\n" in item or len(item) > 4096:
        return False
    try:
        if Path(item).exists():
            return True
    except OSError:  # a name too long for the file system is a text
        return False
    return not any(ch.isspace() for ch in item) and ("/" in item or item.lower().endswith(_ARTICLE_SUFFIXES))


def split_inputs(inputs: Inputs) -> tuple[list[str | Path], list[str | tuple[str, str]]]:
    """Sort what ``build`` was given into paths and texts (or (id, text) pairs).

    >>> split_inputs("German Chancellor Olaf Scholz met Emmanuel Macron in Paris.")
    ([], ['German Chancellor Olaf Scholz met Emmanuel Macron in Paris.'])
    >>> split_inputs(["examples/articles", ("a1", "Text one."), Path("b.txt")])
    (['examples/articles', PosixPath('b.txt')], [('a1', 'Text one.')])
    """
    if inputs is None:
        return [], []
    if isinstance(inputs, (str, Path)) or (isinstance(inputs, tuple) and len(inputs) == 2
                                           and all(isinstance(x, str) for x in inputs)
                                           and not _is_path(str(inputs[0]))):
        inputs = [inputs]  # type: ignore[list-item]
    paths: list[str | Path] = []
    texts: list[str | tuple[str, str]] = []
    for item in inputs:  # type: ignore[union-attr]
        if isinstance(item, Path):
            paths.append(item)
        elif isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
            texts.append((item[0], item[1]))
        elif isinstance(item, str):
            (paths if _is_path(item) else texts).append(item)
        else:
            raise InputError(f"cannot build from {type(item).__name__} {str(item)[:40]!r}: give a path, a text, "
                             "or an (id, text) pair")
    return paths, texts


def build(inputs: Inputs = None, *, texts: Iterable[str | tuple[str, str]] | None = None,
          model: str | None = None, base: str = DEFAULT_BASE, known: Iterable[str | Path] = (),
          workers: int = 1) -> KnowledgeGraph:
    """Build a graph from a path, a list of paths (files, folders, JSONL), a text, a list of
    texts, or (id, text) pairs; ``texts=`` takes texts and pairs too."""
    paths, more_texts = split_inputs(inputs)
    result = build_graph_from(paths, texts=[*more_texts, *(texts or ())], model=model, base=check_base(base)[0],
                              known_files=tuple(Path(k) for k in known), workers=workers)
    assert result.graph is not None
    return KnowledgeGraph(result.graph, result.skipped)


def load(*paths: str | Path) -> KnowledgeGraph:
    """Open graph files written by ``kg build`` or ``KnowledgeGraph.save``."""
    return KnowledgeGraph(load_graphs(paths))
