"""Per-Doc caches: the token list and each token's sentence, computed once.

spaCy builds a new Token object on every ``doc[i]`` and walks the sentence on
every ``token.sent``; extraction asks for both thousands of times per article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["sent_number", "sent_of", "text_of", "tokens_of"]

_TOKENS = "kg.tokens"
_SENTS = "kg.sents"
_TEXT = "kg.text"


def tokens_of(doc: Doc) -> list[Token]:
    cached = doc.user_data.get(_TOKENS)
    if cached is None:
        cached = doc.user_data[_TOKENS] = list(doc)
    return cached


def _sentences(doc: Doc) -> tuple[list[Span], list[int]]:
    table = doc.user_data.get(_SENTS)
    if table is None:
        spans = list(doc.sents)
        owner = [0] * len(doc)
        for number, span in enumerate(spans):
            owner[span.start:span.end] = [number] * (span.end - span.start)
        table = doc.user_data[_SENTS] = (spans, owner)
    return table


def sent_of(token: Token) -> Span:
    spans, owner = _sentences(token.doc)
    return spans[owner[token.i]]


def sent_number(token: Token) -> int:
    """The position of ``token``'s sentence in the Doc (0 for the first)."""
    return _sentences(token.doc)[1][token.i]


def text_of(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from every token on each access."""
    cached = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.user_data[_TEXT] = doc.text
    return cached
