"""Titles of office ("prime minister", "spokesperson") read from roles.toml.

A leaf module: mentions.py (names after a title) and roles.py (roles from
titles) both use it, so neither imports the other's internals.
"""

from __future__ import annotations

from functools import cache

from ..resources import roles

__all__ = ["exact_title", "is_occupation", "role_words", "title_of"]


@cache
def _titles() -> dict[str, str]:
    data = roles()
    table = {title: "leaderOf" for title in data["leader"]}
    table.update({title: "memberOf" for title in data["member"] + data.get("occupation", [])})
    table.update({title: "counterpart" for title in data["counterpart"]})
    return table


@cache
def _abbreviations() -> dict[str, str]:
    return dict(roles().get("abbreviations", {}))


@cache
def role_words(kind: str) -> frozenset[str]:
    """A word list of roles.toml: ``"lower"``, ``"branch"``, ``"outside"``, ``"bodies"`` (title
    qualifiers), ``"past"``, ``"portfolios"``, ``"envoys"``, ``"verbs"`` (verbs of heading a body) or
    ``"removal"`` (verbs of losing a post)."""
    data = roles()
    if kind in {"past", "portfolios"}:
        return frozenset(data.get(kind, {}).get("words", []))
    if kind == "envoys":
        return frozenset(data.get("envoys", []))
    if kind == "verbs":
        return frozenset(data.get("verbs", {}).get("leader", []))
    if kind == "removal":
        return frozenset(data.get("verbs", {}).get("removal", []))
    return frozenset(data.get("qualifiers", {}).get(kind, []))


def is_occupation(title: str) -> bool:
    """A post held in an organization only ("journalist", "professor"): never in a country."""
    return title in set(roles().get("occupation", []))


def _joined(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:  # "director - general" as the tokenizer splits it is "director-general"
        if joined and (word == "-" or joined[-1].endswith("-")):
            joined[-1] += word
        else:
            joined.append(word)
    return [_abbreviations().get(w, w) for w in joined]


def exact_title(words: list[str]) -> tuple[str, str] | None:
    """``words`` (lower-case lemmas) if they are one known title as a whole, with its property.

    >>> exact_title(["chief", "of", "staff"])
    ('chief of staff', 'memberOf')
    >>> exact_title(["program", "director"]) is None
    True
    """
    phrase = " ".join(_joined(words))
    found = _titles().get(phrase)
    return (phrase, found) if found else None


def title_of(words: list[str]) -> tuple[str, str] | None:
    """The longest known title in ``words`` (lower-case lemmas), with its property.

    >>> title_of(["prime", "minister"])
    ('prime minister', 'leaderOf')
    >>> title_of(["government", "spokesperson"])
    ('spokesperson', 'memberOf')
    >>> title_of(["director", "-", "general"])
    ('director-general', 'leaderOf')
    """
    table = _titles()
    words = _joined(words)
    best: tuple[str, str] | None = None
    for length in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            phrase = " ".join(words[start:start + length])
            if phrase in table and (best is None or len(phrase) > len(best[0])):
                best = (phrase, table[phrase])
        if best:
            return best
    return best
