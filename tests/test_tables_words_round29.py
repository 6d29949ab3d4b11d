"""The tables of ``marsad events``, ``quotes``, ``search`` and ``places`` at 80 and 200 columns
(round 29): a name wraps between words, never inside an Arabic word.  Articles written for the test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Event, Quote
from marsad.store import open_store

ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3]+")
ACTOR = "القوات الحكومية والميليشيات المتحالفة"
TARGET = "المستشفيات الميدانية والمستوصفات الخاصة"
PLACE = "المعضمية الغربية"
CLAIM = "المرصد الاستقصائي للانتهاكات"
RELAY = "الاستخباراتية"
TEXT = (f"قال {CLAIM} إن {ACTOR} استهدفت {TARGET} في {PLACE} صباح اليوم، "
        "وأضاف أن الاستهدافات المتواصلة للمستشفيات الميدانية تسببت بخسائر كبيرة.")


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "words.db"
    doc = Document(TEXT, source="outlet.example", url="https://outlet.example/1", published="2020-02-02",
                   title="استهدافات المستشفيات الميدانية")
    at = TEXT.index("استهدفت")
    doc.events.append(Event(
        type="ASSAULT", mode=None, trigger={"start": at, "end": at + 7, "text": "استهدفت"},
        actor={"text": ACTOR}, target={"text": TARGET},
        place={"name": PLACE, "country": "SY", "lat": 33.46, "lon": 36.19, "precision": 1},
        date="2020-02-02", status="claimed", source={"text": CLAIM}, chain=[CLAIM, RELAY],
    ))
    cue = TEXT.index("وأضاف")
    content = TEXT.index("الاستهدافات")
    doc.quotes.append(Quote(cue, len(TEXT), {"start": cue, "end": cue + 5, "text": "وأضاف"},
                            {"start": 4, "end": 4 + len(CLAIM), "text": CLAIM},
                            {"start": content, "end": len(TEXT), "text": TEXT[content:]}, False))
    with open_store(db) as store:
        store.add_document(doc)
    return db



def _split_words(out: str) -> set[str]:
    """The Arabic runs of the output that are no word of the article (a word cut in two)."""
    words = set(ARABIC_WORD.findall(TEXT + " استهدافات المستشفيات الميدانية " + RELAY))
    return {run for run in ARABIC_WORD.findall(out) if run not in words}


@pytest.mark.parametrize("command", [
    ["events"], ["quotes"], ["search", "المستشفيات"],
])
def test_no_arabic_word_is_cut_by_a_table(tmp_path: Path, columns: int, command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--db", str(_db(tmp_path))], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert _split_words(result.stdout) == set(), result.stdout
