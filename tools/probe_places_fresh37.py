"""A fresh judged probe of unseen Saudi news, every place judged (round 37).

Draws ``--per-day`` SaudiNewsNet articles (seed 37) from each of the 16 day archives outside every earlier check,
every time gold and the time-value audit, the change check's seed-26 draw *and* the draws of rounds 29, 30, 31 and 36,
and lists every place the stage reports to be judged: ``right`` (a place, located within 25 km; the country for a
country), ``wrong`` (a place, but another referent, or left unresolved), ``notplace``.  The url's SHA-1 splits the
articles into ``probe`` and ``held`` halves.

    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_fresh37.py --per-day 2 --list FILE
    MARSAD_GAZETTEER=EMPTY PYTHONPATH=src:tools python tools/probe_places_fresh37.py --per-day 2 \\
        --judged tests/gold/places/fresh37_judged.tsv

The judgement file stores the document key, offsets, verdict, half, level and place id, never text.
"""

from __future__ import annotations

from probe_places_fresh29 import fresh_probe


def main() -> None:
    # (rounds 29, 30, 31 and 36's probes: drawn as they drew them and marked seen)
    fresh_probe(__doc__.splitlines()[0], seed=37, earlier_draws=((4, 29), (4, 30), (4, 31), (2, 36)))


if __name__ == "__main__":
    main()
