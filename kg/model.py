"""The typed records that flow between pipeline stages.

ingest -> Document; extract -> ArticleExtraction (Mention, RelationMention,
QuoteMention); resolve -> ResolvedArticle (Entity, Relation, Quote). No spaCy
or rdflib object ever appears here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = [
    "ArticleExtraction",
    "Document",
    "Entity",
    "Evidence",
    "Mention",
    "Quote",
    "QuoteMention",
    "Relation",
    "RelationMention",
    "ResolvedArticle",
]


@dataclass(frozen=True)
class Document:
    """One article as read from its source.

    ``text`` is the article exactly as read (after decoding); ``nlp_text`` has
    the same length with boilerplate blanked out, so offsets agree.
    """

    id: str
    text: str
    nlp_text: str = ""
    title: str | None = None
    date: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    source: str | None = None  # publisher
    author: str | None = None
    dateline: tuple[str, int, int] | None = None  # place name, start, end
    origin: str = ""  # file path or "<stdin>", for messages
    notes: tuple[str, ...] = ()  # what cleaning changed, reported to the user

    def for_nlp(self) -> str:
        return self.nlp_text or self.text


@dataclass(frozen=True)
class Mention:
    """A named entity as it appears in the text."""

    id: int
    text: str  # cleaned surface form ("Charles Michel")
    label: str  # ontology class local name: Person, Organization, Place, Country, City
    ner_label: str  # spaCy's label, or DATELINE / BYLINE / DEMONYM
    start: int
    end: int
    sentence: int
    evidence: tuple[str, ...] = ()  # why we believe the type ("title:president")


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and the character span."""

    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True)
class RelationMention:
    """A relation between two mentions (or a mention and a concept label)."""

    subject: int  # mention id
    predicate: str  # kgo local name
    object: int | None  # mention id, or None when the object is a concept
    concept: str | None  # concept label when the object is a concept
    evidence: Evidence
    negated: bool = False
    hypothetical: bool = False
    date: str | None = None
    place: int | None = None  # mention id


Speaker = TypeVar("Speaker", int, str)


@dataclass(frozen=True)
class Quote(Generic[Speaker]):
    """A quote and who said it: mention ids after extract (``QuoteMention``), entity keys after
    resolve (``Quote[str]``)."""

    text: str
    speakers: tuple[Speaker, ...]
    evidence: Evidence


QuoteMention = Quote[int]


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything extract found in one article."""

    document: Document
    mentions: tuple[Mention, ...]
    relations: tuple[RelationMention, ...]
    quotes: tuple[QuoteMention, ...]
    concept_aliases: tuple[tuple[str, str], ...] = ()  # (acronym, expansion)


@dataclass(frozen=True)
class Entity:
    """One real-world entity: its key is stable across runs and articles."""

    key: str  # "person/charles-michel"
    type: str  # Person, Organization, Place, Country, City, Concept
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    mentions: int = 0
    geonames: str | None = None  # GeoNames id of a place


@dataclass(frozen=True)
class Relation:
    subject: str  # entity key
    predicate: str
    object: str  # entity key (concepts are entities of type Concept)
    evidence: Evidence
    negated: bool = False
    hypothetical: bool = False
    date: str | None = None
    place: str | None = None

    @property
    def asserted(self) -> bool:
        return not (self.negated or self.hypothetical)


@dataclass(frozen=True)
class ResolvedArticle:
    document: Document
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    quotes: tuple[Quote[str], ...]
    mentioned: tuple[str, ...] = field(default=())  # entity keys mentioned in the article


@dataclass(frozen=True)
class Skipped:
    """An article the pipeline could not finish, and why (reported, never fatal)."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}, skipped"
