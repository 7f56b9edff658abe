"""A small declared schema for every data file in ``kg/data``, checked when the file loads.

A bad entry is a ``ConfigError`` that names the file, the entry and the fix::

    lexicon.toml: [[verb]] #12 "demand": property "demand" is not a relation in newskg.ttl; did you mean "demands"?

Tables and columns the schema does not declare are errors too: nothing in a
data file is silently ignored.

To add a data file, add one entry to ``SCHEMAS`` below (the test in
tests/test_schema.py fails for a file in kg/data without one) and load it with
``kg.resources.data_file`` (TOML, JSON) or ``kg.resources.csv_rows`` (CSV, TSV).
A TOML file (or a JSON object) is a ``Table`` of its top-level keys; a CSV or
TSV file is a ``Csv`` of its columns. A value is checked by one of the checks
below (``TEXT``, ``WORDS``, ``REGEXES``, ``RELATION``, ``WIKIDATA`` ...), a
nested ``Table``, ``Entries`` (an array of tables, ``[[verb]]``) or ``Mapping``
(free keys, one check for every value). A check is any function from a value
to a problem (a string) or None, so a new kind of value is one small function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from . import vocab
from .errors import ConfigError

__all__ = ["SCHEMAS", "Csv", "Entries", "Mapping", "Table", "check_csv", "check_toml"]

Check = Callable[[Any], str | None]


def _type(kind: type, name: str) -> Check:
    def check(value: Any) -> str | None:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        return None if ok else f"must be {name}, not {value!r}"
    return check


TEXT = _type(str, "a string")
FLAG = _type(bool, "true or false")
NUMBER = _type(int, "a whole number")


def _probability(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
    return None if ok else f"must be a number from 0 to 1, not {value!r}"


PROBABILITY: Check = _probability


def _list_of(item: Check, name: str) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"must be a list of {name}, not {value!r}"
        return next((f"item {value[i]!r}: {problem}" for i in range(len(value)) if (problem := item(value[i]))), None)
    return check


def _regex(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be a regular expression in a string, not {value!r}"
    try:
        re.compile(value)
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    return None


def _one_of(choices: Callable[[], Iterable[str]], what: str) -> Check:
    """A name the ontology defines; a typo gets the closest name suggested."""
    def check(value: Any) -> str | None:
        names = list(choices())
        if value in names:
            return None
        close = get_close_matches(str(value), names, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else f"; use one of {', '.join(names)}"
        return f'"{value}" is not {what} in newskg.ttl{hint}'
    return check


def _pattern(expression: str, what: str) -> Check:
    compiled = re.compile(expression)

    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and compiled.fullmatch(value) else f"{value!r} is not {what}"
    return check


WORDS = _list_of(TEXT, "strings")
REGEXES = _list_of(_regex, "regular expressions")
RELATION = _one_of(vocab.relation_properties, "a relation property")
OBJECT_PROPERTY = _one_of(vocab.object_properties, "an object property")
ENTITY_CLASS = _one_of(vocab.entity_classes, "an entity class")
WIKIDATA = _pattern(r"Q[1-9][0-9]*", 'a Wikidata item id ("Q" and digits, e.g. "Q142")')
ISO2 = _pattern(r"[A-Z]{2}", "a two-letter ISO 3166 code")
NAMES = _pattern(r"[^|]*(\|[^|]+)*", 'names separated by "|"')


def optional(check: Check) -> Check:
    """For a CSV cell: empty is fine, anything else is checked."""
    return lambda value: None if value in ("", None) else check(value)


@dataclass(frozen=True)
class Table:
    """A TOML table with declared keys; ``required`` keys must be present."""

    fields: dict[str, Check | Table | Entries | Mapping]
    required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Entries:
    """An array of tables (``[[verb]]``); ``label`` is the key that names an entry in messages."""

    table: Table
    label: str = "lemmas"


@dataclass(frozen=True)
class Mapping:
    """A table with free keys (month names, abbreviations), each value checked by ``value``;
    ``keys`` checks the keys too when given."""

    value: Check | Table | Mapping
    keys: Check | None = None


@dataclass(frozen=True)
class Csv:
    """A CSV file's columns; ``required`` columns must be present and non-empty in every row."""

    columns: dict[str, Check]
    required: frozenset[str] = field(default=frozenset({"name"}))
    label: str = "name"


