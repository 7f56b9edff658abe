"""Named queries: the ``.rq`` files in ``queries/``, their ``# title:``, ``# description:`` and
``# param:`` headers, and the parameter contract those headers declare."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ..errors import ParameterError, QueryError
from ..resources import queries_dir
from .sparql import Value

__all__ = ["NamedQuery", "list_queries", "named_query"]

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[tuple[str, str], ...] = field(default=())  # (name, help)
    optional: frozenset[str] = frozenset()  # "# param: NAME? ..."
    labels: frozenset[str] = frozenset()  # "# param: NAME:label ...": any case, on labels and aliases

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def check_params(self, given: Iterable[str]) -> None:
        """The ``# param:`` header is the contract: raise ParameterError for an unknown or a missing one."""
        given, declared = set(given), [name for name, _ in self.params]
        unknown = sorted(given - set(declared))
        missing = [n for n in declared if n not in given and n not in self.optional]
        if unknown or missing:
            takes = "; ".join(f"{n} ({h})" if h else n for n, h in self.params) or "no parameters"
            problem = (f"unknown parameter {', '.join(unknown)}" if unknown
                       else f"missing parameter {', '.join(missing)} (-p {missing[0]}=VALUE)")
            raise ParameterError(f"{self.name}: {problem}; {self.name} takes {takes}")

    def bind(self, engine: Any, given: Mapping[str, str | Node]) -> dict[str, Value]:
        """The parameters checked against the header; a label parameter becomes every label or
        alias spelling in the graph equal to it in any case (so "valls" finds "Manuel Valls")."""
        self.check_params(given)
        bound: dict[str, Value] = dict(given)
        for name in self.labels & set(given):
            value = given[name]
            if isinstance(value, URIRef) or (isinstance(value, str) and value.startswith("<")):
                continue
            found = engine.query(_SPELLINGS, {"value": value}, name=f"{self.name} ({name})")
            bound[name] = [row[0] for row in found.rows if row[0] is not None] or value
        return bound


_SPELLINGS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name WHERE {
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name }
  FILTER(LCASE(STR(?name)) = LCASE(STR(?value)))
}"""


def _parse_header(path: Path) -> NamedQuery:
    title = description = ""
    params: list[tuple[str, str]] = []
    optional: set[str] = set()
    labels: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            name, _, help_text = value.partition(" ")
            name, _, kind = name.strip().partition(":")
            if name.endswith("?") or kind.endswith("?"):
                name, kind = name.rstrip("?"), kind.rstrip("?")
                optional.add(name)
            if kind == "label":
                labels.add(name)
            params.append((name, help_text.strip(" -—")))
    return NamedQuery(path.stem, path, title or path.stem, description, tuple(params), frozenset(optional),
                      frozenset(labels))


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    folder = folder or queries_dir()
    return [_parse_header(path) for path in sorted(folder.glob("*.rq"))]


def named_query(name: str, folder: Path | None = None) -> NamedQuery:
    for query in list_queries(folder):
        if query.name == name:
            return query
    names = ", ".join(q.name for q in list_queries(folder))
    raise QueryError(f"no named query {name!r}; available: {names}")
