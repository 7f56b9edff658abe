"""The `# param:` header of a named query is its contract, in the CLI and the library alike."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.errors import ParameterError
from kg.query import named_query


def test_missing_and_unknown_parameters_are_usage_errors_naming_the_query():
    profile = named_query("entity-profile")
    with pytest.raises(ParameterError, match=r"entity-profile: missing parameter entity \(-p entity=VALUE\); "
                                             r"entity-profile takes entity \("):
        profile.check_params({})
    with pytest.raises(ParameterError, match="entity-profile: unknown parameter targt; entity-profile takes entity"):
        profile.check_params({"targt": "x", "entity": "y"})
    profile.check_params({"entity": "Charles Michel"})
    with pytest.raises(ParameterError, match="who-met-whom: unknown parameter person; who-met-whom takes no param"):
        named_query("who-met-whom").check_params({"person": "x"})


def test_the_cli_exits_2_and_the_library_raises(seed_graph, tmp_path):
    path = tmp_path / "g.nt"
    path.write_bytes(seed_graph.serialize(format="nt", encoding="utf-8"))
    for args in (["-n", "entity-profile"], ["-n", "entity-profile", "-p", "targt=Valls"]):
        result = CliRunner().invoke(main, ["query", str(path), *args])
        assert result.exit_code == 2, result.output
        assert result.output.startswith("Error: entity-profile: ") and "takes entity" in result.output
    with pytest.raises(ParameterError):
        KnowledgeGraph(seed_graph).query("quotes-by", persn="Manuel Valls")


def test_names_match_any_case_and_aliases(seed_graph):
    graph = KnowledgeGraph(seed_graph)
    exact = {str(row.speaker) for row in graph.query("quotes-by", person="Manuel Valls")}
    assert exact == {"Manuel Valls"}
    assert {str(row.speaker) for row in graph.query("quotes-by", person="valls")} == exact
    assert {str(row.speaker) for row in graph.query("quotes-by", person="MANUEL VALLS")} == exact
    assert len(graph.query("entity-profile", entity="charles michel")) == len(
        graph.query("entity-profile", entity="Charles Michel")) > 0


def test_header_declares_optional_and_label_parameters(tmp_path):
    (tmp_path / "mine.rq").write_text(
        "# title: Mine\n# param: who:label a name\n# param: year? a year\n"
        "SELECT ?x WHERE { ?x ?p ?who }\n", encoding="utf-8")
    mine = named_query("mine", tmp_path)
    assert mine.params == (("who", "a name"), ("year", "a year"))
    assert mine.labels == {"who"} and mine.optional == {"year"}
    mine.check_params({"who": "x"})
    with pytest.raises(ParameterError, match="mine: missing parameter who"):
        mine.check_params({"year": "2016"})
