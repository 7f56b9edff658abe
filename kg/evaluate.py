"""Scoring a built graph against gold annotations (../shared/eval/GUIDELINES.md).

Gold files: ``NAME.gold.json`` beside ``NAME.txt`` with ``entities`` (name,
type, aliases, optional), ``concepts`` (name, aliases), ``relations`` and
``optional_relations`` ([subject, predicate, object], "*" for any object),
``quotes`` and ``optional_quotes`` ({speaker, key}) and ``not_entities``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from .errors import InputError
from .vocab import KGO, agent_classes, relation_properties, symmetric_properties

__all__ = ["ArticleScore", "Score", "gold_pairs", "score_graph"]


def _norm(text: str) -> str:
    text = " ".join(text.split()).casefold()
    return re.sub(r"^the\s+", "", text)


@dataclass
class Score:
    matched: int = 0
    extracted: int = 0
    gold: int = 0
    found: int = 0  # gold items recalled

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.matched += other.matched
        self.extracted += other.extracted
        self.gold += other.gold
        self.found += other.found


@dataclass
class ArticleScore:
    name: str
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    quotes: Score = field(default_factory=Score)
    duplicates: int = 0
    not_entities: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def figures(score: Score) -> dict[str, float]:
            return {"precision": round(score.precision, 4), "recall": round(score.recall, 4),
                    "f1": round(score.f1, 4), "matched": score.matched,
                    "extracted": score.extracted, "gold": score.gold, "found": score.found}
        return {"article": self.name, "entities": figures(self.entities),
                "relations": figures(self.relations), "quotes": figures(self.quotes),
                "duplicates": self.duplicates, "not_entities": self.not_entities,
                "false_positives": self.false_positives, "misses": self.misses}


def gold_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(article, gold) pairs in a folder: NAME.txt with NAME.gold.json beside it."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of NAME.txt + NAME.gold.json files")
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        text = gold.with_name(gold.name[: -len(".gold.json")] + ".txt")
        if text.exists():
            pairs.append((text, gold))
    if not pairs:
        raise InputError(f"{folder}: no NAME.txt with a NAME.gold.json beside it")
    return pairs


def _labels(graph: Graph, node: Node) -> set[str]:
    return {_norm(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(node, p)}


def _typed_nodes(graph: Graph) -> list[URIRef]:
    nodes = {s for name in agent_classes() for s in graph.subjects(RDF.type, KGO[name])}
    return sorted(n for n in nodes if isinstance(n, URIRef))


def _names(item: dict[str, Any]) -> set[str]:
    return {_norm(item["name"]), *(_norm(a) for a in item.get("aliases", []))}


def _contains_words(label: str, alias: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(_norm(alias))}(?!\w)", label) is not None


def score_graph(graph: Graph, gold: dict[str, Any], name: str) -> ArticleScore:
    result = ArticleScore(name)
    nodes = _typed_nodes(graph)
    labels: dict[Node, set[str]] = {n: _labels(graph, n) for n in nodes}
    entities = gold.get("entities", [])
    # Entities.
    matched_nodes: set[URIRef] = set()
    optional_nodes: set[URIRef] = set()
    for item in entities:
        names = _names(item)
        hits = [n for n in nodes if labels[n] & names]
        if item.get("optional"):
            optional_nodes.update(hits)
            continue
        result.entities.gold += 1
        if hits:
            result.entities.found += 1
            matched_nodes.update(hits)
            if len(hits) > 1:
                result.duplicates += len(hits) - 1
        else:
            result.misses.append(f"entity {item['name']}")
    counted = [n for n in nodes if n not in optional_nodes or n in matched_nodes]
    result.entities.extracted = len(counted)
    result.entities.matched = sum(1 for n in counted if n in matched_nodes)
    for n in counted:
        if n not in matched_nodes:
            result.false_positives.append(f"entity {sorted(labels[n])[0] if labels[n] else n}")
    not_entities = {_norm(x) for x in gold.get("not_entities", [])}
    result.not_entities = sum(1 for n in nodes if labels[n] & not_entities)

    # Relations.
    concepts = gold.get("concepts", [])

    def matches(node: Node, name: str) -> bool:
        if name == "*":
            return True
        node_labels = labels.get(node) or _labels(graph, node)
        for item in entities:
            if _norm(name) in _names(item):
                return bool(node_labels & _names(item))
        for item in concepts:
            if _norm(name) in _names(item):
                return any(_contains_words(label, alias) for label in node_labels
                           for alias in [item["name"], *item.get("aliases", [])])
        return _norm(name) in node_labels

    def rel_match(triple: tuple[Node, str, Node], rel: list[str]) -> bool:
        s, p, o = triple
        if p != rel[1]:
            return False
        if matches(s, rel[0]) and matches(o, rel[2]):
            return True
        return p in symmetric_properties() and matches(o, rel[0]) and matches(s, rel[2])

    extracted = [(s, p, o) for p in relation_properties() for s, o in graph.subject_objects(KGO[p])]
    extracted = [(s, str(p), o) for s, p, o in extracted]
    required = gold.get("relations", [])
    optional = gold.get("optional_relations", [])
    result.relations.gold = len(required)
    for rel in required:
        if any(rel_match(t, rel) for t in extracted):
            result.relations.found += 1
        else:
            result.misses.append(f"relation {rel[0]} {rel[1]} {rel[2]}")
    for triple in extracted:
        if any(rel_match(triple, rel) for rel in required):
            result.relations.extracted += 1
            result.relations.matched += 1
        elif any(rel_match(triple, rel) for rel in optional):
            continue
        else:
            result.relations.extracted += 1
            s, p, o = triple
            sl = sorted(_labels(graph, s))[:1] or [str(s)]
            ol = sorted(_labels(graph, o))[:1] or [str(o)]
            result.false_positives.append(f"relation {sl[0]} {p} {ol[0]}")

    # Quotes: (speaker, quote) pairs.
    pairs = [(speaker, str(text)) for speaker, quote in graph.subject_objects(KGO.says)
             for text in graph.objects(quote, KGO.text)]
    gold_quotes = gold.get("quotes", [])
    optional_quotes = gold.get("optional_quotes", [])

    def quote_match(pair: tuple[Node, str], item: dict[str, str]) -> bool:
        speaker, text = pair
        return item["key"].casefold() in text.casefold() and matches(speaker, item["speaker"])

    result.quotes.gold = len(gold_quotes)
    for item in gold_quotes:
        if any(quote_match(p, item) for p in pairs):
            result.quotes.found += 1
        else:
            result.misses.append(f"quote {item['speaker']}: {item['key']}")
    for pair in pairs:
        if any(quote_match(pair, item) for item in gold_quotes):
            result.quotes.extracted += 1
            result.quotes.matched += 1
        elif any(quote_match(pair, item) for item in optional_quotes):
            continue
        else:
            result.quotes.extracted += 1
            sl = sorted(_labels(graph, pair[0]))[:1] or [str(pair[0])]
            result.false_positives.append(f"quote {sl[0]}: {pair[1][:60]}")
    return result


def evaluate_folder(folder: Path, model: str | None = None,
                    known_files: tuple[Path, ...] = ()) -> list[ArticleScore]:
    """Build each annotated article alone and score it."""
    from .pipeline import build_graph_from

    scores = []
    for text, gold_path in gold_pairs(folder):
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{gold_path}: not a readable gold file: {exc}") from exc
        graph = build_graph_from([text], model=model, known_files=known_files, on_skip=lambda _: None).graph
        if graph is None:  # only a build into a store or file has no graph in memory
            raise InputError(f"{text}: nothing could be built from the article")
        scores.append(score_graph(graph, gold, text.stem))
    return scores


def totals(scores: Iterable[ArticleScore]) -> ArticleScore:
    total = ArticleScore("TOTAL (micro)")
    for score in scores:
        total.entities.add(score.entities)
        total.relations.add(score.relations)
        total.quotes.add(score.quotes)
        total.duplicates += score.duplicates
        total.not_entities += score.not_entities
    return total
