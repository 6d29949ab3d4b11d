"""Turn an annotator's draft (surfaces) into a gold annotation (offsets).

Annotators write what they see; this tool finds it in the article text and
stores offsets only (SaudiNewsNet text must not enter the project). Draft::

    {"id": "snn-2015-07-21-0123", "annotator": "A1",
     "events": [{"sent": "<a unique stretch of the article containing the trigger>",
                 "type": "ASSAULT", "trigger": "قصفت", "actor": "طائرات النظام",
                 "actor_name": "Syrian government", "target": "بلدة كفرنبل", "target_name": "...",
                 "place": "كفرنبل", "date": "2015-07-20", "status": "asserted",
                 "source": null, "same_as": null}],
     "quotes": [{"sent": "...", "cue": "وقال", "speaker": "المتحدث باسم الخارجية",
                 "speaker_name": "...", "content": "...", "direct": false}]}

``sent`` is copied from the article (whitespace may differ) and must occur once.
Every other surface is looked up inside ``sent`` first (``"surface#2"`` = its
second occurrence there), else at its occurrence nearest to ``sent`` in the
article. Errors are listed and nothing is written until the draft is clean.

    python tools/gold/anchor.py DRAFT.json... [--pass 2] [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from marsad.evaluate.gold_corpus import GoldCorpus, GoldCorpusError, check_annotation  # noqa: E402

EVENT_SPANS = ("trigger", "actor", "target", "place", "source")
QUOTE_SPANS = ("cue", "speaker", "content")
KEEP_EVENT = ("type", "actor_name", "target_name", "date", "status", "same_as", "source_name")
KEEP_QUOTE = ("speaker_name", "direct")


class DraftError(ValueError):
    pass


def pattern(surface: str) -> regex.Pattern[str]:
    """Whitespace-insensitive, and blind to the order (or presence) of diacritics, which
    differ between a copy and the article (shadda before or after the vowel)."""
    words = [regex.sub(r"\p{M}+", "", w) for w in surface.split()]
    words = [w for w in words if w]
    if not words:
        raise DraftError("empty surface")
    return regex.compile(r"\s+".join("".join(regex.escape(c) + r"\p{M}*" for c in w) for w in words))


def find_all(text: str, surface: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern(surface).finditer(text, overlapped=True)]


def locate_sent(text: str, sent: str) -> tuple[int, int]:
    hits = find_all(text, sent)
    if not hits:
        raise DraftError(f"sent not found in the article: «{sent[:80]}»")
    if len(hits) > 1:
        raise DraftError(f"sent occurs {len(hits)} times, make it longer: «{sent[:80]}»")
    return hits[0]


PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "س", "ال", "وال", "فال", "بال", "كال", "لل", "ول", "وب", "فب",
                        "فل", "ولل", "وبال", "فبال", "وس", "فس"})
ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ي", "ني"})


def on_word_boundary(text: str, start: int, end: int) -> bool:
    """The span is whole words, give or take a clitic: ``دمشق`` in ``بدمشق`` is, ``لي`` in ``التالي`` is not."""
    word_start = start
    while word_start > 0 and (text[word_start - 1].isalpha() or regex.match(r"\p{M}", text[word_start - 1])):
        word_start -= 1
    word_end = end
    while word_end < len(text) and (text[word_end].isalpha() or regex.match(r"\p{M}", text[word_end])):
        word_end += 1
    prefix = regex.sub(r"\p{M}", "", text[word_start:start])
    suffix = regex.sub(r"\p{M}", "", text[end:word_end])
    return (not prefix or prefix in PROCLITICS) and (not suffix or suffix in ENCLITICS)


def locate(text: str, value: str, region: tuple[int, int]) -> tuple[int, int]:
    """Where ``value`` is meant: inside the sent (the n-th when ``#n``, else the first whole-word
    one), else the whole-word occurrence nearest to the sent; a part of another word
    (``اليمن`` in ``اليمنية``) only when there is nothing else."""
    surface, _, nth = value.partition("#")
    index = int(nth) - 1 if nth.isdigit() else None
    hits = find_all(text, surface)
    if not hits:
        raise DraftError(f"«{surface}» not found in the article")
    inside = [h for h in hits if h[0] >= region[0] and h[1] <= region[1]]
    if inside:
        if index is not None:
            if index >= len(inside):
                raise DraftError(f"«{surface}» occurs only {len(inside)} times in its sent")
            return inside[index]
        whole = [h for h in inside if on_word_boundary(text, *h)]
        return (whole or inside)[0]
    overlapping = [h for h in hits if h[0] < region[1] and region[0] < h[1]]
    if overlapping:
        return overlapping[0]

    def gap(h: tuple[int, int]) -> tuple[int, int]:
        distance = region[0] - h[1] if h[1] <= region[0] else h[0] - region[1]
        return (distance, 0 if h[1] <= region[0] else 1)  # the preceding mention on a tie

    nearest = min(hits, key=gap)
    # a whole-word occurrence a little farther away beats a part of another word (اليمن in
    # اليمنية); not one far away (texts with missing spaces glue names to their neighbours)
    whole = [h for h in hits if on_word_boundary(text, *h) and gap(h)[0] <= gap(nearest)[0] + WHOLE_WORD_REACH]
    return min(whole, key=gap) if whole else nearest


WHOLE_WORD_REACH = 250  # characters


def anchor_items(text: str, items: list[dict[str, Any]], spans: tuple[str, ...], keep: tuple[str, ...],
                 what: str, errors: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k, item in enumerate(items):
        try:
            region = locate_sent(text, str(item["sent"]))
            record: dict[str, Any] = {}
            for key in spans:
                value = item.get(key)
                record[key] = None if value in (None, "") else list(locate(text, str(value), region))
            for key in keep:
                if key in item:
                    record[key] = item[key]
            out.append(record)
        except (DraftError, KeyError) as exc:
            errors.append(f"{what} {k}: {exc}")
    return out


def dump(gold: dict[str, Any]) -> str:
    """One event or quote per line: small diffs when an annotation is corrected."""
    head = {k: v for k, v in gold.items() if k not in ("events", "quotes")}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ","]
    for key in ("events", "quotes"):
        items = [json.dumps(item, ensure_ascii=False) for item in gold[key]]
        body = ",\n  ".join(items)
        lines.append(f' "{key}": [\n  {body}\n ]' if items else f' "{key}": []')
    return lines[0] + "\n" + ",\n".join(lines[1:]) + "\n}\n"


def print_problems(draft_path: Path, errors: list[str]) -> None:
    """Why a draft was not written: its path and one indented line per problem."""
    print(f"{draft_path}: {len(errors)} problem(s)")
    for e in errors:
        print(f"  {e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("drafts", nargs="+")
    parser.add_argument("--pass", dest="second", choices=["1", "2"], default="1")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", help="write here instead of gold/annotations or gold/second-pass")
    args = parser.parse_args()
    corpus = GoldCorpus(ROOT / "gold", Path(args.shared))
    out_dir = Path(args.out) if args.out else ROOT / "gold" / ("annotations" if args.second == "1" else "second-pass")
    out_dir.mkdir(exist_ok=True)
    failed = 0
    for draft_path in args.drafts:
        errors: list[str] = []
        try:
            draft = json.loads(Path(draft_path).read_text("utf-8"))
            article = corpus.article(draft["id"])
        except (OSError, ValueError, KeyError, GoldCorpusError) as exc:
            print(f"{draft_path}: {exc}")
            failed += 1
            continue
        text = article.text
        events = anchor_items(text, draft.get("events", []), EVENT_SPANS, KEEP_EVENT, "event", errors)
        quotes = anchor_items(text, draft.get("quotes", []), QUOTE_SPANS, KEEP_QUOTE, "quote", errors)
        gold = {"id": article.id, "corpus": article.corpus, "published": article.published,
                "annotator": draft.get("annotator"), "events": events, "quotes": quotes}
        if not errors:
            errors = check_annotation(gold, text)
        if errors:
            failed += 1
            print_problems(draft_path, errors)
            continue
        target = out_dir / f"{article.id}.json"
        target.write_text(dump(gold), encoding="utf-8")
        print(f"{draft_path}: ok → {target} ({len(events)} events, {len(quotes)} quotes)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
