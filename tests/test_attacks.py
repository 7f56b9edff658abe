"""Attacks on the tool (issue 16): one test per case, each adding a row to one table.

Servers run on 127.0.0.1 only: a real ``oxigraph serve`` and tiny hostile
``http.server`` endpoints. Every command runs as a subprocess whose peak memory
is read from the kernel (``wait4``). The last test prints the table, saves it
as build/attacks.md (or $KG_REPORT_DIR/attacks.md) and, with
``KG_UPDATE_README=1``, rewrites the table in the README.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SEED, oxigraph_serve, update_readme

KG = [sys.executable, "-m", "kg.cli"]
ROWS: list[tuple[str, str, str]] = []  # (group, attack, what happens now)
MEMORY_LIMIT_MB = 1536
PEAKS: list[float] = []
GOOD = ("Austrian Chancellor Karl Huber met Swiss President Lea Frei in Vienna on Monday. "
        "\u201cWe will work together,\u201d Huber said.\n")


def row(group: str, attack: str, outcome: str) -> None:
    ROWS.append((group, attack, outcome))


@dataclass
class Run:
    code: int
    out: str
    err: str
    peak_mb: float
    seconds: float

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]

    def one_line_error(self, fragment: str = "") -> bool:
        errors = [line for line in self.lines if line.startswith("Error:")]
        return (self.code == 1 and len(errors) == 1 and fragment in errors[0] and "Traceback" not in self.err)


def kg(*args: str, stdin: object = None, timeout: float = 300, env: dict | None = None) -> Run:
    """Run ``kg`` and measure its peak resident memory (MB) and time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([*KG, *args], stdin=stdin if stdin is not None else subprocess.DEVNULL,
                                   stdout=out, stderr=err, cwd=ROOT, env={**os.environ, **(env or {})})
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                pytest.fail(f"kg {' '.join(args)} still running after {timeout}s")
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        peak = usage.ru_maxrss / 1024
        PEAKS.append(peak)
        return Run(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   peak, seconds)


class _Hostile(http.server.BaseHTTPRequestHandler):
    """Answers chosen per path: /json/<name> gives a hostile SPARQL JSON body, /trickle drips one byte a
    second, /context counts fetches."""

    hits: dict[str, int] = {}
    bodies = {
        "object": b"{}", "list": b"[]", "null": b"null", "no-type": b'{"head":{"vars":["x"]},"results":'
        b'{"bindings":[{"x":{"value":"v"}}]}}', "deep": b"[" * 100_000 + b"]" * 100_000,
        "bad-boolean": b'{"boolean": "yes"}', "string-vars": b'{"head":{"vars":"x"},"results":{"bindings":[]}}',
    }

    def _answer(self) -> None:
        path = self.path.split("?")[0]
        type(self).hits[path] = type(self).hits.get(path, 0) + 1
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if path.startswith("/json/"):
            body = self.bodies[path[len("/json/"):]]
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/trickle":
            try:
                self.wfile.write(b"H")
                for _ in range(60):
                    time.sleep(1)
                    self.wfile.write(b"T")
                    self.wfile.flush()
            except OSError:
                pass
        else:
            body = b'{"@context": {"name": "https://schema.org/name"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def seed_nt(tmp_path_factory, nlp) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.nt"
    result = kg("build", str(SEED), "-o", str(path), "--workers", "1")
    assert result.code == 0, result.err
    return path


