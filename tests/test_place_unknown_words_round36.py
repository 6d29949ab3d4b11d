"""Ordinary words the entity stage tags as places the gazetteer does not know (round 36, issue 13): a one-word
indefinite tag with no gazetteer candidate whose word is common as written and takes the article as a word too
(``حي سكني`` "a residential quarter", ``حي شعبي``, ``شارع تجاري``) is not reported as a place with no location;
a name the gazetteer lacks (``هوليوود``, ``لوغار``) and a name's head the tag cut short (``بحر`` of ``بحر الجنوب``,
``دلتا`` of ``دلتا-ميوزي``) still are (``marsad.stages.places._common_unknown_word``)."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_of, run_tagged


def test_an_adjective_after_a_quarter_word_is_no_place(place_stage: PlaceStage) -> None:
    text = "انفجرت سيارة مفخخة في حي سكني قرب السوق، وقتل ثلاثة في حي شعبي آخر شمال ولاية لوغار."
    doc = run_tagged(place_stage, text, (("سكني", "LOC"), ("شعبي", "LOC"), ("لوغار", "LOC")))
    assert place_of(doc, "سكني") is None and place_of(doc, "شعبي") is None
    assert place_of(doc, "لوغار") is not None  # (a rare name no gazetteer holds: reported, unresolved)


def test_a_common_noun_tag_is_no_place_a_name_is(place_stage: PlaceStage) -> None:
    text = "افتتح المخرج متجره في شارع تجاري قبل أن يعرض فيلمه في هوليوود الشهر الماضي."
    doc = run_tagged(place_stage, text, (("تجاري", "LOC"), ("هوليوود", "LOC")))
    assert place_of(doc, "تجاري") is None
    assert place_of(doc, "هوليوود") is not None  # (no الهوليوود as a word: a name)


def test_a_head_word_cut_short_stays(place_stage: PlaceStage) -> None:
    text = "أبحر التجار إلى بحر الجنوب ثم إلى دلتا-ميوزي، وأقاموا في حي سكني جديد."
    doc = run_tagged(place_stage, text, (("بحر", "LOC"), ("دلتا", "LOC"), ("سكني", "LOC")))
    assert place_of(doc, "سكني") is None
    assert place_of(doc, "بحر") is not None and place_of(doc, "دلتا") is not None
