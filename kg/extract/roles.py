"""Roles from titles, appositions, possessives and a few verbs.

"Cypriot President Nikos Christodoulides", "Charles Michel, the incoming
President of the European Council", "Portugal's president, Luis Carvalho",
"Belgian and French prime ministers Charles Michel and Manuel Valls" (each
demonym goes with its name, in order), "X, vice chairman of the Y Center"
(a lesser post: memberOf), "X, who heads Y", "Y's X", "X of Y",
"Erdogan's communication chief, X" (memberOf what Erdogan heads).

A title phrase is read in three parts: the possessor ("Turkey's", "its"), the
words in front of the title (qualifiers: "vice", "former", "program") and the
title itself, which ends the phrase; the body comes from the possessor, the
names among the words, or a complement ("of Y", "at Y", "for Y").
"""


from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..resources import KnownEntities
from .mentions import MentionIndex
from .posts import (
    NOT_PEOPLE,
    PLACE_KINDS,
    Reading,
    lemma,
    modifier_tokens,
    noun_reading,
    person_like,
    portfolio,
    read_phrase,
)
from .titles import role_words, title_of

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


def _title_nouns(head: Token, index: MentionIndex, plural: bool = False) -> list[tuple[Token, str]]:
    """Title nouns said of the name: appositions either way (with their conjuncts), and the
    predicate of "X is (now) a fellow at Y"."""
    nouns: list[tuple[Token, str]] = []
    for child in head.children:
        if child.dep_ == "appos" and index.at(child) is None:
            nouns.append((child, "kg.role.appos.v1"))
    if head.dep_ == "appos" and index.at(head.head) is None:
        nouns.append((head.head, "kg.role.appos.v1"))
    verbs = [head.head] if head.dep_ == "nsubj" else []
    verbs += [c for c in head.children if c.dep_ == "relcl"]
    for verb in verbs:
        if verb.lemma_ == "be" and verb.tag_ == "VBZ" and index.get(index.by_token[head.i]).label == "Person":
            nouns += [(c, "kg.role.copula.v1") for c in verb.children
                      if c.dep_ == "attr" and index.at(c) is None and c.tag_ == "NN"]
    with_conjuncts = []
    for noun, rule in nouns:
        if noun.tag_ in {"NNS", "NNPS"} and not plural:
            continue  # "Y and Z representatives" is no title of one person
        with_conjuncts += [(noun, rule)] + [(c, rule) for c in noun.conjuncts if c.i > noun.i and index.at(c) is None]
    return with_conjuncts


def _verb_roles(head: Token, index: MentionIndex) -> list[int]:
    """ "X, who heads Y" / "X heads Y": the body X heads."""
    verbs = [c for c in head.children if c.dep_ == "relcl"]
    if head.dep_ == "nsubj":
        verbs.append(head.head)
    bodies: list[int] = _led_by(head, index)
    for verb in verbs:
        if lemma(verb) in role_words("verbs") and verb.tag_ in {"VBZ", "VBP"}:
            for obj in verb.children:
                mention = index.at(obj) if obj.dep_ == "dobj" else None
                if mention is not None and mention.label in {"Organization", "Country"} | PLACE_KINDS \
                        and not person_like(mention, index):
                    bodies.append(mention.id)
    return bodies


def _led_by(head: Token, index: MentionIndex) -> list[int]:
    """ "Y is led by X", "Y, led by X,": the body X heads now ("was led by" is the past)."""
    agent = head.head if head.dep_ == "pobj" else None
    verb = agent.head if agent is not None and agent.dep_ == "agent" else None
    if verb is None or lemma(verb) not in role_words("verbs") or verb.tag_ != "VBN":
        return []
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"auxpass", "aux"}}
    if auxiliaries & {"was", "were", "had", "been"}:
        return []
    if verb.dep_ == "acl":
        candidates = [verb.head]
    else:
        candidates = [c for c in verb.children if c.dep_ == "nsubjpass"] if auxiliaries & {"is", "are"} else []
    bodies = []
    for token in candidates:
        mention = index.at(token)
        if mention is not None and mention.label == "Organization" and not person_like(mention, index):
            bodies.append(mention.id)
    return bodies


