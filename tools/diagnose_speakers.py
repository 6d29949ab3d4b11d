"""Where the quote speakers of a gold split are lost: one outcome per gold quote that names a speaker.

Runs the pipeline with the learned extraction (the shipped model, or ``--model``) on the articles of a
split and follows each gold quote with a speaker through the cue model and the speaker chooser, as the
scorer matches them (:func:`marsad.evaluate.attribution.score_quotes`):

* ``right`` — the speaker given matches gold;
* ``wrong`` — a speaker is given and does not match;
* ``abstained: right first`` — the right party is the chooser's first but under the threshold (its
  probability is the party's pooled probability times the cue model's belief in the quote);
* ``abstained: right not first`` — the right party is a candidate, another is first (or "nobody");
* ``abstained: no candidate`` — no candidate phrase covers the gold speaker;
* ``cue: rules' quote dropped`` — the rules found the cue and the cue model dropped the quote;
* ``cue: under threshold`` — the cue model judged the word and did not believe it;
* ``cue: no candidate`` — neither the rules nor the cue lexicon or vocabulary read the word as a cue.

Each outcome is also cut by where the gold speaker stands from the cue (the same sentence after or
before it, one sentence back, two to four back, further back, a later sentence) and by what follows the
cue (its frame: a subject, or nothing: a participle, ``أن``, a preposition), so that the classes inside
"abstained" (a continuation to a speaker named sentences before, a title or a subject right after the
cue, an according-to word) can be counted.

``--oracle-cues`` measures the ceiling of the "quote not found" part: every gold quote with a speaker that the
pipeline leaves without a quote is added as the cue model would add it (:func:`quote_for_cue` on the gold cue's
first word) with a full belief (1.0), before the speakers are chosen; the outcome of such a quote is then what a
perfect cue model would give its speaker (a right party, an abstention, a wrong one), and its details line says
why its cue was missed (``"oracle": "under threshold"``…) for ``tools/speaker_loss_classes.py``.

Speakers given where gold has no quote or no speaker (the precision side) are listed too.  The sealed
test split is refused: choose on dev.  ``--split train`` scores the open train articles out of fold:
each of ``--folds`` folds (by article, as ``tools/eval_speakers_cv.py`` makes them) by a cue and a
speaker model fitted on the other folds, the other models and every threshold the shipped model's.

    PYTHONPATH=src python tools/diagnose_speakers.py [--split dev|train] [--folds 4] [--model FILE]
        [--details FILE] [--shared ../shared/data] [--gold gold] [--oracle-cues]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.attribution.learned import extract
from marsad.attribution.learned.context import (
    Context,
    bare,
    cue_frame,
    introducer_after,
    introducer_after_names,
    object_kind,
    speaker_features,
    speaker_frame_words,
    speaker_none_features,
)
from marsad.attribution.learned.extract import (
    AttributionModels,
    cue_candidates,
    quote_for_cue,
    rescore_quotes,
    speaker_candidates,
    speaker_names,
    with_name,
)
from marsad.attribution.lexicon import is_statement_word, lookup_cue, strip_proclitics
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import open_gold_corpus
from marsad.document import Document, Quote
from marsad.evaluate.attribution import annotated_articles
from marsad.evaluate.gold_corpus import Article
from marsad.evaluate.matching import gold_span, overlaps, same_argument
from marsad.train.attribution import gold_articles

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_speakers_cv import OPEN_CORPORA, fit_quote_models  # a sibling tool


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    origins: list[str]
    mass: float  # the party's pooled probability (before the cue belief)


@dataclass(slots=True)
class Decision:
    """What the speaker chooser saw for one quote."""

    belief: float
    frame: str
    candidates: list[Candidate]
    none_mass: float
    context: dict[str, Any] = field(default_factory=dict)  # what stands around the cue (:func:`cue_context`)


@dataclass(slots=True)
class Trace:
    ctx: Context | None = None  # the document's context, to place the gold speaker from the cue
    rule_cues: list[tuple[int, int]] = field(default_factory=list)  # the rules' quotes before the cue model
    cue_probs: dict[tuple[int, int], float] = field(default_factory=dict)  # cue-model candidates
    decisions: dict[int, Decision] = field(default_factory=dict)  # by cue start
    oracle: dict[str, Any] | None = None  # the article's gold, whose missed cues are added (--oracle-cues)


ORACLE = "oracle cue"  # speaker_reason of a quote --oracle-cues added


def oracle_quotes(ctx: Context, gold: dict[str, Any], quotes: list[Quote]) -> list[Quote]:
    """The quotes a perfect cue model would add: one for each gold quote with a speaker whose cue no quote of
    ``quotes`` overlaps, made as the cue model makes its own (:func:`quote_for_cue` on the cue's first word)."""
    out = []
    for g in gold.get("quotes", []):
        cue = gold_span(g.get("cue"))
        if cue is None or not g.get("speaker") or any(
                overlaps(cue, (int(q.cue["start"]), int(q.cue["end"]))) for q in quotes):
            continue
        quote = quote_for_cue(ctx, ctx.token_at(cue[0]))
        if quote is not None:
            quote.speaker_reason = f"{extract.CUE_MODEL} p=1.00 ({ORACLE})"  # read as the cue model's quote
            out.append(quote)
    return out


def _instrument(trace_of: Callable[[], Trace]) -> None:
    """Wrap the cue model and the speaker chooser so that each document's decisions are recorded."""
    original_add = extract.add_quotes
    original_choose = extract.choose_speaker

    def add_quotes(doc: Document, ctx: Context, models: AttributionModels) -> dict[int, float]:
        trace = trace_of()
        trace.ctx = ctx
        trace.rule_cues = [(int(q.cue["start"]), int(q.cue["end"])) for q in doc.quotes]
        if models.cue is not None:
            for index, feats in cue_candidates(ctx, models.cue_vocabulary):
                tok = ctx.tokens[index]
                trace.cue_probs[(tok.start, tok.end)] = models.cue.probability(feats)
        beliefs = original_add(doc, ctx, models)
        if trace.oracle is not None:
            added = oracle_quotes(ctx, trace.oracle, doc.quotes)
            beliefs.update((id(q), 1.0) for q in added)
            doc.quotes.extend(added)
            doc.quotes.sort(key=lambda q: (int(q.cue["start"]), int(q.cue["end"])))
        return beliefs

    def choose_speaker(ctx: Context, models: AttributionModels, quote: Quote, previous: Quote | None,
                       belief: float) -> Any:
        cue_index, phrases = speaker_candidates(ctx, quote, previous)
        chosen = original_choose(ctx, models, quote, previous, belief)
        by_rules = not (quote.speaker_reason or "").startswith(extract.CUE_MODEL)
        cue_form = ctx.tokens[cue_index].form
        feats = [[*speaker_features(ctx, cue_index, ph, cue_form), f"origin={by_rules}"] for ph in phrases]
        none = speaker_none_features(cue_form, bool(quote.speaker), len(phrases), by_rules)
        scores = [models.speaker.score(f) for f in feats]
        none_score = models.speaker.score(none)
        top = max([*scores, none_score])
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp) + math.exp(none_score - top)
        names = speaker_names(ctx, phrases)
        spans = [(ph.first, ph.last) for ph in phrases]
        cands = []
        for i, ph in enumerate(phrases):
            mass = sum(exp[j] for j in range(len(phrases))
                       if j == i or extract.same_party(spans[i], spans[j], names[i], names[j])) / total
            start, end = ctx.offsets(with_name(ctx, ph))
            cands.append(Candidate(start, end, ctx.doc.text[start:end], sorted(ph.origins), mass))
        cands.sort(key=lambda c: -c.mass)
        trace_of().decisions[int(quote.cue["start"])] = Decision(
            belief, cue_frame(ctx, cue_index), cands, math.exp(none_score - top) / total,
            cue_context(ctx, cue_index, quote, by_rules))
        return chosen

    extract.add_quotes = add_quotes
    extract.choose_speaker = choose_speaker


