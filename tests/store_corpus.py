"""A small synthetic Arabic corpus written for the store tests (no real article text).

Articles are assembled from sentences written for this purpose; each has a
unique combination of town, number and actor, so their ids differ, and
``syndicated`` returns near-identical copies as agencies' clients publish them.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

TOWNS = ("إدلب", "حلب", "حماة", "درعا", "الرقة", "دير الزور", "اللاذقية", "حمص", "طرطوس", "القامشلي")
ACTORS = ("الجيش", "الشرطة", "فصيل مسلح", "مجموعة مجهولة", "قوات الأمن", "الدفاع المدني")
SENTENCES = (
    "أفاد مراسلنا بأن {actor} دخل بلدة قرب {town} صباح اليوم بعد اشتباكات استمرت {n} ساعات.",
    "وقال مصدر محلي إن {n} أشخاص أصيبوا في القصف الذي طال أطراف {town}.",
    "وذكرت مصادر أن {actor} صادر كمية من الأسلحة والذخائر في مستودع شمال {town}.",
    "وأضاف المصدر أن السكان نزحوا نحو القرى المجاورة خوفا من تجدد المواجهات.",
    "من جهته نفى متحدث باسم {actor} هذه الرواية واعتبرها محاولة لتضليل الرأي العام.",
    "وتشهد المنطقة منذ أسابيع توترا متصاعدا وسط دعوات إلى التهدئة وفتح ممرات إنسانية.",
    "وأعلنت منظمة إغاثية أنها أرسلت {n} شاحنات محملة بالمساعدات الغذائية إلى {town}.",
    "ويقول ناشطون إن الطريق الدولي ما زال مغلقا أمام حركة المدنيين لليوم {n} على التوالي.",
)


def article(index: int, rng: random.Random | None = None) -> str:
    """A unique synthetic article (title line, then body)."""
    rng = rng or random.Random(index)
    town = TOWNS[index % len(TOWNS)]
    actor = ACTORS[(index // len(TOWNS)) % len(ACTORS)]
    n = 2 + index
    picked = rng.sample(SENTENCES, 5)
    title = f"تطورات ميدانية في {town} - تقرير رقم {index}"
    body = " ".join(s.format(actor=actor, town=town, n=n) for s in picked)
    return f"{title}\n{body}\n"


def syndicated(text: str, outlet: str) -> str:
    """The same agency copy as republished by one outlet (its own byline added)."""
    return f"{text}\nنقلا عن وكالة الأنباء - {outlet}\n"


def write_corpus(directory: Path, count: int, *, duplicates: int = 0) -> list[Path]:
    """``count`` article files plus ``duplicates`` byte-identical copies of the first ones."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"article-{i:04d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    for i in range(duplicates):
        path = directory / f"copy-{i:04d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


def write_version_1_store(path: Path) -> None:
    """An empty store as Marsad wrote it at schema version 1 (before the event filter indexes)."""
    import sqlite3

    from marsad.store.schema import MIGRATIONS, _statements

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')")
    for statement in _statements(MIGRATIONS[0][1]):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    conn.commit()
    conn.close()


def write_old_version_store(path: Path, documents: list[dict[str, Any]], version: int) -> None:
    """A store as Marsad wrote it at schema ``version``, holding ``documents``.

    The schema is made from the shipped migration scripts up to ``version`` alone;
    the rows are written by today's store into a scratch database and copied column
    by column, keeping only the columns that version has (the records keep every field).
    """
    import sqlite3

    from marsad.store.queries import open_store
    from marsad.store.schema import MIGRATIONS, _statements

    scratch = path.with_name(path.name + ".scratch")
    with open_store(scratch) as store:
        store.add_many(documents)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')")
    for number, script in MIGRATIONS[:version]:
        for statement in _statements(script):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
    conn.execute("ATTACH DATABASE ? AS scratch", (str(scratch),))
    for table in ("sources", "clusters", "documents", "repairs", "entities", "places", "times", "quotes", "events",
                  "signatures", "lsh_bands"):
        columns = ", ".join(f'"{row[1]}"' for row in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM scratch.{table}")
    conn.execute("INSERT INTO main.doc_fts (rowid, body, stems) SELECT rowid, body, stems FROM scratch.doc_fts")
    conn.execute("DETACH DATABASE scratch")
    conn.close()
    for leftover in scratch.parent.glob(scratch.name + "*"):
        leftover.unlink()


def write_version_2_store(path: Path, documents: list[dict[str, Any]]) -> None:
    """A store as Marsad wrote it at schema version 2 (before the model columns), holding ``documents``."""
    write_old_version_store(path, documents, 2)
