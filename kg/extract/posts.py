"""Title phrases: who holds which post, read from the words around a name.

A title phrase is read in three parts: the possessor ("Turkey's", "its"), the
words in front of the title (qualifiers: "vice", "former", "program") and the
title itself, which ends the phrase; the body comes from the possessor, the
names among the words, or a complement ("of Y", "at Y", "for Y"). The words
are data in roles.toml; roles.py decides which names a phrase belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..resources import names
from .mentions import MentionIndex
from .spans import POSSESSIVE
from .titles import exact_title, is_occupation, role_words

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..model import Mention

__all__ = ["MODIFIER_DEPS", "NOT_PEOPLE", "PLACE_KINDS", "Reading", "lemma", "modifier_tokens", "noun_reading",
           "person_like", "portfolio", "read_phrase"]

# Complements that name the body of a post, best first: "professor in X at Y" is at Y.
COMPLEMENT_PREPS = ("of", "at", "for", "with", "from", "in")
PLACE_KINDS = {"City", "Place"}
# What the tagger called these is too unsure a person to give a role without a title.
NOT_PEOPLE = {"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "det", "nummod", "conj", "cc", "case"}

@dataclass(frozen=True)
class Reading:
    title: str
    property: str
    countries: tuple[int, ...]  # mention ids of demonyms/countries, in order
    targets: tuple[int, ...]  # the bodies the post is in (organizations first)
    past: bool
    owner_person: int | None = None  # "Zelenskyy's chief of staff"
    plural: bool = False
    occupation: bool = False
    qualified: bool = False  # "program director", "provincial head": a branch or field of the body
    possessor: int | None = None  # "UNICEF's executive director"

def lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def modifier_tokens(head: Token, exclude: set[int]) -> list[Token]:
    """Tokens of the noun phrase in front of ``head`` (its left dependents' subtrees)."""
    tokens: list[Token] = []
    for left in head.lefts:
        if left.dep_ in MODIFIER_DEPS and not (left.dep_ == "conj" and left.head.i == head.i):
            tokens.extend(t for t in left.subtree if t.i not in exclude and t.i < head.i)
    return sorted(tokens, key=lambda t: t.i)


def portfolio(mention: Mention) -> bool:
    text = mention.text.lower().removeprefix("the ")
    return text in role_words("portfolios")


def person_like(mention: Mention, index: MentionIndex) -> bool:
    """A person, or a surname the tagger took for an organization ("Zelenskyy's")."""
    if mention.label == "Person":
        return True
    return mention.label == "Organization" and any(
        m.label == "Person" and m.text.endswith(" " + mention.text) for m in index.mentions)


def read_phrase(tokens: list[Token], index: MentionIndex, doc_tokens: list[Token],
                 person: int) -> Reading | None:
    """Read the possessor, qualifiers, title and named bodies of a title phrase."""
    phrase = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    cut = max((k for k, t in enumerate(phrase) if t.lower_ in POSSESSIVE or t.tag_ == "POS"
               or (t.dep_ == "poss" and t.pos_ == "PRON")), default=-1)
    owner: Mention | None = None
    if cut >= 0:
        mark = phrase[cut]
        if mark.pos_ == "PRON":
            owner = _its_owner(mark, doc_tokens, index, person) if mark.lower_ == "its" else None
        elif cut > 0:
            owner = index.at(phrase[cut - 1])
    words: list[str] = []
    kinds: list[Token] = []
    orgs: list[int] = []
    countries: list[int] = []
    places: list[int] = []
    indefinite = False
    if owner is not None and owner.id != person:
        if person_like(owner, index):
            pass
        elif owner.label == "Organization" and not portfolio(owner):
            orgs.append(owner.id)
        elif owner.label == "Country":
            countries.append(owner.id)
        elif owner.label in PLACE_KINDS:
            places.append(owner.id)
    for token in phrase[cut + 1:]:
        mention = index.at(token)
        if mention is not None and mention.id == person:
            continue
        if mention is not None:
            if mention.label == "Organization" and portfolio(mention):
                words.append(lemma(token))
                kinds.append(token)
            elif mention.label == "Country" or mention.ner_label == "DEMONYM":
                if mention.id not in countries:
                    countries.append(mention.id)
            elif mention.label == "Organization" and not person_like(mention, index):
                if mention.id not in orgs:
                    orgs.append(mention.id)
            elif mention.label in PLACE_KINDS and mention.id not in places:
                places.append(mention.id)
            if mention.label in PLACE_KINDS and token.lower_ in names()["settlement_nouns"] and (
                    index.by_token.get(token.i + 1) != mention.id):
                # "Beledweyne District Commissioner X": the place's last word opens the title.
                words.append(lemma(token))
                kinds.append(token)
            continue
        if token.lower_ in {"a", "an"}:
            indefinite = True
        if token.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} or token.lower_ in {"-", "of"}:
            words.append(lemma(token))
            kinds.append(token)
    while words and words[0] == "of":
        words, kinds = words[1:], kinds[1:]
    found = None
    for start in range(len(words)):
        found = exact_title(words[start:])
        if found:
            break
    if found is None:
        return None
    title, prop = found
    qualifiers = set(words[:start])
    past = bool(qualifiers & role_words("past")) or any(w.startswith("ex-") for w in words)
    occupation = is_occupation(title)
    neutral = role_words("lower") | role_words("branch") | role_words("outside") | role_words("bodies")
    domain = any(t.pos_ == "NOUN" and lemma(t) not in neutral and lemma(t) != "of" for t in kinds[:start])
    if prop == "leaderOf" and (indefinite or qualifiers & role_words("lower")):
        prop = "memberOf"
    if occupation or qualifiers & role_words("outside"):
        countries, places = [], []
    if prop == "leaderOf" and orgs and (domain or qualifiers & role_words("branch")):
        prop = "memberOf"
    if prop == "leaderOf" and domain and not orgs:
        countries, places = [], []
    if orgs and countries and title in role_words("envoys"):
        orgs = []  # "U.S. deputy U.N. ambassador": sent by the country to the body
    if orgs:
        targets: tuple[int, ...] = (orgs[0],)
        countries = []
    elif countries:
        targets = tuple(countries)
    else:
        targets = tuple(places[:1])
    owner_person = owner.id if owner is not None and owner.id != person and person_like(owner, index) else None
    plural = kinds[-1].tag_ in {"NNS", "NNPS"} if kinds else False
    qualified = domain or bool(qualifiers & role_words("branch"))
    possessor = owner.id if owner is not None and owner.id in orgs else None
    return Reading(title, prop, tuple(countries), targets, past, owner_person, plural, occupation, qualified,
                    possessor)


