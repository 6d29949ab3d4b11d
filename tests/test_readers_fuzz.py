"""Property tests: no exception escapes any reader, whatever the bytes.

Example counts: MARSAD_FUZZ_EXAMPLES (default 100 per test, so the file stays fast);
docs/readers.md records a longer run.  Each finding is fixed and kept as a regression
test named after it (``test_regression_*``).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.document import Document
from marsad.readers import ReadContext, ReadFailure, ReadItem, ReadLimits
from marsad.readers.dispatch import read_stream, sniff_kind
from marsad.readers.html import document_from_html
from marsad.readers.text import DecodeError, decode_bytes
from readers_helpers import ARTICLE, FIXTURES

EXAMPLES = int(os.environ.get("MARSAD_FUZZ_EXAMPLES", "100"))
# CI derandomises every property test (conftest); MARSAD_FUZZ_EXAMPLES=1000 for a long run.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SMALL = ReadLimits(max_document_chars=200_000, max_file_bytes=800_000, max_html_bytes=400_000)
PAGE = (FIXTURES / "article-related.html").read_bytes()


def _read(data: bytes, kind: str) -> list[ReadItem]:
    items = list(read_stream("fuzz", io.BytesIO(data), kind, ReadContext(limits=SMALL), size=len(data)))
    for item in items:
        assert isinstance(item, Document | ReadFailure)
        if isinstance(item, ReadFailure):
            assert "\n" not in item.reason and item.reason
        else:
            # a document has text, or it is a record kept for its URL with an "empty" note
            assert item.text.strip() or (item.url and any(n.kind == "empty" for n in item.notes))
            # valid Unicode all the way: lone surrogates were replaced at read time
            item.to_json().encode("utf-8")
    return items


# -- building blocks -----------------------------------------------------------------
ARABIC = st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى ًٌٍَُِّْـ،؛؟.\n"), max_size=80)
# Hostile pieces Hypothesis's text() leaves out or rarely draws: lone surrogates (JSON's
# "\udfff" escapes), C0/C1 controls and whole terminal escape sequences.
HOSTILE = st.one_of(
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"]),
    st.characters(min_codepoint=0x00, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from(["\x1b]52;c;aGk=\x07", "\x1b[2J", "\x1b]8;;http://evil.example/\x1b\\", "\u202e", "\ud83d\ude00"]),
)
ANY_TEXT = st.one_of(
    ARABIC, st.text(max_size=60), st.lists(st.one_of(ARABIC, HOSTILE), max_size=8).map("".join)
)
TAGS = st.sampled_from(["div", "p", "span", "article", "main", "h1", "h3", "ul", "li", "a", "script", "style", "table", "td", "br", "body", "html", "head", "title", "meta", "!--", "![CDATA["])
ATTRS = st.sampled_from(["", ' class="related"', ' id="read-also"', ' charset="windows-1256"', ' href="javascript:x"', " hidden", ' class="x'])


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 3))
        tag = draw(TAGS)
        if choice == 0:
            parts.append(f"<{tag}{draw(ATTRS)}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(ANY_TEXT))
    return "".join(parts)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["text", "content", "title", "published", "url", "source", "date_extracted", "x"]), children, max_size=5),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {"text": ANY_TEXT},
    optional={"title": JSON_VALUES, "published": JSON_VALUES, "url": JSON_VALUES, "source": JSON_VALUES, "date_extracted": ANY_TEXT},
)


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _warc_bytes(gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for i in range(3):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example.org/{i}", "response", payload=io.BytesIO(PAGE), http_headers=headers))
    return out.getvalue()


ZIP = _zip_bytes({"a.json": json.dumps([{"text": ARTICLE, "title": "t"}] * 3).encode(), "b.jsonl": (json.dumps({"text": ARTICLE}) + "\n").encode() * 2, "c.html": PAGE})
WARC = _warc_bytes(False)
WARC_GZ = _warc_bytes(True)
FEED = (FIXTURES / "feed.rss").read_bytes()


def _damage(data: bytes, cut: int, flips: Iterable[tuple[int, int]]) -> bytes:
    damaged = bytearray(data[: max(0, len(data) - cut)])
    for position, value in flips:
        if damaged:
            damaged[position % len(damaged)] = value
    return bytes(damaged)


DAMAGE = st.tuples(st.integers(0, 3000), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4))


# -- properties ----------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=4000))
def test_any_bytes_as_text_decode_or_refuse(data: bytes) -> None:
    try:
        text, _notes = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str)
    _read(data, "text")
    _read(data, sniff_kind(data))


@FUZZ
@given(html_documents())
def test_random_html(html: str) -> None:
    try:
        doc = document_from_html(html.encode("utf-8", "surrogatepass"), source="fuzz", published=None, limits=SMALL)
    except DecodeError:
        return
    assert "إقرأ أيضاً:" not in doc.text


@FUZZ
@given(st.lists(st.one_of(RECORDS.map(json.dumps), JSON_VALUES.map(json.dumps), ANY_TEXT), max_size=12))
def test_random_json_lines(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = _read(data, "jsonl")
    non_blank = sum(1 for chunk in data.split(b"\n") if chunk.strip())
    assert len(items) == max(non_blank, 1)  # one result per non-blank line (or one "empty file")


@FUZZ
@given(st.lists(st.one_of(RECORDS, JSON_VALUES), max_size=8), st.integers(0, 200))
def test_random_json_arrays_whole_and_cut(values: list[object], cut: int) -> None:
    data = json.dumps(values).encode()
    whole = _read(data, "json")
    assert len(whole) == max(len(values), 1)  # one result per element ("empty file" for [])
    _read(data[: max(0, len(data) - cut)], "json")


@FUZZ
@given(DAMAGE)
def test_truncated_or_corrupted_zip(damage: tuple[int, list[tuple[int, int]]]) -> None:
    _read(_damage(ZIP, *damage), "zip")


@FUZZ
@given(DAMAGE, st.booleans())
def test_truncated_or_corrupted_warc(damage: tuple[int, list[tuple[int, int]]], gz: bool) -> None:
    _read(_damage(WARC_GZ if gz else WARC, *damage), "warc")


@FUZZ
@given(DAMAGE)
def test_truncated_or_corrupted_feed(damage: tuple[int, list[tuple[int, int]]]) -> None:
    _read(_damage(FEED, *damage), "feed")


@FUZZ
@given(st.binary(max_size=3000))
def test_gzip_garbage_as_warc(data: bytes) -> None:
    _read(b"\x1f\x8b\x08\x00" + data, "warc")


# -- regressions found by the property tests ------------------------------------------------
def test_regression_zip_member_offset_before_the_file() -> None:
    # A damaged local header offset made zipfile seek before the file's start (ValueError escaped).
    items = _read(_damage(ZIP, 0, [(497173, 8)]), "zip")
    assert any(isinstance(item, ReadFailure) and "damaged ZIP member" in item.reason for item in items)


def test_regression_control_character_after_related_element() -> None:
    # lxml refused to re-attach the tail "\x1f" of a removed related block (ValueError escaped).
    try:
        document_from_html(b'<br class="related">\x1f', source="fuzz", published=None)
    except DecodeError as exc:
        assert str(exc) == "no article text found in the HTML"
    doc = document_from_html(
        f'<html><body><div class="related">x</div>\x1f<p>{ARTICLE}</p></body></html>'.encode(), source="fuzz", published=None
    )
    assert "افتتح وزير الثقافة" in doc.text


def test_regression_feedparser_unicode_error_on_damaged_feed() -> None:
    # A byte 0x80 written into a cut feed made feedparser raise UnicodeDecodeError.
    [failure] = _read(_damage(FEED, 226, [(251286, 128)]), "feed")
    assert isinstance(failure, ReadFailure) and failure.reason.startswith("not a readable feed: 'utf-8' codec")


def test_regression_feedparser_embedded_null_in_feed() -> None:
    # A NUL byte in the XML declaration made feedparser raise "embedded null character".
    [failure] = _read(_damage(FEED, 0, [(30, 0)]), "feed")
    assert isinstance(failure, ReadFailure) and failure.reason == "not a readable feed: embedded null character"


def test_regression_json_integer_past_conversion_limit() -> None:
    # Found in review, not by the generator (its integers are small): Python refuses to convert
    # integers of more than 4,300 digits with a plain ValueError, which escaped both JSON readers.
    huge = b'{"text": "\xd9\x86\xd8\xb5", "n": ' + b"7" * 5000 + b"}"
    reason = "invalid JSON: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits"
    [line_failure] = _read(huge + b"\n", "jsonl")
    [array_failure] = _read(b"[" + huge + b"]", "json")
    assert isinstance(line_failure, ReadFailure) and line_failure.reason == reason
    assert isinstance(array_failure, ReadFailure) and array_failure.reason == reason


def test_regression_htmldate_assertion_on_script_after_body() -> None:
    # htmldate (inside trafilatura) failed an assertion in lxml's drop_tree on this tag soup.
    with pytest.raises(DecodeError, match=r"^HTML could not be parsed: AssertionError$"):
        document_from_html(b"</div><body><script>", source="fuzz", published=None)


def test_regression_feed_summary_with_control_characters() -> None:
    """Fuzz finding: a control character in an entry's HTML made lxml refuse the edited tree."""
    from marsad.readers.feed import html_fragment_text

    assert html_fragment_text("<p>قصف\x01 على</p><p>حلب\x0b</p>") == "قصف على\nحلب"


def test_regression_zip_claiming_a_newer_version() -> None:
    # A damaged central directory whose "version needed to extract" reads 6.4: zipfile raises
    # NotImplementedError while listing the archive, which escaped as a traceback.
    damaged = bytearray(ZIP)
    central = damaged.index(b"PK\x01\x02")
    damaged[central + 6:central + 8] = (64).to_bytes(2, "little")
    items = _read(bytes(damaged), "zip")
    assert len(items) == 1 and isinstance(items[0], ReadFailure)
    assert items[0].reason.startswith("not a readable ZIP archive") and "6.4" in items[0].reason
