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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import ArticleExtraction, Entity, Mention, Quote, Relation, ResolvedArticle
from .resources import KnownEntities, given_names, known_entities, names, normalize_name, yields_to_person
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


_STRONG_EVIDENCE = {"title", "honorific", "context", "surname", "name-part", "dateline", "byline", "known", "unit",
                    "firm", "first-name"}


@dataclass
class _Cluster:
    members: list[Mention] = field(default_factory=list)
    known_name: str | None = None
    known_type: str | None = None
    wikidata: str | None = None
    geonames: str | None = None

    def type(self) -> str:
        if self.known_type:
            return self.known_type
        # A vote: a mention whose type rests on evidence (a title, an honorific, the words
        # around it) outweighs the tagger's label; ties go to Person, then Country, City.
        votes: Counter[str] = Counter()
        for mention in self.members:
            votes[mention.label] += 3 if set(mention.evidence) & _STRONG_EVIDENCE else 1
        evidenced = {m.label for m in self.members if set(m.evidence) & _STRONG_EVIDENCE}
        if len(evidenced) == 1:
            # Evidence for one type only (a title, "the X refugee camp"): the tagger's labels
            # of the other mentions do not outvote it ("Dadaab" tagged Person four times).
            return evidenced.pop()
        order = ("Person", "Country", "City", "Organization", "Place")
        return max(votes, key=lambda k: (votes[k], -order.index(k) if k in order else -len(order)))

    def name(self) -> str:
        if self.known_name:
            return self.known_name
        names = [m.text for m in self.members if m.ner_label != "DEMONYM"] or [m.text for m in self.members]
        # The longest form, written as in running text rather than in capitals.
        return max(names, key=lambda n: (len(n.split()), not n.isupper(), len(n), n))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in {"of", "and", "the"})


def _all_initials(name: str) -> str:
    """Initials of every word but "of/and/the": "Mohammed bin Salman" is "MBS"."""
    return "".join(w[0] for w in name.split() if w.lower() not in {"of", "and", "the"}).upper()


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
        if entry is not None and yields_to_person(entry) and mention.label == "Person":
            entry = None  # "Florence" after "Florence Parly": the person, not the town
        if entry is not None:
            if entry.type == "Concept":
                continue
            key = "known:" + entry.name
            if key not in by_key:
                by_key[key] = len(clusters)
                clusters.append(_Cluster(known_name=entry.name, known_type=entry.type,
                                         wikidata=entry.wikidata, geonames=entry.geonames))
            clusters[by_key[key]].members.append(mention)
            of_mention[mention.id] = by_key[key]
        else:
            pending.append(mention)
    # Full names first, so short names can find them.
    pending.sort(key=lambda m: (-len(m.text.split()), m.start))
    for mention in pending:
        norm = normalize_name(mention.text)
        gender = honorific_gender(mention.evidence) if " " not in norm else None
        if gender is not None:
            norm += "|" + gender  # "Mrs Dole" and "Mr Dole" are two people until a full name says
        target = by_key.get("name:" + norm)
        if target is None:
            target = _short_name_target(mention, clusters, known)
        if target is None and mention.text.isupper() and 2 <= len(mention.text) <= 6:
            matches = [i for i, c in enumerate(clusters)
                       if mention.text in {_initials(c.name()), _all_initials(c.name())}]
            target = matches[0] if len(matches) == 1 else None
        if target is None:
            target = len(clusters)
            clusters.append(_Cluster())
        by_key.setdefault("name:" + norm, target)
        clusters[target].members.append(mention)
        of_mention[mention.id] = target
    _join_aliases(mentions, clusters, of_mention)
    return clusters, of_mention


def _join_aliases(mentions: Iterable[Mention], clusters: list[_Cluster], of_mention: dict[int, int]) -> None:
    """ "X, also known as Y": Y's cluster joins X's, or X's joins Y's when only Y is a known
    entity (an emptied cluster is skipped later)."""
    by_text = {m.text: of_mention[m.id] for m in mentions if m.id in of_mention}
    for mention in mentions:
        owner = next((n[len("alias-of:"):] for n in mention.evidence if n.startswith("alias-of:")), None)
        if owner is None or mention.id not in of_mention or owner not in by_text:
            continue
        source, target = of_mention[mention.id], by_text[owner]
        if source == target or (clusters[source].known_type and clusters[target].known_type):
            continue
        if clusters[source].known_type:
            # "The Chagos Islands, officially known as the British Indian Ocean Territory":
            # the known name carries the link, so the other name joins it.
            source, target = target, source
        for member in clusters[source].members:
            of_mention[member.id] = target
        clusters[target].members += clusters[source].members
        clusters[source].members = []


