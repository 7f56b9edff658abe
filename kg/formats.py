"""The RDF formats newskg reads and writes: one table of names, suffixes, aliases,
Oxigraph formats and media types (light: no rdflib or pyoxigraph import)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ConfigError

__all__ = ["CHOICES", "RDF_FORMATS", "SUPPORTED", "RdfFormat", "format_for", "is_graph_name", "sniff_format"]


@dataclass(frozen=True)
class RdfFormat:
    name: str  # newskg's name, also rdflib's
    suffixes: tuple[str, ...]  # the first is the one newskg writes
    aliases: tuple[str, ...]  # other names accepted on the command line
    oxigraph: str  # the pyoxigraph.RdfFormat member
    media_type: str


RDF_FORMATS = {f.name: f for f in (
    RdfFormat("turtle", (".ttl", ".turtle"), ("ttl",), "TURTLE", "text/turtle"),
    RdfFormat("nt", (".nt", ".ntriples"), ("ntriples", "n-triples"), "N_TRIPLES", "application/n-triples"),
    RdfFormat("json-ld", (".jsonld", ".json"), ("jsonld",), "JSON_LD", "application/ld+json"),
    RdfFormat("trig", (".trig",), (), "TRIG", "application/trig"),
    RdfFormat("xml", (".rdf", ".owl"), ("rdfxml", "rdf/xml", "rdf"), "RDF_XML", "application/rdf+xml"),
)}
_NAMES = {spelling: f.name for f in RDF_FORMATS.values() for spelling in (f.name, *f.aliases)}
CHOICES = tuple(_NAMES)  # every spelling of every format, for option choices


SUPPORTED = " ".join("/".join(f.suffixes[:1] if f.name != "xml" else f.suffixes) for f in RDF_FORMATS.values())
_ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm", ".jsonl", ".ndjson")


def _suffix(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name.strip(".") else ""


def is_graph_name(path: str) -> bool:
    """Whether a file name's suffix is one of a graph format's."""
    return any(_suffix(path) in f.suffixes for f in RDF_FORMATS.values())


def format_for(path: str | None, explicit: str | None = None) -> str:
    """The RDF format for a graph file: an explicit name, else the file's suffix ("-" and None: Turtle).
    A suffix that names no RDF format is an error naming those that do.

    >>> format_for("graph.nt"), format_for("-", "jsonld"), format_for(None), format_for("onto.owl")
    ('nt', 'json-ld', 'turtle', 'xml')
    >>> format_for("graph.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: graph.csv: cannot tell an RDF format from the suffix .csv; use .ttl .nt .jsonld ... (-f)
    """
    if explicit:
        name = _NAMES.get(explicit.lower())
        if name is None:
            raise ConfigError(f"unknown RDF format {explicit!r}; use one of {', '.join(_NAMES)}")
        return name
    if not path or path == "-":
        return "turtle"
    suffix = _suffix(path)
    for f in RDF_FORMATS.values():
        if suffix in f.suffixes:
            return f.name
    if suffix in _ARTICLE_SUFFIXES:
        raise ConfigError(f"{path}: an article, not an RDF graph; make a graph first: kg build {path} -o graph.ttl")
    what = f"the suffix {suffix}" if suffix else "a name without a suffix"
    raise ConfigError(f"{path}: cannot tell an RDF format from {what}; use {SUPPORTED}, or give the format (-f)")


def sniff_format(data: bytes) -> str:
    """The RDF format of a graph read from a stream: JSON-LD, RDF/XML, else Turtle (N-Triples is Turtle).

    >>> [sniff_format(b) for b in (b' {"@id": "urn:a"}', b'<?xml version="1.0"?>', b'<urn:a> <urn:b> 1 .')]
    ['json-ld', 'xml', 'turtle']
    """
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json-ld"
    if head.startswith((b"<?xml", b"<rdf:RDF")):
        return "xml"
    return "turtle"
