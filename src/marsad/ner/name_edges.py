"""Where a person's name begins after a title: the given name the tagger left out.

Round 29. The tagger often finds only the surname of a foreign name (``نيد برايس`` → ``برايس``), and a
surname starting with ``ب``/``ل``/``ك``/``ف`` then lost that letter as if it were a preposition (``برايس`` →
``رايس``, Rice). Right after a title chain — a title (``data/roles.tsv``), then the organisation or country
it names (a dictionary match) or a country adjective (``data/geo_nisba.tsv``): ``المتحدث باسم وزارة الخارجية
الأمريكية``, ``وزير الخارجية الأمريكي`` — the next word begins a person's name: a one-word name found one
word later takes that word in as its given name (``نيد برايس``, ``الفريق مهاب مميش``), and so does a
dictionary person (``الرئيس عبدالفتاح السيسي`` when the dictionary matched ``السيسي``). The surname is then not
the name's first word and keeps its first letter.

The word taken in must not be a common word: the name-word list (``data/ner-name-words.tsv``) gives it as a
given name and it is rarer than ``RARE_GIVEN_ZIPF`` in running Arabic, or the list does not know it and it is
rarer than ``RARE_WORD_ZIPF`` (wordfreq's Arabic list, ``marsad.text.lexicon``). A given name of the list
before a name without a title is not taken in: the list's given names are also nouns a name follows (``ولد``
"was born", ``بيت`` "house of", ``عودة`` "return of", ``خليفة`` "successor of"; round 29, not kept).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from marsad.ner.actors import Actor
from marsad.ner.dictionary import Hit, name_word_list
from marsad.ner.roles import role_keys
from marsad.text.country_adjectives import nisba_words
from marsad.text.lexicon import Lexicon

# A word after a title that the name-word list does not know is taken for a given name only when it is rarer
# than this in running Arabic (wordfreq's Zipf scale: ``نيد`` 3.3, ``عبدالفتاح`` 3.9; the verb ``طالت`` 4.1
# after ``الفريق`` "the team", which is also a military rank); a listed given name only below RARE_GIVEN_ZIPF
# (``مساعد`` 4.7, not ``كان`` 6.6, a Wikidata given name too).
RARE_WORD_ZIPF = 4.0
RARE_GIVEN_ZIPF = 5.0
# Possessive suffixes: a word bearing one (``خارجيتها`` "its foreign ministry") continues a title, no name.
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "هن")


@lru_cache(maxsize=1)
def _adjectives() -> frozenset[str]:
    return frozenset(nisba_words())


def title_ends(hits: Sequence[Hit], words: Sequence[str]) -> frozenset[int]:
    """Token indices a title chain ends at: a role (``المتحدث باسم``), then any dictionary names
    (``وزارة الخارجية الأمريكية``) and country adjectives (``الأمريكي``) right after it; the next word
    may begin a person's name."""
    roles = [hit for hit in hits if not isinstance(hit.value, Actor)]
    if not roles:
        return frozenset()
    names = {hit.first: hit.last for hit in hits if isinstance(hit.value, Actor)}
    adjectives = _adjectives()
    ends: set[int] = set()
    for role in roles:
        end = role.last
        while True:
            if end + 1 in names:
                end = names[end + 1]
            elif end + 1 < len(words) and words[end + 1] in adjectives:
                end += 1
            else:
                break
        ends.add(end)
    return frozenset(ends)


def _rare_or_given(word: str) -> bool:
    value = name_word_list().get(word)
    people = value.partition("|")[2] if value else ""
    limit = RARE_GIVEN_ZIPF if "g" in people else RARE_WORD_ZIPF
    return Lexicon.get().zipf(word) < limit


def given_name_word(word: str) -> bool:
    """Whether ``word`` may be a given name before a surname: no word with the article, and the name-word list
    gives it as a given name (Wikidata's ``g``, or the first word of a name of the actor dictionary's that is
    never an organisation's) or it is rarer than ``RARE_WORD_ZIPF`` in running Arabic (``عبدالفتاح``)."""
    if word.startswith("ال"):
        return False
    value = name_word_list().get(word)
    if value:
        labels, _, people = value.partition("|")
        if "g" in people or ("F" in labels and "O" not in labels):
            return True
    return Lexicon.get().zipf(word) < RARE_WORD_ZIPF


def given_name_after_title(words: Sequence[str], index: int, ends: Collection[int]) -> bool:
    """Whether the word at ``index`` is the given name of a person named right after it: it follows a title
    chain, and is no article-word, conjunction, title, common word or word with a pronoun suffix
    (``وزير خارجيتها سيرغي لافروف``)."""
    word = words[index]
    return (
        index - 1 in ends
        and len(word) >= 2
        and word[:1].isalpha()
        and not word.startswith(("ال", "و"))
        and not (len(word) > 4 and word.endswith(_PRONOUN_SUFFIXES))
        and word not in role_keys()
        and _rare_or_given(word)
    )


def name_start(
    words: Sequence[str], first: int, stop: int, free: Callable[[int], bool], ends: Collection[int],
    stopword: Callable[[int], bool],
) -> int:
    """The first token of the person's name the tagger found at ``first..stop-1``: one word earlier when the
    name is one word and that word is its given name after a title chain.

    ``free(k)``: token ``k`` is an untagged word no other entity took; ``stopword(k)``: it is never a name
    alone (``data/ner_stopwords.tsv``).  A title right before a name does not keep a ``ب`` or ``ل`` on it:
    after a bare title that letter is mostly a preposition (``ونقل المبعوث لخادم الحرمين``, ``اتصل الرئيس
    بـ``; round 29, not kept)."""
    before = first - 1
    if (
        before >= 0
        and stop - first == 1
        and not words[first].startswith("و")
        and free(before)
        and not stopword(before)
        and given_name_after_title(words, before, ends)
    ):
        return before
    return first
