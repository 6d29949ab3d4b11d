"""Plain-text reading: encodings, headline titles, binary and empty input, size bounds."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from marsad.readers import ReadLimits
from marsad.readers.limits import MAX_DOCUMENT_CHARS
from marsad.readers.text import DecodeError, decode_bytes, split_title
from readers_helpers import ARTICLE, BODY, HEADLINE, read_all

SEED = Path(__file__).resolve().parent.parent / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt"


@pytest.mark.parametrize(
    ("encoding", "prefix", "note"),
    [
        ("utf-8", b"", None),
        ("utf-8", codecs.BOM_UTF8, "decoded as utf-8 (byte-order mark)"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "decoded as utf-16-le (byte-order mark)"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "decoded as utf-16-be (byte-order mark)"),
        ("utf-16-le", b"", "decoded as utf-16-le (no byte-order mark)"),
        ("utf-16-be", b"", "decoded as utf-16-be (no byte-order mark)"),
        ("cp1256", b"", "decoded as windows-1256"),
    ],
)
def test_encodings_are_detected_and_noted(tmp_path: Path, encoding: str, prefix: bytes, note: str | None) -> None:
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(prefix + ARTICLE.encode(encoding))
    docs, failures = read_all(path)
    assert failures == []
    [doc] = docs
    assert doc.text == ARTICLE
    assert doc.title == HEADLINE
    encoding_notes = [n.message for n in doc.notes if n.kind == "encoding"]
    assert encoding_notes == ([note] if note else [])


def test_cp1256_is_not_mistaken_for_latin(tmp_path: Path) -> None:
    # Short windows-1256 text: the first bytes are also valid Latin-1, so detection must prefer Arabic.
    text = "قال المتحدث إن الاجتماع انتهى."
    text_out, notes = decode_bytes(text.encode("cp1256"))
    assert text_out == text
    assert notes[0].message == "decoded as windows-1256"


def test_utf8_with_a_damaged_byte_is_kept_with_a_note() -> None:
    data = ARTICLE.encode("utf-8")
    damaged = data[:40] + b"\xff" + data[40:]
    text, notes = decode_bytes(damaged)
    assert "\ufffd" in text and text.replace("\ufffd", "") == ARTICLE
    assert notes[0].message.startswith("invalid UTF-8 at byte 40")


def test_headline_rules() -> None:
    assert split_title(ARTICLE) == HEADLINE
    assert split_title("روسيا تتحدث عن حشود.. ما القصة؟\nنص المقال.") == "روسيا تتحدث عن حشود.. ما القصة؟"
    assert split_title("جملة كاملة تنتهي بنقطة.\nثم سطر آخر.") is None
    assert split_title("سطر واحد فقط") is None  # nothing after it: it is the article
    assert split_title("ع" * 201 + "\nنص") is None


def test_sample_source_reads_nicely() -> None:
    [doc], failures = read_all(SEED)
    assert failures == []
    assert doc.source == "sample:seed-aleppo-2019-12-12.txt"
    assert doc.title is not None and doc.title.endswith("؟")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file (PNG image), not text"),
        (b"\x00\x01\x02\x03" * 300 + b"\xff\xfe\x00", "binary file, not text"),
        (b"%PDF-1.4 " + b"\x00" * 10, "binary file (PDF document), not text"),
    ],
)
def test_empty_and_binary_files_fail_with_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    docs, failures = read_all(path)
    assert docs == []
    assert [(f.source, f.reason) for f in failures] == [(str(path), reason)]


def test_undecodable_bytes_are_refused() -> None:
    # Random high bytes: not UTF-8, not Arabic in windows-1256, nothing charset-normalizer trusts.
    data = bytes((i * 37 + 11) % 96 + 0x80 for i in range(3000))
    with pytest.raises(DecodeError, match="invalid UTF-8 at byte 0"):
        decode_bytes(data)


def test_non_arabic_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "english.txt"
    path.write_text("Markets closed higher on Monday.\nTraders cited lower oil prices.", "utf-8")
    [doc], _ = read_all(path)
    assert [n.kind for n in doc.notes] == ["language"]


def test_fifty_megabyte_single_line_is_refused_fast_and_batch_goes_on(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.write(b"a" * (50 * 1024 * 1024))
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    started = time.perf_counter()
    docs, failures = read_all(huge, good)
    assert time.perf_counter() - started < 10
    assert [d.text for d in docs] == [ARTICLE]
    [failure] = failures
    assert failure.reason == "file too large: 52,428,800 bytes > 20,000,000 limit (not read)"


def test_document_character_cap_names_the_numbers(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("ب" * 1500, "utf-8")  # 3,000 bytes, 1,500 characters
    limits = ReadLimits(max_document_chars=1000, max_file_bytes=10_000)
    _, [failure] = read_all(path, limits=limits)
    assert failure.reason == "document too large: 1,500 characters > 1,000 limit"
    assert MAX_DOCUMENT_CHARS == 5_000_000


def test_missing_path_directory_and_device(tmp_path: Path) -> None:
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    docs, failures = read_all(tmp_path / "missing.txt", empty_dir, "/dev/null")
    assert docs == []
    reasons = [f.reason for f in failures]
    assert reasons[0] == "no such file or directory"
    assert reasons[1].startswith("directory has no readable files")
    assert reasons[2] == "not a regular file (device, pipe or socket), not read"


def test_body_keeps_the_headline_line_so_offsets_match_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    [doc], _ = read_all(path)
    assert doc.text.index(BODY) == len(HEADLINE) + 1
