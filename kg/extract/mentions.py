"""Named-entity mentions from the model's NER, cleaned and typed into the ontology."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Document, Mention
from ..resources import KnownEntities
from .tokens import text_of, tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["MentionIndex", "find_mentions"]

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
# Lower-case name particles: "Ursula von der" + "Leyen" is one name.
NAME_PARTICLES = {"von", "van", "der", "den", "de", "di", "da", "del", "della", "le", "la",
                  "du", "bin", "ibn", "al", "el", "ter", "zu", "dos", "das"}
_TRIM = re.compile(r"^[\s\"'“”‘’(\[-]+|[\s\"'“”‘’)\],.:;-]+$")


@dataclass
class MentionIndex:
    """The mentions of one Doc, with a token -> mention lookup."""

    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, int] = field(default_factory=dict)  # token index -> mention id
    head_token: dict[int, int] = field(default_factory=dict)  # mention id -> head token index

    def add(self, mention: Mention, tokens: range | None) -> None:
        self.mentions.append(mention)
        if tokens is not None:
            for i in tokens:
                self.by_token.setdefault(i, mention.id)

    def at(self, token: Token) -> Mention | None:
        found = self.by_token.get(token.i)
        return self.mentions[found] if found is not None else None

    def get(self, mention_id: int) -> Mention:
        return self.mentions[mention_id]


def _clean_span(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'"} or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _surface(span: Span) -> str:
    text = " ".join(span.text.split())
    return _TRIM.sub("", text)


def _merge_split_names(ents: list[Span]) -> list[tuple[Span, str]]:
    """Rejoin names the tagger split after a particle ("Ursula von der" / "Leyen")."""
    merged: list[tuple[Span, str]] = []
    for ent in ents:
        if merged:
            previous, label = merged[-1]
            if (previous.end == ent.start and previous[-1].lower_ in NAME_PARTICLES
                    and ent[0].text[:1].isupper()):
                merged[-1] = (previous.doc[previous.start:ent.end], "PERSON")
                continue
        merged.append((ent, ent.label_))
    return merged


def find_mentions(doc: Doc, document: Document, known: KnownEntities) -> MentionIndex:
    """Every entity mention in ``doc``: NER spans, demonyms, the dateline and the byline."""
    index = MentionIndex()
    sentence_of = {}
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = number

    def add(text: str, label: str, ner: str, start: int, end: int, tokens: range | None,
            sentence: int, evidence: tuple[str, ...] = ()) -> None:
        mention = Mention(id=len(index.mentions), text=text, label=label, ner_label=ner,
                          start=start, end=end, sentence=sentence, evidence=evidence)
        index.add(mention, tokens)
        if tokens is not None:
            index.head_token[mention.id] = tokens[-1]

    taken: set[int] = set()
    for ent, label in _merge_split_names(list(doc.ents)):
        if label == "NORP":
            country = known.demonym(ent.text)
            if country is not None:
                add(country.name, "Country", "DEMONYM", ent.start_char, ent.end_char,
                    range(ent.start, ent.end), sentence_of[ent.start], (f"demonym:{ent.text}",))
                taken.update(range(ent.start, ent.end))
            continue
        kind = NER_TYPES.get(label)
        span = _clean_span(ent)
        if kind is None or span is None:
            continue
        text = _surface(span)
        if not any(ch.isupper() for ch in text) or not any(ch.isalpha() for ch in text):
            continue
        entry = known.lookup(text)
        if entry is not None:
            if entry.type == "Concept":
                continue  # a named event or policy ("Brexit"), not an agent
            kind = entry.type
        add(text, kind, label, span.start_char, span.end_char, range(span.start, span.end),
            sentence_of[span.start])
        taken.update(range(span.start, span.end))

    # Demonyms the tagger missed ("Cypriot President ...").
    for token in tokens_of(doc):
        if token.i in taken or not token.text[:1].isupper() or token.pos_ not in {"ADJ", "PROPN"}:
            continue
        country = known.demonym(token.text)
        if country is not None and token.dep_ in {"amod", "compound", "nmod", "conj"}:
            add(country.name, "Country", "DEMONYM", token.idx, token.idx + len(token.text),
                range(token.i, token.i + 1), sentence_of[token.i], (f"demonym:{token.text}",))

    _titled_names(doc, index, sentence_of, add)
    _gazetteer_names(doc, index, known, sentence_of, add)

    if document.dateline is not None:
        place, start, end = document.dateline
        entry = known.lookup(place)
        name = entry.name if entry else place.title()
        kind = entry.type if entry is not None and entry.type != "Concept" else "Place"
        # Blanked for the model (see clean.py): a mention outside any sentence.
        add(name, kind, "DATELINE", start, end, None, -1, ("dateline",))
    if document.author:
        start = document.text.find(document.author)
        add(document.author, "Person", "BYLINE", max(start, 0), max(start, 0) + len(document.author),
            None, -1, ("byline",))
    _retype_short_names(index, known)
    index.mentions.sort(key=lambda m: (m.start, m.id))
    # Ids stay the list positions after sorting.
    remap = {m.id: new for new, m in enumerate(index.mentions)}
    index.mentions = [Mention(**{**m.__dict__, "id": remap[m.id]}) for m in index.mentions]
    index.by_token = {i: remap[mid] for i, mid in index.by_token.items()}
    index.head_token = {remap[mid]: tok for mid, tok in index.head_token.items()}
    return index



def _titled_names(doc: Doc, index: MentionIndex, sentence_of: dict[int, int], add: Any) -> None:
    """Names after a title that the tagger missed: "Moroccan King Mohammed VI"."""
    from .roles import title_of

    for token in tokens_of(doc):
        if token.pos_ != "PROPN" or token.i in index.by_token or token.dep_ == "compound":
            continue
        chain = [t for t in token.lefts if t.dep_ == "compound"] + [token]
        chain = [t for t in chain if t.i >= chain[0].i]
        if any((found := index.at(t)) is not None and found.ner_label != "DEMONYM" for t in chain):
            continue
        title_end = None
        for position, word in enumerate(chain[:-1]):
            if title_of([word.lemma_.lower()]) is not None:
                title_end = position
        if title_end is None:
            continue
        name = chain[title_end + 1:]
        if not 1 <= len(name) <= 4 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            continue
        if any(t.i in index.by_token for t in name):
            continue
        start, end = name[0].idx, name[-1].idx + len(name[-1].text)
        add(text_of(doc)[start:end], "Person", "TITLED", start, end, range(name[0].i, name[-1].i + 1),
            sentence_of[name[0].i], ("title",))


def _gazetteer_names(doc: Doc, index: MentionIndex, known: KnownEntities,
                     sentence_of: dict[int, int], add: Any) -> None:
    """Known names (shipped or the user's) that the tagger missed, spelled exactly as listed."""
    spellings = known.spellings()
    tokens = tokens_of(doc)
    text = text_of(doc)
    i = 0
    while i < len(doc):
        if i in index.by_token or not tokens[i].text[:1].isupper():
            i += 1
            continue
        for size in range(min(5, len(doc) - i), 0, -1):
            last = tokens[i + size - 1]
            if text[tokens[i].idx:last.idx + len(last.text)] not in spellings:
                continue  # the cheap test first: most capitalised words are not known names
            span = doc[i:i + size]
            if any(t.i in index.by_token for t in span):
                continue
            if len(span.text) <= 3 and (size > 1 or span[0].pos_ != "PROPN"):
                continue  # "IS", "AU", "WHO" only as proper nouns
            entry = known.lookup(span.text)
            if entry is None or entry.type == "Concept":
                continue
            add(span.text, entry.type, "KNOWN", span.start_char, span.end_char,
                range(span.start, span.end), sentence_of[span.start], ("known",))
            i += size - 1
            break
        i += 1


def _retype_short_names(index: MentionIndex, known: KnownEntities) -> None:
    """A tagged ORG or place that is the surname of a person in the article is that person.

    The model calls "Valls" an ORG; "Manuel Valls" two sentences before says otherwise.
    """
    full_names = [m.text.split() for m in index.mentions if m.label == "Person" and " " in m.text]
    for position, mention in enumerate(index.mentions):
        if mention.label == "Person" or mention.ner_label in {"DEMONYM", "DATELINE"}:
            continue
        if known.lookup(mention.text) is not None:
            continue
        words = mention.text.split()
        if any(len(words) < len(full) and full[-len(words):] == words for full in full_names):
            index.mentions[position] = Mention(**{**mention.__dict__, "label": "Person",
                                                  "evidence": mention.evidence + ("surname",)})


def retype_people(index: MentionIndex, people: set[int]) -> None:
    """Mentions that carry a person's title are people ("Government spokesperson X")."""
    for position, mention in enumerate(index.mentions):
        if mention.id in people and mention.label != "Person":
            index.mentions[position] = Mention(**{**mention.__dict__, "label": "Person",
                                                  "evidence": mention.evidence + ("title",)})
