"""Other names of a name in one article, noted on the mentions for resolution to join.

"X, also known as Y" and "X, or ACRONYM" (evidence "alias-of:X" on Y); "X, a term for Y"
(evidence "alias-of:Y" on X); both halves of
"the A/B islands" (one place); "Y" beside the firm "Y & Associates" (the firm).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..model import Mention
from ..resources import names
from .tokens import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["also_known_as", "firm_short_names", "name_for", "place_pair", "slash_pair"]

_OPENING_MARKS = "\"“‘'«("
# Words between a body and the place it works in, when an acronym after the place names the
# body: "the U.N. Mission in Valdoria, or UNMIV".
_BODY_LINKS = {"in", "in the", "of", "of the", "for", "for the", "on", "on the", "to", "to the"}
_PLACES = {"Place", "City", "Country"}


def _alias_gap(text: str) -> str:
    """The words between a name and its alias, folded: ', officially known as the “' gives
    'officially known as'."""
    words = " ".join(text.split()).lower().rstrip(" " + _OPENING_MARKS).removesuffix(" the")
    return words.rstrip(" ,").lstrip(" ,(").strip()


def _acronym(mention: Mention, text: str) -> bool:
    """An acronym set off by punctuation: "or MINUSCA," / "(MINUSCA)"."""
    word = mention.text
    letters = word.replace(".", "").replace("-", "")
    after = text[mention.end:mention.end + 1]
    return (" " not in word and letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 10
            and (after == "" or after in ",;:.)—–"))


def _body_of_place(owner: Mention, earlier: list[Mention], text: str) -> Mention:
    """The body before "in/of the <owner>": an acronym after a place it works in names the body."""
    for _ in range(2):
        before = [m for m in earlier if m.end <= owner.start]
        if not before:
            break
        body = max(before, key=lambda m: m.end)
        if body.label != "Organization" or " ".join(text[body.end:owner.start].split()).lower() not in _BODY_LINKS:
            break
        owner = body
    return owner


def also_known_as(doc: Doc, mentions: list[Mention]) -> None:
    """ "X, also known as Y", "X, or ACRONYM", "X (ACRONYM)" of a body: Y is another name of X
    (noted on Y as evidence "alias-of:X")."""
    text = text_of(doc)
    markers = names()["alias_markers"]
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    for position, mention in enumerate(mentions):
        if mention.sentence < 0:
            continue
        earlier = [m for m in by_sentence[mention.sentence] if m.end <= mention.start and m.id != mention.id]
        if not earlier:
            continue
        owner = max(earlier, key=lambda m: m.end)
        between = " ".join(text[owner.end:mention.start].split())
        if between in {", or", "("} and _acronym(mention, text):
            # "the Coastal Defense Brigades, or CDB"; in brackets only a body's acronym
            # ("Ana Lopez (PDP)" is her party).
            owner = _body_of_place(owner, earlier, text)
            if between == "(" and owner.label != "Organization":
                continue
        else:
            before = _alias_gap(text[max(0, mention.start - 48):mention.start])
            if not any(before.endswith(m) for m in markers):
                continue
            gap = _alias_gap(text[owner.end:mention.start])
            adverb, _, rest = gap.partition(" ")
            if not (gap in markers or (adverb in names()["alias_adverbs"] and rest in markers)):
                continue
        mentions[position] = Mention(**{**mention.__dict__, "label": owner.label,
                                        "evidence": mention.evidence + (f"alias-of:{owner.text}",)})


@cache
def _name_for_pattern() -> re.Pattern[str]:
    """", a derogatory term referring to the": the words between a name and the one it names."""
    nouns = "|".join(re.escape(n) for n in sorted(names()["alias_nouns"]))
    return re.compile(rf",\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}(?:{nouns})\s+"
                      rf"(?:for|referring to|used for|used to describe|meaning)(?:\s+the)?\s*", re.IGNORECASE)


def name_for(doc: Doc, mentions: list[Mention]) -> None:
    """ "the Khawarij, a derogatory term referring to al-Shabab": X is another name of the Y
    after it (noted on X as evidence "alias-of:Y")."""
    text = text_of(doc)
    pattern = _name_for_pattern()
    ordered = sorted((m for m in mentions if m.sentence >= 0), key=lambda m: m.start)
    position_of = {m.id: i for i, m in enumerate(mentions)}
    for alias, owner in zip(ordered, ordered[1:], strict=False):
        if alias.sentence != owner.sentence or not pattern.fullmatch(text[alias.end:owner.start]):
            continue
        mentions[position_of[alias.id]] = Mention(**{**alias.__dict__, "label": owner.label,
                                                    "evidence": alias.evidence + (f"alias-of:{owner.text}",)})


def slash_pair(ent: Span) -> bool:
    """ "the Senkaku/Diaoyu islands": two names of one place, joined by a slash, before (or
    ending in) a place head noun."""
    doc = ent.doc
    slashes = [t for t in ent[1:-1] if t.text == "/" and not t.whitespace_ and not doc[t.i - 1].whitespace_]
    if len(slashes) != 1:
        return False
    heads = names()["place_heads"]
    after = doc[ent.end] if ent.end < len(doc) else None
    return ent[-1].lower_ in heads or (after is not None and after.lower_ in heads)


def place_pair(mentions: list[Mention], first: int) -> None:
    """The two mentions added from ``first`` on are one place (the second an alias of the first)."""
    if len(mentions) - first != 2:
        return
    for position in (first, first + 1):
        mention = mentions[position]
        evidence = mention.evidence + (("context",) if mention.label not in _PLACES else ())
        if position > first:
            evidence += (f"alias-of:{mentions[first].text}",)
        label = mention.label if mention.label in _PLACES else "Place"
        mentions[position] = Mention(**{**mention.__dict__, "label": label, "evidence": evidence})


def firm_short_names(mentions: list[Mention]) -> None:
    """ "Dezan Shira" beside "Dezan Shira & Associates" is the firm, whatever the tagger said
    (names.toml ``firm_suffixes``)."""
    suffixes = names()["firm_suffixes"]
    firms = set()
    for mention in mentions:
        words = mention.text.split()
        if mention.label == "Organization" and "&" in words[1:-1]:
            cut = words.index("&")
            if all(w.lower() in suffixes for w in words[cut + 1:]):
                firms.add(tuple(words[:cut]))
    for position, mention in enumerate(mentions):
        if tuple(mention.text.split()) in firms and mention.ner_label not in {"DEMONYM", "DATELINE", "KNOWN"}:
            mentions[position] = Mention(**{**mention.__dict__, "label": "Organization",
                                            "evidence": mention.evidence + ("firm",)})
