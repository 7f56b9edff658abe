"""Remote triplestores: SPARQL queries through SPARQLWrapper, and loading graphs with
the SPARQL 1.1 Graph Store HTTP Protocol (falling back to SPARQL Update).

Credentials come from the environment (``KG_SPARQL_USER``/``KG_SPARQL_PASSWORD``)
or a netrc file, never from the command line; they are never printed, never sent
over plain http unless the caller allows it, and never follow a redirect to
another host. Every request has a timeout; responses are capped in size.
"""

from __future__ import annotations

import base64
import json
import netrc
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, N3, SPARQLWrapper

from .errors import EndpointError, QueryError
from .formats import RDF_FORMATS
from .io import Source, graph_sources, rdflib_graph, read_quads, safe_text
from .query import MAX_ROWS, QueryOutcome, Value, bind_values, check_read_only, terms, with_prefixes
from .settings import LOAD_CHUNK_TRIPLES, MAX_RESPONSE, REMOTE_TIMEOUT

__all__ = ["Credentials", "LoadReport", "RemoteEngine", "load_graph", "redact"]


def redact(url: str) -> str:
    """The URL without user, password or query string, safe for messages.

    >>> redact("https://alice:s3cret@db.example.org/sparql?token=abc")
    'https://db.example.org/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
        host += ":<bad port>"
    if port:
        host = f"{host}:{port}"
    return safe_text(urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", "")))


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def __repr__(self) -> str:  # never shows the password, even in a traceback
        return f"Credentials(user={self.user!r}, password=***)"

    @classmethod
    def find(cls, url: str, netrc_file: str | Path | None = None) -> Credentials | None:
        """From $KG_SPARQL_USER/$KG_SPARQL_PASSWORD, then a netrc file entry for the host."""
        user, password = os.environ.get("KG_SPARQL_USER"), os.environ.get("KG_SPARQL_PASSWORD")
        if user and password is not None:
            return cls(user, password)
        path = Path(netrc_file) if netrc_file else None
        if path is None and os.environ.get("NETRC"):
            path = Path(os.environ["NETRC"])
        if path is None:
            return None
        try:
            entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
        except netrc.NetrcParseError as exc:  # its message quotes the file, maybe a piece of a password
            raise EndpointError(f"{path}: cannot read credentials: netrc syntax error on line {exc.lineno} "
                                "(a value with spaces must be quoted)") from None
        except OSError as exc:
            raise EndpointError(f"{path}: cannot read credentials: {exc.strerror or type(exc).__name__}") from None
        return cls(entry[0], entry[2] or "") if entry else None


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only on the same scheme, host and port: credentials never travel elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.hostname, old.port) != (new.scheme, new.hostname, new.port):
            raise EndpointError(f"{redact(req.full_url)}: redirected to another host ({redact(newurl)}); "
                                "not following")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameHostRedirects)


class _Capped:
    """A response whose body may not exceed ``limit`` bytes."""

    def __init__(self, response: Any, limit: int, where: str):
        self.response, self.limit, self.where = response, limit, where

    def read(self, size: int = -1) -> bytes:
        data = self.response.read(self.limit + 1)
        if len(data) > self.limit:
            raise EndpointError(f"{self.where}: response larger than {self.limit} bytes; refused")
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.response, name)


def _check_transport(url: str, credentials: Credentials | None, allow_http: bool) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise EndpointError(f"{redact(url)}: not a valid URL (bad host or port)") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise EndpointError(f"{redact(url)}: not an http(s) endpoint URL")
    if parts.username or parts.password:
        raise EndpointError(f"{redact(url)}: put credentials in $KG_SPARQL_USER/$KG_SPARQL_PASSWORD or a netrc "
                            "file, not in the URL")
    if credentials and parts.scheme == "http" and not allow_http:
        raise EndpointError(f"{redact(url)}: refusing to send credentials over plain http "
                            "(use https, or --allow-http if you accept the risk)")


def _explain(exc: BaseException, url: str) -> EndpointError:
    """One line for any failure to talk to an endpoint, without secrets."""
    where = redact(url)
    if isinstance(exc, EndpointError):
        return exc
    if isinstance(exc, urllib.error.HTTPError):
        reason = {401: "unauthorized (check the credentials)", 403: "forbidden", 404: "not found",
                  400: "the endpoint rejected the request"}.get(exc.code, exc.reason)
        detail = ""
        try:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()[0] if exc.code == 400 else ""
        except (OSError, IndexError):
            pass
        return EndpointError(f"{where}: HTTP {exc.code} {reason}{': ' + detail if detail else ''}")
    if isinstance(exc, (socket.timeout, TimeoutError)) or "timed out" in str(exc):
        return EndpointError(f"{where}: no answer within the timeout")
    if isinstance(exc, urllib.error.URLError):
        cause = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        return EndpointError(f"{where}: unreachable ({cause})")
    return EndpointError(f"{where}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper with our opener: same-host redirects, capped responses, plain HTTP errors."""

    max_response = MAX_RESPONSE

    def _query(self):  # type: ignore[no-untyped-def]
        request = self._createRequest()
        response = _OPENER.open(request, timeout=self.timeout)
        return _Capped(response, self.max_response, redact(self.endpoint)), self.returnFormat


