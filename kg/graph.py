"""Stage 5: the RDF graph — deterministic IRIs, direct triples, statements with provenance.

Each relation is written twice: a direct triple for simple queries and
networkx, and a ``kgo:Statement`` node (rdf:subject/predicate/object) with the
article, sentence, offsets, confidence and rule that produced it. Negated and
hypothetical relations get only the statement node, marked as such.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .formats import RDF_FORMATS, format_for, sniff_format
from .model import Entity, Evidence, ResolvedArticle
from .resolve import key_for, slugify
from .terms import Triple, nt_line
from .vocab import DEFAULT_BASE, KGO, PROV, SCHEMA, WD, entity_classes, kgo

__all__ = ["FORMATS", "EntityRecord", "GraphBuilder", "article_hashes", "article_index", "article_slug", "check_base",
           "content_hash", "entity_table", "format_for", "new_graph", "read_entities", "serialize",
           "sniff_format"]

# Re-exported: the one table of formats is kg.formats.
FORMATS = {f.name: f.suffixes[0] for f in RDF_FORMATS.values()}


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def check_base(base: str) -> tuple[str, str | None]:
    """The base IRI for minted nodes, checked: an absolute IRI ending in "/" or "#".

    A missing "/" is added (with a note saying so); anything that is not an absolute IRI
    raises ConfigError.

    >>> check_base("https://example.org/kg/")
    ('https://example.org/kg/', None)
    >>> check_base("https://example.org/kg")
    ('https://example.org/kg/', 'base IRI https://example.org/kg does not end in / or #: using https://example.org/kg/')
    """
    from .errors import ConfigError

    valid = bool(_SCHEME.match(base))
    if valid:
        import pyoxigraph

        try:
            pyoxigraph.NamedNode(base)
        except ValueError:
            valid = False
    if not valid:
        raise ConfigError(f"base {base!r} is not an absolute IRI; give one like https://example.org/kg/")
    if base.endswith(("/", "#")):
        return base, None
    return base + "/", f"base IRI {base} does not end in / or #: using {base}/"


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


@dataclass
class EntityRecord:
    """What the graph keeps about an entity between articles: small, so memory stays flat."""

    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    mentions: int = 0
    geonames: str | None = None


# A place's GeoNames page, the linked-data IRI GeoNames itself uses.
GEONAMES = "https://sws.geonames.org/"
# Triples that describe an entity node itself, rewritten whenever its record changes.
ENTITY_PREDICATES = (RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs, KGO.mentionCount)


class GraphBuilder:
    """Turns resolved articles into triples, one article at a time.

    Between articles only the entity table is kept (keys, names, aliases,
    counts). Entity descriptions are emitted by ``entity_updates`` for the
    entities touched since the last call, so a target can commit articles in
    chunks and stay consistent after every chunk.
    """

    def __init__(self, base: str = DEFAULT_BASE, entities: dict[str, EntityRecord] | None = None,
                 min_confidence: float = 0.0):
        self.base = base
        # Direct triples need at least this confidence; statement nodes are always written.
        self.min_confidence = min_confidence
        self.entities: dict[str, EntityRecord] = entities if entities is not None else {}
        self._touched: set[str] = set()
        self._out: list[Triple] = []

    def iri(self, key: str) -> URIRef:
        return URIRef(self.base + key)

    def article_iri(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{article_slug(article_id)}")

    def _emit(self, s: Node, p: Node, o: Node) -> None:
        self._out.append((s, p, o))

    def _record(self, entity: Entity) -> None:
        record = self.entities.get(entity.key)
        if record is None:
            record = self.entities[entity.key] = EntityRecord(entity.type, entity.name, set(), entity.wikidata)
        record.aliases.update(entity.aliases)
        record.mentions += entity.mentions
        record.wikidata = record.wikidata or entity.wikidata
        record.geonames = record.geonames or entity.geonames
        self._touched.add(entity.key)

    def add(self, resolved: ResolvedArticle) -> list[Triple]:
        """The triples of one article: its node, its statements and its quotes."""
        self._out = []
        article = self._article(resolved)
        for entity in resolved.entities:
            self._record(entity)
        if resolved.document.author:
            key = key_for("Person", resolved.document.author)
            self._record(Entity(key=key, type="Person", name=resolved.document.author))
        self._relations(resolved, article)
        self._quotes(resolved, article)
        out, self._out = self._out, []
        return out

    def entity_triples(self, key: str) -> list[Triple]:
        record = self.entities[key]
        node = self.iri(key)
        out: list[Triple] = [(node, RDF.type, kgo(record.type)), (node, RDFS.label, Literal(record.name))]
        out += [(node, SKOS.altLabel, Literal(alias)) for alias in sorted(record.aliases - {record.name})]
        if record.wikidata:
            out.append((node, OWL.sameAs, WD[record.wikidata]))
        if record.geonames:
            out.append((node, OWL.sameAs, URIRef(f"{GEONAMES}{record.geonames}/")))
        if record.type != "Concept" and record.mentions:
            out.append((node, KGO.mentionCount, Literal(record.mentions)))
        return out

    def entity_updates(self) -> tuple[list[URIRef], list[Triple]]:
        """Entities touched since the last call: nodes whose description to replace, and the new one."""
        keys = sorted(self._touched)
        self._touched = set()
        return [self.iri(k) for k in keys], [t for k in keys for t in self.entity_triples(k)]

    def people(self) -> dict[str, str]:
        return {key: r.name for key, r in self.entities.items() if r.type == "Person"}

    def person_aliases(self) -> dict[str, set[str]]:
        return {key: r.aliases for key, r in self.entities.items() if r.type == "Person"}

    def merge(self, merges: dict[str, str]) -> list[tuple[URIRef, URIRef]]:
        """Fold entities into others (old key -> new key); the nodes a target must rename."""
        renames = []
        for old, new in sorted(merges.items()):
            gone = self.entities.pop(old, None)
            if gone is None or new not in self.entities:
                continue
            record = self.entities[new]
            record.aliases |= gone.aliases | {gone.name}
            record.mentions += gone.mentions
            record.wikidata = record.wikidata or gone.wikidata
            record.geonames = record.geonames or gone.geonames
            self._touched.add(new)
            self._touched.discard(old)
            renames.append((self.iri(old), self.iri(new)))
        return renames

    def _article(self, resolved: ResolvedArticle) -> URIRef:
        doc = resolved.document
        node = self.article_iri(doc.id)
        emit = self._emit
        emit(node, RDF.type, kgo("NewsArticle"))
        emit(node, SCHEMA.identifier, Literal(doc.id))
        emit(node, kgo("contentHash"), Literal(content_hash(doc.text)))
        if doc.title:
            emit(node, SCHEMA.headline, Literal(doc.title))
        if doc.date:
            emit(node, SCHEMA.datePublished, Literal(doc.date[:10], datatype=XSD.date))
        if doc.url:
            emit(node, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI))
        if doc.source:
            emit(node, SCHEMA.publisher, Literal(doc.source))
        for key in resolved.mentioned:
            emit(node, SCHEMA.mentions, self.iri(key))
        if doc.author:
            emit(node, SCHEMA.author, self.iri(key_for("Person", doc.author)))
        return node

    def _relations(self, resolved: ResolvedArticle, article: URIRef) -> None:
        emit = self._emit
        for relation in resolved.relations:
            subject, obj = self.iri(relation.subject), self.iri(relation.object)
            predicate = kgo(relation.predicate)
            ev = relation.evidence
            if relation.asserted and round(ev.confidence, 2) >= self.min_confidence:
                emit(subject, predicate, obj)
            # Keys here are the article's own, before corpus merges, so a statement
            # IRI is the same in a batch build and in an incremental one.
            digest = _digest(resolved.document.id, relation.subject, relation.predicate, relation.object,
                             ev.start, ev.end, relation.negated, relation.hypothetical)
            node = URIRef(f"{self.base}statement/{digest}")
            emit(node, RDF.type, kgo("Statement"))
            emit(node, RDF.subject, subject)
            emit(node, RDF.predicate, predicate)
            emit(node, RDF.object, obj)
            self._provenance(node, article, ev)
            if relation.negated:
                emit(node, kgo("negated"), Literal(True))
            if relation.hypothetical:
                emit(node, kgo("hypothetical"), Literal(True))
            if relation.date:
                emit(node, kgo("date"), Literal(relation.date, datatype=XSD.date))
            if relation.place:
                emit(node, kgo("place"), self.iri(relation.place))

    def _provenance(self, node: URIRef, article: URIRef, ev: Evidence) -> None:
        """Where a statement or quote was read: article, sentence, offsets, confidence, rule."""
        emit = self._emit
        emit(node, PROV.wasDerivedFrom, article)
        emit(node, kgo("sentence"), Literal(ev.sentence))
        emit(node, kgo("startOffset"), Literal(ev.start))
        emit(node, kgo("endOffset"), Literal(ev.end))
        emit(node, kgo("confidence"), Literal(Decimal(str(round(ev.confidence, 2)))))
        emit(node, kgo("extractedBy"), Literal(ev.rule))

    def _quotes(self, resolved: ResolvedArticle, article: URIRef) -> None:
        for quote in resolved.quotes:
            ev = quote.evidence
            node = URIRef(f"{self.base}quote/{_digest(resolved.document.id, ev.start, ev.end)}")
            self._emit(node, RDF.type, kgo("Quote"))
            self._emit(node, kgo("text"), Literal(quote.text))
            self._provenance(node, article, ev)
            for speaker in quote.speakers:
                self._emit(self.iri(speaker), kgo("says"), node)


def content_hash(text: str) -> str:
    """The article fingerprint used to skip articles a graph already holds."""
    return hashlib.sha256(text.encode()).hexdigest()


def entity_table(rows: Iterable[tuple[str, str, str]], base: str = DEFAULT_BASE) -> dict[str, EntityRecord]:
    """The entity table from (subject, predicate, object value) rows of ``ENTITY_PREDICATES``
    triples, whatever holds them (an rdflib graph, an Oxigraph store, an N-Triples file)."""
    classes = {str(KGO[name]): name for name in entity_classes()}
    rank = {name: i for i, name in enumerate(entity_classes())}  # most specific first
    types: dict[str, str] = {}
    described: dict[str, list[tuple[str, str]]] = {}
    for subject, predicate, value in rows:
        if not subject.startswith(base):
            continue
        if predicate == _RDF_TYPE:
            name = classes.get(value)
            if name and (subject not in types or rank[name] < rank[types[subject]]):
                types[subject] = name
        else:
            described.setdefault(subject, []).append((predicate, value))
    table: dict[str, EntityRecord] = {}
    wd = str(WD)
    for subject, name in types.items():
        record = EntityRecord(name, subject[len(base):])
        for predicate, value in sorted(described.get(subject, ())):
            if predicate == _LABEL:
                record.name = value
            elif predicate == _ALT_LABEL:
                record.aliases.add(value)
            elif predicate == _SAME_AS and value.startswith(wd):
                record.wikidata = value[len(wd):]
            elif predicate == _SAME_AS and value.startswith(GEONAMES):
                record.geonames = value[len(GEONAMES):].strip("/")
            elif predicate == _MENTIONS:
                # The largest count: a store build interrupted mid-commit may hold a superseded one.
                try:
                    record.mentions = max(record.mentions, int(value))
                except ValueError:  # not an integer in a hand-edited graph: the count restarts
                    pass
        table[subject[len(base):]] = record
    return table


_RDF_TYPE, _LABEL, _ALT_LABEL, _SAME_AS, _MENTIONS = (str(p) for p in ENTITY_PREDICATES)


def read_entities(graph: Graph, base: str = DEFAULT_BASE) -> dict[str, EntityRecord]:
    """The entity table of an existing graph, so new articles merge into it."""
    # Types are read per entity class: statements, quotes and articles are never visited.
    types = ((str(s), _RDF_TYPE, str(KGO[name])) for name in entity_classes()
             for s in graph.subjects(RDF.type, KGO[name]) if isinstance(s, URIRef))
    described = ((str(s), str(p), str(o)) for p in ENTITY_PREDICATES[1:]
                 for s, o in graph.subject_objects(p) if isinstance(s, URIRef))
    return entity_table(itertools.chain(types, described), base)


def article_hashes(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects(None, KGO.contentHash)}


def article_index(graph: Graph) -> dict[str, str]:
    """Article node IRI -> content hash, for the articles ``graph`` holds."""
    return {str(s): str(o) for s, o in graph.subject_objects(KGO.contentHash)}


def article_slug(article_id: str) -> str:
    """The article's IRI slug, one per id (injective): the id itself when it is already a
    slug, else a readable slug and a hash of the exact id after ``_`` (never in a slug).

    >>> article_slug("report-2024"), article_slug("Report 2024"), article_slug("report 2024")
    ('report-2024', 'report-2024_345dafc7faf1e377', 'report-2024_9768853204cccdd3')
    """
    slug = slugify(article_id.encode("utf-8", "replace").decode("utf-8"))
    if slug == article_id:
        return slug
    digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{slug}_{digest}"


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialize deterministically: the same graph gives the same bytes."""
    if fmt == "nt":
        # Sorted lines: the same bytes as a streamed build (kg.store.NTriplesTarget).
        return "".join(sorted({nt_line(t) for t in graph})).encode("utf-8")
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
    if fmt == "xml":
        # rdflib's RDF/XML follows insertion order: insert sorted, for the same bytes every time.
        ordered = Graph()
        for prefix, namespace in graph.namespaces():
            ordered.bind(prefix, namespace)
        for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
            ordered.add(triple)
        return ordered.serialize(format="pretty-xml", encoding="utf-8")
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
