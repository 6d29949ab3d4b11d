"""Audit the VALUES of the times stage on fresh SaudiNewsNet articles (issue 13, dates; round 20).

The v2 time gold scored value accuracy 0.96 on its dev half but 0.85 on its sealed test half. This tool draws
fresh articles nobody has developed on, shows every value the stage outputs for judging, and scores a judged
file. Three commands:

    python tools/audit_times_values.py draw --shared ../shared > drawn.jsonl
    python tools/audit_times_values.py show --shared ../shared --drawn drawn.jsonl --half probe
    python tools/audit_times_values.py score --shared ../shared --judged bench/gold/times_values_audit.tsv

``draw`` uses the sampler of ``tools/draw_times_gold.py`` (every ZIP in turn, the least-drawn outlet first,
half random and half among articles naming a month, a weekday, ``أمس``, ``الماضي`` or a year) with its own seed,
excluding every article of the earlier time golds and of both v2 halves (the sealed half is read for its urls
only). Each article goes to the ``probe`` or ``held`` half by a stable hash of its url. ``show`` prints the
stage's values with a little context, for a person to judge (the text is never written to the judged file).
``score`` reports value precision (right / output) per half for the judged file's own values and for the
current code: a current value counts as right when its span is (or overlaps) a judged span and its value equals
the judged true value; outputs on spans nobody judged are counted apart.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from marsad.document import Document
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.times import TimeStage

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
EXCLUDED_GOLDS = (
    GOLD / "times_saudinewsnet.jsonl",
    GOLD / "times_saudinewsnet_heldout.jsonl",
    GOLD / "times_saudinewsnet_v2_dev.jsonl",
    GOLD / "times_saudinewsnet_v2_test.jsonl",  # sealed: only its urls are read, to exclude them
)
DEFAULT_JUDGED = GOLD / "times_values_audit.tsv"
COLUMNS = ("archive", "index", "half", "start", "end", "value", "verdict", "true", "cause")
VERDICTS = ("right", "wrong", "notdate")


def half_of(url: str) -> str:
    """Stable assignment by the url's SHA-1 (its last byte, so independent of the v2 dev/test split)."""
    return "probe" if hashlib.sha1(url.encode("utf-8")).digest()[-1] % 2 == 0 else "held"


def excluded_urls() -> set[str]:
    urls: set[str] = set()
    for path in EXCLUDED_GOLDS:
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                urls.add(str(json.loads(line)["url"]))
    return urls


def _sampler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draw_times_gold", ROOT / "tools" / "draw_times_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def draw(shared: Path, n: int, seed: int, max_chars: int) -> list[dict[str, Any]]:
    sampler = _sampler()
    skip = excluded_urls()
    per_zip = {
        archive: [row for row in rows if row["url"] not in skip]
        for archive, rows in sampler.candidates(shared, max_chars).items()
    }
    rows: list[dict[str, Any]] = sampler.draw(per_zip, n, seed)
    for row in rows:
        row["half"] = half_of(str(row["url"]))
        del row["split"]
    return rows


def article_texts(shared: Path, keys: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str, str]]:
    """(archive, index) -> (url, date_extracted, text) for the wanted articles."""
    found: dict[tuple[str, int], tuple[str, str, str]] = {}
    for archive in sorted({a for a, _ in keys}):
        with zipfile.ZipFile(shared / "data" / "saudinewsnet" / archive) as zf:
            for name in sorted(zf.namelist()):
                if name.endswith(".json"):
                    for index, item in enumerate(json.loads(zf.read(name).decode("utf-8"))):
                        if (archive, index) in keys:
                            found[(archive, index)] = (item["url"], item["date_extracted"], item["content"])
    return found


def run_stage(text: str, published: str) -> list[tuple[int, int, str, str]]:
    doc = Document(text, published=published)
    BoilerplateStage()(doc)
    TimeStage()(doc)
    return [(t.start, t.end, t.value, t.granularity) for t in doc.times]


