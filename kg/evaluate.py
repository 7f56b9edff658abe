"""Scoring a built graph against gold annotations (../shared/eval/GUIDELINES.md).

Gold files: ``NAME.gold.json`` beside ``NAME.txt`` with ``entities`` (name,
type, aliases, optional), ``concepts`` (name, aliases), ``relations`` and
``optional_relations`` ([subject, predicate, object], "*" for any object),
``quotes`` and ``optional_quotes`` ({speaker, key}) and ``not_entities``.

The rules are those of the reference scorer ``shared/eval/score.py``, figure
for figure (a test compares the two on every annotated folder):

- entities: a node typed Person, Organization or Place (by the local name of
  its class or through ``rdfs:subClassOf``; Country and City are Place)
  matches the gold entity one of its labels names, when the types agree; a
  wrong type, an unknown name and every extra node for one entity are false
  positives; gold entities are counted once however many nodes match;
- relations: graph triples are read as (gold name or concept, property, gold
  name or concept) keys, so two nodes for one entity give one key; a gold
  relation is found when some key matches it; keys matching nothing and no
  optional relation are false positives;
- quotes: (speaker, every literal of the quote node) pairs; a gold quote is
  found when a pair has its speaker and contains its key; pairs matching no
  gold quote and no optional key are false positives;
- P = tp / (tp + fp), R = tp / (tp + fn), 0 when the denominator is 0.

Where score.py reads a Python ``set`` in whatever order it comes, this module
reads it sorted, so its figures do not depend on the hash seed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError

__all__ = ["ArticleScore", "Gold", "Score", "evaluate_folder", "gold_pairs", "read_gold", "score_graph",
           "score_table", "totals"]

RELATIONS = frozenset({"meets", "cooperatesWith", "pledges", "callsFor", "demands", "criticizes",
                       "leaderOf", "memberOf"})
SYMMETRIC = frozenset({"meets", "cooperatesWith"})
COARSE = ("Person", "Organization", "Place")
_PLACE_CLASSES = ("Country", "City", "Location", "GPE", "AdministrativeArea")
LABEL_PREDICATES = tuple(URIRef(p) for p in (
    "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel", "http://schema.org/name", "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name"))
_KGO_TEXT = "https://w3id.org/newskg/ontology#text"


def norm(text: str) -> str:
    """Case, spacing, surrounding punctuation and a leading "the" ignored.

    >>> norm("  The  European Union. ")
    'european union'
    """
    text = unicodedata.normalize("NFKC", str(text)).lower().strip()
    text = re.sub(r"\s+", " ", text).strip(" .,;:'\"()[]")
    return text[4:] if text.startswith("the ") else text


def local(iri: Node) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def _contains_words(label: str, alias: str) -> bool:
    return re.search(r"(^|\W)" + re.escape(norm(alias)) + r"($|\W)", norm(label)) is not None


@dataclass
class Score:
    """True positives, false positives and false negatives of one kind of item."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


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
    # Graph relation triple -> "tp", "optional" or "fp"; (speaker, quote node) -> the same.
    relation_status: dict[tuple[Node, str, Node], str] = field(default_factory=dict, repr=False)
    quote_status: dict[tuple[Node, Node], str] = field(default_factory=dict, repr=False)

    def add(self, other: ArticleScore) -> None:
        self.entities.add(other.entities)
        self.relations.add(other.relations)
        self.quotes.add(other.quotes)
        self.duplicates += other.duplicates
        self.not_entities += other.not_entities

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.name, "entities": self.entities.as_dict(),
                "relations": self.relations.as_dict(), "quotes": self.quotes.as_dict(),
                "duplicates": self.duplicates, "not_entities": self.not_entities,
                "false_positives": self.false_positives, "misses": self.misses}


class Gold:
    """One gold file, with the name lookups the scoring rules need."""

    def __init__(self, data: dict[str, Any], name: str = "") -> None:
        self.doc = data.get("doc", name)
        self.entities: list[dict[str, Any]] = data.get("entities", [])
        self.concepts: list[dict[str, Any]] = data.get("concepts", [])
        self.names: dict[str, str] = {}  # normalised surface -> gold name (a later entity wins)
        self.types: dict[str, str] = {}
        self.optional: set[str] = set()
        for item in self.entities:
            self.types[item["name"]] = item["type"]
            if item.get("optional"):
                self.optional.add(item["name"])
            for surface in [item["name"], *item.get("aliases", [])]:
                self.names[norm(surface)] = item["name"]
        self.relations = list(dict.fromkeys(tuple(r) for r in data.get("relations", [])))
        self.optional_relations = [tuple(r) for r in data.get("optional_relations", [])]
        self.quotes: list[dict[str, str]] = data.get("quotes", [])
        self.optional_quotes: list[dict[str, str]] = data.get("optional_quotes", [])
        self.not_entities = {norm(x) for x in data.get("not_entities", [])}

    def entity_of(self, labels: Iterable[str]) -> str | None:
        for label in sorted(labels):
            name = self.names.get(norm(label))
            if name:
                return name
        return None

    def concept_of(self, labels: Iterable[str]) -> str | None:
        labels = sorted(labels)
        for item in self.concepts:
            for alias in [item["name"], *item.get("aliases", [])]:
                if any(_contains_words(label, alias) for label in labels):
                    return str(item["name"])
        return None


