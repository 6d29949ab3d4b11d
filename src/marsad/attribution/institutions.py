"""Event words inside the name of an institution, a treaty or a law.

``منظمة حظر الأسلحة الكيميائية``, ``قانون مكافحة الإرهاب``, ``هيئة تحرير الشام``: the event word is the
genitive of a head noun of ``data/institution_heads.tsv`` and, with what follows it, names the institution;
no ban, fight or liberation happens. The learned layer offers no such word to the trigger model
(:func:`marsad.attribution.learned.extract.event_candidates`); the rules' events are left as they are.

A name is told from a description by its definiteness: the head stands in the construct state (no
article, no pronoun: ``اللجنة وافقت`` is a subject and its verb) and the word after it is definite
(``لجنة التحقيق``) or an indefinite noun with a definite genitive (``حظر الأسلحة``). ``لجنة تحقيق عليا``
("a high commission of inquiry") and ``مشروع قانون تقييد حرية التصويت`` describe what is being set up or
restricted, and the gold codes them as events; ``لجنة لمداهمة الموقع`` (a purpose under ل) too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from marsad.attribution.text import Token
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize

# what may stand before a head in the construct state: a conjunction and a preposition, never the article
HEAD_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
ARTICLE = "ال"


@lru_cache(maxsize=1)
def institution_heads() -> frozenset[str]:
    """The head nouns of ``data/institution_heads.tsv`` in the folded spelling of the text."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("institution_heads.tsv"))


def _is_head(form: str) -> bool:
    """Whether a word is a head noun in the construct state, after at most a conjunction and a preposition."""
    heads = institution_heads()
    return any(form.startswith(prefix) and form[len(prefix):] in heads for prefix in HEAD_PREFIXES)


def _definite(form: str) -> bool:
    return form.startswith(ARTICLE) and len(form) > len(ARTICLE) + 1


# Read per word form, not per token: the learned layer asks about every trigger candidate of every
# article, and a document's words are mostly forms met before (the answers are the uncached ones:
# ``tests/test_institution_names.py`` compares them).
@lru_cache(maxsize=1 << 16)
def _head_form(form: str) -> bool:
    """Whether a word as written is a head noun in the construct state (:func:`_is_head` of its folded form)."""
    return _is_head(normalize(form))


@lru_cache(maxsize=1 << 16)
def _folded(form: str) -> str:
    return normalize(form)


def in_institution_name(tokens: Sequence[Token], index: int) -> bool:
    """Whether token ``index`` is the genitive that, with its head before it, names an institution."""
    if index < 1 or index >= len(tokens):
        return False
    head, word = tokens[index - 1], tokens[index]
    if not (head.is_word and word.is_word and head.sentence == word.sentence):
        return False
    if not _head_form(head.form):
        return False
    form = _folded(word.form)
    if _definite(form):
        return True
    # an indefinite word names the institution only with a definite genitive of its own (حظر الأسلحة)
    if form[:1] in "وفبلك" or index + 1 >= len(tokens):
        return False
    after = tokens[index + 1]
    return after.is_word and after.sentence == word.sentence and _definite(_folded(after.form))
