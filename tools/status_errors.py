"""Event status errors and duplicate events of the learned layer on the train or dev split, by class.

Runs the learned pipeline on every annotated article of the split and matches the predicted events
to the gold event clusters as ``marsad eval events`` does, then prints

* the status confusion table (gold status of the matched cluster × predicted status), each error with
  the scope the status model saw (the nearest scope word's class and every class in the window, from
  ``data/status_scope.yaml``), the status model's three likeliest statuses, whether the event stands in a
  quote, and its sentence;
* every duplicate (a prediction repeating the type and trigger of another, or an unmatched prediction
  whose trigger meets a cluster another prediction matched), sorted into a class: the same trigger
  word twice, two coordinated words of one sentence (``الغارات والبراميل``), another word of the same
  sentence, the same word or another word in a later sentence.

Each status error is also put in one class of what settles it (:func:`frame_class`): a claim in a quote,
under an accusation, after a reporting word and its أن, with an "according to" phrase after it in its
sentence (``وفق``, ``بحسب``), with its source in an earlier sentence (a quote continuing after ``وأضاف``),
in the article's first sentence (the headline), or with no frame at all; an asserted event read as a
claim after the outlet's ``يذكر أن``/``وكان``, inside a quote, or in the outlet's narration right after a quote;
and each modality with or without a scope word of its kind.

``--fold-models DIR`` reads every article out of fold: with the recipe-A model of its outer fold, which
never learned from it (``tools/refit_cv.py --recipes A --out DIR``), so the train split's errors are
held-out errors too. The sealed test split is never read.

    PYTHONPATH=src python tools/status_errors.py [--split dev] [--gold gold] [--shared ../shared/data]
        [--attribution-model FILE | --fold-models DIR [--folds 4]] [--extraction learned|rules] [--examples]
        [--corpora anercorp,ntrex128,…]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import marsad.attribution.learned.extract as extract
from marsad.attribution.learned.context import Context, _verbal, bare, coref_features
from marsad.attribution.learned.extract import AttributionModels, _compatible, resolve_models
from marsad.attribution.text import analysed
from marsad.cli.train_common import FoldModels, gold_tool_parser, open_gold_corpus
from marsad.document import Event
from marsad.evaluate.attribution import (
    _clusters,
    _match_events,
    _trigger_spans,
    _triggers_meet,
    annotated_articles,
)
from marsad.pipeline import Pipeline, PipelineConfig


@contextmanager
def recording(seen: dict[int, list[str]], ctxs: list[Context]) -> Iterator[None]:
    """Record the status features of every event the learned layer keeps, by trigger start."""
    real_decide, real_decide_events = extract.decide_status, extract.decide_events

    def decide(models: Any, features: list[str], event: Event, probs: dict[str, float] | None = None) -> str:
        if probs is None:
            probs = models.status.probabilities(features)
        seen[int(event.trigger["start"])] = [*features, "p:" + " ".join(
            f"{k[:4]}={v:.2f}" for k, v in sorted(probs.items(), key=lambda kv: -kv[1])[:3])]
        return real_decide(models, features, event, probs)

    def decide_events(ctx: Context, models: Any, min_confidence: float | None = None) -> Any:
        ctxs.append(ctx)
        return real_decide_events(ctx, models, min_confidence)

    extract.decide_status, extract.decide_events = decide, decide_events  # type: ignore[assignment]
    try:
        yield
    finally:
        extract.decide_status, extract.decide_events = real_decide, real_decide_events  # type: ignore[assignment]


def _scope(features: list[str]) -> str:
    nearest = next((f for f in features if f.startswith("scope=") and "|d=" in f), "")
    marks = [f for f in features if f in ("inquote", "has-source", "self=future", "after=future", "after=allegation")
             or f.startswith("rs=")]
    within = [f.split("=", 1)[1] for f in features if f.startswith("in-scope=")]
    probs = next((f[2:] for f in features if f.startswith("p:")), "")
    return " ".join(filter(None, [probs, nearest, ",".join(within) and f"in[{','.join(within)}]", *marks]))


def _sentence(ctx: Context, start: int) -> str:
    index = ctx.token_at(start)
    first, last = ctx.sentence_bounds(index)
    a, b = ctx.offsets((first, last))
    return ctx.doc.text[a:b].replace("\n", " ")


# The outlet's own background (يذكر أن, وكان): asserted, whoever it mentions (the annotation guide).
BACKGROUND_WORDS = frozenset(bare(w) for w in ("يذكر", "يشار", "وكان"))
# "according to" after the event in its sentence (… وفق المرصد, بحسب مصادر): the claim's source follows it.
ACCORDING_WORDS = frozenset(bare(w) for w in ("وفق", "وفقا", "بحسب", "حسب", "طبقا", "نقلا"))
MODALITY_SCOPES = {"planned": ("intention", "future"), "denied": ("negation",),
                   "hypothetical": ("condition", "possibility", "warning", "purpose", "necessity")}


def _scopes(features: list[str]) -> set[str]:
    """The scope classes the status model saw in the window, with ``future`` for a future form."""
    scopes = {f.split("=", 1)[1] for f in features if f.startswith("in-scope=")}
    if {"self=future", "after=future", "when=future"} & set(features):
        scopes.add("future")
    return scopes


def _quote_in_sentence(ctx: Context, sentence: int) -> bool:
    """Whether a quote's cue or content starts in the sentence (by its index)."""
    for start, _end, quote in ctx.quote_contents:
        for offset in (start, int(quote.cue.get("start", start))):
            if ctx.tokens[ctx.token_at(offset)].sentence == sentence:
                return True
    return False


