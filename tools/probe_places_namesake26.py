"""What round 26's namesake rule changes on unseen text, every change judged (round 26).

Round 26 made a town abroad that GeoNames' own Arabic-script names qualify with its region lose
``QUALIFIED_PENALTY`` against an unqualified namesake town (``marsad.geo.resolve``).  Where two namesakes tied
before, the stage left the word unresolved; now one of them wins, so a word that is no place (a goddess, a person)
may become a city-level marker.  This tool runs the places stage over unseen text twice, with the rule and with
``QUALIFIED_PENALTY = 0`` (the rule switched off, everything else the same), and lists every mention whose output
differs: unresolved on one side and resolved on the other, another referent, or reported on one side only.

Unseen text: ``--per-day`` SaudiNewsNet articles (seeded) of 400-3,000 characters from each of the 16 day archives
outside every earlier check (the gold pool, the Syria-related subset, the round-15 fresh check, the round-22,
round-23 and round-25 probes, every time gold and the time-value audit), and every ANERcorp article of the gold
pool's train and dev splits (never test) without a place file and outside the earlier judged ANERcorp checks
(round 24's included).  The url's (pool id's) SHA-1 splits them into ``probe`` and ``held`` halves, as the other
probes do.

Each differing mention is judged on both sides: ``right`` (a place, located within 25 km; the country for a
country), ``wrong`` (a place, but another referent, or left unresolved), ``notplace``; ``-`` where that side does
not report the mention.

    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_namesake26.py --list FILE  # to judge
    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_namesake26.py \\
        --judged tests/gold/places/namesake26_judged.tsv

The judgement file stores the document key (``snn:<day>:<index>`` or ``open:<pool id>``), offsets, the level and
place id with the rule and without it, and the two verdicts, never text.  A difference whose ids have changed
since it was judged is unjudged.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import marsad.geo.resolve as resolve
from marsad.document import Document
from marsad.pipeline import Pipeline
from probe_places_open24 import judged_ids
from probe_places_snn22 import LEVELS, VERDICTS, half_of, probe_parser, require, seen_urls
from probe_places_snn23 import audit_keys, draw_per_day, snn22_urls, time_gold_urls

# Every time gold (a probe drawn now leaves them all out).
TIME_GOLDS = (
    *(f"times_saudinewsnet{suffix}.jsonl" for suffix in
      ("", "_heldout", "_v2_dev", "_v2_test", "_v3_dev", "_v4_dev", "_v5_dev", "_v6_dev", "_v7_dev", "_v8_dev")),
    "times_second_pass_r21.jsonl",
)
SIDE_VERDICTS = (*VERDICTS, "-")
# One side's reading of a mention: (level, place id or ``-`` for unresolved); None when the side does not report it.
Reading = tuple[str, str] | None


def draw_open(gold: Path, places: Path) -> list[tuple[str, str, str]]:
    """(key, half, text) of every ANERcorp train and dev article without a place file that no judged check read."""
    split = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    placed = {path.stem for path in (gold / "places").glob("*.json")}
    rows = [json.loads(line) for line in (gold / "open-articles.jsonl").read_text("utf-8").splitlines()]
    seen = judged_ids(places, rows)
    seen.update(re.findall(r"^open:(\S+)\t", (places / "open24_judged.tsv").read_text("utf-8"), re.M))
    return [(f"open:{row['id']}", half_of(row["id"]), row["text"]) for row in rows
            if row["corpus"] == "anercorp" and split.get(row["id"]) in ("train", "dev")
            and row["id"] not in placed and row["id"] not in seen]


def readings(doc: Document) -> dict[tuple[int, int], tuple[str, str]]:
    """(start, end) → (level, place id or ``-``) of every place mention the stage reports."""
    out: dict[tuple[int, int], tuple[str, str]] = {}
    for place in doc.places:
        level = LEVELS.get(place.precision or 0, "unresolved")
        for start, end in place.mentions:
            out[(start, end)] = (level, place.id or "-")
    return out


def differences(articles: list[tuple[str, str, str]]) -> Iterator[tuple[str, str, str, int, int, Reading, Reading]]:
    """(key, half, text, start, end, with the rule, without it) of every mention whose reading differs.  The
    stages before places run once; the places stage runs on two copies, with the penalty and with 0."""
    pipeline = Pipeline.build(("boilerplate", "repair", "entities", "places"))
    *before, places = pipeline.stages
    penalty = resolve.QUALIFIED_PENALTY
    for key, half, text in articles:
        doc = Document(text)
        for stage in before:
            stage(doc)
        sides: list[dict[tuple[int, int], tuple[str, str]]] = []
        for value in (penalty, 0.0):
            resolve.QUALIFIED_PENALTY = value
            copied = copy.deepcopy(doc)
            places(copied)
            sides.append(readings(copied))
        resolve.QUALIFIED_PENALTY = penalty
        on, off = sides
        for span in sorted(set(on) | set(off)):
            if on.get(span) != off.get(span):
                yield key, half, text, span[0], span[1], on.get(span), off.get(span)


def read_judged(path: Path) -> dict[tuple[str, int, int, str, str], tuple[str, str]]:
    """(doc, start, end, id with the rule, id without) → (verdict with the rule, verdict without)."""
    judged: dict[tuple[str, int, int, str, str], tuple[str, str]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line or line.startswith(("#", "doc\t")):
            continue
        fields = line.split("\t")
        if len(fields) != 10:
            raise SystemExit(f"{path}:{number}: expected 10 tab-separated fields, found {len(fields)}")
        doc, start, end, verdict, _half, _level, place_id, verdict_off, _level_off, id_off = fields
        for value in (verdict, verdict_off):
            if value not in SIDE_VERDICTS:
                raise SystemExit(f"{path}:{number}: unknown verdict {value!r} (expected one of "
                                 f"{', '.join(SIDE_VERDICTS)})")
        judged[(doc, int(start), int(end), place_id, id_off)] = (verdict, verdict_off)
    return judged


def side(reading: Reading) -> tuple[str, str]:
    return reading if reading is not None else ("-", "-")


def tally_line(name: str, tally: Counter[str]) -> str:
    """The differences of one outlet and half, by verdict without the rule -> verdict with it."""
    changes = ", ".join(f"{outcome} {count}" for outcome, count in sorted(tally.items()) if outcome != "differences")
    return f"{name}: {tally['differences']} differences ({changes or 'none judged'})"


def unseen_articles(shared: Path, gold: Path, bench: Path, places: Path, per_day: int,
                    seed: int) -> list[tuple[str, str, str]]:
    """(key, half, text) of the probe's unseen articles: ``per_day`` SaudiNewsNet articles (seeded) from each day
    archive outside every earlier check and time gold, and the open ANERcorp articles no judged check read."""
    earlier = [places / f"{name}_judged.tsv" for name in ("fresh", "snn22", "snn23", "world25", "open24")]
    require((shared / "saudinewsnet", gold / "saudinewsnet-articles.tsv", gold / "splits.tsv",
             bench / "times_values_audit.tsv", *earlier))
    seen = seen_urls(shared, gold, earlier[0])
    for path in earlier[1:4]:
        seen |= snn22_urls(shared, path)
    seen |= time_gold_urls(bench, TIME_GOLDS)
    return draw_per_day(shared, seen, audit_keys(bench), per_day, seed) + draw_open(gold, places)


def in_context(text: str, start: int, end: int) -> str:
    """The mention in brackets with a few words either side, to judge it by."""
    before = " ".join(re.findall(r"\S+", text[max(0, start - 80):start])[-7:])
    after = " ".join(re.findall(r"\S+", text[end:end + 60])[:5])
    return f"{before} [{text[start:end]}] {after}"


def main() -> None:
    parser = probe_parser(__doc__.splitlines()[0], seed=26)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--bench", type=Path, default=Path("bench/gold"))
    parser.add_argument("--places", type=Path, default=Path("tests/gold/places"))
    parser.add_argument("--per-day", type=int, default=600)
    args = parser.parse_args()
    articles = unseen_articles(args.shared, args.gold, args.bench, args.places, args.per_day, args.seed)
    judged = read_judged(args.judged) if args.judged else {}
    tallies: dict[str, Counter[str]] = {}
    listing: list[str] = []
    for key, half, text, start, end, on, off in differences(articles):
        (level, place_id), (level_off, id_off) = side(on), side(off)
        verdicts = judged.get((key, start, end, place_id, id_off))
        tally = tallies.setdefault(f"{key.split(':')[0]} {half}", Counter())
        tally["differences"] += 1
        tally[f"{verdicts[1]} -> {verdicts[0]}" if verdicts else "unjudged"] += 1
        listing.append(f"{key}\t{start}\t{end}\t{verdicts[0] if verdicts else '?'}\t{half}\t{level}\t{place_id}\t"
                       f"{verdicts[1] if verdicts else '?'}\t{level_off}\t{id_off}\t{in_context(text, start, end)}")
    print(f"{len(articles)} articles")
    for name in sorted(tallies):
        print(tally_line(name, tallies[name]))
    if args.list:
        args.list.write_text("\n".join(listing) + "\n", "utf-8")


if __name__ == "__main__":
    main()
