"""A synthetic news graph built with newskg's own graph model (GraphBuilder).

Names, places, dates and relations are drawn at random (fixed seed) from the
shipped known-entity tables and name lists, so the graph has the shape of a
real build: article nodes, statements with provenance, quotes, entity nodes.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from kg.graph import GraphBuilder
from kg.model import Document, Entity, Evidence, Quote, Relation, ResolvedArticle
from kg.resolve import key_for
from kg.resources import data_path
from kg.terms import to_ox
from kg.vocab import concept_range_properties, relation_properties

FIRST = ("Anna Ben Carla David Elena Farid Greta Hugo Ines Jonas Katrin Luca Maria Nikos Olga Pavel Rosa "
         "Sven Tomas Ursula Viktor Wanda Yusuf Zofia Amir Bea Cem Dora Emil Fatima").split()
LAST = ("Novak Berg Costa Dimitrov Eriksen Fischer Garcia Horvat Ivanova Jensen Kowalski Larsen Moreau Nagy "
        "Olsen Petrov Quinn Rossi Schmidt Tanaka Varga Weber Xu Yilmaz Zeller Almeida Brandt Conti").split()
WORDS = ("security energy trade border funding talks reform sanctions water climate migration budget data "
         "defence cooperation investment grid treaty").split()


def _rows(name: str) -> list[dict[str, str]]:
    with open(data_path(name), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def synthetic_articles(n: int, seed: int = 7):
    rng = random.Random(seed)
    countries = [(r["name"], "Country", r["wikidata"]) for r in _rows("countries.csv")]
    orgs = [(r["name"], r["type"], r["wikidata"] or None) for r in _rows("entities.csv")
            if r["type"] == "Organization"]
    orgs += [(r["name"], "City", r["wikidata"]) for r in _rows("places.csv") if r["type"] == "City" and r["wikidata"]]
    people = [(f"{first} {last}", "Person", None) for first in FIRST for last in LAST]
    for i in range(n):
        cast = rng.sample(people, 6) + rng.sample(countries, 4) + rng.sample(orgs, 3)
        entities = [Entity(key_for(t, name), t, name, (), wd, rng.randint(1, 6)) for name, t, wd in cast]
        # Sorted, so the graph does not depend on the hash seed.
        concepts = [Entity(key_for("Concept", c), "Concept", c) for c in
                    sorted({f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(3)})]
        date = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        relations, quotes = [], []
        for j in range(8):
            subject = rng.choice(entities[:6])
            predicate = rng.choice(relation_properties())
            target = rng.choice(concepts if predicate in concept_range_properties() else entities[6:])
            ev = Evidence(f"Sentence {j} of article {i} about {target.name}.", 100 * j, 100 * j + 60,
                          "kg.svo.v1", round(rng.uniform(0.6, 0.95), 2))
            relations.append(Relation(subject.key, predicate, target.key, ev, date=date,
                                      place=entities[rng.randint(6, 9)].key))
        for j in range(4):
            ev = Evidence(f"Quote sentence {j}.", 1000 + 100 * j, 1060 + 100 * j, "kg.quote.v1", 0.9)
            quotes.append(Quote(f"We will work on {rng.choice(WORDS)} and {rng.choice(WORDS)} ({i}.{j}).",
                                (rng.choice(entities[:6]).key,), ev))
        document = Document(id=f"synthetic-{i:07d}", text=f"synthetic article {i}", date=date,
                            title=f"Synthetic article {i}", source="Synthetic Wire")
        yield ResolvedArticle(document, tuple(entities + concepts), tuple(relations), tuple(quotes),
                              tuple(e.key for e in entities + concepts))


def write_synthetic_graph(path: Path, triples: int, seed: int = 7) -> int:
    """Write about ``triples`` triples of N-Triples to ``path``; returns the number written."""
    builder = GraphBuilder()
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for article in synthetic_articles(10**9, seed):
            for triple in builder.add(article):
                out.write(" ".join(str(to_ox(t)) for t in triple) + " .\n")
                written += 1
            if written >= triples:
                break
        for triple in builder.entity_updates()[1]:
            out.write(" ".join(str(to_ox(t)) for t in triple) + " .\n")
            written += 1
    return written
