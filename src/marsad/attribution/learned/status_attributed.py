"""A claim whose source closes its sentence (``data/status_rules.yaml``, ``attributed_after``).

``أوقفت الشرطة التركية أمس عشرات الأشخاص خلال تظاهرات …، كما ذكرت وكالة أنباء الأناضول`` states the
arrests only as the agency's report: the annotation guide's ``claimed`` ("only attributed to a party:
قال/أعلن/اتهم/زعم/بحسب"). The status model reads the words before the event and sees no frame there; the
phrase that names the source stands at the sentence's end, after the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from marsad.resources import read_yaml
from marsad.text.normalize import normalize

if TYPE_CHECKING:
    from marsad.attribution.learned.context import Context


@dataclass(frozen=True, slots=True)
class AttributedAfter:
    max_words: int
    nouns: frozenset[str]
    openers: frozenset[tuple[str, ...]]
    verbs: frozenset[str]


@lru_cache(maxsize=1)
def attributed_after_words() -> AttributedAfter:
    """``attributed_after`` of ``data/status_rules.yaml``, normalised as the tokens are matched."""
    data = read_yaml("status_rules.yaml")["attributed_after"]
    return AttributedAfter(int(data["max_words"]), frozenset(normalize(str(w)) for w in data["nouns"]),
                           frozenset(tuple(normalize(str(w)).split()) for w in data["openers"]),
                           frozenset(normalize(str(w)) for w in data["verbs"]))


def source_phrase_after(ctx: Context, index: int) -> tuple[int, int] | None:
    """The token span ``[first, last)`` of the party named by an "according to" phrase that closes the
    sentence of the event word at ``index`` (``كما ذكرت وكالة أنباء الأناضول`` → ``وكالة أنباء الأناضول``),
    None when the sentence does not end with one."""
    words = attributed_after_words()
    _, last = ctx.sentence_bounds(index)
    after = [k for k in range(index + 1, last) if ctx.tokens[k].is_word]
    forms = [ctx.tokens[k].form for k in after]  # the matching view's forms: folded as the word lists are
    for i, form in enumerate(forms):
        party = None
        if form in words.nouns:
            party = i + 1
        else:
            for opener in words.openers:
                n = len(opener)
                if tuple(forms[i:i + n]) == opener and i + n < len(forms) and forms[i + n] in words.verbs:
                    party = i + n + 1
                    break
        if party is not None and 0 < len(forms) - party <= words.max_words:
            return after[party], after[-1] + 1
    return None
