"""Time every named query on a synthetic 1M-triple graph: rdflib in memory,
Oxigraph in memory (what ``kg query FILE`` uses) and the Oxigraph store on
disk (``kg query --store``).

    python bench/queries.py --triples 1000000 --out bench/results/queries.json

rdflib queries run in a forked child so a query that runs for minutes can be
stopped at --rdflib-limit seconds and reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402
from rdflib import Graph  # noqa: E402
from synthetic import write_synthetic_graph  # noqa: E402

from kg.query import LocalEngine, list_queries  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

MOST_MENTIONED = """PREFIX kgo: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name ; kgo:mentionCount ?n } ORDER BY DESC(?n) ?name LIMIT 1"""


def timed(work, repeat: int = 3) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(work())
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, rows


def rdflib_timed(graph: Graph, sparql: str, params: dict, limit: float) -> tuple[float | None, int]:
    """Median of 3 in a forked child; None when the first run passes ``limit`` seconds."""
    from kg.query import bind_values, terms

    text = bind_values(sparql, terms(params))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read)
        try:
            ms, rows = timed(lambda: list(graph.query(text)))
            os.write(write, json.dumps([ms, rows]).encode())
        finally:
            os._exit(0)
    os.close(write)
    deadline = time.monotonic() + 3 * limit
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            data = os.read(read, 1000)
            os.close(read)
            return tuple(json.loads(data)) if data else (None, 0)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(read)
    return None, 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rdflib-limit", type=float, default=30.0, help="seconds per rdflib query run")
    parser.add_argument("--out", type=Path, default=Path("bench/results/queries.json"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    nt = work / "graph.nt"
    started = time.perf_counter()
    triples = write_synthetic_graph(nt, args.triples)
    print(f"synthetic graph: {triples} triples in {time.perf_counter() - started:.1f}s", flush=True)

    loads = {}
    started = time.perf_counter()
    memory = LocalEngine.from_files([nt])
    loads["oxigraph-memory"] = time.perf_counter() - started
    started = time.perf_counter()
    disk = OxigraphStore(work / "store")
    disk.store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    disk.store.flush()
    disk.close()
    on_disk = LocalEngine(OxigraphStore(work / "store", read_only=True).store)
    loads["oxigraph-disk"] = time.perf_counter() - started
    started = time.perf_counter()
    graph = Graph()
    graph.parse(str(nt), format="nt")
    loads["rdflib-memory"] = time.perf_counter() - started
    print("load (s):", {k: round(v, 1) for k, v in loads.items()}, flush=True)

    person = memory.query(MOST_MENTIONED).cells()[0][0]
    params_for = {"entity-profile": {"entity": person}, "quotes-by": {"person": person}}
    results = []
    for named in list_queries():
        params = params_for.get(named.name, {})
        row = {"query": named.name}
        # Timed as kg query uses them: run, and read every row as strings.
        text = named.text
        row["oxigraph-memory"], row["rows"] = timed(lambda text=text, params=params: memory.query(text, params).cells())
        row["oxigraph-disk"], _ = timed(lambda text=text, params=params: on_disk.query(text, params).cells())
        row["rdflib-memory"], rdflib_rows = rdflib_timed(graph, named.text, params, args.rdflib_limit)
        if row["rdflib-memory"] is not None and rdflib_rows != row["rows"]:
            row["note"] = f"rdflib returned {rdflib_rows} rows"
        results.append(row)
        print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"triples": triples, "load_seconds": loads, "queries": results,
                                    "rdflib_limit_seconds": args.rdflib_limit}, indent=1) + "\n")
    print(table(results, triples, args.rdflib_limit))


def table(results: list[dict], triples: int, limit: float) -> str:
    def cell(ms: float | None) -> str:
        return f"> {limit * 1000:,.0f}" if ms is None else f"{ms:,.1f}"

    lines = [f"| named query, ms ({triples:,} triples, median of 3) | rows | rdflib in memory | Oxigraph in memory "
             "| Oxigraph on disk |", "|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['query']} | {r['rows']:,} | {cell(r['rdflib-memory'])} | {cell(r['oxigraph-memory'])} | "
                     f"{cell(r['oxigraph-disk'])} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
