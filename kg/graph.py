"""Stage 5: the RDF graph — deterministic IRIs, direct triples, statements with provenance.

Each relation is written twice: a direct triple for simple queries and
networkx, and a ``kgo:Statement`` node (rdf:subject/predicate/object) with the
article, sentence, offsets, confidence and rule that produced it. Negated and
hypothetical relations get only the statement node, marked as such.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .model import Entity, Evidence, ResolvedArticle
from .resolve import key_for, slugify
from .vocab import DEFAULT_BASE, KGO, PROV, SCHEMA, WD, kgo

__all__ = ["FORMATS", "build_graph", "format_for", "new_graph", "serialize"]

FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "trig": ".trig"}
_SUFFIXES = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt",
             ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig"}
_ALIASES = {"ttl": "turtle", "jsonld": "json-ld", "ntriples": "nt", "n-triples": "nt"}


def format_for(path: str | None, explicit: str | None = None) -> str:
    """The RDF format for an output path (from its suffix) or an explicit name."""
    if explicit:
        name = _ALIASES.get(explicit.lower(), explicit.lower())
        if name not in FORMATS:
            from .errors import ConfigError

            raise ConfigError(f"unknown RDF format {explicit!r}; use one of turtle, nt, jsonld, trig")
        return name
    if path and path != "-":
        for suffix, name in _SUFFIXES.items():
            if path.lower().endswith(suffix):
                return name
    return "turtle"


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("kgo", KGO)
    graph.bind("schema", SCHEMA)
    graph.bind("prov", PROV)
    graph.bind("skos", SKOS)
    graph.bind("owl", OWL)
    graph.bind("wd", WD)
    graph.bind("dcterms", DCTERMS)
    return graph


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


class _Writer:
    def __init__(self, graph: Graph, base: str):
        self.graph = graph
        self.base = base
        graph.bind("kg", base)

    def iri(self, key: str) -> URIRef:
        return URIRef(self.base + key)

    def article_iri(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{slugify(article_id)}")

    def entity(self, entity: Entity, aliases: set[str], mentions: int) -> None:
        node = self.iri(entity.key)
        g = self.graph
        g.add((node, RDF.type, kgo(entity.type)))
        g.add((node, RDFS.label, Literal(entity.name)))
        for alias in sorted(aliases - {entity.name}):
            g.add((node, SKOS.altLabel, Literal(alias)))
        if entity.wikidata:
            g.add((node, OWL.sameAs, WD[entity.wikidata]))
        if entity.type != "Concept" and mentions:
            g.add((node, kgo("mentionCount"), Literal(mentions)))

    def article(self, resolved: ResolvedArticle) -> URIRef:
        doc = resolved.document
        node = self.article_iri(doc.id)
        g = self.graph
        g.add((node, RDF.type, kgo("NewsArticle")))
        g.add((node, SCHEMA.identifier, Literal(doc.id)))
        g.add((node, kgo("contentHash"), Literal(hashlib.sha256(doc.text.encode()).hexdigest())))
        if doc.title:
            g.add((node, SCHEMA.headline, Literal(doc.title)))
        if doc.date:
            g.add((node, SCHEMA.datePublished, Literal(doc.date[:10], datatype=XSD.date)))
        if doc.url:
            g.add((node, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)))
        if doc.source:
            g.add((node, SCHEMA.publisher, Literal(doc.source)))
        for key in resolved.mentioned:
            g.add((node, SCHEMA.mentions, self.iri(key)))
        if doc.author:
            g.add((node, SCHEMA.author, self.iri(key_for("Person", doc.author))))
        return node

    def relations(self, resolved: ResolvedArticle, article: URIRef) -> None:
        g = self.graph
        for relation in resolved.relations:
            subject, obj = self.iri(relation.subject), self.iri(relation.object)
            predicate = kgo(relation.predicate)
            if relation.asserted:
                g.add((subject, predicate, obj))
            ev = relation.evidence
            digest = _digest(resolved.document.id, relation.subject, relation.predicate, relation.object,
                             ev.start, ev.end, relation.negated, relation.hypothetical)
            node = URIRef(f"{self.base}statement/{digest}")
            g.add((node, RDF.type, kgo("Statement")))
            g.add((node, RDF.subject, subject))
            g.add((node, RDF.predicate, predicate))
            g.add((node, RDF.object, obj))
            self.provenance(node, article, ev)
            if relation.negated:
                g.add((node, kgo("negated"), Literal(True)))
            if relation.hypothetical:
                g.add((node, kgo("hypothetical"), Literal(True)))
            if relation.date:
                g.add((node, kgo("date"), Literal(relation.date, datatype=XSD.date)))
            if relation.place:
                g.add((node, kgo("place"), self.iri(relation.place)))

    def provenance(self, node: URIRef, article: URIRef, ev: Evidence) -> None:
        """Where a statement or quote was read: article, sentence, offsets, confidence, rule."""
        g = self.graph
        g.add((node, PROV.wasDerivedFrom, article))
        g.add((node, kgo("sentence"), Literal(ev.sentence)))
        g.add((node, kgo("startOffset"), Literal(ev.start)))
        g.add((node, kgo("endOffset"), Literal(ev.end)))
        g.add((node, kgo("confidence"), Literal(Decimal(str(round(ev.confidence, 2))))))
        g.add((node, kgo("extractedBy"), Literal(ev.rule)))

    def quotes(self, resolved: ResolvedArticle, article: URIRef) -> None:
        g = self.graph
        for quote in resolved.quotes:
            ev = quote.evidence
            node = URIRef(f"{self.base}quote/{_digest(resolved.document.id, ev.start, ev.end)}")
            g.add((node, RDF.type, kgo("Quote")))
            g.add((node, kgo("text"), Literal(quote.text)))
            self.provenance(node, article, ev)
            for speaker in quote.speakers:
                g.add((self.iri(speaker), kgo("says"), node))


def build_graph(articles: Iterable[ResolvedArticle], base: str = DEFAULT_BASE,
                graph: Graph | None = None) -> Graph:
    """The RDF graph of resolved articles (added to ``graph`` when given)."""
    graph = graph if graph is not None else new_graph()
    writer = _Writer(graph, base)
    entities: dict[str, Entity] = {}
    aliases: dict[str, set[str]] = {}
    mentions: dict[str, int] = {}
    for resolved in articles:
        article = writer.article(resolved)
        for entity in resolved.entities:
            entities.setdefault(entity.key, entity)
            aliases.setdefault(entity.key, set()).update(entity.aliases)
            mentions[entity.key] = mentions.get(entity.key, 0) + entity.mentions
        if resolved.document.author:
            key = key_for("Person", resolved.document.author)
            entities.setdefault(key, Entity(key=key, type="Person", name=resolved.document.author))
        writer.relations(resolved, article)
        writer.quotes(resolved, article)
    for key in sorted(entities):
        writer.entity(entities[key], aliases.get(key, set()), mentions.get(key, 0))
    return graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialize deterministically: the same graph gives the same bytes."""
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if fmt == "trig":
        from rdflib import Dataset

        dataset = Dataset()
        for prefix, namespace in graph.namespaces():
            dataset.bind(prefix, namespace)
        for triple in graph:
            dataset.add(triple)
        return dataset.serialize(format="trig", encoding="utf-8")
    if fmt == "json-ld":
        return _sorted_jsonld(graph)
    return graph.serialize(format=fmt, encoding="utf-8")


def _sorted_jsonld(graph: Graph) -> bytes:
    import json

    data = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
    if isinstance(data, list):
        for node in data:
            for key, values in node.items():
                if isinstance(values, list):
                    node[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
        data.sort(key=lambda node: node.get("@id", ""))
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
