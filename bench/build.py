"""Build throughput and memory against spaCy's own nlp.pipe, on a generated corpus.

    python bench/build.py                       # N = 100, 1,000, 10,000; workers 1 and 2
    python bench/build.py --sizes 100 1000      # quicker

The corpus is made from the example articles with the people, cities and years
replaced by random ones (names and places from newskg's data and name lists),
so every article is different text with the same kind of grammar.

Each measurement runs in a fresh process; model load is excluded on both
sides (the clock starts after a warm-up document). Peak memory is the sum of
the resident sizes of the process and its workers, sampled every 50 ms.
Writes bench/results/build.json, build.md and build.png.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(Path(__file__).resolve().parent))


# --- corpus -----------------------------------------------------------------

def _templates() -> list[tuple[str, list[str], list[str]]]:
    """(text, person names, city names) for each example article, read by newskg itself."""
    import kg
    from kg.ingest import iter_documents

    templates = []
    for document in iter_documents([ROOT / "examples" / "articles"], print):
        built = kg.build(texts=[(document.id, document.text)], workers=1)
        people = [name for e in built.entities() if e.type == "Person" for name in (e.label, *e.aliases)]
        cities = [e.label for e in built.entities() if e.type == "City"]
        templates.append((document.text, people, cities))
    return templates


def make_corpus(n: int, path: Path, seed: int = 11) -> int:
    """Write ``n`` articles as JSONL; returns the number of words."""
    from synthetic import FIRST, LAST

    from kg.resources import data_path

    with open(data_path("places.csv"), encoding="utf-8") as handle:  # the hand-linked capitals and hubs
        cities = [r["name"] for r in csv.DictReader(handle) if r["type"] == "City" and r["wikidata"]]
    rng = random.Random(seed)
    templates = _templates()
    words = 0
    seen: set[str] = set()
    with open(path, "w", encoding="utf-8") as out:
        i = 0
        while i < n:
            text, people, places = templates[i % len(templates)]
            mapping: dict[str, str] = {}
            for name in sorted(people, key=len, reverse=True):
                parts = name.split()
                if len(parts) > 1:
                    first, last = rng.choice(FIRST), rng.choice(LAST)
                    mapping[name] = f"{first} {last}"
                    mapping.setdefault(parts[-1], last)
            for place in places:
                mapping[place] = rng.choice(cities)
                mapping[place.upper()] = mapping[place].upper()
            if mapping:
                pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True)))
                                     + r")\b")
                text = pattern.sub(lambda m, names=mapping: names[m.group(1)], text)
            year = str(rng.randint(2005, 2025))
            text = re.sub(r"\b20[0-2]\d\b", year, text)
            if text in seen:
                continue
            seen.add(text)
            out.write(json.dumps({"id": f"article-{i:06d}", "date": f"{year}-01-01", "text": text}) + "\n")
            words += len(text.split())
            i += 1
    return words


# --- one measurement (runs in a child process) ------------------------------

def _texts(corpus: Path) -> list[str]:
    with open(corpus, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def run_spacy(corpus: Path, workers: int) -> dict:
    import spacy

    from kg.nlp import BATCH_SIZE, load_model, resolve_model_name

    nlp = spacy.load(resolve_model_name(None))  # the bare pipeline, as spaCy ships it
    texts = _texts(corpus)
    list(nlp.pipe(texts[:2]))  # warm-up
    load_model(None)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=workers):
        pass
    return {"seconds": time.perf_counter() - started, "words": sum(len(t.split()) for t in texts),
            "articles": len(texts)}


def run_kg(corpus: Path, workers: int, out: Path, store: bool) -> dict:
    from kg.ingest import iter_documents
    from kg.nlp import load_model
    from kg.pipeline import StageTimes, build_into, documents_from
    from kg.store import GraphTarget, NTriplesTarget, OxigraphStore

    load_model(None)
    # Warm up as the spaCy side does, on two articles: model, lexicon, known entities and
    # ontology are loaded before the clock starts (start-up is excluded on both sides).
    warm = [d for _, d in zip(range(2), iter_documents([corpus], print), strict=False)]
    build_into(GraphTarget(), iter(warm), workers=1)
    # The two large-corpus paths of kg build: --store DIR, and -o graph.nt (streamed, sorted runs on disk).
    target = OxigraphStore(out) if store else NTriplesTarget(out)
    times = StageTimes()
    started = time.perf_counter()
    result = build_into(target, documents_from([corpus], None, print), workers=workers, times=times)
    write_started = time.perf_counter()
    target.close()
    times.add("write", time.perf_counter() - write_started)
    seconds = time.perf_counter() - started
    texts = _texts(corpus)
    return {"seconds": seconds, "words": sum(len(t.split()) for t in texts), "articles": result.articles,
            "stages": dict(times), "triples": result.triples_added}


def _peak_rss(process: subprocess.Popen, samples: list[int], stop: threading.Event) -> None:
    import psutil

    root = psutil.Process(process.pid)
    while not stop.is_set():
        try:
            tree = [root, *root.children(recursive=True)]
            samples.append(sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)


def measure(kind: str, corpus: Path, workers: int, store: bool = False) -> dict:
    out = Path(tempfile.mkdtemp(prefix="kg-bench-")) / ("store" if store else "graph.nt")
    command = [sys.executable, __file__, "--child", kind, str(corpus), str(workers), str(out), str(int(store))]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    samples: list[int] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_peak_rss, args=(process, samples, stop), daemon=True)
    watcher.start()
    stdout, _ = process.communicate()
    stop.set()
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"{kind} run failed on {corpus}")
    data = json.loads(stdout.strip().splitlines()[-1])
    data.update(kind=kind, workers=workers, store=store, peak_mib=max(samples) / 2**20 if samples else None,
                words_per_second=data["words"] / data["seconds"],
                articles_per_second=data["articles"] / data["seconds"])
    print(json.dumps(data), flush=True)
    return data


# --- report -----------------------------------------------------------------

def report(rows: list[dict]) -> str:
    def find(kind: str, n: int, workers: int, store: bool = False) -> dict | None:
        return next((r for r in rows if r["kind"] == kind and r["n"] == n and r["workers"] == workers
                     and r["store"] == store), None)

    lines = ["| N | workers | target | spaCy nlp.pipe w/s | kg build w/s | kg articles/s | ratio | "
             "peak MiB (kg) | nlp / extract / resolve / graph / store / write, s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in sorted((r for r in rows if r["kind"] == "kg"), key=lambda r: (r["n"], r["workers"], r["store"])):
        spacy_row = find("spacy", r["n"], r["workers"])
        ratio = f"{r['words_per_second'] / spacy_row['words_per_second']:.2f}" if spacy_row else ""
        bare = f"{spacy_row['words_per_second']:,.0f}" if spacy_row else ""
        stages = r.get("stages", {})
        split = " / ".join(f"{stages.get(s, 0):.1f}" if s in stages else "–"
                           for s in ("nlp", "extract", "resolve", "graph", "store", "write"))
        lines.append(f"| {r['n']:,} | {r['workers']} | {'store' if r['store'] else 'nt file'} | {bare} | "
                     f"{r['words_per_second']:,.0f} | {r['articles_per_second']:.1f} | {ratio} | "
                     f"{r['peak_mib']:.0f} | {split} |")
    return "\n".join(lines) + "\n"


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4.2))
    for kind, store, style in (("spacy", False, "o--"), ("kg", False, "o-"), ("kg", True, "s-")):
        points = sorted((r["n"], r["words_per_second"], r["peak_mib"]) for r in rows
                        if r["kind"] == kind and r["workers"] == 1 and r["store"] == store)
        if points:
            label = "spaCy nlp.pipe" if kind == "spacy" else f"kg build ({'store' if store else 'nt file'})"
            left.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
            middle.plot([p[0] for p in points], [p[2] for p in points], style, label=label)
    for axis, title, unit in ((left, "Throughput, 1 worker", "words / s"), (middle, "Peak memory, 1 worker", "MiB")):
        axis.set_xscale("log")
        axis.set_xlabel("articles (N)")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.legend()
        axis.set_ylim(bottom=0)
    for kind, style in (("spacy", "o--"), ("kg", "o-")):
        by_n: dict[int, list] = {}
        for r in rows:
            if r["kind"] == kind and not r["store"]:
                by_n.setdefault(r["n"], []).append((r["workers"], r["words_per_second"]))
        for n, points in sorted(by_n.items()):
            if len(points) > 1:
                points.sort()
                right.plot([p[0] for p in points], [p[1] for p in points], style,
                           label=f"{'spaCy' if kind == 'spacy' else 'kg build'}, N={n:,}")
    right.set_xlabel("workers")
    right.set_ylabel("words / s")
    right.set_title("Throughput against workers")
    right.set_xticks([1, 2])
    if right.get_legend_handles_labels()[0]:
        right.legend()
    right.set_ylim(bottom=0)
    figure.tight_layout()
    figure.savefig(path, dpi=110, metadata={"Software": None})


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, corpus, workers, out, store = sys.argv[2:7]
        data = run_spacy(Path(corpus), int(workers)) if kind == "spacy" else \
            run_kg(Path(corpus), int(workers), Path(out), bool(int(store)))
        print(json.dumps(data))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts, measured at N=1,000")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median run is kept")
    parser.add_argument("--only", nargs="+", choices=["spacy", "kg-nt", "kg-store"],
                        help="measure only these, and update the rows they replace in build.json")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    corpora = Path(tempfile.mkdtemp(prefix="kg-corpus-"))
    rows = json.loads((args.out / "build.json").read_text()) if args.only and (args.out / "build.json").exists() else []

    def label(kind: str, store: bool) -> str:
        return "spacy" if kind == "spacy" else f"kg-{'store' if store else 'nt'}"

    for n in args.sizes:
        corpus = corpora / f"corpus-{n}.jsonl"
        words = make_corpus(n, corpus)
        print(f"corpus N={n}: {words:,} words", flush=True)
        plan = [("spacy", 1, False), ("kg", 1, False), ("kg", 1, True)]
        if n == 1000:
            plan += [(kind, w, False) for w in args.workers if w != 1 for kind in ("spacy", "kg")]
        if n >= 10000:
            plan = [("spacy", 1, False), ("kg", 1, False), ("kg", 1, True)]
        for kind, workers, store in plan:
            if args.only and label(kind, store) not in args.only:
                continue
            runs = sorted((measure(kind, corpus, workers, store) for _ in range(args.repeat)),
                          key=lambda r: r["seconds"])
            data = runs[len(runs) // 2]
            data["n"], data["runs"] = n, args.repeat
            rows = [r for r in rows if (r["kind"], r["n"], r["workers"], r["store"]) != (kind, n, workers, store)]
            rows.append(data)
            (args.out / "build.json").write_text(json.dumps(rows, indent=1) + "\n")
    table = report(rows)
    (args.out / "build.md").write_text(table)
    plot(rows, args.out / "build.png")
    print(table)


if __name__ == "__main__":
    main()
