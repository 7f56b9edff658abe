"""Pictures of the entity network: a static figure (matplotlib) and an interactive page (pyvis).

The static figure is drawn at the size its layout needs (``kg.layout``: packed
components, label boxes that never overlap), one data unit to an inch, with
the legend in its own strip below the drawing, so it never covers a node.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Hashable
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import ConfigError
from .layout import Box, Layout, layout

__all__ = ["TYPE_COLOURS", "draw", "html_page", "legend_of", "picture_layout", "to_html"]

TYPE_COLOURS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Country": "#59a14f", "City": "#8cd17d",
                "Place": "#76b7b2", "Concept": "#b07aa1", "Quote": "#bab0ac", "NewsArticle": "#e15759"}
# Edge colours by predicate (a line with several predicates is grey): the legend names them, so a
# line whose label had no free place still says what it is.
PREDICATE_COLOURS = {"meets": "#1f77b4", "cooperatesWith": "#17becf", "pledges": "#2ca02c", "callsFor": "#9467bd",
                     "demands": "#8c564b", "criticizes": "#d62728", "leaderOf": "#7f7f7f", "memberOf": "#bcbd22",
                     "says": "#aaaaaa", "mentions": "#cccccc"}
MIXED = "#555555"
LEGEND_COLUMNS = 7
LABEL_LIMIT = 28
EDGE_FONT = 7.0
LEGEND_STRIP = 0.45  # inches below the drawing
MARGIN = 0.25


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def _measure(text: str, points: float) -> tuple[float, float]:
    """A label's width and height in inches, as matplotlib will render it (DejaVu Sans, bold)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", weight="bold", size=points)
    width, height, descent = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    capital = TextToPath().get_text_width_height_descent("Ág", prop, ismath=False)
    return width / 72, max(height, capital[1]) / 72


def _font_sizes(network: nx.Graph) -> dict[Hashable, float]:
    """8.5 to 11 points: the most mentioned entities are printed larger."""
    mentions = {n: max(1, d.get("mentions") or 1) for n, d in network.nodes(data=True)}
    top = max(mentions.values(), default=1)
    return {n: round((8.5 + 2.5 * (m / top) ** 0.5) * 2) / 2 for n, m in mentions.items()}


def picture_layout(network: nx.Graph, seed: int = 7) -> Layout:
    """The layout ``draw`` uses: label boxes (inches) by node."""
    labels = {n: short(d.get("label", n)) for n, d in network.nodes(data=True)}
    room = {pair: _measure(text, EDGE_FONT)[0] * 0.85 + 0.2 for pair, (text, *_) in _edge_labels(network).items()}
    return layout(network, labels, _font_sizes(network), _measure, seed=seed, edge_room=room)


def _edge_end(box: Box, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the box's centre towards a point leaves the box."""
    dx, dy = towards[0] - box.x, towards[1] - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    scale = min(box.width / 2 / abs(dx) if dx else float("inf"), box.height / 2 / abs(dy) if dy else float("inf"))
    return box.x + dx * min(scale, 1.0), box.y + dy * min(scale, 1.0)


def _edge_labels(network: nx.Graph) -> dict[tuple[Hashable, Hashable], tuple[str, bool, bool]]:
    """One line per pair of nodes: its predicates, and which ends get an arrowhead."""
    pairs: dict[tuple[Hashable, Hashable], tuple[set[str], set[Hashable]]] = defaultdict(lambda: (set(), set()))
    for u, v, data in network.edges(data=True):
        key = (u, v) if str(u) <= str(v) else (v, u)
        names, heads = pairs[key]
        names.add(data.get("predicate", ""))
        if network.is_directed() and not data.get("symmetric"):
            heads.add(v)
    return {key: (", ".join(sorted(names)), key[0] in heads, key[1] in heads)
            for key, (names, heads) in sorted(pairs.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))}


