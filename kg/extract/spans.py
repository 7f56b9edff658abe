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

__all__ = ["is_junk", "pieces", "strip_honorifics", "surface", "type_by_context", "type_by_form"]

# Tokens a name never runs across.
_BREAKS = {"(", ")", "[", "]", "{", "}", ",", ";", ":", "—", "–", "--", "|", "/", "\"", "“", "”"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_LEAD = re.compile(r"^[\s\"'“”‘’(\[-]+")
_TAIL = re.compile(r"[\s\"'“”‘’)\],.:;-]+$")
_ROMAN = re.compile(r"^[IVX]+$")
# Heads no surname is spelled like: "Lopez Television" is a station, "Ana Court" may be a person.
_STRONG_HEADS = {"ministry", "department", "university", "institute", "party", "agency", "committee",
                 "commission", "television", "radio", "organization", "organisation", "corporation",
                 "company", "foundation", "federation", "association", "council", "airlines", "network"}


def pieces(ent: Span) -> list[Span]:
    """``ent`` cut at brackets, commas, dashes, line breaks, sentence ends and inner possessives."""
    doc = ent.doc
    out: list[Span] = []
    start = ent.start
    for token in ent:
        spaced_dash = token.text == "-" and bool(token.whitespace_) and token.i > 0 and bool(
            doc[token.i - 1].whitespace_)
        cut = (token.text in _BREAKS or spaced_dash or "\n" in token.text
               or (token.lower_ in _POSSESSIVE and token.i + 1 < ent.end and token.i > ent.start
                   and doc[token.i - 1].pos_ == "PROPN"
                   and ent[-1].lower_ not in names()["organization_heads"])  # "People's Front" is one name
               or (token.i > ent.start and token.is_sent_start))
        if cut:
            if token.i > start:
                out.append(doc[start:token.i])
            start = token.i + (0 if token.is_sent_start and token.text not in _BREAKS else 1)
    if start < ent.end:
        out.append(doc[start:ent.end])
    return out


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
    return span.doc[start:span.end], stripped


def surface(span: Span) -> str:
    """The name as written, without wrapping punctuation, keeping abbreviation periods.

    "U.S." and "Acme Inc." keep their final period; "Paris." loses it.
    """
    text = _LEAD.sub("", " ".join(span.text.split()))
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
    if len(words) > 1 and words[-1].lower() in lists["concept_heads"]:
        return True  # a plan, law or tariff: a concept, not an agent
    parts = [p for p in re.split(r"-(?=[A-Z])", text) if p]
    if len(parts) > 1 and all(known.lookup(p) is not None for p in parts):
        return True  # "U.S.-U.K." is a modifier, not a place
    return False


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
    heads = lists["organization_heads"]
    if label == "Person" and len(words) > 1 and (
            lower[0] in heads or (lower[-1] in heads and (len(words) > 2 or lower[-1] in _STRONG_HEADS))
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
    return None
