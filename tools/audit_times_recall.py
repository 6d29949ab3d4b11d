"""Recall of the times stage by pattern on unseen text: date-looking tokens that no output covers.

The other side of ``tools/audit_times_patterns.py`` (precision by pattern). Over an unseen sample of SaudiNewsNet (every
``--stride``-th article counted from ``--offset``, at most ``--limit``, every article of a time gold, of the value audit
and of the pattern audit left out), every token that looks like part of a date is found on the normalised view: a
Gregorian or Hijri month name of the lexicon, a weekday, a 4-digit number in 1900-2030, a year word before a number, a
number with a Hijri mark, two numbers joined by ``/`` or ``-``, ``أمس``/``غدا``/``اليوم``, a direction word after a
time noun. A token that no output of the stage overlaps is *uncovered*; the uncovered are grouped by pattern and the
kind of word before them (a cue word, a number, a date name, punctuation, another word; a group seen fewer than ``MIN_SHAPE`` times pooled in its
pattern's "(other)"), and a fixed random sample of each frequent group is drawn to be judged by reading the article.

    python tools/audit_times_recall.py groups --shared ../shared            # uncovered tokens by group
    python tools/audit_times_recall.py draw --shared ../shared --out FILE   # the sample to judge (no text)
    python tools/audit_times_recall.py show --shared ../shared --judged FILE  # each sampled token in context
    python tools/audit_times_recall.py score --judged FILE                  # missed dates per group

The judged file stores coordinates, offsets and verdicts only (SaudiNewsNet is CC BY-NC-SA): one JSON object a line,
``verdict`` one of ``missed`` (part of a date the annotation guide counts, with its ``value`` when one can be given) or
``not`` (no date by the guide: a name, a verb, a count, a generic, vague or recurring use, a duration, an hour).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from audit_times_patterns import MAX_CHARS, read_judged, sample_articles, verdicts_by_group
from marsad.document import Document
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.times import TimeStage
from marsad.timex.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
MIN_SHAPE = 10
_DIGITS = re.compile(r"\d+")
# Time nouns after which a direction word makes a relative expression (normalised forms).
_TIME_NOUNS = r"(?:ال|لل)?(?:اسبوع|شهر|عام|سنه|يوم|ليله|اسبوعين|شهرين|عامين|سنتين|يومين)"
_DIRECTIONS = r"(?:الماضي|الماضيه|المقبل|المقبله|القادم|القادمه|الجاري|الحالي|الحاليه|الفائت)"


_AB_LOOKALIKES = frozenset({"باب", "لاب", "فاب"})
_PREPOSITIONS = frozenset({"في", "من", "الي", "علي", "عن", "مع", "منذ", "حتي", "بين", "خلال", "قبل", "بعد", "لشهر", "بشهر"})


@dataclass(frozen=True, slots=True)
class Token:
    archive: str
    index: int
    url: str
    start: int
    end: int
    group: str


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The date-looking token patterns, on the normalised view (hamza folded, ة→ه, ى→ي, digits ASCII)."""
    lex = load_lexicon()

    def words(forms: Iterable[str]) -> str:
        return "|".join(sorted((re.escape(str(f)) for f in forms), key=len, reverse=True))

    bound_l, bound_r = r"(?<![\w])(?:[وفبل]|ول|وب|لل)?", r"(?![\w])"
    return [
        ("hijri_month", re.compile(bound_l + f"(?:{words(lex.hijri_months)})" + bound_r)),
        ("month", re.compile(bound_l + f"(?:{words(lex.months)})" + bound_r)),
        ("weekday", re.compile(bound_l + f"(?:{words(lex.weekdays)})" + bound_r)),
        ("hijri_mark", re.compile(r"(?<!\d)\d{3,4}\s*(?:ه|هجري|هجريه|للهجره)" + bound_r)),
        ("numeric", re.compile(r"(?<!\d)\d{1,4}\s*[/\-–]\s*\d{1,4}(?:\s*[/\-–]\s*\d{1,4})?(?!\d)")),
        ("year_word", re.compile(bound_l + f"(?:{words(lex.year_words)})" + r"\s*\(?\s*\d{1,4}(?!\d)")),
        ("year", re.compile(r"(?<!\d)(?:19\d\d|20[0-2]\d|2030)(?!\d)")),
        ("day_word", re.compile(bound_l + r"(?:امس|الامس|غدا|غد|اليوم)" + bound_r)),
        ("direction", re.compile(bound_l + _TIME_NOUNS + r"\s+" + _DIRECTIONS + bound_r)),
    ]


def _fold(word: str) -> str:
    lex = load_lexicon()
    bare = word.lstrip("وفبل") if word[:1] in "وفبل" and len(word) > 3 else word
    if _DIGITS.fullmatch(word.strip("()")):
        return "N"
    for table, name in ((lex.weekdays, "WEEKDAY"), (lex.months, "MONTH"), (lex.hijri_months, "HIJRI_MONTH")):
        if word in table or bare in table:
            return name
    return _DIGITS.sub("N", word)


