"""A fresh judged probe of the places stage on SaudiNewsNet world news (round 25).

The sealed test is largely international news (ANERcorp, NTREX-128) and encyclopaedic text, while rounds 22 and 23
probed mostly Saudi and regional news.  This draw aims at world news: from each of the 16 day archives
``--per-day`` articles (seeded) of 400–3,000 characters among those that name foreign countries, capitals or
world bodies at least four times (``WORLD``, a selection cue, not an annotation rule).

Left out, by url (a story repeated on another day stays out too): every article of the gold pool, the Syria-related
subset, the round-15 fresh check, the round-22 and round-23 probes, every time gold (``TIME_GOLDS``) and the
time-value audit (of the sealed time test half only the article coordinates are read).  The url's SHA-1 splits the
articles into a ``probe`` half (read for error classes) and a ``held`` half (scored only, before and after).

Every place the stage reports is judged, mention by mention: ``right`` (a place, located within 25 km; the
country for a country), ``wrong`` (a place, but another referent or no location), ``notplace``.

    PYTHONPATH=src python tools/probe_places_world25.py [--shared ../shared/data] --list FILE   # mentions to judge
    PYTHONPATH=src python tools/probe_places_world25.py --judged tests/gold/places/world25_judged.tsv

The judgement file stores the document key (``snn:<day>:<index in the day's JSON list>``), offsets, verdicts, the
level and the place id judged (a mention placed otherwise since is unjudged), never text.
"""

from __future__ import annotations

import re
from pathlib import Path

from probe_places_snn22 import probe_parser, read_verdicts, require, run_probe, seen_urls
from probe_places_snn23 import TIME_GOLDS as SNN23_TIME_GOLDS
from probe_places_snn23 import audit_keys, draw_per_day, snn22_urls, time_gold_urls

# A selection cue for the draw (not an annotation rule): countries, capitals and bodies outside the Arab world.
WORLD = re.compile(
    r"أمريك|أميرك|واشنطن|روسي|موسكو|الصين|بكين|اليابان|طوكيو|الهند|باكستان|أفغانستان|إيران|طهران|تركيا|أنقرة"
    r"|إسطنبول|اسطنبول|أوروب|اوروب|فرنسا|باريس|ألماني|برلين|بريطاني|لندن|إيطالي|روما|إسباني|مدريد|نيجيري|كينيا"
    r"|البرازيل|المكسيك|كندا|أستراليا|استراليا|إندونيسيا|اندونيسيا|ماليزيا|كوريا|أوكراني|اليونان|أثينا|نيويورك"
    r"|الأمم المتحدة|سويسرا|جنيف|فيينا|النمسا|بلجيكا|بروكسل|هولندا|السويد|بولندا|الفلبين|تايلاند|بنغلاديش"
)


# The time golds there were when the probe was drawn (round 23's and v5, v6): a later gold must not change the draw
# (and so the judged rows).
TIME_GOLDS = (*SNN23_TIME_GOLDS, "times_saudinewsnet_v5_dev.jsonl", "times_saudinewsnet_v6_dev.jsonl")


def draw(shared: Path, seen: set[str], skip: set[tuple[str, int]], per_day: int,
         seed: int) -> list[tuple[str, str, str]]:
    """(key, half, text) of ``per_day`` unseen world-news articles from each day archive."""
    return draw_per_day(shared, seen, skip, per_day, seed, keep=lambda text: len(WORLD.findall(text)) >= 4)


def main() -> None:
    parser = probe_parser(__doc__.splitlines()[0], seed=25)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--bench", type=Path, default=Path("bench/gold"))
    parser.add_argument("--places", type=Path, default=Path("tests/gold/places"))
    parser.add_argument("--per-day", type=int, default=2)
    args = parser.parse_args()
    fresh, snn22, snn23 = (args.places / name for name in ("fresh_judged.tsv", "snn22_judged.tsv", "snn23_judged.tsv"))
    require((args.shared / "saudinewsnet", args.gold / "saudinewsnet-articles.tsv", fresh, snn22, snn23,
             args.bench / "times_values_audit.tsv"))
    judged = read_verdicts(args.judged) if args.judged else {}
    seen = seen_urls(args.shared, args.gold, fresh) | snn22_urls(args.shared, snn22) | snn22_urls(args.shared, snn23)
    seen |= time_gold_urls(args.bench, TIME_GOLDS)
    articles = draw(args.shared, seen, audit_keys(args.bench), args.per_day, args.seed)
    run_probe(articles, judged, ["snn probe", "snn held"], lambda _key, half: f"snn {half}", admin1=True,
              listing_path=args.list)

if __name__ == "__main__":
    main()