def _triples(base: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    request = urllib.request.Request(f"{base}/query?query={query}",
                                     headers={"Accept": "application/sparql-results+json"})
    data = json.loads(urllib.request.urlopen(request, timeout=10).read())
    return int(data["results"]["bindings"][0]["n"]["value"])


# --- 1. the five severe cases -------------------------------------------------------------

def test_remote_update_is_refused_unless_allowed(tmp_path, seed_nt):
    with oxigraph_serve(tmp_path / "store") as base:
        assert kg("load", str(seed_nt), "--endpoint", f"{base}/store").code == 0
        before = _triples(base)
        refused = kg("query", "--endpoint", f"{base}/update", "-e", "DROP ALL")
        assert refused.one_line_error("DROP is refused"), refused.err
        assert "--allow-update" in refused.err
        assert _triples(base) == before > 100
        allowed = kg("query", "--endpoint", f"{base}/update", "--allow-update", "-e", "DROP ALL")
        assert allowed.code == 0, allowed.err
        assert _triples(base) == 0
    row("severe", "`kg query --endpoint …/update -e 'DROP ALL'`",
        f"refused in one line, remote store keeps its {before} triples; `--allow-update` opts in")


def _articles(path: Path) -> set[str]:
    from rdflib import Graph
    from rdflib.namespace import RDF

    from kg.vocab import KGO, SCHEMA

    graph = Graph().parse(path, format="nt")
    return {str(graph.value(a, SCHEMA.identifier)) for a in graph.subjects(RDF.type, KGO.NewsArticle)}


def test_concurrent_appends_keep_both_runs(tmp_path, nlp):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, name in ((first, "alpha"), (second, "beta")):
        folder.mkdir()
        (folder / f"{name}.txt").write_text(GOOD.replace("Huber", name.title() + "son"))
    (first / "seed.txt").write_bytes(SEED.read_bytes())
    graph = tmp_path / "g.nt"
    runs: list[Run] = []
    threads = [threading.Thread(target=lambda f=f: runs.append(kg("build", str(f), "--append", str(graph),
                                                                   "--workers", "1"))) for f in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.code for r in runs] == [0, 0], [r.err for r in runs]
    assert {"alpha", "beta", "seed"} <= _articles(graph)
    waited = sum("waiting" in r.err for r in runs)
    assert not list(tmp_path.glob(".*lock")) and not list(tmp_path.glob(".kg-runs-*"))
    row("severe", "two `kg build --append g.nt` at once",
        f"both exit 0 and the file holds both runs' articles (an exclusive lock; {waited} run waited and re-read)")


def test_article_ids_that_differ_in_case_or_punctuation_stay_apart(tmp_path, nlp):
    feed = tmp_path / "feed.jsonl"
    ids = ["Report", "report", "a b", "A B", "a-b"]
    names = ["Karl Huber", "Lea Frei", "Jan Novak", "Eva Horvat", "Ole Berg"]
    texts = [GOOD.replace("Karl Huber", n).replace("Huber said", n + " said") for n in names]
    feed.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(ids, texts, strict=True)))
    out = tmp_path / "g.nt"
    result = kg("build", str(feed), "-o", str(out), "--workers", "1")
    assert result.code == 0, result.err
    assert _articles(out) == set(ids)
    first, second = tmp_path / "run1", tmp_path / "run2"
    first.mkdir()
    second.mkdir()
    (first / "index.txt").write_text(GOOD)
    (second / "index.txt").write_text(GOOD.replace("Karl Huber", "Pia Moser").replace("Huber said", "Moser said"))
    store = tmp_path / "inc.nt"
    assert kg("build", str(first), "--append", str(store), "--workers", "1").code == 0
    again = kg("build", str(second), "--append", str(store), "--workers", "1")
    assert again.code == 0 and "already holds a different article with id 'index'" in again.err, again.err
    assert len(_articles(store)) == 2
    for graph in (out, store):
        check = kg("validate", str(graph))
        assert check.code == 0, check.out + check.err
    row("severe", "ids `Report`/`report`, `a b`/`A B`/`a-b`; `index.txt` in two incremental runs",
        "5 distinct article IRIs (slug + hash of the exact id); the second `index` is reported and added as "
        "`index-<hash>`; both graphs validate")