_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az)-", re.IGNORECASE)


def name_words(name: str) -> list[str]:
    """The words of a name as compared: case and apostrophes folded, Arabic "al-" off.

    >>> name_words("Abdallah al-Rufay’i")
    ['abdallah', "rufay'i"]
    """
    return [_PARTICLE.sub("", w) for w in name.replace("’", "'").replace("‘", "'").casefold().split()]




def _stem(words: list[str], heads: frozenset[str]) -> list[str]:
    """A name without its trailing head nouns: "Chagos Islands" and "Chagos Archipelago" are "Chagos"."""
    end = len(words)
    while end > 1 and words[end - 1] in heads:
        end -= 1
    return words[:end]


def _qualifier(word: str, known: KnownEntities) -> bool:
    """A word that can stand in front of a short name without making another body:
    a country or its demonym ("U.S. Central Command"), "Department of" (Homeland Security).
    "Constitutional" in "Constitutional Court of X" makes another court."""
    return (word in {"of", "the"} or word in names()["direction_words"] or word in names()["organization_heads"]
            or known.lookup(word) is not None or known.demonym(word) is not None)


def _short_name_target(mention: Mention, clusters: list[_Cluster], known: KnownEntities) -> int | None:
    """The one longer name this short name stands for.

    A person: "Michel", "Assad" (of "Bashar al-Assad") or a first name used alone ("Malala")
    when the article has exactly one such person. An organization or place: the longer name
    it ends ("Central Command" of "U.S. Central Command") or begins before a head noun
    ("Cornell" of "Cornell University", "Chagos" of "Chagos Islands").
    """
    if mention.label not in {"Person", "Organization", "Place", "City"}:
        return None
    words = name_words(mention.text)
    heads = names()["organization_heads"] | names()["place_heads"]
    surname, first, other = [], [], []
    for index, cluster in enumerate(clusters):
        if cluster.known_type:
            continue
        kind = cluster.type()
        full = name_words(cluster.name())
        if len(words) > len(full) or (len(words) == len(full) and _stem(words, heads) == words):
            continue
        if kind == "Person":
            if full[-len(words):] == words:
                surname.append(index)
            elif len(words) == 1 and full[0] == words[0] and mention.label != "Organization":
                first.append(index)
        elif mention.label != "Person" and (
                (len(words) > 1 and full[-len(words):] == words
                 and all(_qualifier(w, known) for w in full[:-len(words)]))
                or (full[:len(words)] == words and all(w in heads for w in full[len(words):]))
                or _firm_of(words, full)
                or _stem(full, heads) == _stem(words, heads) != words):
            other.append(index)
    gender = honorific_gender(mention.evidence)
    if gender is not None:  # "Mrs Dole" is not "Bob Dole"; a given name of unknown gender may be hers
        surname = [i for i in surname if name_gender(clusters[i].name()) in (gender, None)]
    for matches in (surname, first, other):
        distinct = {clusters[i].name() for i in matches}
        if len(distinct) == 1:
            return matches[0]
        if len(distinct) > 1:
            return None
    return None


def _firm_of(words: list[str], full: list[str]) -> bool:
    """ "Dezan Shira" is the firm "Dezan Shira & Associates" (names.toml ``firm_suffixes``)."""
    rest = full[len(words):]
    return (full[:len(words)] == words and len(rest) > 1 and rest[0] == "&"
            and all(w in names()["firm_suffixes"] for w in rest[1:]))


def honorific_gender(evidence: Iterable[str]) -> str | None:
    """ "f" or "m" when a mention's honorific tells it ("Mrs", "Sir"), else None."""
    lists = names()
    for note in evidence:
        if note.startswith("honorific:"):
            word = note[len("honorific:"):].casefold()
            if word in lists["female_honorifics"]:
                return "f"
            if word in lists["male_honorifics"]:
                return "m"
    return None


