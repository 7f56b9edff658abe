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
from .refs import CONFIDENCE, PLURAL_PRONOUNS, References
from .relations import subjects

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["find_quotes", "quote_spans"]

@cache
def _speech() -> tuple[frozenset[str], tuple[str, ...]]:
    data = lexicon()["speech"]
    return frozenset(data["verbs"]), tuple(data["according_to"])


@cache
def _modals() -> frozenset[str]:
    return frozenset(lexicon()["modality"]["modals"])


@cache
def _title_cues() -> tuple[frozenset[str], frozenset[str]]:
    data = lexicon()["speech"]
    return frozenset(data["title_cues"]), frozenset(data["title_small_words"])


def is_title(text: str, before: str) -> bool:
    """A quoted name rather than speech: a book, a show, a nickname.

    >>> is_title("Night Harbour", "he watched ")
    True
    >>> is_title("We will not give up", "she said, ")
    False
    >>> is_title("the butcher", "known as ")
    True
    >>> is_title("Axis of Renewal,", "refer to them as the ")
    True
    """
    cues, small = _title_cues()
    text = text.rstrip().removesuffix(",")  # American style keeps the comma inside the marks
    words = text.split()
    if not words or len(words) > 8 or re.search(r"[.!?,;:…]\W*$", text):
        return False
    previous = [w for w in re.findall(r"[\w']+", before.lower()) if w not in {"the", "a", "an"}][-2:]
    if previous and (previous[-1] in cues or " ".join(previous) in cues):
        return True
    return len(words) <= 6 and all(w[:1].isupper() or w.lower() in small for w in words) and words[0][:1].isupper()


_DOUBLE = "\"“”„«»"
_OPENING = "“„«"
_CLOSING = "”»"