def test_outputs_never_replace_devices_fifos_or_sockets(tmp_path, seed_nt):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    link_target = tmp_path / "real.ttl"
    link = tmp_path / "link.ttl"
    link.symlink_to(link_target)
    sock_path = tmp_path / "sock.nt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        to_device = kg("build", str(SEED), "-o", str(device), "-f", "nt", "--workers", "1")
        to_fifo = kg("build", str(SEED), "-o", str(fifo), "--workers", "1")
        reader.join(timeout=60)
        to_link = kg("build", str(SEED), "-o", str(link), "--workers", "1")
        to_socket = kg("build", str(SEED), "-o", str(sock_path), "--workers", "1")
        query_to_device = kg("query", str(seed_nt), "-n", "who-met-whom")  # stdout, for comparison
    finally:
        server.close()
    assert to_device.code == 0 and stat.S_ISCHR(device.stat().st_mode), to_device.err
    assert to_fifo.code == 0 and stat.S_ISFIFO(fifo.stat().st_mode) and received and b"NewsArticle" in received[0]
    assert to_link.code == 0 and link.is_symlink() and b"NewsArticle" in link_target.read_bytes()
    assert to_socket.one_line_error("is a socket"), to_socket.err
    assert stat.S_ISSOCK(sock_path.stat().st_mode) and query_to_device.code == 0
    row("severe", "`-o` a device node, a FIFO, a symlink, a socket",
        "device and FIFO written through (still a device / FIFO), the link stays a link (its target is written), "
        "a socket refused in one line")


def test_jsonld_contexts_are_never_fetched(tmp_path, hostile_server, nlp):
    remote = tmp_path / "remote.jsonld"
    remote.write_text(json.dumps({"@context": f"{hostile_server}/context", "@id": "urn:a", "name": "x"}))
    local = tmp_path / "local.jsonld"
    secret = tmp_path / "secret.jsonld"
    secret.write_text('{"@context": {"name": "https://schema.org/name"}}')
    local.write_text(json.dumps({"@context": [{"@import": secret.as_uri()}], "@id": "urn:a", "name": "x"}))
    nested = tmp_path / "nested.jsonld"
    nested.write_text(json.dumps({"@context": {"p": {"@id": "urn:p", "@context": f"{hostile_server}/context"}},
                                  "@id": "urn:a", "p": {"q": 1}}))
    _Hostile.hits.pop("/context", None)
    outcomes = []
    for graph in (remote, local, nested):
        for command in (["stats"], ["entities"], ["validate"], ["query", "-e", "ASK {}"]):
            outcomes.append(kg(*command, str(graph)))
        outcomes.append(kg("build", str(SEED), "--append", str(graph), "--workers", "1"))
        outcomes.append(kg("load", str(graph), "--endpoint", f"{hostile_server}/store"))
    assert all(r.one_line_error("refused") for r in outcomes), [r.err for r in outcomes if not r.one_line_error()]
    assert _Hostile.hits.get("/context", 0) == 0 and _Hostile.hits.get("/store", 0) == 0
    assert "\"@context\"" in remote.read_text()  # --append left the file alone
    row("severe", "JSON-LD graph with a remote, `file:` (`@import`) or scoped `@context`",
        f"stats/entities/validate/query/build --append/load: {len(outcomes)} refusals in one line, 0 requests")


# --- 2. inputs bounded --------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory, nlp):
    root = tmp_path_factory.mktemp("hostile-inputs")
    folder = root / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    os.mkfifo(folder / "fifo.txt")
    outside = root / "private.txt"
    outside.write_text("Private note: Norwegian Minister Ada Lund met Finnish Minister Eero Salo in Oslo.\n")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "notes.dat").write_text(GOOD.replace("Karl Huber", "Emil Frank").replace("Huber s", "Frank s"))
    (folder / "inside.txt").symlink_to(folder / "notes.dat")
    (folder / "big.txt").write_text(("The ministers met in Oslo and agreed on a plan. " * 20 + "\n\n") * 3_300)
    (folder / "page.html").write_text("<!DOCTYPE html><html><head><title>Harbour deal</title>"
                                      "<meta charset=utf-8><body><p>Estonian Prime Minister Kaja Tamm met "
                                      "Latvian Prime Minister Arturs Ozols in Tallinn on Tuesday.</p>")
    bad_name = os.fsencode(folder) + b"/caf\xe9-\xff.txt"
    with open(bad_name, "wb") as handle:
        handle.write(GOOD.replace("Karl Huber", "Rolf Gerber").replace("Huber said", "Gerber said").encode())
    (folder / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": "\ud800", "text": GOOD.replace("Karl Huber", "Ivo Kranjc").replace("Huber s", "Kranjc s")}),
        json.dumps({"id": "esc\x1b]0;owned\x07\x1b[31m", "title": "T\x00itle\x1b[2J",
                    "text": GOOD.replace("Karl Huber", "Ana Silva").replace("Huber s", "Silva s")}),
        json.dumps({"id": "bad-date", "date": "2024-99-99",
                    "text": GOOD.replace("Karl Huber", "Tom Kask").replace("Huber s", "Kask s")}),
        "[" * 50_000 + "]" * 50_000,
    ]) + "\n")
    out = root / "out.nt"
    result = kg("build", str(folder), "-o", str(out), "--workers", "1", timeout=240)
    return folder, out, result


