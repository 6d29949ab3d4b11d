"""Where a person's name begins: the given name before a surname, and a first letter that is the name's.

Round 29. The tagger often finds only the surname of a foreign name (``نيد برايس`` → ``برايس``), and the
dictionary lists some people by surname (``دي ميستورا``); the given name the text writes before them was left
out of the span, and a surname starting with ``ب``/``ل``/``ك``/``ف`` lost that letter as if it were a
preposition (``برايس`` → ``رايس``, Rice). The word before a person's name extends it when it is a given name
of the name-word list (``data/ner-name-words.tsv``: Wikidata's given names, the actor dictionary's first
words) or, for a one-word name, an unlisted word that comes right after a title (``data/roles.tsv``) and the
organisation or country the title names (``المتحدث باسم وزارة الخارجية الأمريكية نيد برايس``). A name right
after a given name or a title keeps its first letter (``NerModel.strip_proclitic``'s ``after_name``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from functools import lru_cache

from marsad.ner.actors import Actor
from marsad.ner.dictionary import Hit, name_word_list
from marsad.ner.roles import role_keys
from marsad.resources import read_tsv_dicts
from marsad.text.lexicon import Lexicon
from marsad.text.normalize import normalize


def title_ends(hits: Sequence[Hit]) -> frozenset[int]:
    """Token indices a title chain ends at: a role (``المتحدث باسم``), and the dictionary name right
    after it (``وزارة الخارجية الأمريكية``), whose next word may begin a person's name."""
    roles = [hit for hit in hits if not isinstance(hit.value, Actor)]
    if not roles:
        return frozenset()
    ends = {hit.last for hit in roles}
    for hit in hits:
        if isinstance(hit.value, Actor) and hit.first - 1 in ends:
            ends.add(hit.last)
    return frozenset(ends)


@lru_cache(maxsize=1)
def _not_given_names() -> frozenset[str]:
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("ner_not_given_names.tsv"))


def given_name(word: str, trained: Mapping[str, int]) -> bool:
    """Whether a normalised word is a given name: Wikidata's people bear it as one (the name-word list's
    ``g``) and the tagger's training names hold it (``trained``: the model's name lexicon) or it is the
    first word of a name of the actor dictionary (``F``). Wikidata's given names alone are too many
    ordinary words (``إلا``, ``آسيا``), and so are the dictionary's first words alone (``نظام``, ``ميناء``,
    ``بلدية``); words listed in ``data/ner_not_given_names.tsv``, two-letter words (``لا``), titles and
    words with the article are never given names here."""
    value = name_word_list().get(word)
    if not value or len(word) < 3 or word.startswith("ال") or word in role_keys() or word in _not_given_names():
        return False
    labels, _, people = value.partition("|")
    return "g" in people and (trained.get(word, 0) > 0 or "F" in labels)


def _particle_and_given_name(word: str, trained: Mapping[str, int]) -> bool:
    """``بمحمد``, ``لجميل``, ``وعلي``: a particle and a given name, i.e. a name that begins after a
    preposition or a conjunction (the word before it is not its given name: ``سعيد بمحمد``)."""
    return word[:1] in "وفبلك" and (word[:1] == "و" or given_name(word[1:], trained))


# A word after a title that the name-word list does not know is taken for a given name only when it is rarer
# than this in running Arabic (wordfreq's Zipf scale: ``نيد`` 3.3, ``عبدالفتاح`` 3.9; the verb ``طالت`` 4.1
# after ``الفريق`` "the team", which is also a military rank); a listed given name only below RARE_GIVEN_ZIPF
# (``مساعد`` 4.7, not ``كان`` 6.6, a Wikidata given name too).
RARE_WORD_ZIPF = 4.0
RARE_GIVEN_ZIPF = 5.0


def _rare_or_given(word: str) -> bool:
    value = name_word_list().get(word)
    people = value.partition("|")[2] if value else ""
    limit = RARE_GIVEN_ZIPF if "g" in people else RARE_WORD_ZIPF
    return Lexicon.get().zipf(word) < limit


def name_start(
    words: Sequence[str], first: int, stop: int, free: Callable[[int], bool], ends: Collection[int],
    stopword: Callable[[int], bool], trained: Mapping[str, int],
) -> tuple[int, bool]:
    """The first token of the person's name the tokens ``first..stop-1`` end, and whether that token
    follows a title (its first letter is then the name's).

    ``free(k)``: token ``k`` is an untagged word no other entity took; ``stopword(k)``: it is never a name
    alone (``data/ner_stopwords.tsv``); ``trained``: the model's name lexicon."""
    before = first - 1
    if before < 0:
        return first, False
    word = words[before]
    if free(before) and word[:1].isalpha() and not stopword(before):
        if given_name(word, trained) and not _particle_and_given_name(words[first], trained):
            return before, before - 1 in ends
        if (
            stop - first == 1
            and before - 1 in ends
            and not word.startswith(("ال", "و"))
            and not words[first].startswith("و")
            and word not in role_keys()
            and len(word) >= 2
            and _rare_or_given(word)
        ):
            return before, True
    return first, before in ends