NEGATIONS = frozenset({"لم", "لا", "لن", "ما", "ليس", "غير", "دون"})


def opens_sentence(ctx: Context, index: int) -> bool:
    """No word stands before the token in its sentence (a line break or a quotation mark may)."""
    first, _ = ctx.sentence_bounds(index)
    return not any(ctx.tokens[k].is_word for k in range(first, index))


def cue_context(ctx: Context, index: int, quote: Quote, by_rules: bool) -> dict[str, Any]:
    """What stands around a quote's cue word, to tell a statement from a word used for none (round 35): what
    introduces the statement after it (``intro``: أن/إن, a colon, a quotation mark, with the distance), what a
    name right after it is followed by (``named``), what the word after it is (``obj``), the words either side,
    the cue's form (a participle, a present or past verb, a statement noun), a negation before it, its
    sentence (the lede or later) and who proposed the quote."""
    toks = ctx.tokens
    form = toks[index].form
    prev = bare(toks[index - 1].form) if index > 0 else "<s>"
    nxt = bare(toks[index + 1].form) if index + 1 < len(toks) else "</s>"
    stem = bare(form)
    hint = lookup_cue(form)
    shape = ("participle" if (hint is not None and hint.kind == "participle")
             or speaker_frame_words().get(form) == "participle" else
             "statement noun" if is_statement_word(form) else
             "present" if stem.startswith(("ي", "ت")) else "past or other")
    return {"intro": introducer_after(ctx, index), "named": introducer_after_names(ctx, index) or "no name",
            "obj": object_kind(ctx, index), "p1": prev, "n1": nxt, "shape": shape,
            "negated": prev in NEGATIONS, "sentence": toks[index].sentence,
            "opens_sentence": opens_sentence(ctx, index), "direct": bool(quote.direct), "by_rules": by_rules}


