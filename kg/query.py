"""SPARQL over graphs: loading files, named queries with bound parameters, result formats."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from .errors import InputError, QueryError
from .graph import format_for, new_graph
from .resources import queries_dir

__all__ = ["NamedQuery", "format_result", "format_table", "list_queries", "load_graphs", "named_query", "run_query"]

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[tuple[str, str], ...] = field(default=())  # (name, help)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def _parse_header(path: Path) -> NamedQuery:
    title = description = ""
    params: list[tuple[str, str]] = []
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
            params.append((name.strip(), help_text.strip(" -—")))
    return NamedQuery(path.stem, path, title or path.stem, description, tuple(params))


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    folder = folder or queries_dir()
    return [_parse_header(path) for path in sorted(folder.glob("*.rq"))]


def named_query(name: str, folder: Path | None = None) -> NamedQuery:
    for query in list_queries(folder):
        if query.name == name:
            return query
    names = ", ".join(q.name for q in list_queries(folder))
    raise QueryError(f"no named query {name!r}; available: {names}")


def load_graphs(paths: Iterable[str | Path], graph: Graph | None = None) -> Graph:
    """Parse RDF files (format from the suffix) into one graph."""
    graph = graph if graph is not None else new_graph()
    for path in paths:
        fmt = format_for(str(path))
        try:
            graph.parse(str(path), format=fmt)
        except FileNotFoundError as exc:
            raise InputError(f"{path}: no such file") from exc
        except Exception as exc:  # rdflib parsers raise assorted types
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"{path}: not valid {fmt}: {first}") from exc
    return graph


def _term(value: str) -> Literal | URIRef:
    """A parameter value as an RDF term: <iri> for IRIs, else a plain literal (NFC)."""
    if value.startswith("<") and value.endswith(">") and " " not in value:
        return URIRef(value[1:-1])
    return Literal(unicodedata.normalize("NFC", value))


def run_query(graph: Graph, sparql: str, params: dict[str, str] | None = None,
              name: str = "query") -> Result:
    """Run SPARQL with parameters bound as RDF terms (never pasted into the text)."""
    bindings = {key: _term(value) for key, value in (params or {}).items()}
    try:
        return graph.query(sparql, initBindings=bindings)
    except Exception as exc:  # pyparsing and rdflib errors have many types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryError(f"{name}: {first}") from exc


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    return str(term)


def _display(term: object) -> str:
    text = _cell(term)
    return " ".join(text.split())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def format_table(names: Sequence[str], rows: list[list[str]], max_width: int = 60) -> str:
    def clip(text: str) -> str:
        return text if _width(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[clip(c) for c in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(n + " " * (w - _width(n)) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def format_result(result: Result, fmt: str = "table") -> str:
    """Render SELECT/ASK/CONSTRUCT results: table, csv, tsv, json (SPARQL 1.1 formats)."""
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n"
        return ("true" if result.askAnswer else "false") + "\n"
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        graph = result.graph
        rdf_format = {"nt": "nt", "jsonld": "json-ld", "json": "json-ld"}.get(fmt, "turtle")
        from .graph import serialize

        return serialize(graph, rdf_format).decode("utf-8")
    names = [str(v) for v in (result.vars or [])]
    rows = list(result)
    if fmt == "json":
        bindings = [{n: _json_term(row[i]) for i, n in enumerate(names) if row[i] is not None}
                    for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
        return buffer.getvalue()
    if fmt == "tsv":
        def tsv(term: object) -> str:
            if term is None:
                return ""
            return term.n3() if hasattr(term, "n3") else str(term)
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join(tsv(v) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise QueryError(f"unknown result format {fmt!r}; use table, csv, tsv or json")
    return format_table(names, [[_display(v) for v in row] for row in rows])
