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
from .titles import exact_title, is_occupation, role_words, title_of

if TYPE_CHECKING:
    from ..model import Mention
    from spacy.tokens import Token

__all__ = ["Role", "find_roles", "title_of"]

POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}
# Complements that name the body of a post, best first: "professor in X at Y" is at Y.
COMPLEMENT_PREPS = ("of", "at", "for", "with", "from", "in")
PLACE_KINDS = {"City", "Place"}
# What the tagger called these is too unsure a person to give a role without a title.
NOT_PEOPLE = {"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "det", "nummod", "conj", "cc", "case"}


@dataclass(frozen=True)
class Role:
    person: int  # mention id
    title: str  # "prime minister"
    property: str  # leaderOf / memberOf
    target: int | None  # mention id of the country or organization
    country: str | None  # country name when the target is a country
    token: int  # where the title was read
    rule: str


@dataclass(frozen=True)
class _Reading:
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


def _lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def _modifier_tokens(head: Token, exclude: set[int]) -> list[Token]:
    """Tokens of the noun phrase in front of ``head`` (its left dependents' subtrees)."""
    tokens: list[Token] = []
    for left in head.lefts:
        if left.dep_ in MODIFIER_DEPS and not (left.dep_ == "conj" and left.head.i == head.i):
            tokens.extend(t for t in left.subtree if t.i not in exclude and t.i < head.i)
    return sorted(tokens, key=lambda t: t.i)


def _portfolio(mention: Mention) -> bool:
    text = mention.text.lower().removeprefix("the ")
    return text in role_words("portfolios")


def _person_like(mention: Mention, index: MentionIndex) -> bool:
    """A person, or a surname the tagger took for an organization ("Zelenskyy's")."""
    if mention.label == "Person":
        return True
    return mention.label == "Organization" and any(
        m.label == "Person" and m.text.endswith(" " + mention.text) for m in index.mentions)


def _read_phrase(tokens: list[Token], index: MentionIndex, doc_tokens: list[Token],
                 person: int) -> _Reading | None:
    """Read the possessor, qualifiers, title and named bodies of a title phrase."""
    phrase = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    cut = max((k for k, t in enumerate(phrase) if t.lower_ in POSSESSIVE_MARKS or t.tag_ == "POS"
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
        if _person_like(owner, index):
            pass
        elif owner.label == "Organization" and not _portfolio(owner):
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
            if mention.label == "Organization" and _portfolio(mention):
                words.append(_lemma(token))
                kinds.append(token)
            elif mention.label == "Country" or mention.ner_label == "DEMONYM":
                if mention.id not in countries:
                    countries.append(mention.id)
            elif mention.label == "Organization" and not _person_like(mention, index):
                if mention.id not in orgs:
                    orgs.append(mention.id)
            elif mention.label in PLACE_KINDS and mention.id not in places:
                places.append(mention.id)
            continue
        if token.lower_ in {"a", "an"}:
            indefinite = True
        if token.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} or token.lower_ in {"-", "of"}:
            words.append(_lemma(token))
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
    domain = any(t.pos_ == "NOUN" and _lemma(t) not in neutral and _lemma(t) != "of" for t in kinds[:start])
    if prop == "leaderOf" and (indefinite or qualifiers & role_words("lower")):
        prop = "memberOf"
    if occupation or qualifiers & role_words("outside"):
        countries, places = [], []
    if prop == "leaderOf" and orgs and (domain or qualifiers & role_words("branch")):
        prop = "memberOf"
    if prop == "leaderOf" and domain and not orgs:
        countries, places = [], []
    if orgs:
        targets: tuple[int, ...] = (orgs[0],)
        countries = []
    elif countries:
        targets = tuple(countries)
    else:
        targets = tuple(places[:1])
    owner_person = owner.id if owner is not None and owner.id != person and _person_like(owner, index) else None
    plural = kinds[-1].tag_ in {"NNS", "NNPS"} if kinds else False
    qualified = domain or bool(qualifiers & role_words("branch"))
    possessor = owner.id if owner is not None and owner.id in orgs else None
    return _Reading(title, prop, tuple(countries), targets, past, owner_person, plural, occupation, qualified,
                    possessor)


def _complements(noun: Token, index: MentionIndex, reading: _Reading, depth: int = 0) -> tuple[list[int], bool]:
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
                    if word == "of" and (_lemma(pobj) not in role_words("bodies")
                                         or any(c.dep_ == "poss" for c in pobj.children)):
                        field = True  # "director of studies", "president of X's assembly"; not "leader of the X gang"
                    inner = [index.at(c) for c in pobj.children if c.dep_ in {"compound", "poss", "nmod", "amod"}]
                    found += [m.id for m in inner if m is not None and _body(m, "at", reading, index)]
                    if not found and depth < 1:
                        found += _complements(pobj, index, reading, depth + 1)[0]
                    continue
                for other in (pobj, *pobj.conjuncts):
                    m = index.at(other)
                    if m is not None and _body(m, word, reading, index) and m.id not in found:
                        found.append(m.id)
        if found:
            return found, field
    return [], field


def _body(mention: Mention, prep: str, reading: _Reading, index: MentionIndex) -> bool:
    if mention.label == "Organization":
        return not _portfolio(mention) and not _person_like(mention, index)
    if reading.occupation:
        return False
    if mention.label == "Country":
        return prep in {"of", "from"}
    return mention.label in PLACE_KINDS and prep == "of" and reading.property == "leaderOf"


def _noun_reading(noun: Token, index: MentionIndex, doc_tokens: list[Token], person: int) -> _Reading | None:
    """A title noun beside the name ("X, vice chairman of Y"; "X is an analyst at Y")."""
    reading = _read_phrase([*_modifier_tokens(noun, set()), noun], index, doc_tokens, person)
    if reading is None:
        return None
    bodies, field = [], False
    for near in (noun, *noun.conjuncts):  # "co-founder and executive director of Y"
        bodies, field = _complements(near, index, reading)
        if bodies:
            break
    prop = reading.property
    if field and prop == "leaderOf":
        prop = "memberOf"  # "director of studies at Y", "president of Y's assembly"
    if bodies:
        organizations = [b for b in bodies if index.get(b).label == "Organization"]
        owner = [reading.possessor] if reading.possessor is not None else []
        if prop == "leaderOf" and organizations and reading.qualified:
            prop = "memberOf"
        targets = tuple(dict.fromkeys(owner + (organizations or bodies)))
        return replace(reading, property=prop, targets=targets, countries=())
    return replace(reading, property=prop)


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
    bodies = []
    for verb in verbs:
        if _lemma(verb) in role_words("verbs") and verb.tag_ in {"VBZ", "VBP"}:
            for obj in verb.children:
                mention = index.at(obj) if obj.dep_ == "dobj" else None
                if mention is not None and mention.label in {"Organization", "Country"} | PLACE_KINDS \
                        and not _person_like(mention, index):
                    bodies.append(mention.id)
    return bodies


def _member_of_body(head: Token, index: MentionIndex) -> list[int]:
    """ "X of the Y Alliance", "the Y Project's X": a person named with a body and no title."""
    bodies = []
    for child in head.children:
        if child.dep_ == "poss":
            mention = index.at(child)
            if mention is not None and mention.label == "Organization" and not _person_like(mention, index):
                bodies.append(mention.id)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                mention = index.at(pobj)
                if mention is None and pobj.dep_ == "pobj":
                    inner = [index.at(c) for c in pobj.children if c.dep_ == "poss"]
                    mention = next((m for m in inner if m is not None), None)
                if mention is not None and mention.label == "Organization" and not _person_like(mention, index) \
                        and not _portfolio(mention):
                    bodies.append(mention.id)
    return bodies


def find_roles(doc_tokens: list[Token], index: MentionIndex, known: KnownEntities) -> list[Role]:
    """Every role the text gives a Person mention."""
    found: list[Role] = []
    owed: list[tuple[int, _Reading, int, str]] = []  # posts held under a person ("Zelenskyy's chief of staff")
    for mention in index.mentions:
        if mention.id not in index.head_token or mention.label not in {"Person", "Organization"}:
            continue
        head = doc_tokens[index.head_token[mention.id]]
        own = {i for i in range(head.i - 2 * len(mention.text.split()) - 2, head.i + 1)
               if index.by_token.get(i) == mention.id}
        readings: list[tuple[_Reading, str]] = []
        modifiers = _modifier_tokens(head, own)
        reading = _read_phrase(modifiers, index, doc_tokens, mention.id) if modifiers else None
        if reading is not None:
            readings.append((reading, "kg.role.title.v1"))
        listed = any(index.at(c) is not None for c in head.children if c.dep_ == "conj")
        for noun, rule in _title_nouns(head, index, plural=listed):
            if readings and noun.i < head.i and head.dep_ == "appos":
                continue  # "Foreign Minister A; Defense Minister B": B's own title, not A's
            reading = _noun_reading(noun, index, doc_tokens, mention.id)
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
                shared = _read_phrase(_modifier_tokens(first, first_own), index, doc_tokens, first_mention.id)
                if shared is not None and (shared.plural or len(shared.countries) > 1):
                    readings.append((shared, "kg.role.title.v1"))
                for noun, rule in _title_nouns(first, index, plural=True):
                    shared = _noun_reading(noun, index, doc_tokens, first_mention.id)
                    if shared is not None and noun.tag_ in {"NNS", "NNPS"}:
                        readings.append((shared, "kg.role.list.v1"))
                distributed_from = first
        if mention.label == "Person" and mention.ner_label not in NOT_PEOPLE:
            readings += [(_Reading("head", "leaderOf", (), (b,), False), "kg.role.verb.v1")
                         for b in _verb_roles(head, index)]
            if not readings:
                readings += [(_Reading("member", "memberOf", (), (b,), False), "kg.role.of.v1")
                             for b in _member_of_body(head, index)]
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
                if target is None and reading.owner_person is not None:
                    continue
                country_name = index.get(target).text if target is not None else None
                found.append(Role(mention.id, reading.title, prop, target, country_name, head.i, rule))
                emitted = True
            if reading.owner_person is not None and not reading.occupation:
                owed.append((mention.id, reading, head.i, rule))
        if not emitted and any(not r.past for r, _ in readings):
            reading, rule = next((r, ru) for r, ru in readings if not r.past)
            found.append(Role(mention.id, reading.title, reading.property, None, None, head.i, rule))
    found += _under_a_person(owed, found, index)
    return _share_the_body(_unique(found), doc_tokens, index)


def _targets(reading: _Reading, person: int, first: Token, index: MentionIndex) -> list[int | None]:
    """Where the post is held; several demonyms go with several names, in order."""
    if len(reading.countries) > 1 and list(reading.targets) == list(reading.countries):
        conjuncts = _person_conjuncts(first, index)
        if len(conjuncts) == len(reading.countries) and person in conjuncts:
            return [reading.countries[conjuncts.index(person)]]
        return [None]
    return list(reading.targets) or [None]


def _under_a_person(owed: list[tuple[int, _Reading, int, str]], found: list[Role],
                    index: MentionIndex) -> list[Role]:
    """ "Erdogan's communication chief, X": X holds a post in what Erdogan heads, when the
    article says what that is (one body only)."""
    roles = []
    for person, reading, token, rule in owed:
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


def _its_owner(its: Token, doc_tokens: list[Token], index: MentionIndex, person: int) -> Mention | None:
    """ "Velmora said its chief executive, Ines Korhonen, …": the organization or country that
    "its" stands for is the nearest one named before it in the sentence."""
    sentence = its.sent
    for i in range(its.i - 1, sentence.start - 1, -1):
        found = index.at(doc_tokens[i])
        if found is not None and found.id != person and found.label in {"Organization", "Country"}:
            return found
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
