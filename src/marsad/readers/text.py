"""Plain text: decoding, and the first line as title when it is a headline."""

from __future__ import annotations

from marsad.document import Document, Note
from marsad.readers import ReadFailure

# A headline is short and does not end a sentence (the seed's ends with "؟", a question, still a headline).
MAX_TITLE_CHARS = 200
_SENTENCE_END = (".", "۔")


def decode_bytes(data: bytes) -> tuple[str, list[Note]] | ReadFailure:
    if not data.strip():
        return "", [Note("empty", "the input is empty")]
    if b"\x00" in data[:4096] and not (data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return ReadFailure("", "binary data, not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return ReadFailure("", f"invalid UTF-8 at byte {exc.start}")


def split_title(text: str) -> tuple[str | None, str]:
    first, sep, _rest = text.partition("\n")
    line = first.strip()
    if sep and line and len(line) <= MAX_TITLE_CHARS and not line.endswith(_SENTENCE_END):
        return line, text
    return None, text


def document_from_text(text: str, *, source: str, published: str | None) -> Document:
    title, body = split_title(text)
    return Document(body, source=source, title=title, published=published)
