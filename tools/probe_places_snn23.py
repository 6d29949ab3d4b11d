"""A fresh judged probe of the places stage on SaudiNewsNet regional and conflict news (round 23).

Round 22's probe (``tools/probe_places_snn22.py``) drew at random, so most of its places were Saudi towns and
countries; the sealed test's worst figure is its false city-level share.  This draw aims at city-level places and
homonyms: from each of the 16 day archives ``--per-day`` articles (seeded) of 400–3,000 characters, half random
among articles that name the region's conflict geography, a town cue or fighting at least three times
(``REGIONAL``), half random among all, so that the draw is not only conflict news.

Left out, by url (a story repeated on another day stays out too): every article of the gold pool
(``gold/saudinewsnet-articles.tsv``: the place and events golds), the Syria-related subset, the round-15 fresh
check, the round-22 probe, and every time gold of the time (``TIME_GOLDS``: gold v5 came later) and the time-value
audit (``bench/gold``; of the sealed time test half only the article coordinates are read).  The url's SHA-1 splits the articles into a ``probe`` half (read for
error classes) and a ``held`` half (scored only, before and after), as round 22 did.

Every place the stage reports is judged, mention by mention: ``right`` (a place, located within 25 km; the
country for a country), ``wrong`` (a place, but another referent or no location), ``notplace``.

    PYTHONPATH=src python tools/probe_places_snn23.py [--shared ../shared/data] --list FILE   # mentions to judge
    PYTHONPATH=src python tools/probe_places_snn23.py --judged tests/gold/places/snn23_judged.tsv

The judgement file stores the document key (``snn:<day>:<index in the day's JSON list>``), offsets, verdicts, the
level and the place id judged (a mention placed otherwise since is unjudged), never text.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from probe_places_snn22 import day_rows, half_of, probe_parser, read_verdicts, require, run_probe, seen_urls

# A selection cue for the regional half of the draw (not an annotation rule): conflict countries, their towns'
# cues and the words of fighting, so that towns, villages, districts and neighbourhoods occur.
REGIONAL = re.compile(
    r"سوري|اليمن|العراق|ليبيا|لبنان|فلسطين|غزة|حلب|إدلب|ادلب|درعا|حمص|دمشق|صنعاء|عدن|تعز|الحوثي|داعش"
    r"|الأنبار|الموصل|بنغازي|قرية|بلدة|مدينة|ريف|حي |محافظة|قصف|غارة|غارات|اشتباكات|معارك|الجيش"
)


# The time golds there were when the probe was drawn: a later gold must not change the draw (and so the judged rows).
TIME_GOLDS = (
    "times_saudinewsnet.jsonl",
    "times_saudinewsnet_heldout.jsonl",
    "times_saudinewsnet_v2_dev.jsonl",
    "times_saudinewsnet_v2_test.jsonl",
    "times_saudinewsnet_v3_dev.jsonl",
    "times_saudinewsnet_v4_dev.jsonl",
    "times_second_pass_r21.jsonl",
)


def time_gold_urls(bench: Path, names: Sequence[str] = TIME_GOLDS) -> set[str]:
    """The urls of every time gold there was when the probe was drawn (``names``): coordinates only."""
    urls: set[str] = set()
    for path in (bench / name for name in names):
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                urls.add(str(json.loads(line)["url"]))
    return urls


def audit_keys(bench: Path) -> set[tuple[str, int]]:
    """(day, index) of the time-value audit's articles (the audit stores coordinates, not urls)."""
    keys: set[tuple[str, int]] = set()
    audit = bench / "times_values_audit.tsv"
    for line in audit.read_text("utf-8").splitlines():
        if line and not line.startswith(("#", "archive\t")):
            archive, index = line.split("\t")[:2]
            keys.add((archive.removesuffix(".zip"), int(index)))
    return keys


def snn22_urls(shared: Path, judged: Path) -> set[str]:
    keys = {line.split("\t")[0] for line in judged.read_text("utf-8").splitlines() if line.startswith("snn:")}
    urls: set[str] = set()
    for key in keys:
        _, day, index = key.split(":")
        urls.add(day_rows(shared, day)[int(index)]["url"])
    return urls