def test_hostile_folder_builds_and_reports_each_input(hostile_folder):
    _, out, result = hostile_folder
    assert result.code == 0 and "Traceback" not in result.err, result.err
    assert result.peak_mb < MEMORY_LIMIT_MB
    check = kg("validate", str(out))
    assert check.code == 0, check.out
    row("inputs", "one folder with all the inputs below", f"builds (exit 0), validates; peak {result.peak_mb:.0f} MB")


def test_fifo_in_a_folder_is_skipped(hostile_folder):
    _, _, result = hostile_folder
    assert any("fifo.txt: a FIFO" in line and line.endswith("skipped") for line in result.lines), result.err
    assert result.seconds < 200
    row("inputs", "a FIFO inside an input folder", "skipped with one line (no hang)")


def test_symlink_out_of_the_folder_is_not_read(hostile_folder, tmp_path):
    folder, out, result = hostile_folder
    assert any("passwd.txt: a link to" in line and "outside the folder" in line for line in result.lines)
    text = out.read_text()
    assert "Ada Lund" not in text and "Emil Frank" in text  # a link inside the folder is read
    followed = kg("build", str(folder / ".." / "in" / "passwd.txt"), str(folder), "--follow-links", "-o",
                  str(tmp_path / "f.nt"), "--workers", "1")
    assert followed.code == 0 and "Ada Lund" in (tmp_path / "f.nt").read_text()
    row("inputs", "a symlink in a folder to a file outside it (`/etc/passwd`)",
        "skipped with one line naming the target; links inside the folder are read; `--follow-links` opts in")


def test_oversized_article_is_skipped(hostile_folder):
    _, _, result = hostile_folder
    assert any("big.txt:" in line and "over the 200,000-character article limit" in line for line in result.lines)
    row("inputs", "a 3 MB article in a folder", "skipped before parsing (`--max-article-chars`, default 200,000), "
        "one line")


def test_html5_without_closing_head_keeps_its_body(hostile_folder):
    _, out, _ = hostile_folder
    text = out.read_text()
    assert "Kaja Tamm" in text and "Harbour deal" in text
    row("inputs", "HTML5 without `</head>`", "body text kept (Kaja Tamm extracted), title read")


def test_invalid_unicode_in_names_and_ids_is_reported_per_input(hostile_folder):
    _, out, result = hostile_folder
    text = out.read_text(encoding="utf-8")
    assert "Rolf Gerber" in text and "Ivo Kranjc" in text
    assert sum("control or invalid characters removed from the id" in line for line in result.lines) >= 3
    row("inputs", "a file name with invalid UTF-8; a JSONL id `\"\\ud800\"`",
        "each reported in one line, the id keeps U+FFFD, the batch goes on")


def test_control_characters_never_reach_output_or_terminal(hostile_folder):
    _, out, result = hostile_folder
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text and "\x1b" not in result.err
    tables = [kg("query", str(out), "-e", "SELECT ?id ?t WHERE { ?a <https://schema.org/identifier> ?id "
                                         "OPTIONAL { ?a <https://schema.org/headline> ?t } }"),
              kg("entities", str(out))]
    assert all(t.code == 0 and "\x1b" not in t.out + t.err for t in tables)
    row("inputs", "ids and titles with ESC / OSC / NUL",
        "stripped at ingest (reported), and table cells and messages are sanitised where they leave")


