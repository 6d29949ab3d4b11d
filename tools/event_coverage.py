"""Where the learned layer loses the gold events of the train or dev split: a coverage table.

Runs the learned pipeline on every annotated article of the split and, beside it, scores every word
the trigger model could decide on (the rules' events and every other word a lexicon, UniversalPetrarch
or the model's vocabulary reads as an event word; no word passed over by the bound). Each gold event
(a cluster of re-mentions) falls in one class:

* not a candidate: no candidate word overlaps any of its triggers (the model never sees it);
* under threshold: a candidate overlaps, but its probability of being an event is under the threshold
  (``best type right`` when the model's best type for it is the gold type);
* wrong type: a candidate is kept, with another type;
* kept, not matched: a candidate of the right type is kept but the output has no event for the cluster
  (merged into another event's mentions, or the match went to another cluster);
* matched, actor missing / actor wrong / actor right: the output's event for it, by its actor.

Each class is also counted by the part of speech of the gold trigger's word, read from its letters
(a heuristic: no tagger): multi-word, verb (a present-tense prefix, or a bare past form), verbal noun,
participle (``مؤكدا``, ``المهاجمين``); and by gold type.

Each output event that matches no gold event (a false event) falls in one class too (:func:`false_class`):

* a re-mention: its word is a gold trigger of its type whose event another output event matched;
* right word, wrong type: its word is a gold trigger of another type only;
* not an event, beside a coded event: no gold trigger at its word, another gold event in its sentence (a
  complement or purpose word of the coded event: ``رفض توجيه الاتهام``, ``طلب مساعدة``);
* not an event, its type elsewhere: no gold trigger at its word or in its sentence, a gold event of its type
  elsewhere in the article (an uncoded re-mention or a generic mention);
* not an event, none of its type: no gold event of its type in the article at all;

with the commonest words of each "not an event" class.

Both the gold events and the false events are also counted by where their word stands
(:func:`where_it_stands`): inside a quotation, inside a name (an entity of the analysed text: `جبهة النصرة`,
`فجر ليبيا`), in the article's first sentence (the headline or dateline lede), or elsewhere; and the false
events by the part of speech of their word.

``--fold-models DIR``: out of fold. Each article is read by the model ``DIR/A-k.json`` of its outer fold k
(``tools/refit_cv.py --recipes A --out DIR`` leaves them: fitted and thresholded without the articles of
fold k), so on the train split the articles scored are never those the model learned from. The sealed test
split is never read.

    PYTHONPATH=src python tools/event_coverage.py [--split dev] [--gold gold] [--shared ../shared/data]
        [--attribution-model FILE | --fold-models DIR [--folds 4]] [--corpora anercorp,ntrex128,saudinewsnet]
        [--examples CLASS] [--json FILE]
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import marsad.attribution.learned.extract as extract
from marsad.attribution.learned.context import Context
from marsad.attribution.lexicon import strip_proclitics
from marsad.cli.train_common import FoldModels, gold_tool_parser, open_gold_corpus
from marsad.document import Event
from marsad.evaluate.attribution import (
    _argument_right,
    _Cluster,
    _clusters,
    _match_events,
    _trigger_spans,
    annotated_articles,
)
from marsad.evaluate.matching import gold_span, overlaps
from marsad.text.normalize import normalize

Scored = tuple[int, int, int, str, float, float, bool]  # token start, end, index, type, p, threshold, by rule


@contextmanager
def recording(seen: list[tuple[Context, list[Scored]]]) -> Iterator[None]:
    """Record, for every document, every candidate word with the trigger model's type and probability."""
    real = extract.decide_events

    def decide(ctx: Context, models: extract.AttributionModels,
               min_confidence: float | None = None) -> list[tuple[int, Any]]:
        cands = extract.event_candidates(ctx, models.trigger_words(), None, None)
        rows = extract.event_decisions(models.trigger, [c.features for c in cands])
        scored = []
        for cand, (label, p) in zip(cands, rows, strict=True):
            tok = ctx.tokens[cand.index]
            threshold = models.trigger_threshold_rules if cand.rule is not None else models.trigger_threshold
            scored.append((tok.start, tok.end, cand.index, label, p, threshold, cand.rule is not None))
        seen.append((ctx, scored))
        return real(ctx, models, min_confidence)

    extract.decide_events = decide
    try:
        yield
    finally:
        extract.decide_events = real


