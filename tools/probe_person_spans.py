"""A judged probe of PERSON spans on unseen SaudiNewsNet news (round 29): how often is a name cut?

The entities stage's PERSON entities are listed where the span may be cut: its first word lost a leading
letter (``strip``: ``برايس`` → ``رايس``), or the word before it (``left``) or after it (``right``) is itself a
person-name word of the name-word list (``data/ner-name-words.tsv``: a given name or surname of Wikidata's people,
or a word of a name of the actor dictionary), not a title or role (``data/roles.tsv``) and not a function word
(``data/ner_stopwords.tsv``). Articles are drawn as round 22's place probe draws them (``--per-day`` seeded
articles of 400–3,500 characters from each day archive, none read by an earlier gold or check).

    PYTHONPATH=src python tools/probe_person_spans.py --list FILE        # flagged mentions, with text, to judge
    PYTHONPATH=src python tools/probe_person_spans.py --judged FILE      # tally a judged file

The judged file (committed) holds ``key``, ``start``, ``end``, ``flag`` and ``verdict`` only, never text:
``cut`` (the span leaves out a letter or a word of the name the text gives, or takes in one that is not the
name's), ``right`` (the span is the name), ``notname`` (not a person). A mention whose span has changed since is
reported as unjudged.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import regex

from marsad.document import Document, Entity
from marsad.ner.dictionary import name_word_list
from marsad.ner.roles import role_keys
from marsad.resources import read_tsv_dicts
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.entities import EntityStage
from marsad.text.normalize import normalize
from probe_places_snn22 import draw, require

WORD = regex.compile(r"[\p{L}\p{M}]+")
PROCLITIC_LETTERS = "وفبلك"


def person_word(word: str, names: dict[str, str], blocked: frozenset[str]) -> bool:
    """Whether a normalised word is a person-name word of the list (and not a role or function word)."""
    value = names.get(word)
    if value is None or word in blocked:
        return False
    labels, _, people = value.partition("|")
    return bool(people) or bool(set(labels) & set("FMLS"))


def flags(doc: Document, entity: Entity, names: dict[str, str], blocked: frozenset[str]) -> Iterator[str]:
    text = doc.text
    if entity.start and text[entity.start - 1] in PROCLITIC_LETTERS and text[entity.start - 1].isalpha():
        yield "strip"
    before = list(WORD.finditer(text, max(0, entity.start - 40), entity.start))
    if (
        before
        and before[-1].end() == entity.start - 1
        and person_word(normalize(before[-1].group()), names, blocked)
    ):
        yield "left"
    after = WORD.search(text, entity.end, entity.end + 40)
    if after and after.start() == entity.end + 1 and person_word(normalize(after.group()), names, blocked):
        yield "right"


def mentions(shared: Path, per_day: int, seed: int) -> Iterator[tuple[str, Document, Entity, str]]:
    names = name_word_list()
    blocked = frozenset(role_keys()) | frozenset(normalize(r["word"]) for r in read_tsv_dicts("ner_stopwords.tsv"))
    boilerplate, entities = BoilerplateStage(), EntityStage()
    fresh = Path("tests/gold/places/fresh_judged.tsv")
    for key, _half, text in draw(shared, Path("gold"), fresh, per_day, seed):
        doc = Document(text)
        boilerplate(doc)
        entities(doc)
        for entity in doc.entities:
            if entity.type == "PERSON":
                for flag in flags(doc, entity, names, blocked):
                    yield key, doc, entity, flag


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--per-day", type=int, default=40)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--list", type=Path, help="write the flagged mentions with their context here (not committed)")
    parser.add_argument("--judged", type=Path, help="a judged file to tally")
    args = parser.parse_args()
    require([args.shared / "saudinewsnet"])
    judged: dict[tuple[str, int, int, str], str] = {}
    if args.judged:
        for line in args.judged.read_text("utf-8").splitlines():
            if line and not line.startswith(("#", "key\t")):
                key, start, end, flag, verdict = line.split("\t")
                judged[(key, int(start), int(end), flag)] = verdict
    tally: Counter[str] = Counter()
    rows: list[str] = []
    seen: set[tuple[str, int, int, str]] = set()
    for key, doc, entity, flag in mentions(args.shared, args.per_day, args.seed):
        item = (key, entity.start, entity.end, flag)
        seen.add(item)
        tally[flag] += 1
        if args.judged:
            tally[f"{flag}:{judged.get(item, 'unjudged')}"] += 1
        if args.list:
            left = " ".join(doc.text[max(0, entity.start - 30) : entity.start].split())
            right = " ".join(doc.text[entity.end : entity.end + 30].split())
            rows.append(f"{key}\t{entity.start}\t{entity.end}\t{flag}\t\t{left} [[{entity.text}]] {right}")
    if args.judged:
        gone = [item for item in judged if item not in seen]
        gone_verdicts = Counter(f"{item[3]}:{judged[item]}" for item in gone)
        tally.update({f"no longer flagged {k}": v for k, v in gone_verdicts.items()})
    if args.list:
        args.list.write_text("key\tstart\tend\tflag\tverdict\tcontext\n" + "\n".join(rows) + "\n", "utf-8")
    for name, count in sorted(tally.items()):
        print(f"{name}\t{count}", file=sys.stdout)


if __name__ == "__main__":
    main()
