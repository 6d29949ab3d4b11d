"""Events inside an accusation, denial, claim or condemnation frame, on the train or dev split of the gold corpus.

A gold event is *in a frame* when a frame word (``data/event_frames.tsv``: ``اتهم``, ``حمّل … مسؤولية``,
``نفى``, ``تبنى``, ``أعلن مسؤوليته``, ``أدان``, ``استنكر``, ``ندد``) stands before its trigger in its sentence,
at most :data:`WINDOW` words back (the nearest one decides the kind): ``اتهمت الحكومة الحوثيين بقصف تعز``
(the shelling is in an accusation frame: its actor is the accused, the government is the source, the status
claimed). The frame word's own event (the ACCUSE of ``اتهمت``) is not counted.

For every such gold event (one per gold cluster: a re-mention counts once) the tool says where gold's actor
stands: the actor of gold's event on the frame word (the frame's subject: the accuser, the claimant) or its
target (the frame's object: the accused), else from the frame word (before it; inside the frame — after the
frame word, before the trigger —; after the trigger; another sentence; none), and whether it is gold's source;
and what the learned extraction gives: missed (no output event of the type meets the trigger), else the actor
(right; abstained; wrong: the frame's subject — the frame event's actor or gold's source, the accuser as
actor —; wrong: the frame's object; wrong: gold has none; wrong: other), the target, and the status against
gold's.

``--fold-models DIR``: out of fold (each article read by the model of its outer fold, ``tools/refit_cv.py
--recipes A --out DIR``). The sealed test split is never read.

    PYTHONPATH=src python tools/frame_events.py [--split dev|train] [--fold-models DIR] [--corpora …]
        [--examples KIND] [--json FILE]
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import stage_context
from marsad.attribution.learned.frames import FRAME_KINDS, FRAME_WINDOW, frame_before
from marsad.cli.train_common import FoldModels, chosen_corpora, gold_tool_parser, open_gold_corpus
from marsad.evaluate.attribution import _argument_right, _clusters, _match_events, annotated_articles
from marsad.evaluate.matching import gold_span, overlaps, same_argument

KINDS = FRAME_KINDS
WINDOW = FRAME_WINDOW


@dataclass
class FrameEvent:
    article: str
    kind: str
    type: str
    trigger: str
    sentence: str
    gold_actor: str  # where gold's actor stands from the frame word
    frame_event: bool  # gold has an event on the frame word (the ACCUSE of اتهمت)
    actor_is_source: bool
    gold_status: str
    outcome: str  # missed, or the actor's class
    target: str  # right / wrong / abstained / -
    status: str  # the output's status, or -
    pred_actor: str
    gold_actor_text: str


def gold_actor_place(ctx: Context, frame: int, index: int, span: tuple[int, int] | None,
                     frame_event: dict[str, Any] | None) -> str:
    """Where gold's actor stands: the frame event's actor (its subject: the accuser, the claimant) or target
    (the accused), else by position from the frame word and the trigger."""
    if span is None:
        return "none"
    if frame_event is not None:
        for role, name in (("actor", "the frame's subject"), ("target", "the frame's object")):
            other = gold_span(frame_event.get(role))
            if other is not None and overlaps(span, other):
                return name
    k = ctx.token_at(span[0])
    if ctx.tokens[k].sentence != ctx.tokens[index].sentence:
        return "another sentence"
    if k < frame:
        return "before the frame word"
    if k < index:
        return "in the frame"
    return "after the trigger"


def actor_outcome(text: str, cluster: Any, pred: dict[str, Any] | None, sources: list[tuple[int, int]],
                  frame_event: dict[str, Any] | None) -> str:
    """The output actor: right, abstained, or wrong — the frame's subject (the frame event's actor in gold,
    or gold's source: the accuser as actor), the frame's object, gold has none, other."""
    if _argument_right(text, cluster, "actor", pred):
        return "right"
    named = [s for s in (gold_span(m.get("actor")) for m in cluster.members) if s is not None]
    if not pred:
        return "abstained"
    subject = gold_span(frame_event.get("actor")) if frame_event else None
    if (subject is not None and same_argument(text, subject, pred)) or any(same_argument(text, s, pred) for s in sources):
        return "wrong: the frame's subject"
    obj = gold_span(frame_event.get("target")) if frame_event else None
    if obj is not None and same_argument(text, obj, pred):
        return "wrong: the frame's object"
    if not named:
        return "wrong: gold has none"
    return "wrong: other"


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0], split=True, model=True, fold_models=True, corpora=True)
    parser.add_argument("--examples", help="Print the frame events of this kind (accuse, deny, claim, condemn, all).")
    parser.add_argument("--json", type=Path, help="Write every frame event here.")
    args = parser.parse_args()
    corpus = open_gold_corpus(args.gold, args.shared)
    wanted = chosen_corpora(parser, args.corpora, corpus)
    models = FoldModels(args.attribution_model, args.fold_models, args.folds)
    rows: list[FrameEvent] = []
    errors: list[str] = []
    all_events = all_matched = 0
    for article, annotation in annotated_articles(corpus, args.split, errors, wanted):
        doc = models.pipeline(article.id)(article.document())
        if doc.errors:
            raise SystemExit(f"{article.id}: {doc.errors[0]}")
        ctx = stage_context(doc)
        text = article.text
        clusters = _clusters(annotation.get("events", []))
        all_events += len(clusters)
        matched_events = _match_events(text, clusters, doc.events)
        all_matched += len(matched_events)
        by_cluster = {ci: pi for pi, ci in matched_events.items()}
        for ci, cluster in enumerate(clusters):
            found = None
            for member in cluster.members:
                span = gold_span(member.get("trigger"))
                if span is None:
                    continue
                index = ctx.token_at(span[0])
                frame = frame_before(ctx, index)
                if frame is not None and not overlaps(span, (ctx.tokens[frame.word].start, ctx.tokens[frame.word].end)):
                    found = (member, index, (frame.kind, frame.word))
                    break
            if found is None:
                continue
            member, index, (kind, frame_index) = found
            word = (ctx.tokens[frame_index].start, ctx.tokens[frame_index].end)
            frame_event = next((e for e in annotation.get("events", [])
                                if overlaps(gold_span(e.get("trigger")), word)), None)
            actor = next((s for s in (gold_span(m.get("actor")) for m in cluster.members) if s is not None), None)
            sources = [s for s in (gold_span(m.get("source")) for m in cluster.members) if s is not None]
            first, last = ctx.sentence_bounds(index)
            a, b = ctx.offsets((first, last))
            pi = by_cluster.get(ci)
            statuses = sorted({str(m.get("status")) for m in cluster.members})
            if pi is None:
                outcome, target, status, pred_actor = "missed", "-", "-", ""
            else:
                event = doc.events[pi]
                outcome = actor_outcome(text, cluster, event.actor, sources, frame_event)
                target = ("right" if _argument_right(text, cluster, "target", event.target)
                          else "abstained" if not event.target else "wrong")
                status = event.status
                pred_actor = (event.actor or {}).get("text") or ""
            rows.append(FrameEvent(
                article.id, kind, cluster.type, text[span_of(member)[0]:span_of(member)[1]], text[a:b][:400],
                gold_actor_place(ctx, frame_index, index, actor, frame_event), frame_event is not None,
                actor is not None and any(overlaps(actor, s) for s in sources), "/".join(statuses),
                outcome, target, status, pred_actor, text[actor[0]:actor[1]] if actor else ""))
    for message in errors:
        print(f"warning: {message}")
    report(rows, all_events, all_matched)
    if args.examples:
        for row in rows:
            if args.examples in (row.kind, "all"):
                print(f"[{row.kind}] {row.type} «{row.trigger}» gold actor «{row.gold_actor_text}» "
                      f"({row.gold_actor}{', = source' if row.actor_is_source else ''}) status {row.gold_status} | "
                      f"{row.outcome}: «{row.pred_actor}», target {row.target}, status {row.status}\n    {row.sentence}")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")


def span_of(member: dict[str, Any]) -> tuple[int, int]:
    span = gold_span(member.get("trigger"))
    assert span is not None
    return span


def report(rows: list[FrameEvent], all_events: int, all_matched: int) -> None:
    """The frame events by kind: how gold names the actor and the status, and what the extraction gives."""
    print(f"gold events (clusters) {all_events}, found with their type {all_matched}; in a frame {len(rows)}")
    for kind in (*KINDS, "all"):
        part = [r for r in rows if kind in (r.kind, "all")]
        if not part:
            continue
        matched = [r for r in part if r.outcome != "missed"]
        print(f"\n{kind}: {len(part)} gold events, {len(matched)} found with their type")
        print("  gold actor:  " + ", ".join(f"{k} {v}" for k, v in Counter(r.gold_actor for r in part).most_common())
              + f"; gold actor = source {sum(r.actor_is_source for r in part)}")
        print(f"  gold event on the frame word: {sum(r.frame_event for r in part)}")
        print("  gold status: " + ", ".join(f"{k} {v}" for k, v in Counter(r.gold_status for r in part).most_common()))
        print("  actor:       " + ", ".join(f"{k} {v}" for k, v in Counter(r.outcome for r in matched).most_common()))
        print("  target:      " + ", ".join(f"{k} {v}" for k, v in Counter(r.target for r in matched).most_common()))
        right = sum(r.status in r.gold_status.split("/") for r in matched)
        print(f"  status right {right}/{len(matched)}; output: "
              + ", ".join(f"{g}→{s} {n}" for (g, s), n in Counter((r.gold_status, r.status) for r in matched
                                                                if r.status not in r.gold_status.split("/")).most_common()))
        cross = Counter((r.gold_actor, r.outcome) for r in matched)
        print("  actor by where gold stands: " + "; ".join(f"{g} → {o} {n}" for (g, o), n in sorted(cross.items())))


if __name__ == "__main__":
    main()
