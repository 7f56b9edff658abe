"""Roles from titles, appositions and possessives.

"Cypriot President Nikos Christodoulides", "Charles Michel, the incoming
President of the European Council", "Portugal's president, Luis Carvalho",
"Belgian and French prime ministers Charles Michel and Manuel Valls" (each
demonym goes with its name, in order).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..resources import KnownEntities, roles
from .mentions import MentionIndex
from .titles import title_of

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Role", "find_roles", "title_of"]


@dataclass(frozen=True)
class Role:
    person: int  # mention id
    title: str  # "prime minister"
    property: str  # leaderOf / memberOf
    target: int | None  # mention id of the country or organization
    country: str | None  # country name when the target is a country
    token: int  # where the title was read
    rule: str


def _lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def _modifier_tokens(head: Token, exclude: set[int]) -> list[Token]:
    """Tokens of the noun phrase in front of ``head`` (its left dependents' subtrees)."""
    tokens: list[Token] = []
    for left in head.lefts:
        if left.dep_ in {"compound", "amod", "nmod", "poss", "det", "nummod", "conj", "cc"}:
            tokens.extend(t for t in left.subtree if t.i not in exclude)
    return sorted(tokens, key=lambda t: t.i)


@dataclass(frozen=True)
class _Reading:
    title: str
    property: str
    countries: tuple[int, ...]  # mention ids of demonyms/countries, in order
    organization: int | None
    past: bool


def _read_phrase(tokens: list[Token], index: MentionIndex, head: Token | None = None) -> _Reading | None:
    """Read a title, countries and organization from the tokens of a role phrase."""
    past_words = set(roles().get("past", {}).get("words", []))
    words: list[str] = []
    countries: list[int] = []
    organization: int | None = None
    past = False
    phrase = tokens + ([head] if head is not None else [])
    for token in phrase:
        mention = index.at(token)
        if mention is not None:
            if mention.label == "Country" or mention.ner_label == "DEMONYM":
                if mention.id not in countries:
                    countries.append(mention.id)
            elif mention.label == "Organization" and organization is None:
                organization = mention.id
            continue
        lemma = _lemma(token)
        if lemma in past_words:
            past = True
        if token.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} or lemma in {"-"}:
            words.append(lemma)
    found = title_of(words)
    if found is None:
        return None
    return _Reading(found[0], found[1], tuple(countries), organization, past)


def _of_phrase(noun: Token, index: MentionIndex) -> int | None:
    """The organization or country in "President of the European Council"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "at", "in"}:
            for pobj in child.children:
                mention = index.at(pobj)
                if mention is not None and mention.label != "Person":
                    return mention.id
    return None


def find_roles(doc_tokens: list[Token], index: MentionIndex, known: KnownEntities) -> list[Role]:
    """Every role the text gives a Person mention."""
    found: list[Role] = []
    for mention in index.mentions:
        if mention.id not in index.head_token:
            continue
        head = doc_tokens[index.head_token[mention.id]]
        own = set(range(head.i - len(mention.text.split()) + 1, head.i + 1))
        own = {i for i in own if index.by_token.get(i) == mention.id}
        if mention.label not in {"Person", "Organization"}:
            continue
        reading: _Reading | None = None
        rule = "kg.role.title.v1"
        modifiers = [t for t in _modifier_tokens(head, own) if t.dep_ != "conj" or t.head.i != head.i]
        if modifiers:
            reading = _read_phrase(modifiers, index)
        noun: Token | None = None
        if reading is None:
            # Apposition either way: "Michel, the President of X" / "the Danish minister, Lars Holm".
            for child in head.children:
                if child.dep_ == "appos" and index.at(child) is None:
                    noun = child
            if noun is None and head.dep_ == "appos" and index.at(head.head) is None:
                noun = head.head
            if noun is not None:
                reading = _read_phrase(_modifier_tokens(noun, set()), index, noun)
                rule = "kg.role.appos.v1"
        distributed_from: Token | None = None
        if reading is None and head.dep_ == "conj":
            # "Belgian and French prime ministers Charles Michel and Manuel Valls".
            first = head.head
            while first.dep_ == "conj":
                first = first.head
            first_mention = index.at(first)
            if first_mention is not None and first_mention.label == "Person":
                first_own = {i for i in range(first.i - 4, first.i + 1)
                             if index.by_token.get(i) == first_mention.id}
                reading = _read_phrase(_modifier_tokens(first, first_own), index)
                distributed_from = first
                rule = "kg.role.title.v1"
        if reading is None or reading.past:
            continue
        target: int | None = reading.organization
        if noun is not None and target is None:
            target = _of_phrase(noun, index)
        countries = reading.countries
        if target is None and countries:
            conjuncts = _person_conjuncts(distributed_from or head, index)
            if len(countries) > 1 and len(countries) == len(conjuncts) and mention.id in conjuncts:
                target = countries[conjuncts.index(mention.id)]
            elif len(countries) == 1:
                target = countries[0]
        if target is None:
            target = _its_owner(noun if noun is not None else head, doc_tokens, index, mention.id)
        prop = reading.property
        if prop == "counterpart":
            prop = _counterpart_property(found, mention.sentence, index)
        country_name = index.get(target).text if target is not None else None
        found.append(Role(mention.id, reading.title, prop, target, country_name, head.i, rule))
    return _share_the_body(found, doc_tokens, index)


def _share_the_body(found: list[Role], doc_tokens: list[Token], index: MentionIndex) -> list[Role]:
    """ "Harlow Broadcasting chairman A, director-general B and reporter C": each keeps its own
    title, and B and C hold it in the body named for the first of the list."""
    by_person = {role.person: role for role in found}
    shared = []
    for role in found:
        if role.target is None and role.person in index.head_token:
            first = doc_tokens[index.head_token[role.person]]
            while first.dep_ in {"conj", "appos"} and first.head.i != first.i:
                above = index.at(first.head)
                if above is None or above.label != "Person":
                    break
                first = first.head
            lead = index.at(first)
            lead_role = by_person.get(lead.id) if lead is not None and lead.id != role.person else None
            if lead_role is not None and lead_role.target is not None and \
                    index.get(lead_role.target).label == "Organization":
                role = replace(role, target=lead_role.target, country=None, rule="kg.role.list.v1")
        shared.append(role)
    return shared


def _its_owner(noun: Token, doc_tokens: list[Token], index: MentionIndex, person: int) -> int | None:
    """ "Velmora said its chief executive, Ines Korhonen, …": the organization or country that
    "its" stands for is the nearest one named before it in the sentence."""
    its = next((t for t in noun.subtree if t.dep_ == "poss" and t.lower_ == "its" and t.i < noun.i), None)
    if its is None:
        return None
    sentence = its.sent
    for i in range(its.i - 1, sentence.start - 1, -1):
        found = index.at(doc_tokens[i])
        if found is not None and found.id != person and found.label in {"Organization", "Country"}:
            return found.id
    return None


def _person_conjuncts(first: Token, index: MentionIndex) -> list[int]:
    people = []
    for token in (first, *first.conjuncts):
        mention = index.at(token)
        if mention is not None and mention.label == "Person":
            people.append(mention.id)
    return people


def _counterpart_property(found: list[Role], sentence: int, index: MentionIndex) -> str:
    """A counterpart holds the same kind of post as the person it is compared with."""
    for role in reversed(found):
        if index.get(role.person).sentence == sentence and role.property != "counterpart":
            return role.property
    return "memberOf"
