"""False places on text never read for place work: SaudiNewsNet days and NTREX articles without place gold.

The place gold's train and dev errors have been read and fixed round after round, so they no longer estimate
unseen text. This tool draws a fresh sample, lists the stage's city-level (precision 1) and country-level
(precision 4) mentions to judge, and scores a file of judgements:

* SaudiNewsNet: ``--per-day`` articles drawn (seeded) from each day file of ``--probe-days`` and ``--held-days``,
  days no earlier place work read (2015-07-23, 07-25, 08-03, 08-04 and 08-06 were read);
* open text: the NTREX-128 articles of the gold pool's train and dev splits that have no place file (never a
  test article), alternately probe and held.

The ``probe`` half is read to find error classes; the ``held`` half is only scored, before and after.

    PYTHONPATH=src python tools/probe_places_fresh.py [--shared ../shared/data] --list FILE   # mentions to judge
    PYTHONPATH=src python tools/probe_places_fresh.py --judged tests/gold/places/fresh_judged.tsv

The judgement file stores the document key, offsets and verdict only (``place`` or ``notplace``), no text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import zipfile
from collections import Counter
from pathlib import Path

from marsad.document import Document
from marsad.evaluate.places import probe_summary, read_probe_verdicts
from marsad.pipeline import Pipeline

PROBE_DAYS = ("2015-07-26", "2015-07-31", "2015-08-07")
HELD_DAYS = ("2015-07-27", "2015-08-01", "2015-08-08")


def saudinewsnet(shared: Path, days: tuple[str, ...], per_day: int, seed: int) -> list[tuple[str, str]]:
    """``per_day`` articles of 400–6,000 characters from each day, each keyed ``snn:<day>:<index>``."""
    out: list[tuple[str, str]] = []
    for day in days:
        with zipfile.ZipFile(shared / "saudinewsnet" / f"{day}.zip") as archive:
            rows = json.loads(archive.read(f"{day}.json"))
        pool = [k for k, row in enumerate(rows) if 400 <= len(row.get("content") or "") <= 6000]
        for k in sorted(random.Random(f"{seed}:{day}").sample(pool, min(per_day, len(pool)))):
            out.append((f"snn:{day}:{k}", rows[k]["content"]))
    return out


def open_articles(gold: Path, half: str) -> list[tuple[str, str]]:
    """NTREX articles of train and dev without a place file, every other one in each half."""
    split = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    annotated = {p.stem for p in (gold / "places").glob("*.json")}
    rows = []
    for line in (gold / "open-articles.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["corpus"] == "ntrex128" and split.get(row["id"]) in ("train", "dev") and row["id"] not in annotated:
            rows.append((f"open:{row['id']}", row["text"]))
    return rows[0 if half == "probe" else 1::2]


def documents(args: argparse.Namespace, half: str) -> list[tuple[str, str]]:
    days = PROBE_DAYS if half == "probe" else HELD_DAYS
    return saudinewsnet(Path(args.shared), days, args.per_day, args.seed) + open_articles(Path(args.gold), half)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--per-day", type=int, default=7)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--list", type=Path, help="write every city- and country-level mention here, to judge")
    parser.add_argument("--judged", type=Path, help="score these judgements")
    args = parser.parse_args()
    judged = read_probe_verdicts(args.judged) if args.judged else {}
    pipeline = Pipeline.build(("boilerplate", "repair", "entities", "places"))
    listing: list[str] = []
    for half in ("probe", "held"):
        counts: Counter[str] = Counter()
        for key, text in documents(args, half):
            doc = pipeline(Document(text))
            counts["articles"] += 1
            for place in doc.places:
                if place.precision not in (1, 4):
                    continue
                level = "city" if place.precision == 1 else "country"
                for start, end in place.mentions:
                    verdict = judged.get((key, start, end), "unjudged")
                    counts[f"{level} {verdict}"] += 1
                    before = " ".join(re.findall(r"\S+", text[max(0, start - 50):start])[-4:])
                    after = " ".join(re.findall(r"\S+", text[end:end + 40])[:3])
                    listing.append(f"{half}\t{key}\t{start}\t{end}\t{level}\t{verdict}\t{before} [{text[start:end]}] "
                                   f"{after}\t{place.canonical} ({place.country}, {place.id})")
        print(probe_summary(half, counts))
    if args.list:
        args.list.write_text("\n".join(listing) + "\n", "utf-8")


if __name__ == "__main__":
    main()
