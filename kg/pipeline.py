"""The whole path, ingest -> nlp -> extract -> resolve -> graph, as one call."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .extract import extract
from .graph import build_graph
from .ingest import SkipReporter, iter_documents, text_documents
from .model import Document, ResolvedArticle
from .nlp import parse
from .resolve import merge_corpus, resolve_article
from .resources import known_entities
from .vocab import DEFAULT_BASE

__all__ = ["BuildResult", "build_articles", "build_graph_from"]

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    graph: Graph
    articles: int = 0
    skipped: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        from .vocab import KGO

        g = self.graph
        entity_types = {KGO.Person, KGO.Organization, KGO.Place, KGO.Country, KGO.City}
        from rdflib import RDF

        entities = {s for t in entity_types for s in g.subjects(RDF.type, t)}
        relations = sum(1 for _ in g.subjects(RDF.type, KGO.Statement))
        quotes = sum(1 for _ in g.subjects(RDF.type, KGO.Quote))
        return {"articles": self.articles, "entities": len(entities), "relations": relations,
                "quotes": quotes, "triples": len(g)}


def build_articles(documents: Iterable[Document], model: str | None = None,
                   known_files: tuple[Path, ...] = (),
                   on_article: Callable[[Document], None] | None = None) -> Iterator[ResolvedArticle]:
    """Resolved articles, one at a time, in input order."""
    known = known_entities(tuple(known_files))
    for doc, document in parse(documents, model=model):
        try:
            resolved = resolve_article(extract(doc, document, known), known)
        except Exception as exc:  # one bad article never aborts a batch
            log.warning("%s: extraction failed (%s), skipped", document.origin or document.id, exc)
            continue
        if on_article is not None:
            on_article(document)
        yield resolved


def build_graph_from(inputs: Iterable[str | Path] | None = None, *,
                     texts: Iterable[str | tuple[str, str]] | None = None,
                     model: str | None = None, base: str = DEFAULT_BASE,
                     known_files: tuple[Path, ...] = (),
                     on_skip: SkipReporter | None = None,
                     on_article: Callable[[Document], None] | None = None) -> BuildResult:
    """Build one graph from paths (files, folders, JSONL, "-") and/or texts."""
    skipped: list[str] = []

    def report(message: str) -> None:
        skipped.append(message)
        if on_skip is not None:
            on_skip(message)
        else:
            log.warning("%s", message)

    def documents() -> Iterator[Document]:
        if inputs is not None:
            yield from iter_documents(inputs, report)
        if texts is not None:
            yield from text_documents(texts, report)

    articles = list(build_articles(documents(), model=model, known_files=known_files,
                                   on_article=on_article))
    graph = build_graph(merge_corpus(articles), base=base)
    return BuildResult(graph=graph, articles=len(articles), skipped=skipped)
