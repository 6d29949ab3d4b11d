"""Where the lost quote speakers go, by part and by the kind of cue: a table from `diagnose_speakers.py --details`.

Each gold speaker not found right falls in one part: the quote not found at all (the cue model under its
threshold, the word no cue candidate, the rules' quote dropped), the quote found but the speaker null (the
threshold: under it because the cue model doubts the statement — belief < 0.7 with the right party at
p ≥ 0.6 —, because the speaker model is unsure, or both), or the speaker wrong. Inside each part the cue is
classed by what it is: a quotation mark, a nominal "according to" (`بحسب`, `وفقا`, `نقلا عن`:
`data/quote_sources.yaml`), a statement or verbal noun (`تصريحات`, `بالقول`, `قوله`), a circumstantial
participle (`قائلا`, `مشيرا`), a call, belief, telling or feeling verb (`data/quote_cue_senses.tsv`:
`ناشد`, `اعتبر`, `أخبر`, `أعرب`), another verb of the rules' cue lexicon (`وقال`,
`أشار`), or any other word — and by where the gold speaker stands.

    PYTHONPATH=src python tools/diagnose_speakers.py --split dev --shared ../shared/data --details dev.jsonl
    PYTHONPATH=src python tools/speaker_loss_classes.py dev.jsonl [train.jsonl ...]

Details of a run with ``--oracle-cues`` (every missed gold cue added at full belief) give a second table: the
ceiling of the "quote not found" part, by why the cue was missed and by the cue's class — how many of those
speakers a perfect cue model would make right, leave null or make wrong.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from marsad.attribution.learned.context import verb_stems
from marsad.attribution.lexicon import fold, lookup_cue
from marsad.resources import read_tsv_dicts, read_yaml
from marsad.text.normalize import normalize

PARTS = ("quote not found", "speaker null", "speaker wrong")
CLASSES = ("quotation mark", "according to", "statement noun", "participle", "call", "belief", "tell", "feeling",
           "lexicon verb", "other word")
BELIEF_LIMIT, PARTY_LIMIT = 0.7, 0.6
# a circumstantial participle's shape when the cue lexicon does not list it (معتبرا، لافتين، محذرة):
# م + at least three letters + the accusative or feminine or plural ending
_PARTICIPLE = re.compile(r"^[وف]?(م\w{3,}(ا|ة|ين|ون)|قائل\w*)$")
_NOMINAL = ("ال", "بال", "لل", "وال", "بت", "وبت")


def part_of(outcome: str) -> str | None:
    """The part of a lost speaker's outcome; None for a right speaker, a decision line or an extra speaker."""
    if outcome.startswith("cue:"):
        return PARTS[0]
    if outcome.startswith("abstained"):
        return PARTS[1]
    return PARTS[2] if outcome == "wrong" else None


@lru_cache(maxsize=1)
def _according_to() -> tuple[str, ...]:
    return tuple(sorted({fold(normalize(p)).split()[0] for p in read_yaml("quote_sources.yaml")["according_to"]}))


@lru_cache(maxsize=1)
def _statement_nouns() -> frozenset[str]:
    return frozenset(fold(normalize(p)) for p in read_yaml("quote_sources.yaml")["statement_nouns"])


def cue_class(cue: str) -> str:
    """The kind of a cue's text (one of :data:`CLASSES`)."""
    words = fold(normalize(cue)).split()
    if not words or not any(ch.isalpha() for ch in words[0]):
        return "quotation mark"
    first = words[0]
    sense = cue_sense(first)
    if sense in ("according to", "statement noun") or any(first in (a, "و" + a, "ب" + a) for a in _according_to()):
        return sense or "according to"
    found = lookup_cue(first)
    if (found.kind == "participle") if found is not None else bool(_PARTICIPLE.match(first)):
        return "participle"
    if first in _statement_nouns() or first.startswith(_NOMINAL):  # a verbal noun: بالقول، التأكيد، بتصريحه
        return "statement noun"
    if sense is not None:
        return sense
    return "lexicon verb" if found is not None else "other word"


@lru_cache(maxsize=1)
def _senses() -> dict[str, str]:
    return {fold(normalize(row["form"])): row["sense"] for row in read_tsv_dicts("quote_cue_senses.tsv")}


def cue_sense(form: str) -> str | None:
    """What the word reports (``call``, ``belief``, ``tell``, ``feeling``: ``data/quote_cue_senses.tsv``), read
    as a verb without its affixes (``ويطالبون`` → ``call``); None for any other word."""
    senses = _senses()
    return next((senses[r] for r in sorted(verb_stems(form), key=len, reverse=True) if r in senses), None)


