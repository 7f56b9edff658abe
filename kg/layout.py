"""Where a picture puts its nodes: packed components, label boxes that never overlap.

Positions are in inches on the final figure, so the check "no two labels
overlap" is made here, before anything is drawn, and holds at any dpi:

1. each connected component is laid out alone (Kamada-Kawai for small ones,
   a seeded spring layout for large ones) and scaled so an edge is about as
   long as a label;
2. overlapping label boxes are pushed apart along the axis that needs the
   smaller move, until none overlap;
3. the components are packed in rows (largest first) into a rectangle of
   about 3:2, instead of being flung to the corners of an empty canvas.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["Box", "Layout", "boxes_overlap", "layout"]

GAP = 0.12  # inches kept free between two label boxes
COMPONENT_GAP = 0.5  # inches between packed components

Measure = Callable[[str, float], tuple[float, float]]


@dataclass(frozen=True)
class Box:
    """A node's label box: centre and size, in inches."""

    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (abs(self.x - other.x) < (self.width + other.width) / 2 + gap
                and abs(self.y - other.y) < (self.height + other.height) / 2 + gap)


@dataclass(frozen=True)
class Layout:
    """Label boxes by node and the drawing's size (inches); (0, 0) is the lower left corner."""

    boxes: dict[Hashable, Box]
    width: float
    height: float


def boxes_overlap(boxes: list[Box], gap: float = 0.0) -> list[tuple[int, int]]:
    """Index pairs of boxes that overlap (closer than ``gap``)."""
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i].overlaps(boxes[j], gap)]


def _component_positions(graph: nx.Graph, seed: int) -> dict[Hashable, np.ndarray]:
    nodes = sorted(graph.nodes, key=str)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    if len(nodes) == 2:
        return {nodes[0]: np.array([-0.5, 0.0]), nodes[1]: np.array([0.5, 0.0])}
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted(graph.edges, key=lambda e: (str(e[0]), str(e[1]))))
    if len(nodes) <= 300:
        return dict(zip(nodes, _stress_majorization(ordered, nodes), strict=True))
    raw = nx.spring_layout(ordered, seed=seed, iterations=300)
    return {n: np.asarray(p, dtype=float) for n, p in raw.items()}


def _stress_majorization(graph: nx.Graph, nodes: list[Hashable], rounds: int = 300) -> np.ndarray:
    """Positions whose distances match the graph distances (SMACOF, weights 1/d²): deterministic,
    and it spreads a star or a chain out evenly where a spring layout bunches it."""
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    distance = np.full((n, n), float(n))
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        for target, length in lengths.items():
            distance[index[source], index[target]] = length
    np.fill_diagonal(distance, 0.0)
    weight = np.zeros_like(distance)
    off = distance > 0
    weight[off] = distance[off] ** -2
    laplacian = -weight
    np.fill_diagonal(laplacian, weight.sum(axis=1))
    inverse = np.linalg.pinv(laplacian)
    angle = 2 * np.pi * np.arange(n) / n
    xy = np.stack([np.cos(angle), np.sin(angle)], axis=1) * (n / (2 * np.pi)) + np.outer(np.arange(n) % 3, [0.01, 0.02])
    for _ in range(rounds):
        gaps = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
        gaps[gaps < 1e-9] = 1e-9
        pull = -weight * distance / gaps
        np.fill_diagonal(pull, 0.0)
        np.fill_diagonal(pull, -pull.sum(axis=1))
        moved = inverse @ pull @ xy
        if np.abs(moved - xy).max() < 1e-4:
            xy = moved
            break
        xy = moved
    return xy


