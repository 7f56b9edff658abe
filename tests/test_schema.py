"""Data files are checked when they load: every silent failure is now a one-line ConfigError."""

from __future__ import annotations

import sys

import pytest

from kg import resources, schema
from kg.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _toml(name: str) -> dict:
    return tomllib.loads(resources.data_path(name).read_text(encoding="utf-8"))


def test_every_data_file_has_a_schema_and_validates():
    files = [p for p in resources.DATA_DIR.iterdir() if p.is_file() and p.name != "README.md"]
    assert len(files) >= 5
    for path in files:
        assert path.name in schema.SCHEMAS, f"{path.name}: no schema in kg.schema.SCHEMAS (see kg/data/README.md)"
        assert path.suffix in {".toml", ".json", ".csv", ".tsv"}, f"{path.name}: newskg reads TOML, JSON, CSV, TSV"
    assert set(schema.SCHEMAS) == {p.name for p in files}, "a schema for a file that is not there"
    resources.data_file.cache_clear()
    resources.check_data_files.cache_clear()
    resources.check_data_files()


def test_a_misspelt_property_names_file_entry_and_fix():
    data = _toml("lexicon.toml")
    number = next(i for i, e in enumerate(data["verb"], start=1) if e["property"] == "demands")
    data["verb"][number - 1]["property"] = "demand"
    with pytest.raises(ConfigError) as error:
        schema.check_toml("lexicon.toml", data)
    lemma = data["verb"][number - 1]["lemmas"][0]
    assert str(error.value) == (f'lexicon.toml: [[verb]] #{number} "{lemma}": property "demand" is not a relation '
                                'property in newskg.ttl; did you mean "demands"?')


def test_an_entry_without_its_property_is_refused():
    data = _toml("lexicon.toml")
    del data["noun"][0]["property"]
    with pytest.raises(ConfigError, match=r'lexicon.toml: \[\[noun\]\] #1 "\w+": "property" is missing'):
        schema.check_toml("lexicon.toml", data)


def test_an_unread_table_is_an_error():
    data = _toml("roles.toml")
    data["ignore"] = {"words": ["incoming"]}
    with pytest.raises(ConfigError, match=r"roles.toml: unknown table \[ignore\] \(newskg reads only \[leader\]"):
        schema.check_toml("roles.toml", data)


def test_an_unknown_key_and_a_bad_regex_are_errors():
    data = _toml("lexicon.toml")
    data["verb"][0]["proprety"] = "meets"
    with pytest.raises(ConfigError, match='unknown key "proprety"'):
        schema.check_toml("lexicon.toml", data)
    plate = _toml("boilerplate.toml")
    plate["lines"].append("(unclosed")
    with pytest.raises(ConfigError, match=r"boilerplate.toml: lines item '\(unclosed': is not a valid regular"):
        schema.check_toml("boilerplate.toml", plate)


def test_a_wikidata_id_without_q_fails_on_load(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,type,wikidata,aliases\nOrdovia,Country,Q77\nVelmar,City,4711,\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        resources.read_known_entities_csv(path, resources.KnownEntities())
    assert str(error.value) == (f'{path}:3 "Velmar": wikidata \'4711\' is not a Wikidata item id '
                                '("Q" and digits, e.g. "Q142")')


def test_bad_csv_columns_and_types(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,kind\nOrdovia,Country\n", encoding="utf-8")
    with pytest.raises(ConfigError, match='unknown column "kind"'):
        resources.csv_rows(path, schema="known.csv")
    path.write_text("name,type\nOrdovia,Contry\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r'mine.csv:2 "Ordovia": type "Contry" is not an entity class .* "Country"'):
        resources.csv_rows(path, schema="known.csv")
    path.write_text("name,type\n,Country\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r'mine.csv:2: "name" is empty'):
        resources.csv_rows(path, schema="known.csv")


def test_a_file_without_a_schema_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="parties.csv: no schema declared"):
        schema.check_csv("parties.csv", ["name"], [])


def test_a_new_schema_is_one_declaration():
    declared = schema.Csv({"name": schema.TEXT, "seats": schema.optional(schema._pattern(r"[0-9]+", "a number"))})
    schema.check_csv("parties.csv", ["name", "seats"], [(2, {"name": "Greens", "seats": "12"})], declared)
    with pytest.raises(ConfigError, match=r'parties.csv:2 "Greens": seats \'many\' is not a number'):
        schema.check_csv("parties.csv", ["name", "seats"], [(2, {"name": "Greens", "seats": "many"})], declared)