def _member_of_body(head: Token, index: MentionIndex) -> list[int]:
    """ "X of the Y Alliance", "the Y Project's X": a person named with a body and no title."""
    bodies = []
    for child in head.children:
        if child.dep_ == "poss":
            mention = index.at(child)
            if mention is not None and mention.label == "Organization" and not person_like(mention, index):
                bodies.append(mention.id)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                mention = index.at(pobj)
                if mention is None and pobj.dep_ == "pobj":
                    inner = [index.at(c) for c in pobj.children if c.dep_ == "poss"]
                    mention = next((m for m in inner if m is not None), None)
                if mention is not None and mention.label == "Organization" and not person_like(mention, index) \
                        and not portfolio(mention):
                    bodies.append(mention.id)
    return bodies


def find_roles(doc_tokens: list[Token], index: MentionIndex, known: KnownEntities) -> list[Role]:
    """Every role the text gives a Person mention."""
    found: list[Role] = []
    owed: list[tuple[int, Reading, int]] = []  # posts held under a person ("Zelenskyy's chief of staff")
    for mention in index.mentions:
        if mention.id not in index.head_token or mention.label not in {"Person", "Organization"}:
            continue
        head = doc_tokens[index.head_token[mention.id]]
        own = {i for i in range(head.i - 2 * len(mention.text.split()) - 2, head.i + 1)
               if index.by_token.get(i) == mention.id}
        readings: list[tuple[Reading, str]] = []
        modifiers = modifier_tokens(head, own)
        reading = read_phrase(modifiers, index, doc_tokens, mention.id) if modifiers else None
        if reading is not None:
            readings.append((reading, "kg.role.title.v1"))
        listed = mention.label == "Person" and any(
            m is not None and m.label == "Person" for m in (index.at(c) for c in head.children if c.dep_ == "conj"))
        for noun, rule in _title_nouns(head, index, plural=listed):
            if readings and noun.i < head.i and head.dep_ == "appos":
                continue  # "Foreign Minister A; Defense Minister B": B's own title, not A's
            reading = noun_reading(noun, index, doc_tokens, mention.id)
            if reading is not None:
                readings.append((reading, rule))
        distributed_from: Token | None = None
        if not readings and head.dep_ == "conj":
            # "Belgian and French prime ministers Charles Michel and Manuel Valls";
            # "three members of the U.S. Senate — A, B and C".
            first = head.head
            while first.dep_ == "conj":
                first = first.head
            first_mention = index.at(first)
            if first_mention is not None and first_mention.label == "Person":
                first_own = {i for i in range(first.i - 4, first.i + 1) if index.by_token.get(i) == first_mention.id}
                shared = read_phrase(modifier_tokens(first, first_own), index, doc_tokens, first_mention.id)
                if shared is not None and (shared.plural or len(shared.countries) > 1):
                    readings.append((shared, "kg.role.title.v1"))
                for noun, _ in _title_nouns(first, index, plural=True):
                    shared = noun_reading(noun, index, doc_tokens, first_mention.id)
                    if shared is not None and noun.tag_ in {"NNS", "NNPS"}:
                        readings.append((shared, "kg.role.list.v1"))
                distributed_from = first
        if mention.label == "Person" and mention.ner_label not in NOT_PEOPLE:
            readings += [(Reading("head", "leaderOf", (), (b,), False), "kg.role.verb.v1")
                         for b in _verb_roles(head, index)]
            if not readings:
                readings += [(Reading("member", "memberOf", (), (b,), False), "kg.role.of.v1")
                             for b in _member_of_body(head, index)]
        if _removed_from_office(head):
            readings = [(replace(r, past=True), rule) for r, rule in readings]
        emitted = False
        for reading, rule in readings:
            if reading.past:
                continue
            for target in _targets(reading, mention.id, distributed_from or head, index):
                prop = reading.property
                if prop == "counterpart":
                    prop = _counterpart_property(found, mention.sentence, index)
                if target is None and (emitted or reading.owner_person is not None):
                    continue
                country_name = index.get(target).text if target is not None else None
                found.append(Role(mention.id, reading.title, prop, target, country_name, head.i, rule))
                emitted = True
            if reading.owner_person is not None and not reading.occupation:
                owed.append((mention.id, reading, head.i))
        if not emitted and any(not r.past for r, _ in readings):
            reading, rule = next((r, ru) for r, ru in readings if not r.past)
            found.append(Role(mention.id, reading.title, reading.property, None, None, head.i, rule))
    found += _under_a_person(owed, found, index)
    found += _owners_of_units(found, index)
    return _share_the_body(_unique(found), doc_tokens, index)


