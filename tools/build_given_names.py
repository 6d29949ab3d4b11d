"""Build ``src/marsad/data/geo_given_names.tsv``: given names, the evidence that a place name after one is a person.

``مطر الأحمدي``, ``إليزابيث وارين``, ``لجين الأحمدي``: the place stage reads the second word as a town (Al Ahmadi,
Warren) unless something says it is a surname.  A word that, in the open NER corpora, opens multi-word person
names much more often than it stands alone, ends a name or is an ordinary word (tag O) is a given name:
a place name right after it is the rest of that name.

Sources (all redistributable, none SaudiNewsNet; see the data file's LICENSE.md):

- ANERcorp, the reconstructed train part (CC BY-SA 4.0), **without the sentences of the gold corpus's dev and
  test articles** (``gold/open-articles.jsonl``, ``gold/splits.tsv``), so that the sealed place gold names no
  person the list learned from;
- AQMAR train and dev (CC BY-SA 3.0);
- the Wojood public sample, train and val (MIT);
- UniversalPetrarch's Arabic actor dictionary (MIT): the first word of each multi-word actor with dated roles
  (the dictionary's individuals: ``جلال_طالباني_``), counted as opening a name.

A word (normalised, ``marsad.text.normalize``) is kept when it opens at least
:data:`MIN_OPENS` multi-word person names, opens them more than :data:`DOMINANCE` times as often as it occurs
otherwise in the corpora (alone as a name, at the end of one, or untagged, also with the article: the middle of
a name does not count), has three letters or more, and is no particle of a name
(``ابن``, ``أبو``, ``عبد``: ``أبو ظبي``), no definite word (``الرازي`` is a surname or a title) and no
name the gazetteer knows as a place.

    PYTHONPATH=src python tools/build_given_names.py --shared ../shared/data [--gold gold] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from marsad.geo.gazetteer import default_gazetteer
from marsad.geo.names import name_key
from marsad.ner.conll import column_blocks
from marsad.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "marsad" / "data" / "geo_given_names.tsv"
MIN_OPENS = 1
DOMINANCE = 1.0
# Words that open person names without being given names: kinship and name particles, titles.
PARTICLES = frozenset(normalize(w) for w in (
    "ابن", "بن", "بنت", "أبو", "ابو", "أبي", "ابي", "أم", "ام", "عبد", "آل", "ال", "بني", "دي", "دو", "دا",
    "فان", "فون", "لا", "لو", "سان", "سانت", "مار", "الشيخ", "شيخ", "سيدي", "مولاي", "السيد", "سيد", "الأمير",
    "أمير", "الملك", "ملك", "الرئيس", "رئيس", "الدكتور", "دكتور", "د", "السير", "سير", "مستر", "مسيو",
    "جنرال", "الجنرال", "سيناتور", "أدميرال", "عاهل", "وزير", "حرس", "قائد", "زعيم", "نائب", "مفتي", "قاضي",
    "سفارة", "دام",  # (nouns and verbs the actor dictionary lists as the first word of a lemma)
))
_LETTERS = re.compile(r"^[\u0621-\u064a]+$")


def conll_sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences of a CoNLL file as (token, outer tag) pairs (Wojood's nested tags follow the outer one)."""
    for block in column_blocks(path.read_text("utf-8")):
        yield [(parts[0], parts[1]) for parts in block if len(parts) >= 2]


def detokenise(tokens: list[str]) -> str:
    """As ``tools/gold/build_pool.py`` joins ANERcorp tokens into the gold articles' sentences."""
    text = " ".join(tokens)
    text = re.sub(r" ([.،,:؛;?؟!)\]])", r"\1", text)
    return re.sub(r"([(\[]) ", r"\1", text)


def held_out_sentences(gold: Path) -> set[str]:
    """The sentences of the gold corpus's ANERcorp articles outside its train split."""
    splits = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    held: set[str] = set()
    for line in (gold / "open-articles.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["corpus"] == "anercorp" and splits.get(row["id"], "test") != "train":
            held.update(row["text"].split("\n"))
    return held


def _word(token: str) -> str:
    return normalize(token)


def count(sentences: Iterator[list[tuple[str, str]]], person: str, opens: Counter[str], other: Counter[str]) -> None:
    inside = f"I-{person}"
    for sentence in sentences:
        for i, (token, tag) in enumerate(sentence):
            following = sentence[i + 1][1] if i + 1 < len(sentence) else "O"
            if tag == f"B-{person}" and following == inside:
                opens[_word(token)] += 1
            elif not (tag == inside and following == inside):  # (the middle of a name: علي محمد حسن)
                other[_word(token)] += 1


def petrarch_individuals(path: Path) -> Iterator[str]:
    """The first word of each multi-word actor with dated roles in a PETRARCH actor dictionary."""
    lines = path.read_text("utf-8").splitlines()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        words = [w for w in line.strip().split("_") if w]
        if len(words) >= 2 and "[" not in line and re.match(r"\s*\[\w* ?\d{8}-\d{8}\]", following):
            yield _word(words[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--gold", type=Path, default=ROOT / "gold")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    opens: Counter[str] = Counter()
    other: Counter[str] = Counter()
    held = held_out_sentences(args.gold)
    aner = [s for s in conll_sentences(args.shared / "anercorp" / "ANERCorp_reconstructed_train.txt")
            if detokenise([t for t, _ in s]) not in held]
    count(iter(aner), "PERS", opens, other)
    for name in ("train.txt", "dev.txt"):
        count(conll_sentences(args.shared / "aqmar" / name), "PER", opens, other)
    for name in ("train.txt", "val.txt"):
        count(conll_sentences(args.shared / "wojood-sample" / name), "PERS", opens, other)
    opens.update(petrarch_individuals(args.shared / "universalpetrarch-arabic" / "dictionaries" / "actor_dict_ar_v4.txt"))
    places = default_gazetteer().names
    # The dictionary's lemmas drop the article: a noun (جيش, سفير) is common with it in running text.
    kept = {
        word for word, n in opens.items()
        if n >= MIN_OPENS and n > DOMINANCE * (other[word] + other["ال" + word]) and len(word) >= 3
        and _LETTERS.match(word) and word not in PARTICLES and not word.startswith("ال")
        and name_key(word) not in places
    }
    # A proclitic and a name of the list, or a particle (ومحمد, وابو): the place stage takes the proclitic off.
    kept = {w for w in kept if not (w[0] in "وفلب" and (
        w[1:] in kept or w[1:] in PARTICLES or opens[w[1:]] or other[w[1:]] > other[w]))}
    ordered = sorted(kept, key=lambda w: (-opens[w], w))
    lines = ["# Given names: words that open multi-word person names in open NER corpora (tools/build_given_names.py).",
             "# A place name right after one is the rest of a person's name (مطر الأحمدي). Generated: do not edit.",
             "name\topens\totherwise"]
    lines += [f"{word}\t{opens[word]}\t{other[word]}" for word in ordered]
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(kept)} given names ({len(held)} held-out gold sentences left out) -> {args.out}")


if __name__ == "__main__":
    main()
