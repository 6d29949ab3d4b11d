"""Name-word lists for the NER tagger, from the UniversalPetrarch Arabic actor dictionary (MIT).

Most person names in a held-out news slice never occur in the NER training data; many of them
(politicians, officials, militants of the 2000s and 2010s) are in the Arabic actor dictionary of
UniversalPetrarch (``../shared/data/universalpetrarch-arabic/dictionaries/actor_dict_ar_v4.txt``,
MIT, Copyright (c) 2016 Open Event Data Alliance).  This script turns that dictionary into a
list of name WORDS with where they stand in the names, which the tagger reads as features
(``marsad.ner.features``: a word never seen in a training name still looks like one when the
list says it opens or closes known names).

An entry is a lemmatised phrase joined with ``_`` (``رئيس_مصري_محمد_انور_سادات_``) and one or
more codes (``[EGYGOV 19701015-19811006]``).  Each word is normalised as the tagger normalises
(``marsad.text.normalize``) and listed as it is and, when it holds the article, without it; the
tagger looks a word up as written, then without its proclitic
(``marsad.ner.features.split_proclitic``), so the lemmatised ``سادات`` is found for the news
text's ``السادات`` and ``والسادات``.  Leading titles, roles, nationality adjectives and common words
(``data/ner-name-list-words.tsv`` kind ``title``, ``data/roles.tsv``,
``data/geo_nisba.tsv``) are taken off an entry; what
remains is a name when no word of it is an organisation head (the same file, kind ``org_head``), else an
organisation.  A word's labels, each kept when seen at least once:

- ``F`` first word of a name of two words or more (given names: ``محمد``, ``إيهود``),
- ``L`` last word of such a name (family names: ``اولمر``, ``كاميرون``),
- ``M`` a word inside one (``بن``, ``عبد``),
- ``S`` a one-word entry without an organisation head (places, groups, single names),
- ``O`` a word of an organisation's entry (``حركة``, ``تحرير``).

    python tools/build_ner_names.py [--shared DIR] [--out src/marsad/data/ner-name-words.tsv]

The output is ``word<TAB>labels`` rows sorted by word under a header naming the source; a test
checks that the committed file is what this script writes.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sqlite3
import sys
from collections import defaultdict
from contextlib import closing
from pathlib import Path

from marsad.ner.features import split_proclitic
from marsad.ner.roles import roles
from marsad.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
SOURCE = Path("universalpetrarch-arabic/dictionaries/actor_dict_ar_v4.txt")
DEFAULT_OUT = ROOT / "src" / "marsad" / "data" / "ner-name-words.tsv"
# arabic-name-romanizer's name index, inside the installed package.
PEOPLE_INDEX = "resources/names.sqlite3"
PEOPLE_PACKAGE = "arabic-name-romanizer 0.2.0"
# A given name or surname counts when Wikidata people bear it at least this often.
MIN_PEOPLE = 2

WORD_LIST = "ner-name-list-words.tsv"  # org_head and title words (hand-written, in data/)


def _word_list(data: Path, kind: str) -> frozenset[str]:
    rows = [line.split("\t") for line in (data / WORD_LIST).read_text(encoding="utf-8").splitlines()]
    return frozenset(normalize(row[0]) for row in rows if len(row) == 2 and row[1] == kind)


_ARABIC_WORD = re.compile("[\u0621-\u064a]{2,}")


def _key(word: str) -> str:
    return split_proclitic(normalize(word) or word)[1]


def _forms(word: str) -> tuple[str, ...]:
    """The keys a dictionary word is listed under: its normalised form and, when it holds the article,
    that form without it (the tagger looks a word up as written, then without its proclitic)."""
    full = normalize(word) or word
    prefix, bare = split_proclitic(full)
    if not prefix.endswith(("ال", "لل")):
        bare = full  # a lemma holds no conjunction or preposition: بشار is not ب + شار
    return tuple(k for k in dict.fromkeys((full, bare)) if _ARABIC_WORD.fullmatch(k))


def _adjectives(data: Path) -> frozenset[str]:
    """Nationality adjectives of ``data/geo_nisba.tsv`` as keys (masculine and feminine)."""
    out: set[str] = set()
    for line in (data / "geo_nisba.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("iso2\t"):
            continue
        for adjective in line.split("\t")[1].split("|"):
            out.add(_key(adjective))
            out.add(_key(adjective + "ة"))
    return frozenset(out)


def entries(path: Path) -> list[list[str]]:
    """The phrases of the actor dictionary, as lists of words (codes dropped)."""
    out: list[list[str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("[") or raw[:1] in "\t":
            continue
        phrase = re.sub(r"\[.*$", "", line).strip()
        words = [w for w in phrase.split("_") if len(w) >= 2]
        if words:
            out.append(words)
    return out


def build(source: Path, data: Path) -> dict[str, str]:
    org_heads = _word_list(data, "org_head")
    skip = set(_word_list(data, "title")) | _adjectives(data)
    for role in roles():
        skip.update(_key(w) for w in role.text.split())
    labels: dict[str, set[str]] = defaultdict(set)

    def add(word: str, label: str) -> None:
        for form in _forms(word):
            labels[form].add(label)

    for words in entries(source):
        words = [w for w in words if _forms(w)]
        keys = [_key(w) for w in words]
        if not keys:
            continue
        if any(k in org_heads for k in keys):
            for word, k in zip(words, keys, strict=True):
                if k not in skip and k not in org_heads:
                    add(word, "O")
            continue
        name = [word for word, k in zip(words, keys, strict=True) if k not in skip]
        if not name or (len(name) < len(keys) and len(name) == 1 and words[-1] != name[0]):
            continue  # only titles and adjectives, or a lone word inside a phrase of them
        if len(name) == 1:
            add(name[0], "S")
            continue
        add(name[0], "F")
        add(name[-1], "L")
        for word in name[1:-1]:
            add(word, "M")
    return {k: "".join(sorted(v)) for k, v in sorted(labels.items())}


def people(database: Path) -> dict[str, str]:
    """Given names (``g``) and surnames (``n``) of people in Wikidata, from the name index of the PyPI
    package ``arabic-name-romanizer`` (rows whose source is Wikidata: CC0).  A word's role counts when
    Wikidata people bear it so at least :data:`MIN_PEOPLE` times (one-off labels are noise:
    ``في`` as a given name)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT arabic_key, role, count FROM units WHERE source = 'wikidata' AND role IN ('given', 'surname')"
        ).fetchall()
    for key, role, count in rows:
        word = normalize(key) or key
        if _ARABIC_WORD.fullmatch(word):
            counts[word][role] += count
    out: dict[str, str] = {}
    for word, by_role in sorted(counts.items()):
        label = ("g" if by_role["given"] >= MIN_PEOPLE else "") + ("n" if by_role["surname"] >= MIN_PEOPLE else "")
        if label:
            out[word] = label
    return out


