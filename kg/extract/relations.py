"""Relations from the dependency parse, driven by the lexicon data file.

Small rules over a parsed sentence:

- ``kg.svo.v1``        a lexicon verb, its subjects and its objects
                       ("France and Belgium pledged to develop their PNR database")
- ``kg.reciprocal.v1`` coordinated subjects of a symmetric verb relate to each
                       other ("Christodoulides and Meloni met")
- ``kg.nominal.v1``    nominalisations: "talks between X and Y", "X's meeting
                       with Y", "their cooperation" said of two parties
- ``kg.participle.v1`` a participial opener: "Meeting in Brussels, X and Y ..."

Negation ("did not meet", "declined to meet") and modality ("might meet",
"would host") are kept on the relation, so no direct triple is asserted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..dates import resolve_date
from ..model import Evidence, RelationMention
from ..resources import lexicon
from ..vocab import agent_classes, concept_range_properties, symmetric_properties
from .concepts import concept_phrase
from .mentions import MentionIndex
from .refs import CONFIDENCE, References
from .tokens import sent_of, tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["VerbRule", "find_relations", "verb_rules"]

CONCEPT_RANGE = concept_range_properties()  # as newskg.ttl declares: pledges, callsFor, demands ...
ENTITY_KINDS = frozenset(agent_classes())


@dataclass(frozen=True)
class VerbRule:
    lemmas: frozenset[str]
    property: str
    objects: tuple[str, ...]
    particle: str | None = None
    nouns: frozenset[str] = frozenset()
    reciprocal: bool = False
    object_kinds: frozenset[str] = frozenset()  # empty: any party
    possessor: bool = False  # "condemned Russia's invasion" -> Russia
    addressee: frozenset[str] = frozenset()  # "sought aid from X": a call only when someone is asked
    complement: frozenset[str] = frozenset()  # "called X reckless": the verb counts only with one of these


@cache
def verb_rules() -> dict[str, tuple[VerbRule, ...]]:
    table: dict[str, list[VerbRule]] = {}
    for entry in lexicon()["verb"]:
        rule = VerbRule(
            lemmas=frozenset(entry["lemmas"]),
            property=entry["property"],
            objects=tuple(entry.get("objects", ["dobj"])),
            particle=entry.get("particle"),
            nouns=frozenset(entry.get("nouns", [])),
            reciprocal=bool(entry.get("reciprocal", False)),
            object_kinds=frozenset(entry.get("object_kinds", [])),
            possessor=bool(entry.get("possessor", False)),
            addressee=frozenset(entry.get("addressee", [])),
            complement=frozenset(entry.get("complement", [])),
        )
        for lemma in rule.lemmas:
            table.setdefault(lemma, []).append(rule)
    return {lemma: tuple(rules) for lemma, rules in table.items()}


@cache
def noun_rules() -> dict[str, tuple[str, frozenset[str]]]:
    table = {}
    for entry in lexicon()["noun"]:
        for lemma in entry["lemmas"]:
            table[lemma] = (entry["property"], frozenset(entry["preps"]))
    return table


@cache
def _modality() -> dict[str, Any]:
    data = lexicon()["modality"]
    return {key: frozenset(value) for key, value in data.items()}


@cache
def _object_control() -> frozenset[str]:
    return frozenset(lexicon()["grammar"]["object_control"])


@cache
def _generic_objects() -> frozenset[str]:
    return frozenset(lexicon()["concepts"]["generic_objects"])


def is_generic(token: Token) -> bool:
    """A word that is never the thing pledged, demanded or called for on its own:
    a pronoun, a date, a bare amount or unit, a generic noun ("comment", "demands")."""
    if token.pos_ == "PRON" or token.ent_type_ in {"DATE", "TIME"}:
        return True
    if token.pos_ == "NUM" and token.ent_type_ not in {"MONEY", "QUANTITY"}:
        return True  # "$11 million" is a provision; "two" alone is nothing
    if token.lemma_.lower() in _generic_objects() or token.lower_ in _generic_objects():
        return not any(c.dep_ in {"prep", "compound", "amod", "acl", "relcl", "nummod", "quantmod"}
                       for c in token.children)
    return False


# -- grammar helpers -----------------------------------------------------------


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token: Token, prep_word: str) -> list[Token]:
    found = []
    for prep in token.children:
        if prep.dep_ in {"prep", "agent", "dative", "prt"} and prep.lower_ == prep_word:
            found.extend(_children(prep, "pobj"))
    return found


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The tokens that do the action of ``verb``, climbing to the clause that has them."""
    if depth > 6:
        return []
    if _is_passive(verb):
        return _pobjs(verb, "by")
    found = [s for t in _children(verb, "nsubj") for s in _past_label(t)]
    if found and verb.dep_ == "relcl" and found[0].lower_ in {"who", "which", "that"}:
        return [verb.head]  # "Orban, who met Xi": the relative pronoun stands for its antecedent
    if found:
        return found
    if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "conj" and head.pos_ not in {"VERB", "AUX"}:
            return []
        # Object control: "urged Greece to act" — Greece acts.
        if verb.dep_ == "xcomp" and _children(head, "dobj") and head.lemma_ in _object_control():
            return _children(head, "dobj")
        return subjects(head, depth + 1)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        return subjects(verb.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
        # "led the group in calling on X to act": the group's leaders call.
        return subjects(verb.head.head, depth + 1)
    if verb.dep_ in {"relcl", "acl"}:
        return [verb.head]
    return []


def _past_label(token: Token) -> list[Token]:
    """"VOA: Putin visited China": a name opening its line with a colon labels who speaks
    (an interview transcript); the clause's subject is what follows the colon, if anything."""
    doc = token.doc
    if token.i + 1 >= len(doc) or doc[token.i + 1].text != ":" or token.i != token.left_edge.i:
        return [token]
    start = sent_of(token).start
    if any(not t.is_space and not t.is_punct for t in doc[start:token.i]):
        return [token]
    return [c for c in token.children if c.dep_ == "appos" and c.i > token.i + 1]


def _forms(token: Token) -> set[str]:
    """The lemma and the stems of the word itself: the lemmatizer reads "hopes" as "hop"."""
    word = token.lower_
    forms = {token.lemma_.lower(), word}
    for ending, back in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms.add(word[: -len(ending)] + back)
    return forms


def modality(verb: Token) -> tuple[bool, bool]:
    """(negated, hypothetical) for the event of ``verb``."""
    table = _modality()
    negated = hypothetical = False
    token: Token | None = verb
    steps = 0
    while token is not None and steps < 6:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in table["negations"]):
                negated = True
            if child.dep_ == "aux" and child.lower_ in table["modals"]:
                hypothetical = True
            if child.dep_ == "mark" and child.lower_ in table["conditional_marks"]:
                hypothetical = True
            if child.dep_ == "prep" and child.lower_ == "in" and any(
                    p.dep_ == "pobj" and p.lemma_.lower() in table["bargain_nouns"] for p in child.children):
                hypothetical = True  # "in return for the weapons, X seeks Y": a bargain
        if token is not verb:
            forms = _forms(token)
            if forms & table["negating_verbs"]:
                negated = True
            if forms & table["hypothetical_verbs"]:
                hypothetical = True
        head = token.head
        if token.dep_ == "pcomp" and (head.lower_ in table["negating_preps"] or any(
                w.lower_ in table["negating_preps"] for w in (head.head, *head.children))):
            negated = True  # "instead of calling for", "without meeting"
        if token.dep_ == "xcomp" and head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                                 for c in token.children):
            hypothetical = True  # "X is to visit Y"
        if token.dep_ in {"xcomp", "conj", "acomp", "ccomp"} and head.i != token.i:
            token = head
        elif token.dep_ in {"acl", "relcl"} and head.lemma_.lower() in table["report_nouns"]:
            hypothetical = True  # "claims that X met Y": only reported
            token = head.head if head.dep_ in {"dobj", "pobj", "nsubj"} else None
        elif token.dep_ in {"dobj", "pobj", "prep"} and steps == 0:
            token = head
        elif token.dep_ == "pcomp" and head.dep_ == "prep" and steps == 0:
            token = head
        else:
            token = None
        steps += 1
    return negated, hypothetical


