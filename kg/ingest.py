"""Stage 1: read articles from files, folders, JSON Lines and stdin.

Articles are read lazily, one at a time. An input that cannot be read is
reported through ``on_skip`` (one line: where and why) and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from .clean import clean_document
from .errors import InputError
from .io import regular_input
from .model import Document

__all__ = ["MAX_ARTICLE_CHARS", "PageMeta", "SkipReporter", "count_articles", "decode_bytes", "html_article",
           "html_to_text", "iter_documents", "markdown_to_text", "text_documents"]

log = logging.getLogger(__name__)

SkipReporter = Callable[[str], None]
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
RDF_SUFFIXES = {".nt", ".ttl", ".trig", ".nq", ".jsonld", ".rdf", ".owl", ".n3"}
# An article with more text than this is skipped: parsing time and memory grow with length
# (measured: 250,000 characters take a minute and 880 MB), and no news story comes near it.
MAX_ARTICLE_CHARS = 200_000
RAW_FACTOR = 20  # a file, JSONL line or stdin is read up to this many bytes per allowed character (HTML pages)


def _raw_cap(max_chars: int) -> int:
    return max_chars * RAW_FACTOR


def _log_skip(message: str) -> None:
    log.warning("%s", message)


_MAGIC = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"%PDF-": "a PDF document", b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive",
          b"7z\xbc\xaf": "a 7-Zip archive", b"\x7fELF": "an executable", b"RIFF": "a RIFF media file",
          b"\xfd7zXZ": "an xz archive", b"Rar!": "a RAR archive"}


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text has NUL bytes
    if b"\x00" in data:
        return "binary data (NUL bytes)"
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f")
    return "binary data (control bytes)" if sample and controls / len(sample) > 0.05 else None


def decode_bytes(data: bytes, origin: str) -> tuple[str, str | None]:
    """Decode an article's bytes strictly (UTF-8, UTF-16 with BOM), else as Windows-1252;
    return the text and a note on what was done when it was not UTF-8."""
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"{origin}: {kind}, not an article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (byte order mark)"
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: invalid UTF-16: {exc.reason}") from exc
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text, "not valid UTF-8; decoded as Windows-1252"


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "blockquote", "title", "ul", "ol", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: str | None = None
        self._in_title = False
        self._open_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self._open_head:  # HTML5 lets </head> be left out
            self._open_head = False
            self.skipping = max(0, self.skipping - 1)
        if tag == "head":
            self._open_head = True
        if tag in self._SKIP:
            self.skipping += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            if not self._open_head:
                return
            self._open_head = False
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data
        elif not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (scripts and styles dropped), and its <title>."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    paragraphs = [" ".join(block.split()) for block in raw.split("\n\n")]
    title = " ".join(parser.title.split()) if parser.title else None
    return "\n\n".join(p for p in paragraphs if p), title


@dataclass(frozen=True)
class PageMeta:
    """What a web page says about its article (any of it may be missing)."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None


def html_article(html: str) -> tuple[str, PageMeta]:
    """The article in a saved web page, by trafilatura: main text (navigation, footers, scripts
    and comments left out) and metadata (headline, date, author, site name, canonical URL).

    A page where trafilatura finds no article (a bare fragment) falls back to all visible text.
    """
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency; kept working without it
        text, title = html_to_text(html)
        return text, PageMeta(title=title)
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                        favor_precision=True, deduplicate=False)
    body = getattr(found, "text", None) if found is not None else None
    if not body or not body.strip():
        text, title = html_to_text(html)
        return text, PageMeta(title=title)
    paragraphs = [" ".join(line.split()) for line in body.splitlines()]
    text = "\n\n".join(p for p in paragraphs if p)

    def field(name: str) -> str | None:
        value = getattr(found, name, None)
        return " ".join(str(value).split()) or None if value else None

    author = field("author")
    if author:
        author = re.split(r"\s*(?:;|\||,| and )\s*", author)[0] or None  # the first of several
    date = field("date")
    return text, PageMeta(title=field("title"), date=date if date and _ISO_DATE.match(date) else None,
                          author=author, site=field("sitename"), url=field("url"))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # code
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),  # comments
]
_MD_LINE_START = re.compile(r"^ {0,3}(?:>\s?)+|^ {0,3}(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")