def frame_class(ctx: Context, features: list[str], index: int, gold: str, reading: str) -> str:
    """The class of a wrong status reading of the event word at ``index``, from what settles it."""
    feats = set(features)
    tok = ctx.tokens[index]
    _, last = ctx.sentence_bounds(index)
    after = {bare(ctx.tokens[k].form) for k in range(index + 1, last) if ctx.tokens[k].is_word}
    earlier_quote = tok.sentence > 0 and _quote_in_sentence(ctx, tok.sentence - 1)
    headline = " (first sentence)" if tok.sentence == 0 else ""
    if gold == "claimed" and reading == "asserted":
        if "inquote" in feats:
            return "claim in a quote read as asserted"
        if _scopes(features) & {"allegation", "necessity"} or any(f.startswith("scoped-by=") for f in feats):
            return "claim under an accusation or demand read as asserted"
        if any(f.startswith("reported-clause=") for f in feats):
            return "claim after a reporting word and أن (no quote made) read as asserted"
        if after & ACCORDING_WORDS:
            return "claim with «وفق/بحسب/حسب» after it read as asserted"
        if earlier_quote:
            return "claim whose source is in the sentence before (a quote continuing) read as asserted"
        return "claim with no frame in its sentence read as asserted" + headline
    if gold == "asserted" and reading == "claimed":
        if feats & {f"pre={w}" for w in BACKGROUND_WORDS}:
            return "outlet's background (يذكر أن, وكان) read as claimed"
        if "inquote" in feats:
            return "asserted event in a quote read as claimed"
        if earlier_quote:
            return "outlet's narration after a quote read as claimed"
        return "asserted read as claimed, no quote" + headline
    if gold in MODALITY_SCOPES:
        cue = "with" if _scopes(features) & set(MODALITY_SCOPES[gold]) else "without"
        return f"{gold} read as {reading}, {cue} a scope word of its kind"
    scope = "with" if any(_scopes(features) & set(v) for v in MODALITY_SCOPES.values()) else "without"
    return f"{gold} read as {reading}, {scope} a modality scope word"


