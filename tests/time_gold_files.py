"""Shared checks of the time-expression gold files (offsets and values only; the SaudiNewsNet articles' text stays
in the shared data): reading their rows, the articles they name, and that every span fits and every value parses."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

PATTERNS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def gold_rows(path: Path) -> list[dict[str, Any]]:
    """The article rows of a gold file (its ``#`` header lines left out)."""
    return [
        json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip() and line[0] != "#"
    ]


def article_texts(shared_dir: Path, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str]]:
    """(archive, index) -> (url, content); skips the test, with the reason, when an archive is absent."""
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for archive in sorted({a for a, _ in wanted}):
        zip_path = shared_dir / "data" / "saudinewsnet" / archive
        if not zip_path.is_file():
            pytest.skip(f"SaudiNewsNet archive {archive} not present in shared data")
        with zipfile.ZipFile(zip_path) as zf:
            name = next(n for n in zf.namelist() if n.endswith(".json"))
            items = json.loads(zf.read(name).decode("utf-8"))
        for a, index in wanted:
            if a == archive:
                out[(a, index)] = (items[index].get("url", ""), items[index].get("content") or "")
    return out



def gold_texts(shared_dir: Path, path: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(archive, index) -> (url, content) for the articles of the gold file ``path``."""
    return article_texts(shared_dir, {(r["archive"], r["index"]) for r in gold_rows(path)})


def check_header(path: Path, draw: str, *, convention: bool = True) -> None:
    """The gold's ``#`` header states the licence, that it was annotated before any system output, the scoring
    command and the draw's arguments (``draw``); with ``convention``, the counted-span convention and its example."""
    header = "\n".join(line for line in path.read_text("utf-8").splitlines() if line.startswith("#"))
    assert "CC BY-NC-SA" in header and "offsets and labels" in header
    assert "before any system output" in header
    assert f"--quality-only --gold bench/gold/{path.name}" in header
    assert draw in header
    if convention:
        assert "(N + 1 units)" in header  # the counted-span convention, with its example
        assert "2010/2015" in header

def _first_day(value: str) -> tuple[int, int, int]:
    """A single value (day, month or year) as its first day, checking that it is a real date."""
    parts = [int(p) for p in value.split("-")]
    first = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return first.year, first.month, first.day


def check_value(value: str, granularity: str) -> None:
    """A value of its granularity's form and a real date; a range's ends of one form, in order."""
    if granularity == "range":
        start, end = value.split("/")
        kind = next(k for k, p in PATTERNS.items() if re.fullmatch(p, start))
        assert re.fullmatch(PATTERNS[kind], end), value
        assert _first_day(start) <= _first_day(end), value
    else:
        assert re.fullmatch(PATTERNS[granularity], value), (value, granularity)
        _first_day(value)


def check_spans(rows: list[dict[str, Any]], texts: dict[tuple[str, int], tuple[str, str]]) -> int:
    """Every row's url is its article's, its spans are in order inside the article, trimmed and not empty, and its
    values parse; returns the number of expressions."""
    count = 0
    for row in rows:
        url, text = texts[(row["archive"], row["index"])]
        assert url == row["url"], (row["archive"], row["index"])
        previous_end = 0
        for start, end, value, granularity in row["times"]:
            assert previous_end <= start < end <= len(text), (row["url"], start, end)
            surface = text[start:end]
            assert surface == surface.strip() and surface, (row["url"], surface)
            check_value(value, granularity)
            previous_end = end
            count += 1
    return count


def check_fresh_draw(path: Path, others: tuple[Path, ...], n: int = 60, min_expressions: int = 120) -> None:
    """A fresh gold's ``n`` articles are distinct, in no other gold, drawn from every ZIP file of the corpus, and hold
    enough expressions (>= 120 by default) that one expression moves a figure by under a point."""
    rows = gold_rows(path)
    keys = [(r["archive"], r["index"]) for r in rows]
    assert len(keys) == len(set(keys)) == n
    taken = {(r["archive"], r["index"]) for other in others for r in gold_rows(other)}
    assert not taken & set(keys)
    assert len({archive for archive, _ in keys}) == 16
    assert sum(len(r["times"]) for r in rows) >= min_expressions


def check_redraw(
    shared_dir: Path, path: Path, seed: int, also_excluded: tuple[Path, ...] = (), n: int = 60, min_dates: int = 0
) -> None:
    """The draw tool, with the gold's seed and its exclusions (every gold it knows, the value audit's articles and
    ``also_excluded``) and its density floor (``min_dates``), gives the gold's articles again, in order."""
    if not (shared_dir / "data" / "saudinewsnet").is_dir():
        pytest.skip("SaudiNewsNet not present in shared data")
    from tool_module import load_tool

    tool = load_tool("draw_times_gold.py")
    excluded = tool.all_gold_keys(shared_dir, 2500) | tool._jsonl_keys(also_excluded)
    audit = tool.audit_keys(tool.candidates(shared_dir, 2500))
    assert len(audit) == 120 and audit <= excluded
    gold = [(r["archive"], r["index"]) for r in gold_rows(path)]
    drawn = tool.draw(tool.candidates(shared_dir, 2500, excluded, min_dates), n, seed)
    assert gold == [(row["archive"], row["index"]) for row in drawn]