def markdown_to_text(markdown: str) -> tuple[str, str | None]:
    """Plain text of a Markdown article and its headline (the first heading): heading marks,
    emphasis, links, images, quotes and list bullets go; the words stay.

    >>> markdown_to_text("# Leaders meet\\n\\n**VILNIUS, July 10 (Reuters)** - Ana Ruiz met [Ivo Lenk](https://x.y).")
    ('Leaders meet\\n\\nVILNIUS, July 10 (Reuters) - Ana Ruiz met Ivo Lenk.', 'Leaders meet')
    """
    for pattern, replacement in _MD_INLINE[-1:]:
        markdown = pattern.sub(replacement, markdown)
    lines = markdown.splitlines()
    out: list[str] = []
    title = None
    for line in lines:
        heading = _MD_HEADING.match(line)
        setext = _MD_SETEXT.match(line)
        if heading:
            line = heading.group(2)
            title = title or line
        elif setext and out and out[-1].strip():  # "Headline" underlined with === or ---
            title = title or out[-1].strip()
            out.append("")
            continue
        elif _MD_RULE.match(line):
            line = ""
        else:
            line = _MD_LINE_START.sub("", line)
        for pattern, replacement in _MD_INLINE[:-1]:
            line = pattern.sub(replacement, line)
        out.append(line)
    if title:
        for pattern, replacement in _MD_INLINE[:-1]:
            title = pattern.sub(replacement, title)
    return "\n".join(out), (" ".join(title.split()) or None) if title else None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _stable_id(origin: str, text: str) -> str:
    return hashlib.sha256(f"{origin}\0{text}".encode()).hexdigest()[:12]


_FIELD_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _field(value: str) -> str:
    """A one-line metadata value: control characters and bidi overrides out, invalid Unicode replaced."""
    value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")  # lone surrogates -> U+FFFD
    return " ".join(_FIELD_UNSAFE.sub(" ", value).split())


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return len(value) == 10 or value[10] in "T "


