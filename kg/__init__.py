"""newskg: turn news articles into a knowledge graph and query it with SPARQL.

``kg.build(paths)`` returns a :class:`KnowledgeGraph`; ``kg.load(files)`` opens
saved graphs. The heavy parts (spaCy) load on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["KnowledgeGraph", "build", "load"]


def __getattr__(name: str) -> Any:
    # Lazy, so `kg --help` and `kg query` do not pay for importing spaCy.
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