def _when_where(verb: Token, index: MentionIndex, ref_date: dt.date | None) -> tuple[str | None, int | None]:
    date: str | None = None
    place: int | None = None
    anchors = [verb]
    if verb.dep_ in {"conj", "xcomp"}:
        anchors.append(verb.head)
    # "met Pope Francis in Rome": the parser often hangs the place on the object.
    anchors.extend(_children(verb, "dobj"))
    for anchor in anchors:
        for prep in anchor.children:
            if prep.dep_ == "npadvmod" and prep.ent_type_ == "DATE" and date is None:
                resolved = resolve_date(prep.text, ref_date)
                date = resolved.isoformat() if resolved else None
            if prep.dep_ != "prep":
                continue
            for pobj in _children(prep, "pobj"):
                if pobj.ent_type_ in {"DATE"} and date is None:
                    phrase = "".join(t.text_with_ws for t in pobj.subtree)
                    resolved = resolve_date(phrase, ref_date)
                    date = resolved.isoformat() if resolved else None
                mention = index.at(pobj)
                if (prep.lower_ in {"in", "at"} and mention is not None and place is None
                        and mention.label in {"Place", "City", "Country"}):
                    place = mention.id
    return date, place


# -- the extractor -------------------------------------------------------------


class RelationFinder:
    def __init__(self, doc: Doc, index: MentionIndex, refs: References, original_text: str,
                 ref_date: dt.date | None):
        self.doc = doc
        self.index = index
        self.refs = refs
        self.text = original_text
        self.ref_date = ref_date
        self.concept_aliases: list[tuple[str, str]] = []
        self.audience = _audience(doc, index)

    # Evidence: the sentence, and the span from the first to the last word used.
    def _evidence(self, tokens: list[Token], rule: str, how: str) -> Evidence:
        sent: Span = sent_of(tokens[0])
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t.text) for t in tokens)
        sentence = " ".join(self.text[sent.start_char:sent.end_char].split())
        return Evidence(sentence=sentence, start=start, end=end, rule=rule,
                        confidence=CONFIDENCE.get(how, 0.6))

    def _objects(self, verb: Token, rule: VerbRule, light_noun: Token | None) -> list[tuple[str, Token]]:
        """("entity", token) or ("concept", head token) for each object the rule finds."""
        found: list[tuple[str, Token]] = []
        for mode in rule.objects:
            tokens: list[Token] = []
            kind = "concept" if rule.property in CONCEPT_RANGE else "entity"
            if mode == "dobj":
                tokens = [t for t in _children(verb, "dobj") if t is not light_noun]
            elif mode == "dobj-unless-agent":
                objs = _children(verb, "dobj")
                if objs and self.index.at(objs[0]) is None:
                    tokens = objs
            elif mode.startswith("prep:"):
                tokens = _pobjs(verb, mode[5:])
            elif mode.startswith("noun-prep:") and light_noun is not None:
                tokens = _pobjs(light_noun, mode[10:])
            elif mode in {"xcomp", "xcomp-verb", "ccomp", "ccomp-will"}:
                for clause in _clauses(verb, mode):
                    clause = _pressed_act(clause)
                    either = any(c.dep_ == "cc" and c.lower_ in {"or", "nor"} for c in clause.children)
                    # "accept the ceasefire or face sanctions": the alternative is a threat.
                    others = [] if either else [c for c in clause.conjuncts if c.lemma_ not in verb_rules()]
                    tokens.extend(m for m in (clause, *others) if m.pos_ in {"VERB", "AUX"})
                kind = "concept"
            for token in tokens:
                if kind == "entity":
                    party = self._party(token, rule)
                    if party is None:
                        continue
                    token = party
                found.append((kind, token))
            if found:
                break
        return found

    def _party(self, token: Token, rule: VerbRule) -> Token | None:
        """The token standing for the other party, or None when the rule does not take it."""
        mention = self.index.at(token)
        if mention is None and rule.possessor:
            owner = next((c for c in token.children if c.dep_ == "poss" and self.index.at(c) is not None), None)
            if owner is not None:
                return owner
        if rule.object_kinds and mention is not None and mention.label not in rule.object_kinds:
            return None
        return token

    def _relations_for(self, verb: Token, actor_tokens: list[Token], rule: VerbRule,
                       objects: list[tuple[str, Token]], rule_name: str) -> Iterator[RelationMention]:
        actors = self.refs.actors(actor_tokens, for_state=True)
        if not actors:
            return
        negated, hypothetical = modality(verb)
        date, place = _when_where(verb, self.index, self.ref_date)
        made = False
        for kind, obj in objects:
            if kind == "concept":
                if obj.pos_ in {"VERB", "AUX"}:
                    label, whole = self._verb_phrase(obj)
                elif is_generic(obj):
                    continue
                else:
                    label, aliases, whole = concept_phrase(obj)
                    self.concept_aliases.extend(aliases)
                if not label:
                    continue
                for actor, how in actors:
                    ev = self._evidence([actor_token(self, actor, verb), verb, obj], rule_name, how)
                    # A thing cut from what restricts it is kept as a statement only.
                    yield RelationMention(actor, rule.property, None, label, ev, negated,
                                          hypothetical or not whole, date, place)
                    made = True
                # Their cooperation, said of two parties, is cooperation between them.
                thing = next(iter(_children(obj, "dobj")), obj) if obj.pos_ in {"VERB", "AUX"} else obj
                yield from self._nominal_between(thing, actors, verb, negated, hypothetical, date, place)
            else:
                for target, target_how in self.refs.actors([obj], for_state=rule.possessor):
                    if not self._is_entity(target) or self._interviewer(rule.property, target):
                        continue
                    for actor, how in actors:
                        if actor == target:
                            continue
                        weaker = how if CONFIDENCE.get(how, 0) < CONFIDENCE.get(target_how, 0) else target_how
                        ev = self._evidence([actor_token(self, actor, verb), verb, obj], rule_name, weaker)
                        yield RelationMention(actor, rule.property, target, None, ev, negated,
                                              hypothetical, date, place)
                        made = True
        if not made and rule.reciprocal and len(actors) >= 2:
            yield from self._pairwise(actors, rule.property, verb, negated, hypothetical, date, place,
                                      "kg.reciprocal.v1")

    def _pairwise(self, actors: list[tuple[int, str]], prop: str, verb: Token, negated: bool,
                  hypothetical: bool, date: str | None, place: int | None, rule_name: str
                  ) -> Iterator[RelationMention]:
        entities = [(a, how) for a, how in actors if self._is_entity(a) and not self._interviewer(prop, a)]
        for i, (left, how_left) in enumerate(entities):
            for right, how_right in entities[i + 1:]:
                if self.index.get(left).text == self.index.get(right).text:
                    continue
                weaker = how_left if CONFIDENCE.get(how_left, 0) < CONFIDENCE.get(how_right, 0) else how_right
                ev = self._evidence([actor_token(self, left, verb), verb, actor_token(self, right, verb)],
                                    rule_name, weaker)
                yield RelationMention(left, prop, right, None, ev, negated, hypothetical, date, place)

    def _nominal_between(self, noun: Token, actors: list[tuple[int, str]], verb: Token, negated: bool,
                         hypothetical: bool, date: str | None, place: int | None
                         ) -> Iterator[RelationMention]:
        entry = noun_rules().get(noun.lemma_.lower())
        if entry is None or entry[0] not in symmetric_properties() or len(actors) < 2:
            return
        if _pobjs(noun, "with") or _pobjs(noun, "between"):
            return  # the nominal rule handles explicit partners
        yield from self._pairwise(actors, entry[0], verb, negated, hypothetical, date, place,
                                  "kg.nominal.v1")

    def _verb_phrase(self, verb: Token) -> tuple[str, bool]:
        """"block the reform": a pledged or demanded act keeps its verb; and whether the
        phrase is whole (see ``concept_phrase``)."""
        objs = _children(verb, "dobj") or [p for prep in _children(verb, "prep") for p in _children(prep, "pobj")][:1]
        if not objs:
            # "cooperate in building a new parliament": the act is the building.
            inner = [p for prep in _children(verb, "prep") for p in _children(prep, "pcomp")][:1]
            return self._verb_phrase(inner[0]) if inner else ("", True)
        if is_generic(objs[0]):
            return "", True
        label, aliases, whole = concept_phrase(objs[0])
        self.concept_aliases.extend(aliases)
        if not label:
            return "", whole
        # The words as written when they run on from the verb ("lift the blockade"),
        # else the verb's lemma before the object's label ("develop national PNR database").
        text = self.text
        # "vowed not to return": what is pledged is not returning.
        negation = "not " if any(c.dep_ == "neg" for c in verb.children) else ""
        found = text.find(label, verb.idx, sent_of(verb).end_char)
        gap = text[verb.idx + len(verb.text):found] if found >= 0 else ""
        if found >= 0 and len(gap.split()) <= 3 and not any(ch in gap for ch in ',;:"“”()'):
            return negation + " ".join(text[verb.idx:found + len(label)].split()), whole
        return f"{negation}{verb.lemma_.lower()} {label}", whole

    def _interviewer(self, prop: str, mention_id: int) -> bool:
        """An outlet the article quotes people to ("told KTV") never takes part in a meeting."""
        return prop == "meets" and self.index.get(mention_id).text in self.audience

    def _is_entity(self, mention_id: int) -> bool:
        mention = self.index.get(mention_id)
        return mention.label in ENTITY_KINDS

    # -- rules ------------------------------------------------------------------

    def verbs(self) -> Iterator[RelationMention]:
        rules = verb_rules()
        for token in tokens_of(self.doc):
            if token.pos_ not in {"VERB", "AUX", "NOUN"}:
                continue
            lemma = token.lemma_.lower()
            candidates = rules.get(lemma, ())
            if token.pos_ == "NOUN":
                if token.i == sent_of(token).start or token.doc[token.i - 1].is_space:
                    yield from self._participle(token)
                continue
            for rule in candidates:
                light_noun = None
                if rule.nouns:
                    light_noun = next((c for c in _light_candidates(token)
                                       if c.lemma_.lower() in rule.nouns or c.lower_ in rule.nouns), None)
                    if light_noun is None:
                        continue
                if rule.particle and not _has_particle(token, rule):
                    continue
                if rule.addressee and not _addressed(token, rule.addressee):
                    continue
                if rule.complement and not _has_complement(token, rule.complement):
                    continue
                actor_tokens = subjects(token)
                objects = self._objects(token, rule, light_noun)
                if _is_passive(token) and not objects and rule.property not in CONCEPT_RANGE:
                    # "Belgium was criticised by X": the passive subject is the object.
                    objects = [("entity", t) for t in _children(token, "nsubjpass")]
                yield from self._relations_for(token, actor_tokens, rule, objects, "kg.svo.v1")
                break

    def _participle(self, token: Token) -> Iterator[RelationMention]:
        """"Meeting in Brussels, X and Y ...": the parser often reads the -ing word as a noun."""
        word = token.lower_
        if not word.endswith("ing"):
            return
        stem = word[:-3]
        rules = verb_rules()
        rule = next((r for cand in (stem, stem + "e", stem[:-1]) for r in rules.get(cand, ())
                     if r.reciprocal and not r.nouns and not r.particle), None)
        if rule is None:
            return
        sent = sent_of(token)
        comma = next((t for t in sent if t.i > token.i and t.text == ","), None)
        root = sent.root
        if comma is None or root.i <= comma.i:
            return
        people = [(t, found) for t in self.doc[comma.i + 1: root.i]
                  if (found := self.index.at(t)) is not None and found.label == "Person" and t.dep_ != "compound"]
        actor_tokens = [t for t, _ in people]
        actors = self.refs.actors(actor_tokens[:1]) if actor_tokens else []
        actors = list(dict.fromkeys(actors + [(mention.id, "name") for _, mention in people]))
        if len(actors) >= 2:
            negated, hypothetical = modality(root)
            date, place = _when_where(token, self.index, self.ref_date)
            yield from self._pairwise(actors, rule.property, token, negated, hypothetical, date,
                                      place, "kg.participle.v1")

    def nouns(self) -> Iterator[RelationMention]:
        """"talks between X and Y", "X's meeting with Y", "criticism of X"."""
        table = noun_rules()
        for token in tokens_of(self.doc):
            if token.pos_ not in {"NOUN", "PROPN"}:
                continue
            entry = table.get(token.lemma_.lower()) or table.get(token.lower_)
            if entry is None:
                continue
            prop, preps = entry
            governor = token.head if token.dep_ in {"dobj", "pobj", "attr", "nsubj"} else token
            if governor.dep_ == "prep":
                governor = governor.head
            negated, hypothetical = modality(governor)
            date, place = _when_where(governor if governor.pos_ in {"VERB", "AUX"} else token,
                                      self.index, self.ref_date)
            if "between" in preps and _pobjs(token, "between"):
                parties = self.refs.actors(_pobjs(token, "between"))
                yield from self._pairwise(parties, prop, token, negated, hypothetical, date, place,
                                          "kg.nominal.v1")
                continue
            partners = [p for w in preps - {"between"} for p in _pobjs(token, w)]
            if not partners:
                continue
            owners = _children(token, "poss")
            if not owners and governor is not token and governor.pos_ in {"VERB", "AUX"}:
                if governor.lemma_.lower() in verb_rules():
                    continue  # the verb rule reads this one
                owners = subjects(governor)
            actors = self.refs.actors(owners)
            targets = self.refs.actors(partners)
            for actor, how in actors:
                for target, _ in targets:
                    if actor != target and self._is_entity(actor) and self._is_entity(target):
                        ev = self._evidence([actor_token(self, actor, token), token], "kg.nominal.v1", how)
                        yield RelationMention(actor, prop, target, None, ev, negated, hypothetical,
                                              date, place)


