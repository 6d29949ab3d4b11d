"""False and mislocated places read off ANERcorp articles that have no place gold.

The place gold's train and dev splits hold few errors left, so error classes are read off other text.
ANERcorp's articles of the gold pool without a ``gold/places`` file (train and dev splits only: a
test article is never read) carry ANERcorp's own NER tags. Two weak checks:

* **suspect false places**: a city-level place (precision 1, a map marker) with no ``LOC`` token of
  ANERcorp under it; the ANERcorp tag under it (``PERS``, ``ORG``, ``MISC``, ``O``) is the class;
* **suspect mislocated places**: a homonym (more than one candidate) resolved below country level whose
  country is none of the countries of the article's other places, when those name one.

    PYTHONPATH=src python tools/probe_places_anercorp.py [--shared ../shared/data] [--gold gold]
        [--splits train,dev] [--list FILE]

Prints the counts; ``--list`` writes one line per suspect (article, offsets, words, tag, reading).
``--draw N`` prints instead the articles of the hand-judged check (``tests/gold/places/anercorp_probe.tsv``
and ``anercorp_held.tsv``): the 600-4,000-character articles of those splits without place gold, shuffled
with ``--seed`` (16), the first N, alternately probe and held, as line numbers of ``gold/open-articles.jsonl``.
With ``--exclude FILE`` (repeatable: a judgement file whose ``# lines:`` header names its articles) the articles
of those files are left out and the first N are one probe: ``--draw 40 --seed 17 --exclude
tests/gold/places/anercorp_probe.tsv --exclude tests/gold/places/anercorp_held.tsv`` draws
``anercorp_probe2.tsv``.
ANERcorp's ``LOC`` tags miss real places (``بعقوبة``) and the check reads no gold: the counts are
suspects to read by hand, not errors.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from marsad.document import Document
from marsad.pipeline import Pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent / "gold"))
from build_pool import detokenise, story_groups


def tagged_articles(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """ANERcorp's train part cut into the gold pool's articles, each with its tokens and tags.

    The same cut as ``build_pool.aner_articles`` (``story_groups``: same repeats dropped, same numbering)."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, tag = line.rsplit(" ", 1)
        current.append((token, tag))
    if current:
        sentences.append(current)
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for group in story_groups(sentences, lambda sentence: detokenise([t for t, _ in sentence])):
        texts = [detokenise([t for t, _ in sentence]) for sentence in group]
        out.append(("\n".join(texts), [pair for sentence in group for pair in sentence]))
    return out


