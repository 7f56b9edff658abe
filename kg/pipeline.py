"""The whole path, ingest -> nlp -> extract -> resolve -> graph -> target, as one call.

Articles stream through: they are read lazily, parsed and extracted (in this
process, in worker processes, or on a Dask cluster), written to the target in
chunks, and released. Only the entity table stays in memory. Corpus-level
merges (a lone surname joining the one matching full name) are applied at the
end, over everything the target holds, so an incremental build ends in the
same graph as a build of all articles at once.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from rdflib import Graph, URIRef

from .errors import ConfigError, OntologyError
from .extract import extract
from .graph import EntityRecord, GraphBuilder, Triple, content_hash
from .ingest import MAX_ARTICLE_CHARS, SkipReporter, iter_documents, text_documents
from .model import Document, ResolvedArticle, Skipped
from .nlp import parse
from .resolve import resolve_article, surname_merges
from .resources import check_data_files, known_entities
from .settings import ARTICLE_BUDGET, CHUNK, DASK_CONNECT_TIMEOUT
from .store import GraphTarget
from .vocab import DEFAULT_BASE

__all__ = ["BuildResult", "StageTimes", "Target", "build_articles", "build_graph_from", "build_into"]

log = logging.getLogger(__name__)



class Target(Protocol):
    def entities(self, base: str = ...) -> dict[str, EntityRecord]: ...
    def article_hashes(self) -> set[str]: ...
    def articles(self) -> dict[str, str]: ...
    def rename(self, old: URIRef, new: URIRef) -> None: ...
    def commit(self, reset: Iterable[URIRef], triples: Iterable[Triple]) -> None: ...


@dataclass
class BuildResult:
    graph: Graph | None  # the built graph, for in-memory builds
    articles: int = 0  # articles added by this build
    unchanged: int = 0  # articles skipped because the target already had them
    skipped: list[str] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    quotes: int = 0
    triples_added: int = 0


class StageTimes(dict):
    """Seconds spent per stage (nlp, extract, resolve, graph, store), for benchmarks."""

    def add(self, stage: str, seconds: float) -> None:
        self[stage] = self.get(stage, 0.0) + seconds


class ArticleTimeout(Exception):
    """Extraction of one article ran past its time budget."""




@contextmanager
def _budget(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread of a process only, where signals work)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def build_articles(documents: Iterable[Document], model: str | None = None,
                   known_files: tuple[Path, ...] = (), times: StageTimes | None = None,
                   budget: float | None = ARTICLE_BUDGET) -> Iterator[ResolvedArticle | Skipped]:
    """Resolved articles, one at a time, in input order (this process); a ``Skipped`` for each failure."""
    check_data_files()
    known = known_entities(tuple(known_files))
    parsed = parse(documents, model=model)
    clock = time.perf_counter
    while True:
        started = clock()
        try:
            doc, document = next(parsed)
        except StopIteration:
            return
        extracted = clock()
        try:
            with _budget(budget):
                extraction = extract(doc, document, known)
                resolving = clock()
                resolved = resolve_article(extraction, known)
        except ArticleTimeout:
            yield Skipped(document.origin or document.id, f"extraction took over {budget:g}s")
            continue
        except (ConfigError, OntologyError):
            raise  # a bad data file or ontology is no article's fault: every article would fail
        except Exception as exc:  # one bad article never aborts a batch
            log.debug("extraction failed", exc_info=True)
            yield Skipped(document.origin or document.id, f"extraction failed ({type(exc).__name__}: {exc})")
            continue
        if times is not None:
            done = clock()
            times.add("nlp", extracted - started)
            times.add("extract", resolving - extracted)
            times.add("resolve", done - resolving)
        yield resolved


def process_chunk(documents: list[Document], model: str | None,
                  known_files: tuple[Path, ...]) -> list[ResolvedArticle | Skipped]:
    """The unit of parallel work: parse, extract and resolve a chunk of articles.

    Runs in worker processes and on Dask workers; the model loads once per process.
    """
    return list(build_articles(documents, model=model, known_files=known_files))


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_order(submit: Callable[[list[Document]], Any], result: Callable[[Any], list[Any]],
              chunks: Iterator[list[Document]], window: int) -> Iterator[ResolvedArticle | Skipped]:
    """Keep ``window`` chunks in flight and yield results in input order (bounded memory)."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


def resolved_articles(documents: Iterable[Document], model: str | None = None,
                      known_files: tuple[Path, ...] = (), workers: int = 1,
                      dask: str | Any | None = None, chunk: int = CHUNK,
                      times: StageTimes | None = None) -> Iterator[ResolvedArticle | Skipped]:
    """Parse, extract and resolve ``documents``: here, in ``workers`` processes, or on Dask.

    The output order is the input order whatever the parallelism, so the graph is
    byte-identical to a one-process build.
    """
    if dask is not None:
        from distributed import Client

        client = dask if isinstance(dask, Client) else _connect(dask)
        try:
            window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            submit = partial(_submit_dask, client, model, known_files)
            yield from _in_order(submit, lambda future: future.result(), _chunks(documents, chunk), window)
        finally:
            if client is not dask:
                client.close()
        return
    if workers <= 1:
        yield from build_articles(documents, model=model, known_files=known_files, times=times)
        return
    import multiprocessing

    from .nlp import load_model

    load_model(model)  # forked workers share the loaded model instead of loading their own
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with context.Pool(workers, initializer=_quiet_worker) as pool:
        work = partial(process_chunk, model=model, known_files=known_files)
        yield from _in_order(lambda chunk: pool.apply_async(work, (chunk,)), lambda job: job.get(),
                             _chunks(documents, chunk), 2 * workers)


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the main process, which ends them (SIGTERM) and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _connect(address: str) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"{address}: cannot reach the Dask scheduler ({type(exc).__name__})") from None