def _has_complement(verb: Token, words: frozenset[str]) -> bool:
    """"called Ford's comments “egregious and insulting”", "branded the plan a disgrace": the
    predicate said of the object is one of ``words``."""
    said = [c for c in verb.children if c.dep_ in {"oprd", "acomp"}]
    # The small parser often hangs it on the object as an adjective after it ("comments egregious").
    said += [a for o in verb.children if o.dep_ == "dobj" for a in o.children if a.dep_ == "amod" and a.i > o.i]
    said += [c for c in said for c in c.conjuncts]
    return any(c.lemma_.lower() in words or c.lower_ in words for c in said)


def _has_particle(verb: Token, rule: VerbRule) -> bool:
    """"called for", "insisted on"; "dismissed X's response as ..." also hangs it on the object."""
    word = rule.particle
    if _pobjs(verb, word or "") or any(c.dep_ == "prt" and c.lower_ == word for c in verb.children):
        return True
    return "dobj" in rule.objects and any(
        prep.dep_ == "prep" and prep.lower_ == word for obj in _children(verb, "dobj") for prep in obj.children)


def _audience(doc: Doc, index: MentionIndex) -> frozenset[str]:
    """Organizations the article's speakers talk to: the one told ("told KTV", "said to KTV")
    and the interviewer ("in an interview with KTV"). Outlets, not parties."""
    speech = lexicon()["speech"]
    verbs, nouns = frozenset(speech["verbs"]), frozenset(speech.get("interview_nouns", []))
    found = set()
    for token in tokens_of(doc):
        mention = index.at(token)
        if mention is None or mention.label != "Organization":
            continue
        head = token.head
        if token.dep_ in {"dobj", "dative"} and head.lemma_.lower() in verbs and head.pos_ in {"VERB", "AUX"}:
            found.add(mention.text)
        elif token.dep_ == "pobj" and head.lower_ in {"with", "to"} and (
                head.head.lemma_.lower() in nouns or head.head.lemma_.lower() in verbs):
            found.add(mention.text)
    return frozenset(found)


