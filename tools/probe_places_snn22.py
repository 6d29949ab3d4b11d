"""A fresh judged probe of the places stage on SaudiNewsNet articles no place or time work has read (round 22).

Every earlier check read, fixed on or annotated some SaudiNewsNet articles: the gold pool
(``gold/saudinewsnet-articles.tsv``: the place and time golds), the Syria-related subset the round-13/14 checks and
the events gold were drawn from (``syria_related_subset.jsonl``: excluded whole) and the round-15 fresh check
(``tests/gold/places/fresh_judged.tsv``).  This tool draws ``--per-day`` articles (seeded) of 400–3,500 characters
from each of the 16 day archives, leaving out every one of those articles (by url, so a story repeated on another
day stays out too), and splits them by a hash of the url into a ``probe`` half (read for error classes) and a
``held`` half (scored only, before and after).  A second outlet of open text: ``--anercorp`` ANERcorp articles
of the gold pool's train and dev splits (never test) without place gold and outside the earlier judged ANERcorp
checks, split the same way by their pool id.

Every place the stage reports is judged, mention by mention: ``right`` (a place, located at the right place: within
25 km, the country for a country), ``wrong`` (a place, but another referent or no location), ``notplace`` (a common
word, a person, a team, an organisation's name: ``../shared/notes/annotation-guide.md``).

    PYTHONPATH=src python tools/probe_places_snn22.py [--shared ../shared/data] --list FILE   # mentions to judge
    PYTHONPATH=src python tools/probe_places_snn22.py --judged tests/gold/places/snn22_judged.tsv

The judgement file stores the document key (``snn:<day>:<index in the day's JSON list>`` or ``open:<pool id>``),
offsets, verdicts and the place id judged (a mention placed otherwise since is unjudged), never text.  Printed per
outlet and half: mentions judged, precision, located right (of the places), false city-level share (of the
city-level mentions), and the mentions not judged yet.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from marsad.document import Document
from marsad.pipeline import Pipeline

LEVELS = {1: "city", 2: "district", 3: "region", 4: "country"}
VERDICTS = ("right", "wrong", "notplace")


def seen_urls(shared: Path, gold: Path, fresh: Path) -> set[str]:
    """The urls of every SaudiNewsNet article an earlier place, time or events check read."""
    urls = {line.split("\t")[4] for line in (gold / "saudinewsnet-articles.tsv").read_text("utf-8").splitlines()[1:]}
    with (shared / "saudinewsnet" / "syria_related_subset.jsonl").open(encoding="utf-8") as subset:
        urls.update(json.loads(line)["url"] for line in subset if line.strip())
    fresh_keys = {line.split("\t")[0] for line in fresh.read_text("utf-8").splitlines() if line.startswith("snn:")}
    for key in fresh_keys:
        _, day, index = key.split(":")
        urls.add(day_rows(shared, day)[int(index)]["url"])
    return urls


def day_rows(shared: Path, day: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(shared / "saudinewsnet" / f"{day}.zip") as archive:
        rows: list[dict[str, str]] = json.loads(archive.read(f"{day}.json"))
    return rows


def half_of(url: str) -> str:
    return "probe" if hashlib.sha1(url.encode("utf-8")).digest()[0] % 2 == 0 else "held"


def draw(shared: Path, gold: Path, fresh: Path, per_day: int, seed: int) -> list[tuple[str, str, str]]:
    """(key, half, text) of ``per_day`` unseen articles from each day archive."""
    seen = seen_urls(shared, gold, fresh)
    out: list[tuple[str, str, str]] = []
    for archive in sorted((shared / "saudinewsnet").glob("2015-*.zip")):
        day = archive.stem
        rows = day_rows(shared, day)
        pool = [k for k, row in enumerate(rows)
                if 400 <= len(row.get("content") or "") <= 3500 and row["url"] not in seen]
        for k in sorted(random.Random(f"{seed}:{day}").sample(pool, min(per_day, len(pool)))):
            seen.add(rows[k]["url"])
            out.append((f"snn:{day}:{k}", half_of(rows[k]["url"]), rows[k]["content"]))
    return out


def anercorp_articles(gold: Path, count: int, seed: int) -> list[tuple[str, str, str]]:
    """(key, half, text) of ``count`` ANERcorp articles (600–4,000 characters) of the gold pool's train and dev
    splits (never test) that have no place file and are in none of the earlier ANERcorp checks, seeded; the
    second outlet, open text."""
    split = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    placed = {path.stem for path in (gold / "places").glob("*.json")}
    rows = [json.loads(line) for line in (gold / "open-articles.jsonl").read_text("utf-8").splitlines()]
    checked: set[str] = set()
    for name in ("anercorp_probe.tsv", "anercorp_probe2.tsv", "anercorp_held.tsv"):
        text = (Path("tests/gold/places") / name).read_text("utf-8")
        checked.update(rows[int(line) - 1]["id"] for line in re.findall(r"^(\d+)\t", text, re.M))
    pool = [row for row in rows if row["corpus"] == "anercorp" and split.get(row["id"]) in ("train", "dev")
            and row["id"] not in placed and row["id"] not in checked and 600 <= len(row["text"]) <= 4000]
    drawn = sorted(random.Random(f"{seed}:anercorp").sample(pool, min(count, len(pool))), key=lambda r: r["id"])
    return [(f"open:{row['id']}", half_of(row["id"]), row["text"]) for row in drawn]


def read_verdicts(path: Path) -> dict[tuple[str, int, int, str], str]:
    """(doc, start, end, the place id judged, ``-`` for none) → verdict: a mention whose place has changed since
    it was judged is not judged."""
    verdicts: dict[tuple[str, int, int, str], str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith(("#", "doc\t")):
            doc, start, end, verdict, _half, _level, place_id = line.split("\t")[:7]
            if verdict not in VERDICTS:
                raise SystemExit(f"{path}: unknown verdict {verdict!r} (expected one of {', '.join(VERDICTS)})")
            verdicts[(doc, int(start), int(end), place_id)] = verdict
    return verdicts


def summary(half: str, tally: Counter[str]) -> str:
    judged = sum(tally[v] for v in VERDICTS)
    places = tally["right"] + tally["wrong"]
    city = tally["city right"] + tally["city wrong"] + tally["city notplace"]
    return (f"{half}: {tally['articles']} articles, {judged} mentions judged ({tally['unjudged']} unjudged); "
            f"precision {places}/{judged} = {places / max(judged, 1):.3f}; located right {tally['right']}/{places} = "
            f"{tally['right'] / max(places, 1):.3f}; false city-level {tally['city notplace']}/{city} = "
            f"{tally['city notplace'] / max(city, 1):.1%}")


def judge_places(doc: Document, key: str, half: str, judged: dict[tuple[str, int, int, str], str],
                 tally: Counter[str], *, admin1: bool = False) -> list[str]:
    """Count every place mention of ``doc`` under its verdict (and its level and verdict) in ``tally``; return one
    listing line per mention, with a few words either side, for judging (``admin1`` adds the place's division)."""
    text = doc.text
    lines: list[str] = []
    for place in doc.places:
        level = LEVELS.get(place.precision or 0, "unresolved")
        where = f"{place.country}; {place.admin1}" if admin1 else f"{place.country}"
        for start, end in place.mentions:
            verdict = judged.get((key, start, end, place.id or "-"), "unjudged")
            tally[verdict] += 1
            tally[f"{level} {verdict}"] += 1
            before = " ".join(re.findall(r"\S+", text[max(0, start - 60):start])[-5:])
            after = " ".join(re.findall(r"\S+", text[end:end + 40])[:3])
            lines.append(f"{key}\t{start}\t{end}\t{verdict}\t{half}\t{level}\t{before} [{text[start:end]}] "
                         f"{after}\t{place.canonical} ({where})\t{place.id or '-'}")
    return lines


def probe_parser(description: str, seed: int) -> argparse.ArgumentParser:
    """The arguments every judged place probe takes: the draw's seed, where to write the listing to judge, and the
    judgements to score."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--list", type=Path, help="write every mention the stage reports here, to judge")
    parser.add_argument("--judged", type=Path, help="score these judgements")
    return parser


def require(paths: Iterable[Path]) -> None:
    """Stop with a clear message at the first input that is missing."""
    for path in paths:
        if not path.exists():
            raise SystemExit(f"not found: {path}")


def run_probe(articles: Iterable[tuple[str, str, str]], judged: dict[tuple[str, int, int, str], str],
              groups: Sequence[str], group: Callable[[str, str], str], *, admin1: bool = False,
              listing_path: Path | None = None) -> None:
    """Run the places stage over ``articles`` (key, half, text), tally every place mention under its verdict in the
    group ``group(key, half)`` names (one of ``groups``, printed in that order), and write the listing to judge to
    ``listing_path`` if given: the loop every judged place probe shares."""
    pipeline = Pipeline.build(("boilerplate", "repair", "entities", "places"))
    tallies: dict[str, Counter[str]] = {name: Counter() for name in groups}
    listing: list[str] = []
    for key, half, text in articles:
        doc = pipeline(Document(text))
        tally = tallies[group(key, half)]
        tally["articles"] += 1
        listing += judge_places(doc, key, half, judged, tally, admin1=admin1)
    for name, tally in tallies.items():
        print(summary(name, tally))
    if listing_path:
        listing_path.write_text("\n".join(listing) + "\n", "utf-8")


def main() -> None:
    parser = probe_parser(__doc__.splitlines()[0], seed=22)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--fresh", type=Path, default=Path("tests/gold/places/fresh_judged.tsv"))
    parser.add_argument("--per-day", type=int, default=4)
    parser.add_argument("--anercorp", type=int, default=24, help="ANERcorp articles (open text) drawn besides")
    args = parser.parse_args()
    require((args.shared / "saudinewsnet", args.gold / "saudinewsnet-articles.tsv", args.fresh))
    judged = read_verdicts(args.judged) if args.judged else {}
    articles = draw(args.shared, args.gold, args.fresh, args.per_day, args.seed)
    run_probe(articles + anercorp_articles(args.gold, args.anercorp, args.seed), judged,
              [f"{outlet} {half}" for outlet in ("snn", "open") for half in ("probe", "held")],
              lambda key, half: f"{key.split(':')[0]} {half}", listing_path=args.list)

if __name__ == "__main__":
    main()
