"""kg audit: a stratified review sheet from a real build, and precision from the judged sheet."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from kg.audit import COLUMNS, Fact, facts_of, read_verdicts, sample_facts, score_sheet, sheet_html, wilson
from kg.cli import main
from kg.errors import InputError


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("audit") / "examples.ttl"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "-o", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return path


def _fact(prop: str, n: int) -> Fact:
    return Fact(prop, f"S{n}", f"O{n}", f"S{n} did it to O{n}.", "a1", "kg.test.v1", 0.5, f"urn:s:{prop}{n}")


def test_the_sample_is_stratified_by_property_and_repeatable():
    facts = [_fact("meets", n) for n in range(40)] + [_fact("pledges", n) for n in range(3)] + [
        _fact("says", n) for n in range(20)]
    chosen = sample_facts(facts, 21, seed=7)
    counts = {p: sum(f.property == p for f in chosen) for p in ("meets", "pledges", "says")}
    assert counts == {"meets": 9, "pledges": 3, "says": 9}  # the small stratum is taken whole
    assert sample_facts(facts, 21, seed=7) == chosen
    assert sample_facts(facts, 21, seed=8) != chosen
    assert len(sample_facts(facts, 500, seed=1)) == len(facts)


def test_facts_come_from_asserted_statements_and_quotes_with_both_ends_marked(built):
    from kg.query import load_graphs

    graph = load_graphs([built])
    facts = facts_of(graph)
    props = {f.property for f in facts}
    assert "says" in props and props & {"meets", "leaderOf", "pledges", "callsFor"}
    marked = [f for f in facts if f.subject_span and f.object_span]
    assert len(marked) >= len(facts) // 2
    from rdflib import RDFS, SKOS

    names = {str(o).lower() for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(None, p)}
    for fact in marked:
        text = fact.marked()
        subject = text[text.index("[[") + 2:text.index("]]")]
        assert subject.lower() in names
        assert subject == fact.sentence[slice(*fact.subject_span)]
    assert all(f.rule and f.article and 0 < f.confidence <= 1 for f in facts)


def test_sheet_round_trip_and_precision_with_wilson_intervals(built, tmp_path):
    sheet = tmp_path / "sheet.csv"
    runner = CliRunner()
    result = runner.invoke(main, ["audit", str(built), "--sample", "12", "--seed", "3", "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(sheet.read_text())))
    assert tuple(rows[0]) == COLUMNS and 0 < len(rows) <= 12
    assert all(r["verdict"] == "" for r in rows)
    page = sheet.with_suffix(".html").read_text()
    assert "<mark class=s>" in page and "<style>" in page
    assert not re.search(r"<(script|link|img)\b|\b(src|href)=", page)  # self-contained
    # Judge: the first row wrong, one unsure, the rest right.
    rows[0]["verdict"], rows[1]["verdict"] = "n", "?"
    for row in rows[2:]:
        row["verdict"] = "Y"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    sheet.write_text(buffer.getvalue())
    result = runner.invoke(main, ["audit", "--score", str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    total = next(f for f in figures if f["group"] == "total")
    assert (total["right"], total["wrong"], total["unsure"]) == (len(rows) - 2, 1, 1)
    low, high = wilson(len(rows) - 2, len(rows) - 1)
    assert (total["low"], total["high"]) == (round(low, 4), round(high, 4))
    assert {f["name"] for f in figures if f["group"] == "property"} == {r["property"] for r in rows}
    # A judged sheet is never overwritten by a new draw.
    again = runner.invoke(main, ["audit", str(built), "--sample", "5", "-o", str(sheet)])
    assert again.exit_code == 1 and "already holds" in again.output
    markdown = runner.invoke(main, ["audit", "--score", str(sheet), "--format", "markdown"])
    assert markdown.stdout.startswith("| group | name |")


def test_bad_verdicts_and_sheets_are_named(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("property,rule,verdict\nmeets,kg.svo.v1,y\nmeets,kg.svo.v1,maybe\n")
    with pytest.raises(InputError, match=r"s.csv:3: verdict must be y, n, \? or empty"):
        read_verdicts(sheet)
    other = tmp_path / "o.csv"
    other.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(main, ["audit", "--score", str(other)])
    assert result.exit_code == 1 and "not an audit sheet" in result.output
    result = CliRunner().invoke(main, ["audit", "--sample", "3"])
    assert result.exit_code == 2


def test_precision_counts_only_judged_rows():
    rows = [("meets", "r1", True, 10), ("meets", "r1", False, 10), ("meets", "r2", None, 10), ("says", "r3", "", 5)]
    figures = {(p.group, p.name): p for p in score_sheet(rows)}
    assert figures[("property", "meets")].precision == 0.5
    assert figures[("property", "says")].precision is None
    assert figures[("rule", "r2")].judged == 0
    assert figures[("total", "sample")].facts == 4


def test_the_weighted_total_weights_each_property_by_its_share_of_the_graph():
    # 2 of 2 right for a property with 90 facts, 0 of 2 for one with 10: the graph is mostly right.
    rows = [("meets", "r", True, 90), ("meets", "r", True, 90), ("pledges", "r", False, 10),
            ("pledges", "r", False, 10)]
    figures = {(p.group, p.name): p for p in score_sheet(rows)}
    assert figures[("total", "sample")].precision == 0.5
    weighted = figures[("total", "relations (weighted)")]
    assert weighted.precision == pytest.approx(0.9)
    low, high = weighted.interval
    assert low < 0.9 < high
    unweighted = score_sheet([(*r[:3], None) for r in rows])
    assert ("total", "relations (weighted)") not in {(p.group, p.name) for p in unweighted}


def test_the_page_escapes_what_it_shows():
    fact = Fact("says", "<b>X</b>", "a & b", "<script>alert(1)</script> said <b>X</b>", "a", "r", 0.5, "urn:q",
                (36, 44), None)
    page = sheet_html([fact], "t")
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_relations_only_and_a_graph_without_facts(built, tmp_path):
    runner = CliRunner()
    sheet = tmp_path / "relations.csv"
    result = runner.invoke(main, ["audit", str(built), "--no-quotes", "--sample", "50", "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(sheet.read_text())))
    assert rows and all(r["property"] != "says" for r in rows)
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    result = runner.invoke(main, ["audit", str(empty), "-o", str(tmp_path / "e.csv")])
    assert result.exit_code == 1 and "no asserted relation or quote to audit" in result.output