def draw(shared: Path, seen: set[str], skip: set[tuple[str, int]], per_day: int,
         seed: int) -> list[tuple[str, str, str]]:
    """(key, half, text) of ``per_day`` unseen articles from each day archive: half of them regional."""
    out: list[tuple[str, str, str]] = []
    for archive in sorted((shared / "saudinewsnet").glob("2015-*.zip")):
        day = archive.stem
        rows = day_rows(shared, day)
        pool = unseen_pool(rows, day, seen, skip)
        regional = [k for k in pool if len(REGIONAL.findall(rows[k]["content"])) >= 3]
        rng = random.Random(f"{seed}:{day}")
        chosen = rng.sample(regional, min(per_day - per_day // 2, len(regional)))
        rest = [k for k in pool if k not in chosen]
        chosen += rng.sample(rest, min(per_day - len(chosen), len(rest)))
        out += take(rows, day, chosen, seen)
    return out


def unseen_pool(rows: list[dict[str, str]], day: str, seen: set[str], skip: set[tuple[str, int]]) -> list[int]:
    """The indices of a day's articles of 400–3,000 characters that no earlier check read."""
    return [k for k, row in enumerate(rows) if 400 <= len(row.get("content") or "") <= 3000
            and row["url"] not in seen and (day, k) not in skip]


def take(rows: list[dict[str, str]], day: str, chosen: list[int], seen: set[str]) -> list[tuple[str, str, str]]:
    """(key, half, text) of the chosen articles in index order, each story once (marked seen as it is taken)."""
    out: list[tuple[str, str, str]] = []
    for k in sorted(chosen):
        if rows[k]["url"] in seen:  # the same story twice in one day
            continue
        seen.add(rows[k]["url"])
        out.append((f"snn:{day}:{k}", half_of(rows[k]["url"]), rows[k]["content"]))
    return out


def draw_per_day(shared: Path, seen: set[str], skip: set[tuple[str, int]], per_day: int, seed: int,
                 keep: Callable[[str], bool] | None = None) -> list[tuple[str, str, str]]:
    """(key, half, text) of ``per_day`` unseen articles from each day archive, drawn with the day's own seeded
    generator from those whose content ``keep`` accepts (all when None)."""
    out: list[tuple[str, str, str]] = []
    for archive in sorted((shared / "saudinewsnet").glob("2015-*.zip")):
        day = archive.stem
        rows = day_rows(shared, day)
        pool = [k for k in unseen_pool(rows, day, seen, skip) if keep is None or keep(rows[k]["content"])]
        out += take(rows, day, random.Random(f"{seed}:{day}").sample(pool, min(per_day, len(pool))), seen)
    return out


def main() -> None:
    parser = probe_parser(__doc__.splitlines()[0], seed=23)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--bench", type=Path, default=Path("bench/gold"))
    parser.add_argument("--fresh", type=Path, default=Path("tests/gold/places/fresh_judged.tsv"))
    parser.add_argument("--snn22", type=Path, default=Path("tests/gold/places/snn22_judged.tsv"))
    parser.add_argument("--per-day", type=int, default=4)
    args = parser.parse_args()
    require((args.shared / "saudinewsnet", args.gold / "saudinewsnet-articles.tsv", args.fresh, args.snn22,
             args.bench / "times_values_audit.tsv"))
    judged = read_verdicts(args.judged) if args.judged else {}
    seen = seen_urls(args.shared, args.gold, args.fresh) | snn22_urls(args.shared, args.snn22)
    seen |= time_gold_urls(args.bench)
    articles = draw(args.shared, seen, audit_keys(args.bench), args.per_day, args.seed)
    run_probe(articles, judged, ["snn probe", "snn held"], lambda _key, half: f"snn {half}", admin1=True,
              listing_path=args.list)

if __name__ == "__main__":
    main()