def show(shared: Path, drawn: Path, half: str) -> None:
    rows = [json.loads(line) for line in drawn.read_text("utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["half"] == half]
    texts = article_texts(shared, {(r["archive"], r["index"]) for r in rows})
    for row in rows:
        _, published, text = texts[(row["archive"], row["index"])]
        print(f"=== {row['archive']} {row['index']} {row['half']} {published} {row['source']}")
        for start, end, value, gran in run_stage(text, published):
            left = text[max(0, start - 70) : start].replace("\n", " ")
            right = text[end : end + 40].replace("\n", " ")
            print(f"{row['archive']}\t{row['index']}\t{row['half']}\t{start}\t{end}\t{value}\t{gran}")
            print(f"    …{left}【{text[start:end]}】{right}…")


def load_judged(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("archive\t"):
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise SystemExit(
                f"{path}:{number}: expected {len(COLUMNS)} tab-separated cells, got {len(cells)}"
            )
        row = dict(zip(COLUMNS, cells, strict=True))
        if row["verdict"] not in VERDICTS:
            raise SystemExit(f"{path}:{number}: verdict {row['verdict']!r} is not one of {VERDICTS}")
        rows.append(row)
    return rows


def truth(row: dict[str, str]) -> str:
    """The right value of a judged span ('' when it is not a date)."""
    return {"right": row["value"], "wrong": row["true"], "notdate": ""}[row["verdict"]]


def _overlapping(
    rows: list[dict[str, str]], key: tuple[str, int], start: int, end: int
) -> dict[str, str] | None:
    """The judged span a changed span overlaps (a span grown to its whole expression keeps its verdict)."""
    for row in rows:
        if (row["archive"], int(row["index"])) == key and int(row["start"]) < end and start < int(row["end"]):
            return row
    return None


def score(shared: Path, judged: Path) -> dict[str, dict[str, int]]:
    rows = load_judged(judged)
    spans = {(r["archive"], int(r["index"]), int(r["start"]), int(r["end"])): r for r in rows}
    halves = {(r["archive"], int(r["index"])): r["half"] for r in rows}
    texts = article_texts(shared, set(halves))
    counts: dict[str, Counter[str]] = {"probe": Counter(), "held": Counter()}
    for row in rows:
        counts[row["half"]]["judged_output"] += 1
        counts[row["half"]]["judged_right"] += row["verdict"] == "right"
    for key, half in sorted(halves.items()):
        _, published, text = texts[key]
        for start, end, value, _ in run_stage(text, published):
            counts[half]["output"] += 1
            hit = spans.get((*key, start, end)) or _overlapping(rows, key, start, end)
            if hit is None:
                counts[half]["unjudged"] += 1
            elif value == truth(hit):
                counts[half]["right"] += 1
    return {half: dict(c) for half, c in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("draw", "show", "score"))
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--max-chars", type=int, default=2500)
    parser.add_argument("--drawn", type=Path)
    parser.add_argument("--half", choices=("probe", "held"), default="probe")
    parser.add_argument("--judged", type=Path, default=DEFAULT_JUDGED)
    args = parser.parse_args()
    if not (args.shared / "data" / "saudinewsnet").is_dir():
        raise SystemExit(f"no SaudiNewsNet folder under {args.shared}; pass --shared")
    if args.command == "draw":
        for row in draw(args.shared, args.n, args.seed, args.max_chars):
            print(json.dumps(row, ensure_ascii=False))
    elif args.command == "show":
        if args.drawn is None:
            raise SystemExit("show needs --drawn (the output of the draw command)")
        show(args.shared, args.drawn, args.half)
    else:
        if not args.judged.is_file():
            raise SystemExit(f"no judged file at {args.judged}")
        for half, c in score(args.shared, args.judged).items():
            prec = c.get("right", 0) / c["output"] if c.get("output") else 0.0
            base = c.get("judged_right", 0) / c["judged_output"] if c.get("judged_output") else 0.0
            print(
                f"{half}: judged values right {c.get('judged_right', 0)}/{c.get('judged_output', 0)} = {base:.3f}; "
                f"current code right {c.get('right', 0)}/{c.get('output', 0)} = {prec:.3f} "
                f"({c.get('unjudged', 0)} outputs on unjudged spans)"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