def _classify(text: str, gold: dict[str, Any], pred: Quote | None, trace: Trace) -> tuple[str, dict[str, Any]]:
    cue = gold_span(gold.get("cue"))
    speaker = gold_span(gold.get("speaker"))
    info: dict[str, Any] = {"cue": text[cue[0]:cue[1]] if cue else "",
                            "speaker": text[speaker[0]:speaker[1]] if speaker else None}
    if pred is None or ORACLE in (pred.speaker_reason or ""):
        missed = _missed_cue(cue, trace, info, "p" if pred is None else "cue_p")
        if pred is None:
            return f"cue: {missed}", info
        info["oracle"] = missed
    if pred.speaker:
        info["got"] = pred.speaker.get("text")
        info["p"] = pred.speaker.get("confidence")
        if same_argument(text, speaker, pred.speaker):
            return "right", info
    decision = trace.decisions.get(int(pred.cue["start"]))
    if decision is not None:
        info["belief"] = round(decision.belief, 2)
        info["frame"] = decision.frame
        info["candidates"] = [(c.text, round(c.mass, 2), c.origins) for c in decision.candidates[:4]]
        info["none"] = round(decision.none_mass, 2)
    if pred.speaker:
        return "wrong", info
    if decision is None:
        return "abstained: no decision", info
    right = [k for k, c in enumerate(decision.candidates)
             if same_argument(text, speaker, {"start": c.start, "end": c.end, "text": c.text})]
    if not right:
        return "abstained: no candidate", info
    first = decision.candidates[right[0]]
    info["right_p"] = round(first.mass * decision.belief, 2)
    info["right_rank"] = right[0] + 1
    info["right_mass"] = round(first.mass, 2)
    if right[0] == 0 and first.mass > decision.none_mass:
        return "abstained: right first", info
    return "abstained: right not first", info


def _missed_cue(cue: tuple[int, int] | None, trace: Trace, info: dict[str, Any], key: str) -> str:
    """Why the pipeline made no quote of a gold cue (the cue model's probability into ``info[key]``)."""
    if any(overlaps(cue, c) for c in trace.rule_cues):
        return "rules' quote dropped"
    probs = [p for span, p in trace.cue_probs.items() if overlaps(cue, span)]
    if probs:
        info[key] = round(max(probs), 2)
        return "under threshold"
    return "no candidate"


def where(trace: Trace, cue: tuple[int, int] | None, speaker: tuple[int, int] | None) -> str:
    """Where the gold speaker stands from the cue, in sentences that hold a word (the line break after a
    full stop is a sentence of its own in the analysis, with none)."""
    ctx = trace.ctx
    if ctx is None or cue is None or speaker is None or not ctx.tokens:
        return "?"
    toks = ctx.tokens
    c, s = toks[ctx.token_at(cue[0])].sentence, toks[ctx.token_at(speaker[0])].sentence
    if c == s:
        return "same sentence, after the cue" if speaker[0] >= cue[0] else "same sentence, before the cue"
    if c < s:
        return "a later sentence"
    sentences = ctx.at.sentences
    back = sum(any(toks[j].is_word for j in range(sentences[k].first, sentences[k].last)) for k in range(s + 1, c + 1))
    if back == 1:
        return "one sentence back"
    if not any(toks[j].is_word for j in range(sentences[0].first, toks[ctx.token_at(speaker[0])].index)):
        return "the first sentence (headline)"
    return "2-4 sentences back" if back <= 4 else "5+ sentences back"


