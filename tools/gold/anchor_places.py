"""Turn an annotator's place draft (surfaces) into place gold (offsets): gold/places/ID.json.

Draft (see the place annotator brief)::

    {"id": "aner-0001", "annotator": "P1",
     "places": [{"mention": "حلب", "occurrences": "all", "name_en": "Aleppo", "kind": "city",
                 "country": "SY", "lat": 36.2, "lon": 37.16, "gazetteer_id": "geonames:170063"},
                {"sent": "<a unique stretch of the article>", "mention": "عمان", ...}],
     "note": "..."}

``"occurrences": "all"``: every whole-word occurrence of exactly ``mention`` is that
place (one glued to a longer mention of another entry, ``دمشق`` in ``ريف دمشق``, is
left to that one). Otherwise ``sent`` (copied from the article, unique in it) locates
the occurrence; ``"mention#2"`` is its second occurrence inside ``sent``. Whitespace and
diacritics may differ from the article (as in anchor.py). Only offsets and labels are
written (SaudiNewsNet text must not enter the project). Nothing is written for a draft
with problems; each draft prints one ``ok ID (N mentions)`` line or its problems.

    python tools/gold/anchor_places.py DRAFT.json... [--shared ../shared/data] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from anchor import PROCLITICS, DraftError, find_all, locate_sent, on_word_boundary, print_problems  # noqa: E402

from marsad.evaluate.gold_corpus import GoldCorpus, GoldCorpusError  # noqa: E402
from marsad.evaluate.gold_places import check_place, check_places  # noqa: E402

LABELS = ("name_en", "kind", "country", "lat", "lon", "gazetteer_id")
Span = tuple[int, int]


def is_letter(ch: str) -> bool:
    return ch.isalpha() or bool(regex.match(r"\p{M}", ch))


def whole_word(text: str, start: int, end: int) -> bool:
    """Nothing glued on either side: ``حلب`` in ``بحلب`` is not a whole-word occurrence of ``حلب``."""
    return (start == 0 or not is_letter(text[start - 1])) and (end == len(text) or not is_letter(text[end]))


def glued(text: str, start: int, end: int) -> str:
    """The word an occurrence sits in (to show it when it is not whole)."""
    while start > 0 and is_letter(text[start - 1]):
        start -= 1
    while end < len(text) and is_letter(text[end]):
        end += 1
    return text[start:end]


def with_proclitic(text: str, start: int, end: int) -> bool:
    """``سوريا`` in ``لسوريا``, ``والمحيط الهندي``: a particle glued before it (not the article
    ``ال``, which makes another word: ``السلمية``), nothing after it."""
    if end < len(text) and is_letter(text[end]):
        return False
    word_start = start
    while word_start > 0 and is_letter(text[word_start - 1]):
        word_start -= 1
    prefix = regex.sub(r"\p{M}", "", text[word_start:start])
    return prefix in PROCLITICS and prefix != "ال"


def anchor_all(text: str, mention: str) -> tuple[list[Span], list[Span]]:
    """Every whole-word occurrence, and those with a particle glued before (to point them out)."""
    hits = find_all(text, mention)
    whole = [h for h in hits if whole_word(text, *h)]
    prefixed = [h for h in hits if not whole_word(text, *h) and with_proclitic(text, *h)]
    if not whole:
        others = sorted({glued(text, *h) for h in hits if on_word_boundary(text, *h)})
        hint = (f" (it occurs inside {', '.join(f'«{w}»' for w in others)}: copy the word as written, or give "
                "a sent for each occurrence where words run together)") if others else ""
        raise DraftError(f"«{mention}» has no whole-word occurrence in the article{hint}")
    return whole, prefixed


def anchor_in_sent(text: str, sent: str, value: str, notes: list[str], what: str) -> Span:
    region = locate_sent(text, sent)
    surface, _, nth = value.partition("#")
    inside = [h for h in find_all(text, surface) if h[0] >= region[0] and h[1] <= region[1]]
    if not inside:
        raise DraftError(f"«{surface}» is not inside its sent «{sent[:60]}»")
    if nth:
        if not nth.isdigit() or int(nth) < 1:
            raise DraftError(f"«{value}»: after # give the occurrence number (2, 3...)")
        if int(nth) > len(inside):
            raise DraftError(f"«{surface}» occurs only {len(inside)} time(s) in its sent")
        return inside[int(nth) - 1]
    whole = [h for h in inside if whole_word(text, *h)] or [h for h in inside if on_word_boundary(text, *h)]
    if not whole:
        # texts with missing spaces glue a name to its neighbour (رئيسالولايات): the sent says where
        notes.append(f"{what}: taken inside the word «{glued(text, *inside[0])}» (check it is not a part of "
                     "a longer word; a glued clitic belongs in the mention)")
        return inside[0]
    return whole[0]


def labels(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item.get(key) for key in LABELS}


def anchor_places(text: str, draft: dict[str, Any], errors: list[str], notes: list[str]) -> list[dict[str, Any]]:
    """The places with offsets; problems go to ``errors``, hints that are no error to ``notes``."""
    items = draft.get("places")
    if not isinstance(items, list):
        errors.append('"places" must be a list ([] for an article without any place)')
        return []
    found: list[tuple[Span, int, bool]] = []  # span, entry index, from "occurrences": "all"
    prefixed: list[tuple[Span, int]] = []
    for k, item in enumerate(items):
        what = f"place {k}"
        if not isinstance(item, dict):
            errors.append(f"{what}: expected an object")
            continue
        what = f"place {k} «{item.get('mention')}»"
        problems = check_place(item, what)
        mention = item.get("mention")
        if not isinstance(mention, str) or not mention.strip():
            problems.append(f"place {k}: mention missing")
        every = item.get("occurrences")
        sent = item.get("sent")
        if every not in (None, "all"):
            problems.append(f'{what}: occurrences must be "all" (or left out and a sent given)')
        elif every == "all" and sent:
            problems.append(f'{what}: give either "occurrences": "all" or a sent, not both')
        elif every is None and not (isinstance(sent, str) and sent.strip()):
            problems.append(f'{what}: give a sent containing the mention, or "occurrences": "all"')
        elif every == "all" and isinstance(mention, str) and "#" in mention:
            problems.append(f'{what}: "mention#N" picks an occurrence inside a sent; with "occurrences": "all" '
                            "give the mention alone")
        if problems:
            errors.extend(problems)
            continue
        try:
            if every == "all":
                whole, glued_on = anchor_all(text, str(mention))
                found.extend((span, k, True) for span in whole)
                prefixed.extend((span, k) for span in glued_on)
            else:
                found.append((anchor_in_sent(text, str(sent), str(mention), notes, what), k, False))
        except DraftError as exc:
            errors.append(f"{what}: {exc}")
    places = resolve_overlaps(text, items, found, errors)
    spans = [p["mention"] for p in places]
    missed: dict[int, set[str]] = {}
    for (start, end), k in prefixed:
        if not any(s < end and start < e for s, e in spans):
            missed.setdefault(k, set()).add(glued(text, start, end))
    for k, words in sorted(missed.items()):
        notes.append(f"place {k} «{items[k].get('mention')}» also occurs as "
                     f"{', '.join(f'«{w}»' for w in sorted(words))}: add an entry if it is this place")
    return places


def resolve_overlaps(text: str, items: list[Any], found: list[tuple[Span, int, bool]],
                     errors: list[str]) -> list[dict[str, Any]]:
    """One place per span: the same span twice must name the same place; an "all" occurrence
    inside a longer mention is that mention's part (دمشق in ريف دمشق); other overlaps are errors."""
    by_span: dict[Span, tuple[int, bool]] = {}
    for span, k, every in found:
        if span in by_span:
            other, other_every = by_span[span]
            if labels(items[other]) != labels(items[k]):
                errors.append(f"«{text[span[0]:span[1]]}» at {list(span)} is given two places "
                              f"(place {other} and place {k})")
            by_span[span] = (other, other_every and every)
        else:
            by_span[span] = (k, every)
    kept: list[tuple[Span, int]] = []
    spans = sorted(by_span, key=lambda s: (s[0], -s[1]))
    for span in spans:
        k, every = by_span[span]
        outer = [o for o in spans if o != span and o[0] <= span[0] and span[1] <= o[1]]
        crossing = [o for o in spans if o[0] < span[0] < o[1] < span[1]]
        if outer and every:
            continue
        if outer or crossing:
            o = (outer or crossing)[0]
            errors.append(f"place {k}: «{text[span[0]:span[1]]}» at {list(span)} overlaps «{text[o[0]:o[1]]}» "
                          f"(place {by_span[o][0]}): one mention per stretch of text")
            continue
        kept.append((span, k))
    return [{"mention": list(span), **labels(items[k])} for span, k in kept]


