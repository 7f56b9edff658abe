"""SPARQL over graphs: named queries with bound parameters, engines, result formats.

Local queries run on Oxigraph (pyoxigraph): over graph files loaded in
memory, or over a persistent store. It is 10-1000x faster than rdflib's own
SPARQL engine on large graphs and never fetches anything: there is no SERVICE,
and FROM names graphs in the store, never files or URLs. Remote endpoints are
in ``kg.remote``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import IdentifiedNode, Node

from .errors import InputError, ParameterError, QueryError, QueryTimeout
from .graph import graph_source, new_graph
from .io import check_jsonld, safe_text
from .resources import queries_dir
from .terms import OX_FORMATS, from_ox, to_ox

__all__ = ["LocalEngine", "NamedQuery", "QueryOutcome", "bind_values", "check_read_only", "check_result_format",
           "format_result", "format_table", "list_queries", "load_graphs", "missing_prefixes", "named_query",
           "parse_term", "query_form", "run_query", "with_prefixes"]

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


Value = str | Node | Sequence[Node]  # a parameter: one term, or alternatives (VALUES rows)
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



def _reason(exc: BaseException) -> str:
    """A parser's message, whole but on one line."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def load_graphs(paths: Iterable[str | Path], graph: Graph | None = None) -> Graph:
    """Parse RDF files (format from the suffix; "-" reads stdin) into one rdflib graph."""
    graph = graph if graph is not None else new_graph()
    for path in paths:
        source, fmt = graph_source(path)
        if fmt == "json-ld":
            check_jsonld(source, str(path))
        try:
            if isinstance(source, bytes):
                graph.parse(data=source, format=fmt)
            else:
                graph.parse(source, format=fmt)
        except Exception as exc:  # rdflib parsers raise assorted types
            raise InputError(f"{path}: not valid {fmt}: {_reason(exc)}") from exc
    return graph


def parse_term(value: str) -> Literal | URIRef:
    """A parameter value as an RDF term: <iri> for IRIs, else a plain literal (NFC).

    >>> parse_term("Charles Michel")
    rdflib.term.Literal('Charles Michel')
    >>> parse_term("<https://w3id.org/newskg/id/place/france>")
    rdflib.term.URIRef('https://w3id.org/newskg/id/place/france')
    """
    if value.startswith("<") and value.endswith(">"):
        try:
            return URIRef(ox.NamedNode(value[1:-1]).value)  # only a valid absolute IRI is an IRI
        except ValueError:
            pass
    return Literal(unicodedata.normalize("NFC", value))


# Tokens that may hide a keyword or a brace: comments, strings and IRIs are blanked before looking.
_LEXEMES = re.compile("|".join([
    r'"""[\s\S]*?"""', r"'''[\s\S]*?'''", r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\s]*>', r"#[^\n]*",
]))
_FORBIDDEN = re.compile(r"(?<![\w:?$])(SERVICE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:])",
                        re.IGNORECASE)


