"""How consistently the event gold marks its trigger words: each word annotated as an event against left out.

For every word of the annotated articles of a split (train by default; never the sealed test split) the tool
reads a key — the word's shortest verb or verbal-noun stem (:func:`verb_stems`, ``وقصفت`` / ``القصف`` →
``قصف``; ``--key form`` the word without its clitics, :func:`bare`) — and whether it lies in a gold event's
trigger, of which PLOVER type. Keys the gold uses as a trigger at least ``--min`` times, and the words the
rules' trigger lexicon reads as an event word (:func:`lookup_trigger`: candidates the trigger model always
sees), are listed with

* how often they are a trigger and with which types, and how often they are left out;
* of those left out, how many stand in an article where the same key is a trigger elsewhere (``same
  article``: an uncoded re-mention, or a second event the annotator skipped);
* the most inconsistent first: the minority side's count (the smaller of annotated and left out) plus the
  words of the key whose type is not the key's usual one.

``--examples N`` prints N contexts of each side (the article id, the offset, the words around it) for the
listed keys, so a reader can check them against the annotation guide.

    PYTHONPATH=src python tools/trigger_gold_consistency.py [--split train] [--corpora anercorp,ntrex128]
        [--key stem|form] [--min 3] [--top 40] [--examples 3] [--json] [--gold gold] [--shared ../shared/data]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.attribution.learned.context import bare, verb_stems
from marsad.attribution.lexicon import lookup_trigger
from marsad.cli.train_common import chosen_corpora, gold_tool_parser, open_gold_corpus
from marsad.evaluate.attribution import annotated_articles
from marsad.text.normalize import normalize

# a word: Arabic letters and diacritics (punctuation and digits around it are not part of its key)
_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0670-\u06D3\u064B-\u065F]+")
NOT_EVENT = "-"


@dataclass(slots=True)
class Occurrence:
    article: str
    start: int
    end: int
    type: str  # the gold event's type, or NOT_EVENT
    context: str


@dataclass(slots=True)
class KeyCounts:
    key: str
    lexicon: str | None = None  # the rules' lexicon type of (one of) its words
    occurrences: list[Occurrence] = field(default_factory=list)
    same_article: int = 0  # left out where the key is a trigger elsewhere in the article

    @property
    def types(self) -> Counter[str]:
        return Counter(o.type for o in self.occurrences if o.type != NOT_EVENT)

    @property
    def annotated(self) -> int:
        return sum(self.types.values())

    @property
    def left_out(self) -> int:
        return len(self.occurrences) - self.annotated

    @property
    def other_types(self) -> int:
        types = self.types
        return self.annotated - max(types.values()) if types else 0

    @property
    def inconsistency(self) -> int:
        """The minority side plus the triggers of another type than the key's usual one."""
        return min(self.annotated, self.left_out) + self.other_types

    def row(self) -> dict[str, Any]:
        return {"key": self.key, "lexicon": self.lexicon, "words": len(self.occurrences),
                "annotated": self.annotated, "left_out": self.left_out, "same_article": self.same_article,
                "types": dict(self.types.most_common()), "inconsistency": self.inconsistency}


def word_key(word: str, mode: str = "stem") -> str:
    """The key a word is counted under: its shortest stem of three letters or more (``stem``), or the word
    without its leading clitics (``form``); both on the normalised matching form."""
    form = normalize(word)
    if mode == "form":
        return bare(form)
    stems = [s for s in verb_stems(form) if len(s) >= 3]
    return min(stems, key=lambda s: (len(s), s)) if stems else bare(form)


def gold_triggers(events: Sequence[dict[str, Any]]) -> list[tuple[int, int, str]]:
    out = []
    for ev in events:
        span = ev.get("trigger")
        if isinstance(span, list) and len(span) == 2:
            out.append((int(span[0]), int(span[1]), str(ev.get("type"))))
    return out