class _BadResults(ValueError):
    """The endpoint's answer is JSON but not in the SPARQL results shape."""


def _term(binding: Any) -> Node:
    if not isinstance(binding, dict):
        raise _BadResults("a bound value is not an object")
    kind, value = binding.get("type"), binding.get("value")
    if not isinstance(kind, str) or not isinstance(value, str):
        raise _BadResults("a bound value has no string 'type' and 'value'")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind not in {"literal", "typed-literal"}:
        raise _BadResults(f"unknown term type {safe_text(kind)[:40]!r}")
    lang, datatype = binding.get("xml:lang"), binding.get("datatype")
    if lang is not None:
        if not isinstance(lang, str):
            raise _BadResults("'xml:lang' is not a string")
        return Literal(value, lang=lang)
    if datatype is not None and not isinstance(datatype, str):
        raise _BadResults("'datatype' is not a string")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


def _solutions(data: Any, max_rows: int | None) -> QueryOutcome:
    """SPARQL 1.1 JSON results, checked shape by shape."""
    if not isinstance(data, dict):
        raise _BadResults("not a JSON object")
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise _BadResults("'boolean' is not true or false")
        return QueryOutcome("ASK", askAnswer=data["boolean"])
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise _BadResults("no 'head' and 'results' objects")
    names = head.get("vars", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _BadResults("'head.vars' is not a list of names")
    bindings = results.get("bindings")
    if not isinstance(bindings, list):
        raise _BadResults("'results.bindings' is not a list")
    if max_rows and len(bindings) > max_rows:
        raise QueryError(f"more than {max_rows:,} result rows; add LIMIT to the query, or raise --max-rows")
    rows = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise _BadResults("a solution is not an object")
        rows.append(tuple(_term(binding[n]) if n in binding else None for n in names))
    return QueryOutcome("SELECT", names, rows)


class RemoteEngine:
    """A SPARQL 1.1 query endpoint (Oxigraph /query, Fuseki /DATASET/sparql, GraphDB, Virtuoso, QLever)."""

    max_rows: int | None = MAX_ROWS

    def __init__(self, url: str, credentials: Credentials | None = None, timeout: float = REMOTE_TIMEOUT,
                 allow_http: bool = False, max_response: int = MAX_RESPONSE, allow_update: bool = False):
        _check_transport(url, credentials, allow_http)
        self.url, self.credentials, self.timeout, self.max_response = url, credentials, timeout, max_response
        self.allow_update = allow_update  # update forms (DROP, INSERT...) are refused unless allowed

    def query(self, sparql: str, params: Mapping[str, Value] | None = None, name: str = "query",
              allow_service: bool = False) -> QueryOutcome:
        """Run a query at the endpoint. SERVICE is the server's business; update forms are refused
        unless ``allow_update``, as for local queries."""
        if not self.allow_update:
            try:
                check_read_only(sparql, name, allow_service=True)
            except QueryError as exc:
                raise QueryError(f"{exc}; to change the remote store, add --allow-update") from None
        sparql = with_prefixes(bind_values(sparql, terms(params)))
        wrapper = _Wrapper(self.url)
        wrapper.max_response = self.max_response
        wrapper.setTimeout(max(1, round(self.timeout)))
        wrapper.setMethod("POST")
        if self.credentials:
            wrapper.setCredentials(self.credentials.user, self.credentials.password)
        wrapper.setQuery(sparql)
        kind = wrapper.queryType
        if wrapper.isSparqlUpdateRequest():
            try:
                response, _ = wrapper._query()
                response.read()
            except Exception as exc:
                raise _explain(exc, self.url) from None
            return QueryOutcome("ASK", askAnswer=True)  # done: printed as "true"
        if kind in {"CONSTRUCT", "DESCRIBE"}:
            wrapper.setReturnFormat(N3)
            wrapper.addCustomHttpHeader("Accept", RDF_FORMATS["nt"].media_type)
        else:
            wrapper.setReturnFormat(JSON)
        try:
            response, _ = wrapper._query()
            body = response.read()
        except Exception as exc:  # urllib, socket and SPARQLWrapper errors, all one line
            raise _explain(exc, self.url) from None
        try:
            if kind in {"CONSTRUCT", "DESCRIBE"}:
                graph = rdflib_graph(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), self.max_rows, lambda: QueryError(
                    f"{name}: more than {self.max_rows:,} triples; add LIMIT to the query, or raise --max-rows"))
                return QueryOutcome("CONSTRUCT", graph=graph)
            return _solutions(json.loads(body), self.max_rows)
        except RecursionError:
            raise EndpointError(f"{redact(self.url)}: the answer is not valid SPARQL results: nested too "
                                "deeply") from None
        except (ValueError, SyntaxError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise EndpointError(f"{redact(self.url)}: the answer is not valid SPARQL results: "
                                f"{safe_text(first)[:200]}") from None


@dataclass(frozen=True)
class LoadReport:
    triples: int
    seconds: float
    requests: int
    protocol: str  # "graph-store" or "update"


def _chunks(sources: list[Source], size: int) -> Iterator[bytes]:
    """N-Triples chunks of at most ``size`` triples, parsed strictly from the files."""
    for path, source, fmt in sources:
        batch: list[str] = []
        for quad in read_quads(path, source, fmt):
            batch.append(f"{quad.subject} {quad.predicate} {quad.object} .")
            if len(batch) >= size:
                yield ("\n".join(batch) + "\n").encode()
                batch = []
        if batch:
            yield ("\n".join(batch) + "\n").encode()


def load_graph(paths: Iterable[str | Path], url: str, graph: str | None = None,
               credentials: Credentials | None = None, timeout: float = 300.0, allow_http: bool = False,
               chunk_triples: int = LOAD_CHUNK_TRIPLES, update_url: str | None = None) -> LoadReport:
    """Replace ``graph`` (default: the default graph) at a Graph Store Protocol endpoint with the files' triples.

    The first chunk is PUT (replacing what was there, so a re-load never duplicates),
    the rest POSTed. Where the server answers that it has no Graph Store Protocol
    (404, 405, 415, 501), the same is done with SPARQL Update at ``update_url`` (or ``url``).
    """
    _check_transport(url, credentials, allow_http)
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise EndpointError(f"--graph {graph!r}: not an absolute IRI") from None
    headers = {"Content-Type": RDF_FORMATS["nt"].media_type}
    if credentials:
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    target = url + ("&" if "?" in url else "?") + (urllib.parse.urlencode({"graph": graph}) if graph else "default")
    sources = graph_sources(paths)
    for _ in _chunks(sources, chunk_triples):  # every file parses before the first request replaces anything
        pass
    started = time.perf_counter()
    sent = requests = 0
    protocol = "graph-store"
    for body in _chunks(sources, chunk_triples):
        count = body.count(b"\n")
        if protocol == "graph-store":
            method = "PUT" if requests == 0 else "POST"
            try:
                _send(target, method, body, headers, timeout)
            except urllib.error.HTTPError as exc:
                if requests == 0 and exc.code in {404, 405, 415, 501}:
                    protocol = "update"
                else:
                    raise _explain(exc, url) from None
            except Exception as exc:
                raise _explain(exc, url) from None
        if protocol == "update":
            clear = ""
            if requests == 0:
                clear = f"DROP SILENT GRAPH <{graph}> ;\n" if graph else "DROP SILENT DEFAULT ;\n"
            data = f"GRAPH <{graph}> {{\n{body.decode()}}}" if graph else body.decode()
            update = f"{clear}INSERT DATA {{\n{data}\n}}"
            try:
                _send(update_url or url, "POST", update.encode(),
                      {**headers, "Content-Type": "application/sparql-update"}, timeout)
            except Exception as exc:
                error = _explain(exc, update_url or url)
                if update_url is None and isinstance(exc, urllib.error.HTTPError) and 400 <= exc.code < 500:
                    # Neither the Graph Store Protocol nor SPARQL Update is spoken at this URL.
                    raise EndpointError(f"{error}; {redact(url)} takes neither Graph Store uploads nor SPARQL "
                                        "Update (a query endpoint?): give the Graph Store URL (Oxigraph "
                                        "http://host:7878/store, Fuseki http://host:3030/DATASET/data) or "
                                        "--update-endpoint") from None
                raise error from None
        sent += count
        requests += 1
    if requests == 0:  # an empty graph still replaces what was there
        try:
            _send(target, "PUT", b"", headers, timeout)
        except Exception as exc:
            raise _explain(exc, url) from None
    return LoadReport(sent, time.perf_counter() - started, requests, protocol)


def _send(url: str, method: str, body: bytes, headers: dict[str, str], timeout: float) -> None:
    """One request, answered within ``timeout`` seconds in all (a server that trickles its answer
    byte by byte is stopped too: socket timeouts only bound each wait)."""
    box: list[BaseException | None] = []

    def work() -> None:
        try:
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            with _OPENER.open(request, timeout=timeout) as response:
                response.read(1 << 16)
            box.append(None)
        except BaseException as exc:  # handed to the caller
            box.append(exc)

    thread = threading.Thread(target=work, name="kg-load-request", daemon=True)
    thread.start()
    thread.join(timeout)
    if not box:
        raise EndpointError(f"{redact(url)}: no answer within {timeout:g}s (--timeout)")
    if box[0] is not None:
        raise box[0]