def threshold_reason(row: dict[str, Any]) -> str:
    """Why a speaker under the threshold is null: the cue model's doubt, the speaker model's, or both."""
    candidates = row.get("candidates") or []
    party = float(candidates[0][1]) if candidates and row["outcome"].endswith("right first") else 0.0
    belief = float(row.get("belief") or 0.0)
    if row["outcome"].endswith("no candidate"):
        return "no candidate"
    if belief < BELIEF_LIMIT and party >= PARTY_LIMIT:
        return "cue doubted"
    return "speaker unsure" if belief >= BELIEF_LIMIT else "both"


def tally(rows: Iterable[dict[str, Any]]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], int]:
    """Lost speakers by (part, cue class) and by (part, reason); and the gold speakers in all."""
    by_class: Counter[tuple[str, str]] = Counter()
    by_reason: Counter[tuple[str, str]] = Counter()
    gold = 0
    for row in rows:
        outcome = str(row.get("outcome", ""))
        if outcome == "decision" or outcome.startswith("extra"):
            continue
        gold += 1
        part = part_of(outcome)
        if part is None:
            continue
        by_class[(part, cue_class(str(row.get("cue") or "")))] += 1
        reason = outcome.split(": ", 1)[1] if part == PARTS[0] else (
            threshold_reason(row) if part == PARTS[1] else "wrong")
        by_reason[(part, reason)] += 1
    return by_class, by_reason, gold


CEILING = ("right", "null", "wrong")


def ceiling(rows: Iterable[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """The quotes an ``--oracle-cues`` run added (their details line carries ``oracle``: why the cue was
    missed), by (why, outcome) and by (cue class, outcome), outcome one of :data:`CEILING`; the
    totals under ``("all", outcome)``."""
    out: Counter[tuple[str, str]] = Counter()
    for row in rows:
        missed = row.get("oracle")
        if not missed:
            continue
        outcome = str(row.get("outcome", ""))
        got = "right" if outcome == "right" else "wrong" if outcome == "wrong" else "null"
        for key in ("all", f"· {missed}", f"— {cue_class(str(row.get('cue') or ''))}"):
            out[(key, got)] += 1
    return out


def ceiling_table(names: Sequence[str], counts: Sequence[Counter[tuple[str, str]]]) -> list[str]:
    """A markdown table of :func:`ceiling`: right / null / wrong per details file."""
    keys = ["all", *sorted({k for c in counts for k, _ in c if k.startswith("·")}),
            *(f"— {cls}" for cls in CLASSES if any(c[(f"— {cls}", g)] for c in counts for g in CEILING))]
    lines = ["| quote not found, its cue given at full belief: right / null / wrong | " + " | ".join(names) + " |",
             "|---|" + "---|" * len(names)]
    for key in keys:
        label = "**all**" if key == "all" else key
        lines.append(f"| {label} | " + " | ".join(" / ".join(str(c[(key, g)]) for g in CEILING) for c in counts) + " |")
    return lines


def table(names: Sequence[str], tallies: Sequence[tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], int]]
          ) -> list[str]:
    """A markdown table: a row per part and per class inside it, a column per details file."""
    lines = ["| part / class | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for part in PARTS:
        totals = [sum(n for (p, _), n in t[0].items() if p == part) for t in tallies]
        lines.append(f"| **{part}** | " + " | ".join(f"**{n}** ({n / max(t[2], 1):.1%})"
                                                    for n, t in zip(totals, tallies, strict=True)) + " |")
        reasons = sorted({r for t in tallies for (p, r) in t[1] if p == part and r != "wrong"})
        for reason in reasons:
            lines.append(f"| · {reason} | " + " | ".join(str(t[1][(part, reason)]) for t in tallies) + " |")
        for cls in CLASSES:
            counts = [t[0][(part, cls)] for t in tallies]
            if any(counts):
                lines.append(f"| — {cls} | " + " | ".join(map(str, counts)) + " |")
    lines.append("| gold speakers | " + " | ".join(str(t[2]) for t in tallies) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("details", nargs="+", help="JSON lines of `diagnose_speakers.py --details`.")
    args = parser.parse_args(argv)
    tallies, ceilings = [], []
    for path in args.details:
        with open(path, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        tallies.append(tally(rows))
        ceilings.append(ceiling(rows))
    print("\n".join(table(args.details, tallies)))
    if any(ceilings):
        print("\n" + "\n".join(ceiling_table(args.details, ceilings)))


if __name__ == "__main__":
    main()
