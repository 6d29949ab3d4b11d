"""How many quote speakers are the last speaker whose cue agrees in gender, where the quote before clashes.

``وقالت`` after ``قال`` names another speaker than the quote before (the speaker chooser reads that as
``previous-cue-gender=clash``); in an interview alternating two people the speaker is the one two quotes
back, the last whose cue agrees with this one. Before such a candidate origin is built, this counts the
class: for each gold quote with a speaker whose cue clashes in gender and number with the cue of the
quote before, whether its speaker is the previous speaker, the last earlier speaker whose cue agrees,
another party, or whether no earlier quote agrees.

* the gold level (default): the gold quotes of dev and of the train split (the open corpora the
  speaker folds use, and every corpus);
* ``--system``: the quotes the pipeline gives (dev with the shipped model; ``--split train``: the open
  train articles out of fold, as ``tools/diagnose_speakers.py`` makes them), the previous and the agreeing
  speaker the ones given, with whether the gold speaker is right already or a candidate already.

The sealed test split is refused.

    PYTHONPATH=src python tools/count_gender_continuations.py [--system] [--split dev|train] [--folds 4]
        [--shared ../shared/data] [--gold gold]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marsad.attribution.learned import extract
from marsad.attribution.learned.context import cue_gender
from marsad.cli.train_common import open_gold_corpus
from marsad.evaluate.attribution import annotated_articles
from marsad.evaluate.matching import gold_span, overlaps, same_argument

sys.path.insert(0, str(Path(__file__).resolve().parent))
import diagnose_speakers as diagnose  # a sibling tool: its traced pipeline and out-of-fold documents
from eval_speakers_cv import OPEN_CORPORA  # a sibling tool

# A quote as this count reads it: its cue's gender and number (``m``, ``f``, ``p``, ``x``: unread) and its
# speaker (a span record with ``start``, ``end``, ``text``, or None).
Said = tuple[str, dict[str, Any] | None]


def continuation_class(text: str, quotes: Sequence[Said], k: int, gold: tuple[int, int]) -> str:
    """The class of quote ``k`` (``quotes`` in the order of their cues) whose gold speaker is ``gold``:
    ``""`` where its cue does not clash with the cue before (or either is unread)."""
    if k == 0:
        return ""
    here, before = quotes[k][0], quotes[k - 1][0]
    if "x" in (here, before) or here == before:
        return ""
    previous = quotes[k - 1][1]
    if previous is not None and same_argument(text, gold, previous):
        return "the previous speaker"
    agreeing = next((sp for g, sp in reversed(quotes[:k - 1]) if g == here and sp is not None), None)
    if agreeing is None:
        return "no earlier speaker agrees"
    return "the last agreeing speaker" if same_argument(text, gold, agreeing) else "another party"


def _record(text: str, span: tuple[int, int] | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span[0], "end": span[1], "text": text[span[0]:span[1]]}


def _cue_word(text: str, cue: tuple[int, int]) -> str:
    words = text[cue[0]:cue[1]].split()
    return words[0] if words else ""


def gold_counts(corpus: Any, split: str, corpora: frozenset[str] | None, errors: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for article, gold in annotated_articles(corpus, split, errors, corpora):
        text = article.text
        quotes = sorted((q for q in gold.get("quotes", []) if gold_span(q.get("cue"))),
                        key=lambda q: gold_span(q["cue"])[0])  # type: ignore[index]
        said: list[Said] = [(cue_gender(_cue_word(text, gold_span(q["cue"]))),  # type: ignore[arg-type]
                             _record(text, gold_span(q.get("speaker")))) for q in quotes]
        for k, (_, speaker) in enumerate(said):
            if speaker is not None and (cls := continuation_class(text, said, k, (speaker["start"], speaker["end"]))):
                counts[cls] += 1
    return counts


def system_counts(args: argparse.Namespace, corpus: Any, errors: list[str]) -> Counter[str]:
    current = [diagnose.Trace()]
    diagnose._instrument(lambda: current[0])
    models = extract.shipped_models()
    if models is None:
        raise SystemExit("no attribution model")
    analysed = (diagnose.fold_documents(args, corpus, models, current, errors) if args.split == "train"
                else diagnose.dev_documents(args, corpus, current, errors))
    counts: Counter[str] = Counter()
    for article, gold, doc, trace in analysed:
        ctx, text = trace.ctx, article.text
        if ctx is None:
            continue
        quotes = sorted(doc.quotes, key=lambda q: int(q.cue["start"]))
        said: list[Said] = [(cue_gender(ctx.tokens[ctx.token_at(int(q.cue["start"]))].form),
                             q.speaker if q.speaker and isinstance(q.speaker.get("start"), int) else None)
                            for q in quotes]
        for g in gold.get("quotes", []):
            cue, speaker = gold_span(g.get("cue")), gold_span(g.get("speaker"))
            if cue is None or speaker is None:
                continue
            k = next((i for i, q in enumerate(quotes) if overlaps(cue, (int(q.cue["start"]), int(q.cue["end"])))),
                     None)
            if k is None or not (cls := continuation_class(text, said, k, speaker)):
                continue
            counts[cls] += 1
            if cls == "the last agreeing speaker":
                given = said[k][1]
                decision = trace.decisions.get(int(quotes[k].cue["start"]))
                offered = decision is not None and any(
                    same_argument(text, speaker, {"start": c.start, "end": c.end, "text": c.text})
                    for c in decision.candidates)
                counts["  of which right already" if given is not None and same_argument(text, speaker, given)
                       else "  of which a candidate already" if offered else "  of which no candidate"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--system", action="store_true", help="Count the pipeline's quotes, not gold's.")
    parser.add_argument("--split", default="dev", choices=("train", "dev"), help="With --system.")
    parser.add_argument("--folds", type=int, default=4, help="Folds of the open train articles (--split train).")
    args = parser.parse_args()
    args.model = None  # the shipped model, as diagnose_speakers' documents read it
    corpus = open_gold_corpus(args.gold, args.shared)
    errors: list[str] = []
    if args.system:
        rows = [(f"{args.split} (the pipeline's quotes)", system_counts(args, corpus, errors))]
    else:
        rows = [(f"{split} {name}", gold_counts(corpus, split, corpora, errors))
                for split, corpora, name in (("dev", None, "(every corpus)"),
                                             ("train", frozenset(OPEN_CORPORA), "(the open corpora)"),
                                             ("train", None, "(every corpus)"))]
    for name, counts in rows:
        print(f"{name}: {sum(n for c, n in counts.items() if not c.startswith(' '))} clashing quotes with a speaker")
        for cls, n in sorted(counts.items()):
            print(f"{n:5d}  {cls}")
    for message in errors:
        print("error:", message)


if __name__ == "__main__":
    main()
