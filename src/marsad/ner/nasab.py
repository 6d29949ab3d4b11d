"""A person's name through its lineage and family: ``سلمان بن عبدالعزيز آل سعود`` is one name.

Round 29 (branch ner29b). Gulf names chain given names with ``بن``/``ابن``/``بنت`` ("son/daughter of") and
close with ``آل`` ("family of") and the family's name. The dictionary matched ``الملك سلمان``, the tagger then
read ``عبدالعزيز`` and ``سعود`` as two more people: one person read as three, two of them false. A person's
name now runs on through each link and the name after it (one word, or two when the first is a compound head:
``بن عبد العزيز``), then through a closing ``آل`` and the family's name (``آل مكتوم``, ``آل الشيخ``): the span of
a name the tagger or the name-word list found grows; a dictionary person takes those words but keeps its
matched span (``marsad.stages.entities``). The words are in ``data/ner_nasab.tsv``. ANERcorp and AQMAR tag
such names as one person (``بن`` and ``آل`` inside the name), and the annotation guide wants the longest name.

The chain never crosses a clause boundary (a punctuation token is no name word), a word with ``و`` ("and" + a
new person), a title of another person (``ابن الرئيس``), a word with a pronoun suffix (``ابن عمه`` "his
cousin") or another entity's token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from marsad.ner.dictionary import name_word_list
from marsad.ner.name_edges import RARE_GIVEN_ZIPF, given_name_word
from marsad.ner.roles import role_keys
from marsad.resources import read_tsv_dicts
from marsad.text.lexicon import Lexicon


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    return {row["word"]: row["kind"] for row in read_tsv_dicts("ner_nasab.tsv")}


@lru_cache(maxsize=1)
def _kin_suffixes() -> tuple[str, ...]:
    """Possessive endings: ``ابن عمه`` "his cousin", ``ابنة أخيها`` "her niece" are kin, not a lineage."""
    return tuple(word for word, kind in _words().items() if kind == "kin_suffix")


def is_link(word: str) -> bool:
    """Whether ``word`` is ``بن``/``ابن``/``بنت`` ("son/daughter of")."""
    return _words().get(word) == "link"


@lru_cache(maxsize=1)
def lineage_links() -> frozenset[str]:
    """The links that may open a listed lineage (:func:`starts_listed_lineage`: ``بن``/``بنت``, not ``ابن``). A
    sentence's pairs are read only where its next word is one of these: the test of every word of every sentence
    was 6 % of the entities stage (round 30)."""
    return frozenset(word for word, kind in _words().items() if kind == "link" and word != "ابن")


def starts_listed_lineage(word: str, link: str) -> bool:
    """Whether ``word`` then ``link`` begin a name neither the dictionary nor the tagger found: ``link`` is
    ``بن``/``بنت`` (not ``ابن``, which also begins a name itself: ``صحح ابن أبي أصيبعة``) and ``word`` is a given
    name of the name-word list (Wikidata's ``g`` or the first word of a dictionary name, never an organisation's)
    that is rarer than ``RARE_GIVEN_ZIPF`` (no verb or noun the list happens to hold)."""
    if link == "ابن" or not is_link(link) or not _plain(word):
        return False
    value = name_word_list().get(word)
    if not value:
        return False
    labels, _, people = value.partition("|")
    listed = "g" in people or ("F" in labels and "O" not in labels)
    return listed and Lexicon.get().zipf(word) < RARE_GIVEN_ZIPF


def is_family(word: str) -> bool:
    """Whether ``word`` is the normalised ``آل`` ("family of")."""
    return _words().get(word) == "family"


def _plain(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and not word.startswith("و") and word not in role_keys()


def _listed_name(word: str) -> bool:
    """Whether the name-word list has ``word`` as a person's name: Wikidata's people bear it, or it stands in the
    actor dictionary's names and never in an organisation's (``رجل`` "man" is in both, and no one's name)."""
    value = name_word_list().get(word)
    if not value:
        return False
    labels, _, people = value.partition("|")
    return bool(people) or (bool(set(labels) & set("FMLS")) and "O" not in labels)


def _name_word(word: str) -> bool:
    """A word that may follow ``بن``: a person's name of the name-word list (with or without its article:
    ``الحسين``), a fused ``عبد`` name (``عبدالعزيز``, more common in running text than a given name usually
    is) or a possible given name (:func:`marsad.ner.name_edges.given_name_word`: a rare word) with no
    pronoun suffix (not ``ابن عمه`` "his cousin", ``ابن رجل`` "son of a man")."""
    if not _plain(word):
        return False
    if word.startswith("عبد") or _listed_name(word) or (word.startswith("ال") and _listed_name(word[2:])):
        return True
    return not (len(word) > 3 and word.endswith(_kin_suffixes())) and given_name_word(word)


def _part_end(words: Sequence[str], index: int, ok: Callable[[int], bool], test: Callable[[str], bool]) -> int:
    """The last token of the name part starting at ``index`` (two tokens for ``عبد العزيز``), or -1."""
    if index >= len(words) or not ok(index) or not test(words[index]):
        return -1
    if _words().get(words[index]) == "compound":
        nxt = index + 1
        return nxt if nxt < len(words) and ok(nxt) and _plain(words[nxt]) else -1
    return index


def nasab_end(words: Sequence[str], last: int, ok: Callable[[int], bool]) -> int:
    """The last token of the person's name whose span ends at ``last``: past each ``بن`` + name and a closing
    ``آل`` + family name. ``ok(k)``: token ``k`` may join the name (no other entity took it)."""
    end = last
    while end + 2 < len(words) and is_link(words[end + 1]) and ok(end + 1):
        stop = _part_end(words, end + 2, ok, _name_word)
        if stop < 0:
            break
        end = stop
    if end + 2 < len(words) and is_family(words[end + 1]) and ok(end + 1):
        stop = _part_end(words, end + 2, ok, _family_word)
        if stop >= 0:
            end = stop
    return end


def _family_word(word: str) -> bool:
    """A family's name after ``آل``: any word of three letters or more but a conjoined one (``آل الشيخ``: a title
    is a name here); a bare ``ال`` before a word of two letters spells out Latin letters (``ال إس يو``, LSU)."""
    return len(word) >= 3 and word.isalpha() and not word.startswith("و")


def ends_in_lineage(words: Sequence[str], last: int) -> bool:
    """Whether the name ending at ``last`` ends in a father's or family's name (``… بن عبدالعزيز``,
    ``… آل سعود``): that word alone elsewhere is another person (the father) or a family, not this name."""
    before = last - 1
    if before >= 1 and _words().get(words[before]) == "compound":
        before -= 1
    return before >= 1 and (is_link(words[before]) or is_family(words[before]))
