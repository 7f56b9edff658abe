"""Incremental builds: adding articles to an existing graph or store ends in the
same graph as building everything at once, and re-running adds nothing."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import EXAMPLES, SEED, ask

from kg.cli import main
from kg.graph import serialize
from kg.pipeline import build_graph_from, build_into, documents_from
from kg.store import OxigraphStore

A1 = ("a1", "Michel criticised the European Commission on Tuesday.")
A2 = ("a2", "Belgian Prime Minister Charles Michel met Manuel Valls in Brussels.")
A3 = ("a3", "Manuel Valls said France would create a national PNR database.")


def _nt(graph) -> bytes:
    return serialize(graph, "nt")


def test_adding_articles_one_by_one_equals_building_them_together(nlp):
    together = build_graph_from(texts=[A1, A2, A3]).graph
    graph = build_graph_from(texts=[A1]).graph
    # After the first article alone, "Michel" is a person of his own ...
    assert ask(graph, '?m rdfs:label "Michel" ; a kgo:Person .')
    build_graph_from(texts=[A2], graph=graph)
    build_graph_from(texts=[A3], graph=graph)
    # ... and once "Charles Michel" arrives, the lone surname folds into him.
    assert not ask(graph, '?m rdfs:label "Michel" .')
    assert ask(graph, '?m rdfs:label "Charles Michel" ; kgo:criticizes ?c . ?c rdfs:label "European Commission" .')
    assert _nt(graph) == _nt(together)


def test_rerunning_the_same_build_adds_nothing(nlp):
    graph = build_graph_from([EXAMPLES]).graph
    before = _nt(graph)
    again = build_graph_from([EXAMPLES], graph=graph)
    assert again.articles == 0 and again.unchanged == 4
    assert again.triples_added == 0
    assert _nt(graph) == before


def test_mention_counts_add_up_across_builds(nlp):
    together = build_graph_from([EXAMPLES]).graph
    graph = build_graph_from([SEED]).graph
    build_graph_from([EXAMPLES], graph=graph)
    q = 'SELECT ?n WHERE { ?e rdfs:label "Manuel Valls" ; kgo:mentionCount ?n }'
    from conftest import PREFIXES

    counts = [int(r[0]) for r in graph.query(PREFIXES + q)]
    assert counts == [int(r[0]) for r in together.query(PREFIXES + q)]
    assert len(counts) == 1 and counts[0] > 1


def test_persistent_store_grows_to_the_same_graph(nlp, tmp_path):
    store = OxigraphStore(tmp_path / "store")
    try:
        build_into(store, documents_from([EXAMPLES / "nato-summit.jsonl"], None, print))
        build_into(store, documents_from([EXAMPLES], None, print))
        again = build_into(store, documents_from([EXAMPLES], None, print))
        assert again.articles == 0 and again.triples_added == 0
        assert _nt(store.to_graph()) == _nt(build_graph_from([EXAMPLES]).graph)
    finally:
        store.close()


def test_cli_append_and_store_are_safe_to_rerun(nlp, tmp_path):
    runner = CliRunner()
    graph_file, store_dir = tmp_path / "g.nt", tmp_path / "store"
    for _ in range(2):
        for args in (["--append", str(graph_file)], ["--store", str(store_dir)]):
            result = runner.invoke(main, ["build", str(SEED), *args, "--workers", "1"])
            assert result.exit_code == 0, result.output
    assert "0 article(s) added, 1 already there" in result.output
    out = tmp_path / "from-store.nt"
    assert runner.invoke(main, ["build", str(SEED), "--store", str(store_dir), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == graph_file.read_bytes()


def test_two_workers_give_the_same_bytes_as_one(nlp):
    one = build_graph_from([EXAMPLES], workers=1).graph
    two = build_graph_from([EXAMPLES], workers=2, chunk=1).graph  # one article per task
    assert _nt(one) == _nt(two)
    assert serialize(one, "turtle") == serialize(two, "turtle")


def test_streamed_ntriples_equal_the_in_memory_graph(nlp, tmp_path):
    """A build streamed through sorted runs on disk (tiny runs here, so many merge) gives the
    same bytes as the in-memory graph, renames included."""
    from kg.store import NTriplesTarget

    texts = [A1, A2, A3]
    expected = _nt(build_graph_from(texts=texts).graph)
    out = tmp_path / "streamed.nt"
    target = NTriplesTarget(out, run_lines=7)
    build_into(target, documents_from(None, texts[:1], print), chunk=1)
    target.close()
    assert "person/michel>" in out.read_text()  # alone, the surname is its own node
    for text in texts[1:]:
        target = NTriplesTarget(out, existing=out, run_lines=7)
        build_into(target, documents_from(None, [text], print), chunk=1)
        target.close()
    assert out.read_bytes() == expected
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no runs left behind


def test_cli_ntriples_append_equals_batch(nlp, tmp_path):
    runner = CliRunner()
    batch, grown = tmp_path / "batch.nt", tmp_path / "grown.nt"
    files = sorted(EXAMPLES.iterdir())
    assert runner.invoke(main, ["build", str(EXAMPLES), "-o", str(batch)]).exit_code == 0
    for path in files:
        result = runner.invoke(main, ["build", str(path), "--append", str(grown)])
        assert result.exit_code == 0, result.output
    assert grown.read_bytes() == batch.read_bytes()