def _edge_room(xy: np.ndarray, size: np.ndarray, edges: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Moves that leave each edge at least its ``room`` (inches) of line between its two boxes."""
    move = np.zeros_like(xy)
    if not len(edges):
        return move
    a, b = edges[:, 0], edges[:, 1]
    delta = xy[b] - xy[a]
    length = np.maximum(np.linalg.norm(delta, axis=1), 1e-9)
    unit = delta / length[:, None]
    # How much of the line the two boxes cover, leaving their centres along ``unit``.
    inside = np.zeros(len(edges))
    for end in (a, b):
        half = size[end] / 2
        with np.errstate(divide="ignore"):
            inside += np.minimum(np.where(unit[:, 0] != 0, half[:, 0] / np.abs(unit[:, 0]), np.inf),
                                 np.where(unit[:, 1] != 0, half[:, 1] / np.abs(unit[:, 1]), np.inf))
    short = np.maximum(0.0, inside + room - length) / 2
    np.add.at(move, a, -unit * short[:, None])
    np.add.at(move, b, unit * short[:, None])
    return move


def _separate(xy: np.ndarray, size: np.ndarray, gap: float, rounds: int = 400,
              edges: np.ndarray | None = None, room: np.ndarray | None = None) -> np.ndarray:
    """Push overlapping boxes apart (each pair along its cheaper axis) until none overlap, and
    edges apart until each has room for its label."""
    n = len(xy)
    if n < 2:
        return xy
    xy = xy.copy()
    edges = np.zeros((0, 2), dtype=int) if edges is None else edges
    room = np.zeros(len(edges)) if room is None else room
    # Coincident centres cannot be told apart: spread them a little, deterministically.
    xy += np.stack([np.cos(np.arange(n)), np.sin(np.arange(n))], axis=1) * 1e-3
    for _ in range(rounds):
        stretch = _edge_room(xy, size, edges, room)
        if np.abs(stretch).max(initial=0.0) > 1e-3:
            xy += stretch * 0.5
        delta = xy[:, None, :] - xy[None, :, :]
        need = (size[:, None, :] + size[None, :, :]) / 2 + gap - np.abs(delta)
        overlap = (need[..., 0] > 0) & (need[..., 1] > 0)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            if np.abs(_edge_room(xy, size, edges, room)).max(initial=0.0) <= 1e-3:
                break
            continue
        axis = np.where(need[..., 0] <= need[..., 1], 0, 1)
        move = np.zeros_like(xy)
        sign = np.sign(delta)
        sign[sign == 0] = 1
        for k in (0, 1):
            push = np.where(overlap & (axis == k), need[..., k] / 2 + 1e-3, 0.0) * sign[..., k]
            move[:, k] = push.sum(axis=1)
        # Never move a box by more than its own size in one round: dense clusters settle.
        limit = size.max(axis=1, keepdims=True)
        xy += np.clip(move, -limit, limit) * 0.6
    return xy


def _pack(parts: list[tuple[np.ndarray, np.ndarray, list[Hashable]]]) -> tuple[dict[Hashable, Box], float, float]:
    """Shelf-pack components (positions, sizes, nodes) into rows; the largest come first."""
    extents = []
    for xy, size, nodes in parts:
        low = (xy - size / 2).min(axis=0)
        high = (xy + size / 2).max(axis=0)
        extents.append((low, high, xy, size, nodes))
    extents.sort(key=lambda e: (-(e[1] - e[0])[1] * (e[1] - e[0])[0], str(e[4][0])))
    widest = max(float((h - lo)[0]) for lo, h, *_ in extents)
    # Try each row width a row break could give; keep the one whose drawing fits the
    # smallest 3:2 rectangle (a landscape page rather than a column).
    candidates = sorted({widest, *(float(sum((h - lo)[0] + COMPONENT_GAP for lo, h, *_ in extents[:k]))
                                   for k in range(1, len(extents) + 1))})
    row_width = min((w for w in candidates if w >= widest), key=lambda w: _rows_score(extents, w))
    boxes: dict[Hashable, Box] = {}
    x = y = row_height = 0.0
    rows: list[list[tuple[float, float, np.ndarray, np.ndarray, np.ndarray, list[Hashable]]]] = [[]]
    for low, high, xy, size, nodes in extents:
        w, h = (high - low)
        if x > 0 and x + w > row_width + 1e-9:
            y += row_height + COMPONENT_GAP
            x = row_height = 0.0
            rows.append([])
        rows[-1].append((x, y, low, xy, size, nodes))
        x += w + COMPONENT_GAP
        row_height = max(row_height, h)
    total_height = y + row_height
    total_width = 0.0
    for row in rows:
        for x0, y0, low, xy, size, nodes in row:
            for node, (cx, cy), (w, h) in zip(nodes, xy - low, size, strict=True):
                # Rows run top to bottom: flip y so the largest component is at the top.
                boxes[node] = Box(float(x0 + cx), float(total_height - (y0 + cy)), float(w), float(h))
                total_width = max(total_width, x0 + cx + w / 2)
    return boxes, total_width, total_height


def _rows_score(extents: list[tuple[np.ndarray, np.ndarray, Any, Any, Any]], row_width: float) -> float:
    x = y = row_height = width = 0.0
    for low, high, *_ in extents:
        w, h = (high - low)
        if x > 0 and x + w > row_width + 1e-9:
            y += row_height + COMPONENT_GAP
            x = row_height = 0.0
        x += w + COMPONENT_GAP
        width = max(width, x - COMPONENT_GAP)
        row_height = max(row_height, h)
    return max(width / 1.5, y + row_height)


def layout(graph: nx.Graph, labels: dict[Hashable, str], font_sizes: dict[Hashable, float],
           measure: Measure, seed: int = 7, padding: tuple[float, float] = (0.08, 0.05),
           edge_room: dict[tuple[Hashable, Hashable], float] | None = None) -> Layout:
    """Lay out ``graph`` (undirected view) so that no two label boxes overlap.

    ``measure(text, points)`` gives a label's width and height in inches; ``edge_room``
    the length of line (inches) an edge needs between its boxes, for its own label.
    """
    simple = nx.Graph(graph.to_undirected()) if graph.is_directed() or graph.is_multigraph() else graph
    size_of = {}
    for node in simple.nodes:
        w, h = measure(labels[node], font_sizes[node])
        size_of[node] = np.array([w + 2 * padding[0], h + 2 * padding[1]])
    if not size_of:
        return Layout({}, 0.0, 0.0)
    parts = []
    for component in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c)))):
        sub = simple.subgraph(component)
        positions = _component_positions(sub, seed)
        nodes = sorted(component, key=str)
        xy = np.array([positions[n] for n in nodes])
        size = np.array([size_of[n] for n in nodes])
        if len(nodes) > 1:
            lengths = [float(np.linalg.norm(positions[u] - positions[v])) for u, v in sub.edges]
            typical = float(np.median(lengths)) if lengths else 1.0
            # An edge about as long as a typical label is wide, plus room for its own label.
            target = float(np.median(size[:, 0])) + 0.9
            xy = xy * (target / max(typical, 1e-6))
        index = {node: i for i, node in enumerate(nodes)}
        pairs = [(index[u], index[v], (edge_room or {}).get((u, v), (edge_room or {}).get((v, u), 0.3)))
                 for u, v in sorted(sub.edges, key=lambda e: (str(e[0]), str(e[1])))]
        edges = np.array([(i, j) for i, j, _ in pairs], dtype=int).reshape(-1, 2)
        room = np.array([r for *_, r in pairs], dtype=float)
        xy = _separate(xy, size, GAP, edges=edges, room=room)
        while boxes_overlap([Box(*p, *s) for p, s in zip(xy, size, strict=True)], GAP / 2):
            xy = _separate(xy * 1.15, size, GAP)  # a knot that would not untie: give it more room
        parts.append((xy, size, nodes))
    boxes, width, height = _pack(parts)
    return Layout(boxes, width, height)
