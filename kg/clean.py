"""Blank site boilerplate out of an article, keeping every character offset.

Credit lines, subscription prompts, bylines, datelines and stray link markers
("Charles Michel i") are replaced by spaces in ``Document.nlp_text``: the
model never sees them, and offsets into ``Document.text`` stay valid. What
they tell us (author, publisher, date, dateline place) goes into the
document's metadata instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache

from .dates import parse_date
from .model import Document
from .resources import boilerplate
from .settings import LONG_WORD

__all__ = ["clean_document"]

# A lone lower-case "i" after a word is a link or info marker from a web page;
# the English pronoun is always "I".
_LINK_MARKER = re.compile(r"(?<=[A-Za-z\u00C0-\u024F)])(\s)i(?=[\s,.;:!?)]|$)")
_TERMINAL = re.compile(r"[.!?:;\"”’)]\s*$")


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    data = boilerplate()
    return {
        "lines": [re.compile(p, re.IGNORECASE) for p in data["lines"]],
        "bylines": [re.compile(p) for p in data["bylines"]],  # keyword part is (?i:...)
        "sources": [re.compile(p, re.IGNORECASE) for p in data["sources"]],
        "datelines": [re.compile(p) for p in data["datelines"]],
        "agencies": [_agency_pattern(data.get("agencies", {}))],
    }


def _agency_pattern(agencies: dict[str, str]) -> re.Pattern[str]:
    names = "|".join(sorted(map(re.escape, agencies), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\((?P<a>{names})\)|[—–-]+\s*(?P<b>{names})\s*$", re.MULTILINE)


def _agency_credits(text: str, chars: list[str]) -> str | None:
    """Blank "(AP)", "(Reuters)", "— AFP" credits; the first agency credited, by its full name."""
    agencies = boilerplate().get("agencies", {})
    first = None
    for match in _patterns()["agencies"][0].finditer(text):
        credit = match.group("a") or match.group("b")
        first = first or agencies.get(credit)
        _blank(chars, match.start(), match.end())
    return first


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each line of ``text``."""
    result = []
    offset = 0
    for line in text.splitlines(keepends=True):
        result.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return result


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] not in "\r\n":
            chars[index] = " "


# Characters no article needs and some RDF tools choke on: C0/C1 controls (but tab and
# line breaks), lone surrogates (from JSON escapes), non-characters.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A "word" of LONG_WORD characters is not language (base64, 300,000 × "a", 1.2.3.4…): the
# tokenizer and parser would crawl on it, so the model sees spaces there instead.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_LONG_WORD = re.compile(r"\S{" + str(LONG_WORD) + ",}")


def sanitize_text(text: str) -> tuple[str, list[str]]:
    r"""NFC, with control characters and lone surrogates replaced by spaces; notes on what changed.

    >>> sanitize_text("Cafe\u0301 \x00 \ud800")
    ('Café    ', ['replaced 2 control or invalid characters with spaces', 'normalized to NFC'])
    """
    notes = []
    cleaned, count = _UNSAFE.subn(" ", text)
    if count:
        notes.append(f"replaced {count} control or invalid characters with spaces")
    normal = unicodedata.normalize("NFC", cleaned)
    if normal != cleaned:
        notes.append("normalized to NFC")
    return normal, notes


def clean_document(doc: Document) -> Document:
    """Return ``doc`` with ``nlp_text`` set and metadata read from its boilerplate."""
    text, notes = sanitize_text(doc.text)
    doc = replace(doc, text=text)
    chars = list(text)
    pats = _patterns()
    author, source, date, title = doc.author, doc.source, doc.date, doc.title
    dateline = doc.dateline
    body_started = False
    story_paragraphs = 0
    lines = _lines(text)
    first_content = next((i for i, (_, line) in enumerate(lines) if line.strip()), None)

    for index, (offset, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        lead = offset + (len(line) - len(line.lstrip()))
        # The headline: a short first line with no closing punctuation.
        if index == first_content and len(stripped.split()) <= 20 and not _TERMINAL.search(stripped):
            title = title or stripped
            # The headline stays visible to the model as its own sentence.
            continue
        byline = next((m for p in pats["bylines"] if (m := p.match(stripped))), None)
        if byline:
            author = author or byline.group("author")
            _blank(chars, offset, offset + len(line))
            continue
        credit = next((m for p in pats["sources"] if (m := p.search(stripped))), None)
        if credit:
            source = source or credit.group("source")
            if date is None:
                found = parse_date(stripped)
                date = found.isoformat() if found else None
            _blank(chars, offset, offset + len(line))
            continue
        if any(p.search(stripped) for p in pats["lines"]):
            _blank(chars, offset, offset + len(line))
            continue
        if not body_started and story_paragraphs < 3:
            story_paragraphs += 1
            match = next((m for p in pats["datelines"] if (m := p.match(stripped))), None)
            if match:
                place_start = lead + match.start("place")
                place_end = lead + match.end("place")
                dateline = dateline or (match.group("place"), place_start, place_end)
                if match.groupdict().get("agency"):
                    source = source or boilerplate().get("agencies", {}).get(match.group("agency").strip())
                if date is None and "date" in match.groupdict() and match.group("date"):
                    found = parse_date(match.group("date"))
                    date = found.isoformat() if found else None
                # The whole dateline is blanked: the parser would make the place the
                # subject of the first sentence, the tagger swallow the next word into
                # a DATE. The place is still an entity (from the metadata).
                _blank(chars, place_start, lead + match.end())
                body_started = True
            elif len(stripped.split()) > 12:
                body_started = True

    credited = _agency_credits("".join(chars), chars)
    source = source or credited
    nlp_text = _LINK_MARKER.sub(lambda m: m.group(1) + " ", "".join(chars))
    # Invisible format characters (bidi overrides, zero-width spaces) split or glue words
    # for the tokenizer; the model sees spaces, the text keeps them.
    nlp_text = _INVISIBLE.sub(" ", nlp_text)
    long_words = _LONG_WORD.findall(nlp_text)
    if long_words:
        nlp_text = _LONG_WORD.sub(lambda m: " " * len(m.group(0)), nlp_text)
        notes.append(f"{len(long_words)} run(s) of {LONG_WORD}+ characters without a space hidden from the parser")
    return replace(
        doc,
        notes=tuple(notes),
        nlp_text=nlp_text,
        title=title,
        date=date,
        author=author,
        source=source,
        dateline=dateline,
    )
