"""Lone surrogates (JSON's ``\\udfff`` escapes, feed character references): ids never raise,
readers replace them with U+FFFD and a note, and a bad record costs that record alone."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, text_id, url_id
from marsad.readers import ReadContext, ReadFailure
from marsad.readers.dispatch import read_stream
from readers_helpers import ARTICLE, read_all, split
from store_corpus import article

# The issue's reproduction: three JSON Lines records, the second with a lone surrogate.
REPRO = '{"text":"خبر أول"}\n{"text":"نص \\udfff"}\n{"text":"خبر ثالث"}\n'


def test_ids_of_ordinary_text_are_unchanged() -> None:
    # Values computed by the code before ids became total: stored ids must not move.
    assert text_id("خبر أول") == "sha1:1e1dade95608a91cf90c"
    assert text_id("  قصفت الطائرات\nمدينة حلب  ") == "sha1:17f97176ce61b3ca7844"
    assert text_id("plain ascii text") == "sha1:756f9090efa76759e7f4"
    assert text_id("emoji 😀 𝕏 and ﻻ") == "sha1:db0bb51bf66aed8c573d"
    assert url_id("https://www.spa.gov.sa/2019/12/12/news-1") == "url:49084aa2ead5590f3942"
    assert url_id(" http://مثال.السعودية/خبر?id=1 ") == "url:267dfe3ebb930f9cb97a"


def test_ids_are_total_on_lone_surrogates() -> None:
    high, low = text_id("نص \ud800"), text_id("نص \udfff")
    assert high.startswith("sha1:") and low.startswith("sha1:") and high != low
    assert text_id("نص \udfff") == low  # stable
    assert url_id("http://a/\udfff").startswith("url:")
    assert Document("نص \udfff", url="http://a/\ud800").id == url_id("http://a/\ud800")


def _unicode_note(doc: Document) -> str:
    [note] = [n.message for n in doc.notes if n.kind == "unicode"]
    return note


def _read(data: bytes, kind: str) -> tuple[list[Document], list[ReadFailure]]:
    return split(read_stream("in", io.BytesIO(data), kind, ReadContext(), size=len(data)))


def test_json_lines_keep_every_record_and_replace_the_surrogate() -> None:
    docs, failures = _read(REPRO.encode(), "jsonl")
    assert failures == []
    assert [d.text for d in docs] == ["خبر أول", "نص \ufffd", "خبر ثالث"]
    assert _unicode_note(docs[1]) == "lone surrogate code point(s) replaced with U+FFFD: 1 in the text"
    assert all(n.kind != "unicode" for n in docs[0].notes + docs[2].notes)
    json.dumps(docs[1].to_dict(), ensure_ascii=False).encode("utf-8")  # valid UTF-8 all the way


def test_surrogates_in_title_url_and_source_of_a_json_array() -> None:
    records = [
        {"text": ARTICLE, "title": "عنوان \ud83d", "url": "http://news.example/\udc00", "source": "وكالة \udfff"},
        {"text": "", "url": "http://news.example/empty\udfff", "title": "صورة \ud800"},
        {"text": ARTICLE + " آخر"},
    ]
    docs, failures = _read(json.dumps(records).encode(), "json")
    assert failures == []
    first, empty, last = docs
    assert (first.title, first.url, first.source) == ("عنوان \ufffd", "http://news.example/\ufffd", "وكالة \ufffd")
    assert _unicode_note(first) == (
        "lone surrogate code point(s) replaced with U+FFFD: 1 in the title, 1 in the source, 1 in the url"
    )
    assert (empty.url, empty.title, empty.text) == ("http://news.example/empty\ufffd", "صورة \ufffd", "")
    assert "1 in the url" in _unicode_note(empty) and "1 in the title" in _unicode_note(empty)
    assert last.text.endswith("آخر")


def test_offsets_do_not_move_when_surrogates_are_replaced() -> None:
    # A low then a high surrogate are two lone ones (a high then a low is one real character,
    # which JSON decoding joins and which is kept).
    text = "قصف \udfff على حلب \udc00\ud800 اليوم \ud83d\ude00"
    [doc], [] = _read(json.dumps({"text": text}).encode(), "jsonl")
    assert doc.text == "قصف \ufffd على حلب \ufffd\ufffd اليوم \U0001f600"
    assert doc.text.index("حلب") == text.index("حلب")
    assert "3 in the text" in _unicode_note(doc)


def test_zip_members_keep_every_record() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.jsonl", REPRO)
        archive.writestr("b.json", json.dumps([{"text": "نص \udfff ثان"}, {"text": "خبر رابع"}]))
    docs, failures = _read(out.getvalue(), "zip")
    assert failures == []
    assert [d.text for d in docs] == ["خبر أول", "نص \ufffd", "خبر ثالث", "نص \ufffd ثان", "خبر رابع"]


def test_feed_character_reference_to_a_surrogate_costs_nothing() -> None:
    # feedparser decoded &#xDFFF; and then failed on the whole feed.
    items = "".join(
        f"<item><title>خبر {n}{ref}</title><link>http://news.example/{n}</link><description>{ARTICLE}{ref}</description></item>"
        for n, ref in enumerate(("&#xDFFF;", "", "&#55296;", "&#1604;"))
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>{items}</channel></rss>'.encode()
    docs, failures = _read(feed, "feed")
    assert failures == []
    assert [d.title for d in docs] == ["خبر 0\ufffd", "خبر 1", "خبر 2\ufffd", "خبر 3ل"]


@pytest.mark.parametrize("kind", ["jsonl", "json", "zip"])
def test_an_unexpected_error_in_one_record_costs_that_record_alone(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marsad.readers.archive as archive
    import marsad.readers.records as records

    real = records.document_from_record

    def fragile(record: object, **kwargs: object) -> Document:
        if isinstance(record, dict) and record.get("text") == "قنبلة":
            raise RuntimeError("boom\nsecond line")
        return real(record, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(records, "document_from_record", fragile)
    monkeypatch.setattr(archive, "document_from_record", fragile)
    values = [{"text": "خبر أول"}, {"text": "قنبلة"}, {"text": "خبر ثالث"}]
    lines = "".join(json.dumps(v) + "\n" for v in values)
    if kind == "zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive_file:
            archive_file.writestr("a.jsonl", lines)
        data = out.getvalue()
    else:
        data = (lines if kind == "jsonl" else json.dumps(values)).encode()
    docs, failures = _read(data, kind)
    assert [d.text for d in docs] == ["خبر أول", "خبر ثالث"]
    [failure] = failures
    assert failure.reason == "unexpected RuntimeError while reading: boom"
    assert failure.source == {"jsonl": "in: line 2", "json": "in: element 1", "zip": "in!a.jsonl:2"}[kind]


def test_warc_page_with_an_unexpected_error_costs_that_page_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    import marsad.readers.warc as warc

    real = warc.document_from_html

    def fragile(payload: bytes, **kwargs: object) -> Document:
        if b"BOOM" in payload:
            raise UnicodeEncodeError("utf-8", "\udfff", 0, 1, "surrogates not allowed")
        return real(payload, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(warc, "document_from_html", fragile)
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for i, marker in enumerate(("", "BOOM", "")):
        page = f"<html><body><article><p>{article(i)}</p></article>{marker}</body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{i}", "response", payload=io.BytesIO(page), http_headers=headers))
    docs, failures = _read(out.getvalue(), "warc")
    assert [d.url for d in docs] == ["https://news.example/0", "https://news.example/2"]
    [failure] = failures
    assert failure.source == "in#2 https://news.example/1" and failure.reason.startswith("unexpected UnicodeEncodeError")


def test_text_file_name_with_undecodable_bytes(tmp_path: Path) -> None:
    # Linux file names that are not UTF-8 come into Python as lone surrogates (surrogateescape).
    name = tmp_path / "خبر-\udcff.txt"
    try:
        name.write_text(ARTICLE, encoding="utf-8")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system refuses the name")
    [doc], [] = read_all(name)
    assert "\ufffd" in (doc.source or "") and "1 in the source" in _unicode_note(doc)
    doc.to_json().encode("utf-8")


# -- the commands --------------------------------------------------------------------
def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_ingest_stores_all_three_records_of_the_issue(tmp_path: Path) -> None:
    from marsad.store import open_store

    source = tmp_path / "s.jsonl"
    source.write_text(REPRO, encoding="utf-8")
    db = str(tmp_path / "s.db")
    code, out, err = _invoke("ingest", "--db", db, "--stages", "boilerplate", str(source))
    assert code == 0 and err == ""
    assert "3 new, 0 unchanged, 0 skipped" in out
    with open_store(db, readonly=True) as store:
        assert store.count_documents() == 3
        assert [r["title"] or r["snippet"] for r in store.search("نص")] == ["نص \ufffd"]


def _surrogate_inputs(tmp_path: Path) -> list[str]:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"text": "خبر أول", "url": "http://news.example/1"}) + "\n"
        + '{"text": "نص \\udfff", "url": "http://news.example/\\ud800", "title": "\\udc00"}\n'
        + json.dumps({"text": "خبر ثالث"}) + "\n",
        encoding="utf-8",
    )
    later = tmp_path / "later.txt"
    later.write_text(ARTICLE, encoding="utf-8")
    return [str(bad), str(later)]


def test_analyze_json_keeps_the_bad_record_and_every_later_input(tmp_path: Path) -> None:
    code, out, err = _invoke("analyze", "--json", "--stages", "boilerplate", *_surrogate_inputs(tmp_path))
    assert (code, err) == (0, "")
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["text"][:8] for d in docs] == ["خبر أول", "نص \ufffd", "خبر ثالث", ARTICLE[:8]]
    assert docs[1]["url"] == "http://news.example/\ufffd" and docs[1]["title"] == "\ufffd"


def test_analyze_view_keeps_the_bad_record_and_every_later_input(tmp_path: Path) -> None:
    code, out, err = _invoke("analyze", "--stages", "boilerplate", *_surrogate_inputs(tmp_path))
    assert (code, err) == (0, "")
    assert all(part in out for part in ("خبر أول", "نص \ufffd", "خبر ثالث", "افتتح وزير الثقافة"))
    assert "lone surrogate code point(s) replaced with U+FFFD" in out


def test_analyze_reports_a_document_that_fails_after_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marsad.pipeline as pipeline_module

    real_call = pipeline_module.Pipeline.__call__

    def fragile(self: pipeline_module.Pipeline, doc: Document) -> Document:
        if doc.text.startswith("نص"):
            raise UnicodeEncodeError("utf-8", "\udfff", 0, 1, "surrogates not allowed")
        return real_call(self, doc)

    monkeypatch.setattr(pipeline_module.Pipeline, "__call__", fragile)
    code, out, err = _invoke("analyze", "--json", "--stages", "boilerplate", *_surrogate_inputs(tmp_path))
    assert code == 1
    assert len(out.splitlines()) == 3  # the two other records and the later file
    [line] = err.splitlines()
    assert line.startswith("marsad: ") and ": unexpected UnicodeEncodeError: 'utf-8' codec can't encode" in line
