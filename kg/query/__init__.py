"""SPARQL over graphs: named queries with bound parameters, engines, result formats.

Local queries run on Oxigraph (pyoxigraph): over graph files loaded in
memory, or over a persistent store. It is 10-1000x faster than rdflib's own
SPARQL engine on large graphs and never fetches anything: there is no SERVICE,
and FROM names graphs in the store, never files or URLs. Remote endpoints are
in ``kg.remote``.

- ``kg.query.catalogue``: the named queries in ``queries/`` and their parameter contract;
- ``kg.query.sparql``: query text — parameters bound as RDF terms, read-only checks, prefixes;
- ``kg.query.engine``: running a query locally, with row, time and memory caps;
- ``kg.query.results``: results from any engine and their formats (table, CSV, TSV, JSON, RDF).

Everything public is importable from ``kg.query`` itself.
"""

from __future__ import annotations

from ..io import load_graphs
from .catalogue import NamedQuery, list_queries, named_query
from .engine import MAX_QUERY_MEMORY, MAX_ROWS, LocalEngine, run_query, run_with_timeout
from .results import RESULT_FORMATS, QueryOutcome, check_result_format, format_result, format_table
from .sparql import (
    Value,
    bind_values,
    check_read_only,
    missing_prefixes,
    parse_term,
    query_form,
    syntax_message,
    terms,
    with_prefixes,
)

__all__ = ["MAX_QUERY_MEMORY", "MAX_ROWS", "RESULT_FORMATS", "LocalEngine", "NamedQuery", "QueryOutcome", "Value",
           "bind_values", "check_read_only", "check_result_format", "format_result", "format_table", "list_queries",
           "load_graphs", "missing_prefixes", "named_query", "parse_term", "query_form", "run_query",
           "run_with_timeout", "syntax_message", "terms", "with_prefixes"]
