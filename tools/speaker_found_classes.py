"""The gold speakers lost although their quote is found, by class: a table from `diagnose_speakers.py --details`.

A quote found (its cue matched by a quote of the pipeline) loses its gold speaker in three ways: the speaker is
null (the chooser abstains, or the party's pooled probability × the cue model's belief is under the threshold),
wrong, or no candidate covers the gold speaker at all. Each lost speaker is cut by:

* what the chooser had: no candidate; the right party a candidate but not first (second, third or later, or
  "nobody" over it); the right party first but under the threshold — with the belief to blame (the party's
  probability alone reaches the threshold, the product does not) or the speaker model unsure (the
  probability itself is under it);
* where the gold speaker stands from the cue and what it is (a name, a title and the name, an organisation, a
  statement, a phrase: ``diagnose_speakers.speaker_kind``), and whether the cue's sentence relays a source;
* for a wrong speaker, where the phrase chosen instead comes from (the previous speaker, an earlier person, the
  clause's subject, the words right after the cue, the rules' phrase, an entity, a noun run) and whether the
  right party was a candidate.

    PYTHONPATH=src python tools/speaker_found_classes.py dev.jsonl train.jsonl [--threshold 0.525] [--band]

``--band`` (round 35): the quotes whose first party is sure (its pooled probability reaches the threshold) and
whose confidence the cue belief takes under it, statements against non-statements, by what stands around the cue
(the ``context`` of ``diagnose_speakers.py``'s decision lines): which cue features tell the two apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# a sibling tool: the kind of the cue (a lexicon verb, a participle, an according-to word…)
sys.path.insert(0, str(Path(__file__).resolve().parent))
from speaker_loss_classes import cue_class

LOST = ("abstained: right first", "abstained: right not first", "abstained: no candidate", "wrong")

# the origin that names where a chosen phrase comes from, most telling first (a candidate has several)
ORIGINS = (("previous-speaker", "the previous speaker"), ("earlier-person", "an earlier person"),
           ("previous-sentence-party", "a party of the sentence before"), ("clause-subject", "the clause's subject"),
           ("after-cue", "the words after the cue"), ("rule", "the rules' phrase"), ("ent:", "an entity"),
           ("head", "a party head"), ("np", "a noun run"))


def chooser_class(line: dict[str, Any], threshold: float) -> str:
    """What the chooser had for a lost speaker whose quote is found."""
    outcome = line["outcome"]
    if outcome == "abstained: no candidate":
        return "no candidate covers the gold speaker"
    if outcome == "wrong":
        return "wrong: " + chosen_origin(line)
    if outcome == "abstained: right not first":
        rank = int(line.get("right_rank", 0))
        if rank == 1:
            return "right party first, \"nobody\" over it"
        return "right party second" if rank == 2 else "right party third or later"
    mass = float(line.get("right_mass", 0.0))
    return ("right party first, killed by the cue belief" if mass >= threshold
            else "right party first, speaker model unsure")


def chosen_origin(line: dict[str, Any]) -> str:
    """Where the phrase given instead of the gold speaker comes from (its first candidate's origins)."""
    candidates = line.get("candidates") or []
    origins = candidates[0][2] if candidates else []
    for key, name in ORIGINS:
        if any(o.startswith(key) for o in origins):
            return name
    return "other"


def found_lines(path: Path) -> list[dict[str, Any]]:
    """The gold speakers whose quote is found (right or lost), from one details file."""
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [x for x in lines if x["outcome"] == "right" or x["outcome"] in LOST]


def tables(files: list[Path], threshold: float) -> str:
    names = [f.name for f in files]
    found = [found_lines(f) for f in files]
    out = []

    def block(title: str, key: Any, only_lost: bool = True) -> None:
        counts = [Counter(key(x) for x in lines if not only_lost or x["outcome"] in LOST) for lines in found]
        rows = sorted(set().union(*counts), key=lambda r: -sum(c[r] for c in counts))
        out.append(f"| {title} | " + " | ".join(names) + " |")
        out.append("|---|" + "---|" * len(names))
        for row in rows:
            out.append(f"| {row} | " + " | ".join(str(c[row]) for c in counts) + " |")
        out.append("")

    out.append("| quote found: gold speakers | " + " | ".join(names) + " |")
    out.append("|---|" + "---|" * len(names))
    for label, test in (("found", lambda x: True), ("right", lambda x: x["outcome"] == "right"),
                        ("lost (null or wrong)", lambda x: x["outcome"] in LOST)):
        out.append(f"| {label} | " + " | ".join(str(sum(map(test, lines))) for lines in found) + " |")
    out.append("")
    block("lost: what the chooser had", lambda x: chooser_class(x, threshold))
    block("lost: where the gold speaker stands", lambda x: x.get("where", "?"))
    block("lost: what the gold speaker is", lambda x: x.get("kind", "?"))
    block("found: what the gold speaker is × outcome",
          lambda x: f"{x.get('kind', '?')} — {'right' if x['outcome'] == 'right' else 'lost'}", only_lost=False)
    block("lost: what the chooser had × the cue's kind",
          lambda x: f"{chooser_class(x, threshold)} | {cue_class(str(x.get('cue', '')))}")
    block("lost: relayed (`نقلا عن`) × what the chooser had",
          lambda x: f"relay — {chooser_class(x, threshold)}" if x.get("relay") else "no relay")
    block("lost: what the chooser had × where",
          lambda x: f"{chooser_class(x, threshold)} | {x.get('where', '?')}")
    return "\n".join(out)


# what the band table cuts the quotes by: a key of the decision line's ``context`` and how its value is shown
BAND_KEYS: tuple[tuple[str, str], ...] = (
    ("shape", "the cue's form"), ("opens_sentence", "the cue opens its sentence"),
    ("intro", "what introduces the statement after it"), ("obj", "the word after it"),
    ("named", "what a name right after it is followed by"), ("negated", "a negation right before it"),
    ("lede", "in the first two sentences"), ("direct", "a quotation in marks"), ("by_rules", "proposed by the rules"))


def band_value(context: dict[str, Any], key: str) -> str:
    """The value a band row shows (the introducer without its distance; the lede from the sentence index)."""
    if key == "lede":
        return str(int(context.get("sentence", 99)) <= 1)
    value = str(context.get(key, "?"))
    return value.split("@")[0] if key == "intro" else value


def in_band(line: dict[str, Any], threshold: float) -> bool:
    """A decision whose first party's pooled probability reaches the threshold and whose product with the cue
    belief does not: the band where the cue belief alone takes the speaker away."""
    mass = float(line["mass"])
    return mass >= threshold and mass * float(line["belief"]) < threshold


def band_tables(files: list[Path], threshold: float) -> str:
    """For the quotes in the band (``in_band``), statements (gold quotes with a speaker: its first party right /
    not) against non-statements (no gold quote, or a gold quote without a speaker), by each key of the cue's
    context that ``diagnose_speakers.py`` records on its decision lines."""
    decisions = [[x for x in (json.loads(t) for t in f.read_text(encoding="utf-8").splitlines() if t.strip())
                  if x["outcome"] == "decision" and "context" in x and in_band(x, threshold)] for f in files]
    out = ["| in the band: statement (right first party / other) vs non-statement (no gold quote / gold quote "
           "without speaker) | " + " | ".join(f.name for f in files) + " |", "|---|" + "---|" * len(files)]

    def cell(lines: list[dict[str, Any]]) -> str:
        right = sum(1 for x in lines if x["right"])
        other = sum(1 for x in lines if x["gold_speaker"] and not x["right"])
        none = sum(1 for x in lines if not x.get("gold_quote"))
        bare = sum(1 for x in lines if x.get("gold_quote") and not x["gold_speaker"])
        share = (right + other) / len(lines) if lines else 0.0
        return f"{right} / {other} vs {none} / {bare} ({share:.2f})"

    out.append("| all | " + " | ".join(cell(lines) for lines in decisions) + " |")
    for key, title in BAND_KEYS:
        values = sorted({band_value(x["context"], key) for lines in decisions for x in lines})
        for value in values:
            out.append(f"| {title}: {value} | " + " | ".join(
                cell([x for x in lines if band_value(x["context"], key) == value]) for lines in decisions) + " |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("details", nargs="+", type=Path, help="JSON lines of `diagnose_speakers.py --details`.")
    parser.add_argument("--threshold", type=float, default=0.525, help="The speaker threshold of the run.")
    parser.add_argument("--band", action="store_true",
                        help="The band table: quotes killed by the cue belief, statements against non-statements.")
    args = parser.parse_args()
    print(band_tables(args.details, args.threshold) if args.band else tables(args.details, args.threshold))


if __name__ == "__main__":
    main()
