"""Organisations named like places or people, from the words around them (marsad.ner.org_context)."""

from __future__ import annotations

from marsad.document import Document
from marsad.ner.org_context import organisation_names
from marsad.ner.tokens import tokenize
from marsad.stages.entities import EntityStage
from marsad.text.normalize import normalize


def _words(text: str) -> list[str]:
    return tokenize(normalize(text))


def test_a_name_after_an_institution_head_is_an_organisation() -> None:
    words = _words("سجن أبو غريب في العراق")
    out = organisation_names([words], [["O", "B-LOC", "I-LOC", "O", "B-LOC"]])
    assert out == [["O", "B-ORG", "I-ORG", "O", "B-LOC"]]  # the head stays outside; the country is a place
    words = _words("مستشفى « سانت توماس » بلندن")
    assert organisation_names([words], [["O", "O", "B-PERSON", "I-PERSON", "O", "B-LOC"]])[0][2:4] == ["B-ORG", "I-ORG"]


def test_a_quoted_untagged_name_after_a_head_is_an_organisation() -> None:
    words = _words('وكتبت صحيفة " السفير " أمس')
    assert organisation_names([words], [["O"] * 6]) == [["O", "O", "O", "B-ORG", "O", "O"]]
    # Not quoted: an untagged word after a head is left alone (صحيفة يومية "a daily paper").
    words = _words("وكتبت صحيفة يومية أمس")
    assert organisation_names([words], [["O"] * 4]) == [["O"] * 4]


def test_a_place_the_preposition_governs_after_a_head_stays_a_place() -> None:
    words_of = [_words("نقل إلى مستشفى بتندوف"), _words("في مخيمات تندوف")]
    tags_of = [["O", "O", "O", "B-LOC"], ["O", "O", "B-LOC"]]
    assert organisation_names(words_of, tags_of) == tags_of


def test_the_name_before_a_score_is_a_team_but_not_a_player_nor_a_score_word() -> None:
    words = _words("هزم فيها المرخية 5 - صفر ثم")
    assert organisation_names([words], [["O"] * 7])[0][2] == "B-ORG"
    words = _words("فاز على مضيفه روما 3 - 1")
    assert organisation_names([words], [["O", "O", "O", "B-LOC", "O", "O", "O"]])[0][3] == "B-ORG"
    # A tennis player before a set score, a word that introduces a score, a country adjective.
    words = _words("فاز على نيكولا ماهو 6 - 4 و6 - 3")
    tags = ["O", "O", "B-PERSON", "I-PERSON"] + ["O"] * (len(words) - 4)
    assert organisation_names([words], [tags]) == [tags]
    words = _words("فاز بنتيجة 2 - 1")
    assert organisation_names([words], [["O"] * 5]) == [["O"] * 5]
    words = _words("على إشبيلية الإسباني 3 - صفر")
    assert organisation_names([words], [["O"] * 6]) == [["O"] * 6]


def test_the_news_organisation_of_a_dateline() -> None:
    words = _words("الدوحة - قنا : تلقى الأمير برقية")
    assert organisation_names([words], [["B-LOC"] + ["O"] * 6])[0][:4] == ["B-LOC", "O", "B-ORG", "O"]
    # Not after a place (a byline: كتب - أشرف ممتاز :), nor more than one word.
    words = _words("كتب - ممتاز : حاملا")
    assert organisation_names([words], [["O"] * 5]) == [["O"] * 5]


def test_the_stage_tags_a_club_before_a_score_and_a_name_after_a_head() -> None:
    text = "وتعادل الوكرة مع السيلية 1 - 1 في الدوري.\nلعب مع فريق برشلونة قبل أن ينتقل."
    doc = Document(text)
    EntityStage()(doc)
    found = {(e.text, e.start): e.type for e in doc.entities}
    assert found.get(("السيلية", text.index("السيلية"))) == "ORG", doc.entities
    assert found.get(("برشلونة", text.index("برشلونة"))) == "ORG", doc.entities
    assert all(doc.text[e.start : e.end] == e.text for e in doc.entities)
