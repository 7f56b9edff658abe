"""Titles of office ("prime minister", "spokesperson") read from roles.toml.

A leaf module: mentions.py (names after a title) and roles.py (roles from
titles) both use it, so neither imports the other's internals.
"""

from __future__ import annotations

from functools import cache

from ..resources import roles

__all__ = ["title_of"]


@cache
def _titles() -> dict[str, str]:
    data = roles()
    table = {title: "leaderOf" for title in data["leader"]}
    table.update({title: "memberOf" for title in data["member"]})
    table.update({title: "counterpart" for title in data["counterpart"]})
    return table


@cache
def _abbreviations() -> dict[str, str]:
    return dict(roles().get("abbreviations", {}))


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
    joined: list[str] = []
    for word in words:  # "director - general" as the tokenizer splits it is "director-general"
        if joined and (word == "-" or joined[-1].endswith("-")):
            joined[-1] += word
        else:
            joined.append(word)
    words = [_abbreviations().get(w, w) for w in joined]
    best: tuple[str, str] | None = None
    for length in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            phrase = " ".join(words[start:start + length])
            if phrase in table and (best is None or len(phrase) > len(best[0])):
                best = (phrase, table[phrase])
        if best:
            return best
    return best
