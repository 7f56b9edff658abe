"""Quotes and their speakers.

Quoted spans are found in the text ("…", “…”, ‘…’), then attributed to the
subject of the nearest speech verb outside the quote in the same sentence
(or the sentence after an open quote): "X said", "said X", "he said",
"the French PM said", "adding that ...", "according to X".
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..model import Evidence, QuoteMention
from ..resources import lexicon
from .mentions import MentionIndex
from .refs import CONFIDENCE, References
from .relations import subjects

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["find_quotes", "quote_spans"]

_PAIRS = {"“": "”", "«": "»", "„": "“"}


@cache
def _speech() -> tuple[frozenset[str], tuple[str, ...]]:
    data = lexicon()["speech"]
    return frozenset(data["verbs"]), tuple(data["according_to"])


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks, per paragraph.

    >>> text = 'He said "no one should feel excluded", adding “a collective” solution.'
    >>> [text[s:e] for s, e in quote_spans(text)]
    ['no one should feel excluded', 'a collective']
    """
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        base = paragraph.start()
        body = paragraph.group(0)
        open_at: int | None = None
        closer = ""
        for index, char in enumerate(body):
            if open_at is None:
                if char == '"' or char in _PAIRS:
                    open_at, closer = index, ('"' if char == '"' else _PAIRS[char])
                elif char == "‘" and (index == 0 or not body[index - 1].isalnum()):
                    open_at, closer = index, "’"
            elif char == closer and (closer != "’" or index + 1 >= len(body) or not body[index + 1].isalpha()):
                spans.append((base + open_at + 1, base + index))
                open_at = None
        if open_at is not None and closer in {'"', "”"}:
            # News style leaves a quote open when it runs into the next paragraph.
            spans.append((base + open_at + 1, base + len(body)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _speech_verbs(tokens: list[Token], inside: range) -> list[Token]:
    verbs, _ = _speech()
    return [t for t in tokens if t.lemma_.lower() in verbs and t.pos_ in {"VERB", "AUX"}
            and t.idx not in inside]


def _according_to(tokens: list[Token], inside: range) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        if token.lower_ == "according" and token.idx not in inside:
            for child in token.children:
                if child.lower_ == "to":
                    found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def find_quotes(doc: Doc, index: MentionIndex, refs: References, original_text: str) -> list[QuoteMention]:
    quotes: list[QuoteMention] = []
    sents = [s for s in doc.sents if s.text.strip()]
    last_speakers: tuple[int, ...] = ()
    last_paragraph_end = -1
    last_quote_end = -1
    for start, end in quote_spans(original_text):
        inside = range(start - 1, end + 1)
        touching = [s for s in sents if s.start_char < end + 1 and s.end_char > start - 1]
        if not touching:
            continue
        # The attribution may sit in the sentence after the closing mark ("… ," he said.)
        following = [s for s in sents if s.start_char >= touching[-1].end_char][:1]
        window: list[Span] = touching + (following if not _speech_verbs(
            [t for s in touching for t in s], inside) else [])
        tokens = [t for s in window for t in s]
        speakers: list[tuple[int, str]] = []
        sources = _according_to(tokens, inside)
        if sources:
            speakers = refs.actors(sources)
        else:
            verbs = _speech_verbs(tokens, inside)
            verbs.sort(key=lambda v: min(abs(v.idx - start), abs(v.idx - end)))
            for verb in verbs:
                speakers = refs.actors(subjects(verb))
                if not speakers and verb.dep_ == "advcl":  # ", adding that ..."
                    speakers = refs.actors(subjects(verb.head))
                if speakers:
                    break
        ids = tuple(m for m, _ in speakers if index.get(m).label != "Concept")
        paragraph_start = original_text.rfind("\n", 0, start) + 1
        opens_paragraph = original_text[paragraph_start:start].strip() in {"", '"', "“"}
        if not ids and last_speakers and (start - 1 <= last_paragraph_end) and (
                opens_paragraph or paragraph_start <= last_quote_end):
            # A quote with no attribution of its own, right after an attributed one in
            # the same or the next paragraph, continues the same speaker.
            ids = last_speakers
        if not ids:
            continue
        how = speakers[0][1] if speakers else "pronoun"
        sentence = " ".join(original_text[touching[0].start_char:touching[-1].end_char].split())
        text = " ".join(original_text[start:end].split()).strip(" ,")
        quotes.append(QuoteMention(text=text, speakers=ids, evidence=Evidence(
            sentence=sentence, start=start, end=end, rule="kg.quote.v1",
            confidence=CONFIDENCE.get(how, 0.6))))
        last_speakers = ids
        last_quote_end = end
        following_break = original_text.find("\n\n", end)
        next_break = original_text.find("\n\n", following_break + 2) if following_break >= 0 else -1
        last_paragraph_end = next_break if next_break >= 0 else len(original_text)
    return _join_fragments(quotes)


def _join_fragments(quotes: list[QuoteMention]) -> list[QuoteMention]:
    """Fragments of one utterance — split around "he said", or listed in one
    sentence — are one quote, joined with an ellipsis as journalists write it."""
    joined: list[QuoteMention] = []
    for quote in quotes:
        last = joined[-1] if joined else None
        if last is not None and last.speakers == quote.speakers and (
                last.evidence.sentence == quote.evidence.sentence
                or quote.evidence.sentence.startswith(last.evidence.sentence)
                or last.evidence.sentence.endswith(quote.evidence.sentence)):
            sentence = max(last.evidence.sentence, quote.evidence.sentence, key=len)
            joined[-1] = QuoteMention(
                text=f"{last.text} … {quote.text}", speakers=last.speakers,
                evidence=Evidence(sentence=sentence, start=last.evidence.start, end=quote.evidence.end,
                                  rule=last.evidence.rule,
                                  confidence=min(last.evidence.confidence, quote.evidence.confidence)))
        else:
            joined.append(quote)
    return joined
