"""SPARQL as text: parameters bound as RDF terms, read-only checks, the project's prefixes, the
query form and syntax messages, all without parsing the query (strings, IRIs and comments are
blanked first, so nothing inside them is mistaken for syntax)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..terms import to_ox

__all__ = ["Value", "bind_values", "check_read_only", "missing_prefixes", "parse_term", "query_form",
           "syntax_message", "terms", "with_prefixes"]

Value = str | Node | Sequence[Node]  # a parameter: one term, or alternatives (VALUES rows)


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


def missing_prefixes(sparql: str) -> dict[str, str]:
    """The project's prefixes (kg/data/prefixes.toml) a query uses without declaring them.

    >>> missing_prefixes("PREFIX kgo: <urn:x#> SELECT ?a WHERE { ?a kgo:meets ?b ; rdfs:label 'x:y' }")
    {'rdfs': 'http://www.w3.org/2000/01/rdf-schema#'}
    """
    from ..resources import prefixes

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


def projection_order(sparql: str, names: list[str]) -> list[str]:
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
        from ..resources import prefixes

        detail = (f"unknown prefix {prefix}: (declare it: PREFIX {prefix}: <…>; predeclared: "
                  f"{', '.join(sorted(prefixes()))})")
    elif len(detail) > 300:
        detail = detail[:299] + "…"
    snippet = " ".join(text.split())
    return f"{name}: invalid SPARQL at line {line}, column {column}: {detail}" + (f' in "{snippet}"' if snippet else "")


def terms(params: Mapping[str, Value] | None) -> dict[str, Node | tuple[Node, ...]]:
    """Parameter values as RDF terms: a str is parsed (``parse_term``), a list is alternatives."""
    def term(value: str | Node) -> Node:
        return value if isinstance(value, Node) else parse_term(value)
    return {key: term(value) if isinstance(value, (str, Node)) else tuple(map(term, value))
            for key, value in (params or {}).items()}
