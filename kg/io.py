"""Files newskg writes and reads, without destroying what isn't ours.

- ``atomic_output(path)`` / ``atomic_write(path, data)``: a regular file (or an
  absent path) is replaced atomically, keeping its permissions (a new file gets
  the usual ``0666 & ~umask``); a symlink is written through (its target is
  replaced, the link stays a link); a FIFO or character device (``/dev/null``,
  a terminal) is written to as it is, never replaced; a socket, block device or
  folder is refused.
- ``check_output(path)``: the same checks before a long build starts.
- ``exclusive(path)``: an exclusive lock on a graph file for ``--append``.
- ``regular_input(path)``: whether a path may be read as an input file.
- ``safe_text(text)``: a string fit for a terminal line (control characters and
  invalid Unicode replaced), for messages and table cells.

Graphs are read here too, the one way every command does it:

- ``graph_sources(paths)``: each graph file (format from the suffix) or ``-``
  (stdin, format sniffed), JSON-LD contexts checked;
- ``load_graphs(paths)`` into an rdflib graph, ``load_store(paths)`` into an
  Oxigraph store, ``read_quads(...)`` for a strict stream of Oxigraph quads;
- ``rdflib_graph(triples)``: Oxigraph triples or quads as an rdflib graph, with
  a cap on its size.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import ConfigError, InputError
from .formats import format_for, sniff_format

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

__all__ = ["atomic_output", "atomic_write", "check_jsonld", "check_output", "exclusive", "graph_source",
           "graph_sources", "load_graphs", "load_store", "rdflib_graph", "read_quads", "regular_input", "safe_text",
           "umask"]

_REASONS = {errno.EROFS: "read-only file system", errno.ENOSPC: "no space left on the device",
            errno.EDQUOT: "disk quota exceeded", errno.ENOTDIR: "a parent is a file, not a folder",
            errno.EEXIST: "a parent is a file, not a folder", errno.EACCES: "permission denied",
            errno.EPERM: "operation not permitted", errno.EISDIR: "is a folder"}


def _why(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def umask() -> int:
    """The process umask (read without changing it for good)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _kind(mode: int) -> str | None:
    """Why a file of this mode cannot be replaced or written, or None when it can."""
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISSOCK(mode):
        return "is a socket; refusing to write to it"
    if stat.S_ISBLK(mode):
        return "is a block device; refusing to write to it"
    return None


def _resolve(path: Path) -> tuple[Path, os.stat_result | None]:
    """The path to write (symlinks followed) and its status (None when absent)."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        return real, real.stat()
    except FileNotFoundError:
        return real, None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {_why(exc)}") from None


def check_output(path: str | Path) -> None:
    """Refuse early an output that cannot be written: a folder, a socket, a parent that is a file."""
    path = Path(path)
    real, status = _resolve(path)
    if status is not None:
        reason = _kind(status.st_mode)
        if reason:
            raise ConfigError(f"{path}: {reason}")
        if stat.S_ISREG(status.st_mode) and not os.access(real, os.W_OK) and os.geteuid() != 0:
            raise ConfigError(f"{path}: cannot write: permission denied")
        return
    parent = real.parent if str(real.parent) else Path(".")
    for folder in (parent, *parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise ConfigError(f"{path}: cannot write: {folder} is a file, not a folder")
            break


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a crash leaves the old file or the new one, never half."""
    with atomic_output(path) as handle:
        handle.write(data)


