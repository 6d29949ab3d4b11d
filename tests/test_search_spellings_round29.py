"""``marsad search`` with Arabic spelling variants (round 29): hamza forms and seats, ta marbuta and
ha, alef maqsura and ya, tatweel, and a word written as the articles obfuscate it.  Articles
written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app

ARTICLES = {
    "a1.txt": "القوات تستعيد مستودعا في حمص\n\nأعلنت وزارة الدفاع أن قواتها هاجمت مستودعا في مدينة حمص "
              "واستعادت أسلـ.حتها التي سرقها مسلحون.\nوقال مسئول في الوزارة إن الهجوم انتهى.\n",
    "a2.txt": "الامم المتحدة تدين قصف مستشفي في ادلب\n\nدانت الامم المتحدة قصف مستشفي ميداني في مدينة ادلب، "
              "وقالت المنظمه إن الغارات يجب ان تتوقف.\nواتهمت الحكومه فصائل المعارضة بقصف الاحياء.\n",
    "a3.txt": "إسرائيل تقصف مواقع قرب دمشق\n\nقصفت الطائرات الإسرائيلية مواقع عسكرية قرب دمشق.\n"
              "وقال مسؤول في الحكـــومة إن الدفاعات الجوية تصدت للصواريخ فوق مستشفى المواساة.\n",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spellings")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "s.db"
    result = CliRunner().invoke(app, ["ingest", "--db", str(path), "--stages", "boilerplate,repair", "--json",
                                      *(str(folder / name) for name in ARTICLES)])
    assert result.exit_code == 0, result.output
    return path


def found(db: Path, query: str) -> list[str]:
    result = CliRunner().invoke(app, ["search", "--db", str(db), "--json", query])
    assert result.exit_code in (0, 1), result.output
    return sorted(Path(json.loads(line)["source"]).name for line in result.stdout.splitlines())


@pytest.mark.parametrize(("queries", "expected"), [
    (["الأمم", "الامم", "الإمم"], ["a2.txt"]),                      # hamza and alef forms
    (["إسرائيل", "اسرائيل"], ["a3.txt"]),
    (["مسؤول", "مسئول"], ["a1.txt", "a3.txt"]),                     # hamza on waw or on ya (round 29)
    (["الحكومة", "الحكومه", "الحكـــومة"], ["a2.txt", "a3.txt"]),     # ta marbuta / ha, tatweel
    (["مستشفى", "مستشفي"], ["a2.txt", "a3.txt"]),                    # alef maqsura / ya
    (["أسلحتها", "اسلحتها", "أسلـ.حتها", "أسلحـتها"], ["a1.txt"]),   # obfuscated in the article and the query
])
def test_every_spelling_finds_the_same_articles(db: Path, queries: list[str], expected: list[str]) -> None:
    assert {q: found(db, q) for q in queries} == dict.fromkeys(queries, expected)


def test_a_broken_query_word_still_finds_its_pieces_side_by_side(db: Path) -> None:
    # The pieces as a phrase are kept: a hyphenated pair of names finds the pair.
    assert found(db, "مدينة-حمص") == ["a1.txt"]
    assert found(db, "الدفاع -أسلـ.حتها") == []  # a broken word excluded whole
