"""Every tunable default of newskg in one place, with why it has its value.

Modules import their defaults from here; options (``--workers``, ``--timeout``,
``--chunk`` ...) override them per run. Knowledge (words, names, titles) is not
here but in ``kg/data``; the confidence of each extraction rule is in
``kg.extract.refs.CONFIDENCE``.
"""

from __future__ import annotations

__all__ = ["ARTICLE_BUDGET", "BATCH_SIZE", "CHUNK", "DASK_CONNECT_TIMEOUT", "FLUSH_TRIPLES", "LOAD_CHUNK_TRIPLES",
           "LOAD_TIMEOUT", "LONG_WORD", "MAX_RESPONSE", "QUERY_TIMEOUT", "REMOTE_TIMEOUT", "SEGMENT_CHARS"]

# -- build --------------------------------------------------------------------------
BATCH_SIZE = 16  # texts per nlp.pipe batch: measured best for en_core_web_sm on 2 cores (PERF-NOTES.md)
SEGMENT_CHARS = 20_000  # longer articles are parsed in segments: the parser needs ~1 GB per 100,000 characters
LONG_WORD = 300  # a "word" this long is not language (base64, "aaaa…"); the parser sees spaces there
CHUNK = 16  # articles per worker task and per store transaction
ARTICLE_BUDGET = 30.0  # seconds of extraction per article before it is skipped
DASK_CONNECT_TIMEOUT = "10s"  # reaching a Dask scheduler
FLUSH_TRIPLES = 100_000  # N-Triples lines buffered before a streamed build writes them

# -- query and triplestores -----------------------------------------------------------
QUERY_TIMEOUT = 120.0  # seconds before `kg query` stops a query (0 = no limit)
REMOTE_TIMEOUT = 30.0  # seconds per request to a SPARQL endpoint, in the library
LOAD_TIMEOUT = 300.0  # seconds per request of `kg load`
LOAD_CHUNK_TRIPLES = 100_000  # triples per `kg load` request
MAX_RESPONSE = 512 * 1024 * 1024  # bytes read from an endpoint: a runaway endpoint cannot fill memory