def dump(gold: dict[str, Any]) -> str:
    """One place per line: small diffs when an annotation is corrected."""
    head = {k: v for k, v in gold.items() if k != "places"}
    items = [json.dumps(p, ensure_ascii=False) for p in gold["places"]]
    body = ' "places": [\n  ' + ",\n  ".join(items) + "\n ]" if items else ' "places": []'
    return json.dumps(head, ensure_ascii=False)[:-1] + ",\n" + body + "\n}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("drafts", nargs="+")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", help="write here instead of gold/places")
    args = parser.parse_args()
    corpus = GoldCorpus(ROOT / "gold", Path(args.shared))
    out_dir = Path(args.out) if args.out else ROOT / "gold" / "places"
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for draft_path in args.drafts:
        errors: list[str] = []
        notes: list[str] = []
        try:
            draft = json.loads(Path(draft_path).read_text("utf-8"))
            if not isinstance(draft, dict) or not isinstance(draft.get("id"), str):
                raise ValueError('expected a JSON object with an "id"')
            article = corpus.article(draft["id"])
        except (OSError, ValueError, GoldCorpusError) as exc:
            print(f"{draft_path}: {exc}")
            failed += 1
            continue
        text = article.text
        places = anchor_places(text, draft, errors, notes)
        gold = {"id": article.id, "corpus": article.corpus, "annotator": draft.get("annotator"), "places": places}
        if not errors:
            errors = check_places(gold, text)
        if errors:
            failed += 1
            print_problems(draft_path, errors)
            continue
        (out_dir / f"{article.id}.json").write_text(dump(gold), encoding="utf-8")
        print(f"ok {article.id} ({len(places)} mentions)")
        for note in notes:
            print(f"  note: {note}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