def _blank(sparql: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces (same length)."""
    return _LEXEMES.sub(lambda m: " " * len(m.group(0)), sparql)


def bind_values(sparql: str, params: dict[str, Node] | dict[str, Node | tuple[Node, ...]]) -> str:
    """Bind parameters with a VALUES block at the start of the query's WHERE group.

    Each value is one escaped RDF term (N-Triples syntax, by Oxigraph), so no value
    can change the query's structure; a tuple of terms gives one row each. The same
    text runs on every engine, local or remote.

    >>> print(bind_values('SELECT ?x WHERE { ?x ?p ?name }', {"name": Literal('"} DROP ALL {')}))
    SELECT ?x WHERE { VALUES (?name) { ("\\"} DROP ALL {") } ?x ?p ?name }
    >>> print(bind_values('SELECT ?x WHERE { ?x ?p ?name }', {"name": (Literal("Valls"), Literal("valls"))}))
    SELECT ?x WHERE { VALUES (?name) { ("Valls") ("valls") } ?x ?p ?name }
    """
    if not params:
        return sparql
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    bare = _blank(sparql)
    where = re.search(r"\bWHERE\s*\{", bare, re.IGNORECASE)
    brace = where.end() if where else bare.find("{") + 1
    if brace <= 0:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    names = " ".join(f"?{n}" for n in params)
    columns = [value if isinstance(value, tuple) else (value,) for value in params.values()]
    rows = " ".join("(" + " ".join(str(to_ox(v)) for v in row) + ")" for row in itertools.product(*columns))
    return f"{sparql[:brace]} VALUES ({names}) {{ {rows} }}{sparql[brace:]}"


def check_read_only(sparql: str, name: str = "query", allow_service: bool = False) -> None:
    """Refuse update forms and SERVICE: a pasted query only reads the local graph.

    >>> check_read_only('SELECT * WHERE { ?s ?p "DELETE me" } # LOAD')
    >>> check_read_only("SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: query: SERVICE is refused: local queries do not reach the network (--allow-service to opt in)
    """
    bare = _blank(sparql)
    for match in _FORBIDDEN.finditer(bare):
        word = match.group(1).upper()
        if word == "SERVICE":
            if allow_service:
                continue
            raise QueryError(f"{name}: SERVICE is refused: local queries do not reach the network "
                             "(--allow-service to opt in)")
        raise QueryError(f"{name}: {word} is refused: kg query is read-only")


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w?$:])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|[;,.)\]}]|$)")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_STAR = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z_0-9][\w]*)")
# Result formats that fit each query form; the first is the default.
RESULT_FORMATS = {"SELECT": ("table", "csv", "tsv", "json"), "ASK": ("table", "json"),
                  "CONSTRUCT": ("turtle", "nt", "jsonld", "json"), "DESCRIBE": ("turtle", "nt", "jsonld", "json")}


def missing_prefixes(sparql: str) -> dict[str, str]:
    """The project's prefixes (kg/data/prefixes.toml) a query uses without declaring them.

    >>> missing_prefixes("PREFIX kgo: <urn:x#> SELECT ?a WHERE { ?a kgo:meets ?b ; rdfs:label 'x:y' }")
    {'rdfs': 'http://www.w3.org/2000/01/rdf-schema#'}
    """
    from .resources import prefixes

    bare = _blank(sparql)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(bare)}
    used = {m.group(1) or "" for m in _USED.finditer(bare)}
    return {name: iri for name, iri in prefixes().items() if name in used and name not in declared}


def with_prefixes(sparql: str) -> str:
    """The query with the project's prefixes it uses but does not declare, on its first line
    (so an error's line number stays that of the text as written)."""
    extra = missing_prefixes(sparql)
    if not extra:
        return sparql
    return " ".join(f"PREFIX {name}: <{iri}>" for name, iri in extra.items()) + " " + sparql


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form (None when it cannot be told)."""
    match = _FORM.search(_blank(sparql))
    return match.group(1).upper() if match else None


def check_result_format(form: str | None, fmt: str | None) -> str:
    """The result format for a query form: the default when ``fmt`` is None; QueryError when it does not fit.

    >>> check_result_format("CONSTRUCT", None), check_result_format("SELECT", "csv")
    ('turtle', 'csv')
    >>> check_result_format("CONSTRUCT", "csv")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: --format csv does not fit a CONSTRUCT query; use turtle, nt, jsonld or json
    """
    if form not in RESULT_FORMATS:
        return fmt or "table"
    allowed = RESULT_FORMATS[form]
    if fmt is None:
        return allowed[0]
    if fmt not in allowed:
        raise QueryError(f"--format {fmt} does not fit a{'n' if form == 'ASK' else ''} {form} query; "
                         f"use {', '.join(allowed[:-1])} or {allowed[-1]}")
    return fmt


def _projection_order(sparql: str, names: list[str]) -> list[str]:
    """For SELECT *, the variables in the order they first appear in the query (as SPARQL says)."""
    bare = _blank(sparql)
    star = _STAR.search(bare)
    if not star:
        return names
    seen: dict[str, int] = {}
    for match in _VARIABLE.finditer(bare, star.end()):
        seen.setdefault(match.group(1), len(seen))
    return sorted(names, key=lambda n: seen.get(n, len(seen)))


def syntax_message(name: str, sparql: str, exc: BaseException) -> str:
    """A SPARQL syntax error on one line: where (line, column), what, and the text there."""
    message = " ".join(str(exc).split())
    where = re.match(r"error at (\d+):(\d+):\s*", message)
    if not where:
        return f"{name}: invalid SPARQL: {message}"
    line, column = int(where.group(1)), int(where.group(2))
    detail = message[where.end():]
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in detail:
        before = re.search(r"([A-Za-z][\w.-]*)?:[\w-]*$", text[: max(column - 1, 0)])
        prefix = (before.group(1) or "") if before else "?"
        from .resources import prefixes

        detail = (f"unknown prefix {prefix}: (declare it: PREFIX {prefix}: <…>; predeclared: "
                  f"{', '.join(sorted(prefixes()))})")
    elif len(detail) > 300:
        detail = detail[:299] + "…"
    snippet = " ".join(text.split())
    return f"{name}: invalid SPARQL at line {line}, column {column}: {detail}" + (f' in "{snippet}"' if snippet else "")


class QueryOutcome:
    """Results from any engine: SELECT rows, an ASK boolean, or a CONSTRUCT/DESCRIBE graph.

    Rows from Oxigraph are kept as Oxigraph terms and turned into rdflib terms
    only when ``rows`` is read: printing a large result never pays for that.
    """

    def __init__(self, type: str, vars: list[str] | None = None,  # noqa: A002 - rdflib's names
                 rows: list[tuple[Node | None, ...]] | None = None, askAnswer: bool | None = None,  # noqa: N803
                 graph: Graph | None = None, raw: list[tuple[Any, ...]] | None = None):
        self.type = type
        self.vars = list(vars or [])
        self._rows = rows
        self.raw = raw if raw is not None else rows or []
        self.askAnswer = askAnswer
        self.graph = graph

    def __repr__(self) -> str:
        return f"<QueryOutcome {self.type}: {len(self)} row(s) of {', '.join(self.vars)}>"

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        if self._rows is None:
            self._rows = [tuple(None if t is None else _rdflib_term(t) for t in row) for row in self.raw]
        return self._rows

    def __iter__(self) -> Iterator[_Row]:
        index = {name: i for i, name in enumerate(self.vars)}
        return (_Row(row, index) for row in self.rows)

    def __len__(self) -> int:
        return len(self.raw)

    def cells(self) -> list[list[str]]:
        """Rows as display strings (IRIs and literal values), fast for any engine."""
        return [[_cell(t) for t in row] for row in self.raw]

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (str, int, float, bool, date...)."""
        return [{name: term.toPython() if isinstance(term, (IdentifiedNode, Literal)) else term
                 for name, term in zip(self.vars, row, strict=True)} for row in self.rows]

    def to_pandas(self) -> Any:
        """A pandas DataFrame of the rows (Python values), one column per variable."""
        try:
            import pandas
        except ImportError as exc:
            raise QueryError("to_pandas needs pandas: pip install 'newskg[explore]'") from exc
        return pandas.DataFrame(self.records(), columns=self.vars)


def _rdflib_term(term: Any) -> Node:
    return term if isinstance(term, Node) else from_ox(term)


class _Row(tuple[Any, ...]):
    """A result row: by position, or by variable name as an attribute or key."""

    _index: dict[str, int]

    def __new__(cls, values: tuple[Any, ...], index: dict[str, int]) -> _Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)


def terms(params: Mapping[str, Value] | None) -> dict[str, Node | tuple[Node, ...]]:
    """Parameter values as RDF terms: a str is parsed (``parse_term``), a list is alternatives."""
    def term(value: str | Node) -> Node:
        return value if isinstance(value, Node) else parse_term(value)
    return {key: term(value) if isinstance(value, (str, Node)) else tuple(map(term, value))
            for key, value in (params or {}).items()}


MAX_ROWS = 1_000_000  # result rows (or CONSTRUCT triples) before a query is stopped


def _too_many(name: str, limit: int) -> QueryError:
    return QueryError(f"{name}: more than {limit:,} result rows; add LIMIT to the query, or raise --max-rows")


class LocalEngine:
    """SPARQL on an Oxigraph store: files loaded in memory, a persistent store, or an rdflib graph."""

    max_rows: int | None = MAX_ROWS

    def __init__(self, store: ox.Store | None = None):
        self.store = store if store is not None else ox.Store()

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> LocalEngine:
        engine = cls()
        for path in paths:
            source, fmt = graph_source(path)
            if fmt == "json-ld":
                check_jsonld(source, str(path))
            try:
                if isinstance(source, bytes):
                    engine.store.bulk_load(input=source, format=OX_FORMATS[fmt])
                else:
                    engine.store.bulk_load(path=source, format=OX_FORMATS[fmt])
            except (SyntaxError, ValueError) as exc:
                raise InputError(f"{path}: not valid {fmt}: {_reason(exc)}") from exc
            except OSError as exc:
                raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        return engine

    @classmethod
    def from_graph(cls, graph: Graph) -> LocalEngine:
        engine = cls()
        engine.store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
        return engine

    def query(self, sparql: str, params: Mapping[str, Value] | None = None, name: str = "query",
              allow_service: bool = False) -> QueryOutcome:
        check_read_only(sparql, name, allow_service)
        written = sparql
        sparql = bind_values(sparql, terms(params))
        try:
            result = self.store.query(sparql, prefixes=missing_prefixes(sparql))
            if isinstance(result, ox.QueryBoolean):
                return QueryOutcome("ASK", askAnswer=bool(result))
            limit = self.max_rows or float("inf")
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                order = _projection_order(written, names)
                index = [names.index(n) for n in order]
                raw = []
                for sol in result:
                    raw.append(tuple(sol[i] for i in index))
                    if len(raw) > limit:
                        raise _too_many(name, self.max_rows or 0)
                return QueryOutcome("SELECT", order, raw=raw)
            graph = new_graph()
            for triple in result:
                graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
                if len(graph) > limit:
                    raise _too_many(name, self.max_rows or 0)
            return QueryOutcome(query_form(written) or "CONSTRUCT", graph=graph)
        except SyntaxError as exc:
            raise QueryError(syntax_message(name, sparql, exc)) from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"{name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc


MAX_QUERY_MEMORY = 1 << 30  # bytes a query may add to the process before it is stopped


def _resident() -> int:
    """Resident memory of this process in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run_with_timeout(work: Callable[[], QueryOutcome], timeout: float | None, name: str = "query",
                     max_memory: int | None = MAX_QUERY_MEMORY) -> QueryOutcome:
    """Run ``work`` (a query) with a time limit and a memory guard: past either, raise ``QueryError``
    (``QueryTimeout`` for time).

    The query runs in a daemon thread (Oxigraph releases the GIL while it works),
    watched every 50 ms. A library caller gets the exception while the thread
    winds down in the background; the CLI exits, which stops it for good.
    """
    box: list[Any] = []

    def target() -> None:
        try:
            box.append(("ok", work()))
        except BaseException as exc:  # handed to the caller's thread
            box.append(("error", exc))

    thread = threading.Thread(target=target, name=f"kg-query-{name}", daemon=True)
    start, baseline = time.monotonic(), _resident()
    thread.start()
    while thread.is_alive():
        thread.join(0.05)
        if timeout and time.monotonic() - start > timeout and not box:
            raise QueryTimeout(f"{name}: stopped after {timeout:g}s (raise --timeout, or 0 for no limit)")
        if max_memory and baseline and _resident() - baseline > max_memory and not box:
            raise QueryError(f"{name}: stopped: the query used more than {max_memory >> 20:,} MB of memory "
                             "(add LIMIT, or narrow the patterns)")
    kind, value = box[0]
    if kind == "error":
        raise value
    return value


def run_query(graph: Graph, sparql: str, params: Mapping[str, Value] | None = None,
              name: str = "query") -> QueryOutcome:
    """Run SPARQL over an rdflib graph with parameters bound as RDF terms (never pasted into the text)."""
    return LocalEngine.from_graph(graph).query(sparql, params, name)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _cell(term: object) -> str:
    """The plain value of a term (rdflib or Oxigraph): IRI, literal text, or blank node id."""
    if term is None:
        return ""
    value = getattr(term, "value", None)  # Oxigraph terms
    return value if isinstance(value, str) and not isinstance(term, Node) else str(term)


def _display(term: object) -> str:
    return " ".join(_cell(term).split())


def _n3(term: object) -> str:
    if term is None:
        return ""
    return term.n3() if isinstance(term, Node) else str(term)  # Oxigraph prints N-Triples syntax


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1


# Every assigned character that is combining or wide falls in these ranges; text without them is
# one column per character, which spares the per-character lookups for almost every cell.
_MAYBE_NOT_ONE_COLUMN = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u0dff\u0e31-\u0eff\u0f18-\u109f\u1100-\u115f\u135d-\u135f"
    "\u1712-\u1dff\u20d0-\u20ff\u2300-\u27bf\u2b00-\u2bff\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u2e80-\ua4cf"
    "\ua66f-\ua6ff\ua802-\ua8ff\ua926-\uabff\uac00-\ud7a3\uf900-\ufaff\ufb1e\ufe00-\ufe6f\uff00-\uff60"
    "\uffe0-\uffe6\U00010000-\U0010ffff]")


def _one_column_each(text: str) -> bool:
    return text.isascii() or not _MAYBE_NOT_ONE_COLUMN.search(text)


def _width(text: str) -> int:
    return len(text) if _one_column_each(text) else sum(map(_char_width, text))


def _clip(text: str, max_width: int) -> str:
    """``text`` cut to ``max_width`` columns (ending in "…"), looking at no more characters than that."""
    if not max_width:
        return text
    if _one_column_each(text[:max_width + 1]):
        return text if len(text) <= max_width else text[:max_width - 1] + "…"
    used = 0
    for index, ch in enumerate(text):
        width = _char_width(ch)
        if used + width > max_width:
            cut = index
            while cut > 0 and used > max_width - 1:
                cut -= 1
                used -= _char_width(text[cut])
            return text[:cut] + "…"
        used += width
    return text


def format_table(names: Sequence[str], rows: list[list[str]], max_width: int = 60) -> str:
    """An aligned text table; cells wider than ``max_width`` are cut with "…" (0: never cut) and made
    safe for a terminal (control characters replaced). Time is linear in the output size."""
    names = [safe_text(n) for n in names]
    cells = [[(cell, _width(cell)) for cell in (_clip(safe_text(c), max_width) for c in row)] for row in rows]
    widths = [_width(n) for n in names]
    for row in cells:
        widths = [max(w, cw) for w, (_, cw) in zip(widths, row, strict=True)]
    lines = ["  ".join(n + " " * (w - _width(n)) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(c + " " * (w - cw) for (c, cw), w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, (URIRef, ox.NamedNode)):
        return {"type": "uri", "value": _cell(term)}
    if isinstance(term, (BNode, ox.BlankNode)):
        return {"type": "bnode", "value": _cell(term)}
    out = {"type": "literal", "value": _cell(term)}
    if isinstance(term, Literal):
        language, datatype = term.language, str(term.datatype) if term.datatype else None
    else:
        assert isinstance(term, ox.Literal)
        language, datatype = term.language, term.datatype.value
    if language:
        out["xml:lang"] = language
    elif datatype and datatype != _XSD_STRING:
        out["datatype"] = datatype
    return out


def format_result(result: QueryOutcome, fmt: str | None = None, max_width: int = 60) -> str:
    """Render results: SELECT as table, csv, tsv or json (SPARQL 1.1 formats); ASK as true/false
    or json; CONSTRUCT and DESCRIBE as Turtle, N-Triples (nt) or JSON-LD (jsonld, json).

    ``fmt`` None picks the form's default; a format that does not fit the form raises QueryError.
    ``max_width`` cuts table cells (0: never).
    """
    fmt = check_result_format(result.type, fmt)
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) + "\n"
        return ("true" if result.askAnswer else "false") + "\n"
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        from .graph import serialize

        rdf_format = {"nt": "nt", "jsonld": "json-ld", "json": "json-ld"}.get(fmt, "turtle")
        return serialize(result.graph if result.graph is not None else new_graph(), rdf_format).decode("utf-8")
    names, rows = result.vars, result.raw
    if fmt == "json":
        bindings = [{n: _json_term(row[i]) for i, n in enumerate(names) if row[i] is not None} for row in rows]
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
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join(_n3(v) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    return format_table(names, [[_display(v) for v in row] for row in rows], max_width)
