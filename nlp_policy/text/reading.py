"""Loading documents: bytes on disk to one exact Python string.

The decoded text is the coordinate system of every record: all offsets point
into it and ``text[start:end]`` gives back the cited words. Nothing here
rewrites the text (noisy joins are repaired by the tokenizer, not by editing
the string), so offsets never need mapping.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from nlp_policy.errors import InputError
from nlp_policy.resources import load_wordlist

if TYPE_CHECKING:  # pragma: no cover
    from nlp_policy.text.clean import CleanText

#: Refuse documents longer than this many characters unless told otherwise.
DEFAULT_MAX_CHARS = 2_000_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+")


class EncodingWarning_(UserWarning):
    """The text was decoded with a fallback encoding."""


class LanguageWarning(UserWarning):
    """The text does not look German."""


@dataclass(frozen=True)
class SourceText:
    """A decoded document.

    text (str): the decoded text; BOMs are dropped, nothing else changes.
    path (Path | None): absolute path of the file read, None for in-memory text.
    encoding (str): the codec used to decode it.
    warnings (tuple[str, ...]): things the user should know (fallback decoding, language).
    source_format (str): ``text``, ``html`` or ``markdown``; for the last two,
        ``text`` is the plain text taken from the page, and offsets refer to it.
    url, published (str | None): the page's address and date, from its metadata.
    name (str | None): how to call the input when it has no path (``<stdin>``).
    """

    text: str
    path: Path | None
    encoding: str
    warnings: tuple[str, ...] = field(default=())
    source_format: str = "text"
    url: str | None = None
    published: str | None = None
    name: str | None = None

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    @cached_property
    def analysis(self) -> "CleanText":
        """The text the pipeline analyses (invisible characters removed, NFC)
        and the map of its offsets back to :attr:`text`."""
        from nlp_policy.text.clean import clean

        return clean(self.text)

    @property
    def doc_id(self) -> str:
        """Stable document id: file stem plus the first 12 hex digits of the text hash."""
        stem = self.path.stem if self.path else (self.name or "text").strip("<>")
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "text"
        return f"{stem}-{self.sha256[:12]}"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_bytes(data: bytes, *, encoding: str | None = None, name: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode document bytes.

    Order: a forced ``encoding``; a UTF-8 BOM; a UTF-16 BOM; strict UTF-8;
    otherwise cp1252 with a warning.

    RETURNS (tuple): ``(text, encoding used, warnings)``.
    RAISES InputError: for a forced encoding that fails or bytes that look binary.
    """
    notes: list[str] = []
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}; pass a Python codec name such as utf-8, cp1252 or utf-16") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: cannot be decoded as {encoding} ({exc.reason} at byte {exc.start}); try another --encoding") from None
        return text.lstrip("\ufeff"), encoding, notes
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig", notes
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").lstrip("\ufeff"), "utf-16", notes
        except UnicodeDecodeError:
            raise InputError(f"{name}: has a UTF-16 byte-order mark but is not valid UTF-16; pass --encoding") from None
    if b"\x00" in data[:8192]:
        guess = _utf16_without_bom(data)
        if guess:
            try:
                text = data.decode(guess)
            except UnicodeDecodeError:
                pass
            else:
                notes.append(f"{name}: no byte-order mark, read as {guess.upper()}; pass --encoding to choose another")
                return text, guess, notes
        raise InputError(
            f"{name}: looks like a binary file, not text (it contains NUL bytes); "
            "if it is UTF-16 or UTF-32 text, pass --encoding"
        )
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    notes.append(f"{name}: not valid UTF-8, read as cp1252 (Windows-1252); pass --encoding to choose another")
    return text, "cp1252", notes


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes look like mostly-Latin UTF-16
    text without a byte-order mark (every other byte NUL), else None."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    share_even = even.count(0) / len(even)
    share_odd = odd.count(0) / len(odd)
    if share_odd > 0.6 and share_even < 0.05:
        return "utf-16-le"
    if share_even > 0.6 and share_odd < 0.05:
        return "utf-16-be"
    return None


