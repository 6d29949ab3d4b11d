"""Plain text: byte decoding with encoding detection, and the headline as title.

Decoding order (the first that fits wins, and anything but plain UTF-8 leaves
a ``Note("encoding", ...)`` on the document):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. known binary signatures (images, PDF, archives) → refused;
3. UTF-16 without a BOM, recognised by its zero/0x06 high bytes (Arabic is U+06xx);
4. NUL bytes left → binary, refused;
5. strict UTF-8; UTF-8 with a few damaged bytes is decoded with U+FFFD and a note;
6. Windows-1256, accepted when most letters come out Arabic;
7. charset-normalizer's best guess, accepted when it is confident.
"""

from __future__ import annotations

import codecs
import re

import regex

from marsad.document import Document, Note
from marsad.errors import MarsadError
from marsad.readers.limits import DEFAULT_LIMITS, ReadLimits, too_large

# A headline is short and does not end a sentence (a question mark still makes a headline).
MAX_TITLE_CHARS = 200
_SENTENCE_END = (".", "۔")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media"),
)
_ARABIC_LETTER = regex.compile(r"\p{Script=Arabic}")
_ANY_LETTER = regex.compile(r"\p{L}")
# What Arabic prose is made of: Arabic script, ASCII letters/digits, whitespace, punctuation.
_PLAIN_CHAR = regex.compile(r"[\p{Script=Arabic}\p{Script=Inherited}a-zA-Z0-9\s\p{P}]")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# High bytes of UTF-16 code units in Arabic text: ASCII (0x00), Arabic (0x06),
# punctuation (0x20), Arabic presentation forms (0xFB-0xFE).
_UTF16_HIGH_BYTES = frozenset({0x00, 0x06, 0x20, 0xFB, 0xFC, 0xFD, 0xFE})
_SAMPLE_BYTES = 65_536
# A code point of the UTF-16 surrogate range standing alone in a Python string (JSON's
# "\\udfff" escape gives one): not a character, and not writable as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class DecodeError(MarsadError, ValueError):
    """Bytes that are not text in any encoding we accept; the message is for the user."""


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic (0.0 when there are no letters)."""
    sample = text[:_SAMPLE_BYTES]
    letters = len(_ANY_LETTER.findall(sample))
    return len(_ARABIC_LETTER.findall(sample)) / letters if letters else 0.0


def _plausible_arabic(text: str) -> bool:
    """Reads like Arabic prose: Arabic letters, spaces between words, little else.

    Random bytes decoded as windows-1256 also give Arabic letters, but mixed
    with symbols and Latin-1 accents and without word spacing.
    """
    sample = text[:_SAMPLE_BYTES]
    if not sample.strip() or arabic_share(sample) < 0.7:
        return False
    plain = len(_PLAIN_CHAR.findall(sample))
    spaces = sum(1 for ch in sample if ch.isspace())
    return plain / len(sample) >= 0.95 and (len(sample) < 40 or spaces / len(sample) >= 0.05)


def _looks_utf16(data: bytes, high: int) -> bool:
    sample = data[: _SAMPLE_BYTES - _SAMPLE_BYTES % 2]
    highs = sample[high::2]
    if len(highs) < 2 or len(sample) % 2:
        return False
    fitting = sum(1 for b in highs if b in _UTF16_HIGH_BYTES)
    return fitting / len(highs) > 0.9 and b"\x00" in highs


def _too_many_controls(text: str) -> bool:
    sample = text[:_SAMPLE_BYTES]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def decode_bytes(data: bytes) -> tuple[str, list[Note]]:
    """Text and encoding notes, or :class:`DecodeError` with a one-line reason."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"invalid {encoding} after its byte-order mark at byte {exc.start + len(bom)}"
                ) from None
            return text, [Note("encoding", f"decoded as {encoding} (byte-order mark)")]
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"binary file ({kind}), not text")
    for high, encoding in ((1, "utf-16-le"), (0, "utf-16-be")):
        if _looks_utf16(data, high):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _too_many_controls(text):
                return text, [Note("encoding", f"decoded as {encoding} (no byte-order mark)")]
    if b"\x00" in data[:_SAMPLE_BYTES]:
        raise DecodeError("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if _too_many_controls(text):
            raise DecodeError("binary file, not text")
        return text, []
    return _decode_not_utf8(data, first_bad)


def _decode_not_utf8(data: bytes, first_bad: int) -> tuple[str, list[Note]]:
    replaced = data.decode("utf-8", "replace")
    damaged = replaced.count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F) - damaged
    # Real UTF-8 with a few broken bytes (a truncated download, a bad copy).
    if multibyte >= 20 * damaged:
        return replaced, [
            Note(
                "encoding",
                f"invalid UTF-8 at byte {first_bad}: {damaged:,} damaged sequence(s) replaced with U+FFFD",
            )
        ]
    cp1256 = data.decode("cp1256", "replace")
    if _plausible_arabic(cp1256):
        return cp1256, [Note("encoding", "decoded as windows-1256")]
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE_BYTES]).best()
    if best is not None and best.encoding and best.chaos < 0.2:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and not _too_many_controls(text):
            return text, [Note("encoding", f"decoded as {best.encoding} (detected)")]
    raise DecodeError(f"not text in a known encoding (invalid UTF-8 at byte {first_bad})")