def _tidy(doc: Document, on_skip: SkipReporter) -> Document | None:
    """``doc`` with id, title, url and date fit for output; None when nothing of the id is left."""
    where = doc.origin or _field(doc.id)
    changes: dict[str, str | None] = {}
    for name in ("id", "title", "url", "date"):
        value = getattr(doc, name)
        if value is None:
            continue
        tidy = _field(value)
        if tidy != value:
            on_skip(f"{where}: control or invalid characters removed from the {name}")
            changes[name] = tidy or None
    date = changes.get("date", doc.date)
    if date and not _valid_date(date):
        on_skip(f"{where}: date {date[:40]!r} is not a valid YYYY-MM-DD date; left out")
        changes["date"] = None
    if "id" in changes and not changes["id"]:
        changes["id"] = "article-" + hashlib.sha256(doc.id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Document(**{**doc.__dict__, **changes}) if changes else doc


def text_documents(
    items: Iterable[str | tuple[str, str]], on_skip: SkipReporter = _log_skip,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Iterator[Document]:
    """Documents from texts, or from (id, text) pairs."""
    for number, item in enumerate(items, start=1):
        if isinstance(item, tuple):
            doc_id, text = item
        else:
            doc_id, text = f"text-{number}", item
        problem = _unfit(text, max_chars, "empty text")
        if problem:
            on_skip(f"{_field(str(doc_id))}: {problem}, skipped")
            continue
        doc = _tidy(Document(id=str(doc_id), text=text, origin=_field(str(doc_id))), on_skip)
        if doc is None:
            continue
        doc = clean_document(doc)
        for note in doc.notes:
            on_skip(f"{doc.origin}: {note}")
        yield doc


def _read_capped(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path`` (a FIFO or device named on the command line included)."""
    with open(path, "rb") as handle:
        return handle.read(limit + 1)


def _display_path(path: Path) -> str:
    return _field(str(path))


def _too_long(chars: int, max_chars: int) -> str:
    return f"{chars:,} characters of text, over the {max_chars:,}-character article limit (--max-article-chars)"


def _unfit(text: object, max_chars: int, empty: str) -> str | None:
    """Why ``text`` cannot be an article (``empty`` when it is not a string with words in it; too
    long), or None when it can."""
    if not isinstance(text, str) or not text.strip():
        return empty
    if len(text) > max_chars:
        return _too_long(len(text), max_chars)
    return None


def _too_big(max_chars: int) -> str:
    return f"more than {_raw_cap(max_chars):,} bytes, too large for an article (--max-article-chars)"


def _read_text_file(path: Path, on_skip: SkipReporter, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Document]:
    origin = _display_path(path)
    try:
        if path.is_file() and path.stat().st_size > _raw_cap(max_chars):
            on_skip(f"{origin}: {_too_big(max_chars)}, skipped")
            return
        data = _read_capped(path, _raw_cap(max_chars))
    except OSError as exc:
        on_skip(f"{origin}: cannot read: {exc.strerror or exc}, skipped")
        return
    if len(data) > _raw_cap(max_chars):
        on_skip(f"{origin}: {_too_big(max_chars)}, skipped")
        return
    try:
        text, note = decode_bytes(data, origin)
    except InputError as exc:
        on_skip(f"{exc}, skipped")
        return
    if note:
        on_skip(f"{origin}: {note}")
    meta = PageMeta()
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"} or _looks_like_html(text):
        text, meta = html_article(text)
        on_skip(f"{origin}: HTML converted to text")
    elif suffix in {".md", ".markdown"}:
        text, title = markdown_to_text(text)
        meta = PageMeta(title=title)
    problem = _unfit(text, max_chars, "empty article")
    if problem:
        on_skip(f"{origin}: {problem}, skipped")
        return
    yield clean_document(Document(id=path.stem, text=text, title=meta.title, date=meta.date, url=meta.url,
                                  source=meta.site, author=meta.author, origin=origin))


def _read_jsonl_lines(lines: Iterable[str], origin: str, on_skip: SkipReporter,
                      max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Document]:
    stem = Path(origin).stem if origin != "<stdin>" else "stdin"
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        if len(line) > _raw_cap(max_chars):
            on_skip(f"{where}: {_too_big(max_chars)}, skipped")
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            on_skip(f"{where}: not valid JSON ({reason}), skipped")
            continue
        if not isinstance(record, dict):
            on_skip(f"{where}: not a JSON object, skipped")
            continue
        text = record.get("text")
        text = text if isinstance(text, str) else ""
        problem = _unfit(text, max_chars, "no non-empty string 'text'")
        if problem:
            on_skip(f"{where}: {problem}, skipped")
            continue
        meta: dict[str, str | None] = {}
        for key in ("id", "title", "date", "url"):
            value = record.get(key)
            if isinstance(value, float) and math.isnan(value):
                value = None
            meta[key] = str(value) if value is not None else None
        doc = Document(
            id=meta["id"] or f"{stem}-{number}",
            text=text,
            title=meta["title"],
            date=meta["date"],
            url=meta["url"],
            origin=where,
        )
        yield clean_document(doc)


def _capped_lines(handle: IO[bytes], max_chars: int) -> Iterator[str]:
    """Decoded lines; a line longer than ``max_chars`` is cut there (and rejected by the reader)
    while the rest of it is read past in pieces, so memory stays bounded."""
    while True:
        line = handle.readline(max_chars + 1)
        if not line:
            return
        if len(line) > max_chars and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line.decode("utf-8", errors="replace")


def _read_jsonl_file(path: Path, on_skip: SkipReporter, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Document]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        on_skip(f"{_display_path(path)}: cannot read: {exc.strerror or exc}, skipped")
        return
    with handle:
        yield from _read_jsonl_lines(_capped_lines(handle, _raw_cap(max_chars)), _display_path(path), on_skip,
                                     max_chars)


def _read_stdin(on_skip: SkipReporter, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Document]:
    """One article, or JSON Lines (streamed: any number of articles, each capped)."""
    stream = sys.stdin.buffer
    head = stream.read(1)
    while head and head.isspace():
        head = stream.read(1)
    if head == b"{":
        lines = _capped_lines(_Prefixed(head, stream), _raw_cap(max_chars))  # type: ignore[arg-type]
        yield from _read_jsonl_lines(lines, "<stdin>", on_skip, max_chars)
        return
    data = head + stream.read(_raw_cap(max_chars))
    if len(data) > _raw_cap(max_chars):
        on_skip(f"<stdin>: {_too_big(max_chars)} (JSON Lines are read one article at a time), skipped")
        return
    try:
        text, note = decode_bytes(data, "<stdin>")
    except InputError as exc:
        on_skip(f"{exc}, skipped")
        return
    if note:
        on_skip(f"<stdin>: {note}")
    if len(text) > max_chars:
        on_skip(f"<stdin>: {_too_long(len(text), max_chars)}, skipped")
    elif text.strip():
        yield clean_document(Document(id=f"stdin-{_stable_id('<stdin>', text)}", text=text, origin="<stdin>"))
    else:
        on_skip("<stdin>: empty input, skipped")


class _Prefixed:
    """A binary stream with some bytes already read put back in front."""

    def __init__(self, prefix: bytes, stream: IO[bytes]):
        self.prefix, self.stream = prefix, stream

    def readline(self, limit: int = -1) -> bytes:
        prefix, self.prefix = self.prefix, b""
        if not prefix:
            return self.stream.readline(limit)
        if prefix.endswith(b"\n"):
            return prefix
        return prefix + self.stream.readline(limit - len(prefix) if limit > 0 else -1)


def _files_under(folder: Path, on_skip: SkipReporter | None = None, follow_links: bool = False) -> list[Path]:
    """Article files in ``folder`` (recursively), sorted; FIFOs, devices and links leading out of
    the folder are reported and left out."""
    root = os.path.realpath(folder)
    found = []
    for current, dirs, names in os.walk(folder, followlinks=follow_links):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            path = Path(current) / name
            if path.suffix.lower() not in TEXT_SUFFIXES | JSONL_SUFFIXES or name.startswith("."):
                continue
            if path.is_symlink() and not follow_links and os.path.exists(path):
                real = os.path.realpath(path)
                if os.path.commonpath([root, real]) != root:
                    if on_skip:
                        on_skip(f"{_display_path(path)}: a link to {_field(real)}, outside the folder "
                                "(--follow-links to read it), skipped")
                    continue
            reason = regular_input(path)
            if reason:
                if on_skip:
                    on_skip(f"{_display_path(path)}: {reason}, skipped")
                continue
            found.append(path)
    return sorted(found)


def iter_documents(inputs: Iterable[str | Path], on_skip: SkipReporter = _log_skip,
                   max_chars: int = MAX_ARTICLE_CHARS, follow_links: bool = False) -> Iterator[Document]:
    """Every article in ``inputs`` (paths, folders, or "-" for stdin), lazily, in order.

    Article ids must be unique in a build: a repeated id gets a hash suffix.
    """
    seen: set[str] = set()
    for item in inputs:
        for doc in _documents_of(item, on_skip, max_chars, follow_links):
            tidy = _tidy(doc, on_skip)
            if tidy is None:
                continue
            doc = tidy
            for note in doc.notes:
                on_skip(f"{doc.origin}: {note}")
            doc_id = doc.id
            if doc_id in seen:
                doc_id = f"{doc.id}-{_stable_id(doc.origin, doc.text)[:8]}"
                doc = Document(**{**doc.__dict__, "id": doc_id})
            seen.add(doc_id)
            yield doc


def _documents_of(item: str | Path, on_skip: SkipReporter, max_chars: int = MAX_ARTICLE_CHARS,
                  follow_links: bool = False) -> Iterator[Document]:
    if str(item) == "-":
        yield from _read_stdin(on_skip, max_chars)
        return
    path = Path(item)
    if path.is_dir():
        files = _files_under(path, on_skip, follow_links)
        if not files:
            on_skip(f"{_display_path(path)}: no .txt, .md, .html or .jsonl files in this folder")
        for file in files:
            yield from _documents_of(file, on_skip, max_chars)
    elif not path.exists():
        reason = "dangling link" if path.is_symlink() else "no such file"
        on_skip(f"{_display_path(path)}: {reason}, skipped")
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, on_skip, max_chars)
    elif path.suffix.lower() in RDF_SUFFIXES:
        on_skip(f"{_display_path(path)}: an RDF graph, not an article (to add articles to it: --append "
                f"{_field(path.name)}), skipped")
    else:
        yield from _read_text_file(path, on_skip, max_chars)


def count_articles(inputs: Iterable[str | Path]) -> int | None:
    """How many articles ``inputs`` hold, for a progress bar: files count one, JSON Lines files
    their non-blank lines; None when it cannot be known in advance (stdin)."""
    total = 0
    for item in inputs:
        if str(item) == "-":
            return None
        path = Path(item)
        files = _files_under(path) if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                try:
                    with file.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    continue
            elif suffix not in RDF_SUFFIXES and file.is_file():
                total += 1
    return total
