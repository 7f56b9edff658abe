"""Exceptions raised by newskg.

Every error newskg raises on purpose is a ``KGError``; the CLI turns it into a
one-line ``Error: ...`` message and exit status 1::

    KGError
    ├── InputError      an input file, line or text cannot be read as an article
    ├── ConfigError     a missing spaCy model, a bad option, a bad data file
    ├── OntologyError   a term that is not in the ontology
    ├── QueryError      a SPARQL query that cannot be parsed or run
    │   ├── QueryTimeout    ... or ran past its time limit
    │   └── ParameterError  a named query given a missing or unknown parameter (CLI: exit 2)
    └── EndpointError   a remote SPARQL endpoint that cannot be reached
"""

from __future__ import annotations

__all__ = ["ConfigError", "EndpointError", "InputError", "KGError", "OntologyError", "ParameterError", "QueryError",
           "QueryTimeout"]


class KGError(Exception):
    """Base class of every error newskg raises on purpose."""


class InputError(KGError):
    """An input cannot be read as an article."""


class ConfigError(KGError):
    """The environment or a data file is not usable (missing model, bad lexicon)."""


class OntologyError(KGError):
    """A term used by the code or a data file is not defined in the ontology."""


class QueryError(KGError):
    """A SPARQL query cannot be parsed or run."""


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


class ParameterError(QueryError):
    """A named query was given a parameter it does not declare, or not one it needs."""


class EndpointError(KGError):
    """A remote SPARQL endpoint cannot be reached or refused the request."""
