"""Pictures: packed components, label boxes that never overlap, legends that cover nothing, filters."""

from __future__ import annotations

import itertools
import re
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import DEV, EXAMPLES

from kg.cli import main
from kg.explore import select, to_networkx
from kg.layout import Box, boxes_overlap, layout
from kg.picture import draw, html_page, legend_of, picture_layout

DEV_VOA = DEV.parent / "dev-voa"


@pytest.fixture(scope="module")
def corpus24(nlp, tmp_path_factory):
    """The 24 annotated articles (eval/dev + eval/dev-voa) as one graph file."""
    if not (DEV.is_dir() and DEV_VOA.is_dir()):
        pytest.skip("../shared/eval/dev and dev-voa are not here")
    folder = tmp_path_factory.mktemp("a24")
    for text in [*DEV.glob("*.txt"), *DEV_VOA.glob("*.txt")]:
        shutil.copy(text, folder / text.name)
    assert len(list(folder.glob("*.txt"))) == 24
    out = folder.parent / "a24.nt"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out


def _text_boxes(figure):
    """Rendered extents (pixels) of the node labels: texts drawn with a gid (the node)."""
    renderer = figure.canvas.get_renderer()
    return {t.get_gid(): t.get_window_extent(renderer) for t in figure.axes[0].texts if t.get_gid()}


def test_24_articles_png_has_no_overlapping_node_labels(corpus24, tmp_path):
    out = tmp_path / "a24.png"
    result = CliRunner().invoke(main, ["export", str(corpus24), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from kg.query import load_graphs

    network = select(to_networkx(load_graphs([corpus24])), top=40)
    assert network.number_of_nodes() == 40
    plan = picture_layout(network)
    boxes = list(plan.boxes.values())
    assert len(boxes) == 40 and not boxes_overlap(boxes)
    # The same holds for the text as matplotlib renders it, checked on the drawn figure.
    figure = draw(network)
    drawn = list(_text_boxes(figure).values())
    assert len(drawn) == 40
    assert not [(a, b) for a, b in itertools.combinations(drawn, 2) if a.overlaps(b)]
    # The legend sits below the drawing: it covers no node.
    legend = figure.legends[0].get_window_extent(figure.canvas.get_renderer())
    assert all(legend.y1 <= box.y0 for box in drawn)


def test_components_are_packed_not_flung_to_corners():
    network = nx.Graph()
    for k in range(6):  # six separate pairs
        network.add_edge(f"a{k}", f"b{k}")
    labels = {n: f"Person {n}" for n in network}
    plan = layout(network, labels, dict.fromkeys(network, 9.0), lambda text, pt: (len(text) * pt * 0.6 / 72, pt / 72))
    area = sum(b.width * b.height for b in plan.boxes.values())
    # The drawing is a compact, landscape-ish rectangle: no vast empty canvas.
    assert plan.width * plan.height < 12 * area
    assert 0.5 < plan.width / plan.height < 4
    assert not boxes_overlap(list(plan.boxes.values()))


def test_dense_cluster_labels_still_do_not_overlap():
    star = nx.star_graph(30)
    nx.add_path(star, range(1, 31))
    labels = {n: f"A fairly long entity name {n}" for n in star}
    plan = layout(star, labels, dict.fromkeys(star, 10.0), lambda text, pt: (len(text) * pt * 0.55 / 72, pt / 72))
    assert not boxes_overlap(list(plan.boxes.values()))


def test_box_overlap_is_what_it_says():
    assert Box(0, 0, 2, 1).overlaps(Box(1.5, 0.5, 2, 1))
    assert not Box(0, 0, 2, 1).overlaps(Box(2.1, 0, 2, 1))


def test_focus_keeps_one_neighbourhood_and_top_keeps_the_busiest(examples_graph):
    network = to_networkx(examples_graph)
    around = select(network, focus="Charles Michel", hops=1)
    labels = {d["label"] for _, d in around.nodes(data=True)}
    assert {"Charles Michel", "Manuel Valls", "Belgium"} <= labels and "Olaf Scholz" not in labels
    assert select(network, focus="michel", hops=0).number_of_nodes() == 1  # an alias, any case
    top = select(network, top=3)
    degree = dict(network.degree())
    assert top.number_of_nodes() == 3 and min(degree[n] for n in top) >= sorted(degree.values())[-3]
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="Charles Michel"):
        select(network, focus="Charles Mitchel")


def test_export_focus_from_the_command_line(examples_graph, tmp_path):
    graph_file = tmp_path / "ex.ttl"
    examples_graph.serialize(graph_file, format="turtle")
    out = tmp_path / "focus.svg"
    result = CliRunner().invoke(main, ["export", str(graph_file), "-o", str(out), "--focus", "Charles Michel"])
    assert result.exit_code == 0, result.output
    assert "Charles Michel" in out.read_text() and "Olaf Scholz" not in out.read_text()
    assert "of " in result.stderr  # says that a part was shown


def test_html_page_has_a_legend_that_filters_types_and_predicates(examples_graph):
    network = to_networkx(examples_graph)
    page = html_page(network).decode()
    legend = legend_of(page)
    assert {"Person", "Country"} <= set(legend["type"])
    assert {"meets", "leaderOf"} <= set(legend["predicate"])
    assert "function kgFilter" in page and re.search(r'"kgtype": "Person"', page)
    assert re.search(r'"kgpredicate": "meets"', page)
    panel = page[page.index('<div id="kg-panel"'):]
    assert "http" not in panel  # the legend fetches nothing: the page still opens offline


def test_draw_from_the_api_shows_top_entities(nlp):
    import kg

    graph = kg.build(EXAMPLES)
    figure = graph.draw(top=5)
    assert len(_text_boxes(figure)) == 5
    focused = graph.draw(focus="Olaf Scholz", hops=1)
    assert "Olaf Scholz" in {t.get_text() for t in focused.axes[0].texts}
