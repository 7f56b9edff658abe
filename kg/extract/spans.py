"""Clean name spans: where a tagged name really starts and ends, and what it is.

A mention never crosses a bracket, a comma, a dash, a line break or a
possessive ("Cornell's Casanova" is two names); honorifics and titles in front
("Mr", "Gen.", "Prime Minister") are not part of the name but say it is a
person's; abbreviation periods stay ("U.S.", "Inc."). Common words, titles,
months and peoples never become entities on their own (names.toml).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..resources import KnownEntities, names
from .things import head_nouns, noun_kind
from .titles import title_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["POSSESSIVE", "body_name", "editorial_bracket", "in_title", "is_junk", "pieces", "strip_honorifics",
           "surface", "type_by_context", "type_by_form", "unit_owner", "vessel"]

# Tokens a name never runs across.
_BREAKS = {"(", ")", "[", "]", "{", "}", ",", ";", ":", "—", "–", "--", "|", "/", "\"", "“", "”"}
POSSESSIVE = {"'s", "’s", "'", "’"}
_LEAD = re.compile(r"^[\s\"'“”‘’(\[-]+")
_TAIL = re.compile(r"[\s\"'“”‘’)\],.:;-]+$")
_ROMAN = re.compile(r"^[IVX]+$")
# Heads no surname is spelled like: "Lopez Television" is a station, "Ana Court" may be a person.


def pieces(ent: Span, known: KnownEntities | None = None) -> list[Span]:
    """``ent`` cut at brackets, commas, dashes, line breaks, sentence ends and inner possessives.

    An editor's closing bracket inside a name does not cut it ("[his predecessor Hiroshi]
    Morikawa"); an owner's possessive before a unit does ("VOA's Tamil Service").
    """
    doc = ent.doc
    out: list[Span] = []
    start = ent.start
    for token in ent:
        spaced_dash = token.text == "-" and bool(token.whitespace_) and token.i > 0 and bool(
            doc[token.i - 1].whitespace_)
        cut = ((token.text in _BREAKS and not editorial_bracket(token)) or spaced_dash or "\n" in token.text
               or (token.lower_ in POSSESSIVE and token.i + 1 < ent.end and token.i > ent.start
                   and doc[token.i - 1].pos_ == "PROPN"
                   and (ent[-1].lower_ not in names()["organization_heads"]  # "People's Front" is one name
                        or (ent[-1].lower_ in names()["unit_heads"]
                            and body_name(surface(doc[ent.start:token.i]), known) is not None)))
               or (token.i > ent.start and token.is_sent_start))
        if cut:
            if token.i > start:
                out.append(doc[start:token.i])
            start = token.i + (0 if token.is_sent_start and token.text not in _BREAKS else 1)
    if start < ent.end:
        out.append(doc[start:ent.end])
    return out


def editorial_bracket(token: Token) -> bool:
    """A square bracket an editor put inside a name: "[his predecessor Hiroshi] Morikawa",
    "President Xi [Jinping]".

    It stands between two capitalised words, and closes a bracket opened a few words before
    in the sentence, or opens one that holds only the rest of the name.
    """
    doc = token.doc
    if token.text not in {"[", "]"} or token.i == 0 or token.i + 1 >= len(doc):
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    if not (before.text[:1].isupper() and after.text[:1].isupper() and after.is_alpha):
        return False
    if token.text == "[":
        for i in range(token.i + 1, min(token.i + 6, token.sent.end)):
            if doc[i].text == "]":
                return True
            if not (doc[i].text[:1].isupper() and doc[i].is_alpha):
                return False
        return False
    for i in range(token.i - 2, max(token.i - 12, token.sent.start - 1), -1):
        if doc[i].text == "[":
            return True
        if doc[i].text in {"]", "(", ")"}:
            return False
    return False


def strip_honorifics(span: Span) -> tuple[Span, bool]:
    """``span`` without leading honorifics and titles; whether there were any."""
    honorifics = names()["honorifics"]
    start, stripped = span.start, False
    while start < span.end - 1:
        two = " ".join(t.lower_.rstrip(".") for t in span.doc[start:start + 2])
        if start + 2 < span.end and two in honorifics:
            start, stripped = start + 2, True
        elif span.doc[start].lower_.rstrip(".") in honorifics:
            start, stripped = start + 1, True
        else:
            break
    if stripped and span[-1].lower_ in names()["organization_heads"]:
        return span, False  # "General Statistics Office", "Dr. Foster Institute": a body's name
    return span.doc[start:span.end], stripped


def surface(span: Span) -> str:
    """The name as written, without wrapping punctuation, keeping abbreviation periods.

    "U.S." and "Acme Inc." keep their final period; "Paris." loses it.
    """
    text = _LEAD.sub("", " ".join(span.text.replace("[", " ").replace("]", " ").split()))
    trimmed = _TAIL.sub("", text)
    if text[len(trimmed):].startswith("."):
        last = trimmed.split()[-1] if trimmed.split() else ""
        if "." in last or last.lower() in names()["abbreviations"]:
            return trimmed + "."
    return trimmed


def _words(text: str) -> list[str]:
    return text.replace("’", "'").split()


def is_junk(span: Span, text: str, known: KnownEntities, label: str = "") -> bool:
    """A span that is not a name on its own: a common word, a title, a month, a people."""
    lists = names()
    words = _words(text)
    if known.lookup(text) is not None:
        return False
    if not any(ch.isupper() for ch in text) or not any(ch.isalpha() for ch in text):
        return True
    if text.casefold() in lists["never"]:
        return True
    if len(span) == 1:
        token = span[0]
        if token.pos_ not in {"PROPN"} and not (token.text.isupper() and len(token.text) > 1):
            return True  # "Politicians", "Coordinated": a common word the tagger capitalised
        if _after_title_of(token) and label != "GPE":
            return True  # "State" in "Secretary of State"; "the president of <a place>" stays
        if token.lower_.endswith(("ians", "ists", "philes")):
            return True  # "Politicians in Britain …", "Europhiles": people, not a name
        if any(ch.isdigit() for ch in token.text):
            return True  # "F-35s", "S-400", "3R": models and products
        if token.lower_ in lists["organization_heads"] or token.lower_ in lists["person_nouns"]:
            return True  # "the Commission", "the Fund" alone: a reference, not a name
    if title_of([w.lower() for w in words]) is not None and all(
            title_of([w.lower()]) is not None or w.lower() in {"of", "the"} for w in words):
        return True  # "Prime Minister", "Foreign Secretary"
    if len(words) > 1 and (words[-1].lower() in lists["concept_heads"] or words[-1].lower() in lists["title_heads"]):
        return True  # a plan, law or tariff: a concept, not an agent
    if in_title(span):
        return True  # "Countering America" of "Countering America's Adversaries Through Sanctions Act"
    if vessel(span):
        return True  # "INS" of "INS Imphal": a ship, not an agent
    parts = [p for p in re.split(r"-(?=[A-Z])", text) if p]
    if len(parts) > 1 and all(known.lookup(p) is not None for p in parts):
        return True  # "U.S.-U.K." is a modifier, not a place
    return False


def in_title(span: Span) -> bool:
    """A name inside the capitalised title of a law or treaty, or the title's acronym after it:
    "Countering America" in "Countering America's Adversaries Through Sanctions Act (CAATSA)".

    The title runs on from the name over capitalised words (and over a possessive only when
    the tagger kept it inside the name) to a head such as "Act" or "Treaty" (names.toml
    ``title_heads``). A headline in title case is no law's title ("Valdoria, Kesh Sign
    Border Agreement").
    """
    doc = span.doc
    heads = names()["title_heads"]
    end = span.end
    if end < len(doc) and doc[end].lower_ in POSSESSIVE and doc[end].ent_iob_ == "I":
        end += 1
    last = None
    while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        last, end = doc[end], end + 1
    if last is not None and last.lower_ in heads:
        outside = [t for t in span.sent if t.is_alpha and not span.start <= t.i < end]
        return len(outside) < 3 or sum(t.text[:1].isupper() for t in outside) <= 0.5 * len(outside)
    before = span.start - 1
    return (0 < before and doc[before].text == "(" and span.end < len(doc) and doc[span.end].text == ")"
            and doc[before - 1].text[:1].isupper() and doc[before - 1].lower_ in heads)


def vessel(span: Span) -> bool:
    """A ship's name or its prefix: "INS Imphal", "INS" before "Imphal", "Imphal" after "INS"."""
    doc = span.doc
    prefixes = names()["vessel_prefixes"]

    def prefix(token: Token) -> bool:
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return (token.text.isupper() and token.lower_ in prefixes and after is not None and after.is_alpha
                and after.text[:1].isupper() and title_of([after.lower_]) is None
                and after.lower_ not in names()["organization_heads"])  # "INS Commissioner X": the agency

    return prefix(span[0]) or (span.start > 0 and prefix(doc[span.start - 1]))


