"""The SaudiNewsNet layout from ../shared: every record of a daily ZIP becomes a document or a failure."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from readers_helpers import read_all


def test_saudinewsnet_daily_zip(shared_dir: Path) -> None:
    path = shared_dir / "data" / "saudinewsnet" / "2015-07-21.zip"
    with zipfile.ZipFile(path) as archive:
        [member] = archive.namelist()
        records = json.loads(archive.read(member))
    docs, failures = read_all(path)
    assert len(docs) + len(failures) == len(records)
    with_content = [r for r in records if isinstance(r.get("content"), str) and r["content"].strip()]
    assert len(docs) == len(with_content)
    assert {f.reason for f in failures} <= {"record text is empty"}
    assert [d.url for d in docs] == [r["url"] for r in with_content]
    assert all(d.published == r["date_extracted"][:10] and d.source == r["source"] for d, r in zip(docs, with_content, strict=True))
    assert docs[0].text == with_content[0]["content"] and docs[0].title == with_content[0]["title"]


def test_saudinewsnet_jsonl_subset(saudinewsnet_jsonl: Path) -> None:
    with saudinewsnet_jsonl.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    docs, failures = read_all(saudinewsnet_jsonl)
    assert len(docs) + len(failures) == len(records)
    assert len(docs) == sum(1 for r in records if r["content"].strip())
    assert all(d.id.startswith("url:") for d in docs)
