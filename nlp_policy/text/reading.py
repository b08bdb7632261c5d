"""Loading documents: bytes on disk to one exact Python string.

The decoded text is the coordinate system of every record: all offsets point
into it and ``text[start:end]`` gives back the cited words. Nothing here
rewrites the text (noisy joins are repaired by the tokenizer, not by editing
the string), so offsets never need mapping.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from nlp_policy.errors import InputError, display_path
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
        stem = unicodedata.normalize("NFC", self.path.stem if self.path else (self.name or "text").strip("<>"))
        # Letters of any script stay (Über-die-Größe); a name's bytes that are
        # not UTF-8 (surrogates) and punctuation become hyphens.
        stem = re.sub(r"[^\w.-]+", "-", stem).strip("-") or "text"
        return f"{stem}-{self.sha256[:12]}"


def sha256_text(text: str) -> str:
    # surrogatepass: a string from os.fsdecode-style sources still hashes (valid text hashes as plain UTF-8)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


#: Leading bytes of compressed formats, with the command that unpacks each.
_COMPRESSED = (
    (b"\x1f\x8b", "gzip", "gunzip -k FILE"),
    (b"BZh", "bzip2", "bunzip2 -k FILE"),
    (b"\xfd7zXZ\x00", "xz", "unxz -k FILE"),
    (b"PK\x03\x04", "zip", "unzip FILE"),
    (b"PK\x05\x06", "zip", "unzip FILE"),
    (b"\x28\xb5\x2f\xfd", "zstd", "unzstd FILE"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "7z x FILE"),
)
#: How many invalid UTF-8 sequences a warning lists by offset.
_SHOWN_OFFSETS = 5


def compression_of(data: bytes) -> tuple[str, str] | None:
    """``(format, unpack command)`` when the bytes start like a compressed file, else None."""
    for magic, kind, command in _COMPRESSED:
        if data.startswith(magic):
            # "BZh" is also how a text may start: bzip2 has a level digit and the block magic next
            if kind == "bzip2" and not (data[3:4].isdigit() and data[4:10] == b"\x31\x41\x59\x26\x53\x59"):
                continue
            return kind, command
    return None


def _text_codec(encoding: str, name: str) -> codecs.CodecInfo:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}; pass a Python codec name such as utf-8, cp1252 or utf-16") from None
    # base64, hex, zlib, rot13 ... are codecs but turn bytes into bytes (or str into str)
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(
            f"{name}: {encoding!r} is not a text encoding (it converts bytes to bytes or text to text); "
            "--encoding needs a text encoding such as utf-8, cp1252, latin-1 or utf-16"
        )
    return info


def _mostly_utf8(data: bytes) -> tuple[str, list[tuple[int, int]]] | None:
    """Decode UTF-8 with U+FFFD for invalid sequences when the bytes are UTF-8
    text with a few damaged bytes: at least as many valid multi-byte sequences
    (umlauts, dashes) as invalid ones. Text in a one-byte code page almost never
    forms valid multi-byte sequences by chance.

    RETURNS: ``(text, [(byte offset, character offset), ...])`` or None (not UTF-8).
    """
    view = memoryview(data)
    pieces: list[str] = []
    damaged: list[tuple[int, int]] = []
    pos = chars = multibyte = 0
    while pos < len(data):
        try:
            piece, _ = codecs.utf_8_decode(view[pos:], "strict", True)
            end = len(data)
        except UnicodeDecodeError as exc:
            piece, _ = codecs.utf_8_decode(view[pos : pos + exc.start], "strict", True)
            end = pos + exc.end
            damaged.append((pos + exc.start, chars + len(piece)))
            piece += "\ufffd"
        multibyte += len(piece) - len(piece.encode("ascii", "ignore")) - piece.endswith("\ufffd")
        chars += len(piece)
        pieces.append(piece)
        pos = end
        if len(damaged) > 64 and len(damaged) > multibyte:
            return None  # decided: give up early on a file that is not UTF-8
    if multibyte < len(damaged):
        return None
    return "".join(pieces), damaged


def decode_bytes(data: bytes, *, encoding: str | None = None, name: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode document bytes.

    Order: a forced ``encoding``; a UTF-32, UTF-8 or UTF-16 BOM; strict UTF-8;
    UTF-8 with a few invalid bytes replaced (and a warning naming their
    offsets); otherwise cp1252 with a warning.

    RETURNS (tuple): ``(text, encoding used, warnings)``.
    RAISES InputError: for a forced encoding that fails or is not a text
        encoding, and for bytes that look binary or compressed.
    """
    notes: list[str] = []
    if encoding:
        _text_codec(encoding, name)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: cannot be decoded as {encoding} ({exc.reason} at byte {exc.start}); try another --encoding") from None
        return text.lstrip("\ufeff"), encoding, notes
    compressed = compression_of(data)
    if compressed:
        kind, command = compressed
        raise InputError(
            f"{name}: is a {kind}-compressed file, not text; unpack it first ({command}) and pass the unpacked file"
        )
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # checked before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one
        try:
            return data.decode("utf-32").lstrip("\ufeff"), "utf-32", notes
        except UnicodeDecodeError:
            pass  # FF FE 00 00 may also be UTF-16-LE text starting with U+0000: tried below
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
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, damaged = mostly
        shown = ", ".join(f"byte {b:,} (character {c:,})" for b, c in damaged[:_SHOWN_OFFSETS])
        more = f" and {len(damaged) - _SHOWN_OFFSETS} more" if len(damaged) > _SHOWN_OFFSETS else ""
        notes.append(
            f"{name}: {len(damaged)} invalid UTF-8 sequence{'s' if len(damaged) > 1 else ''} replaced by U+FFFD "
            f"at {shown}{more}; the rest was read as UTF-8; pass --encoding to choose another"
        )
        return text, "utf-8", notes
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
    RAISES InputError: missing, unreadable, binary, compressed (gzip is unpacked
        and read), empty or oversized files, or an HTML page without article text.
        A file that changes while it is read gives a warning; the text is what was read.
    """
    if is_stdin(path):
        import sys

        data = _read_handle(sys.stdin.buffer, name=STDIN_NAME, max_chars=max_chars)
        return _source(data, None, name=STDIN_NAME, encoding=encoding, max_chars=max_chars, input_format=input_format)
    p = Path(path)
    name = display_path(path)
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
    notes: list[str] = []
    try:
        if p.is_file():
            data, changed = _read_file(p, name=name, max_chars=max_chars)
            if changed:
                notes.append(
                    f"{name}: changed while it was being read ({changed}); the results are for the "
                    f"{len(data):,} bytes read; run again once the file is complete"
                )
        else:
            data = _read_stream(p, name=name, max_chars=max_chars)
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from None
    return _source(
        data, p.resolve(), name=name, encoding=encoding, max_chars=max_chars, input_format=input_format, notes=notes
    )


#: The name of piped input (its document id is ``stdin-`` plus the text hash).
STDIN_NAME = "<stdin>"


def is_stdin(path: str | Path | None) -> bool:
    """True for ``-`` and ``/dev/stdin``, the names of standard input."""
    return path is not None and str(path) in ("-", "/dev/stdin")


def _source(
    data: bytes,
    path: Path | None,
    *,
    name: str,
    encoding: str | None,
    max_chars: int | None,
    input_format: str,
    notes: list[str] | None = None,
) -> SourceText:
    from nlp_policy.text.formats import convert, detect_format

    if data.startswith(b"\x1f\x8b"):  # --encoding names the text's encoding, not the packing
        data = _gunzip(data, name=name, max_chars=max_chars)
    text, used, decoding_notes = decode_bytes(data, encoding=encoding, name=name)
    notes = decoding_notes + list(notes or ())
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


def _fstat(handle) -> os.stat_result:
    return os.fstat(handle.fileno())


def _read_file(p: Path, *, name: str, max_chars: int | None) -> tuple[bytes, str | None]:
    """Read a regular file once, and say whether it changed meanwhile. At most
    the bytes ``max_chars`` allows are read, even when the file grows after
    its size was checked.

    RETURNS (tuple): ``(bytes read, description of the change or None)``.
    RAISES InputError: the file grew beyond the limit.
    """
    limit = None if max_chars is None else 4 * max_chars + 4
    with p.open("rb") as handle:
        before = _fstat(handle)
        data = handle.read() if limit is None else handle.read(limit + 1)
        after = _fstat(handle)
    if limit is not None and len(data) > limit:
        raise InputError(
            f"{name}: grew to more than {limit:,} bytes while it was being read, more than the limit of "
            f"{max_chars:,} characters; split the file or raise --max-chars"
        )
    if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and len(data) == after.st_size:
        return data, None
    if before.st_size != after.st_size:
        return data, f"its size went from {before.st_size:,} to {after.st_size:,} bytes"
    if len(data) != after.st_size:
        return data, f"{len(data):,} of its {after.st_size:,} bytes were read"
    return data, "it was modified during the read"


def _gunzip(data: bytes, *, name: str, max_chars: int | None) -> bytes:
    """The contents of a gzip file, at most the bytes ``max_chars`` allows
    (so a decompression bomb is refused, not unpacked)."""
    import gzip
    import io
    import zlib

    limit = None if max_chars is None else 4 * max_chars + 4
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
            out = unpacked.read() if limit is None else unpacked.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{name}: is a gzip-compressed file but cannot be unpacked ({exc}); check the file") from None
    if limit is not None and len(out) > limit:
        raise InputError(
            f"{name}: unpacks to more than {limit:,} bytes, more than the limit of {max_chars:,} characters; "
            "split the file or raise --max-chars"
        )
    return out


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