def _owners_of_units(found: list[Role], index: MentionIndex) -> list[Role]:
    """A post in a unit ("Murtaza Zehri of VOA's Urdu Service") is membership of the body that
    owns it (VOA), named just before the possessive."""
    owners: list[Role] = []
    for role in found:
        if role.target is None or "unit" not in index.get(role.target).evidence:
            continue
        unit = index.get(role.target)
        owner = next((m for m in index.mentions if m.label == "Organization" and 0 <= unit.start - m.end <= 3
                      and "unit" not in m.evidence), None)
        if owner is not None:
            owners.append(Role(role.person, role.title, "memberOf", owner.id, None, role.token, role.rule))
    return owners


def _removed_from_office(person: Token) -> bool:
    """ "President X was ousted in a coup", "the army toppled Prime Minister X": the title
    names a post the person has lost, not one they hold."""
    return person.dep_ in {"nsubjpass", "dobj"} and person.head.lemma_.lower() in role_words("removal")


def _targets(reading: Reading, person: int, first: Token, index: MentionIndex) -> list[int | None]:
    """Where the post is held; several demonyms go with several names, in order."""
    if len(reading.countries) > 1 and list(reading.targets) == list(reading.countries):
        conjuncts = _person_conjuncts(first, index)
        if len(conjuncts) == len(reading.countries) and person in conjuncts:
            return [reading.countries[conjuncts.index(person)]]
        return [None]
    return list(reading.targets) or [None]


def _under_a_person(owed: list[tuple[int, Reading, int]], found: list[Role],
                    index: MentionIndex) -> list[Role]:
    """ "Erdogan's communication chief, X": X holds a post in what Erdogan heads, when the
    article says what that is (one body only)."""
    roles = []
    for person, reading, token in owed:
        owner = index.get(reading.owner_person).text if reading.owner_person is not None else ""
        bodies = {r.target for r in found if r.property == "leaderOf" and r.target is not None
                  and (index.get(r.person).text == owner or index.get(r.person).text.endswith(" " + owner))}
        if len(bodies) == 1:
            target = bodies.pop()
            roles.append(Role(person, reading.title, "memberOf", target, index.get(target).text, token,
                              "kg.role.staff.v1"))
    return roles


def _unique(found: list[Role]) -> list[Role]:
    seen: set[tuple[int, str, int | None]] = set()
    kept = []
    for role in found:
        key = (role.person, role.property, role.target)
        if key not in seen:
            seen.add(key)
            kept.append(role)
    return kept


def _share_the_body(found: list[Role], doc_tokens: list[Token], index: MentionIndex) -> list[Role]:
    """ "Harlow Broadcasting chairman A, director-general B and reporter C": each keeps its own
    title, and B and C hold it in the body named for the first of the list."""
    by_person = {role.person: role for role in found if role.target is not None}
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