def speaker_kind(trace: Trace, speaker: tuple[int, int] | None) -> str:
    """What the gold speaker is (round 34's classes): an honorific pronoun (``سموه``), a person's name alone
    (``باريرا``, ``السيد آدامز``: a person entity at its start or after one honorific word), a title and the
    name (``الممثل الأعلى … خافيير سولانا``), an organisation, a country or place, a statement or document
    (``البيان``, ``التقرير``), a name the analysis misses here but tags in full elsewhere in the article
    (``وارن`` after ``إليزابيث وارن``), a definite phrase naming no entity (``المتحدث``, ``الزوجان``) or an
    indefinite one (``مصادر``, ``دراسة``, ``عدد من المواطنين``), as the entities of the analysis read it."""
    ctx = trace.ctx
    span = ctx.token_span(*speaker) if ctx is not None and speaker is not None else None
    if ctx is None or span is None:
        return "?"
    first, last = span
    inside = [(s, kind) for s, kind in ctx.entity_spans.items() if first <= s[0] and s[1] <= last]
    head = ctx.tokens[first].form
    if last - first == 1 and speaker_frame_words().get(head) == "honorific pronoun":
        return "pronoun"
    persons = [s[0] for s, kind in inside if kind == "PERSON"]
    if persons:
        return "person name" if min(persons) - first <= 1 else "title + name"
    if not inside and _named_in_full(ctx, first, last):
        return "a name untagged here, tagged in full elsewhere"
    kinds = {kind for _, kind in inside}
    if "ORG" in kinds:
        return "organisation"
    if kinds & {"GPE", "LOC"}:
        return "country or place"
    if is_statement_word(head):
        return "statement or document"
    # the article, also after a conjunction or a preposition (``والوكالة``, ``للوزارة``)
    return "definite phrase, no name" if head.startswith(("ال", "وال", "فال", "بال", "لل")) else "indefinite phrase"


def _named_in_full(ctx: Context, first: int, last: int) -> bool:
    """The phrase ends with the last word of a person the analysis tags elsewhere in the article (``وارن`` after
    ``إليزابيث وارن``; ``السيدة شرودر`` after ``غيرهارد شرودر``), though it is no entity here."""
    word = bare(ctx.tokens[last - 1].form)
    return any(kind == "PERSON" and s[1] - s[0] > 1 and bare(ctx.tokens[s[1] - 1].form) == word
               for s, kind in ctx.entity_spans.items())


def relayed(trace: Trace, cue: tuple[int, int] | None) -> bool:
    """The cue's sentence relays another source (``نقلا عن``, ``نقلته … عن``): a word of the verb نقل."""
    ctx = trace.ctx
    if ctx is None or cue is None or not ctx.tokens:
        return False
    first, last = ctx.sentence_bounds(ctx.token_at(cue[0]))
    return any(r.startswith("نقل") for k in range(first, last) for r in strip_proclitics(ctx.tokens[k].form))


Analysed = tuple[Article, dict[str, Any], Document, Trace]


def dev_documents(args: argparse.Namespace, corpus: Any, current: list[Trace], errors: list[str]) -> list[Analysed]:
    """The split's articles through the pipeline with the learned extraction, each with its trace."""
    pipeline = build_pipeline(pipeline_config(None, None, "learned", args.model))
    out: list[Analysed] = []
    for article, gold in annotated_articles(corpus, args.split, errors):
        current[0] = Trace(oracle=gold if args.oracle_cues else None)
        out.append((article, gold, pipeline(article.document()), current[0]))
    return out


