"""Names the tagger split or ran together, joined or cut again before they are typed.

An editor's bracket inside a name ("[his predecessor Hiroshi] Morikawa"), a firm joined by
"&" ("Harlan Voss & Partners"), a place run into the person's name after it ("Coordinator
for Myanmar Andrew Kirkwood").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..resources import KnownEntities, given_names
from .spans import editorial_bracket

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["across_bracket", "ampersand", "bracket_label", "known_places", "place_before_person", "relabel",
           "untagged_name_word"]


def bracket_label(first: Span, second: Span) -> str:
    """A name an editor's bracket split is a person's when a part is tagged one or begins
    with a given name: "[his predecessor Hiroshi] Morikawa"."""
    if "PERSON" in {first.label_, second.label_} or first[0].lower_ in given_names():
        return "PERSON"
    return second.label_


def across_bracket(ent: Span) -> Span:
    """A name the tagger found on one side of an editor's closing bracket runs on through the
    untagged capitalised words on the other side."""
    doc, start, end = ent.doc, ent.start, ent.end
    if start >= 2 and editorial_bracket(doc[start - 1]) and untagged_name_word(doc[start - 2]):
        start -= 1
        while start > 0 and untagged_name_word(doc[start - 1]):
            start -= 1
    if end + 1 < len(doc) and editorial_bracket(doc[end]) and untagged_name_word(doc[end + 1]):
        end += 1
        while end < len(doc) and untagged_name_word(doc[end]):
            end += 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return relabel(doc, start, end, bracket_label(doc[start:start + 1], ent))


def known_places(known: KnownEntities, *spans: Span) -> bool:
    """Any of ``spans`` a known country, city or place: "Trinidad & Tobago" is no firm."""
    return any((entry := known.lookup(span.text)) is not None and entry.type in {"Country", "City", "Place"}
               for span in spans)


def ampersand(ent: Span) -> Span:
    """ "X & Associates", "Procter & Gamble": a name joined by "&" is one organization, when
    the tagger found only one side of it."""
    doc, start, end = ent.doc, ent.start, ent.end
    if end + 1 < len(doc) and doc[end].text == "&" and untagged_name_word(doc[end + 1]):
        end += 1
        while end < len(doc) and end < ent.end + 4 and untagged_name_word(doc[end]):
            end += 1
    if start >= 2 and doc[start - 1].text == "&" and untagged_name_word(doc[start - 2]):
        start -= 1
        while start > 0 and start > ent.start - 4 and untagged_name_word(doc[start - 1]):
            start -= 1
    return ent if (start, end) == (ent.start, ent.end) else relabel(doc, start, end, "ORG")


def untagged_name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and not token.ent_type_


def relabel(doc: Doc, start: int, end: int, label: str) -> Span:
    from spacy.tokens import Span

    return Span(doc, start, end, label=label)


def place_before_person(span: Span, label: str, known: KnownEntities) -> list[tuple[Span, str]]:
    """A person's name the tagger ran on from the place of a title before it: "Coordinator for
    Myanmar Andrew Kirkwood" is Myanmar and Andrew Kirkwood. The place is a known country or
    city that is no given name ("Chad Meyer" stays whole), the rest a given name and a surname."""
    if label != "PERSON" or len(span) < 3:
        return [(span, label)]
    first_names = given_names()
    for cut in range(1, len(span) - 1):
        entry = known.lookup(span[:cut].text)
        if entry is not None and entry.type in {"Country", "City"} and span[:cut].text.casefold() not in first_names \
                and span[cut].lower_ in first_names and all(t.text[:1].isupper() for t in span[cut:]):
            return [(span[:cut], "GPE"), (span[cut:], label)]
    return [(span, label)]
