"""Junk entities and duplicate persons in a graph built from a corpus, by checks of its own.

    python bench/entities.py ../shared/corpus/voa.jsonl [--sample 20] [--json out.json]

Builds the corpus as one graph, then counts, over Person/Organization/Place nodes:

- junk: a label that crosses punctuation (brackets, commas, semicolons, dashes, line
  breaks), has no capitalised word, or is only titles, honorifics or never-entity words
  (names.toml);
- duplicate persons: a Person whose label is one word that ends or begins the label of
  exactly one other Person ("Blair" beside "Tony Blair").

Targets (issue 13): junk <= 2 % of entities, duplicate persons <= 1 % of persons.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

_CROSSES = re.compile(r"[()\[\];|\n]|,(?! (?:D\.C\.|Inc\.|Jr\.))| [-–—] |[—–]")


def junk_reason(label: str, words_only_titles: bool) -> str | None:
    """Why ``label`` is junk, or None.

    >>> junk_reason("Office for National (ONS", False), junk_reason("Commons on Monday", False)
    ('crosses punctuation', None)
    >>> junk_reason("prime minister", True), junk_reason("Tony Blair", False)
    ('lower-case', None)
    """
    if _CROSSES.search(label):
        return "crosses punctuation"
    if not any(w[:1].isupper() or w[:1].isdigit() for w in re.split(r"[\s-]+", label)):
        return "lower-case"
    if words_only_titles:
        return "title or common word only"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=20, help="entities to list for a check by hand")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--max-junk", type=float, default=2.0, help="percent; exit 1 above it")
    parser.add_argument("--max-duplicates", type=float, default=1.0, help="percent; exit 1 above it")
    args = parser.parse_args(argv)

    import kg
    from kg.extract.titles import title_of
    from kg.resolve import name_words
    from kg.resources import known_entities, names

    started = time.perf_counter()
    graph = kg.build(args.corpus)
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

    junk = [(r.label, r.type, reason) for r in rows
            if (reason := junk_reason(r.label, only_titles(r.label))) is not None]
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
    sample = [(r.label, r.type) for r in random.Random(13).sample(rows, min(args.sample, len(rows)))]
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
