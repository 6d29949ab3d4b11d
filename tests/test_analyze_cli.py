"""``marsad analyze``: exit 0 when all inputs were read, 1 when some were bad (one stderr line
each, the rest still processed), 2 for usage errors; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from readers_helpers import ARTICLE, FIXTURES

FAST = ["--stages", "boilerplate"]  # the reader contract does not depend on the NLP stages


def run(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict[str, object]], list[str]]:
    result = CliRunner().invoke(app, ["analyze", *args], input=stdin)
    docs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    errors = result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, docs, errors


def test_all_good_inputs_exit_zero(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    code, docs, errors = run(str(good), str(FIXTURES / "article-related.html"), "--json", *FAST)
    assert (code, errors) == (0, [])
    assert [d["source"] for d in docs] == [str(good), str(FIXTURES / "article-related.html")]


def test_bad_inputs_one_line_each_and_the_rest_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    english = tmp_path / "english.txt"
    english.write_text("Only English here.\nNothing Arabic at all.", "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    bad_utf8 = tmp_path / "bad.txt"
    bad_utf8.write_bytes(bytes((i * 37 + 11) % 96 + 0x80 for i in range(3000)))
    bodiless = tmp_path / "bodiless.html"
    bodiless.write_text("<html><head><title>t</title></head></html>", "utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (50 * 1024 * 1024))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "inside.txt").write_text(ARTICLE, "utf-8")
    lines = tmp_path / "batch.jsonl"
    lines.write_text(json.dumps({"text": ARTICLE}) + "\n{broken\n", "utf-8")
    args = [good, english, empty, binary, bad_utf8, bodiless, huge, folder, tmp_path / "missing.txt", lines]
    code, docs, errors = run(*map(str, args), "--json", *FAST)
    assert code == 1
    assert errors == [
        f"marsad: {empty}: empty file",
        f"marsad: {binary}: binary file (PNG image), not text",
        f"marsad: {bad_utf8}: not text in a known encoding (invalid UTF-8 at byte 0)",
        f"marsad: {bodiless}: no article text found in the HTML",
        f"marsad: {huge}: file too large: 52,428,800 bytes > 20,000,000 limit (not read)",
        f"marsad: {tmp_path / 'missing.txt'}: no such file or directory",
        f"marsad: {lines}: line 2: invalid JSON: Expecting property name enclosed in double quotes at column 2",
    ]
    assert [d["source"] for d in docs] == [str(good), str(english), str(folder / "inside.txt"), f"{lines}:1"]
    assert docs[1]["notes"] == [{"kind": "language", "message": "no Arabic letters found; the analysis expects Arabic text"}]


def test_stdin(tmp_path: Path) -> None:
    code, docs, errors = run("-", "--json", *FAST, stdin=ARTICLE.encode("cp1256"))
    assert (code, errors) == (0, [])
    assert docs[0]["text"] == ARTICLE and docs[0]["source"] == "<stdin>"


@pytest.mark.parametrize(
    "args",
    [[], ["--published", "yesterday", "x.txt"], ["--no-such-option", "x.txt"], ["--stages", "nonsense", "x.txt"]],
    ids=["no-paths", "bad-date", "unknown-option", "unknown-stage"],
)
def test_usage_errors_exit_two(args: list[str]) -> None:
    code, docs, _ = run(*args)
    assert code == 2 and docs == []


def test_sample_source_and_title() -> None:
    code, [doc], errors = run("--sample", "--json", *FAST)
    assert (code, errors) == (0, [])
    assert doc["source"] == "sample:seed-aleppo-2019-12-12.txt"
    assert doc["title"] == "روسيا تتحدث عن حشود عسكرية في محيط مدينة حلب.. ما القصة؟"


def test_private_url_refused_unless_allowed() -> None:
    # Port 9 (discard) on loopback: refused before connecting; with the flag, the connection is tried and fails.
    code, docs, errors = run("http://127.0.0.1:9/article", "--json", *FAST)
    assert (code, docs) == (1, [])
    assert errors == ["marsad: http://127.0.0.1:9/article: refused: 127.0.0.1 resolves to non-public address 127.0.0.1"]
    code, docs, errors = run("http://127.0.0.1:9/article", "--allow-private", "--json", *FAST)
    assert (code, docs) == (1, [])
    assert len(errors) == 1 and errors[0].startswith("marsad: http://127.0.0.1:9/article: cannot fetch")


def test_null_or_blank_date_field_is_absent_and_the_next_date_field_is_read(tmp_path: Path) -> None:
    # Crawl exports write `"published": null` or `""` when they found no date; that is no date,
    # not an unreadable one, and another date field of the record (`date`) still counts.
    batch = tmp_path / "batch.jsonl"
    rows = [
        {"id": "a", "text": ARTICLE, "published": None, "date": "2019-12-12"},
        {"id": "b", "text": ARTICLE, "published": "  ", "date_extracted": "2020-01-05"},
        {"id": "c", "text": ARTICLE, "published": None},
        {"id": "d", "text": ARTICLE, "published": "20191212"},
    ]
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    code, docs, errors = run(str(batch), "--json", *FAST)
    assert (code, errors) == (0, [])
    assert [d["published"] for d in docs] == ["2019-12-12", "2020-01-05", None, None]
    date_notes = [[n["message"] for n in d["notes"] if n["kind"] == "date"] for d in docs]
    assert date_notes == [[], [], [], ["unrecognised published '20191212'"]]
