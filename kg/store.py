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

import heapq
import itertools
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .errors import ConfigError, InputError
from .graph import (
    ENTITY_PREDICATES,
    EntityRecord,
    article_hashes,
    article_index,
    entity_table,
    new_graph,
    read_entities,
    serialize,
)
from .io import atomic_output, atomic_write, check_output, rdflib_graph, read_quads
from .settings import FLUSH_TRIPLES
from .terms import Triple, nt_line
from .vocab import DEFAULT_BASE, KGO, entity_classes

__all__ = ["GraphTarget", "NTriplesTarget", "OxigraphStore", "atomic_output", "atomic_write"]

class GraphTarget:
    """An in-memory rdflib graph: the default target, written to a file at the end."""

    def __init__(self, graph: Graph | None = None):
        self.graph = graph if graph is not None else new_graph()

    def entities(self, base: str = DEFAULT_BASE) -> dict[str, EntityRecord]:
        return read_entities(self.graph, base)

    def article_hashes(self) -> set[str]:
        return article_hashes(self.graph)

    def articles(self) -> dict[str, str]:
        """Article node IRI -> content hash."""
        return article_index(self.graph)

    def rename(self, old: URIRef, new: URIRef) -> None:
        g = self.graph
        for predicate in ENTITY_PREDICATES:
            g.remove((old, predicate, None))
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