IMPERFECTIVE = ("ي", "ت", "ن")
PAST_ENDINGS = ("ت", "وا", "تم", "نا")


def part_of_speech(ctx: Context, span: tuple[int, int]) -> str:
    """The gold trigger's part of speech, guessed from its letters (see the module's docstring)."""
    words = [t for t in ctx.tokens if t.is_word and t.start < span[1] and span[0] < t.end]
    if len(words) > 1:
        return "multi-word"
    if not words:
        return "other"
    readings = sorted(strip_proclitics(normalize(words[0].form)), key=len)
    bare = readings[0] if readings else words[0].form
    definite = bare.startswith("ال") and len(bare) > 4
    core = bare[2:] if definite else bare
    if (core.startswith("م") and len(core) >= 5) or (not definite and core.endswith("ا") and len(core) >= 5
                                                     and (core.startswith("م") or core[1:2] == "ا")):
        return "participle"
    if definite or core.endswith(("ه", "ة", "ات", "اء")):
        return "verbal noun"
    if core.endswith(PAST_ENDINGS) and len(core) <= 7:
        return "verb"  # a past form with its person ending (طاردت، ارتضوا، قلصتم)
    if core.startswith(IMPERFECTIVE) and len(core) >= 4 and not (core.startswith("ت") and core[3:4] == "ي"):
        return "verb"
    if len(core) <= 4 and core[2:3] not in ("و", "ي", "ا"):
        return "verb"  # a bare past form (شن، قتل، هاجم); فعول / فعيل / فعال are nouns
    return "verbal noun"


def where_it_stands(ctx: Context, span: tuple[int, int]) -> str:
    """Where an event word stands: ``quote`` (inside a quotation's content), ``name`` (inside an entity the
    analysed text found), ``first sentence``, or ``plain``; the first that holds, in that order."""
    if ctx.covering_quote(span[0]) is not None:
        return "quote"
    index = ctx.token_at(span[0])
    if any(first <= index < last for first, last in ctx.entity_spans):
        return "name"
    if ctx.tokens[index].sentence == 0:
        return "first sentence"
    return "plain"


def classify(text: str, ctx: Context, cluster: Any, scored: list[Scored], matched: Any) -> str:
    if matched is not None:
        if not matched.actor:
            return "matched, actor missing" if not _argument_right(text, cluster, "actor", None) \
                else "matched, actor right (none)"
        return "matched, actor right" if _argument_right(text, cluster, "actor", matched.actor) \
            else "matched, actor wrong"
    spans = cluster.triggers()
    over = [s for s in scored if any(overlaps(g, (s[0], s[1])) for g in spans)]
    if not over:
        return "not a candidate"
    kept = [s for s in over if s[4] >= s[5]]
    if any(s[3] == cluster.type for s in kept):
        return "kept, not matched"
    if kept:
        return "wrong type"
    best = max(over, key=lambda s: s[4])
    return "under threshold, best type right" if best[3] == cluster.type else "under threshold, best type wrong"


FALSE_CLASSES = ("a re-mention", "right word, wrong type", "not an event, beside a coded event",
                 "not an event, its type elsewhere", "not an event, none of its type")


