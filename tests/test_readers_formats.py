"""JSON Lines, JSON arrays, ZIP (SaudiNewsNet layout, bombs), WARC, feeds, directories and stdin."""

from __future__ import annotations

import gzip
import io
import json
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.readers import ReadLimits
from readers_helpers import ARTICLE, BODY, FIXTURES, HEADLINE, read_all

RECORD = {
    "source": "example-daily",
    "url": "https://news.example.org/books",
    "date_extracted": "2015-07-21 02:51:32",
    "title": HEADLINE,
    "author": "مراسلنا",
    "content": BODY,
}
PAGE_HTML = (FIXTURES / "article-related.html").read_bytes()


# -- JSON Lines and JSON -------------------------------------------------------------
def test_jsonl_bad_lines_cost_only_themselves(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": ARTICLE, "title": "عنوان", "published": "2024-01-02", "url": "https://a.example/1"}),
        "{not json",
        "",
        json.dumps({"content": BODY, "published": "Tue, 02 Jan 2024 10:00:00 GMT"}),
        json.dumps(["a list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}),
        "[" * 100_000,
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs, failures = read_all(path)
    assert [(d.title, d.published, d.url) for d in docs] == [
        ("عنوان", "2024-01-02", "https://a.example/1"),
        (None, "2024-01-02", None),
    ]
    assert docs[0].id.startswith("url:") and docs[1].id.startswith("sha1:")
    assert [(f.source, f.reason) for f in failures] == [
        (f"{path}: line 2", "invalid JSON: Expecting property name enclosed in double quotes at column 2"),
        (f"{path}: line 5", "expected a JSON object, got list"),
        (f"{path}: line 6", "record has no 'text' or 'content' string"),
        (f"{path}: line 7", "record text is empty"),
        (f"{path}: line 8", "JSON nested too deeply"),
    ]


def test_saudinewsnet_record_mapping(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", "utf-8")
    [doc], _ = read_all(path)
    assert (doc.text, doc.title, doc.published, doc.source, doc.url) == (
        BODY,
        HEADLINE,
        "2015-07-21",
        "example-daily",
        "https://news.example.org/books",
    )


def test_overlong_jsonl_line_is_skipped_and_next_lines_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long_line = json.dumps({"text": "ب" * 300_000})
    path.write_text(long_line + "\n" + json.dumps({"text": ARTICLE}) + "\n", "utf-8")
    docs, [failure] = read_all(path, limits=ReadLimits(max_file_bytes=100_000))
    assert [d.text for d in docs] == [ARTICLE]
    assert failure.source.endswith(": line 1") and failure.reason.startswith("line too large: ")


def test_json_array_is_streamed_and_truncation_keeps_earlier_elements(tmp_path: Path) -> None:
    records = [dict(RECORD, url=f"https://news.example.org/{i}") for i in range(5)]
    text = json.dumps(records, ensure_ascii=False)
    whole = tmp_path / "all.json"
    whole.write_text(text, "utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: int(len(text) * 0.7)], "utf-8")
    docs, failures = read_all(whole)
    assert [d.url for d in docs] == [r["url"] for r in records] and failures == []
    docs, [failure] = read_all(cut)
    assert 1 <= len(docs) < 5
    assert failure.reason.startswith("invalid JSON")


# -- ZIP -----------------------------------------------------------------------------
def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_of_json_array_in_saudinewsnet_layout(tmp_path: Path) -> None:
    records = [dict(RECORD, url=f"https://news.example.org/{i}") for i in range(3)]
    records.append(dict(RECORD, url="https://news.example.org/empty", content=" "))  # kept: it has a URL
    records.append(dict(RECORD, url="", content=""))  # nothing to identify or read
    path = _zip(tmp_path / "2015-07-21.zip", {"2015-07-21.json": json.dumps(records, ensure_ascii=False).encode()})
    docs, failures = read_all(path)
    assert [d.url for d in docs] == [f"https://news.example.org/{i}" for i in range(3)] + [
        "https://news.example.org/empty"
    ]
    assert all(d.published == "2015-07-21" and d.source == "example-daily" for d in docs)
    assert docs[-1].text == "" and docs[-1].title == HEADLINE
    assert [(n.kind, n.message) for n in docs[-1].notes] == [("empty", "record has no text (title only)")]
    assert [(f.source, f.reason) for f in failures] == [(f"{path}!2015-07-21.json#4", "record text is empty")]


def test_zip_with_jsonl_text_html_and_unknown_members(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "mixed.zip",
        {
            "a.jsonl": (json.dumps({"text": ARTICLE}) + "\n").encode(),
            "b.txt": ARTICLE.encode("cp1256"),
            "c.html": PAGE_HTML,
            "d.png": b"\x89PNG",
            "dir/": b"",
        },
    )
    docs, failures = read_all(path)
    assert len(docs) == 3
    assert docs[1].notes[0].message == "decoded as windows-1256"
    assert [f.reason for f in failures] == ["unsupported file type in archive (.png), skipped"]


def test_zip_bomb_is_refused_by_declared_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"bomb.json": b" " * 50_000_000, "ok.jsonl": json.dumps({"text": ARTICLE}).encode()})
    assert path.stat().st_size < 100_000
    started = time.perf_counter()
    docs, [failure] = read_all(path)
    assert time.perf_counter() - started < 5
    assert len(docs) == 1
    assert "refused as a possible ZIP bomb" in failure.reason and failure.source.endswith("!bomb.json")


def test_zip_member_with_lying_size_reads_only_declared_bytes(tmp_path: Path) -> None:
    path = _zip(tmp_path / "liar.zip", {"liar.jsonl": b"\n" * 5_000_000})
    raw = bytearray(path.read_bytes())
    # Rewrite the declared uncompressed size (local header and central directory) to look harmless.
    real = (5_000_000).to_bytes(4, "little")
    assert raw.count(real) == 2
    patched = bytes(raw).replace(real, (20_000).to_bytes(4, "little"))
    path.write_bytes(patched)
    _, failures = read_all(path)
    # The ZIP reader stops at the declared size, so the lie shows as a checksum error, not an expansion.
    assert [f.reason for f in failures] == ["damaged ZIP member: Bad CRC-32 for file 'liar.jsonl'"]


def test_truncated_zip_is_one_failure(tmp_path: Path) -> None:
    path = _zip(tmp_path / "t.zip", {"a.json": json.dumps([RECORD] * 50).encode()})
    path.write_bytes(path.read_bytes()[:300])
    docs, [failure] = read_all(path)
    assert docs == []
    assert failure.reason.startswith("not a readable ZIP archive")


def _directory(raw: bytes) -> tuple[int, int, list[bytes]]:
    """Start of the central directory, start of its end record, and its entry records."""
    start = struct.unpack("<I", raw[raw.rindex(b"PK\x05\x06") + 16 :][:4])[0]
    eocd = raw.rindex(b"PK\x05\x06")
    directory = raw[start:eocd]
    position, records = 0, []
    while position < len(directory):
        name_len, extra_len, comment_len = struct.unpack("<HHH", directory[position + 28 : position + 34])
        size = 46 + name_len + extra_len + comment_len
        records.append(directory[position : position + size])
        position += size
    return start, eocd, records


def _append_directory_records(path: Path, added: list[bytes]) -> None:
    """Add central-directory records to a ZIP (pointing wherever they say), fixing the end record."""
    raw = path.read_bytes()
    start, eocd, records = _directory(raw)
    new_directory = raw[start:eocd] + b"".join(added)
    total = len(records) + len(added)
    end = bytearray(raw[eocd:])
    struct.pack_into("<HHI", end, 8, total, total, len(new_directory))
    path.write_bytes(raw[:start] + new_directory + bytes(end))


def _repeat_directory_entry(path: Path, name: str, copies: int) -> None:
    """Append ``copies`` more central-directory entries for ``name``, all aimed at its one local header.

    The "overlap" ZIP bomb: a small file whose directory lists one member thousands of times.
    """
    [target] = [r for r in _directory(path.read_bytes())[2] if r[46 : 46 + len(name.encode())] == name.encode()]
    _append_directory_records(path, [target] * copies)


def test_zip_entries_overlapping_one_member_are_refused_unread(tmp_path: Path) -> None:
    line = (json.dumps({"text": ARTICLE}) + "\n").encode()
    path = _zip(tmp_path / "overlap.zip", {"a.jsonl": line * 50, "ok.jsonl": line})
    _repeat_directory_entry(path, "a.jsonl", 2_000)
    with zipfile.ZipFile(path) as archive:  # the crafted archive is valid to the zip module
        assert len(archive.infolist()) == 2_002
    after = tmp_path / "after.txt"
    after.write_text(ARTICLE, encoding="utf-8")
    started = time.perf_counter()
    docs, failures = read_all(path, after)
    elapsed = time.perf_counter() - started
    assert [(f.source, f.reason) for f in failures] == [
        (str(path), "2001 ZIP entries (a.jsonl) overlap at byte 0: refused unread as a possible ZIP bomb")
    ]
    assert len(docs) == 2  # the member that overlaps nothing, and the next input
    assert [d.text for d in docs] == [ARTICLE, ARTICLE]
    assert elapsed < 5  # unread: before the check each copy was expanded and parsed again


def test_zip_member_hidden_inside_another_members_data_is_refused(tmp_path: Path) -> None:
    # "Quoted" overlap: the stored bytes of outer.txt are a whole local entry, and a second
    # directory record points inside them, so the same bytes are read twice.
    inner_path = _zip(tmp_path / "inner.zip", {"inner.jsonl": (json.dumps({"text": ARTICLE}) + "\n").encode()})
    inner = inner_path.read_bytes()
    inner_start, _, [inner_record] = _directory(inner)
    path = tmp_path / "quoted.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("outer.txt", inner[:inner_start])
    with zipfile.ZipFile(path) as archive:
        quoted_at = len(archive.infolist()[0].FileHeader())  # inner entry starts right after outer's header
    record = bytearray(inner_record)
    struct.pack_into("<I", record, 42, quoted_at)
    _append_directory_records(path, [bytes(record)])
    with zipfile.ZipFile(path) as archive:  # the zip module reads both entries without complaint
        assert sorted(archive.namelist()) == ["inner.jsonl", "outer.txt"]
        assert json.loads(archive.read("inner.jsonl"))["text"] == ARTICLE
    docs, failures = read_all(path)
    assert docs == []
    assert [(f.source, f.reason) for f in failures] == [
        (str(path), "2 ZIP entries (inner.jsonl, outer.txt) overlap at byte 0: refused unread as a possible ZIP bomb")
    ]


def test_zip_name_listed_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.zip"
    with zipfile.ZipFile(path, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("a.jsonl", json.dumps({"text": ARTICLE}) + "\n")
        archive.writestr("a.jsonl", json.dumps({"text": HEADLINE}) + "\n")
        archive.writestr("b.jsonl", json.dumps({"text": ARTICLE}) + "\n")
    docs, failures = read_all(path)
    assert [(f.source, f.reason) for f in failures] == [
        (f"{path}!a.jsonl", "listed 2 times in the ZIP directory: refused as ambiguous")
    ]
    assert [d.text for d in docs] == [ARTICLE]


def test_zip_total_expansion_cap(tmp_path: Path) -> None:
    members = {f"{i}.jsonl": (json.dumps({"text": ARTICLE}) + "\n").encode() * 20 for i in range(3)}
    path = _zip(tmp_path / "many.zip", members)
    per_member = len(members["0.jsonl"])
    docs, failures = read_all(path, limits=ReadLimits(max_zip_expanded_bytes=int(per_member * 1.5)))
    assert len(docs) == 20
    assert failures and failures[0].reason.startswith("ZIP archive expansion too large")


# -- WARC ----------------------------------------------------------------------------
def _warc(path: Path, records: list[tuple[str, bytes, str]], gz: bool) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for uri, payload, content_type in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2023-05-06T07:08:09Z"},
            )
            writer.write_record(record)
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    undated = b"<html><body><article><p>" + BODY.encode() + b"</p></article></body></html>"
    path = _warc(
        tmp_path / ("a.warc.gz" if gz else "a.warc"),
        [
            ("https://news.example.org/water", PAGE_HTML, "text/html; charset=utf-8"),
            ("https://news.example.org/style.css", b"body{}", "text/css"),
            ("https://news.example.org/books", undated, "text/html"),
        ],
        gz,
    )
    docs, failures = read_all(path)
    assert failures == []
    assert [d.url for d in docs] == ["https://news.example.org/water", "https://news.example.org/books"]
    assert docs[0].published == "2024-03-05"  # the page's own date
    assert docs[1].published == "2023-05-06"  # WARC-Date as fallback
    assert "إقرأ أيضاً" not in docs[0].text


def test_warc_record_declaring_two_gigabytes_is_skipped(tmp_path: Path) -> None:
    path = _warc(tmp_path / "ok.warc", [("https://news.example.org/water", PAGE_HTML, "text/html")], gz=False)
    data = path.read_bytes()
    header_end = data.index(b"\r\n\r\n")
    head = data[:header_end].decode()
    import re

    head = re.sub(r"Content-Length: \d+", "Content-Length: 2147483648", head)
    (tmp_path / "huge.warc").write_bytes(head.encode() + data[header_end:])
    started = time.perf_counter()
    docs, failures = read_all(tmp_path / "huge.warc")
    assert time.perf_counter() - started < 5
    assert docs == []
    assert failures[0].reason == "WARC record too large: 2,147,483,648 bytes > 10,000,000 limit (skipped)"


@pytest.mark.parametrize(("gz", "cut"), [(True, 400), (False, 300), (True, 5)], ids=["gz-400", "plain-300", "gz-5"])
def test_truncated_warc_keeps_earlier_records(tmp_path: Path, gz: bool, cut: int) -> None:
    path = _warc(
        tmp_path / ("t.warc.gz" if gz else "t.warc"),
        [(f"https://news.example.org/{i}", PAGE_HTML, "text/html") for i in range(3)],
        gz=gz,
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - cut])
    docs, [failure] = read_all(path)
    if cut == 5:  # only the gzip trailer is lost: every record is whole, the damage is still reported
        assert len(docs) == 3
        assert failure.reason == "truncated WARC: the gzip stream ends inside a record (after 3 record(s))"
    else:
        assert [d.url for d in docs] == ["https://news.example.org/0", "https://news.example.org/1"]
        assert failure.reason == "truncated WARC record (the file ends inside it)"


# -- feeds ---------------------------------------------------------------------------
def test_rss_file_entries(tmp_path: Path) -> None:
    docs, failures = read_all(FIXTURES / "feed.rss")
    assert [(d.title, d.published, d.url) for d in docs] == [
        ("افتتاح معرض للكتاب في مدينة عمّان", "2024-03-10", "https://news.example.org/books"),
        ("تساقط الثلوج على مرتفعات لبنان", "2024-03-11", "https://news.example.org/snow"),
    ]
    assert docs[0].text.split("\n")[1] == "وقال الوزير إن المعرض سيستمر عشرة أيام."
    # round 35: what the entry has, and where its text is (a feed read from a file fetches no page)
    assert [f.reason for f in failures] == [
        "feed entry has no text; it has only its title 'عنوان بلا نص' and link https://news.example.org/empty; "
        "ingest its page (a saved copy, or the link itself), or the feed from its URL, which fetches each "
        "entry's page"]


def test_billion_laughs_feed_is_refused(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" * 1 if i else "lol"}{("&lol" + str(i - 1) + ";") * 9 if i else ""}">' for i in range(10))
    feed = f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss><channel><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>'
    path = tmp_path / "laughs.xml"
    path.write_text(feed, "utf-8")
    started = time.perf_counter()
    _docs, [failure] = read_all(path)
    assert time.perf_counter() - started < 2
    assert failure.reason == "feed declares XML entities: refused (entity-expansion risk)"


def test_feed_of_100000_entries_is_refused_or_capped(tmp_path: Path) -> None:
    item = "<item><title>خبر {i}</title><link>https://news.example.org/{i}</link><description>نص الخبر رقم {i}</description></item>"
    feed = "<rss><channel>" + "".join(item.format(i=i) for i in range(100_000)) + "</channel></rss>"
    path = tmp_path / "big.rss"
    path.write_text(feed, "utf-8")
    size = path.stat().st_size
    _, [refused] = read_all(path)  # default bounds: 5 MB of feed
    assert refused.reason == f"feed too large: {size:,} bytes > 5,000,000 limit (not read)"
    started = time.perf_counter()
    docs, failures = read_all(path, limits=ReadLimits(max_feed_bytes=20_000_000))
    assert time.perf_counter() - started < 10  # only the first 1,000 entries are parsed
    assert len(docs) == 1000 and docs[-1].title == "خبر 999"
    assert [f.reason for f in failures] == ["feed has 100,000 entries; read the first 1,000 (entry limit)"]


def test_feed_over_byte_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "f.rss"
    path.write_bytes(b"<rss>" + b" " * 20_000 + b"</rss>")
    _, [failure] = read_all(path, limits=ReadLimits(max_feed_bytes=10_000))
    assert failure.reason == "feed too large: 20,011 bytes > 10,000 limit (not read)"


# -- directories, unknown extensions and stdin -----------------------------------------------
def test_directory_is_walked_recursively_sorted_by_extension(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "a.html").write_bytes(PAGE_HTML)
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": BODY}) + "\n", "utf-8")
    (tmp_path / "notes.md").write_text("ignored", "utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, "utf-8")
    docs, failures = read_all(tmp_path)
    assert failures == []
    assert [Path(d.source or "").name for d in docs] == ["a.html", "2.txt", "c.jsonl:1"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (ARTICLE.encode(), ARTICLE),
        (PAGE_HTML, "أعلنت مؤسسة المياه"),
        ((json.dumps({"text": ARTICLE}) + "\n").encode(), ARTICLE),
    ],
    ids=["text", "html", "jsonl"],
)
def test_stdin_content_is_sniffed(content: bytes, expected: str) -> None:
    code = (
        "import sys; from marsad.readers import read_inputs\n"
        "items = list(read_inputs(['-']))\n"
        "print(len(items)); sys.stdout.write(getattr(items[0], 'text', repr(items[0])))"
    )
    result = subprocess.run([sys.executable, "-c", code], input=content, capture_output=True, timeout=60, check=True)
    count, _, text = result.stdout.decode().partition("\n")
    assert count == "1" and expected in text


def test_gzip_warc_without_telling_name_is_sniffed(tmp_path: Path) -> None:
    path = _warc(tmp_path / "capture.warc.gz", [("https://news.example.org/w", PAGE_HTML, "text/html")], gz=True)
    renamed = path.rename(tmp_path / "capture.bin")
    docs, _ = read_all(renamed)
    assert [d.url for d in docs] == ["https://news.example.org/w"]
    assert gzip.decompress(renamed.read_bytes()).startswith(b"WARC/")


def test_atom_file_uses_entry_content(tmp_path: Path) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>خلاصة</title>
<entry><title>{HEADLINE}</title><link href="https://news.example.org/atom-1"/>
<updated>2024-04-01T09:00:00Z</updated>
<summary>ملخص قصير</summary>
<content type="html">&lt;p&gt;{BODY.splitlines()[0]}&lt;/p&gt;&lt;p&gt;{BODY.splitlines()[1]}&lt;/p&gt;</content></entry>
</feed>"""
    path = tmp_path / "news.atom"
    path.write_text(atom, "utf-8")
    [doc], failures = read_all(path)
    assert failures == []
    assert (doc.title, doc.url, doc.published) == (HEADLINE, "https://news.example.org/atom-1", "2024-04-01")
    assert doc.text == BODY.rstrip("\n")  # the full content, not the summary; one line per paragraph
