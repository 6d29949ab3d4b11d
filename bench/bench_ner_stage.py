"""Score the whole entity stage (dictionaries + CRF + consistency), not just the tagger.

The gold CoNLL sentences are joined into pseudo-articles of ``--group``
consecutive sentences (one sentence per line), the stage runs on each, and its
entities are mapped back to gold tokens: an entity covers the tokens its
characters fall in, so a proclitic the stage left out of the span (``و`` in
``وإسرائيل``) still counts as the gold token.  GPE is scored as LOC (the corpora
have no GPE), NORP is ignored, MISC is not produced.  CoNLL rules: exact token
span and type.

    python bench/bench_ner_stage.py                       # ANERcorp held-out tail and AQMAR dev
    python bench/bench_ner_stage.py --group 1              # sentence by sentence (no consistency)
    python bench/bench_ner_stage.py --model both           # the default tagger and the word-class one

``--model``: ``auto`` is the tagger the stage picks (the word-class model when the user
has built the class file, ``marsad ner build-classes``), ``plain`` and ``classes`` one
packaged model each (``classes`` needs the class file), ``both`` the two in turn.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marsad.document import Document
from marsad.evaluate.ner import SCORED_TYPES, score
from marsad.ner.conll import Sentence, read_conll, split_holdout
from marsad.ner.crf import NerModel, default_model, packaged_model
from marsad.stages.entities import EntityStage
from marsad.train.ner import ANERCORP_TRAIN, AQMAR_DEV, DEFAULT_HOLDOUT

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
TYPE_AS_GOLD = {"GPE": "LOC", "LOC": "LOC", "PERSON": "PERSON", "ORG": "ORG"}


def predict(stage: EntityStage, group: list[Sentence]) -> list[list[str]]:
    """Stage output for a group of sentences, as IOB tags over the gold tokens."""
    pieces: list[str] = []
    bounds: list[list[tuple[int, int]]] = []
    pos = 0
    for sentence in group:
        spans = []
        for token, _tag in sentence:
            spans.append((pos, pos + len(token)))
            pieces.append(token + " ")
            pos += len(token) + 1
        pieces[-1] = pieces[-1][:-1] + "\n"
        bounds.append(spans)
    doc = Document("".join(pieces))
    stage(doc)
    tags = [["O"] * len(s) for s in group]
    for entity in doc.entities:
        kind = TYPE_AS_GOLD.get(entity.type)
        if kind is None:
            continue
        for s_index, spans in enumerate(bounds):
            covered = [i for i, (a, b) in enumerate(spans) if a < entity.end and entity.start < b]
            if covered:
                if all(tags[s_index][i] == "O" for i in covered):
                    for n, i in enumerate(covered):
                        tags[s_index][i] = ("B-" if n == 0 else "I-") + kind
                break
    return tags


def evaluate(stage: EntityStage, sentences: list[Sentence], group: int) -> str:
    gold = [[tag for _token, tag in s] for s in sentences]
    predicted: list[list[str]] = []
    for start in range(0, len(sentences), group):
        predicted.extend(predict(stage, sentences[start : start + group]))
    result = score(gold, predicted, SCORED_TYPES)
    parts = [f"{k} {100 * result.per_type[k].f1:.1f}" for k in SCORED_TYPES if k in result.per_type]
    o = result.overall
    return f"P {100 * o.precision:.1f} R {100 * o.recall:.1f} F1 {100 * o.f1:.1f}   " + "  ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--group", type=int, default=20, help="sentences per pseudo-article")
    parser.add_argument("--model", choices=("auto", "plain", "classes", "both"), default="auto")
    args = parser.parse_args()
    data = args.shared / "data"
    if not (data / ANERCORP_TRAIN).is_file():
        print(f"bench_ner_stage: {ANERCORP_TRAIN} not found under {args.shared}/data", file=sys.stderr)
        return 2
    chosen: dict[str, NerModel | None] = {}
    if args.model == "auto":
        chosen["stage"] = default_model()
    if args.model in ("plain", "both"):
        chosen["stage (default model)"] = packaged_model(False)
    if args.model in ("classes", "both"):
        chosen["stage (word-class model)"] = packaged_model(True)
        if chosen["stage (word-class model)"] is None:
            print("bench_ner_stage: no word-class file; build it with 'marsad ner build-classes'", file=sys.stderr)
            return 2
    model = next(iter(chosen.values()))
    fraction = float(model.header.get("holdout_fraction", DEFAULT_HOLDOUT)) if model else DEFAULT_HOLDOUT
    heldout = split_holdout(read_conll(data / ANERCORP_TRAIN).sentences, fraction)[1]
    no_crf = EntityStage()
    no_crf.model = None
    sets = {"ANERcorp held-out tail": heldout, "AQMAR dev": read_conll(data / AQMAR_DEV).sentences}
    for name, sentences in sets.items():
        for label, tagger in chosen.items():
            stage = EntityStage()
            stage.model = tagger
            print(f"{name}: {label} {evaluate(stage, sentences, args.group)}")
        print(f"{name}: dictionaries only {evaluate(no_crf, sentences, args.group)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
