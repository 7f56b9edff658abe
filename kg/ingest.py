"""Stage 1: read articles from files, folders, JSON Lines and stdin.

Articles are read lazily, one at a time. An input that cannot be read is
reported through ``on_skip`` (one line: where and why) and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .clean import clean_document
from .errors import InputError
from .model import Document

__all__ = ["PageMeta", "SkipReporter", "count_articles", "decode_bytes", "html_article", "html_to_text",
           "iter_documents", "markdown_to_text", "text_documents"]

log = logging.getLogger(__name__)

SkipReporter = Callable[[str], None]
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
RDF_SUFFIXES = {".nt", ".ttl", ".trig", ".nq", ".jsonld", ".rdf", ".owl", ".n3"}


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
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


def text_documents(
    items: Iterable[str | tuple[str, str]], on_skip: SkipReporter = _log_skip
) -> Iterator[Document]:
    """Documents from texts, or from (id, text) pairs."""
    for number, item in enumerate(items, start=1):
        if isinstance(item, tuple):
            doc_id, text = item
        else:
            doc_id, text = f"text-{number}", item
        if not isinstance(text, str) or not text.strip():
            on_skip(f"{doc_id}: empty text, skipped")
            continue
        doc = clean_document(Document(id=str(doc_id), text=text, origin=str(doc_id)))
        for note in doc.notes:
            on_skip(f"{doc.origin}: {note}")
        yield doc


def _read_text_file(path: Path, on_skip: SkipReporter) -> Iterator[Document]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        on_skip(f"{origin}: cannot read: {exc.strerror or exc}, skipped")
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
    if not text.strip():
        on_skip(f"{origin}: empty article, skipped")
        return
    yield clean_document(Document(id=path.stem, text=text, title=meta.title, date=meta.date, url=meta.url,
                                  source=meta.site, author=meta.author, origin=origin))


def _read_jsonl_lines(lines: Iterable[str], origin: str, on_skip: SkipReporter) -> Iterator[Document]:
    stem = Path(origin).stem if origin != "<stdin>" else "stdin"
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            on_skip(f"{where}: not valid JSON ({exc.msg}), skipped")
            continue
        if not isinstance(record, dict):
            on_skip(f"{where}: not a JSON object, skipped")
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            on_skip(f"{where}: no non-empty string 'text', skipped")
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


def _read_jsonl_file(path: Path, on_skip: SkipReporter) -> Iterator[Document]:
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        on_skip(f"{path}: cannot read: {exc.strerror or exc}, skipped")
        return
    with handle:
        yield from _read_jsonl_lines(handle, str(path), on_skip)


def _read_stdin(on_skip: SkipReporter) -> Iterator[Document]:
    data = sys.stdin.buffer.read()
    try:
        text, note = decode_bytes(data, "<stdin>")
    except InputError as exc:
        on_skip(f"{exc}, skipped")
        return
    if note:
        on_skip(f"<stdin>: {note}")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        yield from _read_jsonl_lines(text.splitlines(), "<stdin>", on_skip)
    elif stripped:
        yield clean_document(Document(id=f"stdin-{_stable_id('<stdin>', text)}", text=text, origin="<stdin>"))
    else:
        on_skip("<stdin>: empty input, skipped")


def _files_under(folder: Path) -> list[Path]:
    found = [
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES and not path.name.startswith(".")
    ]
    return sorted(found)


def iter_documents(inputs: Iterable[str | Path], on_skip: SkipReporter = _log_skip) -> Iterator[Document]:
    """Every article in ``inputs`` (paths, folders, or "-" for stdin), lazily, in order.

    Article ids must be unique in a build: a repeated id gets a hash suffix.
    """
    seen: set[str] = set()
    for item in inputs:
        for doc in _documents_of(item, on_skip):
            for note in doc.notes:
                on_skip(f"{doc.origin}: {note}")
            doc_id = doc.id
            if doc_id in seen:
                doc_id = f"{doc.id}-{_stable_id(doc.origin, doc.text)[:8]}"
                doc = Document(**{**doc.__dict__, "id": doc_id})
            seen.add(doc_id)
            yield doc


def _documents_of(item: str | Path, on_skip: SkipReporter) -> Iterator[Document]:
    if str(item) == "-":
        yield from _read_stdin(on_skip)
        return
    path = Path(item)
    if path.is_dir():
        files = _files_under(path)
        if not files:
            on_skip(f"{path}: no .txt, .md, .html or .jsonl files in this folder")
        for file in files:
            yield from _documents_of(file, on_skip)
    elif not path.exists():
        reason = "dangling link" if path.is_symlink() else "no such file"
        on_skip(f"{path}: {reason}, skipped")
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, on_skip)
    elif path.suffix.lower() in RDF_SUFFIXES:
        on_skip(f"{path}: an RDF graph, not an article (to add articles to it: --append {path.name}), skipped")
    else:
        yield from _read_text_file(path, on_skip)


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