def _addressed(verb: Token, preps: frozenset[str]) -> bool:
    """"sought aid from Ostland": the one asked is named, on the verb or its object."""
    return any(prep.dep_ in {"prep", "dative"} and prep.lower_ in preps
               for holder in (verb, *_children(verb, "dobj")) for prep in holder.children)


def _clauses(verb: Token, mode: str) -> list[Token]:
    """Clauses that carry the act: "pledged to build" (xcomp), "demanded that Ottawa drop"
    (ccomp with "that"), "announced that it would invest" (ccomp-will: a promise only
    when the clause says will/would)."""
    if mode == "xcomp":
        return _children(verb, "xcomp")
    if mode == "xcomp-verb":
        return _children(verb, "xcomp", "ccomp")
    found = []
    for clause in _children(verb, "ccomp"):
        members = (clause, *[c for c in clause.conjuncts if c.dep_ == "conj"])
        for member in members:
            auxes = {c.lower_ for c in member.children if c.dep_ == "aux"}
            if mode == "ccomp-will" and not _promised(member, auxes):
                continue
            if mode == "ccomp" and not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                continue
            found.append(member)
    return found


def _promised(clause: Token, auxes: set[str]) -> bool:
    """"announced that it would invest": will/would, an active verb that is not "be",
    and a party (a pronoun or a name) doing it, not "the exam would be revamped"."""
    if not auxes & {"will", "would", "'ll"} or clause.lemma_ in {"be", "have"}:
        return False
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in clause.children):
        return False
    doers = _children(clause, "nsubj") or (_children(clause.head, "nsubj") if clause.dep_ == "conj" else [])
    return any(d.pos_ in {"PRON", "PROPN"} for d in doers)


