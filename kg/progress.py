"""A progress bar for long builds: done/total, rate and time left, redrawn in place on a terminal.

The CLI shows it on stderr only when stderr is a terminal (a person is
watching); piped or redirected runs stay quiet.
"""

from __future__ import annotations

import shutil
import time
from typing import TextIO

__all__ = ["Progress", "format_bar"]


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def format_bar(done: int, total: int | None, elapsed: float, width: int = 80, unit: str = "articles") -> str:
    """One line: a bar when the total is known, the count, the rate and the time left.

    >>> format_bar(30, 120, 15.0, width=72)
    '[#######-----------------------]  30/120 articles  25%  2.0/s  0:45 left'
    >>> format_bar(30, None, 15.0)
    '30 articles  2.0/s  0:15'
    """
    rate = done / elapsed if elapsed > 0 else 0.0
    speed = f"{rate:.1f}/s" if rate < 100 else f"{rate:,.0f}/s"
    if not total:
        return f"{done} {unit}  {speed}  {_clock(elapsed)}"
    share = min(1.0, done / total)
    left = f"{_clock((total - done) / rate)} left" if rate > 0 and done < total else _clock(elapsed)
    tail = f"  {done}/{total} {unit}  {share:.0%}  {speed}  {left}"
    cells = max(10, width - len(tail) - 2)
    filled = int(cells * share)
    return f"[{'#' * filled}{'-' * (cells - filled)}]{tail}"


class Progress:
    """Counts articles as they are built; ``note`` prints a message without garbling the bar."""

    def __init__(self, stream: TextIO, total: int | None = None, enabled: bool = True, every: float = 0.1):
        self.stream, self.total, self.enabled, self.every = stream, total, enabled, every
        self.done = 0
        self.started = time.perf_counter()
        self._drawn = 0.0
        self._shown = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if self.enabled and (now - self._drawn >= self.every or self.done == self.total):
            self._drawn = now
            self._draw()

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        line = format_bar(self.done, self.total, time.perf_counter() - self.started, width)
        self.stream.write("\r" + line[:width].ljust(width))
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self.stream.write("\r" + " " * width + "\r")
            self.stream.flush()
            self._shown = False

    def note(self, message: str) -> None:
        self.clear()
        self.stream.write(message + "\n")
        self.stream.flush()
        if self.enabled and self.done:
            self._draw()

    def close(self) -> None:
        self.clear()