def duplicate_class(ctx: Context, preds: list[Event], pi: int, other: int) -> str:
    """Why prediction ``pi`` repeats prediction ``other`` (the one that matched the same cluster)."""
    p, q = preds[pi], preds[other]
    sp, sq = _trigger_spans(p)[0], _trigger_spans(q)[0]
    if sp == sq:
        return "same trigger span twice"
    if sp[0] < sq[1] and sq[0] < sp[1]:
        return "overlapping trigger spans"
    ip, iq = ctx.token_at(sp[0]), ctx.token_at(sq[0])
    same_word = bare(ctx.tokens[ip].form) == bare(ctx.tokens[iq].form)
    if ctx.tokens[ip].sentence == ctx.tokens[iq].sentence:
        lo, hi = sorted((ip, iq))
        between = [ctx.tokens[k].form for k in range(lo + 1, hi) if ctx.tokens[k].is_word]
        if not between and ctx.tokens[hi].form.startswith("و"):
            return "same sentence, coordinated (X وY)"
        return "same sentence, same word" if same_word else "same sentence, another word"
    return "later sentence, same word" if same_word else "later sentence, another word"


def duplicate_kind(ctx: Context, preds: list[Event], pi: int, other: int) -> str:
    """Which of the issue's kinds of re-mention prediction ``pi`` is of prediction ``other``: the
    headline or lede (the article's first sentence) and the body, a quote repeating the narrative
    (one mention inside a statement, the other outside), a noun re-mentioning its verb (``هاجم …
    الهجوم``), or none of these ("other")."""
    p, q = preds[pi], preds[other]
    ip, iq = ctx.token_at(_trigger_spans(p)[0][0]), ctx.token_at(_trigger_spans(q)[0][0])
    if (ctx.tokens[ip].sentence == 0) != (ctx.tokens[iq].sentence == 0):
        return "headline/lede and body"
    if (ctx.covering_quote(ctx.tokens[ip].start) is None) != (ctx.covering_quote(ctx.tokens[iq].start) is None):
        return "a quote repeating the narrative"
    early, late = sorted((ip, iq))
    if _verbal(ctx.tokens[early].form) == "v" and _verbal(ctx.tokens[late].form) == "n":
        return "a noun after its verb"
    return "other"