def draw(network: nx.MultiDiGraph | nx.MultiGraph, ax: Any = None, seed: int = 7, title: str | None = None) -> Any:
    """A static picture: label boxes coloured by type, edges labelled by predicate, a legend below.

    Returns the matplotlib Figure (shown inline in Jupyter). Choose what to show first
    (``kg.explore.select``: top entities, or one entity's neighbourhood).
    """
    try:
        import matplotlib

        if ax is None and not _in_notebook():
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
        from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    except ImportError as exc:
        raise ConfigError("drawing needs matplotlib: pip install 'newskg[explore]'") from exc
    plan = picture_layout(network, seed)
    width, height = max(plan.width, 4.0) + 2 * MARGIN, max(plan.height, 0.6) + 2 * MARGIN
    top_strip = 0.35 if title else 0.0
    edge_labels = _edge_labels(network)
    types = [t for t in TYPE_COLOURS if t in {d.get("type") for _, d in network.nodes(data=True)}]
    predicates = sorted({p for text, *_ in edge_labels.values() for p in text.split(", ")})
    strip = LEGEND_STRIP * -(-(len(types) + len(predicates)) // LEGEND_COLUMNS)
    if ax is None:
        total = height + strip + top_strip
        figure = plt.figure(figsize=(width, total))
        ax = figure.add_axes((0, strip / total, 1, height / total))
    else:
        figure = ax.figure
    ax.set_xlim(-MARGIN, width - MARGIN)
    ax.set_ylim(-MARGIN, height - MARGIN)
    ax.set_aspect("equal")
    ax.set_axis_off()
    sizes = _font_sizes(network)
    boxes = plan.boxes
    node_boxes: list[Box] = list(boxes.values())
    placed: list[Box] = list(node_boxes)
    for (u, v), (text, head_u, head_v) in edge_labels.items():
        a, b = boxes[u], boxes[v]
        start, end = _edge_end(a, (b.x, b.y)), _edge_end(b, (a.x, a.y))
        style = "<|-|>" if head_u and head_v else "-|>" if head_v else "<|-" if head_u else "-"
        colour = PREDICATE_COLOURS.get(text, MIXED)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=9, color=colour,
                                     linewidth=1.0, alpha=0.75, shrinkA=1, shrinkB=1, zorder=1))
        label_w, label_h = _measure(text, EDGE_FONT)
        spot = _free_spot(start, end, label_w * 0.85 + 0.06, label_h + 0.04, placed, node_boxes)
        if spot is None:
            continue  # no place free enough: the line's colour says what it is
        placed.append(spot)
        ax.text(spot.x, spot.y, text, fontsize=EDGE_FONT, color=colour if colour != MIXED else "#333333",
                ha="center", va="center", zorder=2,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9})
    for node, data in network.nodes(data=True):
        box = boxes[node]
        colour = TYPE_COLOURS.get(data.get("type") or "", "#cccccc")
        ax.add_patch(FancyBboxPatch((box.x - box.width / 2, box.y - box.height / 2), box.width, box.height,
                                    boxstyle="round,pad=0,rounding_size=0.06", fc=_tint(colour), ec=colour,
                                    linewidth=1.4, zorder=3))
        ax.text(box.x, box.y, short(data.get("label", node)), fontsize=sizes[node], fontweight="bold",
                family="DejaVu Sans", ha="center", va="center_baseline", color="#1d1d1d", zorder=4, gid=str(node))
    handles = [Line2D([0], [0], marker="s", linestyle="", markerfacecolor=_tint(TYPE_COLOURS[t]),
                      markeredgecolor=TYPE_COLOURS[t], markersize=10, label=t) for t in types]
    handles += [Line2D([0], [0], color=PREDICATE_COLOURS.get(p, MIXED), linewidth=2, label=p) for p in predicates]
    if handles:
        figure.legend(handles=handles, loc="lower center", ncol=min(len(handles), LEGEND_COLUMNS), frameon=False,
                      fontsize=9, bbox_to_anchor=(0.5, 0.0))
    if title:
        figure.suptitle(title, y=1 - 0.05 / (height + strip + top_strip), va="top")
    return figure


def _free_spot(start: tuple[float, float], end: tuple[float, float], width: float, height: float,
               taken: list[Box], nodes: list[Box]) -> Box | None:
    """Where along an edge its label covers the least of the labels already placed; None when
    every place would cover a node's label."""
    best: tuple[float, Box] | None = None
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78):
        spot = Box(start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t, width, height)
        if any(spot.overlaps(node) for node in nodes):
            continue
        covered = sum(max(0.0, (spot.width + o.width) / 2 - abs(spot.x - o.x))
                      * max(0.0, (spot.height + o.height) / 2 - abs(spot.y - o.y)) for o in taken)
        if covered > 0.2 * width * height:
            continue  # it would hide most of another edge's label
        if best is None or covered < best[0] - 1e-9:
            best = (covered, spot)
        if covered == 0:
            break
    return best[1] if best else None


