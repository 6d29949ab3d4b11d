"""Document consistency of the tagger's names (marsad.ner.consistency.spread_names)."""

from __future__ import annotations

from marsad.ner.consistency import readings, spread_names
from marsad.ner.tokens import tokenize
from marsad.text.normalize import normalize


def _words(text: str) -> list[str]:
    return tokenize(normalize(text))


def test_readings_drop_a_particle_and_keep_the_article() -> None:
    assert normalize("بوتين") in readings(normalize("وبوتين"))
    assert normalize("الأمم") in readings(normalize("للأمم"))
    assert normalize("أسد") not in readings(normalize("الأسد"))
    assert readings(normalize("بوتين"))[0] == normalize("بوتين")


def test_a_name_tagged_once_is_tagged_where_it_recurs() -> None:
    words_of = [_words("صلى المصلون في مسجد فنسبري بارك أمس ."), _words("وأغلقت الشرطة فنسبري بارك اليوم .")]
    tags_of = [["O", "O", "O", "O", "B-ORG", "I-ORG", "O", "O"], ["O"] * 6]
    out = spread_names(words_of, tags_of)
    assert out[0] == tags_of[0]  # the tagger's own names stay
    assert out[1] == ["O", "O", "B-ORG", "I-ORG", "O", "O"]
    assert tags_of[1] == ["O"] * 6  # the input is not changed in place


def test_the_surname_of_a_full_name_is_that_person_and_stopwords_never_spread() -> None:
    words_of = [_words("وقال يحيى بيرت إن"), _words("وأضاف بيرت أن على الحكومة")]
    tags_of = [["O", "B-PERSON", "I-PERSON", "O"], ["O", "O", "O", "O", "O"]]
    assert spread_names(words_of, tags_of)[1] == ["O", "B-PERSON", "O", "O", "O"]
    # "على" (normalised to the name "علي") tagged once alone is never spread.
    tags_of = [["O", "O", "O", "O"], ["O", "O", "O", "B-PERSON", "O"]]
    words_of = [_words("وقال على الفور إن"), words_of[1]]
    assert spread_names(words_of, tags_of)[0] == ["O", "O", "O", "O"]


def test_the_most_frequent_type_wins_and_tagged_tokens_are_not_overwritten() -> None:
    words_of = [_words("زار حلب"), _words("في حلب"), _words("نادي حلب"), _words("حلب جميلة")]
    tags_of = [["O", "B-LOC"], ["O", "B-LOC"], ["O", "B-ORG"], ["O", "O"]]
    out = spread_names(words_of, tags_of)
    assert out[2] == ["O", "B-ORG"]
    assert out[3] == ["B-LOC", "O"]
    # A token inside a longer tagged name is left alone.
    words_of = [_words("في حلب"), _words("جامعة حلب الكبيرة")]
    tags_of = [["O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    assert spread_names(words_of, tags_of)[1] == ["B-ORG", "I-ORG", "O"]
