"""The RDF formats newskg reads and writes: one table of names, suffixes, aliases,
Oxigraph formats and media types (light: no rdflib or pyoxigraph import)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ConfigError

__all__ = ["CHOICES", "RDF_FORMATS", "RdfFormat", "format_for"]


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
)}
_NAMES = {spelling: f.name for f in RDF_FORMATS.values() for spelling in (f.name, *f.aliases)}
CHOICES = tuple(_NAMES)  # every spelling of every format, for option choices


def format_for(path: str | None, explicit: str | None = None) -> str:
    """The RDF format for an output path (from its suffix) or an explicit name; Turtle by default.

    >>> format_for("graph.nt"), format_for("-", "jsonld"), format_for(None)
    ('nt', 'json-ld', 'turtle')
    """
    if explicit:
        name = _NAMES.get(explicit.lower())
        if name is None:
            raise ConfigError(f"unknown RDF format {explicit!r}; use one of turtle, nt, jsonld, trig")
        return name
    if path and path != "-":
        for f in RDF_FORMATS.values():
            if path.lower().endswith(f.suffixes):
                return f.name
    return "turtle"