def test_invalid_dates_are_left_out(hostile_folder):
    _, out, result = hostile_folder
    assert any("'2024-99-99' is not a valid YYYY-MM-DD date" in line for line in result.lines)
    assert "2024-99-99" not in out.read_text()
    row("inputs", "`date: \"2024-99-99\"`", "left out with one line")


def test_deeply_nested_jsonl_line_is_one_skip(hostile_folder):
    _, _, result = hostile_folder
    assert any("feed.jsonl:4: not valid JSON" in line for line in result.lines)
    row("inputs", "a JSONL line nested 50,000 deep", "skipped with one line")


def test_huge_article_file_is_bounded(tmp_path, nlp):
    big = tmp_path / "huge.txt"
    with open(big, "w") as handle:
        for _ in range(30):
            handle.write(("Officials met again. " * 50 + "\n") * 1000)
    result = kg("build", str(big), str(SEED), "-o", str(tmp_path / "g.nt"), "--workers", "1")
    assert result.code == 0 and any("huge.txt:" in line and "skipped" in line for line in result.lines)
    assert result.peak_mb < MEMORY_LIMIT_MB
    row("inputs", "a 30 MB article", f"skipped in {result.seconds:.0f}s (peak {result.peak_mb:.0f} MB); the "
        "other article is built")


def test_endless_stdin_is_capped(tmp_path, nlp):
    with open("/dev/zero", "rb") as zero:
        from_zero = kg("build", "-", "-o", str(tmp_path / "z.nt"), stdin=zero, timeout=120)
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        from_yes = kg("build", "-", "-o", str(tmp_path / "y.nt"), stdin=yes.stdout, timeout=120)
    finally:
        yes.kill()
        yes.wait()
    named = kg("build", "/dev/zero", "-o", str(tmp_path / "n.nt"), timeout=120)
    for run in (from_zero, from_yes, named):
        assert run.code == 1 and "Traceback" not in run.err and run.peak_mb < 400, run.err
        assert "too large for an article" in run.err or "binary" in run.err, run.err
    assert not (tmp_path / "z.nt").exists()
    runs = (from_zero, from_yes, named)
    row("inputs", "`kg build - < /dev/zero`, `yes | kg build -`, `kg build /dev/zero`",
        f"each stops after at most 4 MB read, with one line (peak {max(r.peak_mb for r in runs):.0f} MB, "
        f"{max(r.seconds for r in runs):.0f}s)")


