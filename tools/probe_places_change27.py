"""What a change to the places stage alters on unseen text, listed to be judged (round 27).

``tools/probe_places_namesake26.py`` compares two settings of one rule in one process.  A change to the data
(a landmark row) or to the shipped place scorer cannot be switched off that way, so this tool writes the stage's
reading of every mention of the same unseen articles to a file (``--dump``), once at the commit before the change
and once after, and lists every mention whose reading differs (``--against`` the earlier dump):

    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_change27.py --dump before.jsonl  # base
    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_change27.py --dump after.jsonl \\
        --against before.jsonl --list FILE

The articles are the namesake probe's: ``--per-day`` SaudiNewsNet articles (seeded) from each of the 16 day
archives outside every earlier check and time gold, and the ANERcorp train and dev articles without a place file
that no judged check read.  A dump holds document keys, offsets, levels and place ids, never text; the listing
(with a few words either side, to judge) is for reading and is not committed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.document import Document
from marsad.pipeline import Pipeline
from probe_places_namesake26 import in_context, readings, unseen_articles

Readings = dict[tuple[int, int], tuple[str, str]]


def changed_readings(before: dict[str, Readings], now: dict[str, Readings],
                     drawn: list[tuple[str, str, str]]) -> tuple[list[str], int]:
    """The mentions read otherwise in the articles both runs drew, one line each to judge, and how many
    articles only one of the runs drew."""
    listing: list[str] = []
    for key, half, text in drawn:
        if key not in before:
            continue
        old, new = before[key], now[key]
        for start, end in sorted(set(old) | set(new)):
            if old.get((start, end)) != new.get((start, end)):
                was, is_ = old.get((start, end), ("-", "-")), new.get((start, end), ("-", "-"))
                listing.append(f"{key}\t{start}\t{end}\t{half}\t{was[0]} {was[1]} -> {is_[0]} {is_[1]}\t"
                               f"{in_context(text, start, end)}")
    unmatched = len(set(before) ^ {key for key, _half, _text in drawn})
    return listing, unmatched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--bench", type=Path, default=Path("bench/gold"))
    parser.add_argument("--places", type=Path, default=Path("tests/gold/places"))
    parser.add_argument("--per-day", type=int, default=600)
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--dump", type=Path, required=True, help="Write every mention's reading here (JSON lines).")
    parser.add_argument("--against", type=Path, help="An earlier dump: list the mentions whose reading differs.")
    parser.add_argument("--list", type=Path, help="Write the differences here, with a few words either side.")
    args = parser.parse_args()
    drawn = unseen_articles(args.shared, args.gold, args.bench, args.places, args.per_day, args.seed)
    pipeline = Pipeline.build(("boilerplate", "repair", "entities", "places"))
    now: dict[str, Readings] = {}
    with args.dump.open("w", encoding="utf-8") as out:
        for key, _half, text in drawn:
            doc = Document(text)
            for stage in pipeline.stages:
                stage(doc)
            now[key] = readings(doc)
            rows = [[s, e, level, place_id] for (s, e), (level, place_id) in sorted(now[key].items())]
            out.write(json.dumps({"key": key, "mentions": rows}, ensure_ascii=False) + "\n")
    print(f"{len(drawn)} articles, {sum(len(r) for r in now.values())} mentions")
    if not args.against:
        return
    before: dict[str, Readings] = {}
    for line in args.against.read_text("utf-8").splitlines():
        row = json.loads(line)
        before[row["key"]] = {(s, e): (level, place_id) for s, e, level, place_id in row["mentions"]}
    listing, unmatched = changed_readings(before, now, drawn)
    if unmatched:
        # The draw leaves out every article a judged check has read, so a commit that judges more articles
        # draws others in their place: those are in one dump only and say nothing about the change.
        print(f"{unmatched} articles drawn in only one of the two runs (left out of the comparison)")
    print(f"{len(listing)} mentions read otherwise")
    if args.list:
        args.list.write_text("\n".join(listing) + "\n", "utf-8")


if __name__ == "__main__":
    main()