def unit_owner(span: Span, known: KnownEntities) -> str | None:
    """The named body that owns the unit ``span`` names: "VOA" for "Tamil Service" in "VOA's
    Tamil Service" (names.toml ``unit_heads``); None for no owner, a person or a place
    ("Russia's Federal Security Service" is the service's own name)."""
    doc = span.doc
    if len(span) < 2 or span[-1].lower_ not in names()["unit_heads"] or span.start < 2 \
            or doc[span.start - 1].lower_ not in POSSESSIVE:
        return None
    last = doc[span.start - 2]
    if not last.text[:1].isupper() or last.ent_type_ in {"PERSON", "GPE", "LOC", "NORP"}:
        return None
    start = last.i
    if last.ent_type_:
        start = next((e.start for e in doc.ents if e.start <= last.i < e.end), last.i)
    else:
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
            start -= 1
    while start < last.i and doc[start].lower_ == "the":
        start += 1
    return body_name(surface(doc[start:last.i + 1]), known)


def body_name(owner: str, known: KnownEntities | None) -> str | None:
    """``owner`` as a unit's owner is named: an acronym, a known organization by its short
    name ("VOA" for "Voice of America"), a name with a body's head noun ("Radio Kestrel");
    None for anything else ("Trump" of "Trump's Secret Service")."""
    entry = known.lookup(owner) if known is not None else None
    if entry is None:
        named = owner.isupper() or any(w.lower() in names()["organization_heads"] for w in owner.split())
        return owner if named else None
    if entry.type != "Organization":
        return None
    return next((a for a in entry.aliases if a.isupper() and a.isalpha()), owner)


