"""Confidence as measured precision: each rule's share of right facts on annotated articles.

The table lives in ``kg/data/confidence.toml`` beside the lexicon. It is
written by ``kg evaluate GOLD_DIR... --calibrate FILE`` and read by extraction,
which stamps every relation and quote with the confidence of the rule and
property that produced it. So ``kgo:confidence >= 0.8`` in a query keeps the
kinds of facts that were right at least 8 times in 10 on the annotated sets.

How a fact's confidence is looked up, most specific first:

1. the rule and the property (``[rule."kg.svo.v1".meets]``);
2. the property alone, pooled over every rule (``[property.meets]``): what a
   rule added or renamed since the last calibration gets;
3. ``default`` in ``[meta]``, pooled over everything (0.5 when no table is
   found): an unmeasured property.

Quotes count under the property ``says``. Facts judged by hand in ``kg audit``
sheets (``--audit SHEET``) add to the counts of their rule and property: within a
property a sheet's sample is random, so its verdicts measure each rule fairly;
use sheets drawn from graphs built with the current rules. Each measured figure is shrunk
towards the level above it, ``(right + K * prior) / (judged + K)`` with
``K = prior_weight``, so a rule seen right 2 times in 2 gets less than 1.0.
A fact counts as judged when its (subject, property, object) matches a
required gold relation (right) or matches nothing (wrong); facts matching only
an optional relation count neither way, as in the scorer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from rdflib import Graph

    from .evaluate import ArticleScore

__all__ = ["DEFAULT_CONFIDENCE", "ConfidenceTable", "calibrate", "calibrate_until_stable", "confidence_table",
           "read_table", "table_in_use", "write_table"]

DEFAULT_CONFIDENCE = 0.5  # when no table is found at all
PRIOR_WEIGHT = 4


@dataclass(frozen=True)
class Measure:
    right: int
    wrong: int
    confidence: float

    @property
    def judged(self) -> int:
        return self.right + self.wrong


@dataclass
class ConfidenceTable:
    default: float = DEFAULT_CONFIDENCE
    properties: dict[str, Measure] = field(default_factory=dict)
    rules: dict[tuple[str, str], Measure] = field(default_factory=dict)  # (rule, property)

    def lookup(self, rule: str, prop: str) -> float:
        """The confidence of a fact made by ``rule`` for ``prop`` (see the module docstring).

        >>> table = ConfidenceTable(0.6, {"meets": Measure(8, 2, 0.78)}, {("kg.svo.v1", "meets"): Measure(5, 0, 0.9)})
        >>> table.lookup("kg.svo.v1", "meets"), table.lookup("kg.new.v1", "meets"), table.lookup("kg.x", "pledges")
        (0.9, 0.78, 0.6)
        """
        found = self.rules.get((rule, prop)) or self.properties.get(prop)
        return found.confidence if found else self.default


def _shrunk(right: int, judged: int, prior: float, weight: int = PRIOR_WEIGHT) -> float:
    # Never certain: rounding 13 right in 13 to two places would otherwise claim 1.0.
    return min(0.99, round((right + weight * prior) / (judged + weight), 2))


def calibrate(articles: Iterable[tuple[Graph, ArticleScore]], weight: int = PRIOR_WEIGHT,
              judged: Iterable[tuple[str, str, bool]] = ()) -> ConfidenceTable:
    """Measure each rule's precision from built graphs and their scores (kg.evaluate.score_graph),
    plus facts judged by hand: (rule, property, right) from ``kg audit`` sheets."""
    from rdflib import RDF, Literal

    from .evaluate import local
    from .vocab import KGO

    right: Counter[tuple[str, str]] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()

    def count(rule: str, prop: str, status: str | None) -> None:
        if status == "tp":
            right[(rule, prop)] += 1
        elif status == "fp":
            wrong[(rule, prop)] += 1

    for graph, score in articles:
        for node in graph.subjects(RDF.type, KGO.Statement):
            if any(graph.objects(node, KGO.negated)) or any(graph.objects(node, KGO.hypothetical)):
                continue
            s, p, o = (graph.value(node, term) for term in (RDF.subject, RDF.predicate, RDF.object))
            rule = graph.value(node, KGO.extractedBy)
            if s is None or p is None or o is None or not isinstance(rule, Literal):
                continue
            count(str(rule), local(p), score.relation_status.get((s, local(p), o)))
        for (_, quote), status in score.quote_status.items():
            rule = graph.value(quote, KGO.extractedBy)
            if isinstance(rule, Literal):
                count(str(rule), "says", status)
    for rule_name, prop, ok in judged:
        count(rule_name, prop, "tp" if ok else "fp")
    keys = set(right) | set(wrong)
    total_right, total_judged = sum(right.values()), sum(right.values()) + sum(wrong.values())
    default = _shrunk(total_right, total_judged, DEFAULT_CONFIDENCE, weight)
    table = ConfidenceTable(default)
    for prop in sorted({p for _, p in keys}):
        r = sum(n for (_, q), n in right.items() if q == prop)
        w = sum(n for (_, q), n in wrong.items() if q == prop)
        table.properties[prop] = Measure(r, w, _shrunk(r, r + w, default, weight))
    for key in sorted(keys):
        r, w = right[key], wrong[key]
        table.rules[key] = Measure(r, w, _shrunk(r, r + w, table.properties[key[1]].confidence, weight))
    return table


def write_table(table: ConfidenceTable, sources: Iterable[str] = (), weight: int = PRIOR_WEIGHT) -> str:
    """The table as TOML, with the counts behind every figure."""
    lines = [
        "# Measured precision of each extraction rule, per property: kgo:confidence of the facts it makes.",
        "# Written by `kg evaluate GOLD_DIR... --calibrate kg/data/confidence.toml`; re-run it after",
        "# changing rules rather than editing figures by hand. Lookup and smoothing: kg/confidence.py.",
        "",
        "[meta]",
        f"sources = [{', '.join(_quote(s) for s in sources)}]",
        f"prior_weight = {weight}",
        f"default = {table.default}",
    ]

    def block(header: str, measure: Measure) -> list[str]:
        return ["", header, f"confidence = {measure.confidence}", f"right = {measure.right}",
                f"wrong = {measure.wrong}"]

    for prop, measure in sorted(table.properties.items()):
        lines += block(f"[property.{prop}]", measure)
    for (rule, prop), measure in sorted(table.rules.items()):
        lines += block(f"[rule.{_quote(rule)}.{prop}]", measure)
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_table(path: Path) -> ConfidenceTable:
    from .resources import load_table

    data = load_table(path, schema="confidence.toml")
    try:
        table = ConfidenceTable(_figure(data.get("meta", {}).get("default", DEFAULT_CONFIDENCE), path, "default"))
        for prop, item in data.get("property", {}).items():
            table.properties[prop] = _measure(item, path, f"property.{prop}")
        for rule, props in data.get("rule", {}).items():
            for prop, item in props.items():
                table.rules[(rule, prop)] = _measure(item, path, f"rule.{rule}.{prop}")
    except (AttributeError, TypeError) as exc:
        raise ConfigError(f"{path}: not a confidence table ({exc}); "
                          "regenerate it with kg evaluate --calibrate") from exc
    return table


def _figure(value: Any, path: Path, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(f"{path}: {where}: confidence must be a number from 0 to 1, got {value!r}")
    return float(value)


def _measure(item: dict[str, Any], path: Path, where: str) -> Measure:
    return Measure(int(item.get("right", 0)), int(item.get("wrong", 0)),
                   _figure(item.get("confidence"), path, where))


_in_use: list[ConfidenceTable] = []


def confidence_table() -> ConfidenceTable:
    """The table extraction uses: the shipped kg/data/confidence.toml (every fact gets the
    default without it), or the one being measured by ``calibrate_until_stable``."""
    return _in_use[-1] if _in_use else _shipped_table()


@cache
def _shipped_table() -> ConfidenceTable:
    from .resources import data_path

    path = data_path("confidence.toml")
    return read_table(path) if path.exists() else ConfidenceTable()


@contextmanager
def table_in_use(table: ConfidenceTable) -> Iterator[None]:
    """Extraction in this process uses ``table`` inside the block."""
    _in_use.append(table)
    try:
        yield
    finally:
        _in_use.pop()


def calibrate_until_stable(first: list[tuple[Graph, ArticleScore]],
                           rebuild: Callable[[], list[tuple[Graph, ArticleScore]]],
                           judged: tuple[tuple[str, str, bool], ...] = (), rounds: int = 4) -> ConfidenceTable:
    """Measure, rebuild with the measured table, measure again, until the table stops changing.

    Confidence decides which of two findings of one fact in an article is kept (the
    surer), so the rule a fact is credited to can depend on the table in use; a few
    rounds reach the table that measures itself, whatever table the build started from.
    """
    table = calibrate(first, judged=judged)
    for _ in range(rounds - 1):
        with table_in_use(table):
            again = calibrate(rebuild(), judged=judged)
        if again == table:
            break
        table = again
    return table
