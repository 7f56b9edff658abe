"""The reliability suite: hostile input, crashes mid-write, untrusted queries.

Each attempt is a module-scoped fixture that returns what it tried and what
happened; the tests assert on those figures, and the last test gathers them all
(running any attempt not yet run, so it stands alone in any order), prints the
table and saves it as JSON under its tmp_path. With ``KG_UPDATE_README=1`` it
rewrites the table in the README.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, SEED, update_readme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.compare import isomorphic

from kg.clean import sanitize_text
from kg.cli import main
from kg.graph import GraphBuilder, new_graph, serialize
from kg.model import Document, Entity, Evidence, Quote, Relation, ResolvedArticle
from kg.resolve import key_for
from kg.vocab import KGO, SCHEMA

KG = [sys.executable, "-m", "kg.cli"]
FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
           "json-ld": ox.RdfFormat.JSON_LD}


def kg(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def strict_parse(data: bytes, fmt: str) -> int:
    """Parse with Oxigraph's strict parsers; returns the number of triples."""
    return sum(1 for _ in ox.parse(data, format=FORMATS[fmt]))


# --- 1. input that is not a clean article ------------------------------------

HOSTILE_FILES = {
    "empty": ("empty.txt", b""),
    "whitespace only": ("blank.txt", b"  \n\t \r\n  "),
    "binary (NUL bytes)": ("nul.txt", b"abc\x00def\x00" * 100),
    "image renamed .txt": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    "archive renamed .txt": ("archive.txt", b"PK\x03\x04" + bytes(range(256)) * 4),
    "gzip renamed .txt": ("data.txt", b"\x1f\x8b\x08\x00" + os.urandom(512)),
    "invalid UTF-8 / CP1252": ("cp1252.txt", "Greek Prime Minister Nikos Andreou met Turkish President "
                               "Emre Kaya in Athens on Monday. \u201cWe will cooperate,\u201d Andreou said.\n"
                               .encode("cp1252")),
    "Latin-1": ("latin1.txt", "Le ministre français José Martín a rencontré Élodie Durand à Genève.\n"
                .encode("latin-1")),
    "UTF-16 with BOM": ("utf16.txt", "Polish Prime Minister Anna Nowak met Czech Prime Minister "
                        "Petr Dvorak in Prague on Friday.\n".encode("utf-16")),
    "HTML": ("page.html", b"<!doctype html><html><head><title>Talks</title><style>p{color:red}</style>"
             b"<script>alert('x')</script></head><body><p>Danish Prime Minister Mette Holm met "
             b"Swedish Prime Minister Lars Berg in Copenhagen &amp; pledged to build a bridge.</p></body></html>"),
    "300,000 x 'a'": ("aaaa.txt", b"a" * 300_000),
    "thousands of '!'": ("bang.txt", b"Protest! " + b"!" * 5000 + b" " + b"! " * 3000),
    "digit-dot run": ("digits.txt", b"Version " + b"1." * 20_000 + b"\nThe ministers met in Oslo.\n"),
    "control and bidi characters": ("controls.txt", "Minister \u202eNadia Haddad\u202c met \x07Omar Saleh\x1b "
                                    "in Beirut.\u200b\n".encode()),
}
JSONL_LINES = [
    '{"id": "good-1", "text": "Austrian Chancellor Karl Huber met Swiss President Lea Frei in Vienna."}',
    '{"id": "truncated", "text": "Austrian Chancel',
    '["not", "an", "object"]',
    '{"id": "no-text"}',
    '{"id": "number-text", "text": 42}',
    '{"id": "nan", "text": NaN}',
    "",
    "   ",
    '{"id": "nan-title", "title": NaN, "text": "Irish Taoiseach Sean Byrne met Maltese Prime Minister '
    'Paul Camilleri in Dublin."}',
]


INPUT_KINDS = {**{kind: 1 for kind in HOSTILE_FILES}, "JSONL lines (bad and good)": len(JSONL_LINES),
               "text longer than a parse segment": 1, "dangling link": 1, "symlink loop": 1}


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    for name, data in HOSTILE_FILES.values():
        (folder / name).write_bytes(data)
    (folder / "feed.jsonl").write_text("\n".join(JSONL_LINES) + "\n")
    long_text = "\n\n".join(SEED.read_text().split("\n\n")[2:]) + "\n\n"
    (folder / "long.txt").write_text(long_text * 18)  # ~60,000 characters: parsed in 3+ segments
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    out = tmp_path_factory.mktemp("out") / "hostile.nt"
    result = kg("build", str(folder), "-o", str(out), "--no-progress")
    return folder, out, result


