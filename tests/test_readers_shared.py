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
    # every SaudiNewsNet record has a URL: records without a body are kept as empty documents
    assert failures == []
    assert [d.url for d in docs] == [r["url"] for r in records]
    assert all(d.published == r["date_extracted"][:10] and d.source == r["source"] for d, r in zip(docs, records, strict=True))
    with_content = [(d, r) for d, r in zip(docs, records, strict=True) if r["content"].strip()]
    assert len(with_content) < len(records)  # the day has title-only records
    assert all(d.text == r["content"] for d, r in with_content)
    assert all(d.text == "" for d, r in zip(docs, records, strict=True) if not r["content"].strip())


def test_saudinewsnet_jsonl_subset(saudinewsnet_jsonl: Path) -> None:
    with saudinewsnet_jsonl.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    docs, failures = read_all(saudinewsnet_jsonl)
    assert failures == [] and len(docs) == len(records)
    assert all(d.id.startswith("url:") for d in docs)