class OxigraphStore:
    """A persistent Oxigraph store in a folder: every commit is one transaction."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        is_store = (self.path / "CURRENT").is_file()
        if read_only and not is_store:
            raise InputError(f"{self.path}: not an Oxigraph store (build one with kg build --store)")
        if not is_store and self.path.exists():
            if not self.path.is_dir():
                raise InputError(f"{self.path}: not a folder")
            if any(self.path.iterdir()):
                raise InputError(f"{self.path}: a folder that is not an Oxigraph store and not empty; "
                                 "give a new or empty folder for --store")
        try:
            self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in first.lower():
                first = "another kg process has it open for writing"
            raise InputError(f"{self.path}: cannot open the store: {first}") from None
        self._pending: list[str] = []
        self._unflushed = 0

    def entities(self, base: str = DEFAULT_BASE) -> dict[str, EntityRecord]:
        # As kg.graph.read_entities: types per entity class, then the describing predicates.
        rdf_type = ox.NamedNode(str(ENTITY_PREDICATES[0]))
        types = (q for name in entity_classes()
                 for q in self.store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(KGO[name])), ox.DefaultGraph()))
        described = (q for p in ENTITY_PREDICATES[1:]
                     for q in self.store.quads_for_pattern(None, ox.NamedNode(str(p)), None, ox.DefaultGraph()))
        return entity_table(((q.subject.value, q.predicate.value, q.object.value)
                             for q in itertools.chain(types, described)
                             if isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.Triple)), base)

    def article_hashes(self) -> set[str]:
        return set(self.articles().values())

    def articles(self) -> dict[str, str]:
        """Article node IRI -> content hash."""
        return {q.subject.value: q.object.value
                for q in self.store.quads_for_pattern(None, ox.NamedNode(str(KGO.contentHash)), None)
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)}

    def rename(self, old: URIRef, new: URIRef) -> None:
        predicates = " ".join(f"<{p}>" for p in ENTITY_PREDICATES)
        self._pending += [
            f"DELETE {{ <{old}> ?p ?o }} WHERE {{ VALUES ?p {{ {predicates} }} <{old}> ?p ?o }}",
            f"DELETE {{ <{old}> ?p ?o }} INSERT {{ <{new}> ?p ?o }} WHERE {{ <{old}> ?p ?o }}",
            f"DELETE {{ ?s ?p <{old}> }} INSERT {{ ?s ?p <{new}> }} WHERE {{ ?s ?p <{old}> }}",
        ]

    def commit(self, reset: Iterable[URIRef], triples: Iterable[Triple]) -> None:
        """Add a chunk in one transaction (Oxigraph's N-Triples load, several times faster than
        SPARQL INSERT DATA), then drop the mention counts it superseded.

        Only counts ever change (labels, types and links are added, never rewritten), and
        readers take the largest count, so a build killed between the two steps leaves a
        graph that reads the same and is tidied by the next build.
        """
        if self._pending:
            self.store.update(" ;\n".join(self._pending))
            self._pending = []
        data = "".join(nt_line(t) for t in triples)
        if data:
            self.store.load(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            self._unflushed += data.count("\n")
            if self._unflushed >= FLUSH_TRIPLES:
                # RocksDB keeps one write buffer per index until flushed: flushing as we go
                # keeps a long build's memory flat (measured: 667 -> 168 MiB at 1.4M triples).
                self.store.flush()
                self._unflushed = 0
        nodes = " ".join(f"<{n}>" for n in reset)
        if nodes:
            count = ENTITY_PREDICATES[-1]
            self.store.update(f"DELETE {{ ?n <{count}> ?c }} WHERE {{ VALUES ?n {{ {nodes} }} "
                              f"?n <{count}> ?c , ?more FILTER(?c < ?more) }}")

    def triples(self) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def export(self, output: str, fmt: str) -> None:
        """Write the store's default graph to a file (or "-"): N-Triples streamed and sorted, like a build."""
        if fmt != "nt":
            data = serialize(self.to_graph(), fmt)
            if output == "-":
                sys.stdout.buffer.write(data)
            else:
                atomic_write(Path(output), data)
            return
        target = NTriplesTarget(None if output == "-" else Path(output))
        target.add_lines(f"{q.subject} {q.predicate} {q.object} .\n"
                         for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        target.close()

    def to_graph(self) -> Graph:
        return rdflib_graph(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def close(self) -> None:
        if not self.read_only:
            self.store.flush()
        del self.store


class _SortedRuns:
    """An external sort of N-Triples lines: sorted runs on disk, merged at the end.

    Memory is one run (``run_lines`` lines) however many lines go in.
    """

    def __init__(self, folder: Path, run_lines: int = 200_000):
        self.folder, self.run_lines = folder, run_lines
        self.runs: list[Path] = []
        self.buffer: set[str] = set()

    def add(self, lines: Iterable[str]) -> None:
        self.buffer.update(lines)
        if len(self.buffer) >= self.run_lines:
            self.spill()

    def spill(self) -> None:
        if not self.buffer:
            return
        run = self.folder / f"run-{len(self.runs):06d}.nt"
        with open(run, "w", encoding="utf-8") as handle:
            handle.writelines(sorted(self.buffer))
        self.runs.append(run)
        self.buffer = set()

    def merged(self, *extra: Iterable[str]) -> Iterator[str]:
        """Every line once, in order (``extra`` iterables must be sorted)."""
        self.spill()
        handles = [open(run, encoding="utf-8") for run in self.runs]
        try:
            yield from _unique(heapq.merge(*handles, *extra))
        finally:
            for handle in handles:
                handle.close()


def _unique(lines: Iterable[str]) -> Iterator[str]:
    """Sorted lines without repeats."""
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line


def _subject_object(line: str) -> tuple[str, str | None]:
    """The subject IRI and (when it is one) the object IRI of an N-Triples line.

    >>> _subject_object('<urn:s> <urn:p> <urn:o> .\\n')
    ('urn:s', 'urn:o')
    >>> _subject_object('<urn:s> <urn:p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n')
    ('urn:s', None)
    """
    subject = line[1:line.index(">")] if line.startswith("<") else ""
    body = line.rstrip()[:-1].rstrip()  # without " ."
    if not body.endswith(">"):
        return subject, None  # a plain or language-tagged literal, or a blank node
    start = body.rindex("<")
    return subject, None if body[start - 2:start] == "^^" else body[start + 1:-1]  # "^^<…>" is a datatype


class NTriplesTarget:
    """Streams a build into a sorted N-Triples file with flat memory.

    Article triples go to sorted runs on disk as they come; entity descriptions
    (small: one per entity) stay in memory until the end; renames are applied
    while the runs are merged. The file is the same, byte for byte, as
    ``serialize(graph, "nt")`` of the same graph built in memory. An existing
    file (``--append``) is read back as the starting point.
    """

    def __init__(self, output: Path | None, existing: Path | None = None, base: str = DEFAULT_BASE,
                 run_lines: int = 200_000):
        self.output = output  # None: stdout
        # Sorted runs go next to a regular output file (same disk), else to the temp folder.
        folder: Path | None = None
        if output is not None:
            check_output(output)
            real = Path(os.path.realpath(output))
            if not real.exists() or real.is_file():
                folder = real.parent
        try:
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
            self._tmp = Path(tempfile.mkdtemp(prefix=".kg-runs-", dir=folder))
        except OSError as exc:
            raise ConfigError(f"{output}: cannot write: {exc.strerror or exc}") from None
        self._runs = _SortedRuns(self._tmp, run_lines)
        self._descriptions: dict[str, list[str]] = {}
        self._renames: dict[str, str] = {}
        self._entities: dict[str, EntityRecord] = {}
        self._articles: dict[str, str] = {}  # article node IRI -> content hash
        self.base = base
        self.written = 0
        if existing is not None and existing.exists():
            self._read(existing)

    def _read(self, path: Path) -> None:
        predicates = {str(p) for p in ENTITY_PREDICATES}
        rdf_type, content_hash = str(ENTITY_PREDICATES[0]), str(KGO.contentHash)
        class_iris = {str(KGO[name]) for name in entity_classes()}
        rows: list[tuple[str, str, str]] = []
        count = 0
        try:
            for quad in read_quads(path):
                predicate, value = quad.predicate.value, quad.object.value
                if predicate in predicates and isinstance(quad.subject, ox.NamedNode) and (
                        predicate != rdf_type or value in class_iris):
                    rows.append((quad.subject.value, predicate, value))
                elif predicate == content_hash:
                    self._articles[quad.subject.value] = value
                self._runs.add([f"{quad.subject} {quad.predicate} {quad.object} .\n"])
                count += 1
        except InputError:
            self.discard()
            raise
        if count == 0 and path.stat().st_size > 0:
            self.discard()
            raise InputError(f"{path}: holds no RDF triples; --append adds to a graph file, refusing to replace it")
        self._entities = entity_table(rows, self.base)
        self._split_descriptions({self.base + key for key in self._entities}, predicates)

    def _split_descriptions(self, entity_nodes: set[str], predicates: set[str]) -> None:
        """Move the existing entity description lines out of the runs into memory."""
        kept_folder = self._tmp / "kept"
        kept_folder.mkdir()
        kept = _SortedRuns(kept_folder, self._runs.run_lines)
        for line in self._runs.merged():
            subject, _ = _subject_object(line)
            predicate = line[len(subject) + 4:].split(">", 1)[0] if subject else ""
            if subject in entity_nodes and predicate in predicates:
                self._descriptions.setdefault(subject, []).append(line)
            else:
                kept.add([line])
        for run in self._runs.runs:
            run.unlink()
        self._runs = kept

    def entities(self, base: str = DEFAULT_BASE) -> dict[str, EntityRecord]:
        return self._entities

    def article_hashes(self) -> set[str]:
        return set(self._articles.values())

    def articles(self) -> dict[str, str]:
        """Article node IRI -> content hash."""
        return dict(self._articles)

    def rename(self, old: URIRef, new: URIRef) -> None:
        self._renames[str(old)] = str(new)
        self._descriptions.pop(str(old), None)

    def add_lines(self, lines: Iterable[str]) -> None:
        """N-Triples lines (ending in a newline) that go into the file as they are."""
        self._runs.add(lines)

    def commit(self, reset: Iterable[URIRef], triples: Iterable[Triple]) -> None:
        nodes = {str(n) for n in reset}
        for node in nodes:
            self._descriptions[node] = []
        lines = []
        for triple in triples:
            line = nt_line(triple)
            if triple[1] in ENTITY_PREDICATES and str(triple[0]) in nodes:
                self._descriptions[str(triple[0])].append(line)
            else:
                lines.append(line)
        self._runs.add(lines)

    def _rewrite(self, line: str) -> str | None:
        """The line with renamed IRIs replaced, or None when it names none."""
        subject, obj = _subject_object(line)
        new_subject, new_obj = self._renames.get(subject), self._renames.get(obj) if obj else None
        if new_subject is None and new_obj is None:
            return None
        if new_obj is not None and obj is not None:
            line = line[:line.rindex("<" + obj + ">")] + f"<{new_obj}> .\n"
        if new_subject is not None:
            line = f"<{new_subject}>" + line[len(subject) + 2:]
        return line

    def _lines(self) -> Iterator[str]:
        descriptions = sorted(line for lines in self._descriptions.values() for line in lines)
        if not self._renames:
            yield from self._runs.merged(descriptions)
            return
        # Lines naming a renamed entity are few (lone surnames): they are rewritten and sorted
        # in memory; the others, still in order, wait in one file; the two are merged.
        moved: list[str] = []
        rest = self._tmp / "not-renamed.nt"
        with open(rest, "w", encoding="utf-8") as handle:
            for line in self._runs.merged(descriptions):
                rewritten = self._rewrite(line)
                if rewritten is None:
                    handle.write(line)
                else:
                    moved.append(rewritten)
        moved.sort()
        with open(rest, encoding="utf-8") as handle:
            yield from _unique(heapq.merge(handle, moved))

    def close(self) -> None:
        """Write the file (atomically) and remove the runs."""
        try:
            if self.output is None:
                out = sys.stdout.buffer
                for line in self._lines():
                    out.write(line.encode("utf-8"))
                    self.written += 1
                out.flush()
            else:
                with atomic_output(self.output) as handle:
                    for line in self._lines():
                        handle.write(line.encode("utf-8"))
                        self.written += 1
        finally:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)
