"""Stage 3: entities, relations and quotes from a parsed article.

``extract(doc, document)`` is pure: a spaCy Doc in, an ArticleExtraction out.
The Doc never leaves this package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..confidence import ConfidenceTable, confidence_table
from ..model import ArticleExtraction, Document, Evidence, RelationMention
from ..resources import KnownEntities, known_entities
from .mentions import find_mentions, retype_people
from .quotes import find_quotes
from .refs import References
from .relations import find_relations
from .roles import find_roles
from .tokens import sent_of, tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract"]


def _article_date(document: Document) -> dt.date | None:
    if not document.date:
        return None
    try:
        return dt.date.fromisoformat(document.date[:10])
    except ValueError:
        return None


def _calibrated(evidence: Evidence, prop: str, table: ConfidenceTable) -> Evidence:
    return replace(evidence, confidence=table.lookup(evidence.rule, prop))


def extract(doc: Doc, document: Document, known: KnownEntities | None = None) -> ArticleExtraction:
    """Everything newskg reads from one article."""
    known = known or known_entities()
    index = find_mentions(doc, document, known)
    tokens = tokens_of(doc)
    role_list = find_roles(tokens, index, known)
    retype_people(index, {role.person for role in role_list})
    refs = References(doc, index, role_list, known)
    relations, concept_aliases = find_relations(doc, index, refs, document.text, _article_date(document))
    for role in role_list:
        if role.target is None or role.property not in {"leaderOf", "memberOf"}:
            continue
        token = doc[role.token]
        sent = sent_of(token)
        sentence = " ".join(document.text[sent.start_char:sent.end_char].split())
        person = index.get(role.person)
        start = min(person.start, index.get(role.target).start)
        end = max(person.end, index.get(role.target).end)
        relations.append(RelationMention(
            role.person, role.property, role.target, None,
            Evidence(sentence=sentence, start=start, end=end, rule=role.rule, confidence=0.85),
        ))
    quotes = find_quotes(doc, index, refs, document.text)
    mentions = tuple(index.mentions)
    # Confidence is data: the measured precision of the rule for the property (kg/data/confidence.toml).
    table = confidence_table()
    return ArticleExtraction(
        document=document,
        mentions=mentions,
        relations=tuple(replace(r, evidence=_calibrated(r.evidence, r.predicate, table)) for r in relations),
        quotes=tuple(replace(q, evidence=_calibrated(q.evidence, "says", table)) for q in quotes),
        concept_aliases=tuple(dict.fromkeys(concept_aliases)),
    )
