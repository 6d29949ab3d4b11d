"""Search highlights: the pattern pre-filter finds exactly the words the plain rule finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.store import fts
from marsad.store.highlight import _every_word, matching_spans
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokens

# Letters with their spelling variants, marks and invisible characters that
# normalisation folds or deletes, and characters that end a word.
ALPHABET = (
    "اأإآٱبتثجحخدذرزسشصضطظعغفقكلمنهةوىيئؤء"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # diacritics, dagger alef, tatweel
    "\u200c\u200d\u200b\u200f\u061c"  # joiners and bidi marks
    "ﻻﺍکیھ"  # presentation forms and Persian look-alikes
    " .،\n-0123456789٣abcAB"
)
text_strategy = st.text(alphabet=ALPHABET, max_size=120)
query_strategy = st.text(alphabet="اأإبتحدرسعفقكلمنهةويى", min_size=2, max_size=7)


def forms_for(query: str) -> frozenset[str]:
    words = [t.text for t in tokens(normalize(query))]
    return frozenset(fts.query_forms(words))


@given(text_strategy, query_strategy)
def test_prefilter_finds_the_same_words_as_checking_every_word(text: str, query: str) -> None:
    forms = forms_for(query)
    assert matching_spans(text, forms) == _every_word(text, forms)


@given(text_strategy, query_strategy)
def test_a_word_planted_in_any_spelling_is_found(text: str, query: str) -> None:
    # The query word itself, written with a diacritic and a tatweel inside, preceded
    # by a conjunction and followed by a pronoun: found, with its exact span.
    core = query[0] + "\u064e" + query[1:-1] + "\u0640" + query[-1]
    planted = f"{text} و{core}ها {text}"
    forms = forms_for(query)
    spans = matching_spans(planted, forms)
    assert spans == _every_word(planted, forms)
    start = len(text) + 1
    word = planted[start : start + len(core) + 3]
    if fts.word_matches(normalize(word), forms):
        assert [start, start + len(word)] in spans


def test_clitics_variants_and_ta_marbuta_before_a_suffix() -> None:
    text = "قالت الحكومة إن حكومتها وبالحكومه ستعمل، وليس الحكومات."
    spans = matching_spans(text, forms_for("الحكومة"))
    assert [text[s:e] for s, e in spans] == ["الحكومة", "حكومتها", "وبالحكومه"]
    text = "وصل إلى إدلب ثم ادلب وبإِدلب"
    assert [text[s:e] for s, e in matching_spans(text, forms_for("ادلب"))] == ["إدلب", "ادلب", "وبإِدلب"]
