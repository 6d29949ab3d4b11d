"""Shared helpers for the reader tests: synthetic Arabic text of the project's own writing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from marsad.document import Document
from marsad.readers import ReadFailure, ReadItem, read_inputs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"

HEADLINE = "افتتاح معرض للكتاب في مدينة عمّان"
BODY = (
    "افتتح وزير الثقافة صباح اليوم الأحد معرضاً للكتاب في مدينة عمّان بمشاركة أكثر من مئتي دار نشر عربية.\n"
    "وقال الوزير في كلمة الافتتاح إن المعرض سيستمر عشرة أيام، وإن الدخول مجاني لطلاب المدارس والجامعات.\n"
)
ARTICLE = HEADLINE + "\n" + BODY


def split(items: Iterable[ReadItem]) -> tuple[list[Document], list[ReadFailure]]:
    docs: list[Document] = []
    failures: list[ReadFailure] = []
    for item in items:
        (failures if isinstance(item, ReadFailure) else docs).append(item)  # type: ignore[arg-type]
    return docs, failures


def read_all(*paths: str | Path, **kwargs: object) -> tuple[list[Document], list[ReadFailure]]:
    return split(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]