HEADER = (
    "# Name words for the NER tagger's features (normalised). labels: where the word stands in the names\n"
    "# of the UniversalPetrarch Arabic actor dictionary (F first, M middle, L last word of a name; S a\n"
    "# one-word entry; O a word of an organisation; lemmas with the article are listed without it too).\n"
    "# people: g a given name, n a surname of people in Wikidata (seen at least twice).\n"
    "# Generated by tools/build_ner_names.py from actor_dict_ar_v4.txt of UniversalPetrarch\n"
    "# (github.com/openeventdata/UniversalPetrarch, MIT, Copyright (c) 2016 Open Event Data Alliance)\n"
    "# and the Wikidata rows (CC0) of the name index of the PyPI package arabic-name-romanizer 0.2.0;\n"
    "# see ner-name-words.tsv.LICENSE.md.\n"
)


def render(labels: dict[str, str], people_of: dict[str, str]) -> str:
    rows = [f"{w}\t{labels.get(w, '')}\t{people_of.get(w, '')}\n" for w in sorted(labels.keys() | people_of.keys())]
    return HEADER + "word\tlabels\tpeople\n" + "".join(rows)


def _people_index(given: Path | None) -> Path | None:
    if given is not None:
        return given
    spec = importlib.util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / PEOPLE_INDEX


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--people", type=Path, default=None,
        help=f"arabic-name-romanizer's {PEOPLE_INDEX} (default: the installed package's)",
    )
    args = parser.parse_args()
    source = args.shared / "data" / SOURCE
    if not source.is_file():
        print(f"build_ner_names: {SOURCE} not found under {args.shared}/data", file=sys.stderr)
        return 2
    index = _people_index(args.people)
    if index is None or not index.is_file():
        print(
            f"build_ner_names: no name index of {PEOPLE_PACKAGE}; install it for the build "
            "('pip install --no-deps arabic-name-romanizer==0.2.0') or give --people",
            file=sys.stderr,
        )
        return 2
    labels = build(source, ROOT / "src" / "marsad" / "data")
    people_of = people(index)
    args.out.write_text(render(labels, people_of), encoding="utf-8")
    print(f"{len(labels.keys() | people_of.keys())} name words -> {args.out.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