def test_largest_allowed_article_stays_under_the_memory_limit(tmp_path, nlp):
    story = "\n\n".join(SEED.read_text().split("\n\n")[2:]) + "\n\n"
    big = tmp_path / "long.txt"
    big.write_text(story * (200_000 // len(story)))
    result = kg("build", str(big), "-o", str(tmp_path / "g.nt"), "--workers", "1", timeout=590)
    assert result.code == 0, result.err
    assert result.peak_mb < MEMORY_LIMIT_MB
    row("inputs", f"a {big.stat().st_size:,}-character article (the largest allowed)",
        f"built in {result.seconds:.0f}s, peak {result.peak_mb:.0f} MB (parsed in 20,000-character segments)")


# --- 3. tracebacks become one line -----------------------------------------------------------

def test_outputs_that_cannot_be_written_are_one_line(tmp_path, nlp):
    blocker = tmp_path / "file"
    blocker.write_text("keep me")
    under_file = kg("build", str(SEED), "-o", str(blocker / "g.nt"), "--workers", "1")
    assert under_file.one_line_error("is a file, not a folder"), under_file.err
    full = kg("build", str(SEED), "-o", "/dev/full", "-f", "nt", "--workers", "1")
    assert full.one_line_error("no space left"), full.err
    folder = kg("build", str(SEED), "-o", str(tmp_path), "-f", "nt", "--workers", "1")
    assert folder.one_line_error("is a folder"), folder.err
    assert blocker.read_text() == "keep me"
    assert not list(tmp_path.glob(".*tmp")) and not list(tmp_path.glob(".kg-runs*"))
    row("errors", "`-o file/g.nt` under a file, `-o /dev/full` (disk full), `-o FOLDER`",
        "one line each, before the build where it can be known; nothing left behind")


def test_append_refuses_a_file_that_is_not_a_graph(tmp_path, nlp):
    config = tmp_path / "config.json"
    config.write_text('{"debug": true, "workers": 4}\n')
    json_case = kg("build", str(SEED), "--append", str(config), "--workers", "1")
    assert json_case.one_line_error("holds no RDF triples"), json_case.err
    assert config.read_text() == '{"debug": true, "workers": 4}\n'
    text = tmp_path / "notes.ttl"
    text.write_text("Shopping list: milk, eggs.\n")
    text_case = kg("build", str(SEED), "--append", str(text), "--workers", "1")
    assert text_case.one_line_error("not valid"), text_case.err
    assert text.read_text() == "Shopping list: milk, eggs.\n"
    row("errors", "`--append config.json` (JSON, not RDF), `--append notes.ttl` (text)",
        "refused in one line, files untouched")


def test_store_refuses_user_folders_and_reports_corruption(tmp_path, nlp):
    user = tmp_path / "documents"
    user.mkdir()
    (user / "thesis.txt").write_text("chapter one")
    refused = kg("build", str(SEED), "--store", str(user), "--workers", "1")
    assert refused.one_line_error("not an Oxigraph store and not empty"), refused.err
    assert sorted(p.name for p in user.iterdir()) == ["thesis.txt"]
    store = tmp_path / "store"
    assert kg("build", str(SEED), "--store", str(store), "--workers", "1").code == 0
    for name in ("CURRENT",):
        (store / name).write_text("garbage\n")
    broken = [kg("query", "--store", str(store), "-e", "ASK {}"),
              kg("build", str(SEED), "--store", str(store), "--workers", "1")]
    assert all(r.one_line_error("cannot open the store") for r in broken), [r.err for r in broken]
    row("errors", "`--store` on a folder of user files; a corrupt store",
        "refused in one line (files untouched); the corrupt store is one line for query and build")


def test_bad_options_and_data_are_one_line(tmp_path, seed_nt):
    known = tmp_path / "known.csv"
    known.write_text("name,type,wikidata,aliases\nAcme Corp,Organization,not-an-id,\n")
    bad_count = tmp_path / "count.nt"
    bad_count.write_text(seed_nt.read_text().replace(
        '"^^<http://www.w3.org/2001/XMLSchema#integer>', 'x"^^<http://www.w3.org/2001/XMLSchema#integer>', 1))
    cases = {
        "--timeout nan": kg("query", str(seed_nt), "--timeout", "nan", "-e", "ASK {}"),
        "--endpoint http://h:abc/": kg("query", "--endpoint", "http://h:abc/", "-e", "ASK {}"),
        "a bad Wikidata id in --known": kg("build", str(SEED), "--known", str(known), "-o",
                                           str(tmp_path / "k.nt"), "--workers", "1"),
        "invalid UTF-8 in -p": kg("query", str(seed_nt), "-n", "entity-profile", "-p",
                                  os.fsdecode(b"entity=\xff\xfe")),
    }
    for name, run in cases.items():
        assert run.code in (1, 2) and "Traceback" not in run.err and len(run.lines) <= 3, (name, run.err)
    counted = kg("build", str(SEED), "--append", str(bad_count), "--workers", "1")
    assert counted.code == 0 and "Traceback" not in counted.err, counted.err
    row("errors", "`--timeout nan`, `--endpoint http://h:abc/`, a bad Wikidata id in `--known`, invalid UTF-8 "
        "in `-p`", "one line each (usage errors exit 2)")
    row("errors", "a non-integer `kgo:mentionCount` in an appended graph", "read as no count; the build goes on")


def test_netrc_password_is_never_echoed(tmp_path, hostile_server):
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine 127.0.0.1 login analyst password correct horse battery\n")
    netrc_file.chmod(0o600)
    result = kg("query", "--endpoint", f"{hostile_server}/json/object", "--netrc", str(netrc_file), "--allow-http",
                "-e", "ASK {}")
    assert result.code == 1 and "horse" not in result.err and "battery" not in result.err, result.err
    row("errors", "a netrc password with an unquoted space", "one line naming the netrc line, no piece of the password")


# --- 4. queries bounded ------------------------------------------------------------------------

def test_cartesian_select_is_stopped_by_the_row_cap(seed_nt):
    result = kg("query", str(seed_nt), "-e", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=120)
    assert result.one_line_error("more than"), result.err
    assert result.peak_mb < MEMORY_LIMIT_MB
    capped = kg("query", str(seed_nt), "--max-rows", "1000", "-e", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert capped.one_line_error("more than 1,000 result rows"), capped.err
    ordered = kg("query", str(seed_nt), "--max-rows", "0", "--timeout", "60", "-e",
                 "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c", timeout=120)
    assert ordered.code == 1 and "Traceback" not in ordered.err and ordered.peak_mb < MEMORY_LIMIT_MB, ordered.err
    row("queries", "`SELECT *` over a 3-way cartesian product (`ORDER BY` too)",
        f"stopped by the memory guard (1 GB) in {result.seconds:.0f}s, peak {result.peak_mb:.0f} MB; "
        f"`--max-rows` (default 1,000,000) stops long results; with ORDER BY: peak {ordered.peak_mb:.0f} MB, "
        f"{ordered.seconds:.0f}s")


def test_table_rendering_is_linear(tmp_path):
    from kg.query import format_table

    long_cell = "x" * 20_000
    started = time.perf_counter()
    table = format_table(["a"], [[long_cell]] * 200)
    wide = time.perf_counter() - started
    assert wide < 1 and len(table.splitlines()[2]) == 60
    graph = tmp_path / "many.nt"
    with open(graph, "w") as handle:
        for i in range(1000):
            handle.write(f"<urn:s{i}> <urn:p> \"{'é' * 30} {i}\" .\n")
    head = subprocess.Popen(["head", "-n", "5"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert head.stdin is not None
    started = time.monotonic()
    process = subprocess.run([*KG, "query", str(graph), "-e", "SELECT ?x ?y WHERE { ?a ?p ?x . ?b ?q ?y }"],
                             stdout=head.stdin, stderr=subprocess.PIPE, cwd=ROOT, timeout=300)
    head.stdin.close()
    lines = head.stdout.read().decode().splitlines() if head.stdout else []
    head.wait()
    seconds = time.monotonic() - started
    assert len(lines) == 5 and b"Traceback" not in process.stderr, process.stderr
    row("queries", "a 20,000-character cell; a 1,000,000-row table piped to `head`",
        f"{wide * 1000:.0f} ms for 200 such cells; the 1M-row table ends in {seconds:.0f}s, quietly when head exits")


@pytest.mark.parametrize("shape", ["object", "list", "null", "no-type", "deep", "bad-boolean", "string-vars"])
def test_hostile_endpoint_answers_are_one_line(hostile_server, shape):
    result = kg("query", "--endpoint", f"{hostile_server}/json/{shape}", "-e", "SELECT ?x WHERE { ?x ?p ?o }")
    assert result.one_line_error("not valid SPARQL results"), result.err
    if shape == "string-vars":
        row("queries", "endpoint answers `{}`, `[]`, `null`, a binding without a type, 100,000-deep nesting, "
            "a non-boolean ASK, vars not a list", "one line each: the answer's shape is checked")


def test_load_honours_the_timeout_per_request(hostile_server, seed_nt):
    result = kg("load", str(seed_nt), "--endpoint", f"{hostile_server}/trickle", "--timeout", "3", timeout=60)
    assert result.one_line_error("no answer within 3s"), result.err
    assert result.seconds < 15
    row("queries", "`kg load --timeout 3` to a server answering one byte a second",
        f"stopped after {result.seconds:.0f}s with one line")


def test_load_validates_every_file_before_the_first_request(tmp_path, seed_nt):
    bad = tmp_path / "b.nt"
    bad.write_text("<urn:a> <urn:b> .\n")
    with oxigraph_serve(tmp_path / "store") as base:
        assert kg("load", str(seed_nt), "--endpoint", f"{base}/store").code == 0
        before = _triples(base)
        result = kg("load", str(seed_nt), str(bad), "--endpoint", f"{base}/store")
        assert result.one_line_error("b.nt: not valid RDF"), result.err
        assert _triples(base) == before
    row("queries", "`kg load a.nt b.nt` where b.nt is not RDF", f"refused before any request; the remote graph keeps "
        f"its {before} triples")


# --- 5. files as users expect, interrupts --------------------------------------------------------

def test_outputs_get_the_usual_permissions(tmp_path, nlp):
    fresh = tmp_path / "fresh.ttl"
    private = tmp_path / "private.ttl"
    kept = tmp_path / "kept.ttl"
    kept.write_text("")
    kept.chmod(0o640)
    assert kg("build", str(SEED), "-o", str(fresh), "--workers", "1", env={}).code == 0
    script = (f"import os, sys, runpy; os.umask(0o077); sys.argv = ['kg', 'build', {str(SEED)!r}, '-o', "
              f"{str(private)!r}, '--workers', '1']; runpy.run_module('kg.cli', run_name='__main__')")
    assert subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True).returncode == 0
    assert kg("build", str(SEED), "-o", str(kept), "--workers", "1").code == 0
    mask = os.umask(0)
    os.umask(mask)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (fresh, private, kept)}
    assert modes == {"fresh.ttl": 0o666 & ~mask, "private.ttl": 0o600, "kept.ttl": 0o640}, modes
    row("files", "output permissions (issue 15 point 3)",
        f"new files 0666 & ~umask ({oct(modes['fresh.ttl'])} here, 0o600 under umask 077); a replaced file keeps "
        "its mode; still atomic")


def _interrupt(tmp_path: Path, sig: int, extra: list[str]) -> tuple[int, str]:
    """Start a 2-worker build of 60 articles, signal it once the first chunk (16) is committed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    story = SEED.read_text()
    for i in range(60):
        (corpus / f"a{i:03d}.txt").write_text(story.replace("Michel", f"Michel{i}"))
    process = subprocess.Popen([*KG, "build", str(corpus), "--workers", "2", "--progress", *extra], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 240
    committed = re.compile(rb"\b(1[7-9]|[2-5][0-9])/60 articles")  # the progress bar past the first chunk
    while not committed.search(seen) and process.poll() is None and time.monotonic() < deadline:
        seen += os.read(process.stderr.fileno(), 4096)
    if sig == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C goes to the whole process group
    else:
        process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    return process.returncode, (seen + err).decode().replace("\r", "\n")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupts_end_workers_quietly(tmp_path, nlp, sig, code):
    out = tmp_path / "out.nt"
    returncode, err = _interrupt(tmp_path, sig, ["-o", str(out)])
    assert returncode == code, err
    assert "Traceback" not in err and err.strip().splitlines()[-1].strip().startswith("kg: ")
    assert len([line for line in err.splitlines() if "interrupted" in line or "terminated" in line]) == 1
    assert not out.exists() and not list(tmp_path.glob(".kg-runs-*")) and not list(tmp_path.glob(".out.nt.*"))
    store = tmp_path / "store"
    returncode, err = _interrupt(tmp_path, sig, ["--store", str(store)])
    assert returncode == code and "Traceback" not in err, err
    from kg.store import OxigraphStore

    kept = OxigraphStore(store, read_only=True)
    articles = len(kept.articles())
    kept.close()
    assert articles > 0
    row("interrupts", f"{signal.Signals(sig).name} during a build with 2 workers",
        f"exit {code}, one line, no worker traceback, no temp folders; a store keeps its committed articles "
        f"({articles} here)")


# --- the table -----------------------------------------------------------------------------------

def test_attack_table():
    lines = ["| group | attack | now |", "|---|---|---|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |" for cells in ROWS]
    lines.append(f"| memory | peak of every command above | {max(PEAKS, default=0):.0f} MB (limit "
                 f"{MEMORY_LIMIT_MB} MB) |")
    table = "\n".join(lines) + "\n"
    folder = Path(os.environ.get("KG_REPORT_DIR", ROOT / "build"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "attacks.md").write_text(table)
    print("\n" + table)
    update_readme("attacks", table)
    assert max(PEAKS, default=0) < MEMORY_LIMIT_MB
