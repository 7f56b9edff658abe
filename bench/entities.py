"""Junk entities and duplicate persons in a graph built from a corpus, by checks of its own.

    python bench/entities.py ../shared/corpus/voa.jsonl [--sample 20] [--json out.json]

Builds the corpus as one graph, then counts, over Person/Organization/Place nodes, checks of
the output only (no gold):

- junk: a label that crosses punctuation (brackets, commas, semicolons, dashes, line
  breaks), has no capitalised word, is only titles, honorifics or never-entity words
  (names.toml), begins or ends on a function word or preposition ("of", "in", "the"),
  holds a month or weekday ("Commons on Monday"), or is a fragment of a longer name in an
  article that mentions it ("Coordination of Humanitarian Affairs" where every occurrence
  is "Office for the Coordination of Humanitarian Affairs");
- mistyped: a Person whose label is a known place or organization (the tables), a Person
  whose label ends in an organization or place head noun, an Organization or Place whose
  label is a known given name and one more capitalised word ("Nino Galissa" typed Place);
- duplicate persons: a Person whose label is one word that ends or begins the label of
  exactly one other Person ("Blair" beside "Tony Blair").

Junk and mistyped are counted together against the junk target; each row says its reason.
Targets (issue 13): junk <= 2 % of entities, duplicate persons <= 1 % of persons.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_CROSSES = re.compile(r"[()\[\];|\n]|,(?! (?:D\.C\.|Inc\.|Jr\.))| [-–—] |[—–]")
# Words a name never begins or ends with ("Coordination of", "in Kabul", "the").
_FUNCTION_WORDS = {"of", "for", "the", "a", "an", "and", "or", "in", "on", "at", "to", "by", "with", "from",
                   "into", "as", "after", "before", "since", "during", "over", "under", "near", "than",
                   "that", "who", "which", "said", "says", "is", "was", "are", "were", "has", "have"}
_CALENDAR = {"january", "february", "march", "april", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
             "sunday"}  # "may" is a name too often ("Theresa May")
# The text just before a label that makes it the tail of a longer name: "Office for the " + label.
# Only after a body's head noun ("Office", "Commission", "League"): "Director of the X" is a title.
_LONGER_BEFORE = re.compile(r"([A-Z][\w.'’-]*) (?:for|of|on)(?: the)? $")
_LONGER_AFTER = re.compile(r"^ (?:for|of)(?: the)? ([A-Z][\w.'’-]*)")


def junk_reason(label: str, words_only_titles: bool) -> str | None:
    """Why ``label`` is junk by its own words, or None.

    >>> junk_reason("Office for National (ONS", False), junk_reason("Commons on Monday", False)
    ('crosses punctuation', 'month or weekday inside')
    >>> junk_reason("prime minister", True), junk_reason("Tony Blair", False)
    ('lower-case', None)
    >>> junk_reason("Coordination of", False), junk_reason("in Kabul", False), junk_reason("The Hague", False)
    ('ends on a function word', 'begins on a function word', None)
    """
    if _CROSSES.search(label):
        return "crosses punctuation"
    words = re.split(r"[\s]+", label.strip())
    if not any(w[:1].isupper() or w[:1].isdigit() for w in re.split(r"[\s-]+", label)):
        return "lower-case"
    if words_only_titles:
        return "title or common word only"
    lower = [w.lower() for w in words]
    if len(words) > 1 and lower[0] in _FUNCTION_WORDS - {"the"}:
        return "begins on a function word"
    if len(words) > 1 and lower[-1] in _FUNCTION_WORDS:
        return "ends on a function word"
    if len(words) > 1 and any(w.strip(".,") in _CALENDAR for w in lower):
        return "month or weekday inside"
    return None


def fragment_reason(label: str, kind: str, texts: list[str], heads: frozenset[str],
                    is_place: Callable[[str], bool] = lambda _: False) -> str | None:
    """Whether every occurrence of ``label`` in the articles that mention it sits inside a
    longer name ("Office for the " before it; " for the X" after an organization, unless X is a
    place: "the Revolutionary Guard Corps of Iran" is the Corps).

    >>> fragment_reason("Coordination of Humanitarian Affairs", "Organization",
    ...                 ["the U.N. Office for the Coordination of Humanitarian Affairs said"], frozenset({"office"}))
    'fragment of a longer name'
    >>> fragment_reason("Guard Corps", "Organization", ["the Guard Corps of Iran"], frozenset(), lambda w: w == "Iran")
    """
    found = 0
    for text in texts:
        for hit in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text):
            found += 1
            before = text[max(0, hit.start() - 60):hit.start()]
            after = text[hit.end():hit.end() + 20]
            head = _LONGER_BEFORE.search(before)
            tail = _LONGER_AFTER.match(after)
            inside = (head is not None and head.group(1).lower() in heads) or (
                kind == "Organization" and tail is not None and not is_place(tail.group(1)))
            if not inside:
                return None
    return "fragment of a longer name" if found else None


# Second words that make "Given X" a thing, not a person ("Jaffar Express", "Asia Pacific").
_NAME_NOUNS = {"express", "pacific", "sanctuary", "airport", "hotel", "tower", "hall", "street", "road",
               "square", "bridge", "stadium", "mosque", "church", "cathedral", "palace", "times"}


def type_reason(label: str, kind: str, known_type: str | None, given: set[str],
                heads: tuple[frozenset[str], frozenset[str]],
                place_word: Callable[[str], bool] = lambda _: False) -> str | None:
    """Why the type of a node is wrong by checks of the label itself, or None.

    >>> type_reason("Kakuma", "Person", "City", set(), (frozenset(), frozenset()))
    'person named like a known City'
    >>> type_reason("Nino Galissa", "Place", None, {"nino"}, (frozenset(), frozenset()))
    'given name and surname typed Place'
    """
    words = label.split()
    if kind == "Person":
        if known_type is not None and known_type != "Person":
            return f"person named like a known {known_type}"
        org_heads, place_heads = heads
        if len(words) > 1 and words[-1].lower() in org_heads | place_heads:
            return "person label ends in a head noun"
        if len(words) > 2 and words[0][:1].isupper() and words[0].lower() not in given and place_word(words[0]):
            return "person label begins with a place name"
    elif known_type is None and len(words) == 2 and words[0].lower() in given and words[1][:1].isupper() \
            and words[1].lower() not in heads[0] | heads[1] | _NAME_NOUNS and words[1].isalpha() \
            and not words[1].isupper():
        return f"given name and surname typed {kind}"
    return None


def _article_texts(corpus: Path) -> dict[str, str]:
    """Article id -> text, for a JSON-lines corpus (other inputs give no texts: no fragment check)."""
    out = {}
    if corpus.suffix == ".jsonl":
        for line in corpus.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[str(record.get("id"))] = f"{record.get('title') or ''}\n{record.get('text') or ''}"
    return out


def _mentioned_in(graph: Any) -> dict[str, list[str]]:
    """Entity IRI -> ids of the articles that mention it."""
    from kg.vocab import SCHEMA as schema

    rdf = graph.rdf
    out: dict[str, list[str]] = {}
    for article, entity in rdf.subject_objects(schema.mentions):
        ident = next((str(o) for o in rdf.objects(article, schema.identifier)), None)
        if ident is not None:
            out.setdefault(str(entity), []).append(ident)
    return out


def _write_sheet(path: Path, drawn: list[Any], texts: dict[str, str], mentioned_in: dict[str, list[str]]) -> None:
    """One row per sampled entity with up to three sentences of its articles that name it (by its
    label or an alias), and empty verdict columns: span (name right), type, one_node, note."""
    import csv

    if path.exists():
        raise SystemExit(f"{path} exists: a judged sheet is never overwritten")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "label", "type", "aliases", "articles", "sentences", "span", "type_ok",
                         "one_node", "note"])
        for number, row in enumerate(drawn, start=1):
            articles = sorted(mentioned_in.get(row.iri, ()))
            sentences = []
            for article in articles:
                for sentence in re.split(r"(?<=[.!?”\"])\s+", texts.get(article, "")):
                    if any(n in sentence for n in (row.label, *row.aliases)) and len(sentences) < 3:
                        sentences.append(f"[{article}] {' '.join(sentence.split())}")
            writer.writerow([number, row.label, row.type, "|".join(row.aliases), " ".join(articles),
                             " || ".join(sentences), "", "", "", ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--graph", type=Path, help="a graph already built from the corpus (skip the build)")
    parser.add_argument("--sample", type=int, default=20, help="entities to list for a check by hand")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--sheet", type=Path, help="write the sample as a CSV sheet to judge by hand")
    parser.add_argument("--seed", type=int, default=13, help="seed of the sample")
    parser.add_argument("--max-junk", type=float, default=2.0, help="percent; exit 1 above it")
    parser.add_argument("--max-duplicates", type=float, default=1.0, help="percent; exit 1 above it")
    args = parser.parse_args(argv)

    import kg
    from kg.extract.titles import title_of
    from kg.resolve import name_words
    from kg.resources import given_names, known_entities, names

    started = time.perf_counter()
    graph = kg.load(args.graph) if args.graph else kg.build(args.corpus)
    seconds = time.perf_counter() - started
    rows = [r for r in graph.entities() if r.type in {"Person", "Organization", "Place", "Country", "City"}]
    lists = names()

    known = known_entities()

    def only_titles(label: str) -> bool:
        if known.lookup(label) is not None:
            return False  # "World Bank" is a name, though both its words are common
        words = [w.lower().rstrip(".") for w in label.split()]
        return bool(words) and all(w in lists["never"] or w in lists["honorifics"]
                                   or title_of([w]) is not None or w in {"of", "the"} for w in words)

    texts = _article_texts(args.corpus)
    mentioned_in = _mentioned_in(graph)
    given = set(given_names())
    heads = (lists["organization_heads"], lists["place_heads"])

    def is_place(word: str) -> bool:
        entry = known.lookup(word)
        return entry is not None and entry.type in {"Country", "City", "Place"}

    def reason_for(row: Any) -> str | None:
        entry = known.lookup(row.label)
        return (junk_reason(row.label, only_titles(row.label))
                or type_reason(row.label, row.type, entry.type if entry else None, given, heads, is_place)
                or (None if entry is not None else fragment_reason(
                    row.label, row.type, [texts[a] for a in mentioned_in.get(row.iri, ()) if a in texts],
                    lists["organization_heads"], is_place)))

    junk = [(r.label, r.type, reason) for r in rows if (reason := reason_for(r)) is not None]
    people = [r for r in rows if r.type == "Person"]
    full = [name_words(r.label) for r in people if len(r.label.split()) > 1]
    duplicates = []
    for person in people:
        words = name_words(person.label)
        if len(words) != 1:
            continue
        matches = [f for f in full if f[-1] == words[0] or f[0] == words[0]]
        if len({tuple(m) for m in matches}) == 1:
            duplicates.append((person.label, " ".join(matches[0])))
    junk_share = 100 * len(junk) / max(len(rows), 1)
    duplicate_share = 100 * len(duplicates) / max(len(people), 1)
    drawn = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    sample = [(r.label, r.type) for r in drawn]
    if args.sheet:
        _write_sheet(args.sheet, drawn, texts, mentioned_in)
    figures = {
        "articles_seconds": round(seconds, 1), "entities": len(rows), "persons": len(people),
        "junk": len(junk), "junk_percent": round(junk_share, 2),
        "duplicate_persons": len(duplicates), "duplicate_percent": round(duplicate_share, 2),
        "junk_list": junk, "duplicate_list": duplicates,
        "sample": sample,
    }
    print(f"{len(rows)} entities ({len(people)} persons) in {seconds:.1f} s")
    print(f"junk: {len(junk)} = {junk_share:.2f} % (target <= {args.max_junk} %)")
    for label, kind, reason in junk:
        print(f"  {label!r} [{kind}]: {reason}")
    print(f"duplicate persons: {len(duplicates)} = {duplicate_share:.2f} % (target <= {args.max_duplicates} %)")
    for short, long in duplicates:
        print(f"  {short!r} beside {long!r}")
    print("sample for a check by hand:")
    for label, kind in sample:
        print(f"  {label} [{kind}]")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if junk_share <= args.max_junk and duplicate_share <= args.max_duplicates else 1


if __name__ == "__main__":
    sys.exit(main())
