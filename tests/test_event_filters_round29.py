"""``marsad events`` filters in a new user's trial (round 29): an actor labelled with a name the
dictionary lacks is found by the name the article wrote (and back), and ``--source`` keeps one outlet's
reports.  Articles written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Event
from marsad.store import open_store

TEXT = "إسرائيل تقصف مواقع قرب دمشق، والطائرات الإسرائيلية تقصف مخازن، والحكومة السورية تتهم الفصائل."


def _event(word: str, actor: dict[str, str]) -> Event:
    at = TEXT.index(word)
    return Event(type="ASSAULT", mode=None, trigger={"start": at, "end": at + len(word), "text": word},
                 actor=actor, target=None, place=None, date="2020-01-14", status="asserted", source=None)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "filters.db"
    docs = []
    for n, outlet in enumerate(("one.example", "two.example")):
        doc = Document(TEXT + f" {n}", source=outlet, url=f"https://{outlet}/{n}", published="2020-01-14")
        doc.events += [
            _event("تقصف", {"text": "إسرائيل", "canonical": "Israel"}),
            _event("مخازن", {"text": "الطائرات الإسرائيلية"}),
            _event("تتهم", {"text": "الحكومة السورية", "canonical": "Syrian government"}),
        ]
        docs.append(doc)
    with open_store(path) as store:
        for doc in docs:
            store.add_document(doc)
    return path


def actors(db: Path, *args: str) -> list[str]:
    return sorted(str(row["actor1"]) for row in rows(db, *args))


def rows(db: Path, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--json", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_an_actor_outside_the_dictionary_is_found_by_its_label_and_its_written_name(db: Path) -> None:
    both = ["Israel", "الطائرات الإسرائيلية"]  # each merged from the two outlets' reports
    assert actors(db, "--actor", "Israel") == both
    assert actors(db, "--actor", "إسرائيل") == both
    assert actors(db, "--actor", "اسرائيل") == both
    # a dictionary actor keeps its own names
    assert actors(db, "--actor", "الحكومة السورية") == ["Syrian government"]


def test_events_source_keeps_one_outlets_reports(db: Path) -> None:
    assert sorted(row["reports_count"] for row in rows(db)) == [2, 2, 2]
    one = rows(db, "--source", "one.example")
    assert sorted(row["reports_count"] for row in one) == [1, 1, 1]
    assert {row["source"] for row in one} == {"one.example"}
    assert rows(db, "--source", "nowhere.example") == []
