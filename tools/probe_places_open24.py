"""A fresh judged probe of the places stage on open news text no place work has judged (round 24, ANERcorp).

The sealed test's false city-level places fall mostly on the open corpora (ANERcorp, XQuAD, Wojood), which dev
cannot see, while rounds 22 and 23 probed SaudiNewsNet.  Of the open text outside every place gold only ANERcorp
articles are left: every UD-PUD document, XQuAD paragraph and Wojood passage of the pool has a place file, the
NTREX-128 articles without one are the round-15 fresh check's, and both AQMAR files were judged in rounds 16-17.
This tool draws ``--count`` ANERcorp articles (600-4,000 characters, seeded) of the gold pool's train and dev
splits (a test article is never read: it is left out by its id in ``gold/splits.tsv``) that have no place file
and are in none of the earlier judged checks (``anercorp_probe.tsv``, ``anercorp_probe2.tsv``,
``anercorp_held.tsv``, the ANERcorp part of ``snn22_judged.tsv``).  Half of them are drawn among articles that
name the region's conflict geography, a town cue or fighting at least three times (``REGIONAL`` of the round-23
tool: city-level places are the target), half among all.  The pool id's SHA-1 splits them into a ``probe`` half
(read for error classes) and a ``held`` half (scored only, before and after).

Every place the stage reports is judged, mention by mention: ``right`` (a place, located within 25 km; the
country for a country), ``wrong`` (a place, but another referent or no location), ``notplace``.

    PYTHONPATH=src python tools/probe_places_open24.py --list FILE   # mentions to judge
    PYTHONPATH=src python tools/probe_places_open24.py --judged tests/gold/places/open24_judged.tsv

The judgement file stores the document key (``open:<pool id>``), offsets, verdicts, the level and the place id
judged (a mention placed otherwise since is unjudged); the text is in ``gold/open-articles.jsonl``.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from probe_places_snn22 import half_of, probe_parser, read_verdicts, require, run_probe
from probe_places_snn23 import REGIONAL

EARLIER = ("anercorp_probe.tsv", "anercorp_probe2.tsv", "anercorp_held.tsv")


def judged_ids(places: Path, rows: list[dict[str, str]]) -> set[str]:
    """Pool ids of the ANERcorp articles an earlier check judged (by line of the pool, or by ``open:`` key)."""
    ids: set[str] = set()
    for name in EARLIER:
        text = (places / name).read_text("utf-8")
        ids.update(rows[int(line) - 1]["id"] for line in re.findall(r"^(\d+)\t", text, re.M))
    ids.update(re.findall(r"^open:(\S+)\t", (places / "snn22_judged.tsv").read_text("utf-8"), re.M))
    return ids


def draw(gold: Path, places: Path, count: int, seed: int) -> list[tuple[str, str, str]]:
    """(key, half, text) of ``count`` unseen ANERcorp train and dev articles: half of them regional."""
    split = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    placed = {path.stem for path in (gold / "places").glob("*.json")}
    rows = [json.loads(line) for line in (gold / "open-articles.jsonl").read_text("utf-8").splitlines()]
    seen = judged_ids(places, rows)
    pool = [row for row in rows if row["corpus"] == "anercorp" and split.get(row["id"]) in ("train", "dev")
            and row["id"] not in placed and row["id"] not in seen and 600 <= len(row["text"]) <= 4000]
    rng = random.Random(f"{seed}:anercorp")
    regional = [row for row in pool if len(REGIONAL.findall(row["text"])) >= 3]
    chosen = rng.sample(regional, min(count - count // 2, len(regional)))
    rest = [row for row in pool if row not in chosen]
    chosen += rng.sample(rest, min(count - len(chosen), len(rest)))
    return [(f"open:{row['id']}", half_of(row["id"]), row["text"]) for row in sorted(chosen, key=lambda r: r["id"])]


def main() -> None:
    parser = probe_parser(__doc__.splitlines()[0], seed=24)
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--places", type=Path, default=Path("tests/gold/places"))
    parser.add_argument("--count", type=int, default=44)
    args = parser.parse_args()
    require((args.gold / "splits.tsv", args.gold / "open-articles.jsonl", args.places / "snn22_judged.tsv"))
    judged = read_verdicts(args.judged) if args.judged else {}
    run_probe(draw(args.gold, args.places, args.count, args.seed), judged, ["anercorp probe", "anercorp held"],
              lambda _key, half: f"anercorp {half}", admin1=True, listing_path=args.list)

if __name__ == "__main__":
    main()
