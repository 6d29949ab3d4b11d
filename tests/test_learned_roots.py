"""The root and template reader behind the trigger model's root features."""

from __future__ import annotations

from marsad.attribution.learned.roots import readings, root_index, word_readings


def test_verbal_nouns_of_the_derived_forms_give_their_root() -> None:
    assert ("فجر", "تفعيل", "noun") in readings("تفجير")
    assert ("خدم", "استفعال", "noun") in readings("استخدام")
    assert ("سحب", "انفعال", "noun") in readings("انسحاب")
    assert ("قتل", "مفعل", "noun") in readings("مقتل")


def test_plural_and_feminine_endings_and_weak_letters() -> None:
    # اعتداءات and اعتدي (normalised اعتدى) share one root: weak letters are one letter
    assert {r for r, _, _ in readings("اعتداءات")} == {r for r, _, _ in readings("اعتدي")} == {"عدW"}
    assert ("جزر", "مفعل", "noun") in readings("مجزره")


def test_no_template_of_the_length_gives_nothing() -> None:
    assert readings("ديمقراطي") == ()
    # a word that only reads with two weak root letters is no reading (function words)
    assert all(r.count("W") < 2 for r, _, _ in readings("الاي"))


def test_present_verbs_read_through_their_stem_without_prefix() -> None:
    found = word_readings("يستهدف", frozenset({"ستهدف", "يستهدف"}))
    assert ("هدف", "ستفعل", "verb") in found
    # a verb template is never read into a noun reading's stem
    assert all(kind == "verb" for _, p, kind in found if p == "ستفعل")


def test_root_index_maps_the_roots_of_a_vocabulary_to_its_types() -> None:
    index = root_index({"اغتال": ("ASSAULT",), "تفجير": ("ASSAULT",), "اجتماع": ("CONSULT",)})
    assert index["غWل"] == ("ASSAULT",)
    assert index["فجر"] == ("ASSAULT",)
    assert index["جمع"] == ("CONSULT",)


def test_an_unseen_verbal_noun_shares_the_root_of_a_trained_verb() -> None:
    from marsad.attribution.learned.context import trigger_hints, trigger_word_features, trigger_words
    from marsad.text.normalize import normalize

    form = normalize("الاغتيال")
    hints = trigger_hints(form, trigger_words({"اغتال": ("ASSAULT",)}))
    assert hints is not None
    feats = trigger_word_features(form, hints, None)
    assert {"rt=غWل", "pt=افتعال", "rvoc=ASSAULT"} <= set(feats)
    # without the trained verb the root gives no vocabulary type
    alone = trigger_hints(form, trigger_words({}))
    assert alone is not None and "rvoc=ASSAULT" not in trigger_word_features(form, alone, None)