def article_words(article_id: str, text: str, events: Sequence[dict[str, Any]],
                  mode: str) -> list[tuple[str, Occurrence]]:
    """Every word of the article with its key and the type of the gold trigger it lies in (if any)."""
    triggers = gold_triggers(events)
    out = []
    for m in _WORD.finditer(text):
        start, end = m.span()
        kind = next((t for s, e, t in triggers if s < end and start < e), NOT_EVENT)
        context = text[max(0, start - 40):min(len(text), end + 40)].replace("\n", " ")
        out.append((word_key(m.group(), mode), Occurrence(article_id, start, end, kind, context)))
    return out


def count_keys(articles: Iterable[tuple[str, str, Sequence[dict[str, Any]]]], mode: str = "stem") -> dict[str, KeyCounts]:
    """``articles``: (id, text, gold events). Every key met, with its occurrences."""
    keys: dict[str, KeyCounts] = {}
    for article_id, text, events in articles:
        words = article_words(article_id, text, events, mode)
        triggered = {k for k, o in words if o.type != NOT_EVENT}
        for key, occ in words:
            counts = keys.get(key)
            if counts is None:
                counts = keys[key] = KeyCounts(key)
            counts.occurrences.append(occ)
            if occ.type == NOT_EVENT and key in triggered:
                counts.same_article += 1
            if counts.lexicon is None:
                hit = lookup_trigger(normalize(text[occ.start:occ.end]))
                counts.lexicon = hit.type if hit is not None else None
    return keys


def inconsistent(keys: dict[str, KeyCounts], minimum: int) -> list[KeyCounts]:
    """Keys the gold uses as a trigger ``minimum`` times or more, or that the lexicon reads as an event word
    and the gold uses at least once, the most inconsistent first."""
    chosen = [k for k in keys.values() if k.annotated >= minimum or (k.lexicon and k.annotated)]
    return sorted(chosen, key=lambda k: (-k.inconsistency, -k.annotated, k.key))


def main(argv: list[str] | None = None) -> None:
    parser = gold_tool_parser(__doc__ or "", split=True, corpora=True)
    parser.set_defaults(split="train", corpora="anercorp,ntrex128")
    parser.add_argument("--key", choices=("stem", "form"), default="stem")
    parser.add_argument("--min", type=int, default=3, help="Keys a trigger at least this often (default 3).")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--examples", type=int, default=0, help="Contexts printed per side of a listed key.")
    parser.add_argument("--json", action="store_true", help="One JSON line per listed key.")
    args = parser.parse_args(argv)
    if args.min < 1 or args.top < 1 or args.examples < 0:
        parser.error("--min and --top are 1 or more, --examples 0 or more")
    corpus = open_gold_corpus(args.gold, args.shared)
    corpora = chosen_corpora(parser, args.corpora, corpus)
    errors: list[str] = []
    articles = [(a.id, a.text, gold.get("events", []))
                for a, gold in annotated_articles(corpus, args.split, errors, corpora)]
    for error in errors:
        print(f"skipped: {error}")
    keys = inconsistent(count_keys(articles, args.key), args.min)[:args.top]
    if args.json:
        for k in keys:
            print(json.dumps(k.row(), ensure_ascii=False))
        return
    print(f"{len(articles)} articles ({args.split}); keys by inconsistency (minority side + other types)")
    print("key\tlexicon\tannotated\tleft out\tsame article\ttypes")
    for k in keys:
        types = ", ".join(f"{t} {n}" for t, n in k.types.most_common())
        print(f"{k.key}\t{k.lexicon or ''}\t{k.annotated}\t{k.left_out}\t{k.same_article}\t{types}")
        for side in ("annotated", "left out"):
            shown = [o for o in k.occurrences if (o.type != NOT_EVENT) == (side == "annotated")][:args.examples]
            for o in shown:
                print(f"    {side} {o.type} {o.article}:{o.start}  …{o.context}…")


if __name__ == "__main__":
    main()