def _tint(colour: str, amount: float = 0.72) -> str:
    """The colour mixed with white: a light fill that dark text reads well on."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = (round(c + (255 - c) * amount) for c in (r, g, b))
    return "#" + "".join(f"{c:02x}" for c in mix)


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython

        return get_ipython() is not None
    except ImportError:
        return False


_PANEL = """
<div id="kg-panel" style="position:absolute;top:10px;left:10px;z-index:10;background:rgba(255,255,255,.93);
 border:1px solid #ccc;border-radius:6px;padding:8px 10px;font:13px sans-serif;max-height:90vh;overflow:auto">
 <div style="font-weight:bold;margin-bottom:4px">Types</div>{types}
 <div style="font-weight:bold;margin:8px 0 4px">Relations</div>{predicates}
</div>
<script>
function kgFilter() {{
  const on = (kind) => new Set([...document.querySelectorAll('#kg-panel input[data-' + kind + ']')]
                                .filter((box) => box.checked).map((box) => box.dataset[kind]));
  const types = on('type'), predicates = on('predicate');
  nodes.update(nodes.get().map((n) => ({{id: n.id, hidden: !types.has(n.kgtype)}})));
  edges.update(edges.get().map((e) => ({{id: e.id, hidden: !predicates.has(e.kgpredicate)}})));
}}
document.querySelectorAll('#kg-panel input').forEach((box) => box.addEventListener('change', kgFilter));
</script>
"""


def _checkbox(kind: str, value: str, count: int, colour: str | None = None) -> str:
    swatch = (f'<span style="display:inline-block;width:11px;height:11px;border-radius:3px;background:{colour};'
              f'margin-right:4px"></span>') if colour else ""
    value = html.escape(value, quote=True)
    return (f'<label style="display:block;white-space:nowrap"><input type="checkbox" checked '
            f'data-{kind}="{value}"> {swatch}{value} <span style="color:#888">{count}</span></label>')


def to_html(network: nx.MultiDiGraph | nx.MultiGraph, path: str | Path, height: str = "750px") -> Path:
    """An interactive page (vis-network inlined, so it opens offline in any browser) with a legend
    that filters nodes by type and edges by predicate."""
    from .store import atomic_write

    atomic_write(Path(path), html_page(network, height))
    return Path(path)


def html_page(network: nx.MultiDiGraph | nx.MultiGraph, height: str = "750px") -> bytes:
    """The interactive page's bytes (see ``to_html``)."""
    try:
        from pyvis.network import Network
    except ImportError as exc:
        raise ConfigError("interactive pages need pyvis: pip install 'newskg[explore]'") from exc
    page = Network(height=height, width="100%", directed=network.is_directed(), cdn_resources="in_line",
                   notebook=False)
    types: dict[str, int] = defaultdict(int)
    predicates: dict[str, int] = defaultdict(int)
    for node, data in network.nodes(data=True):
        kind = data.get("type") or "Other"
        types[kind] += 1
        aliases = ", ".join(data.get("aliases") or [])
        tooltip = "\n".join(x for x in (kind, aliases and f"aka {aliases}", data.get("wikidata")) if x)
        page.add_node(node, label=short(str(data.get("label", node)), 40), title=tooltip,
                      color=TYPE_COLOURS.get(kind, "#cccccc"), value=max(1, data.get("mentions") or 1), kgtype=kind)
    for u, v, key, data in network.edges(keys=True, data=True):
        predicates[str(key)] += 1
        articles = ", ".join(data.get("articles") or [])
        page.add_edge(u, v, label=key, title=f"{key} ({articles})" if articles else key, kgpredicate=str(key))
    page.set_options('{"physics": {"barnesHut": {"springLength": 160}}, "edges": {"font": {"size": 10}}}')
    text = page.generate_html(notebook=False)
    # pyvis's template links Bootstrap from a CDN for menus this page does not use: drop it,
    # so the page (vis-network inlined) opens offline and fetches nothing.
    text = re.sub(r"<(script|link)\b[^>]*(src|href)=\"https?://[^\"]*bootstrap[^\"]*\"[^>]*>(\s*</script>)?", "",
                  text)
    order = [t for t in TYPE_COLOURS if t in types] + sorted(t for t in types if t not in TYPE_COLOURS)
    panel = _PANEL.format(
        types="".join(_checkbox("type", t, types[t], TYPE_COLOURS.get(t, "#cccccc")) for t in order),
        predicates="".join(_checkbox("predicate", p, predicates[p]) for p in sorted(predicates)) or "<i>none</i>")
    text = text.replace("</body>", panel + "</body>", 1)
    return text.encode("utf-8")


def legend_of(page: str) -> dict[str, list[str]]:
    """The types and predicates a page's legend offers (for tests and scripts)."""
    found = re.findall(r'data-(type|predicate)="([^"]*)"', page)
    out: dict[str, list[str]] = {"type": [], "predicate": []}
    for kind, value in found:
        out[kind].append(html.unescape(value))
    return out