def _submit_dask(client: Any, model: str | None, known_files: tuple[Path, ...], chunk: list[Document]) -> Any:
    return client.submit(process_chunk, chunk, model, known_files, pure=False)


def build_into(target: Target, documents: Iterable[Document], *, model: str | None = None,
               base: str = DEFAULT_BASE, known_files: tuple[Path, ...] = (), workers: int = 1,
               dask: str | Any | None = None, on_skip: SkipReporter | None = None,
               on_article: Callable[[Document], None] | None = None, chunk: int = CHUNK,
               times: StageTimes | None = None, min_confidence: float = 0.0) -> BuildResult:
    """Add articles to ``target``, skipping those it already holds; returns what was added.

    Relations below ``min_confidence`` keep their statement node but get no direct triple.
    """
    result = BuildResult(graph=None)
    held = target.articles()  # article node IRI -> content hash
    seen = set(held.values())
    builder = GraphBuilder(base, target.entities(base), min_confidence)

    def report(message: str) -> None:
        result.skipped.append(message)
        (on_skip or log.warning)(message)

    def new_documents() -> Iterator[Document]:
        for document in documents:
            digest = content_hash(document.text)
            if digest in seen:
                result.unchanged += 1
                continue
            seen.add(digest)
            iri = str(builder.article_iri(document.id))
            if held.get(iri, digest) != digest:
                # The same id with another text (index.txt in two runs): a new identity, never a merge.
                new_id = f"{document.id}-{digest[:8]}"
                report(f"{document.origin or document.id}: the graph already holds a different article with id "
                       f"{document.id!r}; added as {new_id!r}")
                document = replace(document, id=new_id)
                iri = str(builder.article_iri(new_id))
            held[iri] = digest
            yield document

    times = times if times is not None else StageTimes()
    clock = time.perf_counter

    def commit(reset: list[URIRef], triples: list[Triple]) -> None:
        started = clock()
        target.commit(reset, triples)
        times.add("store", clock() - started)

    buffer: list[Triple] = []
    pending = 0
    for resolved in resolved_articles(new_documents(), model, known_files, workers, dask, chunk, times):
        if isinstance(resolved, Skipped):
            report(str(resolved))
            continue
        started = clock()
        buffer += builder.add(resolved)
        times.add("graph", clock() - started)
        result.articles += 1
        result.relations += len(resolved.relations)
        result.quotes += len(resolved.quotes)
        pending += 1
        if on_article is not None:
            on_article(resolved.document)
        if pending >= chunk:
            commit(*_with_entities(builder, buffer))
            result.triples_added += len(buffer)
            buffer, pending = [], 0
    commit(*_with_entities(builder, buffer))
    result.triples_added += len(buffer)
    # Corpus merges last, over everything the target holds (old articles and new).
    for old, new in builder.merge(surname_merges(builder.people(), builder.person_aliases())):
        target.rename(old, new)
    commit(*builder.entity_updates())
    result.entities = sum(1 for r in builder.entities.values() if r.type != "Concept")
    return result


def _with_entities(builder: GraphBuilder, triples: list[Triple]) -> tuple[list[URIRef], list[Triple]]:
    reset, described = builder.entity_updates()
    return reset, triples + described


def documents_from(inputs: Iterable[str | Path] | None, texts: Iterable[str | tuple[str, str]] | None,
                   report: SkipReporter, max_chars: int = MAX_ARTICLE_CHARS,
                   follow_links: bool = False) -> Iterator[Document]:
    if inputs is not None:
        yield from iter_documents(inputs, report, max_chars=max_chars, follow_links=follow_links)
    if texts is not None:
        yield from text_documents(texts, report, max_chars=max_chars)


def build_graph_from(inputs: Iterable[str | Path] | None = None, *,
                     texts: Iterable[str | tuple[str, str]] | None = None,
                     model: str | None = None, base: str = DEFAULT_BASE,
                     known_files: tuple[Path, ...] = (), graph: Graph | None = None,
                     workers: int = 1, dask: str | Any | None = None, chunk: int = CHUNK,
                     on_skip: SkipReporter | None = None,
                     on_article: Callable[[Document], None] | None = None,
                     min_confidence: float = 0.0) -> BuildResult:
    """Build one in-memory graph from paths (files, folders, JSONL, "-") and/or texts.

    Pass ``graph`` to add to an existing graph: articles it already holds are skipped.
    """
    target = GraphTarget(graph)
    skipped: list[str] = []

    def report(message: str) -> None:
        skipped.append(message)
        (on_skip or log.warning)(message)

    result = build_into(target, documents_from(inputs, texts, report), model=model, base=base,
                        known_files=known_files, workers=workers, dask=dask, on_skip=on_skip,
                        on_article=on_article, chunk=chunk, min_confidence=min_confidence)
    result.graph = target.graph
    result.skipped[:0] = skipped
    return result


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