def tag_spans(text: str, tokens: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Each token's ``[start, end)`` in the detokenised text with its tag's type (``O`` or ``LOC`` …)."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for token, tag in tokens:
        at = text.find(token, pos)
        if at < 0:
            continue
        spans.append((at, at + len(token), tag.split("-", 1)[-1]))
        pos = at + len(token)
    return spans


def judged_lines(path: Path) -> set[int]:
    """The article lines a judgement file's ``# lines:`` header names."""
    header = next((line for line in path.read_text("utf-8").splitlines() if line.startswith("# lines:")), None)
    if header is None:
        raise SystemExit(f"probe_places_anercorp: {path} has no '# lines:' header")
    return {int(n) for n in header.split(":", 1)[1].split()}


def draw(gold: Path, wanted: set[str], n: int, seed: int,
         exclude: set[int] | None = None) -> dict[str, list[tuple[int, str]]]:
    """The hand-judged check's articles: (line in ``open-articles.jsonl``, id), probe and held halves; with
    ``exclude`` (lines already judged), the first ``n`` others after the shuffle, all of them a probe."""
    split = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    annotated = {p.stem for p in (gold / "places").glob("*.json")}
    pool: list[tuple[int, str]] = []
    for number, line in enumerate((gold / "open-articles.jsonl").read_text("utf-8").splitlines(), start=1):
        row = json.loads(line)
        if (row["id"].startswith("aner-") and split.get(row["id"]) in wanted and row["id"] not in annotated
                and 600 <= len(row["text"]) <= 4000):
            pool.append((number, row["id"]))
    random.Random(seed).shuffle(pool)
    if exclude is not None:
        return {"probe": sorted([item for item in pool if item[0] not in exclude][:n])}
    picked = pool[:n]
    return {"probe": sorted(picked[0::2]), "held": sorted(picked[1::2])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--splits", default="train,dev", help="splits to read (never test)")
    parser.add_argument("--list", type=Path, help="write every suspect here")
    parser.add_argument("--mentions", type=Path, help="write every mention here (to compare two commits)")
    parser.add_argument("--draw", type=int, help="print the N articles of the hand-judged check and stop")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="with --draw: leave out the articles this judgement file names (repeatable)")
    args = parser.parse_args()
    wanted = set(args.splits.split(","))
    if "test" in wanted:
        raise SystemExit("probe_places_anercorp: the test split is sealed")
    gold = Path(args.gold)
    if args.draw:
        exclude = set().union(*(judged_lines(path) for path in args.exclude)) if args.exclude else None
        for half, articles in draw(gold, wanted, args.draw, args.seed, exclude).items():
            print(f"{half}: " + " ".join(f"{number}={doc_id}" for number, doc_id in articles))
        return
    split = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    annotated = {p.stem for p in (gold / "places").glob("*.json")}
    pool = {}
    for line in (gold / "open-articles.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        pool[row["id"]] = row["text"]
    aner = tagged_articles(Path(args.shared) / "anercorp" / "ANERCorp_reconstructed_train.txt")
    pipeline = Pipeline.build(("boilerplate", "repair", "entities", "places"))
    counts: Counter[str] = Counter()
    lines: list[str] = []
    every: list[str] = []
    for k, (text, tokens) in enumerate(aner):
        doc_id = f"aner-{k:04d}"
        if split.get(doc_id) not in wanted or doc_id in annotated or pool.get(doc_id) != text:
            continue
        counts["articles"] += 1
        spans = tag_spans(text, tokens)
        doc = pipeline(Document(text))
        for place in doc.places:
            counts["mentions"] += len(place.mentions)
            others = Counter(p.country for p in doc.places if p is not place and p.country)
            for start, end in place.mentions:
                under = [tag for s, e, tag in spans if s < end and start < e]
                tag = "LOC" if "LOC" in under else next((t for t in under if t != "O"), "O")
                before = re.findall(r"\S+", text[max(0, start - 40):start])[-2:]
                reading = f"{place.canonical} ({place.country}, p{place.precision}, {place.id}, {place.candidates} cand.)"
                every.append(f"{doc_id}\t{start}\t{end}\t{tag}\t{' '.join(before)} [{text[start:end]}]\t{reading}")
                if place.precision == 1:
                    counts["city-level"] += 1
                    if tag != "LOC":
                        counts["city-level, no LOC tag"] += 1
                        counts[f"city-level, tag {tag}"] += 1
                        lines.append(f"false?\t{doc_id}\t{start}\t{end}\t{tag}\t{' '.join(before)} [{text[start:end]}]"
                                     f" {text[end:end + 25].splitlines()[0] if text[end:end + 25].strip() else ''}"
                                     f"\t{reading}")
                if (place.id and place.precision in (1, 2, 3) and place.candidates > 1 and others
                        and place.country not in others):
                    counts["homonym resolved below country, country not in the article"] += 1
                    lines.append(f"located?\t{doc_id}\t{start}\t{end}\t{tag}\t{' '.join(before)} [{text[start:end]}]"
                                 f"\t{reading}\tarticle: {dict(others.most_common(3))}")
    for name, value in counts.items():
        print(f"{name}: {value}")
    if args.list:
        args.list.write_text("\n".join(lines) + "\n", "utf-8")
    if args.mentions:
        args.mentions.write_text("\n".join(every) + "\n", "utf-8")


if __name__ == "__main__":
    main()
