"""Query results from any engine and their formats: SELECT as table, CSV, TSV or JSON; ASK as
true/false or JSON; CONSTRUCT and DESCRIBE as Turtle, N-Triples or JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import IdentifiedNode, Node

from ..errors import QueryError
from ..graph import new_graph
from ..io import safe_text
from ..terms import from_ox

__all__ = ["RESULT_FORMATS", "QueryOutcome", "check_result_format", "format_result", "format_table"]

# Result formats that fit each query form; the first is the default.
RESULT_FORMATS = {"SELECT": ("table", "csv", "tsv", "json"), "ASK": ("table", "json"),
                  "CONSTRUCT": ("turtle", "nt", "jsonld", "json"), "DESCRIBE": ("turtle", "nt", "jsonld", "json")}


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
        from ..graph import serialize

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