def split_title(text: str) -> str | None:
    """The first line when it reads as a headline: short, not ending a sentence, more text after it."""
    first, sep, rest = text.lstrip().partition("\n")
    line = first.strip()
    if sep and rest.strip() and line and len(line) <= MAX_TITLE_CHARS and not line.endswith(_SENTENCE_END):
        return line
    return None


def language_notes(text: str) -> list[Note]:
    """A note when the text is not Arabic, so an empty analysis is not a mystery."""
    if not _ARABIC_LETTER.search(text[:_SAMPLE_BYTES]):
        return [Note("language", "no Arabic letters found; the analysis expects Arabic text")]
    return []


def without_surrogates(value: str, field: str, found: list[str]) -> str:
    """``value`` with every lone surrogate replaced by U+FFFD; ``field`` is noted in ``found``.

    The store, JSON output and the terminal all need valid UTF-8, so this happens once, at
    read time.  One code point replaces one, so no offset moves.
    """
    if _LONE_SURROGATE.search(value) is None:
        return value
    cleaned, count = _LONE_SURROGATE.subn("\ufffd", value)
    found.append(f"{count:,} in the {field}")
    return cleaned


def surrogate_note(found: list[str]) -> list[Note]:
    """The note for the fields :func:`without_surrogates` cleaned (none when all were valid)."""
    if not found:
        return []
    return [Note("unicode", "lone surrogate code point(s) replaced with U+FFFD: " + ", ".join(found))]


def check_size(text: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    if len(text) > limits.max_document_chars:
        raise DecodeError(too_large("document", len(text), limits.max_document_chars))


def document_from_text(
    text: str,
    *,
    source: str,
    published: str | None,
    url: str | None = None,
    title: str | None = None,
    detect_title: bool = True,
    notes: list[Note] | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """A Document of ``text``; DecodeError if empty or too large.

    Without a ``title`` the first line becomes the title when it reads as a
    headline, unless ``detect_title`` is false (records and pages carry their own).
    """
    check_size(text, limits)
    if not text.strip():
        raise DecodeError("no text")
    found: list[str] = []
    text = without_surrogates(text, "text", found)
    if title is not None:
        title = without_surrogates(title, "title", found)
    doc = Document(
        text,
        source=without_surrogates(source, "source", found),
        url=without_surrogates(url, "url", found) if url is not None else None,
        title=title if title is not None or not detect_title else split_title(text),
        published=published,
    )
    doc.notes.extend(notes or [])
    doc.notes.extend(surrogate_note(found))
    doc.notes.extend(language_notes(text))
    return doc


def document_from_bytes(
    data: bytes,
    *,
    source: str,
    published: str | None,
    url: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    if len(data) > limits.max_file_bytes:
        raise DecodeError(too_large("file", len(data), limits.max_file_bytes, "bytes"))
    text, notes = decode_bytes(data)
    return document_from_text(text, source=source, published=published, url=url, notes=notes, limits=limits)
