"""The Python API, networkx export, pictures, and the example notebook run top to bottom."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, SEED

import kg
from kg.cli import main


@pytest.fixture(scope="module")
def seed_kg(nlp):
    return kg.build([SEED], workers=1)


def _labels(network) -> set[str]:
    return {data["label"] for _, data in network.nodes(data=True)}


def test_networkx_has_the_people_places_and_the_meeting(seed_kg):
    network = seed_kg.to_networkx()
    assert {"Charles Michel", "Manuel Valls", "France", "Belgium"} <= _labels(network)
    by_label = {d["label"]: n for n, d in network.nodes(data=True)}
    edge = network.get_edge_data(by_label["Charles Michel"], by_label["Manuel Valls"], key="meets")
    assert edge["predicate"] == "meets" and edge["symmetric"]
    assert edge["articles"] == ["seed-france-belgium"] and 0 < edge["confidence"] <= 1
    assert network.nodes[by_label["France"]]["wikidata"] == "http://www.wikidata.org/entity/Q142"
    assert network.nodes[by_label["France"]]["type"] == "Country"


def test_concepts_quotes_and_articles_on_request(seed_kg):
    network = seed_kg.to_networkx(include=["concepts", "quotes", "articles"])
    types = {d["type"] for _, d in network.nodes(data=True)}
    assert {"Concept", "Quote", "NewsArticle", "Person"} <= types
    assert any(key == "pledges" and network.nodes[v]["label"] == "develop national PNR database"
               for _, v, key in network.edges(keys=True))
    assert any(key == "says" for *_, key in network.edges(keys=True))


def test_symmetric_relations_undirected_are_one_edge(seed_kg):
    network = seed_kg.to_networkx(directed=False)
    assert isinstance(network, nx.MultiGraph) and not network.is_directed()
    by_label = {d["label"]: n for n, d in network.nodes(data=True)}
    assert network.number_of_edges(by_label["Charles Michel"], by_label["Manuel Valls"]) == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_reads_back_with_networkx(nlp, tmp_path, fmt):
    graph_file = tmp_path / "seed.ttl"
    seed = kg.build([SEED], workers=1)
    seed.save(graph_file)
    out = tmp_path / f"seed.{fmt}"
    result = CliRunner().invoke(main, ["export", str(graph_file), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "graphml":
        back = nx.read_graphml(out)
    elif fmt == "gexf":
        back = nx.read_gexf(out)
    else:
        import json

        back = nx.node_link_graph(json.loads(out.read_text()), edges="links")
    labels = {d.get("label") for _, d in back.nodes(data=True)}
    assert {"Charles Michel", "Manuel Valls", "France", "Belgium"} <= labels
    assert any(d.get("predicate") == "meets" for *_, d in back.edges(data=True))


def test_pictures_are_written(seed_kg, tmp_path):
    from kg.explore import export

    png = export(seed_kg.to_networkx(), tmp_path / "seed.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    page = seed_kg.to_html(tmp_path / "seed.html")
    html = page.read_text()
    assert "Charles Michel" in html and "vis-network" in html.lower()
    # Scripts are inlined: the page opens offline, nothing is fetched from a CDN.
    assert not re.search(r"<script[^>]+src=[\"']https?://", html)


def test_api_round_trip_and_pandas(seed_kg, tmp_path):
    path = seed_kg.save(tmp_path / "seed.nt")
    again = kg.load(path)
    assert len(again.rdf) == len(seed_kg.rdf)
    frame = again.query("who-met-whom").to_pandas()
    assert ("Charles Michel", "Manuel Valls") in set(zip(frame["a"], frame["b"], strict=True))
    assert seed_kg.add([SEED]).articles == 0  # already there


def test_notebook_runs_top_to_bottom(nlp):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(ROOT / "examples" / "explore.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES.parent)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the notebook shows no picture"
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "Charles Michel" in text and "Manuel Valls" in text


def test_readme_pictures_are_made_by_our_code():
    for name in ("four-articles.png", "24-articles.png"):
        assert (ROOT / "docs" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"docs/{name}" in (ROOT / "README.md").read_text()
    assert "kg export" in (ROOT / "README.md").read_text()
    assert Path(ROOT / "examples" / "explore.ipynb").is_file()