SKIPS = {
        "empty.txt: empty": "empty", "blank.txt: empty": "empty", "nul.txt: binary data": "binary",
        "photo.txt: a PNG image": "binary", "archive.txt: a ZIP archive": "binary",
        "data.txt: a gzip archive": "binary", "cp1252.txt: not valid UTF-8; decoded as Windows-1252": "re-decoded",
        "latin1.txt: not valid UTF-8": "re-decoded", "utf16.txt: decoded as UTF-16": "re-decoded",
        "page.html: HTML converted to text": "HTML stripped", "aaaa.txt: 300,000 characters of text, over": "too long",
        "bang.txt: 1 run(s) of 300+": "long run hidden", "digits.txt: 1 run(s) of 300+": "long run hidden",
        "controls.txt: replaced": "control characters replaced",
        "feed.jsonl:2: not valid JSON": "bad JSONL line", "feed.jsonl:3: not a JSON object": "bad JSONL line",
        "feed.jsonl:4: no non-empty string 'text'": "bad JSONL line",
        "feed.jsonl:5: no non-empty string 'text'": "bad JSONL line",
        "feed.jsonl:6: no non-empty string 'text'": "bad JSONL line",
        "dangling.txt: dangling link": "unreadable", "loop.txt:": "unreadable",
}


@pytest.fixture(scope="module")
def hostile_outcome(hostile_batch) -> dict:
    """What the hostile batch did: crashes, the skips reported (by reason), the skips missing, articles built."""
    _, out, result = hostile_batch
    lines = [line for line in result.stderr.splitlines() if line.startswith("kg: ")]
    reported = [fragment for fragment in SKIPS if any(fragment in line for line in lines)]
    graph = Graph().parse(out, format="nt") if out.exists() else Graph()
    return {"crashes": int("Traceback" in result.stderr or result.returncode not in (0, 1)),
            "skipped by reason": Counter(SKIPS[fragment] for fragment in reported),
            "missing": [fragment for fragment in SKIPS if fragment not in reported],
            "processed": sum(1 for _ in graph.subjects(RDF.type, KGO.NewsArticle))}


def test_hostile_batch_builds_the_good_articles_and_reports_every_skip(hostile_batch, hostile_outcome):
    folder, out, result = hostile_batch
    assert "Traceback" not in result.stderr, result.stderr
    assert hostile_outcome["crashes"] == 0
    assert result.returncode == 0, result.stderr
    assert not hostile_outcome["missing"], (hostile_outcome["missing"], result.stderr)
    graph = Graph().parse(out, format="nt")
    people = {str(o) for o in graph.objects(None, RDFS.label)}
    for name in ("Charles Michel", "Emre Kaya", "José Martín", "Anna Nowak", "Mette Holm", "Karl Huber",
                 "Sean Byrne", "Omar Saleh"):
        assert name in people, name
    assert hostile_outcome["processed"] >= 8
    assert "alert(" not in out.read_text()


def test_hostile_output_parses_strictly_and_validates(hostile_batch):
    _, out, _ = hostile_batch
    assert strict_parse(out.read_bytes(), "nt") > 100
    result = kg("validate", str(out))
    assert result.returncode == 0, result.stdout + result.stderr


def test_long_text_keeps_offsets(hostile_batch):
    from kg.nlp import SEGMENT_CHARS, segments

    folder, out, _ = hostile_batch
    graph = Graph().parse(out, format="nt")
    text = (folder / "long.txt").read_text()
    source = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    checked, furthest = 0, 0
    for kind in (KGO.Statement, KGO.Quote):
        for node in graph.subjects(RDF.type, kind):
            if str(graph.value(graph.value(node, source), SCHEMA.identifier)) != "long":
                continue
            start, end = int(graph.value(node, KGO.startOffset)), int(graph.value(node, KGO.endOffset))
            sentence = " ".join(str(graph.value(node, KGO.sentence)).split())
            assert " ".join(text[start:end].split()) in sentence
            checked += 1
            furthest = max(furthest, start)
    assert checked > 20
    assert len(segments(text)) >= 3 and furthest > max(SEGMENT_CHARS, 0.75 * len(text))  # offsets into the whole text


def test_strict_mode_fails_on_skips(tmp_path, nlp):
    (tmp_path / "good.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    relaxed = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "a.nt"), "--workers", "1"])
    strict = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "b.nt"), "--workers", "1",
                                       "--strict"])
    assert relaxed.exit_code == 0 and strict.exit_code == 1
    assert "1 input(s) skipped (--strict)" in strict.output


def test_nothing_buildable_is_exit_1(tmp_path, nlp):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "x.nt")])
    assert result.exit_code == 1 and not (tmp_path / "x.nt").exists()