class atomic_output:  # noqa: N801 - used like open()
    """``with atomic_output(path) as f:`` — a binary file that appears whole at ``path`` or not at all.

    A temporary file in the same folder is written, flushed, fsynced, given the
    permissions the file would have had, then renamed over the target. A FIFO or
    character device is written to directly instead.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.tmp: str | None = None

    def __enter__(self) -> IO[bytes]:
        real, status = _resolve(self.path)
        self.status = status
        if status is not None:
            reason = _kind(status.st_mode)
            if reason:
                raise ConfigError(f"{self.path}: {reason}")
            if not stat.S_ISREG(status.st_mode):  # a FIFO or a character device: written through
                try:
                    self.handle: IO[bytes] = open(real, "wb", buffering=1 << 16)  # noqa: SIM115
                except OSError as exc:
                    raise ConfigError(f"{self.path}: cannot write: {_why(exc)}") from None
                return self.handle
        self.real = real
        folder = real.parent if str(real.parent) else Path(".")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot write: {_why(exc)}") from None
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        try:
            if self.tmp is None:
                self.handle.close()
            else:
                self._finish(kind is None)
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot write: {_why(exc)}") from None
        finally:
            if self.tmp is not None and os.path.lexists(self.tmp):
                os.unlink(self.tmp)
        if isinstance(value, OSError):
            raise ConfigError(f"{self.path}: cannot write: {_why(value)}") from None

    def _finish(self, ok: bool) -> None:
        assert self.tmp is not None
        try:
            if ok:
                self.handle.flush()
                os.fsync(self.handle.fileno())
                if self.status is not None:  # a replaced file keeps its mode and (for root) its owner
                    os.chmod(self.handle.fileno(), stat.S_IMODE(self.status.st_mode))
                    if os.geteuid() == 0:
                        os.chown(self.handle.fileno(), self.status.st_uid, self.status.st_gid)
                else:
                    os.chmod(self.handle.fileno(), 0o666 & ~umask())
        finally:
            self.handle.close()
        if ok:
            os.replace(self.tmp, self.real)


@contextmanager
def exclusive(path: str | Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a graph file that may not exist yet) for the block.

    The lock is a hidden ``.NAME.lock`` file next to it, removed when released; a
    second holder waits (saying so through ``on_wait``) and then sees the first
    one's result.
    """
    path = Path(path)
    real, status = _resolve(path)
    if status is not None and not stat.S_ISREG(status.st_mode):
        yield  # a device or FIFO: nothing to protect
        return
    lock = real.parent / f".{real.name}.lock"
    told = False
    while True:
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot lock: {_why(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait and not told:
                on_wait(f"{path}: another kg build is writing it; waiting")
                told = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder removed it as we waited: take the new one
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        finally:
            os.close(fd)


def regular_input(path: Path) -> str | None:
    """Why ``path`` (found in a folder) is not read as an input file, or None when it may be."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reported by the reader (dangling link, loop, permission)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe_text(text: str, newlines: bool = False) -> str:
    r"""``text`` fit for one terminal line: control characters, bidi overrides and lone
    surrogates become U+FFFD (newlines and tabs too, unless ``newlines``).

    >>> safe_text("id\x1b]0;owned\x07 \ud800 ok\nnext")
    'id\ufffd]0;owned\ufffd \ufffd ok\ufffdnext'
    """
    if text.isprintable():
        return text
    cleaned = _UNPRINTABLE.sub("\ufffd", text)
    return cleaned if newlines else cleaned.replace("\n", "\ufffd").replace("\t", " ")


def check_jsonld(source: str | Path | bytes, name: str | None = None) -> None:
    """Refuse a JSON-LD file (or bytes) whose contexts would be fetched (a URL) or read (a file): a
    graph file is data, never a reason to touch the network or another file."""
    import json

    path = name or str(source)
    try:
        if isinstance(source, bytes):
            document = json.loads(source)
        else:
            with open(source, "rb") as handle:
                document = json.load(handle)
    except RecursionError:
        raise InputError(f"{path}: not valid JSON-LD: nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON-LD: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    contexts = value if isinstance(value, list) else [value]
                    remote = next((c for c in contexts if isinstance(c, str)), None)
                    if remote is not None:
                        raise InputError(f"{path}: JSON-LD context {safe_text(remote)[:100]!r} would be fetched; "
                                         "refused (only inline contexts are read)")
                stack.append(value)


Source = tuple[str | Path, str | bytes, str]  # (name given, file path or stdin's bytes, newskg format name)


def graph_source(path: str | Path) -> tuple[str | bytes, str]:
    """Where to read a graph from and its format: a file (by suffix) or, for "-", stdin's bytes."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        return data, sniff_format(data)
    where = Path(path)
    if where.is_dir():
        raise InputError(f"{path}: a folder, not a graph file; to build a graph from the articles in it: "
                         f"kg build {path} -o graph.ttl")
    try:
        fmt = format_for(str(path))
    except ConfigError as exc:
        raise InputError(str(exc).replace(", or give the format (-f)", "")) from None
    if not where.is_file():
        raise InputError(f"{path}: no such file")
    return str(path), fmt


def graph_sources(paths: Iterable[str | Path]) -> list[Source]:
    """(name, file or bytes, format) for each graph input, stdin read once, JSON-LD contexts checked
    before anything is parsed."""
    found = []
    for path in paths:
        source, fmt = graph_source(path)
        if fmt == "json-ld":
            check_jsonld(source, str(path))
        found.append((path, source, fmt))
    return found


def _reason(exc: BaseException) -> str:
    """A parser's message, whole but on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def load_graphs(paths: Iterable[str | Path], graph: Graph | None = None) -> Graph:
    """Parse RDF files (format from the suffix; "-" reads stdin) into one rdflib graph."""
    from .graph import new_graph

    graph = graph if graph is not None else new_graph()
    for path, source, fmt in graph_sources(paths):
        try:
            if isinstance(source, bytes):
                graph.parse(data=source, format=fmt)
            else:
                graph.parse(source, format=fmt)
        except Exception as exc:  # rdflib parsers raise assorted types
            raise InputError(f"{path}: not valid {fmt}: {_reason(exc)}") from exc
    return graph


def load_store(paths: Iterable[str | Path], store: ox.Store | None = None) -> ox.Store:
    """Bulk-load RDF files (format from the suffix; "-" reads stdin) into an Oxigraph store."""
    import pyoxigraph

    from .terms import OX_FORMATS

    store = store if store is not None else pyoxigraph.Store()
    for path, source, fmt in graph_sources(paths):
        try:
            if isinstance(source, bytes):
                store.bulk_load(input=source, format=OX_FORMATS[fmt])
            else:
                store.bulk_load(path=source, format=OX_FORMATS[fmt])
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: not valid {fmt}: {_reason(exc)}") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return store


def read_quads(path: str | Path, source: str | bytes | None = None, fmt: str | None = None) -> Iterator[Any]:
    """The quads of one graph file (or of ``source``, its bytes), parsed strictly by Oxigraph; a
    syntax error or an unreadable file is an ``InputError`` naming ``path``."""
    import pyoxigraph

    from .terms import OX_FORMATS

    source = str(path) if source is None else source
    where: dict[str, Any] = {"input": source} if isinstance(source, bytes) else {"path": source}
    try:
        yield from pyoxigraph.parse(**where, format=OX_FORMATS[fmt or format_for(str(path))])
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not valid RDF: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def rdflib_graph(triples: Iterable[Any], limit: int | None = None,
                 too_many: Callable[[], BaseException] | None = None) -> Graph:
    """Oxigraph triples or quads (their default-graph part) as a new rdflib graph; past ``limit``
    triples, ``too_many()`` is raised."""
    from .graph import new_graph
    from .terms import from_ox

    graph = new_graph()
    for triple in triples:
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        if limit and len(graph) > limit:
            raise too_many() if too_many else InputError(f"more than {limit:,} triples")
    return graph