def check_text(text: str, *, name: str, max_chars: int | None = DEFAULT_MAX_CHARS) -> None:
    """Refuse texts that cannot be analysed.

    RAISES InputError: empty or whitespace-only text, binary-looking text, or
        text longer than ``max_chars``.
    """
    if not text.strip():
        raise InputError(f"{name}: contains no text (the file is empty or only whitespace)")
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    bad = sample.count("\ufffd") + controls
    if bad > max(8, len(sample) // 20):
        raise InputError(f"{name}: looks like a binary file, not text ({bad} control or undecodable characters)")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(
            f"{name}: has {len(text):,} characters, more than the limit of {max_chars:,}; "
            "split the file or raise --max-chars"
        )


def german_share(text: str, *, sample_chars: int = 20000) -> float:
    """Share of common German function words among the words of a text sample."""
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return 0.0
    function_words = load_wordlist("german_function_words.txt")
    return sum(w in function_words for w in words) / len(words)


def looks_german(text: str) -> bool:
    """True when the text has the function-word profile of German prose."""
    return german_share(text) >= 0.12


def read_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    input_format: str = "auto",
) -> SourceText:
    """Read and decode one document.

    path (str | Path): the file to read; ``-`` (or ``/dev/stdin``) reads standard input.
    encoding (str | None): force a codec instead of detecting one.
    max_chars (int | None): refuse longer texts (None: no limit).
    input_format (str): ``auto`` (by suffix, HTML also by content), ``text``,
        ``html`` or ``markdown``; pages are turned into their plain text.
    RETURNS (SourceText): the decoded text with its provenance.
    RAISES InputError: missing, unreadable, binary, empty or oversized files,
        or an HTML page without article text.
    """
    if is_stdin(path):
        import sys

        data = _read_handle(sys.stdin.buffer, name=STDIN_NAME, max_chars=max_chars)
        return _source(data, None, name=STDIN_NAME, encoding=encoding, max_chars=max_chars, input_format=input_format)
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a text file")
    if max_chars is not None:
        try:
            size = p.stat().st_size
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror})") from None
        # Four bytes per character is the most UTF-8 (and twice UTF-16) needs.
        if size > 4 * max_chars + 4:
            raise InputError(
                f"{name}: is {size:,} bytes, more than the limit of {max_chars:,} characters; "
                "split the file or raise --max-chars"
            )
    try:
        if p.is_file():
            data = p.read_bytes()
        else:
            data = _read_stream(p, name=name, max_chars=max_chars)
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from None
    return _source(data, p.resolve(), name=name, encoding=encoding, max_chars=max_chars, input_format=input_format)


#: The name of piped input (its document id is ``stdin-`` plus the text hash).
STDIN_NAME = "<stdin>"


def is_stdin(path: str | Path | None) -> bool:
    """True for ``-`` and ``/dev/stdin``, the names of standard input."""
    return path is not None and str(path) in ("-", "/dev/stdin")


def _source(
    data: bytes, path: Path | None, *, name: str, encoding: str | None, max_chars: int | None, input_format: str
) -> SourceText:
    from nlp_policy.text.formats import convert, detect_format

    text, used, notes = decode_bytes(data, encoding=encoding, name=name)
    check_text(text, name=name, max_chars=max_chars)
    fmt = detect_format(path, text, input_format)
    text, meta = convert(text, fmt, name=name)
    if fmt != "text":
        check_text(text, name=name, max_chars=max_chars)
    if not looks_german(text):
        notes.append(f"{name}: the text does not look German; results may be poor")
    return SourceText(
        text=text,
        path=path,
        encoding=used,
        warnings=tuple(notes),
        source_format=fmt,
        name=None if path is not None else name,
        **meta,
    )


def _read_stream(p: Path, *, name: str, max_chars: int | None) -> bytes:
    """Read a pipe or device (``<(cmd)``, ``/dev/stdin``) without trusting its
    size: at most the bytes ``max_chars`` allows, so ``/dev/zero`` cannot
    exhaust memory or hang."""
    with p.open("rb") as handle:
        return _read_handle(handle, name=name, max_chars=max_chars)


def _read_handle(handle, *, name: str, max_chars: int | None) -> bytes:
    limit = None if max_chars is None else 4 * max_chars + 4
    data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise InputError(
            f"{name}: is more than {limit:,} bytes, more than the limit of {max_chars:,} characters; "
            "split the input or raise --max-chars"
        )
    return data


def from_text(text: str, *, name: str = "<text>", max_chars: int | None = DEFAULT_MAX_CHARS) -> SourceText:
    """Wrap an in-memory string as a SourceText (after the same checks as files)."""
    check_text(text, name=name, max_chars=max_chars)
    notes = [] if looks_german(text) else [f"{name}: the text does not look German; results may be poor"]
    return SourceText(text=text, path=None, encoding="utf-8", warnings=tuple(notes))


def emit_warnings(source: SourceText) -> None:
    """Report a SourceText's notes through :mod:`warnings` (the CLI prints them on stderr)."""
    for note in source.warnings:
        warnings.warn(note, LanguageWarning if "German" in note else EncodingWarning_, stacklevel=2)
