"""A fresh judged probe of unseen Saudi news, every place judged (round 29).

Round 27's change check (``tools/probe_places_change27.py``) reads 600 seeded articles a day (seed 26) and judges
only the mentions a change alters, so the places every version reads alike are never judged there.  This probe
draws ``--per-day`` SaudiNewsNet articles (seed 29) from each of the 16 day archives outside every earlier check,
every time gold and the time-value audit *and* outside that seed-26 draw, and lists every place the stage reports
to be judged: ``right`` (a place, located within 25 km; the country for a country), ``wrong`` (a place, but another
referent, or left unresolved), ``notplace``.  The url's SHA-1 splits the articles into ``probe`` and ``held`` halves.

    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_fresh29.py --list FILE   # to judge
    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_fresh29.py \\
        --judged tests/gold/places/fresh29_judged.tsv

The judgement file stores the document key, offsets, verdict, half, level and place id, never text.
"""

from __future__ import annotations

from pathlib import Path

from probe_places_namesake26 import TIME_GOLDS
from probe_places_snn22 import probe_parser, read_verdicts, require, run_probe, seen_urls
from probe_places_snn23 import audit_keys, draw_per_day, snn22_urls, time_gold_urls


def fresh_probe(title: str, seed: int, earlier_draws: tuple[tuple[int, int], ...] = ()) -> None:
    """Draw a fresh probe with ``seed`` outside every earlier check and list or score it (the command line of this
    tool). ``earlier_draws``: (articles a day, seed) of later rounds' fresh probes, drawn as they drew them and
    marked seen, so a new round's probe never meets an article an earlier one judged."""
    parser = probe_parser(title, seed=seed)
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
    for per_day, earlier_seed in earlier_draws:
        draw_per_day(args.shared, seen, skip, per_day, earlier_seed)
    articles = draw_per_day(args.shared, seen, skip, args.per_day, args.seed)
    run_probe(articles, judged, ["snn probe", "snn held"], lambda _key, half: f"snn {half}", admin1=True,
              listing_path=args.list)


def main() -> None:
    fresh_probe(__doc__.splitlines()[0], seed=29)


if __name__ == "__main__":
    main()
