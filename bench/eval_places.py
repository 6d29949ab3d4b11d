"""Place geocoding on real articles: speed, and quality against hand-checked judgements.

    python bench/eval_places.py                       # speed + figures against the stored judgements
    python bench/eval_places.py --dump sample         # print sampled mentions with context, to judge
    python bench/eval_places.py --dump article:LINE   # print one article's mentions, to annotate fully
    python bench/eval_places.py --judged tests/gold/places/saudinewsnet_judged_wof.tsv  # WOF extension

Articles: every ``--step``-th line of ``../shared/data/saudinewsnet/syria_related_subset.jsonl`` (first
``--n`` of them).  Judgements live in ``tests/gold/places/saudinewsnet_judged.tsv`` as line number,
offsets, verdict and gold id only (no article text):

* ``ok``: a place, resolved to the right gazetteer entry (or the right place, recorded twice);
* ``wrong``: a place, resolved to another place;
* ``unresolved``: a place, reported with id null;
* ``notplace``: not a place mention at all (a false positive);
* ``missed``: a place mention the stage did not report (only for fully annotated articles, listed
  in the judgement file's ``# full:`` line).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSONL = ROOT.parent / "shared" / "data" / "saudinewsnet" / "syria_related_subset.jsonl"
JUDGED = ROOT / "tests" / "gold" / "places" / "saudinewsnet_judged.tsv"


def load_articles(path: Path, n: int, step: int) -> list[tuple[int, dict[str, str]]]:
    picked: list[tuple[int, dict[str, str]]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if (number - 1) % step == 0:
                picked.append((number, json.loads(line)))
                if len(picked) == n:
                    break
    return picked


def analyse(articles: list[tuple[int, dict[str, str]]], stages: list[str]) -> tuple[dict[int, object], float]:
    from marsad.document import Document
    from marsad.pipeline import Pipeline

    pipeline = Pipeline.build(stages)
    docs: dict[int, object] = {}
    start = time.perf_counter()
    for number, article in articles:
        doc = Document(article.get("content") or "", url=article.get("url"), title=article.get("title"))
        docs[number] = pipeline(doc)
    return docs, time.perf_counter() - start


def mentions(docs: dict[int, object]) -> list[tuple[int, int, int, object]]:
    found = []
    for number, doc in docs.items():
        for place in doc.places:  # type: ignore[attr-defined]
            for start, end in place.mentions:
                found.append((number, start, end, place))
    return found


def context(text: str, start: int, end: int, width: int = 45) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"{left}[[{text[start:end]}]]{right}"


Judgement = tuple[str, str, str]  # verdict, gold id, id the stage gave when judged


def read_judged(path: Path = JUDGED) -> tuple[dict[tuple[int, int, int], Judgement], set[int]]:
    judged: dict[tuple[int, int, int], Judgement] = {}
    full: set[int] = set()
    if not path.is_file():
        return judged, full
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# full:"):
            full.update(int(x) for x in line.split(":", 1)[1].split())
        if not line.strip() or line.startswith("#") or line.startswith("line\t"):
            continue
        number, start, end, verdict, gold, system = [*line.split("\t"), "", ""][:6]
        judged[(int(number), int(start), int(end))] = (verdict, gold, system)
    return judged, full


def _same_place(a: str, b: str) -> bool:
    """Two ids for one place: equal, or entries within a few km (a city and the division it seats)."""
    if a == b:
        return True
    from marsad.geo.gazetteer import default_gazetteer
    from marsad.geo.resolve import SAME_PLACE_KM, haversine_km

    gaz = default_gazetteer()
    found = {e.id: e for e in gaz.entries if e.id in (a, b)}
    if len(found) < 2:
        return False
    x, y = found[a], found[b]
    return x.country == y.country and haversine_km(x.lat, x.lon, y.lat, y.lon) < SAME_PLACE_KM


def classify(judgement: Judgement, current: str | None) -> str:
    """What a judged mention is now: notplace, right, wrong, unresolved or unverified."""
    verdict, gold, system = judgement
    if verdict == "notplace":
        return "notplace"
    if current is None:
        return "unresolved"
    if gold:
        return "right" if _same_place(current, gold) else "wrong"
    if current == system:
        return {"ok": "right", "wrong": "wrong"}.get(verdict, "unverified")
    return "unverified"  # the stage now says something nobody has checked


def report(docs: dict[int, object], path: Path = JUDGED) -> None:
    judged, full = read_judged(path)
    system = {(n, s, e): p.id for n, s, e, p in mentions(docs)}  # type: ignore[attr-defined]
    now: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for key, judgement in judged.items():
        if judgement[0] == "missed" or key[0] not in docs:
            continue
        if key not in system:
            dropped[judgement[0]] += 1
            continue
        now[classify(judgement, system[key])] += 1
    checked = sum(now.values())
    places = checked - now["notplace"]
    print(
        f"judged mentions the stage still produces: {checked}; judged ones it no longer produces: {dict(dropped)}"
    )
    if checked:
        print(f"place precision (the mention is a place): {places / checked:.3f}  ({places}/{checked})")
    if places:
        print(
            f"geocoded to the right place: {now['right'] / places:.3f}  ({now['right']}/{places}); "
            f"wrong place {now['wrong']}, unresolved {now['unresolved']}, changed since judged {now['unverified']}"
        )
    if full:
        true = [
            k for k, j in judged.items() if k[0] in full and j[0] in ("ok", "wrong", "unresolved", "missed")
        ]
        produced = [k for k in true if k in system]
        right = [k for k in produced if classify(judged[k], system[k]) == "right"]
        print(
            f"{len(full)} fully annotated articles, {len(true)} true place mentions: recall {len(produced) / len(true):.3f}, "
            f"share geocoded to the right place {len(right) / len(true):.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jsonl", type=Path, default=DEFAULT_JSONL)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--step", type=int, default=14)
    parser.add_argument("--stages", default="boilerplate,repair,entities,places")
    parser.add_argument("--dump", help="'sample' (random mentions to judge) or 'article:LINE'")
    parser.add_argument("--sample-size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--judged", type=Path, default=JUDGED, help="judgement file to score against")
    args = parser.parse_args()
    if not args.jsonl.is_file():
        sys.exit(f"eval_places: {args.jsonl} not found (the shared SaudiNewsNet subset)")
    articles = load_articles(args.jsonl, args.n, args.step)
    docs, seconds = analyse(articles, args.stages.split(","))
    found = mentions(docs)
    resolved = sum(1 for *_k, p in found if p.id is not None)  # type: ignore[attr-defined]
    print(
        f"{len(docs)} articles, stages {args.stages}: {seconds:.2f} s, {len(docs) / seconds:.1f} articles/s"
    )
    print(
        f"{len(found)} place mentions, {resolved} resolved ({resolved / max(1, len(found)):.3f}), "
        f"{len({p.id for *_k, p in found if p.id})} distinct places"
    )  # type: ignore[attr-defined]
    errors = Counter(e.stage for d in docs.values() for e in d.errors)  # type: ignore[attr-defined]
    if errors:
        print(f"stage errors: {dict(errors)}")
    if args.dump == "sample":
        judged, _full = read_judged(args.judged)
        pool = [m for m in found if (m[0], m[1], m[2]) not in judged]
        random.Random(args.seed).shuffle(pool)
        for number, start, end, place in sorted(pool[: args.sample_size]):
            text = docs[number].text  # type: ignore[attr-defined]
            print(
                f"{number}\t{start}\t{end}\t{place.id}\t{place.canonical}\t{place.country}\t"  # type: ignore[attr-defined]
                f"{place.candidates}\t{context(text, start, end)}"
            )  # type: ignore[attr-defined]
    elif args.dump and args.dump.startswith("article:"):
        number = int(args.dump.split(":", 1)[1])
        doc = docs[number]
        print(doc.text)  # type: ignore[attr-defined]
        for n, start, end, place in sorted(m for m in found if m[0] == number):
            print(f"{n}\t{start}\t{end}\t{place.id}\t{place.canonical}\t{doc.text[start:end]}")  # type: ignore[attr-defined]
    else:
        report(docs, args.judged)


if __name__ == "__main__":
    main()
