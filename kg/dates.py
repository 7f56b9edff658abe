"""Reading dates written in news text: "27 June 2024", "Monday (1 February)".

Relative dates are resolved against the article date, never the clock, so a
build is the same on every day it runs.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from .resources import boilerplate

__all__ = ["parse_date", "resolve_date"]

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@cache
def _month_numbers() -> dict[str, int]:
    names = boilerplate()["months"]
    order = ["january", "february", "march", "april", "may", "june", "july",
             "august", "september", "october", "november", "december"]
    return {word: order.index(month) + 1 for month, words in names.items() for word in words}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    months = "|".join(sorted(map(re.escape, _month_numbers()), key=len, reverse=True))
    day_month = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({months})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
    month_day = re.compile(rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
    return day_month, month_day


def _make(year: int | None, month: int, day: int, ref: dt.date | None) -> dt.date | None:
    if year is None:
        if ref is None:
            return None
        year = ref.year
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        # "1 December" written in late November means this year; in January
        # "28 December" means last year.
        if (candidate - ref).days > 183:
            year -= 1
        elif (ref - candidate).days > 183:
            year += 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, ref: dt.date | None = None) -> dt.date | None:
    """The first calendar date written in ``text``.

    >>> parse_date("BRUSSELS, 27 June 2024")
    datetime.date(2024, 6, 27)
    >>> parse_date("gepubliceerd op dinsdag 2 februari 2016, 9:30")
    datetime.date(2016, 2, 2)
    >>> parse_date("on 1 February", ref=dt.date(2016, 2, 2))
    datetime.date(2016, 2, 1)
    """
    day_month, month_day = _patterns()
    months = _month_numbers()
    found: list[tuple[int, dt.date]] = []
    for match in day_month.finditer(text):
        year = int(match.group(3)) if match.group(3) else None
        date = _make(year, months[match.group(2).lower()], int(match.group(1)), ref)
        if date:
            found.append((match.start(), date))
    for match in month_day.finditer(text):
        year = int(match.group(3)) if match.group(3) else None
        date = _make(year, months[match.group(1).lower()], int(match.group(2)), ref)
        if date:
            found.append((match.start(), date))
    return min(found)[1] if found else None


def resolve_date(text: str, ref: dt.date | None) -> dt.date | None:
    """A date expression from a sentence, resolved against the article date.

    >>> resolve_date("Monday (1 February)", dt.date(2016, 2, 2))
    datetime.date(2016, 2, 1)
    >>> resolve_date("on Thursday", dt.date(2024, 6, 27))
    datetime.date(2024, 6, 27)
    """
    explicit = parse_date(text, ref)
    if explicit:
        return explicit
    if ref is None:
        return None
    lowered = text.lower()
    if "yesterday" in lowered:
        return ref - dt.timedelta(days=1)
    if "today" in lowered:
        return ref
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            # News reports the past: the latest such weekday on or before the article date.
            back = (ref.weekday() - index) % 7
            return ref - dt.timedelta(days=back)
    return None
