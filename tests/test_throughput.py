"""Throughput work (issue 17) that must not change results: clustering at insert, analysis in workers,
record copies without dataclasses.asdict."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import ANNOTATION_TYPES, Document, Quote
from marsad.ingest import ingest
from marsad.pipeline import Pipeline
from marsad.store import open_store
from store_corpus import article, syndicated


def test_documents_are_written_once_with_their_cluster_id(tmp_path: Path) -> None:
    story = article(1)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [("a", syndicated(story, "أ")), ("b", syndicated(story, "ب")), ("c", article(2))]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    statements: list[str] = []
    with open_store(tmp_path / "m.db") as store:
        store.conn.set_trace_callback(statements.append)
        summary = ingest([str(p) for p in sorted(folder.iterdir())], store, Pipeline.build(["boilerplate"]))
        store.conn.set_trace_callback(None)
        assert summary.new == 3
        rows = store.conn.execute("SELECT cluster_id FROM documents ORDER BY seq").fetchall()
        sizes = dict(store.conn.execute("SELECT id, size FROM clusters").fetchall())
        assert store.check() == []
    ids = [row[0] for row in rows]
    assert None not in ids
    assert ids[0] == ids[1] != ids[2]  # the two copies of one story, and another story
    assert sizes == {ids[0]: 2, ids[2]: 1}
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE DOCUMENTS")]


def test_to_dict_copies_records_as_asdict_did() -> None:
    doc = Document("قال الوزير إن الاجتماع انتهى.", id="d1")
    cue = {"start": 0, "end": 3, "text": "قال"}
    doc.quotes.append(Quote(0, 10, cue, {"start": 4, "end": 10, "text": "الوزير", "ids": ["a"]},
                            {"start": 11, "end": 26, "text": "إن الاجتماع انتهى"}, False, ["x"]))
    data = doc.to_dict()
    for name in ANNOTATION_TYPES:
        assert data[name] == [asdict(record) for record in getattr(doc, name)]
    # A deep copy: changing the dict leaves the document as it was.
    data["quotes"][0]["cue"]["text"] = "changed"
    data["quotes"][0]["speaker"]["ids"].append("b")
    data["quotes"][0]["chain"].append("y")
    assert cue["text"] == "قال" and doc.quotes[0].speaker == {"start": 4, "end": 10, "text": "الوزير", "ids": ["a"]}
    assert doc.quotes[0].chain == ["x"]


def test_analyze_workers_print_what_one_process_prints(tmp_path: Path) -> None:
    articles = tmp_path / "in.jsonl"
    articles.write_text("".join(json.dumps({"url": f"https://news.example/{i}", "content": article(i)},
                                           ensure_ascii=False) + "\n" for i in range(6)), encoding="utf-8")
    runner = CliRunner()
    args = ["analyze", "--json", "--stages", "boilerplate,repair", str(articles), str(tmp_path / "missing.txt")]
    one = runner.invoke(app, args)
    two = runner.invoke(app, [*args, "--workers", "2"])
    assert one.exit_code == two.exit_code == 1  # the missing file is reported, the rest is analysed
    lines = one.stdout.splitlines()
    assert len(lines) == 6 and two.stdout.splitlines() == lines
    assert "missing.txt" in two.stderr
