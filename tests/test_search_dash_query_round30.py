"""``marsad search`` with a query that starts with ``-`` (round 30, branch ux30b): the excluded word is
the query, not an unknown option, without ``--``; options and their values are read as before.
Articles written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app

ARTICLES = {
    "a1.txt": "قصف مواقع قرب دمشق\n\nقصفت الطائرات مواقع عسكرية قرب دمشق صباح اليوم.\n",
    "a2.txt": "اشتباكات في ريف حلب\n\nدارت اشتباكات عنيفة في ريف حلب مع عناصر داعش قرب دمشق.\n",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dash")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "d.db"
    done = CliRunner().invoke(app, ["ingest", "--db", str(path), "--stages", "boilerplate", "--json",
                                    *(str(folder / name) for name in ARTICLES)])
    assert done.exit_code == 0, done.output
    return path


def _search(*args: str) -> tuple[int, list[str], str]:
    done = CliRunner().invoke(app, ["search", *args])
    names = [Path(json.loads(line)["source"]).name for line in done.stdout.splitlines() if line.startswith("{")]
    return done.exit_code, sorted(names), done.output


@pytest.mark.parametrize("args", [
    ("--db", "{db}", "--json", "-داعش دمشق"),        # the query last
    ("-داعش دمشق", "--db", "{db}", "--json"),        # the query first
    ("--db", "{db}", "-داعش دمشق", "--json"),        # between options
    ("--db", "{db}", "--json", "--", "-داعش دمشق"),  # the documented form still works
])
def test_a_query_starting_with_an_excluded_word_needs_no_double_dash(db: Path, args: tuple[str, ...]) -> None:
    code, names, output = _search(*(a.format(db=db) for a in args))
    assert (code, names) == (0, ["a1.txt"]), output


def test_a_query_starting_with_h_is_the_query_not_help(db: Path) -> None:
    # -h is the help option; "-hello" is a query word (excluded), not -h -e -l -l -o.
    code, names, output = _search("--db", str(db), "--json", "-hello دمشق")
    assert (code, names) == (0, ["a1.txt", "a2.txt"]), output


def test_options_and_their_values_are_read_as_before(db: Path) -> None:
    code, _, output = _search("--db", str(db), "--jsn", "دمشق")
    assert code == 2 and "No such option: --jsn" in output
    code, _, output = _search("--db", str(db), "--limit", "-3", "دمشق")
    assert code == 2 and "Invalid value for '--limit'" in output  # a value out of range, not a query word
    code, names, _ = _search("--db", str(db), "--json", "--limit", "1", "دمشق")
    assert code == 0 and len(names) == 1
    code, _, output = _search("-h")
    assert code == 0 and "Search the stored articles" in output
