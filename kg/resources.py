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
    "data_path",
    "known_entities",
    "lexicon",
    "normalize_name",
    "ontology_path",
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


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read data file: {exc}") from exc


@cache
def lexicon() -> dict[str, Any]:
    return _load_toml(data_path("lexicon.toml"))


@cache
def roles() -> dict[str, Any]:
    return _load_toml(data_path("roles.toml"))


@cache
def boilerplate() -> dict[str, Any]:
    return _load_toml(data_path("boilerplate.toml"))


_SPACES = re.compile(r"\s+")
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
                surface for e in self.by_name.values() for surface in (e.name, *e.aliases))
        return self._spellings

    def lookup(self, name: str) -> KnownEntity | None:
        return self.by_name.get(normalize_name(name))

    def demonym(self, word: str) -> KnownEntity | None:
        key = normalize_name(word)
        found = self.by_demonym.get(key)
        if found is None and key.endswith("s"):  # "Belgians"
            found = self.by_demonym.get(key[:-1])
        return found


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def read_known_entities_csv(path: Path, table: KnownEntities) -> None:
    """Add the rows of a CSV (name,type,wikidata,aliases[,demonyms]) to ``table``."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                name = (row.get("name") or "").strip()
                if not name:
                    raise ConfigError(f"{path}:{line}: a known entity needs a name")
                kind = (row.get("type") or "Country").strip()
                if kind not in {"Country", "City", "Place", "Organization", "Person", "Concept"}:
                    raise ConfigError(f"{path}:{line}: unknown type {kind!r} for {name!r}")
                wikidata = (row.get("wikidata") or "").strip()
                if wikidata and not re.fullmatch(r"Q[1-9][0-9]*", wikidata):
                    raise ConfigError(f"{path}:{line}: {wikidata[:40]!r} is not a Wikidata id (Q followed by "
                                      f"digits) for {name!r}")
                table.add(
                    KnownEntity(
                        name=name,
                        type=kind,
                        wikidata=(row.get("wikidata") or "").strip() or None,
                        aliases=_split(row.get("aliases")),
                        demonyms=_split(row.get("demonyms")),
                        iso2=(row.get("iso2") or "").strip() or None,
                        capital=(row.get("capital") or "").strip() or None,
                    )
                )
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read known entities: {exc.strerror}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"{path}: cannot read known entities: not a UTF-8 CSV file ({exc})") from None


@cache
def known_entities(extra: tuple[Path, ...] = ()) -> KnownEntities:
    """The shipped known entities, plus the user's own CSV files (later rows win)."""
    table = KnownEntities()
    countries = data_path("countries.csv")
    with countries.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.add(
                KnownEntity(
                    name=row["name"],
                    type="Country",  # ISO codes are kept, not used as aliases: "IT", "IS"
                    wikidata=row["wikidata"] or None,
                    aliases=_split(row["aliases"]),
                    demonyms=_split(row["demonyms"]),
                    iso2=row["iso2"] or None,
                    capital=row["capital"] or None,
                )
            )
    read_known_entities_csv(data_path("entities.csv"), table)
    for path in extra:
        read_known_entities_csv(Path(path), table)
    return table
