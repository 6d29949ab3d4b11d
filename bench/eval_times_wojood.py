"""Recall of the times stage on the DATE mentions of the Wojood public sample.

Wojood (SinaLab, MIT) annotates nested named entities in CoNLL form, among them
``DATE``.  Each sentence is rebuilt by joining its tokens with single spaces and
run through the times stage with a fixed publication date (the sentences have
none; relative mentions such as ``اليوم`` need one).  A DATE mention counts as
found when a reported time overlaps it.  Not every Wojood DATE has a calendar
value (``الشتاء``, ``سنوات``): the figure is a recall floor, not a target of 1.

Also reported: how many reported times overlap no DATE or TIME mention (an
upper bound on false times, since Wojood leaves some dates untagged).

    python bench/eval_times_wojood.py                       # ../shared beside the repo
    python bench/eval_times_wojood.py --show-missed 40
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from marsad.document import Document
from marsad.stages.times import TimeStage

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
ANCHOR = "2022-06-01"


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    dates: list[tuple[int, int]]  # DATE mentions, character spans
    times: list[tuple[int, int]]  # TIME mentions


def _mentions(tags: list[list[str]], starts: list[int], ends: list[int], label: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i, token_tags in enumerate(tags):
        if f"B-{label}" not in token_tags:
            continue
        j = i + 1
        while j < len(tags) and f"I-{label}" in tags[j]:
            j += 1
        out.append((starts[i], ends[j - 1]))
    return out


def load_sentences(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    rows: list[list[str]] = []
    lines = [*path.read_text(encoding="utf-8").splitlines(), ""]
    for line in lines:
        if line.strip():
            rows.append(line.split(" "))
            continue
        if not rows:
            continue
        starts, ends, pieces, cursor = [], [], [], 0
        for row in rows:
            starts.append(cursor)
            cursor += len(row[0])
            ends.append(cursor)
            pieces.append(row[0])
            cursor += 1
        tags = [row[1:] for row in rows]
        sentences.append(
            Sentence(
                " ".join(pieces), _mentions(tags, starts, ends, "DATE"), _mentions(tags, starts, ends, "TIME")
            )
        )
        rows = []
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--show-missed", type=int, default=0, help="print this many missed DATE mentions")
    args = parser.parse_args()
    folder = args.shared / "data" / "wojood-sample"
    stage = TimeStage()
    total = found = predicted = stray = 0
    missed: list[str] = []
    for split in ("train", "val"):
        path = folder / f"{split}.txt"
        if not path.exists():
            raise SystemExit(f"no Wojood sample at {path}; pass --shared")
        for sentence in load_sentences(path):
            doc = Document(sentence.text, published=ANCHOR)
            stage(doc)
            spans = [(t.start, t.end) for t in doc.times]
            predicted += len(spans)
            gold_any = sentence.dates + sentence.times
            stray += sum(1 for s, e in spans if not any(s < ge and gs < e for gs, ge in gold_any))
            for gs, ge in sentence.dates:
                total += 1
                if any(s < ge and gs < e for s, e in spans):
                    found += 1
                else:
                    missed.append(sentence.text[gs:ge])
    print(f"Wojood sample (train+val): DATE mentions {total}, found {found} ({found / total:.3f})")
    print(f"reported times {predicted}, overlapping no DATE/TIME mention {stray}")
    for surface in missed[: args.show_missed]:
        print("  missed:", surface)


if __name__ == "__main__":
    main()
