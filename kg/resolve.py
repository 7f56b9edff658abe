"""Stage 4: from mentions to entities — one node per real-world entity.

Within an article: known entities and their aliases, short names merged into
full names ("Michel" -> "Charles Michel"), acronyms defined in the text, one
type per entity from all its mentions. Across articles: ``surname_merges``
joins a lone surname to the one full name it can only mean.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import ArticleExtraction, Entity, Mention, Quote, Relation, ResolvedArticle
from .resources import KnownEntities, known_entities, normalize_name
from .vocab import entity_classes, iri_segment, symmetric_properties

__all__ = ["key_for", "resolve_article", "slugify", "surname_merges"]

SEGMENT = {name: iri_segment(name) for name in entity_classes()}  # "Country": "place", from newskg.ttl
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int = 80) -> str:
    """An IRI-safe, readable slug; a short hash keeps distinct names distinct.

    >>> slugify("Charles Michel")
    'charles-michel'
    >>> slugify("São Paulo")
    'sao-paulo-f00fd81d'
    """
    text = unicodedata.normalize("NFC", text)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", folded.lower()).strip("-")
    plain = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    exact = slug[:limit] == slug and slug.replace("-", " ") == plain and folded == text
    slug = slug[:limit].strip("-")
    if not exact or not slug:
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def key_for(kind: str, name: str) -> str:
    return f"{SEGMENT.get(kind, 'thing')}/{slugify(name)}"


@dataclass
class _Cluster:
    members: list[Mention] = field(default_factory=list)
    known_name: str | None = None
    known_type: str | None = None
    wikidata: str | None = None

    def type(self) -> str:
        if self.known_type:
            return self.known_type
        labels = Counter(m.label for m in self.members)
        if labels["Person"]:
            return "Person"
        for kind in ("Country", "City"):
            if labels[kind]:
                return kind
        return labels.most_common(1)[0][0]

    def name(self) -> str:
        if self.known_name:
            return self.known_name
        names = [m.text for m in self.members if m.ner_label != "DEMONYM"] or [m.text for m in self.members]
        # The longest form, written as in running text rather than in capitals.
        return max(names, key=lambda n: (len(n.split()), not n.isupper(), len(n), n))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in {"of", "and", "the"})


def _cluster_mentions(mentions: Iterable[Mention], known: KnownEntities,
                      defined_acronyms: set[str]) -> tuple[list[_Cluster], dict[int, int]]:
    clusters: list[_Cluster] = []
    by_key: dict[str, int] = {}
    of_mention: dict[int, int] = {}
    pending: list[Mention] = []
    for mention in mentions:
        if mention.text in defined_acronyms and mention.label == "Organization":
            continue  # "(PNR)" after "passenger name record" names a concept, not an agency
        entry = known.lookup(mention.text)
        if entry is not None:
            if entry.type == "Concept":
                continue
            key = "known:" + entry.name
            if key not in by_key:
                by_key[key] = len(clusters)
                clusters.append(_Cluster(known_name=entry.name, known_type=entry.type,
                                         wikidata=entry.wikidata))
            clusters[by_key[key]].members.append(mention)
            of_mention[mention.id] = by_key[key]
        else:
            pending.append(mention)
    # Full names first, so short names can find them.
    pending.sort(key=lambda m: (-len(m.text.split()), m.start))
    for mention in pending:
        norm = normalize_name(mention.text)
        target = by_key.get("name:" + norm)
        if target is None:
            target = _short_name_target(mention, clusters)
        if target is None and mention.text.isupper() and 2 <= len(mention.text) <= 6:
            matches = [i for i, c in enumerate(clusters) if _initials(c.name()) == mention.text]
            target = matches[0] if len(matches) == 1 else None
        if target is None:
            target = len(clusters)
            clusters.append(_Cluster())
        by_key.setdefault("name:" + norm, target)
        clusters[target].members.append(mention)
        of_mention[mention.id] = target
    return clusters, of_mention


def _short_name_target(mention: Mention, clusters: list[_Cluster]) -> int | None:
    """The one person whose full name ends with this short name ("Michel")."""
    words = mention.text.split()
    if mention.label not in {"Person", "Organization", "Place"}:
        return None
    matches = []
    for index, cluster in enumerate(clusters):
        if cluster.known_type or cluster.type() != "Person":
            continue
        full = cluster.name().split()
        if len(words) < len(full) and full[-len(words):] == words:
            matches.append(index)
    distinct = {clusters[i].name() for i in matches}
    return matches[0] if len(distinct) == 1 else None


def _demonym_names(cluster: _Cluster, known: KnownEntities) -> set[str]:
    """The country name a demonym was built on: "Macedonian" names "Macedonia"."""
    entry = known.lookup(cluster.name())
    if entry is None:
        return set()
    names: set[str] = set()
    for mention in cluster.members:
        for note in mention.evidence:
            if note.startswith("demonym:"):
                word = note[len("demonym:"):].casefold()
                names.update(a for a in (entry.name, *entry.aliases)
                             if len(a) >= 4 and word.startswith(a.casefold()))
    return names


def resolve_article(extraction: ArticleExtraction, known: KnownEntities | None = None) -> ResolvedArticle:
    """Entities, relations and quotes of one article, with stable entity keys."""
    known = known or known_entities()
    acronyms = {acronym for acronym, _ in extraction.concept_aliases}
    clusters, of_mention = _cluster_mentions(extraction.mentions, known, acronyms)

    entities: dict[str, Entity] = {}
    key_of_cluster: dict[int, str] = {}
    for index, cluster in enumerate(clusters):
        kind, name = cluster.type(), cluster.name()
        key = key_for(kind, name)
        surfaces = {m.text for m in cluster.members if m.ner_label != "DEMONYM"}
        surfaces |= _demonym_names(cluster, known)
        aliases = tuple(sorted(s for s in surfaces if normalize_name(s) != normalize_name(name)))
        previous = entities.get(key)
        if previous is not None:
            aliases = tuple(sorted(set(previous.aliases) | set(aliases)))
        entities[key] = Entity(key=key, type=kind, name=name, aliases=aliases,
                               wikidata=cluster.wikidata,
                               mentions=len(cluster.members) + (previous.mentions if previous else 0))
        key_of_cluster[index] = key

    def entity_key(mention_id: int | None) -> str | None:
        if mention_id is None or mention_id not in of_mention:
            return None
        return key_of_cluster[of_mention[mention_id]]

    concept_alias = {acronym: expansion for acronym, expansion in extraction.concept_aliases}
    relations: dict[tuple, Relation] = {}
    for found in extraction.relations:
        subject = entity_key(found.subject)
        if subject is None:
            continue
        obj: str | None
        if found.concept is not None:
            obj = key_for("Concept", found.concept)
            if obj not in entities:
                aliases = tuple(found.concept.replace(a, e) for a, e in concept_alias.items()
                                if re.search(rf"\b{re.escape(a)}\b", found.concept))
                entities[obj] = Entity(key=obj, type="Concept", name=found.concept,
                                       aliases=tuple(sorted(set(aliases))), mentions=1)
        else:
            obj = entity_key(found.object)
        if obj is None or obj == subject:
            continue
        if entities[subject].type == "Concept":
            continue
        ends = tuple(sorted((subject, obj))) if found.predicate in symmetric_properties() else (subject, obj)
        dedupe = (ends, found.predicate, found.negated, found.hypothetical)
        relation = Relation(subject=subject, predicate=found.predicate, object=obj,
                            evidence=found.evidence, negated=found.negated,
                            hypothetical=found.hypothetical, date=found.date,
                            place=entity_key(found.place))
        current = relations.get(dedupe)
        if current is None or _better(relation, current):
            relations[dedupe] = relation

    quotes: dict[tuple[int, int], Quote] = {}
    for quote in extraction.quotes:
        speakers = tuple(dict.fromkeys(k for k in map(entity_key, quote.speakers) if k))
        if speakers:
            quotes[(quote.evidence.start, quote.evidence.end)] = Quote(quote.text, speakers, quote.evidence)

    mentioned = tuple(sorted(k for k in key_of_cluster.values()))
    return ResolvedArticle(
        document=extraction.document,
        entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
        relations=tuple(sorted(relations.values(), key=_relation_order)),
        quotes=tuple(sorted(quotes.values(), key=lambda q: q.evidence.start)),
        mentioned=tuple(dict.fromkeys(mentioned)),
    )


def _better(new: Relation, old: Relation) -> bool:
    """Keep the surest evidence, then the earliest, so output does not depend on rule order."""
    return (-new.evidence.confidence, new.evidence.start, new.date is None) < (
        -old.evidence.confidence, old.evidence.start, old.date is None)


def _relation_order(relation: Relation) -> tuple:
    return (relation.evidence.start, relation.subject, relation.predicate, relation.object)


def surname_merges(people: dict[str, str]) -> dict[str, str]:
    """Across articles: a person known only by surname is the one person with that
    surname and a full name, when there is exactly one. Returns old key -> new key.

    >>> surname_merges({"person/michel": "Michel", "person/charles-michel": "Charles Michel"})
    {'person/michel': 'person/charles-michel'}
    >>> surname_merges({"person/smith": "Smith", "person/anna-smith": "Anna Smith", "person/john-smith": "John Smith"})
    {}
    """
    full: dict[str, set[str]] = {}
    for key, name in people.items():
        words = name.split()
        if len(words) > 1:
            full.setdefault(words[-1], set()).add(key)
    merges = {}
    for key, name in people.items():
        if len(name.split()) == 1:
            candidates = full.get(name, set())
            if len(candidates) == 1:
                merges[key] = next(iter(candidates))
    return merges
