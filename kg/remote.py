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

from .errors import EndpointError, InputError
from .formats import RDF_FORMATS
from .graph import graph_source, new_graph
from .query import QueryOutcome, Value, bind_values, terms, with_prefixes
from .settings import LOAD_CHUNK_TRIPLES, MAX_RESPONSE, REMOTE_TIMEOUT
from .terms import OX_FORMATS, from_ox

__all__ = ["Credentials", "LoadReport", "RemoteEngine", "load_graph", "redact"]


def redact(url: str) -> str:
    """The URL without user, password or query string, safe for messages.

    >>> redact("https://alice:s3cret@db.example.org/sparql?token=abc")
    'https://db.example.org/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


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
        except (OSError, netrc.NetrcParseError) as exc:
            raise EndpointError(f"{path}: cannot read credentials: {getattr(exc, 'msg', None) or exc}") from None
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
    parts = urllib.parse.urlsplit(url)
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


def _term(binding: dict[str, str]) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


class RemoteEngine:
    """A SPARQL 1.1 query endpoint (Oxigraph /query, Fuseki /DATASET/sparql, GraphDB, Virtuoso, QLever)."""

    def __init__(self, url: str, credentials: Credentials | None = None, timeout: float = REMOTE_TIMEOUT,
                 allow_http: bool = False, max_response: int = MAX_RESPONSE):
        _check_transport(url, credentials, allow_http)
        self.url, self.credentials, self.timeout, self.max_response = url, credentials, timeout, max_response

    def query(self, sparql: str, params: Mapping[str, Value] | None = None, name: str = "query",
              allow_service: bool = False) -> QueryOutcome:
        sparql = with_prefixes(bind_values(sparql, terms(params)))
        wrapper = _Wrapper(self.url)
        wrapper.max_response = self.max_response
        wrapper.setTimeout(max(1, round(self.timeout)))
        wrapper.setMethod("POST")
        if self.credentials:
            wrapper.setCredentials(self.credentials.user, self.credentials.password)
        wrapper.setQuery(sparql)
        kind = wrapper.queryType
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
                graph = new_graph()
                for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                    graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
                return QueryOutcome("CONSTRUCT", graph=graph)
            data = json.loads(body)
        except (ValueError, SyntaxError) as exc:
            raise EndpointError(f"{redact(self.url)}: the answer is not valid SPARQL results: "
                                f"{str(exc).splitlines()[0]}") from None
        if "boolean" in data:
            return QueryOutcome("ASK", askAnswer=bool(data["boolean"]))
        names = data.get("head", {}).get("vars", [])
        rows = [tuple(_term(b[n]) if n in b else None for n in names) for b in data["results"]["bindings"]]
        return QueryOutcome("SELECT", names, rows)


@dataclass(frozen=True)
class LoadReport:
    triples: int
    seconds: float
    requests: int
    protocol: str  # "graph-store" or "update"


def _chunks(paths: Iterable[str | Path], size: int) -> Iterator[bytes]:
    """N-Triples chunks of at most ``size`` triples, parsed strictly from the files."""
    for path in paths:
        source, fmt = graph_source(path)  # "-" reads stdin
        batch: list[str] = []
        try:
            where = {"input": source} if isinstance(source, bytes) else {"path": source}
            for quad in ox.parse(**where, format=OX_FORMATS[fmt]):
                batch.append(f"{quad.subject} {quad.predicate} {quad.object} .")
                if len(batch) >= size:
                    yield ("\n".join(batch) + "\n").encode()
                    batch = []
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: not valid RDF: {str(exc).splitlines()[0]}") from None
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
    started = time.perf_counter()
    sent = requests = 0
    protocol = "graph-store"
    for body in _chunks(paths, chunk_triples):
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
        _send(target, "PUT", b"", headers, timeout)
    return LoadReport(sent, time.perf_counter() - started, requests, protocol)


def _send(url: str, method: str, body: bytes, headers: dict[str, str], timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    with _OPENER.open(request, timeout=timeout) as response:
        response.read(1 << 16)
