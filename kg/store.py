"""Where graphs live: files written atomically, an in-memory rdflib graph, and a
persistent Oxigraph store on disk.

Both build targets offer the same small interface, so a build (or an
incremental build) is one code path:

- ``entities(base)`` / ``article_hashes()``: the state new articles merge into;
- ``commit(reset, triples)``: replace the description of some entity nodes and
  add triples, as one transaction;
- ``rename(old, new)``: fold one entity node into another (applied with the
  next commit).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import ConfigError, InputError
from .graph import ENTITY_PREDICATES, EntityRecord, Triple, article_hashes, new_graph, read_entities
from .vocab import DEFAULT_BASE, KGO

__all__ = ["GraphTarget", "OxigraphStore", "atomic_write", "from_ox", "to_ox"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a crash leaves the old file or the new one, never half.

    A temporary file in the same folder is written, flushed, fsynced, then
    renamed over the target.
    """
    with atomic_output(path) as handle:
        handle.write(data)


class atomic_output:  # noqa: N801 - used like open()
    """``with atomic_output(path) as f:`` — a binary file that appears whole at ``path`` or not at all."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def __enter__(self):  # type: ignore[no-untyped-def]
        folder = self.path.parent if str(self.path.parent) else Path(".")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot write: {exc.strerror}") from exc
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, kind, value, trace) -> None:  # type: ignore[no-untyped-def]
        try:
            if kind is None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
            self.handle.close()
            if kind is None:
                os.replace(self.tmp, self.path)
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot write: {exc.strerror}") from exc
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


class GraphTarget:
    """An in-memory rdflib graph: the default target, written to a file at the end."""

    def __init__(self, graph: Graph | None = None):
        self.graph = graph if graph is not None else new_graph()

    def entities(self, base: str = DEFAULT_BASE) -> dict[str, EntityRecord]:
        return read_entities(self.graph, base)

    def article_hashes(self) -> set[str]:
        return article_hashes(self.graph)

    def rename(self, old: URIRef, new: URIRef) -> None:
        g = self.graph
        for p in ENTITY_PREDICATES:
            g.remove((old, p, None))
        for _, p, o in list(g.triples((old, None, None))):
            g.remove((old, p, o))
            g.add((new, p, o))
        for s, p, _ in list(g.triples((None, None, old))):
            g.remove((s, p, old))
            g.add((s, p, new))

    def commit(self, reset: Iterable[URIRef], triples: Iterable[Triple]) -> None:
        g = self.graph
        for node in reset:
            for p in ENTITY_PREDICATES:
                g.remove((node, p, None))
        for triple in triples:
            g.add(triple)

    def close(self) -> None:
        pass


def _nt(triple: Triple) -> str:
    return " ".join(str(to_ox(t)) for t in triple) + " ."


class OxigraphStore:
    """A persistent Oxigraph store in a folder: every commit is one transaction."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise InputError(f"{self.path}: not an Oxigraph store (build one with kg build --store)")
                self.store = ox.Store.read_only(str(self.path))
                self.read_only = True
            else:
                self.store = ox.Store(str(self.path))
        except OSError as exc:
            first = str(exc).splitlines()[0]
            raise InputError(f"{self.path}: cannot open the store: {first}") from exc
        self._pending: list[str] = []
        self.read_only = getattr(self, "read_only", False)

    def _objects(self, subject: ox.NamedNode, predicate: ox.NamedNode) -> Iterator[object]:
        return (q.object for q in self.store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph()))

    def entities(self, base: str = DEFAULT_BASE) -> dict[str, EntityRecord]:
        # The same reading as kg.graph.read_entities, over the store's own index.
        from .graph import ENTITY_CLASSES

        rdf_type = ox.NamedNode(str(ENTITY_PREDICATES[0]))
        label, alt, same, count = (ox.NamedNode(str(p)) for p in ENTITY_PREDICATES[1:])
        wd = "http://www.wikidata.org/entity/"
        table: dict[str, EntityRecord] = {}
        for name in ENTITY_CLASSES:
            for quad in self.store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(KGO[name])), ox.DefaultGraph()):
                node = quad.subject
                if not isinstance(node, ox.NamedNode) or not node.value.startswith(base):
                    continue
                key = node.value[len(base):]
                if key in table:
                    continue
                name_label = next((o.value for o in self._objects(node, label)), key)
                wikidata = next((o.value[len(wd):] for o in self._objects(node, same) if o.value.startswith(wd)), None)
                table[key] = EntityRecord(name, name_label, {o.value for o in self._objects(node, alt)}, wikidata,
                                          sum(int(o.value) for o in self._objects(node, count)))
        return table

    def article_hashes(self) -> set[str]:
        return {q.object.value for q in self.store.quads_for_pattern(None, ox.NamedNode(str(KGO.contentHash)), None)}

    def rename(self, old: URIRef, new: URIRef) -> None:
        predicates = " ".join(f"<{p}>" for p in ENTITY_PREDICATES)
        self._pending += [
            f"DELETE {{ <{old}> ?p ?o }} WHERE {{ VALUES ?p {{ {predicates} }} <{old}> ?p ?o }}",
            f"DELETE {{ <{old}> ?p ?o }} INSERT {{ <{new}> ?p ?o }} WHERE {{ <{old}> ?p ?o }}",
            f"DELETE {{ ?s ?p <{old}> }} INSERT {{ ?s ?p <{new}> }} WHERE {{ ?s ?p <{old}> }}",
        ]

    def commit(self, reset: Iterable[URIRef], triples: Iterable[Triple]) -> None:
        operations, self._pending = self._pending, []
        nodes = " ".join(f"<{n}>" for n in reset)
        if nodes:
            predicates = " ".join(f"<{p}>" for p in ENTITY_PREDICATES)
            operations.append(f"DELETE {{ ?n ?p ?o }} WHERE {{ VALUES ?n {{ {nodes} }} "
                              f"VALUES ?p {{ {predicates} }} ?n ?p ?o }}")
        data = "\n".join(_nt(t) for t in triples)
        if data:
            operations.append(f"INSERT DATA {{\n{data}\n}}")
        if operations:
            # One update is one Oxigraph transaction: a killed build leaves whole chunks only.
            self.store.update(" ;\n".join(operations))

    def load_file(self, path: str | Path) -> None:
        from .graph import format_for

        fmt = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD,
               "trig": ox.RdfFormat.TRIG}[format_for(str(path))]
        try:
            self.store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: not valid RDF: {str(exc).splitlines()[0]}") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc

    def triples(self) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def to_graph(self) -> Graph:
        graph = new_graph()
        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def close(self) -> None:
        if not self.read_only:
            self.store.flush()
        del self.store
