"""Running SPARQL locally on Oxigraph: over graph files loaded in memory, a persistent store or an
rdflib graph; with caps on result rows, time and memory."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ..errors import QueryError, QueryTimeout
from ..io import load_store, rdflib_graph
from ..terms import to_ox
from .results import QueryOutcome
from .sparql import (
    Value,
    bind_values,
    check_read_only,
    missing_prefixes,
    projection_order,
    query_form,
    syntax_message,
    terms,
)

__all__ = ["MAX_QUERY_MEMORY", "MAX_ROWS", "LocalEngine", "run_query", "run_with_timeout"]

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
        return cls(load_store(paths))

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
                order = projection_order(written, names)
                index = [names.index(n) for n in order]
                raw = []
                for sol in result:
                    raw.append(tuple(sol[i] for i in index))
                    if len(raw) > limit:
                        raise _too_many(name, self.max_rows or 0)
                return QueryOutcome("SELECT", order, raw=raw)
            graph = rdflib_graph(result, self.max_rows, lambda: _too_many(name, self.max_rows or 0))
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
