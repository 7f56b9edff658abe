"""Where newskg's data lives, and loading it once.

Knowledge is data: the ontology (Turtle), the lexicon, roles, boilerplate
patterns (TOML) and known entities (CSV) are files users can read and extend.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "KnownEntities",
    "KnownEntity",
    "boilerplate",
    "check_data_files",
    "csv_rows",
    "data_file",
    "data_path",
    "known_entities",
    "lexicon",
    "load_table",
    "names",
    "normalize_name",
    "ontology_path",
    "prefixes",
    "queries_dir",
    "roles",
]

_PACKAGE = Path(__file__).resolve().parent
DATA_DIR = _PACKAGE / "data"


def _shipped(folder: str) -> Path:
    """A top-level folder (ontologies/, queries/), from a wheel or a checkout."""
    inside = _PACKAGE / "_shipped" / folder
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent / folder
    if checkout.is_dir():
        return checkout
    raise ConfigError(f"cannot find newskg's {folder}/ folder; reinstall newskg")


def ontology_path() -> Path:
    return _shipped("ontologies") / "newskg.ttl"


def queries_dir() -> Path:
    return _shipped("queries")


def data_path(name: str) -> Path:
    return DATA_DIR / name


@cache
def data_file(name: str) -> dict[str, Any]:
    """A TOML (or JSON object) data file of kg/data, checked against its schema (kg.schema.SCHEMAS)."""
    return load_table(data_path(name))


def load_table(path: Path, schema: str | None = None) -> dict[str, Any]:
    """A TOML (or, by its suffix, JSON object) file checked against the schema named ``schema``
    (by default the schema of the data file of the same name in kg/data)."""
    import json

    from .schema import check_toml

    try:
        with path.open("rb") as handle:
            data = json.load(handle) if path.suffix == ".json" else tomllib.load(handle)
    except (OSError, ValueError) as exc:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        raise ConfigError(f"{path}: cannot read data file: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a data file holds one table (a JSON object), not {type(data).__name__}")
    check_toml(path.name if schema is None else str(path), data, schema)
    return data


@cache
def check_data_files() -> None:
    """Load and check every data file with a schema, so a bad one stops a build before it starts."""
    from .schema import SCHEMAS

    for name in SCHEMAS:
        if name.endswith((".csv", ".tsv")):
            csv_rows(data_path(name))
        else:
            data_file(name)


def lexicon() -> dict[str, Any]:
    return data_file("lexicon.toml")


def roles() -> dict[str, Any]:
    return data_file("roles.toml")


def boilerplate() -> dict[str, Any]:
    return data_file("boilerplate.toml")


def csv_rows(path: Path, schema: str | None = None) -> list[dict[str, str]]:
    """The rows of a CSV (or, by its suffix, TSV) file, cells stripped, checked against the schema
    named ``schema`` (by default the schema of the data file of the same name in kg/data)."""
    from .schema import check_csv

    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle, delimiter="\t" if path.suffix == ".tsv" else ",")
            rows: list[dict[str | None, Any]] = list(reader)
            header = list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"{path}: cannot read data file: {getattr(exc, 'strerror', None) or exc}") from exc
    check_csv(path.name if schema is None else str(path), header, enumerate(rows, start=2), schema or path.name)
    # check_csv refused rows with more cells than columns (the None key); fewer cells read as empty.
    return [{key: (value or "").strip() for key, value in row.items() if key is not None} for row in rows]


@cache
def names() -> dict[str, frozenset[str]]:
    """Word lists of names.toml (honorifics, abbreviations, heads, never), as sets."""
    return {key: frozenset(value) for key, value in data_file("names.toml").items()}


@cache
def prefixes() -> dict[str, str]:
    """SPARQL prefixes predeclared for every query (kg/data/prefixes.toml)."""
    return dict(data_file("prefixes.toml")["prefixes"])


# A generated city smaller than this is typed and linked only where the tagger saw a name:
# "Reading", "Mobile", "Nice" are words first.
UNTAGGED_CITY_POPULATION = 1_000_000
_SPACES = re.compile(r"\s+")
_DOTTED = re.compile(r"\b(?:\w\.)+\w\b\.?")  # initials with periods: "u.s.", "u.n", "u.k."
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def normalize_name(name: str) -> str:
    """The lookup key of a name: NFC, case-folded, no leading "the", single spaces.

    >>> normalize_name("  The  European Union ")
    'european union'
    """
    text = unicodedata.normalize("NFC", name)
    text = _SPACES.sub(" ", text).strip()
    text = _LEADING_THE.sub("", text)
    return text.casefold()


@dataclass(frozen=True)
class KnownEntity:
    name: str
    type: str  # Country, City, Place, Organization, Person, Concept
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    iso2: str | None = None
    capital: str | None = None
    geonames: str | None = None  # GeoNames id of a place: https://sws.geonames.org/ID/
    population: int = 0  # of a city: only large ones are matched where the tagger saw no name


@dataclass
class KnownEntities:
    """Lookup tables over the known-entity data: names, aliases, demonyms."""

    by_name: dict[str, KnownEntity] = field(default_factory=dict)
    by_demonym: dict[str, KnownEntity] = field(default_factory=dict)
    _spellings: frozenset[str] | None = None

    def add(self, entity: KnownEntity) -> None:
        self._spellings = None
        for surface in (entity.name, *entity.aliases):
            self.by_name[normalize_name(surface)] = entity
        for demonym in entity.demonyms:
            self.by_demonym[normalize_name(demonym)] = entity

    def spellings(self) -> frozenset[str]:
        """Every name and alias exactly as written in the data (for gazetteer matching)."""
        if self._spellings is None:
            self._spellings = frozenset(
                surface for e in self.by_name.values() for surface in (e.name, *e.aliases)
                if e.type != "City" or not e.population or e.population >= UNTAGGED_CITY_POPULATION)
        return self._spellings

    def lookup(self, name: str) -> KnownEntity | None:
        key = normalize_name(name)
        found = self.by_name.get(key)
        if found is None and "." in key:  # "U.N. Security Council" is "UN Security Council"
            found = self.by_name.get(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), key))
        return found

    def demonym(self, word: str) -> KnownEntity | None:
        key = normalize_name(word)
        found = self.by_demonym.get(key)
        if found is None and key.endswith("s"):  # "Belgians"
            found = self.by_demonym.get(key[:-1])
        return found


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _known(row: dict[str, str], kind: str) -> KnownEntity:
    return KnownEntity(name=row["name"], type=kind, wikidata=row.get("wikidata") or None,
                       aliases=_split(row.get("aliases")), demonyms=_split(row.get("demonyms")),
                       iso2=row.get("iso2") or None, capital=row.get("capital") or None,
                       geonames=row.get("geonames") or None, population=int(row.get("population") or 0))


def read_known_entities_csv(path: Path, table: KnownEntities) -> None:
    """Add the rows of a user's CSV (the columns of entities.csv; type defaults to Country) to ``table``."""
    for row in csv_rows(path, schema="known.csv"):
        table.add(_known(row, row.get("type") or "Country"))


@cache
def known_entities(extra: tuple[Path, ...] = ()) -> KnownEntities:
    """The shipped known entities, plus the user's own CSV files (later rows win)."""
    table = KnownEntities()
    # ISO codes are kept, not used as aliases: "IT", "IS"
    for row in csv_rows(data_path("countries.csv")):
        table.add(_known(row, "Country"))
    # Generated places (bench/refdata.py), then hand-kept organizations and entities.
    for name in ("places.csv", "organizations.csv", "entities.csv"):
        for row in csv_rows(data_path(name)):
            table.add(_known(row, row["type"]))
    for path in extra:
        read_known_entities_csv(Path(path), table)
    return table
