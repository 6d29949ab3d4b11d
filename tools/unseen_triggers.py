"""Where events are lost on words never seen as a trigger in training, by PLOVER type and part of speech.

Runs the learned pipeline on every annotated article of the split and sorts every gold event cluster by
whether one of its trigger words' stems is in the model's trained vocabulary (the stems of the train
split's gold triggers, as ``marsad train attribution`` reads them), by its type and by the part of speech
of its first trigger word (verb / verbal noun / other, read from the trigger lexicon, else from the
word's templates: ``data/arabic_patterns.tsv``). For each cell: the clusters, the share the model finds
(a predicted event of the type whose trigger meets one of the cluster's), and the share with a candidate
at all (some source — rules, trigger lexicon, UniversalPetrarch, vocabulary — reads the word as an event
word: the model cannot find a word that is no candidate).

``--fold-models DIR``: out of fold. Each article is read by the model ``DIR/A-k.json`` of its outer fold k
(``tools/refit_cv.py --recipes A --out DIR``), and "seen" is that model's vocabulary: on the train split the
articles scored are never those the model learned from, so a word only they use as a trigger is unseen, as
it would be in new text. The sealed test split is never read.

    PYTHONPATH=src python tools/unseen_triggers.py [--split dev] [--corpora anercorp,ntrex128,saudinewsnet]
        [--attribution-model FILE | --fold-models DIR [--folds 4]] [--gold gold] [--shared ../shared/data]
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.attribution.learned.context import TriggerWords, bare, trigger_hints, verb_stems
from marsad.attribution.learned.extract import load_models
from marsad.attribution.learned.roots import word_readings
from marsad.attribution.lexicon import lookup_trigger
from marsad.cli.train_common import FoldModels, chosen_corpora, gold_tool_parser, open_gold_corpus
from marsad.evaluate.attribution import _clusters, _triggers_meet, annotated_articles
from marsad.resources import data_file
from marsad.text.normalize import normalize


def part_of_speech(form: str) -> str:
    """verb / verbal noun / other: the trigger lexicon's reading, else the word's templates."""
    hit = lookup_trigger(form)
    if hit is not None and hit.length == 1:
        return "verb" if hit.verbal else "verbal noun"
    kinds = {kind for _, _, kind in word_readings(bare(form), verb_stems(form))}
    if "verb" in kinds and not form.startswith(("ال", "وال", "بال", "لل")):
        return "verb"
    if "noun" in kinds or "base" in kinds:
        return "verbal noun"
    return "other"


def _root_known(word: str, roots: set[str]) -> bool:
    """A root of the word is a root of a trained-vocabulary word or a UniversalPetrarch verb."""
    return any(root in roots for root, _, _ in word_readings(bare(word), verb_stems(word)))


def words_of(text: str, span: tuple[int, int]) -> list[str]:
    return normalize(text[span[0]:span[1]]).split()


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0], split=True, model=True, fold_models=True, corpora=True)
    parser.add_argument("--json", type=Path, help="Also write the table as JSON.")
    args = parser.parse_args()
    corpus = open_gold_corpus(args.gold, args.shared)
    fold_models = FoldModels(args.attribution_model, args.fold_models, args.folds)
    wanted = chosen_corpora(parser, args.corpora, corpus)
    cells: Counter[tuple[str, str, str, str]] = Counter()  # (seen, type, pos, outcome)
    errors: list[str] = []
    for article, gold in annotated_articles(corpus, args.split, errors, wanted):
        model_path = fold_models.path(article.id)
        vocabulary, known, roots = _vocabulary(model_path)
        doc = fold_models.pipeline(article.id)(article.document())
        for cluster in _clusters(gold.get("events", [])):
            spans = [span for span in cluster.triggers() if span is not None]
            if not spans:
                continue
            words = [w for span in spans for w in words_of(article.text, span)]
            stems = {s for w in words for s in {bare(w), *verb_stems(w)} if len(s) >= 3}
            seen = "seen" if stems & vocabulary.keys() else "unseen"
            head = words_of(article.text, spans[0])
            pos = part_of_speech(head[0]) if head else "other"
            candidate = any(trigger_hints(w, known) is not None for w in words)
            found = any(_triggers_meet(cluster, event) for event in doc.events)
            outcome = "found" if found else "candidate, missed" if candidate else (
                "no candidate, root known" if any(_root_known(w, roots) for w in words) else "no candidate")
            cells[(seen, cluster.type, pos, outcome)] += 1
    rows = _table(cells)
    for line in rows:
        print(line)
    if args.json:
        args.json.write_text(json.dumps({"|".join(k): n for k, n in sorted(cells.items())}, ensure_ascii=False,
                                        indent=1) + "\n", encoding="utf-8")
    for error in errors:
        print("error:", error)


@lru_cache(maxsize=8)
def _vocabulary(model_path: str | None) -> tuple[dict[str, tuple[str, ...]], TriggerWords, set[str]]:
    """The model's trained vocabulary, the words it reads as event words and the roots it knows."""
    models = load_models(Path(model_path) if model_path else Path(str(data_file("attribution-model.json"))))
    known = models.trigger_words()
    return models.vocabulary, known, set(known.vocabulary_roots) | set(known.verb_roots)


def _table(cells: Counter[tuple[str, str, str, str]]) -> list[str]:
    """Markdown rows: by seen/unseen, then by type and by part of speech within each."""
    out = ["| stem in training | group | clusters | found | candidate missed | no candidate (root known) |",
           "|---|---|---:|---:|---:|---:|"]

    def row(seen: str, label: str, keep: Any) -> None:
        sub: Counter[str] = Counter()
        for k, n in cells.items():
            if k[0] == seen and keep(k):
                sub[k[3]] += n
        total = sum(sub.values())
        if total:
            out.append(f"| {seen} | {label} | {total} | {sub['found'] / total:.2f} ({sub['found']}) | "
                       f"{sub['candidate, missed']} | {sub['no candidate'] + sub['no candidate, root known']} "
                       f"({sub['no candidate, root known']}) |")

    for seen in ("seen", "unseen"):
        row(seen, "all", lambda k: True)
        for pos in ("verb", "verbal noun", "other"):
            row(seen, pos, lambda k, pos=pos: k[2] == pos)
        types = Counter(k[1] for k in cells if k[0] == seen)
        for event_type in sorted(types):
            row(seen, event_type, lambda k, t=event_type: k[1] == t)
    return out


if __name__ == "__main__":
    main()
