"""Shared fixtures: the spaCy model is loaded once per session, the seed graph built once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
SEED = EXAMPLES / "seed-france-belgium.txt"
DEV = ROOT.parent / "shared" / "eval" / "dev"

PREFIXES = """
PREFIX kgo: <https://w3id.org/newskg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_graph(nlp):
    from kg.pipeline import build_graph_from

    return build_graph_from([SEED]).graph


@pytest.fixture(scope="session")
def examples_graph(nlp):
    from kg.pipeline import build_graph_from

    return build_graph_from([EXAMPLES]).graph


@pytest.fixture(scope="session")
def build_texts(nlp):
    """Build a graph from texts (one article each) with the real model."""
    from kg.pipeline import build_graph_from

    def build(*texts: str):
        return build_graph_from(texts=list(texts)).graph

    return build


def ask(graph, where: str) -> bool:
    return bool(graph.query(PREFIXES + f"ASK {{ {where} }}").askAnswer)


def related(graph, subject: str, predicate: str, obj: str) -> bool:
    """Is there a direct triple between nodes labelled ``subject`` and ``obj``?"""
    return ask(graph, f'?s rdfs:label "{subject}" . ?o rdfs:label "{obj}" . ?s kgo:{predicate} ?o .')
