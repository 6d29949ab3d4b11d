"""tools/compare_outputs.py pairs two analyze runs by id while streaming both files."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from compare_outputs import Comparison, compare

ROOT = Path(__file__).resolve().parent.parent


def _doc(doc_id: str, **annotations: object) -> str:
    return json.dumps({"id": doc_id, "text": f"text of {doc_id}", "entities": [], **annotations}, ensure_ascii=False)


def _run(before: list[str], after: list[str], **options: object) -> Comparison:
    return compare(iter(before), iter(after), Comparison(**options))  # type: ignore[arg-type]


def test_identical_runs_in_the_same_order() -> None:
    docs = [_doc(f"d{i}") for i in range(50)]
    result = _run(docs, list(docs))
    assert result.same and result.identical == 50 and result.seen == 50 and result.most_waiting == 0


def test_a_changed_annotation_is_reported_with_its_field() -> None:
    before = [_doc("a"), _doc("b", entities=[{"text": "x"}]), _doc("c")]
    after = [_doc("a"), _doc("b", entities=[{"text": "y"}]), _doc("c")]
    result = _run(before, after)
    assert not result.same
    assert (result.identical, result.differing, dict(result.fields), result.examples) == (2, 1, {"entities": 1}, ["b"])


def test_documents_in_another_order_pair_by_id() -> None:
    docs = [_doc(f"d{i}") for i in range(20)]
    shuffled = docs[10:] + docs[:10]
    result = _run(docs, shuffled)
    assert result.same and result.identical == 20
    assert result.most_waiting > 0  # lines waited for their partner


def test_missing_and_extra_documents() -> None:
    before = [_doc("a"), _doc("b"), _doc("c")]
    after = [_doc("a"), _doc("c"), _doc("d")]
    result = _run(before, after)
    assert (result.identical, result.only_before, result.only_after) == (2, 1, 1)
    assert not result.same and result.examples == ["d"]


def test_runs_of_different_lengths() -> None:
    docs = [_doc(f"d{i}") for i in range(5)]
    assert (_run(docs, docs[:3]).only_before, _run(docs[:3], docs).only_after) == (2, 2)


def test_equal_values_written_differently_are_the_same_document() -> None:
    before = ['{"id": "a", "entities": [], "text": "t"}']
    after = ['{"text":"t","id":"a","entities":[]}']
    assert _run(before, after).same


def test_empty_new_keys_ignored_only_on_request() -> None:
    before = [_doc("a")]
    after = [_doc("a", quotes=[])]
    assert not _run(before, after).same
    assert _run(before, after, ignore_empty_new_keys=True).same


def test_command_line_on_gzip_files(tmp_path: Path) -> None:
    before, after = tmp_path / "before.jsonl.gz", tmp_path / "after.jsonl"
    with gzip.open(before, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([_doc("a"), _doc("b")]) + "\n")
    after.write_text("\n".join([_doc("a"), _doc("b", entities=[{"text": "z"}])]) + "\n\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "compare_outputs.py"), str(before), str(after)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "documents compared: 2; differing: 1; only in before: 0"
    assert "  entities: 1" in done.stdout and "  e.g. b" in done.stdout
    same = subprocess.run([sys.executable, str(ROOT / "tools" / "compare_outputs.py"), str(before), str(before)],
                          capture_output=True, text=True, timeout=60)
    assert same.returncode == 0 and "differing: 0" in same.stdout


def test_compare_commits_runs_both_sides_and_compares(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    seed = (ROOT / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt").read_text(encoding="utf-8")
    records = [{"id": f"a{i}", "title": "خبر", "content": seed[: 300 * (i + 1)]} for i in range(2)]
    articles.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    keep = tmp_path / "keep"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "compare_commits.py"), str(ROOT), str(ROOT), "--workers", "1",
         "--shared-cache", "--keep", str(keep), "--inputs", str(articles)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "documents compared: 2; differing: 0; only in before: 0" in done.stdout
    # Both runs were kept, and a changed one is caught by the comparison.
    with gzip.open(keep / "before.jsonl.gz", "rt", encoding="utf-8") as handle:
        before = list(handle)
    assert len(before) == 2 and json.loads(before[0])["text"]
    changed = [json.dumps({**json.loads(before[0]), "entities": []}, ensure_ascii=False), before[1].rstrip("\n")]
    assert not _run([line.rstrip("\n") for line in before], changed).same
