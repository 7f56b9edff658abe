"""Readable labels for the things relations point at: "PNR database"."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..resources import lexicon
from .tokens import text_of

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["concept_label", "unwrap"]

_QUOTES = "\"'“”‘’«»"
_STOP_DEPS = {"relcl", "acl", "appos", "punct", "advcl"}
_DROP_FIRST = {"det", "poss", "predet", "nummod"}
_AMOUNTS = {"MONEY", "PERCENT", "QUANTITY"}


@cache
def _settings() -> tuple[frozenset[str], frozenset[str], int]:
    data = lexicon()["concepts"]
    return frozenset(data["light_nouns"]), frozenset(data["light_preps"]), int(data["max_tokens"])


def unwrap(head: Token) -> Token:
    """Follow light nouns to the real object: "adoption of the proposal for checks" -> checks."""
    light, preps, _ = _settings()
    seen = 0
    while head.lemma_.lower() in light and seen < 4:
        inner = next(
            (pobj for prep in head.children if prep.dep_ == "prep" and prep.lower_ in preps
             for pobj in prep.children if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN"}),
            None,
        )
        if inner is None:
            break
        head = inner
        seen += 1
    return head


def _span_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head``, without relative clauses, appositions and trailing asides."""
    _, _, max_tokens = _settings()
    # "40 million dollars": in an amount the number is the content.
    drop = _DROP_FIRST - {"nummod"} if head.ent_type_ in _AMOUNTS else _DROP_FIRST
    keep = {head.i}
    for left in head.lefts:
        if left.dep_ not in drop and left.dep_ != "punct":
            keep.update(t.i for t in left.subtree)
        elif left.dep_ == "punct" and left.text not in _QUOTES:
            continue
    right_count = 0
    for right in head.rights:
        if right.dep_ in _STOP_DEPS or right.lower_ in {"including", "where", "which", "who"}:
            if right.dep_ == "punct" and right.text in "()":
                continue
            break
        subtree = [t for t in right.subtree]
        if right_count + len(subtree) > max_tokens:
            break
        keep.update(t.i for t in subtree)
        right_count += len(subtree)
    doc = head.doc
    tokens = [doc[i] for i in sorted(keep)]
    # Cut a clause or aside that slipped into the subtree.
    cut: list[Token] = []
    for token in tokens:
        if token.i > head.i and (token.lower_ in {",", ";", "which", "who", "where", "that"}):
            break
        cut.append(token)
    while cut and (cut[0].dep_ in drop or cut[0].text in _QUOTES or cut[0].is_punct):
        cut.pop(0)
    while cut and (cut[-1].pos_ in {"ADP", "CCONJ", "DET", "PART"} or cut[-1].is_punct):
        cut.pop()
    return cut


_ACRONYM = re.compile(r"((?:[\w-]+\s+){1,6})\(([A-Z][A-Z0-9]{1,9})\)")


def _acronym_expansion(words: str, acronym: str) -> str | None:
    """The words before "(PNR)" that spell the acronym: "passenger name record"."""
    tokens = words.split()
    for size in range(len(acronym), 0, -1):
        candidate = tokens[-size:] if size <= len(tokens) else None
        if not candidate:
            continue
        initials = "".join(w[0] for w in candidate if w.lower() not in {"of", "and", "the", "for"})
        if initials.upper() == acronym.upper():
            return " ".join(candidate)
    return None


def concept_label(head: Token) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A readable label for the noun phrase of ``head``, and the acronyms it defined.

    "their national passenger name record (PNR) database" gives
    "national PNR database" and the pair ("PNR", "passenger name record").
    """
    tokens = _span_tokens(unwrap(head))
    if not tokens:
        return "", ()
    text = text_of(head.doc)
    raw = text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)]
    raw = "".join(ch for ch in raw if ch not in _QUOTES)
    raw = " ".join(raw.split())
    aliases: list[tuple[str, str]] = []

    def shorten(match: re.Match[str]) -> str:
        expansion = _acronym_expansion(match.group(1), match.group(2))
        if expansion is None:
            return match.group(0)
        aliases.append((match.group(2), expansion))
        prefix = match.group(1)[: len(match.group(1).rstrip()) - len(expansion)]
        return f"{prefix}{match.group(2)}"

    label = _ACRONYM.sub(shorten, raw)
    return " ".join(label.split()), tuple(aliases)