# --- 2. valid output for any text ---------------------------------------------

NASTY = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60) | st.sampled_from([
    'Quote "Marks"', "<angle> & brackets", "back\\slash", "tab\there", "new\nline", "zero\u200bwidth",
    "bidi \u202eevil\u202c", "emoji 🇪🇺👩‍⚖️", "Cafe\u0301", "Café", "x" * 10_000, "http://evil.example/?a=<b>",
    "urn:isbn:123", "_:blank", "\"\"\"", "'; DROP ALL; --", "{}[]()", "\u0000nul",
])


def _article(names: list[str]) -> ResolvedArticle:
    names = [sanitize_text(n)[0] for n in names]  # what ingest does to every text
    people = [Entity(key_for("Person", n), "Person", n, (n + " alias",), None, 1) for n in names]
    concept = Entity(key_for("Concept", names[0]), "Concept", names[0])
    ev = Evidence(" ".join(names)[:500], 0, 10, "kg.test", 0.9)
    relations = [Relation(people[0].key, "meets", people[-1].key, ev),
                 Relation(people[0].key, "pledges", concept.key, ev, date="2024-02-29", place=None)]
    quotes = [Quote(names[-1], (people[0].key,), ev)]
    doc = Document(id=names[0][:50] or "x", text=" ".join(names), title=names[-1], url="http://example.org/a b")
    return ResolvedArticle(doc, (*people, concept), tuple(relations), tuple(quotes),
                           tuple(e.key for e in (*people, concept)))


def _round_trip(names: list[str], tally: Counter) -> None:
    graph = new_graph()
    builder = GraphBuilder()
    for triple in builder.add(_article(names)) + builder.entity_updates()[1]:
        graph.add(triple)
    for term in {t for triple in graph for t in triple}:
        if isinstance(term, URIRef):
            ox.NamedNode(str(term))  # a strict IRI check: raises on an invalid IRI
    for fmt in FORMATS:
        data = serialize(graph, fmt)
        tally["outputs strictly re-parsed"] += 1
        try:
            assert strict_parse(data, fmt) == len(graph)
        except SyntaxError:
            tally["outputs failing strict re-parse"] += 1
            raise
        back = Graph().parse(data=data, format=fmt)
        assert isomorphic(back, graph), fmt
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert {sanitize_text(n)[0] for n in names} <= labels  # labels keep the text (after NFC)


@pytest.fixture(scope="module")
def round_trips() -> Counter:
    """60 hypothesis name sets, each serialized in every format and re-parsed strictly."""
    tally: Counter = Counter()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(NASTY, min_size=1, max_size=4))
    def check(names: list[str]) -> None:
        _round_trip(names, tally)

    check()
    return tally


def test_any_name_gives_strictly_valid_round_tripping_output(round_trips):
    assert round_trips["outputs strictly re-parsed"] >= 60 * len(FORMATS)
    assert round_trips["outputs failing strict re-parse"] == 0


@pytest.fixture(scope="module")
def hash_seed_digests(tmp_path_factory, nlp) -> dict[str, set[str]]:
    """Output digests per format over three hash seeds and two worker counts."""
    folder = tmp_path_factory.mktemp("seeds")
    digests: dict[str, set[str]] = {}
    for seed in ("1", "2", "random"):
        for suffix in ("nt", "ttl", "jsonld", "trig"):
            out = folder / f"{seed}.{suffix}"
            result = kg("build", str(EXAMPLES), "-o", str(out), "--workers", "2" if seed == "2" else "1",
                        env={"PYTHONHASHSEED": seed})
            assert result.returncode == 0, result.stderr
            digests.setdefault(suffix, set()).add(hashlib.sha256(out.read_bytes()).hexdigest())
    return digests


def test_output_bytes_do_not_depend_on_hash_seed(hash_seed_digests):
    assert all(len(found) == 1 for found in hash_seed_digests.values()), hash_seed_digests


# --- 3. crash safety ------------------------------------------------------------

def _kill_later(process: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)


