"""Precision you can measure on any corpus: a review sheet of sampled facts, and its score.

``sample_facts`` draws asserted relations (statement nodes whose direct triple
is in the graph) and quotes, stratified by property: every property gets an
equal share of the sample, what a small property cannot fill goes to the
others, and each property draws with its own seeded generator, so the same
graph, size and seed give the same sheet. ``write_sheet`` writes the rows as
CSV (the two ends marked ``[[subject]]`` and ``{{object}}`` in the sentence)
with an empty ``verdict`` column, and a self-contained HTML page to read them.
``score_sheet`` reads the verdicts back (``y`` right, ``n`` wrong, ``?``
unsure, empty not judged) and gives precision per property and per rule with
a 95 % Wilson score interval.
"""

from __future__ import annotations

import csv
import html
import io
import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["COLUMNS", "Fact", "Precision", "facts_of", "precision_table", "read_verdicts", "sample_facts",
           "score_sheet", "sheet_csv", "sheet_html", "wilson"]

COLUMNS = ("id", "property", "subject", "object", "sentence", "article", "rule", "confidence", "verdict", "note",
           "node", "population")
VERDICTS = {"y": True, "n": False, "?": None}


@dataclass(frozen=True)
class Fact:
    """One asserted relation or quote as read from the graph, with where it was read."""

    property: str
    subject: str
    object: str
    sentence: str
    article: str
    rule: str
    confidence: float
    node: str  # the statement or quote IRI
    subject_span: tuple[int, int] | None = None  # where the ends are named in the sentence
    object_span: tuple[int, int] | None = None

    def marked(self) -> str:
        """The sentence with ``[[subject]]`` and ``{{object}}`` marked."""
        marks = {"s": ("[[", "]]"), "o": ("{{", "}}")}
        return "".join(text if kind is None else marks[kind][0] + text + marks[kind][1] for kind, text in self.pieces())

    def pieces(self) -> list[tuple[str | None, str]]:
        spans = sorted((span, kind) for span, kind in ((self.subject_span, "s"), (self.object_span, "o")) if span)
        out: list[tuple[str | None, str]] = []
        at = 0
        for (start, end), kind in spans:
            out += [(None, self.sentence[at:start]), (kind, self.sentence[start:end])]
            at = end
        out.append((None, self.sentence[at:]))
        return [(kind, text) for kind, text in out if text]