def _titled_surname(cluster: _Cluster, kind: str, name: str) -> set[str]:
    """A lone surname's honorific kept as an alias ("Mrs Dole"): it tells the gender that
    ``surname_merges`` needs across articles."""
    if kind != "Person" or " " in name:
        return set()
    for mention in cluster.members:
        if honorific_gender(mention.evidence) is not None:
            word = next(n for n in mention.evidence if n.startswith("honorific:"))[len("honorific:"):]
            return {f"{word} {name}"}
    return set()


def name_gender(name: str) -> str | None:
    """ "f" or "m" by the given name of a full name (given_names.csv), None when unknown.

    >>> name_gender("Elizabeth Dole"), name_gender("Bob Dole"), name_gender("Dole")
    ('f', 'm', None)
    """
    words = name.split()
    return given_names().get(words[0].casefold()) if len(words) > 1 else None


def _demonym_names(cluster: _Cluster, known: KnownEntities) -> set[str]:
    """The country name a demonym was built on: "Macedonian" names "Macedonia"."""
    entry = known.lookup(cluster.name())
    if entry is None:
        return set()
    found: set[str] = set()
    for mention in cluster.members:
        for note in mention.evidence:
            if note.startswith("demonym:"):
                word = note[len("demonym:"):].casefold()
                found.update(a for a in (entry.name, *entry.aliases)
                             if len(a) >= 4 and word.startswith(a.casefold()))
    return found


def resolve_article(extraction: ArticleExtraction, known: KnownEntities | None = None) -> ResolvedArticle:
    """Entities, relations and quotes of one article, with stable entity keys."""
    known = known or known_entities()
    acronyms = {acronym for acronym, _ in extraction.concept_aliases}
    clusters, of_mention = _cluster_mentions(extraction.mentions, known, acronyms)

    entities: dict[str, Entity] = {}
    key_of_cluster: dict[int, str] = {}
    for index, cluster in enumerate(clusters):
        if not cluster.members:
            continue  # joined another as an alias
        kind, name = cluster.type(), cluster.name()
        key = key_for(kind, name)
        surfaces = {m.text for m in cluster.members if m.ner_label != "DEMONYM"}
        surfaces |= _titled_surname(cluster, kind, name)
        surfaces |= _demonym_names(cluster, known)
        aliases = tuple(sorted(s for s in surfaces if normalize_name(s) != normalize_name(name)))
        previous = entities.get(key)
        if previous is not None:
            aliases = tuple(sorted(set(previous.aliases) | set(aliases)))
        entities[key] = Entity(key=key, type=kind, name=name, aliases=aliases,
                               wikidata=cluster.wikidata, geonames=cluster.geonames,
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


def surname_merges(people: dict[str, str], aliases: Mapping[str, Iterable[str]] | None = None) -> dict[str, str]:
    """Across articles: a person known only by surname is the one person with that
    surname and a full name, when there is exactly one (of the gender its honorific says,
    when an alias such as "Mrs Dole" gives one). Returns old key -> new key.

    >>> surname_merges({"person/michel": "Michel", "person/charles-michel": "Charles Michel"})
    {'person/michel': 'person/charles-michel'}
    >>> surname_merges({"person/smith": "Smith", "person/anna-smith": "Anna Smith", "person/john-smith": "John Smith"})
    {}
    >>> surname_merges({"person/assad": "Assad", "person/bashar-al-assad": "Bashar al-Assad"})
    {'person/assad': 'person/bashar-al-assad'}
    >>> surname_merges({"person/dole": "Dole", "person/bob-dole": "Bob Dole"}, {"person/dole": ["Mrs Dole"]})
    {}
    """
    full: dict[str, set[str]] = {}
    for key, name in people.items():
        words = name_words(name)
        if len(words) > 1:
            full.setdefault(words[-1], set()).add(key)
    merges = {}
    for key, name in people.items():
        words = name_words(name)
        if len(words) == 1:
            candidates = full.get(words[0], set())
            genders = {honorific_gender([f"honorific:{a.split()[0].rstrip('.')}"])
                       for a in (aliases or {}).get(key, ()) if len(a.split()) == 2} - {None}
            if len(genders) == 1:
                candidates = {c for c in candidates if name_gender(people[c]) in genders | {None}}
            if len(candidates) == 1:
                merges[key] = next(iter(candidates))
    return merges