def _light_candidates(verb: Token) -> list[Token]:
    """Direct objects, and what they count: "held hours of talks with X"."""
    found = []
    for obj in _children(verb, "dobj"):
        found.append(obj)
        found.extend(_pobjs(obj, "of"))
    return found


def _pressed_act(clause: Token) -> Token:
    """"urged the council to press the parties to remove obstacles": the act called for is
    removing obstacles; each pressing verb passes the call on to its own clause."""
    for _ in range(3):
        if clause.lemma_.lower() not in _object_control() or not _children(clause, "dobj"):
            break
        inner = next((c for c in clause.children if c.dep_ in {"xcomp", "advcl"}
                      and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if inner is None:
            break
        clause = inner
    return clause


def actor_token(finder: RelationFinder, mention_id: int, near: Token) -> Token:
    """A token of the mention for evidence offsets; ``near`` when it is outside the sentence."""
    head = finder.index.head_token.get(mention_id)
    if head is None:
        return near
    token = finder.doc[head]
    return token if sent_of(token).start == sent_of(near).start else near


def find_relations(doc: Doc, index: MentionIndex, refs: References, original_text: str,
                   ref_date: dt.date | None) -> tuple[list[RelationMention], list[tuple[str, str]]]:
    finder = RelationFinder(doc, index, refs, original_text, ref_date)
    found = list(finder.verbs()) + list(finder.nouns())
    return found, finder.concept_aliases
