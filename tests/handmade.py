"""Hand-built spaCy Docs for rule tests: words, lemmas, parts of speech, heads,
dependencies and entities are written by the test, so a model release cannot
change what a rule is given, and a failure names the rule that broke.

A Doc is written as its text plus one row per token::

    Velmar   velmar   PROPN       nsubj 1 PERSON
    urged    urge     VERB        ROOT  1
    ...

columns: word, lemma, POS (``POS:TAG`` to set the fine tag), dependency, head
(absolute token index) and an optional entity label (consecutive tokens with
the same label form one entity; ``-`` for none, ``+LABEL`` starts a new one).
Sentences start at each ROOT's leftmost token.
"""

from __future__ import annotations

from functools import cache

from kg.extract import extract
from kg.model import ArticleExtraction, Document

_TAGS = {"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP", "ADJ": "JJ", "ADP": "IN", "DET": "DT",
         "PRON": "PRP", "AUX": "VBZ", "PART": "TO", "CCONJ": "CC", "SCONJ": "IN", "PUNCT": ".",
         "NUM": "CD", "ADV": "RB", "SYM": "$"}


@cache
def _vocab():
    import spacy

    return spacy.blank("en").vocab


def make_doc(text: str, table: str):
    """A Doc of ``text`` with the analysis written in ``table`` (see the module docstring)."""
    from spacy.tokens import Doc

    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    words = [r[0] for r in rows]
    spaces = []
    position = 0
    for word in words:
        found = text.index(word, position)
        if text[position:found].strip():
            raise ValueError(f"{word!r}: text between tokens: {text[position:found]!r}")
        position = found + len(word)
        spaces.append(text[position:position + 1] == " ")
        if spaces[-1]:
            position += 1
    pos, tags = [], []
    for r in rows:
        part, _, tag = r[2].partition(":")
        pos.append(part)
        tags.append(tag or _TAGS.get(part, "XX"))
    ents: list[str] = []
    previous = "-"
    for r in rows:
        label = r[5] if len(r) > 5 else "-"
        if label == "-":
            ents.append("O")
        elif label.startswith("+") or label != previous:
            ents.append(f"B-{label.lstrip('+')}")
        else:
            ents.append(f"I-{label}")
        previous = label.lstrip("+")
    heads = [int(r[4]) for r in rows]
    deps = [r[3] for r in rows]
    starts = [False] * len(rows)
    for i, dep in enumerate(deps):
        if dep == "ROOT":
            subtree = [i]
            changed = True
            while changed:
                changed = False
                for j, head in enumerate(heads):
                    if head in subtree and j not in subtree:
                        subtree.append(j)
                        changed = True
            starts[min(subtree)] = True
    doc = Doc(_vocab(), words=words, spaces=spaces, lemmas=[r[1] for r in rows], pos=pos, tags=tags,
              heads=heads, deps=deps, ents=ents, sent_starts=starts)
    if doc.text != text:
        raise ValueError(f"the rows spell {doc.text!r}, not {text!r}")
    return doc


def run(text: str, table: str) -> ArticleExtraction:
    """Every rule of ``kg.extract`` over a hand-built Doc."""
    return extract(make_doc(text, table), Document(id="handmade", text=text))


def facts(extraction: ArticleExtraction, asserted: bool = True) -> set[tuple[str, str, str]]:
    """(subject, property, object or concept label) of the relations found."""
    names = {m.id: m.text for m in extraction.mentions}
    found = set()
    for r in extraction.relations:
        if asserted and (r.negated or r.hypothetical):
            continue
        found.add((names[r.subject], r.predicate, names[r.object] if r.object is not None else r.concept))
    return found


def statements(extraction: ArticleExtraction) -> dict[tuple[str, str, str], tuple[bool, bool]]:
    """(negated, hypothetical) for every relation found, asserted or not."""
    names = {m.id: m.text for m in extraction.mentions}
    return {(names[r.subject], r.predicate, names[r.object] if r.object is not None else r.concept):
            (r.negated, r.hypothetical) for r in extraction.relations}


def quotes(extraction: ArticleExtraction) -> list[tuple[tuple[str, ...], str]]:
    names = {m.id: m.text for m in extraction.mentions}
    return [(tuple(names[s] for s in q.speakers), q.text) for q in extraction.quotes]