def _check(spec: Check | Table | Entries | Mapping, value: Any, where: str, key: str = "") -> Iterable[str]:
    """The problems of ``value``, the ``key`` of the table ``where`` (a dotted TOML path such as
    "property.meets", or an entry such as '[[verb]] #12 "demand"')."""
    at = f"{where}: " if where else ""
    inside = f"{where}.{key}" if where and key else where or key
    if isinstance(spec, (Table, Mapping)) and not isinstance(value, dict):
        yield f"{at}{key} must be a table"
    elif isinstance(spec, Table):
        for name in sorted(spec.required - set(value)):
            yield f'{inside}: "{name}" is missing'
        for name, item in value.items():
            inner = spec.fields.get(name)
            if inner is None:
                known = ", ".join(spec.fields)
                yield f'{inside}: unknown key "{name}" (newskg reads only {known}); remove it or fix its name'
            else:
                yield from _check(inner, item, inside, name)
    elif isinstance(spec, Mapping):
        for name, item in value.items():
            if spec.keys and (problem := spec.keys(name)):
                yield f"{inside}: {problem}"
            else:
                yield from _check(spec.value, item, inside, name)
    elif isinstance(spec, Entries):
        if not isinstance(value, list):
            yield f"{at}{key} must be an array of tables"
            return
        for number, entry in enumerate(value, start=1):
            label = entry.get(spec.label) if isinstance(entry, dict) else None
            first = label[0] if isinstance(label, list) and label else label
            yield from _check(spec.table, entry, f"[[{inside}]] #{number}" + (f' "{first}"' if first else ""))
    elif problem := spec(value):
        yield f"{at}{key} {problem}"


def check_toml(name: str, data: dict[str, Any], schema: Table | str | None = None) -> None:
    """Raise ConfigError naming ``name`` and the first bad entry when ``data`` breaks its schema
    (``schema``, or the schema declared for the file ``schema`` or ``name``)."""
    schema = schema if isinstance(schema, Table) else _schema(schema or name, Table)
    for key in sorted(schema.required - set(data)):
        raise ConfigError(f"{name}: the table [{key}] is missing")
    for key, value in data.items():
        spec = schema.fields.get(key)
        if spec is None:
            known = ", ".join(f"[{k}]" for k in schema.fields)
            raise ConfigError(f"{name}: unknown table [{key}] (newskg reads only {known}); remove it or fix its name")
        for problem in _check(spec, value, "", key):
            raise ConfigError(f"{name}: {problem}")


def check_csv(name: str, header: Iterable[str], rows: Iterable[tuple[int, dict[str | None, Any]]],
              schema: Csv | str | None = None) -> None:
    """Raise ConfigError naming ``name``, the line and the entry when a CSV breaks its schema
    (``schema``, or the schema declared for the file ``schema`` or ``name``)."""
    schema = schema if isinstance(schema, Csv) else _schema(schema or name, Csv)
    columns = list(header)
    for column in columns:
        if column not in schema.columns:
            raise ConfigError(f'{name}: unknown column "{column}" (newskg reads only {", ".join(schema.columns)})')
    for column in sorted(schema.required - set(columns)):
        raise ConfigError(f'{name}: the column "{column}" is missing')
    for line, row in rows:
        label = (row.get(schema.label) or "").strip()
        where = f'{name}:{line}' + (f' "{label}"' if label else "")
        if None in row:
            raise ConfigError(f"{where}: more cells than columns")
        for column, check in schema.columns.items():
            value = (row.get(column) or "").strip()
            if not value and column in schema.required:
                raise ConfigError(f'{where}: "{column}" is empty')
            if value and (problem := check(value)):
                raise ConfigError(f"{where}: {column} {problem}")


def _schema(name: str, kind: type) -> Any:
    schema = SCHEMAS.get(name) or USER_SCHEMAS.get(name)
    if not isinstance(schema, kind):
        raise ConfigError(f"{name}: no schema declared for this data file (add one to kg.schema.SCHEMAS)")
    return schema


# -- the schemas -----------------------------------------------------------------

_VERB = Table({"lemmas": WORDS, "property": RELATION, "objects": WORDS, "particle": TEXT, "nouns": WORDS,
               "reciprocal": FLAG, "object_kinds": WORDS, "possessor": FLAG, "addressee": WORDS,
               "complement": WORDS},
              required=frozenset({"lemmas", "property"}))
_NOUN = Table({"lemmas": WORDS, "property": RELATION, "preps": WORDS},
              required=frozenset({"lemmas", "property", "preps"}))
_WORD_TABLE = Mapping(WORDS)

_MEASURE = Table({"confidence": PROBABILITY, "right": NUMBER, "wrong": NUMBER}, required=frozenset({"confidence"}))