def _complements(noun: Token, index: MentionIndex, reading: Reading, depth: int = 0) -> tuple[list[int], bool]:
    """Bodies named after a title ("director of X", "a fellow at X", "a journalist with X and Y"),
    and whether an "of" names a field rather than a body ("professor of philosophy at X")."""
    field = False
    for word in COMPLEMENT_PREPS:
        found: list[int] = []
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ != word:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                mention = index.at(pobj)
                if mention is None:
                    if word == "of" and (lemma(pobj) not in role_words("bodies")
                                         or any(c.dep_ == "poss" for c in pobj.children)):
                        field = True  # "director of studies", "president of X's assembly"; not "leader of the X gang"
                    inner = [index.at(c) for c in pobj.children if c.dep_ in {"compound", "poss", "nmod", "amod"}]
                    found += [m.id for m in inner if m is not None and _body(m, "at", reading, index, pobj)]
                    if not found and depth < 1:
                        found += _complements(pobj, index, reading, depth + 1)[0]
                    continue
                for other in (pobj, *pobj.conjuncts):
                    m = index.at(other)
                    if m is not None and _body(m, word, reading, index, other) and m.id not in found:
                        found.append(m.id)
        if found:
            return found, field
    return [], field


def _body(mention: Mention, prep: str, reading: Reading, index: MentionIndex, token: Token) -> bool:
    if mention.label == "Organization":
        return not portfolio(mention) and not person_like(mention, index)
    if reading.occupation:
        return False
    if mention.label == "Country":  # "leader of eastern Libya" is no leader of Libya
        return prep in {"of", "from"} and not any(c.dep_ == "amod" for c in token.children)
    return mention.label in PLACE_KINDS and prep == "of" and reading.property == "leaderOf"


def noun_reading(noun: Token, index: MentionIndex, doc_tokens: list[Token], person: int) -> Reading | None:
    """A title noun beside the name ("X, vice chairman of Y"; "X is an analyst at Y")."""
    reading = read_phrase([*modifier_tokens(noun, set()), noun], index, doc_tokens, person)
    if reading is None:
        return None
    bodies: list[int] = []
    field = False
    for near in (noun, *noun.conjuncts):  # "co-founder and executive director of Y"
        bodies, field = _complements(near, index, reading)
        if bodies:
            break
    prop = reading.property
    if field and prop == "leaderOf":
        prop = "memberOf"  # "director of studies at Y", "president of Y's assembly"
    if bodies:
        organizations = [b for b in bodies if index.get(b).label == "Organization"]
        if prop == "leaderOf" and organizations and reading.countries:
            prop = "memberOf"  # "the Japan chair at the Y Institute", "the Africa director of Y"
        owner = [reading.possessor] if reading.possessor is not None else []
        if prop == "leaderOf" and organizations and reading.qualified:
            prop = "memberOf"
        targets = tuple(dict.fromkeys(owner + (organizations or bodies)))
        return replace(reading, property=prop, targets=targets, countries=())
    return replace(reading, property=prop)


def _its_owner(its: Token, doc_tokens: list[Token], index: MentionIndex, person: int) -> Mention | None:
    """ "Velmora said its chief executive, Ines Korhonen, …": the organization or country that
    "its" stands for is the nearest one named before it in the sentence."""
    sentence = its.sent
    for i in range(its.i - 1, sentence.start - 1, -1):
        found = index.at(doc_tokens[i])
        if found is not None and found.id != person and found.label in {"Organization", "Country"}:
            return found
    return None


