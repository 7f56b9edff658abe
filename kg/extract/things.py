"""Names of things that are not agents: products, vehicles, works and events.

GUIDELINES: a chatbot, a train, a film or a storm is not an entity, however the tagger
labelled its name. The evidence is the head noun the name stands beside ("the chatbot X",
"a website called X", "X, a cross-country train", "X is the third cyclone"), an event's
first word ("Cyclone X"), the occasion after it ("the X address"), a verb that takes
products ("launched X"), people on board ("X, with 300 people on board") or a determiner no
named individual takes ("every X"). The same head nouns, when they name people or
companies, type the name (``noun_kind``). The noun lists are names.toml's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..resources import names
from .titles import title_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["drop_things", "echo_names", "head_nouns", "is_thing", "noun_kind"]

THING_NOUNS = ("product_nouns", "vehicle_nouns", "work_nouns", "event_nouns")


def head_nouns(span: Span) -> list[Token]:
    """The common nouns that say what the name ``span`` is, nearest evidence first.

    An apposition ("X, a shipyard"; "the carmaker X"), a compound in front ("online
    retailers X"), the noun of "a website called X", a copula's complement ("X is the
    largest retailer"), and for a list ("retailers X and Y") the plural noun of its first name.
    """
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end and (
        not _nearer_name(root, span.end, c.i) or noun_kind(c) == "Person")]
    if root.dep_ == "appos" and root.head.i < span.start:
        nouns.append(root.head)
    before = [c for c in root.children if c.dep_ == "compound" and c.i < span.start]
    nouns += sorted(before, key=lambda c: -c.i)  # the nearest ("train driver X": driver)
    head = root.head
    if root.dep_ in {"oprd", "dobj", "attr", "xcomp", "appos"} and head.lemma_.lower() in names()["naming_verbs"]:
        if head.dep_ == "acl" and head.head.i < head.i:
            nouns.append(head.head)  # "a website called X"
        nouns += [c for c in head.children if c.dep_ == "nsubjpass" and c.pos_ == "NOUN"]  # "the ship was named X"
    if root.dep_ == "nsubj" and head.lemma_ == "be" and not any(c.dep_ == "conj" for c in root.children):
        # "X is a retailer"; not "X and Y are the leaders in video" (a figure of speech)
        nouns += [c for c in head.children if c.dep_ == "attr" and c.pos_ == "NOUN" and c.tag_ == "NN"]
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].pos_ == "NOUN" and doc[span.start - 1].is_lower:
        previous = doc[span.start - 1]  # "The carmaker Zolvane unveiled": the parser made them two subjects
        if previous.head == head and previous.dep_ == root.dep_ and previous not in nouns:
            nouns.append(previous)
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head  # "online retailers X and Y": Y is what X is, when the noun is plural
        if first.pos_ != "PROPN":
            break
        if first.i > 0 and doc[first.i - 1].tag_ == "NNS" and doc[first.i - 1].is_lower:
            nouns.append(doc[first.i - 1])  # "game and online retailers X and Y": the list's own noun
            break
    if first is not root:
        nouns += [c for c in first.children if c.dep_ == "compound" and c.i < first.i and c.tag_ == "NNS"]
        if first.dep_ == "appos" and first.head.i < first.i and first.head.tag_ == "NNS":
            nouns.append(first.head)
    return nouns


def _nearer_name(root: Token, start: int, end: int) -> bool:
    """ "X of the Foreign Policy Institute, a think tank": a name between X and its apposition,
    which then says what that name is, unless it names a person ("X of Oslo, a teacher")."""
    return any(c.dep_ == "prep" and start <= c.i < end and any(
        t.pos_ == "PROPN" for t in c.subtree if t.i < end) for c in root.children)


def noun_kind(noun: Token) -> str | None:
    """What a head noun says its name is: "Person", "Organization", "Place", "thing" or None.

    The word in front of it is read with it first: "aircraft carrier", "think tank".
    """
    lists = names()
    lemma = noun.lemma_.lower()
    previous = noun.doc[noun.i - 1] if noun.i > 0 else None  # whatever the parser made of it
    candidates = [lemma]
    if previous is not None and previous.is_alpha and previous.is_lower:
        candidates[:0] = [f"{previous.lower_} {lemma}", f"{previous.lemma_.lower()} {lemma}"]
    for word in candidates:
        if word in lists["person_nouns"] or (" " not in word and title_of([word]) is not None):
            return "Person"
        if word in lists["organization_nouns"]:
            return "Organization"
        if any(word in lists.get(key, ()) for key in THING_NOUNS):
            return "thing"
    if lemma in lists["place_heads"] and noun.dep_ != "compound":
        return "Place"  # "X, a town near the border"
    return None


def _organization_form(words: list[str]) -> bool:
    """ "Velmar Institute", "KVT": the name itself says organization; no context overrules it."""
    heads = names()["organization_heads"]
    return any(w.lower() in heads or (len(w) > 1 and w.isupper() and "." not in w) for w in words)


def _starts_event(span: Span, words: list[str]) -> bool:
    """ "Cyclone X", "Tropical Storm X", also when the tagger left the first words out."""
    first = names()["event_first_words"]
    lower = [w.lower() for w in words]
    if len(words) > 1 and (lower[0] in first or (len(words) > 2 and " ".join(lower[:2]) in first)):
        return True
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].text[:1].isupper() and doc[span.start - 1].lower_ in first


def _occasion_after(span: Span) -> bool:
    """ "his State of the Union address": the name of a spoken occasion, in front of its noun."""
    for noun in (span.root, span[-1]):  # "State of the Union" ends in the compound of "address"
        while noun.dep_ in {"compound", "nmod"} and noun.head.i > noun.i:
            noun = noun.head
        if noun.i >= span.end and noun.is_lower and noun.lemma_.lower() in names()["occasion_nouns"]:
            return True
    return False


def _model_name(span: Span) -> bool:
    """ "Patriot missiles", "Kestrel drones": a name before a plural product or vehicle noun."""
    noun = span[-1]
    while noun.dep_ == "compound" and noun.head.i > noun.i:
        noun = noun.head
    lists = names()
    return noun.i >= span.end and noun.tag_ == "NNS" and noun.is_lower and (
        noun.lemma_.lower() in lists["product_nouns"] or noun.lemma_.lower() in lists["vehicle_nouns"])


def _product_object(span: Span) -> bool:
    """ "Halvorn launched Pellio Bot"; not "unveiled X as its candidate"."""
    root = span.root
    verb = root.head
    return (root.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() in names()["product_verbs"]
            and not any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children))


def _carries_people(span: Span) -> bool:
    """ "passengers aboard the X"; "X, with 300 people on board"."""
    root = span.root
    prepositions = names()["vehicle_prepositions"]
    if root.dep_ == "pobj" and (root.head.lower_ in prepositions or (
            root.head.lower_ == "board" and root.head.i > 0 and root.doc[root.head.i - 1].lower_ == "on")):
        return True
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "with" and child.i >= span.end:
            if any((t.lower_ == "board" and t.head.lower_ == "on") or t.lower_ in prepositions - {"on board"}
                   for t in child.subtree):
                return True
    return False


def _field_of_study(span: Span) -> bool:
    """ "assistant professor in Modern Chinese Studies", "a degree in Political Science": a
    field, not a body (a body's own form, "the Department of X", is kept before this)."""
    root = span.root
    prep = root.head
    return (root.dep_ == "pobj" and prep.lower_ == "in"
            and prep.head.lemma_.lower() in names()["study_nouns"])


def _generic(span: Span) -> bool:
    """ "every Rasta has to keep dreadlocks": a kind of person, not a named one."""
    return len(span) == 1 and any(c.dep_ == "det" and c.lower_ in names()["generic_determiners"]
                                  for c in span[0].children)


def is_thing(span: Span, words: list[str], kind: str) -> bool:
    """Does the evidence say the name ``span`` (typed ``kind`` so far) is a product, vehicle,
    work or event rather than an agent? An organization's form ("Velmar Institute") and a
    head noun naming a person or company ("a singer", "the carmaker") say no."""
    if kind == "Organization" and _occasion_after(span):
        return True
    if len(words) > 1 and words[-1].lower() in names()["event_heads"]:
        return True  # "G-7 Summit", "Malabar Joint Maritime Exercise"
    if _organization_form(words):
        return False
    if _starts_event(span, words) or _field_of_study(span):
        return True
    for noun in head_nouns(span):
        said = noun_kind(noun)
        if said is not None:
            return said == "thing"
    if kind in {"Person", "Organization"} and (_product_object(span) or _generic(span)):
        return True
    if kind == "Person" and _model_name(span):
        return True  # a person's name is not a model's; a company's may be its maker's ("Velmar phones")
    return _carries_people(span)


def echo_names(text: str) -> set[str]:
    """The forms a dropped name comes back as: itself, and without its event word
    ("Cyclone Jude" is later "Jude")."""
    words = text.split()
    forms = {text}
    first = names()["event_first_words"]
    for size in (2, 1):
        if len(words) > size and " ".join(words[:size]).lower() in first:
            forms.add(" ".join(words[size:]))
            break
    return forms


def drop_things(index: Any, things: set[str], tagger_labels: set[str]) -> None:
    """Other mentions of a name found to be a thing ("the Kastor Express, a train"; "Cyclone
    Ravena" ... "Ravena") are not entities either: they neither stay nor vote on a type.
    ``index`` is the article's MentionIndex; only the tagger's mentions go."""
    dropped = {m.id for m in index.mentions if m.text in things and m.ner_label in tagger_labels}
    if dropped:
        index.mentions = [m for m in index.mentions if m.id not in dropped]
        index.by_token = {i: mid for i, mid in index.by_token.items() if mid not in dropped}
        index.head_token = {mid: tok for mid, tok in index.head_token.items() if mid not in dropped}