def _namespace(value: Any) -> str | None:
    ok = isinstance(value, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*[/#]$", value) is not None
    return None if ok else f"must be a namespace IRI ending in / or #, not {value!r}"


NAMESPACE: Check = _namespace

_KNOWN = {"name": TEXT, "type": ENTITY_CLASS, "wikidata": WIKIDATA, "aliases": NAMES, "demonyms": NAMES,
          "iso2": ISO2, "capital": TEXT}
# The generated tables (bench/refdata.py) also carry these.
_GEO = {"iso3": _pattern(r"[A-Z]{3}", "a three-letter ISO 3166 code"),
        "geonames": _pattern(r"[1-9][0-9]*", "a GeoNames id (digits)"),
        "population": _pattern(r"[0-9]+", "a whole number")}

SCHEMAS: dict[str, Table | Csv] = {
    "lexicon.toml": Table({
        "verb": Entries(_VERB),
        "noun": Entries(_NOUN),
        "grammar": Table({"object_control": WORDS}),
        "speech": Table({"verbs": WORDS, "according_to": WORDS, "title_cues": WORDS,
                         "title_small_words": WORDS, "interview_nouns": WORDS}),
        "modality": _WORD_TABLE,
        "concepts": Table({"light_nouns": WORDS, "light_preps": WORDS, "max_tokens": NUMBER,
                           "generic_objects": WORDS}),
        "groups": Table({"person_nouns": WORDS, "place_nouns": WORDS, "numbers": Mapping(NUMBER),
                         "state_nouns": WORDS, "speaker_nouns": WORDS, "body_nouns": WORDS,
                         "rank_qualifiers": WORDS}),
    }, required=frozenset({"verb", "noun", "grammar", "speech", "modality", "concepts", "groups"})),
    "roles.toml": Table({
        "leader": WORDS, "member": WORDS, "occupation": WORDS, "envoys": WORDS, "counterpart": WORDS,
        "abbreviations": Mapping(TEXT),
        "past": Table({"words": WORDS}),
        "qualifiers": Table({"lower": WORDS, "branch": WORDS, "outside": WORDS, "bodies": WORDS}),
        "portfolios": Table({"words": WORDS}),
        "verbs": Table({"leader": WORDS, "removal": WORDS}),
    }, required=frozenset({"leader", "member", "counterpart"})),
    "boilerplate.toml": Table({
        "lines": REGEXES, "bylines": REGEXES, "sources": REGEXES, "datelines": REGEXES,
        "months": _WORD_TABLE, "agencies": Mapping(TEXT),
    }, required=frozenset({"months"})),
    "names.toml": Table({key: WORDS for key in (
        "honorifics", "abbreviations", "organization_heads", "place_heads", "place_first_words",
        "concept_heads", "person_nouns", "organization_nouns", "never", "female_honorifics",
        "male_honorifics", "state_organs", "settlement_nouns", "locative_prepositions", "alias_markers",
        "alias_adverbs", "base_designators", "alias_nouns", "direction_words", "membership_nouns", "study_nouns",
        "strong_organization_heads", "naming_verbs", "name_particles",
        "firm_suffixes", "unit_heads", "vessel_prefixes", "title_heads",
        # types of non-agents (13d)
        "product_nouns", "vehicle_nouns", "work_nouns", "event_nouns", "event_heads", "event_first_words",
        "occasion_nouns", "product_verbs", "vehicle_prepositions", "generic_determiners")},
        required=frozenset({"honorifics", "abbreviations", "organization_heads", "place_heads", "never"})),
    "confidence.toml": Table({
        "meta": Table({"sources": WORDS, "prior_weight": NUMBER, "default": PROBABILITY}),
        "property": Mapping(_MEASURE, keys=OBJECT_PROPERTY),
        "rule": Mapping(Mapping(_MEASURE, keys=OBJECT_PROPERTY)),
    }),
    "prefixes.toml": Table({"prefixes": Mapping(NAMESPACE)}, required=frozenset({"prefixes"})),
    "countries.csv": Csv({column: optional(check) for column, check in {**_KNOWN, **_GEO}.items()
                          if column not in {"type", "population"}}, required=frozenset({"name"})),
    "places.csv": Csv({column: optional(check) for column, check in {**_KNOWN, **_GEO}.items()
                       if column not in {"demonyms", "capital", "iso3"}}, required=frozenset({"name", "type"})),
    "organizations.csv": Csv({column: optional(check) for column, check in _KNOWN.items()},
                             required=frozenset({"name", "type"})),
    "entities.csv": Csv({column: optional(check) for column, check in _KNOWN.items()},
                        required=frozenset({"name", "type"})),
    "given_names.csv": Csv({"name": TEXT, "gender": _pattern(r"[mf]", "m or f")},
                           required=frozenset({"name", "gender"})),
}
# A user's --known CSV: the columns of entities.csv, where only the name is required.
USER_SCHEMAS: dict[str, Table | Csv] = {"known.csv": Csv({c: optional(check) for c, check in _KNOWN.items()})}