def _after_title_of(token: Token) -> bool:
    """The lone capitalised word closing a title: "Secretary of State", "Minister of Defense"."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].lower_ != "of":
        return False
    before = doc[token.i - 2]
    return title_of([before.lemma_.lower()]) is not None or before.lower_ in names()["organization_heads"]


def type_by_form(text: str, label: str) -> str:
    """The type the words of a name say, over the tagger's label.

    >>> type_by_form("Zanu PF", "Person"), type_by_form("Heart and Soul Television", "Person")
    ('Organization', 'Organization')
    >>> type_by_form("Beledweyne District", "Person"), type_by_form("Ana Lopez", "Person")
    ('Place', 'Person')
    """
    lists = names()
    words = _words(text)
    lower = [w.lower() for w in words]
    heads, strong = lists["organization_heads"], lists["strong_organization_heads"]
    if label == "Person" and len(words) > 1 and (
            lower[0] in heads or (lower[-1] in heads and (len(words) > 2 or lower[-1] in strong))
            or any(len(w) > 1 and w.isupper() and "." not in w and not _ROMAN.match(w) for w in words)):
        return "Organization"
    if label in {"Person", "Organization"} and len(words) > 1 and lower[-1] in lists["place_heads"]:
        return "Place"
    if label == "Person" and len(words) > 1 and lower[0] in lists["place_first_words"]:
        return "Place"
    return label


# Nouns after a name that make it a place whatever the tagger said: "the Tarbuk refugee camp".


def _before_settlements(span: Span) -> bool:
    """ "X and Y camps": a name in a list whose last member is a compound of a plural settlement noun."""
    doc = span.doc
    end = span.end
    while end < len(doc) and end < span.end + 6 and (doc[end].text[:1].isupper() or doc[end].lower_ in {"and", ","}):
        end += 1
    return end > span.end and end < len(doc) and doc[end - 1].text[:1].isupper() and doc[end].tag_ == "NNS" \
        and doc[end].lemma_.lower() in names()["settlement_nouns"] and any(t.lower_ == "and" for t in doc[span.end:end])


def type_by_context(span: Span, label: str) -> str | None:
    """The type the words around a name say, or None when they say nothing.

    An apposition's head noun ("X, an assistant professor at Y" / "the carmaker X"), a
    relative "who" ("X, who heads ..."), a locative ("in X", "the town of X").
    """
    lists = names()
    root = span.root
    for noun in head_nouns(span):
        said = noun_kind(noun)
        if said == "thing":
            break  # a product or event (is_thing): no agent's type to give
        if said is not None:
            return said
    for child in root.children:
        if child.dep_ == "relcl" and any(t.lower_ == "who" for t in child.children):
            return "Person"
    doc = span.doc
    if span.end + 2 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].text.isdigit() \
            and 0 < int(doc[span.end + 1].text) < 120 and doc[span.end + 2].text == ",":
        return "Person"  # an age: "X, 29, works at ..."
    if label in {"Person", "Organization"} and _before_settlements(span):
        return "Place"
    noun = root
    while noun.dep_ == "compound" and noun.head.i > noun.i:
        noun = noun.head
    if noun is not root and noun.i >= span.end and noun.is_lower:
        head = noun.lemma_.lower()  # "the Tarbuk refugee camp", "the Velmora carmaker"
        if head in names()["settlement_nouns"] and label in {"Person", "Organization"}:
            return "Place"
        if head in lists["organization_nouns"] and label == "Person":
            return "Organization"
    if root.dep_ == "pobj" and label in {"Person", "Organization"}:
        prep = root.head
        if prep.lower_ in names()["locative_prepositions"] and len(span) == 1 and label == "Person":
            return "Place"
        if prep.lower_ == "of" and prep.head.lemma_.lower() in lists["place_heads"] and prep.head.i < span.start:
            return "Place"  # "the town of X"
        if prep.lower_ == "of" and prep.head.lemma_.lower() in lists["membership_nouns"] and label == "Person" \
                and len(span) > 1:
            return "Organization"  # "members of Tren de Aragua": a body has members, a person none
    return None
