"""A fresh judged probe of unseen Saudi news, every place judged (round 30).

Round 29's probe (``tools/probe_places_fresh29.py``) drew 4 articles a day with seed 29 outside the change check's
seed-26 draw.  This one draws ``--per-day`` SaudiNewsNet articles (seed 30) from each of the 16 day archives outside
every earlier check, every time gold and the time-value audit, the seed-26 draw *and* round 29's seed-29 draw, and
lists every place the stage reports
to be judged: ``right`` (a place, located within 25 km; the country for a country), ``wrong`` (a place, but another
referent, or left unresolved), ``notplace``.  The url's SHA-1 splits the articles into ``probe`` and ``held`` halves.

    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_fresh30.py --list FILE   # to judge
    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_fresh30.py \\
        --judged tests/gold/places/fresh30_judged.tsv

The judgement file stores the document key, offsets, verdict, half, level and place id, never text.
"""

from __future__ import annotations

from pathlib import Path

from probe_places_namesake26 import TIME_GOLDS
from probe_places_snn22 import probe_parser, read_verdicts, require, run_probe, seen_urls
from probe_places_snn23 import audit_keys, draw_per_day, snn22_urls, time_gold_urls


def main() -> None:
    parser = probe_parser(__doc__.splitlines()[0], seed=30)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--bench", type=Path, default=Path("bench/gold"))
    parser.add_argument("--places", type=Path, default=Path("tests/gold/places"))
    parser.add_argument("--per-day", type=int, default=4)
    args = parser.parse_args()
    earlier = [args.places / f"{name}_judged.tsv" for name in ("fresh", "snn22", "snn23", "world25")]
    require((args.shared / "saudinewsnet", args.gold / "saudinewsnet-articles.tsv", args.gold / "splits.tsv",
             args.bench / "times_values_audit.tsv", *earlier))
    judged = read_verdicts(args.judged) if args.judged else {}
    seen = seen_urls(args.shared, args.gold, earlier[0])
    for path in earlier[1:]:
        seen |= snn22_urls(args.shared, path)
    seen |= time_gold_urls(args.bench, TIME_GOLDS)
    skip = audit_keys(args.bench)
    draw_per_day(args.shared, seen, skip, 600, 26)  # the change check's articles: marked seen, not probed
    draw_per_day(args.shared, seen, skip, 4, 29)  # round 29's fresh probe, drawn as it drew it: marked seen too
    articles = draw_per_day(args.shared, seen, skip, args.per_day, args.seed)
    run_probe(articles, judged, ["snn probe", "snn held"], lambda _key, half: f"snn {half}", admin1=True,
              listing_path=args.list)


if __name__ == "__main__":
    main()