def _find(sentence: str, names: Iterable[str], taken: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The first place a name (longest names first) stands in the sentence as whole words."""
    for name in sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n)):
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", sentence, re.IGNORECASE):
            span = match.span()
            if taken is None or span[1] <= taken[0] or span[0] >= taken[1]:
                return span
    return None


def facts_of(graph: Graph) -> list[Fact]:
    """Every asserted relation and every (speaker, quote) pair of a graph."""
    from rdflib import RDF, RDFS, SKOS, Literal
    from rdflib.namespace import PROV

    from .vocab import KGO, SCHEMA

    def names(node: Node) -> list[str]:
        return [str(o) for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(node, p)]

    def label(node: Node) -> str:
        found = graph.value(node, RDFS.label)
        return str(found) if found is not None else str(node).rsplit("/", 1)[-1]

    def provenance(node: Node) -> tuple[str, str, str, float]:
        article = graph.value(node, PROV.wasDerivedFrom)
        ident = graph.value(article, SCHEMA.identifier) if article is not None else None
        confidence = graph.value(node, KGO.confidence)
        return (str(graph.value(node, KGO.sentence) or ""), str(ident or article or ""),
                str(graph.value(node, KGO.extractedBy) or ""),
                float(confidence) if isinstance(confidence, Literal) else 0.0)

    found = []
    for node in graph.subjects(RDF.type, KGO.Statement):
        s, p, o = (graph.value(node, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None or (s, p, o) not in graph:
            continue  # negated, hypothetical or below the build's --min-confidence
        sentence, article, rule, confidence = provenance(node)
        subject_span = _find(sentence, names(s))
        found.append(Fact(str(p).rsplit("#", 1)[-1], label(s), label(o), sentence, article, rule, confidence,
                          str(node), subject_span, _find(sentence, names(o), subject_span)))
    for speaker, quote in graph.subject_objects(KGO.says):
        text = str(graph.value(quote, KGO.text) or "")
        sentence, article, rule, confidence = provenance(quote)
        subject_span = _find(sentence, names(speaker))
        object_span = _find(sentence, [text, text.split(" … ")[0]], subject_span)
        found.append(Fact("says", label(speaker), text, sentence, article, rule, confidence, str(quote),
                          subject_span, object_span))
    return sorted(found, key=lambda f: (f.property, f.node, f.subject))


def sample_facts(facts: list[Fact], size: int, seed: int) -> list[Fact]:
    """``size`` facts, stratified by property (equal shares, leftovers to the larger strata)."""
    strata: dict[str, list[Fact]] = {}
    for fact in facts:
        strata.setdefault(fact.property, []).append(fact)
    share = dict.fromkeys(strata, 0)
    left = min(size, len(facts))
    while left:
        open_strata = sorted(p for p in strata if share[p] < len(strata[p]))
        each = max(1, left // len(open_strata))
        for prop in open_strata:
            take = min(each, len(strata[prop]) - share[prop], left)
            share[prop] += take
            left -= take
            if not left:
                break
    chosen = []
    for prop in sorted(strata):
        chosen += random.Random(f"{seed}/{prop}").sample(strata[prop], share[prop])
    return sorted(chosen, key=lambda f: (f.property, f.article, f.node, f.subject))


def sheet_csv(facts: list[Fact], population: dict[str, int]) -> str:
    """The sheet; ``population`` is how many facts of each property the graph holds (for weighting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, fact in enumerate(facts, start=1):
        writer.writerow([number, fact.property, fact.subject, fact.object, fact.marked(), fact.article, fact.rule,
                         f"{fact.confidence:.2f}", "", "", fact.node, population.get(fact.property, "")])
    return buffer.getvalue()


_STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;vertical-align:top;
text-align:left}th{background:#f4f4f4}mark.s{background:#cde4ff}mark.o{background:#ffe3b3}
.meta{color:#666;font-size:90%}h2{margin-top:2em}"""


def sheet_html(facts: list[Fact], title: str) -> str:
    """A page to read the sheet: facts grouped by property, both ends highlighted."""
    esc = html.escape
    out = [f"<!doctype html><html lang=en><meta charset=utf-8><title>{esc(title)}</title><style>{_STYLE}</style>",
           f"<h1>{esc(title)}</h1><p>{len(facts)} facts. Judge each row in the CSV's <code>verdict</code> column: "
           "<code>y</code> right, <code>n</code> wrong, <code>?</code> unsure. "
           "<mark class=s>subject</mark> and <mark class=o>object</mark> are marked where the sentence names them.</p>"]
    numbered = list(enumerate(facts, start=1))
    for prop in sorted({f.property for f in facts}):
        rows = [(n, f) for n, f in numbered if f.property == prop]
        out.append(f"<h2>{esc(prop)} ({len(rows)})</h2><table><tr><th>#</th><th>fact</th><th>sentence</th>"
                   "<th>source</th></tr>")
        for number, fact in rows:
            sentence = "".join(esc(text) if kind is None else f"<mark class={kind}>{esc(text)}</mark>"
                               for kind, text in fact.pieces())
            out.append(f"<tr><td>{number}</td><td><b>{esc(fact.subject)}</b> {esc(prop)} "
                       f"<b>{esc(fact.object)}</b></td><td>{sentence}</td><td class=meta>{esc(fact.article)}<br>"
                       f"{esc(fact.rule)} · {fact.confidence:.2f}</td></tr>")
        out.append("</table>")
    return "\n".join(out) + "\n</html>\n"


Verdict = tuple[str, str, bool | None | str, int | None]


def read_verdicts(path: Path) -> list[Verdict]:
    """(property, rule, verdict, population) per row: verdict True, False, None for ``?``, "" when not judged."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the sheet: {getattr(exc, 'strerror', None) or exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = {"property", "rule", "verdict"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"{path}: not an audit sheet (no {', '.join(sorted(missing))} column); make one with kg audit")
    rows: list[Verdict] = []
    for line, row in enumerate(reader, start=2):
        verdict = (row.get("verdict") or "").strip().lower()
        if verdict and verdict not in VERDICTS:
            raise InputError(f"{path}:{line}: verdict must be y, n, ? or empty, not {verdict!r}")
        size = (row.get("population") or "").strip()
        if size and not size.isdigit():
            raise InputError(f"{path}:{line}: population must be a count, not {size!r}")
        rows.append((row.get("property") or "", row.get("rule") or "", VERDICTS[verdict] if verdict else "",
                     int(size) if size else None))
    return rows


def wilson(right: int, judged: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion.

    >>> [round(x, 3) for x in wilson(8, 10)]
    [0.49, 0.943]
    """
    if not judged:
        return (0.0, 1.0)
    p = right / judged
    centre = (p + z * z / (2 * judged)) / (1 + z * z / judged)
    half = z * math.sqrt(p * (1 - p) / judged + z * z / (4 * judged * judged)) / (1 + z * z / judged)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Precision:
    group: str  # "property", "rule" or "total"
    name: str
    facts: int
    right: int
    wrong: int
    unsure: int
    estimate: tuple[float, float, float] | None = None  # (precision, low, high) when not a plain proportion

    @property
    def judged(self) -> int:
        return self.right + self.wrong

    @property
    def precision(self) -> float | None:
        if self.estimate:
            return self.estimate[0]
        return self.right / self.judged if self.judged else None

    @property
    def interval(self) -> tuple[float, float]:
        return self.estimate[1:] if self.estimate else wilson(self.right, self.judged)

    def as_dict(self) -> dict[str, object]:
        low, high = self.interval
        return {"group": self.group, "name": self.name, "facts": self.facts, "right": self.right,
                "wrong": self.wrong, "unsure": self.unsure, "precision": self.precision,
                "low": round(low, 4), "high": round(high, 4)}


def score_sheet(rows: list[Verdict]) -> list[Precision]:
    """Precision per property, per rule and in total; ``?`` and empty verdicts are not judged.

    The plain total counts every sampled fact alike, but the sample is stratified: when the
    sheet says how many facts of each property the graph holds, a second total weights each
    relation property's precision by its share of the graph's relations (quotes apart): the
    precision of the graph's asserted relations, with a normal interval from the strata's
    Agresti-Coull variances.
    """

    def figures(group: str, name: str, verdicts: list[bool | None | str]) -> Precision:
        return Precision(group, name, len(verdicts), sum(v is True for v in verdicts),
                         sum(v is False for v in verdicts), sum(v is None for v in verdicts))

    out = []
    for group, index in (("property", 0), ("rule", 1)):
        for name in sorted({str(row[index]) for row in rows}):
            out.append(figures(group, name, [row[2] for row in rows if row[index] == name]))
    total = figures("total", "sample", [row[2] for row in rows])
    out.append(total)
    sizes = {row[0]: row[3] for row in rows}
    strata = [p for p in out if p.group == "property" and p.judged and p.name != "says"]
    if strata and all(sizes.get(p.name) for p in strata):
        weight = {p.name: sizes[p.name] or 0 for p in strata}
        whole = sum(weight.values())
        mean = sum(weight[p.name] / whole * p.right / p.judged for p in strata)
        variance = sum((weight[p.name] / whole) ** 2 * _ac(p.right, p.judged) * (1 - _ac(p.right, p.judged))
                       / (p.judged + 4) for p in strata)
        half = 1.96 * math.sqrt(variance)
        plain = figures("total", "relations (weighted)", [row[2] for row in rows if row[0] != "says"])
        out.append(replace(plain, estimate=(mean, max(0.0, mean - half), min(1.0, mean + half))))
    return out


def _ac(right: int, judged: int) -> float:
    return (right + 2) / (judged + 4)


def precision_table(rows: list[Precision], fmt: str) -> str:
    """The --score output: an aligned table, Markdown or JSON."""
    if fmt == "json":
        import json

        return json.dumps([r.as_dict() for r in rows], indent=1) + "\n"

    def cells(r: Precision) -> list[str]:
        low, high = r.interval
        shown = "-" if r.precision is None else f"{r.precision:.2f}"
        interval = "-" if r.precision is None else f"{low:.2f}-{high:.2f}"
        return [r.group, r.name, str(r.facts), str(r.judged), str(r.right), str(r.wrong), str(r.unsure), shown,
                interval]

    header = ["group", "name", "facts", "judged", "y", "n", "?", "precision", "95% interval"]
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(cells(r)) + " |" for r in rows]) + "\n"
    from .query import format_table

    return str(format_table(header, [cells(r) for r in rows]))