def _side(body: str, index: int) -> str:
    """Whether a double quotation mark opens ("open"), closes ("close") or cannot tell ("?").

    News text mixes straight and curly marks and sometimes closes a “ with a ", so the
    direction is read from the neighbouring characters first and the glyph second.
    """
    before = body[index - 1] if index else " "
    after = body[index + 1] if index + 1 < len(body) else " "
    space_before = before.isspace() or before in "([{—–-/"
    space_after = after.isspace() or after in ".,;:!?)]}—–-"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    char = body[index]
    if char in _OPENING:
        return "open"
    if char in _CLOSING:
        return "close"
    return "?"


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks, per paragraph.

    >>> text = 'He said "no one should feel excluded", adding “a collective” solution.'
    >>> [text[s:e] for s, e in quote_spans(text)]
    ['no one should feel excluded', 'a collective']

    A mark that opens while a quote is still open starts a new paragraph of the
    same speech (news style drops the closing mark before it):

    >>> text = '“We will act. “We will not wait,” she said.'
    >>> [text[s:e] for s, e in quote_spans(text)]
    ['We will act.', 'We will not wait,']
    """
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        base = paragraph.start()
        body = paragraph.group(0)
        open_at: int | None = None
        single = False
        for index, char in enumerate(body):
            if char in _DOUBLE:
                side = _side(body, index)
                if open_at is None:
                    if side != "close":
                        open_at, single = index, False
                elif single:
                    continue  # a double mark inside a single-quoted stretch
                elif side == "open" and body[open_at + 1:index].rstrip()[-1:] in {".", "!", "?"}:
                    spans.append((base + open_at + 1, base + index))
                    open_at = index
                elif side != "open":
                    spans.append((base + open_at + 1, base + index))
                    open_at = None
            elif char == "‘" and open_at is None and (index == 0 or not body[index - 1].isalnum()):
                open_at, single = index, True
            elif char == "’" and single and open_at is not None and (
                    index + 1 >= len(body) or not body[index + 1].isalpha()):
                spans.append((base + open_at + 1, base + index))
                open_at = None
        if open_at is not None and not single:
            # News style leaves a quote open when it runs into the next paragraph;
            # in a paragraph that goes on, it stops at its last full sentence.
            end = len(body.rstrip())
            spans.append((base + open_at + 1, base + end))
    return [(s, e) for s, e in ((s, _trim_end(text, s, e)) for s, e in spans) if text[s:e].strip()]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _speech_verbs(tokens: list[Token], inside: range) -> list[Token]:
    """Verbs of speech outside the quote; not one only foreseen ("Seoul would respond")."""
    verbs, _ = _speech()
    return [t for t in tokens if t.lemma_.lower() in verbs and t.pos_ in {"VERB", "AUX"}
            and t.idx not in inside and not any(c.dep_ == "aux" and c.lower_ in _modals() for c in t.children)]


def _according_to(tokens: list[Token], inside: range) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        if token.lower_ == "according" and token.idx not in inside:
            for child in token.children:
                if child.lower_ == "to":
                    found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def _attribution(tokens: list[Token], inside: range, start: int, end: int,
                 refs: References) -> tuple[list[tuple[int, str]], bool]:
    """The speakers named around a quote, and whether an attribution was there at all
    (a speech verb with a subject, or "according to"), resolved or not."""
    sources = _according_to(tokens, inside)
    if sources:
        return refs.actors(sources, for_state=True), True
    verbs = _speech_verbs(tokens, inside)
    # The verb the quote hangs on first ("added that “…”"), then the nearest.
    verbs.sort(key=lambda v: (not any(c.idx in inside for c in v.children),
                              min(abs(v.idx - start), abs(v.idx - end))))
    attributed = False
    for verb in verbs:
        # Words inside the quote are what is said, never who says it.
        agents = [a for a in subjects(verb) if a.idx not in inside]
        if not agents and verb.dep_ == "advcl":  # ", adding that ..."
            agents = [a for a in subjects(verb.head) if a.idx not in inside]
        attributed = attributed or bool(agents)
        speakers = _people_first(agents, refs.actors(agents, for_state=True), refs, inside)
        if any(refs.index.get(m).label == "Person" for m, _ in speakers) and any(
                a.lower_ in PLURAL_PRONOUNS for a in agents) and len(speakers) > 1:
            return [], True  # "they wrote": a joint text is no one member's quote
        if speakers:
            return speakers, True
    return [], attributed


def _people_first(agents: list[Token], speakers: list[tuple[int, str]], refs: References,
                  inside: range) -> list[tuple[int, str]]:
    """"said lecturer Ann Vole of Brindle University": when the words that name the speaker
    hold a named person, the person speaks, not the body they come from."""
    if not speakers or any(refs.index.get(m).label == "Person" for m, _ in speakers):
        return speakers
    people = [m for a in agents for t in a.subtree if t.idx not in inside and _in_phrase(t, a)
              for m in [refs.index.at(t)] if m is not None and m.label == "Person"]
    return [(people[0].id, "name")] if people else speakers


def _in_phrase(token: Token, top: Token) -> bool:
    """Whether ``token`` belongs to the noun phrase of ``top``, not to a clause inside it
    ("Baidu, which has launched Ernie Bot, said")."""
    while token.i != top.i:
        if token.dep_ in {"relcl", "acl", "advcl", "ccomp", "xcomp"} or token.head.i == token.i:
            return False
        token = token.head
    return True


def _continues(text: str, last_end: int, start: int) -> bool:
    """A quote right after the previous one — at most the attribution sentence between
    ("…,” she said. “…") — continues the same speech. A finished quote followed by a
    sentence of the narrator's own does not: the next quote may be anyone's."""
    if last_end < 0 or start < last_end:
        return False
    gap = text[last_end:start]
    ends = len(re.findall(r"[.!?…][\"”’)]*\s", gap))
    if ends and re.search(r"[.!?…]\W*$", text[max(0, last_end - 3):last_end]):
        return False
    return ends <= 1 and len(gap) < 200


def _by_the_last_speaker(text: str, sentence: Span, start: int) -> bool:
    """A quote that opens its sentence, or sits in one whose subject is a pronoun ("They
    called on China “to engage …”"), may go on the last speaker's words; one inside a
    sentence about someone named ("Xi … calling on them to “show your talent”") may not."""
    before = text[sentence.start_char:start - 1]
    if re.search(r"(^|[.!?…:][\"”’]?)\s*$", before) or len(before.split()) == 1:
        return True  # "But “…”" opens its sentence too
    subjects_of_root = [c for c in sentence.root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return bool(subjects_of_root) and all(c.pos_ == "PRON" for c in subjects_of_root)


def _is_term(doc: Doc, start: int, end: int) -> bool:
    """A word or short name in quotation marks that the narration uses ("“guk-guk” is how
    they say it", "heard as “woof-woof”"): no verb inside, at most four words, and not
    governed by a verb of speech. It is a term, not anyone's speech."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span.text.split()) > 4 or any(t.pos_ in {"VERB", "AUX"} for t in span):
        return False
    verbs, _ = _speech()
    # Said of someone when a verb of speech governs it, however far up ("X is “a first step”, she said").
    heads = [a for t in span if not start <= t.head.idx < end for a in (t.head, *t.head.ancestors)]
    return not any(h.lemma_.lower() in verbs and h.pos_ in {"VERB", "AUX"} for h in heads)


def find_quotes(doc: Doc, index: MentionIndex, refs: References, original_text: str) -> list[QuoteMention]:
    quotes: list[QuoteMention] = []
    sents = [s for s in doc.sents if s.text.strip()]
    last_speakers: tuple[int, ...] = ()
    last_quote_end = -1
    held: tuple[int, int, str] | None = None  # the last quote, when no one was found to say it
    for start, end in quote_spans(original_text):
        if is_title(original_text[start:end], original_text[max(0, start - 30):start - 1]) or _is_term(
                doc, start, end):
            continue
        inside = range(start - 1, end + 1)
        touching = [s for s in sents if s.start_char < end + 1 and s.end_char > start - 1]
        if not touching:
            continue
        window: list[Span] = touching
        ends_sentence = not original_text[end + 1:touching[-1].end_char].strip(" ,.;:!?\"”’)")
        if ends_sentence and not _speech_verbs([t for s in touching for t in s], inside) and (not re.search(
                r"[.…]\W*$", original_text[start:end]) or re.match(r"[\"”’]?\s+[a-z]", original_text[end:end + 4])):
            # "… ,” he said." — the attribution sits in the sentence after the closing mark
            # unless the quote ended its own sentence ("….” she said" goes on in lower case).
            # A quote inside a sentence of narration ("calling on them to “show your talent”
            # in …") is not attributed by the next sentence.
            window = touching + [s for s in sents if s.start_char >= touching[-1].end_char][:1]
        tokens = [t for s in window for t in s]
        speakers, attributed = _attribution(tokens, inside, start, end, refs)
        if not speakers and original_text[:start - 1].rstrip().endswith(":"):
            # "The minister said: “…”" with the colon read as a sentence end.
            before = [s for s in sents if s.end_char <= touching[0].start_char][-1:]
            if before:
                speakers, attributed = _attribution(list(before[0]), inside, start, end, refs)
        ids = tuple(m for m, _ in speakers if index.get(m).label != "Concept")
        if (not ids and not attributed and last_speakers and _by_the_last_speaker(original_text, touching[0], start)
                and _continues(original_text, last_quote_end, start)):
            # A quote with no attribution of its own, right after an attributed one,
            # continues the same speaker.
            ids = last_speakers
        sentence = " ".join(original_text[touching[0].start_char:touching[-1].end_char].split())
        if not ids:
            last_speakers, last_quote_end = (), end
            held = (start, end, sentence)
            continue
        if held is not None and re.fullmatch(r"\s*[\"“„«]", original_text[held[1]:start]):
            # “… advantage. “That area is ours,” Fowler said: a quote the next one reopens
            # without closing it is the first paragraph of the same speech.
            quotes.append(_quote(original_text, *held, ids, CONFIDENCE["pronoun"]))
        held = None
        how = speakers[0][1] if speakers else "pronoun"
        quotes.append(_quote(original_text, start, end, sentence, ids, CONFIDENCE.get(how, 0.6)))
        last_speakers = ids
        last_quote_end = end
    return _join_fragments(quotes)


def _quote(text: str, start: int, end: int, sentence: str, speakers: tuple[int, ...],
           confidence: float) -> QuoteMention:
    return QuoteMention(text=" ".join(text[start:end].split()).strip(" ,"), speakers=speakers, evidence=Evidence(
        sentence=sentence, start=start, end=end, rule="kg.quote.v1", confidence=confidence))


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