def read_gold(path: Path) -> Gold:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable gold file: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: a gold file is a JSON object (see GUIDELINES.md)")
    try:
        return Gold(data, path.name[: -len(".gold.json")])
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: malformed gold file ({exc!r}); see GUIDELINES.md for the format") from exc


def coarse_type(graph: Graph) -> Callable[[Node], str | None]:
    """Class -> Person / Organization / Place through local names and rdfs:subClassOf
    (the graph's own and the ontology's)."""
    from .vocab import ontology

    parents: dict[Node, set[Node]] = defaultdict(set)
    for source in (graph, ontology()):
        for child, parent in source.subject_objects(RDFS.subClassOf):
            parents[child].add(parent)
    memo: dict[Node, str | None] = {}

    def resolve(cls: Node, seen: tuple[Node, ...] = ()) -> str | None:
        if cls in memo:
            return memo[cls]
        name = local(cls)
        found: str | None = name if name in COARSE else "Place" if name in _PLACE_CLASSES else None
        for parent in sorted(parents.get(cls, ()), key=str):
            if found:
                break
            if parent not in seen:
                found = resolve(parent, (*seen, cls))
        memo[cls] = found
        return found

    return resolve


def _first_label(labels: set[str], node: Node) -> str:
    return (sorted(labels)[:1] or [str(node)])[0]


def score_graph(graph: Graph, gold: Gold | dict[str, Any], name: str = "") -> ArticleScore:
    """Score one article's graph against its gold annotations."""
    if not isinstance(gold, Gold):
        gold = Gold(gold, name)
    result = ArticleScore(name or gold.doc)
    resolve = coarse_type(graph)
    labels: dict[Node, set[str]] = defaultdict(set)
    for predicate in LABEL_PREDICATES:
        for s, o in graph.subject_objects(predicate):
            labels[s].add(str(o))
    node_type: dict[Node, str] = {}
    for s, cls in sorted(graph.subject_objects(RDF.type)):
        kind = resolve(cls)
        if kind and s not in node_type:
            node_type[s] = kind
    _score_entities(result, gold, node_type, labels)
    _score_relations(result, gold, graph, labels)
    _score_quotes(result, gold, graph, labels)
    return result


def _score_entities(result: ArticleScore, gold: Gold, node_type: dict[Node, str],
                    labels: dict[Node, set[str]]) -> None:
    matched: dict[str, list[Node]] = defaultdict(list)
    fp = 0
    for node, kind in sorted(node_type.items()):
        names = labels.get(node, set())
        entity = gold.entity_of(names)
        if entity is None:
            fp += 1
            result.false_positives.append(f"entity {_first_label(names, node)} [{kind}]")
        elif entity in gold.optional:
            continue
        elif gold.types[entity] != kind:
            fp += 1
            result.false_positives.append(f"entity {entity} [{kind}, gold {gold.types[entity]}]")
        else:
            matched[entity].append(node)
    required = [e["name"] for e in gold.entities if not e.get("optional")]
    tp = sum(1 for n in required if matched.get(n))
    result.duplicates = sum(len(v) - 1 for v in matched.values() if len(v) > 1)
    result.entities = Score(tp, fp + result.duplicates, len(required) - tp)
    result.misses += [f"entity {n}" for n in required if not matched.get(n)]
    result.not_entities = sum(1 for n in node_type for label in labels.get(n, ()) if norm(label) in gold.not_entities)


def _same(found: tuple[str, str, str], gold: tuple[str, ...]) -> bool:
    (s1, p1, o1), (s2, p2, o2) = found, gold
    if p1 != p2:
        return False
    if s1 == s2 and (o2 == "*" or o1 == o2):
        return True
    return p1 in SYMMETRIC and s1 == o2 and o1 == s2