def uncovered(shared: Path, stride: int, offset: int, limit: int) -> tuple[list[tuple[Token, str]], int]:
    """Every date-looking token no output overlaps, with its shape (the word before it and the token, folded), and
    how many date-looking tokens were seen in all."""
    stage, boilerplate, patterns = TimeStage(), BoilerplateStage(), _patterns()
    out: list[tuple[Token, str]] = []
    total = 0
    for archive, index, url, published, text in sample_articles(shared, stride, limit, offset):
        doc = Document(text, published=published)
        boilerplate(doc)
        stage(doc)
        view = doc.matching
        covered = [(t.start, t.end) for t in doc.times]
        claimed: list[tuple[int, int]] = []
        for name, pattern in patterns:
            for m in pattern.finditer(view.text):
                if any(s < m.end() and m.start() < e for s, e in claimed):
                    continue  # one token, one pattern: the first that matches (a year word's number is not a year)
                claimed.append((m.start(), m.end()))
                start, end = view.to_original(m.start(), m.end())
                total += 1
                if any(s < end and start < e for s, e in covered):
                    continue
                if name == "month" and m.group() in _AB_LOOKALIKES:
                    continue  # باب "door", لاب: a clitic before آب that is no month
                before = view.text[max(0, m.start() - 30) : m.start()].split()
                out.append((Token(archive, index, url, start, end, name), _before_class(before[-1] if before else "")))
    return out, total


def _before_class(word: str) -> str:
    """The kind of word before a token: a cue word (a preposition, a month or year cue, a count-back word), a number, a
    date name, punctuation or nothing, or another word."""
    lex = load_lexicon()
    if not re.search(r"[\u0621-\u064a]", word):
        return "after a number" if _DIGITS.search(word) else "after punctuation"
    folded = _fold(word.strip("()«»\"“”،,."))
    if folded in {"MONTH", "HIJRI_MONTH", "WEEKDAY"}:
        return "after a date name"
    bare = word.strip("()«»\"“”،,.")
    cues = lex.month_cues | lex.year_words | lex.ago_words | lex.range_from | lex.range_to | lex.day_range_links
    if bare in cues or bare.lstrip("و") in cues or bare in _PREPOSITIONS:
        return "after a cue word"
    return "after another word"


def grouped(items: list[tuple[Token, str]]) -> dict[str, list[Token]]:
    shapes = Counter(f"{t.group}: {shape}" for t, shape in items)
    groups: dict[str, list[Token]] = defaultdict(list)
    for t, shape in items:
        key = f"{t.group}: {shape}"
        groups[key if shapes[key] >= MIN_SHAPE else f"{t.group}: (other)"].append(t)
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["groups", "draw", "show", "score"])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--stride", type=int, default=7)
    parser.add_argument("--offset", type=int, default=3, help="round 28's pattern audit took offset 0")
    parser.add_argument("--limit", type=int, default=1500)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--per-group", type=int, default=8)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--judged", type=Path)
    args = parser.parse_args()

    if args.command == "score":
        assert args.judged is not None
        tally, sizes = verdicts_by_group(args.judged, "size")
        print("group | uncovered tokens | judged | missed dates | not dates | estimated missed")
        est = 0.0
        for group, c in sorted(tally.items(), key=lambda kv: -sizes[kv[0]]):
            n = sum(c.values())
            share = c["missed"] / n
            est += share * sizes[group]
            print(f"{group} | {sizes[group]:.0f} | {n} | {c['missed']} | {c['not']} | {share * sizes[group]:.0f}")
        print(f"estimated missed dates in the judged groups: {est:.0f}")
        return

    if args.command == "show":
        assert args.judged is not None
        wanted = read_judged(args.judged)
        texts = {(a, i): (t, p) for a, i, _u, p, t in sample_articles(args.shared, args.stride, args.limit, args.offset)}
        for n, item in enumerate(wanted):
            text, published = texts[(item["archive"], item["index"])]
            s, e = item["token"]
            context = (text[max(0, s - 80) : s] + " [[" + text[s:e] + "]] " + text[e : e + 50]).replace("\n", " ")
            print(f"{n}\t{item['group']}\t{published[:10]}\t{context}")
        return

    items, total = uncovered(args.shared, args.stride, args.offset, args.limit)
    groups = grouped(items)
    ranked = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    if args.command == "groups":
        print(f"{total} date-looking tokens, {len(items)} uncovered")
        for key, members in ranked:
            print(f"{len(members)}\t{key}")
        return

    assert args.out is not None
    rng = random.Random(args.seed)
    lines = [
        f"# Round 29 recall audit of the times stage: every {args.stride}th SaudiNewsNet article counted from offset "
        f"{args.offset} (at most {args.limit}, up to {MAX_CHARS} characters, every time gold's, the value audit's and",
        "# the pattern audit's articles left out); the date-looking tokens no output covers, grouped by pattern and the "
        "word before them;",
        f"# {args.per_group} drawn at random (seed {args.seed}) from each of the {args.top} most frequent groups. "
        f"{total} date-looking tokens, {len(items)} uncovered; size = the group's count.",
        "# Coordinates, offsets and verdicts only (SaudiNewsNet is CC BY-NC-SA). verdict: missed (a date the guide "
        "counts; value when one can be given) | not (no date by the guide).",
    ]
    for key, members in ranked[: args.top]:
        for t in sorted(rng.sample(members, min(args.per_group, len(members))), key=lambda t: (t.archive, t.index)):
            row = {
                "archive": t.archive,
                "index": t.index,
                "url": t.url,
                "token": [t.start, t.end],
                "group": key,
                "size": len(members),
                "verdict": "",
                "value": "",
            }
            lines.append(json.dumps(row, ensure_ascii=False))
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
