"""Precision of the times stage by pattern, weighted by how often each pattern fires on unseen text.

A gold draw holds one or two outputs of most patterns, so a frequent pattern with a low precision hides in it. This
tool runs the stage over an unseen sample of SaudiNewsNet (every ``--stride``-th article of the corpus, at most
``--limit``, every article of a time gold or of the value audit left out), groups the outputs by what produced them
(the extractor's kind of expression and the surface's shape: digits, month and weekday names folded), and draws a
fixed random sample of each frequent group to be judged by reading the article.

    python tools/audit_times_patterns.py groups --shared ../shared            # the groups and their frequency
    python tools/audit_times_patterns.py draw --shared ../shared --out FILE   # the sample to judge (no text)
    python tools/audit_times_patterns.py show --shared ../shared --judged FILE  # each sampled output in context
    python tools/audit_times_patterns.py score --judged FILE                  # precision per group

The judged file stores coordinates, offsets, values and verdicts only (SaudiNewsNet is CC BY-NC-SA): one JSON object a
line, ``verdict`` one of ``right`` (a time the annotation guide counts, value right), ``value`` (a time, value wrong),
``out`` (no time by the guide: an idiom, a generic or rhetorical use, a duration, an hour).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from draw_times_gold import all_gold_keys, saudinewsnet_items
from marsad.document import Document
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.times import TimeStage, parse_published
from marsad.text.normalize import normalize
from marsad.timex.extract import find_expressions, resolve_expressions
from marsad.timex.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
MAX_CHARS = 12000  # the time golds' draw limit (tools/draw_times_gold.py)
# A shape seen fewer times than this is pooled with the other rare shapes of its kind.
MIN_SHAPE = 30
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Output:
    archive: str
    index: int
    url: str
    start: int
    end: int
    value: str
    group: str


def _excluded(shared: Path) -> set[tuple[str, int]]:
    keys = all_gold_keys(shared, MAX_CHARS)
    # Every time gold by coordinates only (the sealed half's annotations are never read); not the audits' own files
    # (this one's, round 29's recall and value audits), whose articles are the sample.
    golds = sorted((ROOT / "bench" / "gold").glob("times_*.jsonl"))
    for path in [p for p in golds if "_audit" not in p.name]:
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                item = json.loads(line)
                keys.add((item["archive"], item["index"]))
    return keys


def sample_articles(
    shared: Path, stride: int, limit: int, offset: int = 0
) -> Iterator[tuple[str, int, str, str, str]]:
    """Every ``stride``-th SaudiNewsNet article counted from ``offset`` outside every time gold, at most ``limit``:
    ``(archive, index, url, date_extracted, content)``. The recall audit draws from here too."""
    excluded = _excluded(shared)
    seen = taken = 0
    for archive, index, item in saudinewsnet_items(shared, MAX_CHARS):
        seen += 1
        if seen % stride != offset or (archive, index) in excluded:
            continue
        yield archive, index, item.get("url", ""), item["date_extracted"], item["content"]
        taken += 1
        if taken >= limit:
            return


def read_judged(path: Path) -> list[dict[str, Any]]:
    """The items of a judged audit file (JSON Lines after ``#`` header lines)."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip() and line[0] != "#"]


def verdicts_by_group(path: Path, weight: str) -> tuple[dict[str, Counter[str]], dict[str, float]]:
    """The judged file's verdicts counted per group, and each group's ``weight`` field (its share of all outputs,
    or its size), for a ``score`` command."""
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    weights: dict[str, float] = {}
    for item in read_judged(path):
        tally[item["group"]][item["verdict"]] += 1
        weights[item["group"]] = float(item[weight])
    return tally, weights


def _shape(surface: str) -> str:
    """The surface with its digits, month names and weekday names folded, so that one pattern is one shape."""
    lex = load_lexicon()
    words = []
    for word in normalize(surface).split():
        bare = word.lstrip("وفبل") if word[:1] in "وفبل" and len(word) > 3 else word
        if _DIGITS.fullmatch(word.strip("()")):
            words.append("N")
        elif bare in lex.weekdays or word in lex.weekdays:
            words.append("WEEKDAY")
        elif bare in lex.months or word in lex.months:
            words.append("MONTH")
        elif bare in lex.hijri_months or word in lex.hijri_months:
            words.append("HIJRI_MONTH")
        else:
            words.append(_DIGITS.sub("N", word))
    return " ".join(words)


def outputs(shared: Path, stride: int, limit: int, offset: int = 0) -> list[tuple[Output, str]]:
    """Every output of the stage on the sample with its kind and shape (the shape is returned for grouping)."""
    stage, boilerplate = TimeStage(), BoilerplateStage()
    out: list[tuple[Output, str]] = []
    for archive, index, url, published, text in sample_articles(shared, stride, limit, offset):
        doc = Document(text, published=published)
        boilerplate(doc)
        stage(doc)
        view = doc.matching
        kinds = {
            view.to_original(f.start, f.end)[0]: f.kind
            for f in resolve_expressions(
                find_expressions(view.text), parse_published(doc.published), view.text
            )
        }
        for t in doc.times:
            kind = kinds.get(t.start, "?")
            out.append((Output(archive, index, url, t.start, t.end, t.value, kind), _shape(t.text)))
    return out


def grouped(items: list[tuple[Output, str]], keep: frozenset[str] = frozenset()) -> dict[str, list[Output]]:
    """Outputs by kind and shape; a rare shape joins its kind's "(other)" unless it is one of ``keep``."""
    shapes = Counter(f"{o.group}: {shape}" for o, shape in items)
    groups: dict[str, list[Output]] = defaultdict(list)
    for o, shape in items:
        key = f"{o.group}: {shape}"
        groups[key if shapes[key] >= MIN_SHAPE or key in keep else f"{o.group}: (other)"].append(o)
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["groups", "draw", "show", "score"])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--stride", type=int, default=7)
    parser.add_argument("--limit", type=int, default=1500)
    parser.add_argument(
        "--offset", type=int, default=0, help="the article count modulo the stride (round 29's value sample: 3)"
    )
    parser.add_argument("--top", type=int, default=15, help="how many of the most frequent groups to sample")
    parser.add_argument("--per-group", type=int, default=15)
    parser.add_argument("--seed", type=int, default=28)
    parser.add_argument(
        "--also",
        nargs="*",
        default=[],
        help="groups (kind: shape) the golds show as error-prone, sampled too",
    )
    parser.add_argument("--also-per-group", type=int, default=10)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--judged", type=Path)
    args = parser.parse_args()

    if args.command == "score":
        assert args.judged is not None
        tally, shares = verdicts_by_group(args.judged, "share")
        print("group | share of all outputs | judged | right | value wrong | out | precision")
        for group, c in sorted(tally.items(), key=lambda kv: -shares[kv[0]]):
            n = sum(c.values())
            print(
                f"{group} | {shares[group]:.3f} | {n} | {c['right']} | {c['value']} | {c['out']} | {c['right'] / n:.2f}"
            )
        covered = sum(shares.values())
        weighted = sum(shares[g] * c["right"] / sum(c.values()) for g, c in tally.items()) / covered
        print(
            f"groups judged hold {covered:.2f} of all outputs; their precision weighted by share: {weighted:.3f}"
        )
        return

    if args.command == "show":
        assert args.judged is not None
        wanted = read_judged(args.judged)
        texts = {
            (a, i): (t, p) for a, i, _u, p, t in sample_articles(args.shared, args.stride, args.limit, args.offset)
        }
        for n, item in enumerate(wanted):
            text, published = texts[(item["archive"], item["index"])]
            s, e = item["mention"]
            context = (text[max(0, s - 70) : s] + " [[" + text[s:e] + "]] " + text[e : e + 50]).replace(
                "\n", " "
            )
            print(f"{n}\t{item['group']}\t{published[:10]}\t{item['value']}\t{context}")
        return

    items = outputs(args.shared, args.stride, args.limit, args.offset)
    groups = grouped(items, frozenset(args.also))
    ranked = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    if args.command == "groups":
        print(f"{len(items)} outputs in {len({(o.archive, o.index) for o, _ in items})} articles")
        for key, members in ranked:
            print(f"{len(members)}\t{len(members) / len(items):.3f}\t{key}")
        return

    assert args.out is not None
    rng = random.Random(args.seed)
    lines = [
        f"# Round 28 pattern audit of the times stage: every {args.stride}th SaudiNewsNet article (at most "
        f"{args.limit}, up to {MAX_CHARS} characters, every time gold's and the value audit's articles left out),",
        f"# the stage's outputs grouped by kind and shape; {args.per_group} drawn at random (seed {args.seed}) from "
        f"each of the {args.top} most frequent groups,",
        f"# and {args.also_per_group} from each group the golds show as error-prone: {'; '.join(args.also) or 'none'}.",
        "# Coordinates, offsets, values and verdicts only (SaudiNewsNet is CC BY-NC-SA). verdict: right | value | out.",
        f"# {len(items)} outputs in all; share = the group's share of them.",
    ]
    chosen = [(key, members, args.per_group) for key, members in ranked[: args.top]]
    top = {key for key, _members in ranked[: args.top]}
    chosen += [
        (key, groups[key], args.also_per_group) for key in args.also if key not in top and groups.get(key)
    ]
    for key, members, k in chosen:
        for o in sorted(rng.sample(members, min(k, len(members))), key=lambda o: (o.archive, o.index)):
            row = {
                "archive": o.archive,
                "index": o.index,
                "url": o.url,
                "mention": [o.start, o.end],
                "value": o.value,
                "group": key,
                "share": round(len(members) / len(items), 4),
                "verdict": "",
            }
            lines.append(json.dumps(row, ensure_ascii=False))
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
