"""RDF terms between rdflib and Oxigraph, and the one N-Triples line format newskg writes."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .formats import RDF_FORMATS

__all__ = ["OX_FORMATS", "Triple", "from_ox", "nt_line", "to_ox"]

Triple = tuple[Node, Node, Node]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# newskg's RDF format names (kg.formats) as Oxigraph parser/serializer formats.
OX_FORMATS = {name: getattr(ox.RdfFormat, f.oxigraph) for name, f in RDF_FORMATS.items()}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def nt_line(triple: Triple) -> str:
    """One N-Triples line (with its newline), escaped by Oxigraph's strict serializer.

    >>> nt_line((URIRef("urn:a"), URIRef("urn:b"), Literal('say "hi"\\n')))
    '<urn:a> <urn:b> "say \\\\"hi\\\\"\\\\n" .\\n'
    """
    s, p, o = triple
    return f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n"
