"""Agreement between a second annotator's pass and the first-pass time golds (issue 13, dates; round 21).

The time golds v2 (dev half) and v3 were each annotated by one annotator. A second annotator re-annotated a
sample of their articles from the text alone (``bench/gold/times_second_pass_r21.jsonl``). This tool scores the
second pass against the first with the scorer of ``bench/bench_times.py`` (the first pass taken as gold: span and
span+value precision / recall / F1, spans matching when they overlap, one to one), per first-pass gold, and lists
every disagreement with the surface text:

    python tools/times_agreement.py --second bench/gold/times_second_pass_r21.jsonl
    python tools/times_agreement.py --second bench/gold/times_second_pass_r21.jsonl --shared ../shared

Disagreement kinds: ``boundary`` (overlapping spans, same value, different offsets), ``value`` (overlapping
spans, different values), ``first only`` / ``second only`` (an expression one annotator did not mark). Whether a
disagreement is one of convention is a reading of the cases, written in docs/times.md. Without ``--shared`` the
list shows offsets and values only. No system is run.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
# The first-pass files a second-pass row may name; the sealed v2 test half is deliberately absent.
FIRST_PASS = {
    "v2_dev": GOLD / "times_saudinewsnet_v2_dev.jsonl",
    "v3_dev": GOLD / "times_saudinewsnet_v3_dev.jsonl",
}
SALT = "second-pass-r21:"


class Disagreement(NamedTuple):  # a tuple, not a dataclass: the tests load this file without registering it
    kind: str  # boundary | value | first only | second only
    first: tuple[int, int, str] | None  # (start, end, value) in the first pass
    second: tuple[int, int, str] | None  # the same in the second pass


def _bench() -> ModuleType:
    """bench/bench_times.py as a module: its Span and scorer, so both figures use the same definition."""
    spec = importlib.util.spec_from_file_location("bench_times", ROOT / "bench" / "bench_times.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def rows(path: Path) -> list[dict[str, Any]]:
    """The JSON rows of a gold file (``#`` lines are its header); a clear message when it is missing or broken."""
    if not path.is_file():
        raise SystemExit(f"no gold file at {path}")
    out: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path}:{number}: not a JSON row ({error.msg})") from None
    return out


def selection(first_rows: list[dict[str, Any]], n: int) -> list[tuple[str, int]]:
    """The sample rule: articles sorted by the SHA-256 of SALT + url, the first n (reads no labels)."""
    ranked = sorted(
        first_rows, key=lambda r: hashlib.sha256((SALT + str(r["url"])).encode("utf-8")).hexdigest()
    )
    return [(str(r["archive"]), int(r["index"])) for r in ranked[:n]]


def disagreements(first: list[list[Any]], second: list[list[Any]]) -> list[Disagreement]:
    """Pair the spans as the scorer does (first-pass order, the first unused overlapping second span)."""
    out: list[Disagreement] = []
    used: set[int] = set()
    for fs, fe, fv, _ in first:
        match = next(
            (i for i, (ss, se, _v, _g) in enumerate(second) if i not in used and fs < se and ss < fe), None
        )
        if match is None:
            out.append(Disagreement("first only", (fs, fe, fv), None))
            continue
        used.add(match)
        ss, se, sv, _ = second[match]
        if sv != fv:
            out.append(Disagreement("value", (fs, fe, fv), (ss, se, sv)))
        elif (ss, se) != (fs, fe):
            out.append(Disagreement("boundary", (fs, fe, fv), (ss, se, sv)))
    for i, (ss, se, sv, _) in enumerate(second):
        if i not in used:
            out.append(Disagreement("second only", None, (ss, se, sv)))
    return out


def _texts(shared: Path, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for archive in sorted({a for a, _ in wanted}):
        path = shared / "data" / "saudinewsnet" / archive
        if not path.is_file():
            raise SystemExit(f"SaudiNewsNet archive {archive} not found under {shared}; pass --shared")
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.endswith(".json"))
            items = json.loads(zf.read(name).decode("utf-8"))
        for a, index in wanted:
            if a == archive:
                out[(a, index)] = items[index].get("content") or ""
    return out


def _show(span: tuple[int, int, str] | None, text: str | None) -> str:
    if span is None:
        return "-"
    start, end, value = span
    surface = f" «{text[start:end]}»" if text is not None else ""
    return f"[{start}, {end}){surface} {value}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--second", type=Path, required=True, help="the second-pass JSONL file")
    parser.add_argument(
        "--shared", type=Path, help="the shared data folder, to print the surface of each case"
    )
    args = parser.parse_args()

    bench = _bench()
    second_rows = rows(args.second)
    first_by_key: dict[str, dict[tuple[str, int], dict[str, Any]]] = {
        name: {(r["archive"], r["index"]): r for r in rows(path)} for name, path in FIRST_PASS.items()
    }
    texts = _texts(args.shared, {(r["archive"], r["index"]) for r in second_rows}) if args.shared else {}
    for name in FIRST_PASS:
        picked = [r for r in second_rows if r.get("first_pass") == name]
        if not picked:
            continue
        gold: list[list[Any]] = []
        predicted: list[list[Any]] = []
        cases: list[tuple[dict[str, Any], Disagreement]] = []
        for row in picked:
            first = first_by_key[name].get((row["archive"], row["index"]))
            if first is None or first["url"] != row["url"]:
                raise SystemExit(f"{row['archive']}#{row['index']} is not an article of the {name} gold")
            gold.append([bench.Span(*t) for t in first["times"]])
            predicted.append([bench.Span(*t) for t in row["times"]])
            cases += [(row, d) for d in disagreements(first["times"], row["times"])]
        s = bench.score(gold, predicted)
        print(
            f"## {name}: {len(picked)} articles, first pass {s['gold']} expressions, second pass {s['predicted']}\n"
            f"span P/R/F1 {s['span_p']:.2f}/{s['span_r']:.2f}/{s['span_f1']:.2f}; "
            f"span+value P/R/F1 {s['value_p']:.2f}/{s['value_r']:.2f}/{s['value_f1']:.2f}; "
            f"value agreement on matched spans {s['value_acc_on_matched']:.2f}"
        )
        for row, d in cases:
            text = texts.get((row["archive"], row["index"]))
            print(
                f"  {d.kind:<11} {row['archive']}#{row['index']} ({row['published'][:10]}): "
                f"first {_show(d.first, text)} | second {_show(d.second, text)}"
            )
    unknown = {str(r.get("first_pass")) for r in second_rows} - set(FIRST_PASS)
    if unknown:
        print(f"rows naming no known first pass: {sorted(unknown)}", file=sys.stderr)


if __name__ == "__main__":
    main()
