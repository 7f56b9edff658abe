"""What a new user meets: the API as documented, formats, streams, --base, SPARQL comfort,
progress, saved web pages and Markdown, and messages that say what to do."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, SEED
from rdflib import Graph, Literal, URIRef

import kg
from kg.cli import main
from kg.errors import ConfigError, InputError

FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA = "https://schema.org/"
MEETING = "Dutch Prime Minister Anneke Visser met Polish President Tomasz Zielak in Warsaw on Monday."


def run(*args: str, input: bytes | str | None = None):  # noqa: A002 - click's name
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def seed_file(nlp, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "seed.ttl"
    kg.build(SEED).save(out)
    return out


# -- the API as documented ------------------------------------------------------------------

def _people(graph) -> set[str]:
    return {e.label for e in graph.entities() if e.type == "Person"}


def test_build_takes_a_text(nlp):
    graph = kg.build(MEETING)
    assert not graph.skipped
    assert {"Anneke Visser", "Tomasz Zielak"} <= _people(graph)


def test_build_takes_texts_pairs_paths_and_mixtures(nlp):
    other = "Kenyan President Amani Mwangi visited Accra, where he met Ghanaian President Kofi Asante."
    assert {"Anneke Visser", "Amani Mwangi"} <= _people(kg.build([MEETING, other]))
    pairs = kg.build([("visit", other)])
    assert pairs.query("SELECT ?id WHERE { ?a schema:identifier ?id }").records() == [{"id": "visit"}]
    assert "Charles Michel" in _people(kg.build(str(SEED)))
    mixed = kg.build([SEED, ("visit", other)])
    assert {"Charles Michel", "Amani Mwangi"} <= _people(mixed)
    assert {"Anneke Visser"} <= _people(kg.build(texts=[MEETING]))  # texts= keeps working


def test_a_missing_file_name_is_reported_not_built_as_text(nlp, tmp_path):
    graph = kg.build(str(tmp_path / "missing.txt"))
    assert graph.skipped and "no such file" in graph.skipped[0]


def test_something_else_is_a_clear_error():
    with pytest.raises(InputError, match="path, a text"):
        kg.build([42])


# -- formats and streams -------------------------------------------------------------------

def test_rdf_suffix_writes_rdf_xml_that_reads_back(seed_file, tmp_path):
    out = tmp_path / "seed.rdf"
    result = run("build", str(SEED), "-o", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert out.read_text().lstrip().startswith("<?xml")
    back = Graph().parse(out, format="xml")
    assert len(back) == len(Graph().parse(seed_file, format="turtle"))
    assert run("stats", str(out)).exit_code == 0  # and every command reads it


def test_unsupported_suffix_is_a_usage_error_naming_the_supported_ones(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path / "graph.csv"))
    assert result.exit_code == 2
    assert ".ttl" in result.output and ".rdf" in result.output and not (tmp_path / "graph.csv").exists()


def test_result_format_must_fit_the_query_form(seed_file):
    construct = "CONSTRUCT { ?a kgo:meets ?b } WHERE { ?a kgo:meets ?b }"
    result = run("query", str(seed_file), "-e", construct, "--format", "csv")
    assert result.exit_code == 2 and "does not fit a CONSTRUCT" in result.output
    result = run("query", str(seed_file), "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle")
    assert result.exit_code == 2 and "SELECT" in result.output
    result = run("query", str(seed_file), "-e", construct)
    assert result.exit_code == 0 and "kgo:meets" in result.stdout  # CONSTRUCT defaults to Turtle


def test_build_pipes_into_query(nlp, tmp_path):
    built = run("build", str(SEED), "-f", "nt", "--workers", "1")
    assert built.exit_code == 0
    result = run("query", "-", "-n", "who-met-whom", input=built.stdout_bytes)
    assert result.exit_code == 0, result.output
    assert "Charles Michel" in result.stdout and "Manuel Valls" in result.stdout
    for command in (["stats", "-"], ["entities", "-"], ["validate", "-"]):
        assert run(*command, input=built.stdout_bytes).exit_code == 0, command
    assert not Path("-").exists()


def test_export_to_stdout(seed_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", str(seed_file), "-o", "-", "--format", "graphml")
    assert result.exit_code == 0 and "<graphml" in result.stdout and not (tmp_path / "-").exists()
    assert run("export", str(seed_file), "-o", "-").exit_code == 2  # stdout needs a format


# -- --base ----------------------------------------------------------------------------------

def test_base_without_slash_gets_one_with_a_note(nlp, tmp_path):
    out = tmp_path / "g.nt"
    result = run("build", str(SEED), "-o", str(out), "--base", "https://example.org/kg", "--workers", "1")
    assert result.exit_code == 0 and "using https://example.org/kg/" in result.stderr
    text = out.read_text()
    assert "<https://example.org/kg/person/charles-michel>" in text and "example.org/kgperson" not in text


def test_base_that_is_not_an_iri_is_a_usage_error(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path / "g.ttl"), "--base", "notaniri")
    assert result.exit_code == 2 and "absolute IRI" in result.output and not (tmp_path / "g.ttl").exists()
    with pytest.raises(ConfigError, match="absolute IRI"):
        kg.build(MEETING, base="not an iri")


# -- SPARQL comfort --------------------------------------------------------------------------

def test_prefixes_are_predeclared_and_own_declarations_win(seed_file):
    result = run("query", str(seed_file), "-e", "SELECT ?n WHERE { ?p a kgo:Person ; rdfs:label ?n } ORDER BY ?n")
    assert result.exit_code == 0 and "Charles Michel" in result.stdout
    own = "PREFIX kgo: <urn:nothing#> SELECT ?p WHERE { ?p a kgo:Person }"
    assert "Charles" not in run("query", str(seed_file), "-e", own).stdout


def test_select_star_keeps_projection_order(seed_file):
    result = run("query", str(seed_file), "-e", "SELECT * WHERE { ?s rdfs:label ?o ; ?p ?x } LIMIT 1",
                 "--format", "csv")
    assert result.stdout.splitlines()[0] == "s,o,p,x"


def test_max_width(seed_file):
    query = "SELECT ?t WHERE { ?q kgo:sentence ?t } ORDER BY DESC(STRLEN(?t)) LIMIT 3"
    cut = run("query", str(seed_file), "-e", query, "--max-width", "20").stdout
    whole = run("query", str(seed_file), "-e", query, "--max-width", "0").stdout
    assert max(map(len, cut.splitlines())) <= 20 and "…" in cut
    assert max(map(len, whole.splitlines())) > 100


def test_parser_errors_are_whole_with_line_and_column(seed_file):
    result = run("query", str(seed_file), "-e", "SELECT ?x WHERE {\n  ?x foo:bar ?y }")
    assert result.exit_code == 1
    assert "line 2, column" in result.output and "unknown prefix foo:" in result.output
    assert "predeclared: dcterms, kg, kgo" in result.output
    result = run("query", str(seed_file), "-e", "SELECT ?x WHERE { ?x ?p ?y FILTER(?x = ) }")
    assert "line 1, column" in result.output and "expected one of" in result.output


# -- progress --------------------------------------------------------------------------------

def test_progress_bar_has_total_rate_and_time_left():
    from kg.progress import Progress

    stream = io.StringIO()
    bar = Progress(stream, total=4, every=0)
    for _ in range(2):
        bar.advance()
    bar.note("kg: x.txt: empty article, skipped")
    bar.close()
    text = stream.getvalue()
    assert "2/4 articles" in text and "50%" in text and "/s" in text and "left" in text
    assert "kg: x.txt: empty article, skipped\n" in text


def test_progress_is_quiet_when_piped(nlp, tmp_path):
    result = run("build", str(EXAMPLES), "-o", str(tmp_path / "g.nt"), "--workers", "1")
    assert result.exit_code == 0 and "\r" not in result.stderr


def test_total_is_counted_before_the_build(tmp_path):
    from kg.ingest import count_articles

    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n')
    assert count_articles([tmp_path]) == 3 and count_articles(["-"]) is None


# -- article pages in ------------------------------------------------------------------------

def test_saved_news_page_gives_text_headline_date_author_and_site(nlp):
    from kg.ingest import iter_documents

    [doc] = iter_documents([FIXTURES / "news-page.html"], lambda m: None)
    assert doc.title == "Estonia and Finland sign harbour pact in Tallinn"
    assert doc.date == "2024-03-14" and doc.author == "Marta Lind" and doc.source == "The Baltic Courier"
    assert "Kaisa Tamm met Finnish President Olli Rantanen" in doc.text
    for junk in ("Subscribe", "cookies", "Privacy policy", "newsletter", "tracking", "Related stories", "saunas"):
        assert junk not in doc.text
    graph = kg.build(FIXTURES / "news-page.html")
    rdf = graph.rdf
    article = next(rdf.subjects(URIRef(SCHEMA + "headline"), None))
    assert Literal("The Baltic Courier") in set(rdf.objects(article, URIRef(SCHEMA + "publisher")))
    author = next(rdf.objects(article, URIRef(SCHEMA + "author")))
    assert str(next(rdf.objects(author, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))) == "Marta Lind"


def test_markdown_headline_and_bold_dateline(nlp, tmp_path):
    page = tmp_path / "story.md"
    page.write_text("# Ghana and Kenya agree on trade corridor\n\n"
                    "**ACCRA, May 6, 2024** — Kenyan President Amani Mwangi met Ghanaian President Kofi Asante "
                    "in Accra on Monday to sign a *trade corridor* agreement.\n", encoding="utf-8")
    graph = kg.build(page)
    records = graph.query("SELECT ?h ?d WHERE { ?a schema:headline ?h . OPTIONAL { ?a schema:datePublished ?d } }")
    [row] = records.records()
    assert row["h"] == "Ghana and Kenya agree on trade corridor"
    assert str(row["d"]) == "2024-05-06"
    assert not any("#" in e.label or "*" in e.label for e in graph.entities())


# -- messages ---------------------------------------------------------------------------------

def test_a_folder_given_as_a_graph_says_what_to_do():
    result = run("entities", str(EXAMPLES))
    assert result.exit_code == 1 and "a folder, not a graph file" in result.output and "kg build" in result.output


def test_an_article_given_as_a_graph_says_what_to_do():
    result = run("stats", str(SEED))
    assert result.exit_code == 1 and "an article, not an RDF graph" in result.output and "kg build" in result.output


def test_a_broken_graph_says_why(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n")
    result = run("stats", str(bad))
    assert result.exit_code == 1 and "not valid turtle:" in result.output
    assert result.output.split("not valid turtle:", 1)[1].strip()  # and the reason follows


class _QueryOnly(BaseHTTPRequestHandler):
    """A SPARQL query endpoint: no Graph Store Protocol, no Update."""

    def do_PUT(self):  # noqa: N802
        self.send_response(405)
        self.end_headers()

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(415)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_load_to_a_query_endpoint_says_which_url_to_use(seed_file):
    server = HTTPServer(("127.0.0.1", 0), _QueryOnly)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/query"
        result = run("load", str(seed_file), "--endpoint", url)
    finally:
        server.shutdown()
    assert result.exit_code == 1
    assert "HTTP 415" in result.output and "Graph Store URL" in result.output and "/store" in result.output


def test_help_is_whole():
    result = run("--help")
    assert "Run SPARQL on graph files, a store or an endpoint." in result.output
    assert "..." not in result.output.split("Commands:")[1]  # no summary is cut
    assert "CSV of your own known entities" in run("evaluate", "--help").output