def false_class(ctx: Context, clusters: list[_Cluster], event: Event) -> str:
    """Why an output event that matches no gold event is false (the classes of the module's docstring). A
    word of a gold trigger of its type is a re-mention: the matching pairs it with that event unless another
    output event took it."""
    spans = _trigger_spans(event)
    at_word = [ci for ci, c in enumerate(clusters) if any(overlaps(g, t) for g in c.triggers() for t in spans)]
    if any(clusters[ci].type == event.type for ci in at_word):
        return "a re-mention"
    if at_word:
        return "right word, wrong type"
    sentence = ctx.tokens[ctx.token_at(spans[0][0])].sentence
    if any(ctx.tokens[ctx.token_at(g[0])].sentence == sentence for c in clusters for g in c.triggers()):
        return "not an event, beside a coded event"
    if any(c.type == event.type for c in clusters):
        return "not an event, its type elsewhere"
    return "not an event, none of its type"


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0], split=True, model=True, fold_models=True)
    parser.add_argument("--corpora", help="Comma-separated corpora (default: all).")
    parser.add_argument("--examples", help="Print the gold events whose class contains these words.")
    parser.add_argument("--json", type=Path, help="Write every gold event's class here.")
    args = parser.parse_args()
    corpus = open_gold_corpus(args.gold, args.shared)
    wanted = frozenset(c.strip() for c in args.corpora.split(",")) if args.corpora else None
    models = FoldModels(args.attribution_model, args.fold_models, args.folds)
    false_table: Counter[str] = Counter()
    false_words: dict[str, Counter[str]] = defaultdict(Counter)
    false_types: dict[str, Counter[str]] = defaultdict(Counter)
    table: Counter[str] = Counter()
    by_pos: dict[str, Counter[str]] = defaultdict(Counter)
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    by_where: dict[str, Counter[str]] = defaultdict(Counter)
    false_by: dict[str, Counter[str]] = defaultdict(Counter)  # "pos=…" / "where=…" → false class
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for article, annotation in annotated_articles(corpus, args.split, errors, wanted):
        seen: list[tuple[Context, list[Scored]]] = []
        with recording(seen):
            doc = models.pipeline(article.id)(article.document())
        if not seen:
            continue
        ctx, scored = seen[-1]
        text = article.text
        clusters = _clusters(annotation.get("events", []))
        pairs = _match_events(text, clusters, doc.events)
        by_cluster = {ci: doc.events[pi] for pi, ci in pairs.items()}
        for pi, event in enumerate(doc.events):
            if pi not in pairs:
                cls = false_class(ctx, clusters, event)
                false_table[cls] += 1
                false_types[cls][event.type] += 1
                start, end = int(event.trigger["start"]), int(event.trigger["end"])
                word = text[start:end]
                false_words[cls][normalize(word)] += 1
                pos, where = part_of_speech(ctx, (start, end)), where_it_stands(ctx, (start, end))
                false_by[f"pos={pos}"][cls] += 1
                false_by[f"where={where}"][cls] += 1
                rows.append({"article": article.id, "false": cls, "type": event.type, "trigger": word, "pos": pos,
                             "where": where})
        for ci, cluster in enumerate(clusters):
            cls = classify(text, ctx, cluster, scored, by_cluster.get(ci))
            first = gold_span(cluster.members[0].get("trigger"))
            pos = part_of_speech(ctx, first) if first else "other"
            where = where_it_stands(ctx, first) if first else "plain"
            table[cls] += 1
            by_pos[pos][cls] += 1
            by_where[where][cls] += 1
            by_type[cluster.type][cls] += 1
            trig = text[first[0]:first[1]] if first else ""
            over = sorted(((round(s[4], 3), s[3], s[6]) for s in scored
                           if any(overlaps(g, (s[0], s[1])) for g in cluster.triggers())), reverse=True)
            rows.append({"article": article.id, "type": cluster.type, "trigger": trig, "pos": pos, "where": where,
                         "class": cls, "candidates": over})
            if args.examples and args.examples in cls:
                print(f"{article.id} {cluster.type} «{trig}» {pos} | {cls} {over}")
    for message in errors:
        print(f"warning: {message}")
    classes = sorted(table, key=lambda c: -table[c])
    total = sum(table.values())
    print(f"{total} gold events (clusters)")
    for cls in classes:
        print(f"  {table[cls]:4d}  {table[cls] / total:6.1%}  {cls}")
    for title, groups in (("part of speech", by_pos), ("where the word stands", by_where), ("type", by_type)):
        print(f"\nby {title}: " + " | ".join(f"{k[:14]}" for k in classes))
        for key, counts in sorted(groups.items(), key=lambda kv: -sum(kv[1].values())):
            n = sum(counts.values())
            print(f"  {key:12s} {n:4d}  " + "  ".join(f"{counts[c]:3d}" for c in classes))
    false_total = sum(false_table.values())
    print(f"\n{false_total} false events (output events matching no gold event)")
    for cls in FALSE_CLASSES:
        share = false_table[cls] / false_total if false_total else 0.0
        types = ", ".join(f"{t} {n}" for t, n in false_types[cls].most_common(4))
        print(f"  {false_table[cls]:4d}  {share:6.1%}  {cls}  ({types})")
        if cls.startswith("not an event"):
            print("        " + ", ".join(f"{w} {n}" for w, n in false_words[cls].most_common(12)))
    print("\nfalse events by part of speech and where the word stands: " + " | ".join(c[:14] for c in FALSE_CLASSES))
    for key, counts in sorted(false_by.items()):
        n = sum(counts.values())
        print(f"  {key:22s} {n:4d}  " + "  ".join(f"{counts[c]:3d}" for c in FALSE_CLASSES))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
