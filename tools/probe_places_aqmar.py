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
    PYTHONPATH=src python tools/probe_places_aqmar.py --judged tests/gold/places/aqmar_judged.tsv \
        --judged tests/gold/places/aqmar26_judged.tsv

(``--judged`` is repeatable: ``aqmar26_judged.tsv`` holds the mentions reported since round 16, judged in round 26
and not learned from by the place scorer.)

The judgement file stores the passage key (``aqmar:<file>:<index>``), offsets, verdict (``place`` or
``notplace``), half and level.

Recall: ``--recall tests/gold/places/aqmar_recall.tsv`` scores 36 passages annotated in full (every place mention,
with its location) as the place gold is scored (``marsad eval places --gold-corpus``): mention recall, located right
among the mentions found, and located right of every gold mention that has a location (a mention not found is not
located); ``--details FILE`` writes the misses and mislocations.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from marsad.document import Document
from marsad.evaluate.gold_corpus import Article as GoldArticle
from marsad.evaluate.judged_places import aqmar_passages
from marsad.evaluate.places import (
    GoldPlaceScores,
    probe_summary,
    read_probe_verdicts,
    read_recall_gold,
    score_gold_places,
)
from marsad.pipeline import Pipeline


def hint(spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    """AQMAR's tags on the words a mention overlaps, e.g. ``LOC`` or ``O+LOC``."""
    tags = [tag.split("-")[-1] for s, e, tag in spans if s < end and e > start]
    return "+".join(dict.fromkeys(tags)) or "?"


def recall(pipeline: Pipeline, shared: Path, per_passage: int, gold_path: Path, details: Path | None) -> None:
    """Score the fully annotated passages by half: recall, located right among those found and of all."""
    gold = read_recall_gold(gold_path)
    texts = {key: text for key, _half, text, _spans in aqmar_passages(shared, per_passage)}
    scores = {"probe": GoldPlaceScores(), "held": GoldPlaceScores()}
    locatable: Counter[str] = Counter()
    lines: list[str] = []
    for key, (half, places) in sorted(gold.items()):
        text = texts[key]
        for place in places:
            start, end = place["mention"]
            if text[start:end] != place["surface"]:
                raise SystemExit(f"{key} [{start}, {end}]: the text reads {text[start:end]!r}, "
                                 f"the annotation {place['surface']!r}")
            located = (place["kind"] == "country" and place["country"]) or place["lat"] is not None
            locatable[half] += int(bool(located))
        article = GoldArticle(id=key, corpus="aqmar", split=half, text=text, published=None)
        score_gold_places(article, {"places": places}, pipeline(Document(text)), scores[half], lines)
    for half, tally in scores.items():
        m, located = tally.mentions, tally.located
        print(f"{half}: {tally.articles} passages, {m.gold} gold mentions ({locatable[half]} with a location), "
              f"{m.predicted} system; recall {m.recall:.3f}, precision {m.precision:.3f}; located right "
              f"{located.right}/{located.total} = {located.value:.3f} of those found, "
              f"{located.right}/{locatable[half]} = {located.right / max(locatable[half], 1):.3f} of all; "
              f"false city-level {tally.city_level.right}/{tally.city_level.total}")
    if details:
        details.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--per-passage", type=int, default=12)
    parser.add_argument("--list", type=Path, help="write every city- and country-level mention here, to judge")
    parser.add_argument("--judged", type=Path, action="append", default=[],
                        help="score these judgements (repeatable: aqmar_judged.tsv, then aqmar26_judged.tsv)")
    parser.add_argument("--other-levels", action="store_true",
                        help="also list and score the other mentions: areas (governorates, regions) and unresolved")
    parser.add_argument("--recall", type=Path, help="score this full annotation (every place mention, located)")
    parser.add_argument("--details", type=Path, help="with --recall: write the misses and mislocations here")
    args = parser.parse_args()
    if args.recall:
        recall(Pipeline.build(("boilerplate", "repair", "entities", "places")), Path(args.shared),
               args.per_passage, args.recall, args.details)
        return
    judged = {key: verdict for path in args.judged for key, verdict in read_probe_verdicts(path).items()}
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