@pytest.fixture(scope="module")
def killed_file_builds(tmp_path_factory, nlp) -> Counter:
    """Builds killed at random moments over an existing graph file: what the file held after each."""
    tmp_path = tmp_path_factory.mktemp("killed")
    out = tmp_path / "graph.nt"
    assert kg("build", str(SEED), "-o", str(out)).returncode == 0
    old = out.read_bytes()
    new_run = kg("build", str(EXAMPLES), "-o", str(tmp_path / "reference.nt"))
    assert new_run.returncode == 0
    new = (tmp_path / "reference.nt").read_bytes()
    rng = random.Random(5)
    outcomes = Counter()
    for _ in range(8):
        process = subprocess.Popen([*KG, "build", str(EXAMPLES), "-o", str(out), "--workers", "1"],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killer = threading.Thread(target=_kill_later, args=(process, rng.uniform(0.3, 2.5)))
        killer.start()
        process.wait()
        killer.join()
        data = out.read_bytes()
        outcomes["old" if data == old else "new" if data == new else "corrupt"] += 1
        outcomes["killed"] += int(process.returncode == -signal.SIGKILL)
        out.write_bytes(old)
    return outcomes


def test_killed_file_build_leaves_old_or_new_file(killed_file_builds):
    assert killed_file_builds["corrupt"] == 0, "a killed build left a partial file"
    assert killed_file_builds["old"] >= 1  # some kills really interrupted a build


KILLABLE = """
import sys
from kg.pipeline import build_into, documents_from
from kg.store import OxigraphStore
store = OxigraphStore(sys.argv[1])
build_into(store, documents_from([sys.argv[2]], None, print), chunk=1, workers=1)
store.close()
"""


@pytest.fixture(scope="module")
def killed_store_builds(tmp_path_factory, nlp) -> Counter:
    """Store builds killed at random moments, then run again: triples lost or extra against a clean build."""
    from kg.store import OxigraphStore

    tmp_path = tmp_path_factory.mktemp("killed-store")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(EXAMPLES.iterdir()):
        (corpus / path.name).write_bytes(path.read_bytes())
    clean = tmp_path / "clean"
    subprocess.run([sys.executable, "-c", KILLABLE, str(clean), str(corpus)], check=True, cwd=ROOT,
                   capture_output=True)
    expected = _store_nt(OxigraphStore(clean, read_only=True))
    rng = random.Random(9)
    outcomes: Counter = Counter()
    for attempt in range(4):
        store_dir = tmp_path / f"killed-{attempt}"
        process = subprocess.Popen([sys.executable, "-c", KILLABLE, str(store_dir), str(corpus)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killer = threading.Thread(target=_kill_later, args=(process, rng.uniform(1.0, 3.0)))
        killer.start()
        process.wait()
        killer.join()
        outcomes["killed"] += int(process.returncode == -signal.SIGKILL)
        subprocess.run([sys.executable, "-c", KILLABLE, str(store_dir), str(corpus)], check=True, cwd=ROOT,
                       capture_output=True)
        got = _store_nt(OxigraphStore(store_dir, read_only=True))
        outcomes["lost"] += len(set(expected) - set(got)) + len(set(got) - set(expected))
    return outcomes


def test_killed_store_build_then_rerun_equals_an_uninterrupted_build(killed_store_builds):
    assert killed_store_builds["lost"] == 0


def _store_nt(store) -> list[bytes]:
    try:
        return sorted(serialize(store.to_graph(), "nt").splitlines())
    finally:
        store.close()


# --- 4. untrusted queries ------------------------------------------------------------

class _Counting(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<urn:leak> <urn:leak> <urn:leak> .")

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def trap():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def offline_queries(trap, tmp_path_factory, seed_graph) -> dict:
    """Hostile queries on a local graph: refusals, answers, and every network or foreign-file access."""
    tmp_path = tmp_path_factory.mktemp("offline")
    graph_file = tmp_path / "seed.nt"
    graph_file.write_bytes(serialize(seed_graph, "nt"))
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:secret> <urn:secret> .")
    opened: list[str] = []

    def audit(event: str, args: tuple) -> None:
        if event == "open" and args and str(secret) in str(args[0]):
            opened.append(str(args[0]))
        if event == "socket.connect":
            opened.append(str(args))

    sys.addaudithook(audit)
    attempts = {
        f"SELECT * WHERE {{ SERVICE <{trap}/sparql> {{ ?s ?p ?o }} }}": "SERVICE is refused",
        f"SELECT * FROM <{trap}/data.ttl> WHERE {{ ?s ?p ?o }}": None,
        f"SELECT * FROM <file://{secret}> WHERE {{ ?s ?p ?o }}": None,
        f"SELECT * FROM NAMED <file://{secret}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}": None,
        f"LOAD <{trap}/data.ttl>": "LOAD is refused",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }": "INSERT is refused",
        "DELETE WHERE { ?s ?p ?o }": "DELETE is refused",
        "DROP ALL": "DROP is refused",
        "CLEAR DEFAULT": "CLEAR is refused",
    }
    runner = CliRunner()
    outcome: dict = {"refused": 0, "answered": 0, "wrong": []}
    hits = _Counting.hits
    for sparql, refusal in attempts.items():
        result = runner.invoke(main, ["query", str(graph_file), "-e", sparql, "--format", "json"])
        if refusal:
            right = result.exit_code == 1 and refusal in result.output and result.output.count("\n") == 1
            outcome["refused"] += int(right)
        else:
            right = "leak" not in result.output and "secret" not in result.output
            outcome["answered"] += int(right)
        if not right:
            outcome["wrong"].append((sparql, result.output))
    outcome["accesses"] = _Counting.hits - hits + len(opened)
    return outcome


def test_local_queries_stay_offline_and_read_only(offline_queries):
    assert not offline_queries["wrong"], offline_queries["wrong"]
    assert offline_queries["accesses"] == 0


def test_runaway_query_is_stopped(tmp_path, seed_graph):
    graph_file = tmp_path / "seed.nt"
    graph_file.write_bytes(serialize(seed_graph, "nt"))
    started = time.monotonic()
    result = kg("query", str(graph_file), "--timeout", "2", "-e",
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    elapsed = time.monotonic() - started
    assert result.returncode == 1 and "stopped after 2s" in result.stderr
    assert elapsed < 30
    regex = kg("query", str(graph_file), "--timeout", "5", "-e",
               'SELECT ?x WHERE { ?s ?p ?x FILTER(REGEX(CONCAT(STR(?x), "' + "a" * 40 + 'b"), "^(a+)+$")) }')
    assert regex.returncode == 0  # Oxigraph's regex engine does not backtrack


@pytest.fixture(scope="module")
def secret_outputs(trap) -> list[str]:
    """What query and load print with a password in the environment and in the endpoint URL."""
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_SPARQL_USER", "analyst")
        patch.setenv("KG_SPARQL_PASSWORD", "correct-horse-battery-staple")
        return [
            runner.invoke(main, ["query", "--endpoint", f"{trap}/sparql", "-e", "ASK {}"]).output,  # plain http
            runner.invoke(main, ["query", "--endpoint", f"{trap}/sparql", "--allow-http", "-e", "ASK {}"]).output,
            runner.invoke(main, ["query", "--endpoint", "http://analyst:pw@127.0.0.1:9/q", "-e", "ASK {}"]).output,
            runner.invoke(main, ["load", str(SEED), "--endpoint", f"{trap}/store"]).output,
        ]


def _secrets(outputs: list[str]) -> int:
    return sum(text.count("correct-horse") + text.count(":pw@") for text in outputs)


def test_secrets_never_appear_in_output(secret_outputs):
    assert _secrets(secret_outputs) == 0
    assert "plain http" in secret_outputs[0]


# --- the report ----------------------------------------------------------------------

def test_reliability_report(tmp_path, hostile_outcome, round_trips, hash_seed_digests, killed_file_builds,
                            killed_store_builds, offline_queries, secret_outputs):
    inputs = ", ".join(f"{kind} {n}" if n > 1 else kind for kind, n in INPUT_KINDS.items())
    reasons = ", ".join(f"{reason} {n}" for reason, n in hostile_outcome["skipped by reason"].items())
    report = {
        "inputs": f"{len(INPUT_KINDS)} kinds: {inputs}",
        "skipped or repaired, by reason": reasons,
        "uncaught crashes": hostile_outcome["crashes"],
        f"outputs failing strict re-parse (of {round_trips['outputs strictly re-parsed']})":
            round_trips["outputs failing strict re-parse"],
        "distinct output hashes over repeated runs, hash seeds and worker counts":
            max(map(len, hash_seed_digests.values())),
        "builds killed mid-write (file and store)": killed_file_builds["killed"] + killed_store_builds["killed"],
        "corrupt files after a killed build": killed_file_builds["corrupt"],
        "triples lost after kill-and-rerun of a store build": killed_store_builds["lost"],
        "hostile queries refused (update forms, LOAD, SERVICE)": offline_queries["refused"],
        "network or foreign-file accesses during offline queries": offline_queries["accesses"],
        "secrets found in output": _secrets(secret_outputs),
        "articles built from the hostile batch": hostile_outcome["processed"],
    }
    (tmp_path / "reliability.json").write_text(json.dumps(report, indent=1) + "\n")
    table = "| | |\n|---|---|\n" + "".join(f"| {key} | {value} |\n" for key, value in report.items())
    print("\nreliability suite\n" + table)
    update_readme("reliability", table)
    assert report["uncaught crashes"] == 0 and round_trips["outputs failing strict re-parse"] == 0
    assert _secrets(secret_outputs) == 0 and offline_queries["accesses"] == 0
    assert killed_file_builds["corrupt"] == 0 and killed_store_builds["lost"] == 0