def _score_relations(result: ArticleScore, gold: Gold, graph: Graph, labels: dict[Node, set[str]]) -> None:
    def key_of(node: Node) -> str:
        names = labels.get(node, set()) | ({str(node)} if isinstance(node, Literal) else set())
        return (gold.entity_of(names) or gold.concept_of(names)
                or "?" + (sorted(names)[0] if names else local(node)))

    by_key: dict[tuple[str, str, str], list[tuple[Node, str, Node]]] = defaultdict(list)
    for s, p, o in graph:
        if local(p) in RELATIONS:
            by_key[(key_of(s), local(p), key_of(o))].append((s, local(p), o))
    hit: set[int] = set()
    fp = 0
    for key in sorted(by_key):
        found = [i for i, rel in enumerate(gold.relations) if _same(key, rel)]
        if found:
            status = "tp"
            hit.update(found)
        elif any(_same(key, rel) for rel in gold.optional_relations):
            status = "optional"
        else:
            status = "fp"
            fp += 1
            result.false_positives.append("relation " + " ".join(key))
        for triple in by_key[key]:
            result.relation_status[triple] = status
    result.relations = Score(len(hit), fp, len(gold.relations) - len(hit))
    result.misses += ["relation " + " ".join(rel) for i, rel in enumerate(gold.relations) if i not in hit]


def _score_quotes(result: ArticleScore, gold: Gold, graph: Graph, labels: dict[Node, set[str]]) -> None:
    hit: set[int] = set()
    fp = 0
    for speaker, quote in sorted((s, o) for s, p, o in graph if local(p) == "says"):
        if isinstance(quote, Literal):
            text = str(quote)
        else:
            text = " ".join(sorted(str(o) for o in graph.objects(quote, None) if isinstance(o, Literal)))
        text = text.lower()
        who = gold.entity_of(labels.get(speaker, set()))
        found = [i for i, item in enumerate(gold.quotes) if item["key"].lower() in text and who == item["speaker"]]
        if found:
            status = "tp"
            hit.update(found)
        elif any(item["key"].lower() in text for item in gold.optional_quotes):
            status = "optional"
        else:
            status = "fp"
            fp += 1
            shown = str(quote) if isinstance(quote, Literal) else " ".join(
                str(o) for o in graph.objects(quote, URIRef(_KGO_TEXT))) or text
            result.false_positives.append(f"quote {who or _first_label(labels.get(speaker, set()), speaker)}: "
                                          f"{shown[:60]}")
        result.quote_status[(speaker, quote)] = status
    result.quotes = Score(len(hit), fp, len(gold.quotes) - len(hit))
    result.misses += [f"quote {item['speaker']}: {item['key']}" for i, item in enumerate(gold.quotes)
                      if i not in hit]


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


def built_articles(folder: Path, model: str | None = None,
                   known_files: tuple[Path, ...] = ()) -> Iterable[tuple[Path, Gold, Graph]]:
    """Each annotated article of a folder built alone: (text path, gold, graph)."""
    from .pipeline import build_graph_from

    for text, gold_path in gold_pairs(folder):
        gold = read_gold(gold_path)
        graph = build_graph_from([text], model=model, known_files=known_files, on_skip=lambda _: None).graph
        if graph is None:  # pragma: no cover - build_graph_from always sets it
            raise InputError(f"{text}: nothing was built")
        yield text, gold, graph


def evaluate_folder(folder: Path, model: str | None = None,
                    known_files: tuple[Path, ...] = ()) -> list[ArticleScore]:
    """Build each annotated article alone and score it."""
    return [score_graph(graph, gold, text.stem) for text, gold, graph in built_articles(folder, model, known_files)]


def totals(scores: Iterable[ArticleScore], name: str = "TOTAL (micro)") -> ArticleScore:
    total = ArticleScore(name)
    for score in scores:
        total.add(score)
    return total


def score_table(scores: list[ArticleScore], subtotals: list[ArticleScore], total: ArticleScore) -> str:
    """The evaluate table: one row per article, then subtotals, then the total."""
    rows = [*scores, *subtotals, total]
    width = max(len(s.name) for s in rows)
    columns = "  ".join(" ".join(f"{kind} {m}".rjust(6) for m in ("P", "R", "F1")) for kind in ("ent", "rel", "quo"))
    header = f"{'article':<{width}}  {columns}  {'dup':>3} {'not':>3}"
    rule = "-" * len(header)

    def figure(value: float, defined: bool) -> str:
        return f"{value:6.3f}" if defined else f"{'-':>6}"

    def line(score: ArticleScore) -> str:
        # "-" where nothing was extracted (P) or nothing is in the gold (R); score.py prints 0 there.
        cells = "  ".join(f"{figure(s.precision, bool(s.tp + s.fp))} {figure(s.recall, bool(s.tp + s.fn))} "
                          f"{figure(s.f1, bool(s.tp + s.fp or s.tp + s.fn))}"
                          for s in (score.entities, score.relations, score.quotes))
        return f"{score.name:<{width}}  {cells}  {score.duplicates:>3} {score.not_entities:>3}"

    out = [header, rule, *map(line, scores), rule]
    if subtotals:
        out += [*map(line, subtotals), rule]
    out.append(line(total))
    return "\n".join(out) + "\n"