def unmerged_reason(ctx: Context, models: AttributionModels | None, preds: list[Event], pi: int, other: int) -> str:
    """Why the merge kept the two apart: their arguments contradict (each names another phrase with a
    confidence of at least ``MERGE_ARGUMENT_FLOOR``) under the model's conflicting threshold, or the
    coreference probability of their trigger words is under the model's threshold."""
    p, q = preds[pi], preds[other]
    if models is None or models.coref is None:
        return "no coreference model"
    ip, iq = ctx.token_at(_trigger_spans(p)[0][0]), ctx.token_at(_trigger_spans(q)[0][0])
    early, late = sorted((ip, iq))
    prob = models.coref.probability(coref_features(ctx, early, late, p.type))
    if _compatible(p, q):
        return f"arguments agree, coreference p {prob:.2f} < {models.coref.threshold:.2f}"
    return f"arguments contradict, coreference p {prob:.2f} < {models.coref_threshold_conflicting}"


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0], split=True, model=True, fold_models=True)
    parser.add_argument("--extraction", default="learned", choices=("learned", "rules"))
    parser.add_argument("--examples", action="store_true", help="Print every error and duplicate with its sentence.")
    parser.add_argument("--corpora", default=None, help="Only the articles of these corpora (comma-separated).")
    args = parser.parse_args()

    corpus = open_gold_corpus(args.gold, args.shared)
    model = str(Path(args.attribution_model).resolve()) if args.attribution_model else None
    folds = FoldModels(args.attribution_model, args.fold_models, args.folds) if args.fold_models else None
    pipeline = Pipeline.from_config(PipelineConfig(extraction=args.extraction, attribution_model=model))
    confusion: Counter[tuple[str, str]] = Counter()
    scopes: Counter[tuple[str, str, str]] = Counter()
    dups: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    frames: Counter[str] = Counter()
    models = resolve_models(args.extraction, model)
    # out of fold, the duplicates' coreference reasons read each fold's own model
    fold_models = {str(p.resolve()): resolve_models(args.extraction, str(p.resolve())) for p in folds.paths} if folds else {}
    lines: list[str] = []
    errors: list[str] = []
    wanted = frozenset(c.strip() for c in args.corpora.split(",") if c.strip()) if args.corpora else None
    for article, annotation in annotated_articles(corpus, args.split, errors, wanted):
        seen: dict[int, list[str]] = {}
        ctxs: list[Context] = []
        with recording(seen, ctxs):
            doc = (folds.pipeline(article.id) if folds else pipeline)(article.document())
        ctx = ctxs[-1] if ctxs else Context(doc, analysed(doc))
        clusters = _clusters(annotation.get("events", []))
        matched = _match_events(article.text, clusters, doc.events)
        for pi, ci in matched.items():
            event = doc.events[pi]
            statuses = sorted({str(m.get("status")) for m in clusters[ci].members})
            gold = "/".join(statuses)
            confusion[(gold, event.status)] += 1
            if event.status in statuses:
                continue
            features = seen.get(int(event.trigger["start"]), [])
            scope = _scope(features)
            quote = ctx.covering_quote(int(event.trigger["start"]))
            if quote is not None:  # a claim's quote read with no speaker gives its event the rules' status only
                scope += " speaker" if quote.speaker else " no-speaker"
            nearest = next((f for f in features if f.startswith("scope=") and "|d=" in f),
                           "inquote" if "inquote" in features else "-")
            scopes[(gold, event.status, nearest)] += 1
            own = Counter(str(m.get("status", "asserted")) for m in clusters[ci].members).most_common(1)[0][0]
            frame = frame_class(ctx, features, ctx.token_at(int(event.trigger["start"])), own, event.status)
            frames[frame] += 1
            lines.append(f"[status] {article.id} {event.type} «{event.trigger['text']}» gold {gold} got {event.status}"
                         f" | {frame} | {scope}\n    {_sentence(ctx, int(event.trigger['start']))[:260]}")
        used = {ci: pi for pi, ci in matched.items()}
        keys: dict[tuple[str, tuple[int, int]], int] = {}
        for pi, p in enumerate(doc.events):
            key = (p.type, _trigger_spans(p)[0])
            other: int | None = keys.get(key)
            keys.setdefault(key, pi)
            if other is None and pi not in matched:
                other = next((used[ci] for ci, c in enumerate(clusters) if ci in used and _triggers_meet(c, p)), None)
            if other is None:
                continue
            cls = duplicate_class(ctx, doc.events, pi, other)
            dups[cls] += 1
            kind = duplicate_kind(ctx, doc.events, pi, other)
            kinds[kind] += 1
            own_models = fold_models.get(folds.path(article.id) or "", models) if folds else models
            reason = unmerged_reason(ctx, own_models, doc.events, pi, other) if cls != "same trigger span twice" else ""
            reasons[reason.split(",")[0]] += 1
            q = doc.events[other]
            lines.append(f"[dup] {article.id} {cls}; {kind}; {reason}: {p.type} «{p.trigger['text']}» "
                         f"({(p.actor or {}).get('text')}) repeats «{q.trigger['text']}» ({(q.actor or {}).get('text')})\n"
                         f"    {_sentence(ctx, int(p.trigger['start']))[:260]}")
    for message in errors:
        print(f"warning: {message}")
    total = sum(confusion.values())
    right = sum(n for (g, p), n in confusion.items() if p in g.split("/"))
    print(f"status: {right}/{total} right")
    for (g, p), n in sorted(confusion.items(), key=lambda kv: -kv[1]):
        print(f"  {n:4d}  gold {g:28s} predicted {p}")
    print("status errors by what settles them")
    for frame, n in frames.most_common():
        print(f"  {n:4d}  {frame}")
    print("status errors by nearest scope word")
    for (g, p, s), n in sorted(scopes.items(), key=lambda kv: -kv[1]):
        print(f"  {n:4d}  {g} → {p}  {s}")
    print(f"duplicates: {sum(dups.values())}")
    for cls, n in dups.most_common():
        print(f"  {n:4d}  {cls}")
    print("duplicates by kind")
    for kind, n in kinds.most_common():
        print(f"  {n:4d}  {kind}")
    print("duplicates by why the merge kept them apart")
    for reason, n in reasons.most_common():
        print(f"  {n:4d}  {reason or 'one trigger twice'}")
    if args.examples:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
