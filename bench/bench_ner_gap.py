"""Where the entity stage and the tagger with article context part, on a development slice.

The tagger is scored sentence by sentence, as runs of 20 sentences tagged as one sequence, and
with the document consistency of its names (``spread_names``: ``eval ner --article 20``); the
stage (``bench_ner_stage``'s protocol, runs of 20) is then scored whole and with each of its parts
turned off in turn, per label.  A model trained without the slice comes from
``bench_ner_dev.py --slice A --save FILE``; slices C (the first 15 % of the train part) and D (its
20–35 % slice) are there for more evidence, and need a model trained without them
(``--train-without C``).  Never the held-out tail: it is the test.

    python bench/bench_ner_dev.py --slice A --save /tmp/dev-a.model
    python bench/bench_ner_gap.py --slice A --model /tmp/dev-a.model
    python bench/bench_ner_gap.py --slice A --model /tmp/dev-a.model --diff   # what the stage adds and removes
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import marsad.stages.entities as entities
from bench_ner_dev import dev_slice
from bench_ner_stage import predict
from marsad.evaluate.ner import SCORED_TYPES, NerScores, score
from marsad.ner.conll import Sentence, read_conll, split_holdout
from marsad.ner.consistency import spread_names
from marsad.ner.crf import NerModel, TrainingParams, load, save, train
from marsad.ner.dictionary import name_word_list
from marsad.ner.iob import chunks
from marsad.text.normalize import normalize
from marsad.train.ner import ANERCORP_TRAIN, AQMAR_TRAIN, DEFAULT_HOLDOUT

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
ARTICLE = 20
# Slices beyond bench_ner_dev's A and B, as fractions of the train part.
MORE_SLICES = {"C": (0.0, 0.15), "D": (0.20, 0.35)}


def _no_dictionary_entities(*_args: Any) -> set[int]:
    return set()


def _same_tags(_words: Any, tags: list[list[str]]) -> list[list[str]]:
    return [list(t) for t in tags]


# Each part of the stage, turned off: module attributes of marsad.stages.entities (a name starting
# "EntityStage." is the class's).
PARTS: dict[str, dict[str, Any]] = {
    "dictionary entities": {"_dictionary_entities": _no_dictionary_entities},
    "inner_name (the tagger's span)": {"inner_name": lambda *_a: None},
    "org_context": {"organisation_names": lambda _w, tags: tags},
    "spread_names": {"spread_names": _same_tags},
    "repeat mentions": {
        "EntityStage._repeat_mentions": staticmethod(lambda _doc, _free, _repeats: [])
    },
    "stopword drop": {"_is_stopword": lambda _doc, _span: False},
    "place-head extension": {"_extends_over_next": lambda _words, _i: False},
}
TAGGER_PATH = {
    "_dictionary_entities": _no_dictionary_entities,
    "organisation_names": lambda _w, tags: tags,
    "EntityStage._repeat_mentions": staticmethod(lambda _doc, _free, _repeats: []),
}


@contextlib.contextmanager
def turned_off(replaced: dict[str, Any]) -> Iterator[None]:
    old: list[tuple[object, str, Any]] = []
    for name, value in replaced.items():
        owner: object = entities.EntityStage if name.startswith("EntityStage.") else entities
        attr = name.rsplit(".", 1)[-1]
        old.append((owner, attr, vars(owner)[attr]))
        setattr(owner, attr, value)
    try:
        yield
    finally:
        for owner, attr, value in old:
            setattr(owner, attr, value)


def line(result: NerScores) -> str:
    o = result.overall
    types = "  ".join(f"{k} {100 * result.per_type[k].f1:.1f}" for k in SCORED_TYPES if k in result.per_type)
    return f"P {100 * o.precision:.1f} R {100 * o.recall:.1f} F1 {100 * o.f1:.1f}   {types}"


def tagger_tags(model: NerModel, dev: list[Sentence], article: int, spread: bool) -> list[list[str]]:
    if article <= 1:
        return [model.tag_raw([token for token, _tag in s]) for s in dev]
    out: list[list[str]] = []
    for first in range(0, len(dev), article):
        words_of = [[normalize(token) or token for token, _tag in s] for s in dev[first : first + article]]
        tags = model.tag_many(words_of)
        out.extend(spread_names(words_of, tags) if spread else tags)
    return out


def stage_tags(model: NerModel, dev: list[Sentence]) -> list[list[str]]:
    stage = entities.EntityStage()
    stage.model = model
    out: list[list[str]] = []
    for first in range(0, len(dev), ARTICLE):
        out.extend(predict(stage, dev[first : first + ARTICLE]))
    return out


def slice_of(part: list[Sentence], name: str) -> tuple[list[Sentence], list[Sentence]]:
    if name in MORE_SLICES:
        lo, hi = (round(f * len(part)) for f in MORE_SLICES[name])
        return part[:lo] + part[hi:], part[lo:hi]
    return dev_slice(part, name)


def differences(dev: list[Sentence], gold: list[list[str]], base: list[list[str]], other: list[list[str]]) -> None:
    """The names ``other`` has and ``base`` lacks (+) and the reverse (−), right or wrong by the gold."""
    def named(tags_of: list[list[str]]) -> set[tuple[int, str, int, int]]:
        return {(i, *c) for i, tags in enumerate(tags_of) for c in chunks(tags) if c[0] in SCORED_TYPES}

    right, was, now = named(gold), named(base), named(other)
    for item in sorted((now - was) | (was - now)):
        i, kind, first, stop = item
        words = " ".join(token for token, _tag in dev[i][first:stop])
        context = " ".join(token for token, _tag in dev[i][max(0, first - 3) : stop + 2])
        gold_here = [c for c in chunks(gold[i]) if c[1] < stop and first < c[2]]
        sign = "+" if item in now else "-"
        print(f"{sign} {'right' if item in right else 'wrong'} {kind} {words} | gold {gold_here} | {context}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--slice", choices=("A", "B", *MORE_SLICES), default="A")
    parser.add_argument("--model", type=Path, help="a model trained without the slice (bench_ner_dev --save)")
    parser.add_argument("--train-without", action="store_true",
                        help="train the shipped recipe without the slice first (writes --model)")
    parser.add_argument("--diff", action="store_true", help="list the names the stage adds and removes")
    args = parser.parse_args()
    data = args.shared / "data"
    if not (data / ANERCORP_TRAIN).is_file():
        print(f"bench_ner_gap: {ANERCORP_TRAIN} not found under {args.shared}/data", file=sys.stderr)
        return 2
    if args.model is None:
        print("bench_ner_gap: --model FILE is needed (a model trained without the slice)", file=sys.stderr)
        return 2
    part = split_holdout(read_conll(data / ANERCORP_TRAIN).sentences, DEFAULT_HOLDOUT)[0]
    training, dev = slice_of(part, args.slice)
    if args.train_without:
        params = TrainingParams(c1=0.05, c2=0.01, max_iterations=200)
        save(train(training + read_conll(data / AQMAR_TRAIN).sentences, params=params, names=name_word_list()),
             args.model)
    if not args.model.is_file():
        print(f"bench_ner_gap: no model at {args.model}", file=sys.stderr)
        return 2
    model = load(args.model)
    gold = [[tag for _token, tag in s] for s in dev]
    rows: dict[str, Callable[[], list[list[str]]]] = {
        "tagger, sentence by sentence": lambda: tagger_tags(model, dev, 1, False),
        f"tagger, runs of {ARTICLE}": lambda: tagger_tags(model, dev, ARTICLE, False),
        f"tagger, runs of {ARTICLE} + spread_names": lambda: tagger_tags(model, dev, ARTICLE, True),
        "stage": lambda: stage_tags(model, dev),
    }
    found: dict[str, list[list[str]]] = {}
    print(f"dev {args.slice}: {len(dev)} sentences, model {args.model.name}")
    for name, run in rows.items():
        found[name] = run()
        print(f"  {name:60s} {line(score(gold, found[name], SCORED_TYPES))}", flush=True)
    for name, replaced in PARTS.items():
        with turned_off(replaced):
            tags = stage_tags(model, dev)
        print(f"  {'stage without ' + name:60s} {line(score(gold, tags, SCORED_TYPES))}", flush=True)
    with turned_off(TAGGER_PATH):
        tags = stage_tags(model, dev)
    print(f"  {'stage, tagger and spread_names only':60s} {line(score(gold, tags, SCORED_TYPES))}", flush=True)
    if args.diff:
        differences(dev, gold, found[f"tagger, runs of {ARTICLE} + spread_names"], found["stage"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