def fold_documents(args: argparse.Namespace, corpus: Any, base: AttributionModels,
                   current: list[Trace], errors: list[str]) -> list[Analysed]:
    """The open train articles, each fold's quotes made by a cue and a speaker model fitted on the
    other folds (``tools/eval_speakers_cv.py``), at the base model's thresholds."""
    rules = build_pipeline(pipeline_config(None, None, "rules"))
    train = [(a, g, rules(a.document())) for a, g in gold_articles(corpus, "train", OPEN_CORPORA, errors)]
    out: list[Analysed] = []
    for k in range(args.folds):
        models = fit_quote_models([x for i, x in enumerate(train) if i % args.folds != k], base, 0.25)
        for article, gold, doc in [x for i, x in enumerate(train) if i % args.folds == k]:
            current[0] = Trace(oracle=gold if args.oracle_cues else None)
            copy = deepcopy(doc)
            rescore_quotes(copy, models)
            out.append((article, gold, copy, current[0]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--folds", type=int, default=4, help="Folds of the open train articles (--split train).")
    parser.add_argument("--model", help="An attribution model file (default: the shipped one).")
    parser.add_argument("--details", type=Path, help="Write one JSON line per gold quote and extra speaker.")
    parser.add_argument("--oracle-cues", action="store_true",
                        help="Add every gold cue the pipeline misses as a quote at full belief (the ceiling).")
    args = parser.parse_args()
    if args.folds < 2:
        parser.error("--folds takes 2 or more (each fold is scored by models fitted on the others)")
    corpus = open_gold_corpus(args.gold, args.shared)
    current = [Trace()]
    _instrument(lambda: current[0])
    models = extract.load_models(Path(args.model)) if args.model else extract.shipped_models()
    if models is None:
        raise SystemExit("no attribution model to diagnose")
    threshold = models.speaker.threshold
    errors: list[str] = []
    analysed = (fold_documents(args, corpus, models, current, errors) if args.split == "train"
                else dev_documents(args, corpus, current, errors))
    outcomes: Counter[str] = Counter()
    places: Counter[tuple[str, str, str]] = Counter()
    lines: list[dict[str, Any]] = []
    for article, gold, doc, trace in analysed:
        text = article.text
        used: set[int] = set()
        for g in gold.get("quotes", []):
            cue = gold_span(g.get("cue"))
            match = next((k for k, q in enumerate(doc.quotes)
                          if k not in used and overlaps(cue, (int(q.cue["start"]), int(q.cue["end"])))), None)
            if match is not None:
                used.add(match)
            if not g.get("speaker"):
                if match is not None and doc.quotes[match].speaker:
                    outcomes["extra: speaker on a gold quote without one"] += 1
                    lines.append({"id": article.id, "outcome": "extra: gold quote without speaker",
                                  "cue": doc.quotes[match].cue.get("text"),
                                  "got": doc.quotes[match].speaker.get("text")})  # type: ignore[union-attr]
                continue
            pred = doc.quotes[match] if match is not None else None
            outcome, info = _classify(text, g, pred, trace)
            outcomes[outcome] += 1
            info["where"] = where(trace, cue, gold_span(g.get("speaker")))
            info["kind"] = speaker_kind(trace, gold_span(g.get("speaker")))
            info["relay"] = relayed(trace, cue)
            places[(outcome, info["where"], str(info.get("frame", "-")))] += 1
            lines.append({"id": article.id, "outcome": outcome, "corpus": article.corpus, **info})
        golds = {k: g for g in gold.get("quotes", []) for k, q in enumerate(doc.quotes)
                 if overlaps(gold_span(g.get("cue")), (int(q.cue["start"]), int(q.cue["end"])))}
        for k, q in enumerate(doc.quotes):  # every decision, to weigh thresholds offline
            decision = trace.decisions.get(int(q.cue["start"]))
            if decision is None or not decision.candidates:
                continue
            top = decision.candidates[0]
            g = golds.get(k)
            speaker = gold_span(g.get("speaker")) if g else None
            right = speaker is not None and same_argument(text, speaker, {"start": top.start, "end": top.end,
                                                                          "text": top.text})
            second = next((c.mass for c in decision.candidates if c.mass < top.mass - 1e-9), 0.0)
            lines.append({"id": article.id, "outcome": "decision", "mass": round(top.mass, 4),
                          "none": round(decision.none_mass, 4), "belief": round(decision.belief, 4),
                          "second": round(second, 4), "frame": decision.frame, "origins": top.origins,
                          "cue": q.cue.get("text"), "candidates": len(decision.candidates),
                          "right": right, "gold_speaker": speaker is not None,
                          "by_rules": not (q.speaker_reason or "").startswith(extract.CUE_MODEL),
                          "gold_quote": g is not None, "top": top.text, "top_origins": top.origins,
                          "context": decision.context})
        for k, q in enumerate(doc.quotes):
            if k not in used and q.speaker:
                outcomes["extra: speaker on a quote gold lacks"] += 1
                lines.append({"id": article.id, "outcome": "extra: quote gold lacks", "cue": q.cue.get("text"),
                              "got": q.speaker.get("text"), "p": q.speaker.get("confidence")})
    scope = f"{args.folds} folds out of fold" if args.split == "train" else "the shipped model"
    scope += ", every missed gold cue added at full belief" if args.oracle_cues else ""
    print(f"split {args.split} ({len(analysed)} articles, {scope}), speaker threshold {threshold}")
    for outcome, n in sorted(outcomes.items()):
        print(f"{n:5d}  {outcome}")
    print("by where the gold speaker stands and the cue's frame (outcome | where | frame):")
    for (outcome, at, frame), n in sorted(places.items()):
        print(f"{n:5d}  {outcome} | {at} | {frame}")
    for message in errors:
        print("error:", message)
    if args.details:
        args.details.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")


if __name__ == "__main__":
    main()
