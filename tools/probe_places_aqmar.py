"""False places on encyclopaedic text never read for place work: AQMAR's Arabic Wikipedia sentences.

Round 15's fresh check (``tools/probe_places_fresh.py``) is SaudiNewsNet and NTREX news; the sealed test's false
places are mostly of other classes, those of Wikipedia and mixed text. Every open passage of
``../shared/data/open-arabic-text`` and every Wojood sample sentence is already in ``gold/``, so this check reads
AQMAR (Arabic Wikipedia, CC BY-SA 3.0; its train and dev files; its test file is not in ``../shared``), whose text
no place work has read. Its sentences are detokenised and taken ``--per-passage`` at a time as a passage (the
train file's sentences are not in article order; the dev file's are). Halves: train passages alternately probe
and held (unrelated sentences), the dev file's first half probe and second half held (so that one article's
passages stay on one side).

Every city-level (precision 1) and country-level (precision 4) mention the stage gives is listed, with AQMAR's own
tag on its words as a weak hint (``LOC``, ``PER``, ``ORG``, ``MIS``, ``O``), to be judged by the annotation guide:

    PYTHONPATH=src python tools/probe_places_aqmar.py [--shared ../shared/data] --list FILE   # mentions to judge
    PYTHONPATH=src python tools/probe_places_aqmar.py --judged tests/gold/places/aqmar_judged.tsv

The judgement file stores the passage key (``aqmar:<file>:<index>``), offsets, verdict (``place`` or
``notplace``), half and level.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from marsad.document import Document
from marsad.evaluate.judged_places import aqmar_passages
from marsad.evaluate.places import probe_summary, read_probe_verdicts
from marsad.pipeline import Pipeline


def hint(spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    """AQMAR's tags on the words a mention overlaps, e.g. ``LOC`` or ``O+LOC``."""
    tags = [tag.split("-")[-1] for s, e, tag in spans if s < end and e > start]
    return "+".join(dict.fromkeys(tags)) or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--per-passage", type=int, default=12)
    parser.add_argument("--list", type=Path, help="write every city- and country-level mention here, to judge")
    parser.add_argument("--judged", type=Path, help="score these judgements")
    parser.add_argument("--other-levels", action="store_true",
                        help="also list and score the other mentions: areas (governorates, regions) and unresolved")
    args = parser.parse_args()
    judged = read_probe_verdicts(args.judged) if args.judged else {}
    pipeline = Pipeline.build(("boilerplate", "repair", "entities", "places"))
    listing: list[str] = []
    counts: dict[str, Counter[str]] = {"probe": Counter(), "held": Counter()}
    for key, half, text, spans in aqmar_passages(Path(args.shared), args.per_passage):
        doc = pipeline(Document(text))
        counts[half]["articles"] += 1
        for place in doc.places:
            if place.precision not in (1, 4) and not args.other_levels:
                continue
            level = {1: "city", 4: "country"}.get(place.precision or 0, "area" if place.id else "unresolved")
            for start, end in place.mentions:
                verdict = judged.get((key, start, end), "unjudged")
                counts[half][f"{level} {verdict}"] += 1
                before = " ".join(re.findall(r"\S+", text[max(0, start - 50):start])[-4:])
                after = " ".join(re.findall(r"\S+", text[end:end + 40])[:3])
                listing.append(f"{half}\t{key}\t{start}\t{end}\t{level}\t{verdict}\t{hint(spans, start, end)}\t"
                               f"{before} [{text[start:end]}] {after}\t{place.canonical} ({place.country}, {place.id})")
    for half, tally in counts.items():
        print(probe_summary(half, tally, "passages"))
        if args.other_levels:
            judged_all = sum(n for k, n in tally.items() if k.endswith(("place", "notplace")))
            false_all = sum(n for k, n in tally.items() if k.endswith("notplace"))
            print(f"{half}, every level: {judged_all} judged, {false_all} not places, precision "
                  f"{(judged_all - false_all) / max(judged_all, 1):.3f}; areas {tally['area notplace']} and unresolved "
                  f"{tally['unresolved notplace']} not places, {tally['area unjudged'] + tally['unresolved unjudged']} "
                  "unjudged")
    if args.list:
        args.list.write_text("\n".join(listing) + "\n", "utf-8")


if __name__ == "__main__":
    main()
