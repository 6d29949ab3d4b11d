"""The entity stage on the seed article and on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.document import Boilerplate, Document, Entity, Repair
from marsad.ner.crf import default_model
from marsad.pipeline import Pipeline, available_stages
from marsad.stages.entities import EntityStage

SEED_COUNTRIES = {"RU", "SY", "US", "FR", "GB", "CN", "BO", "EG", "KZ", "ET"}
SEED_ACTORS = {
    "actor:hts",
    "actor:white-helmets",
    "actor:rus-mod",
    "actor:usa-state",
    "actor:un",
    "actor:opcw",
    "actor:rt",
    "actor:rus-reconciliation",
    "actor:syr-gov",
}

needs_model = pytest.mark.skipif(default_model() is None, reason="no NER model shipped in this build")


@pytest.fixture(scope="module")
def stage() -> EntityStage:
    return EntityStage()


@pytest.fixture(scope="module")
def seed_doc(seed_text: str) -> Document:
    wanted = [name for name in ("boilerplate", "repair", "entities") if name in available_stages()]
    doc = Pipeline.build(wanted)(Document(seed_text))
    assert not doc.errors
    return doc


def _entities(stage: EntityStage, text: str) -> list[Entity]:
    doc = Document(text)
    stage(doc)
    assert doc.span_problems() == []
    return doc.entities


def test_seed_countries_are_gpe_with_iso_ids(seed_doc: Document) -> None:
    gpe = {e.id for e in seed_doc.entities if e.type == "GPE"}
    assert gpe == SEED_COUNTRIES
    us = [e for e in seed_doc.entities if e.id == "US"]
    assert [e.text for e in us] == ["الولايات المتحدة الأمريكية"]


def test_seed_actors_are_orgs(seed_doc: Document) -> None:
    orgs = {e.id for e in seed_doc.entities if e.type == "ORG"}
    assert orgs >= SEED_ACTORS
    mod = next(e for e in seed_doc.entities if e.id == "actor:rus-mod")
    assert mod.canonical == "Russian Ministry of Defence" and mod.text == "وزارة الدفاع الروسية"


@needs_model
def test_seed_person(seed_doc: Document) -> None:
    persons = [e for e in seed_doc.entities if e.type == "PERSON"]
    assert "يوري بورينكوف" in [e.text for e in persons]


def test_seed_offsets_point_into_the_original(seed_doc: Document) -> None:
    assert seed_doc.span_problems() == []
    for entity in seed_doc.entities:
        assert seed_doc.text[entity.start : entity.end] == entity.text
    starts = [e.start for e in seed_doc.entities]
    assert starts == sorted(starts)


def test_boilerplate_lines_are_skipped(seed_doc: Document) -> None:
    # The "read also" line names Bashar al-Assad; it is page furniture, not the story.
    assert seed_doc.boilerplate
    assert not any(seed_doc.is_boilerplate(e.start, e.end) for e in seed_doc.entities)
    assert "actor:assad" not in {e.id for e in seed_doc.entities}
    doc = Document("وصل الوفد إلى روسيا.\nاقرأ أيضا: وفد إلى روسيا")
    doc.boilerplate.append(Boilerplate(21, len(doc.text), "read_also"))
    EntityStage()(doc)
    assert [(e.start, e.id) for e in doc.entities] == [(14, "RU")]


def test_proclitics_are_left_out_of_the_span(stage: EntityStage) -> None:
    text = "ودعت وبريطانيا والصين للأمم المتحدة وفرنسا بالتعاون مع الولايات المتحدة"
    found = {(e.text, e.id) for e in _entities(stage, text)}
    assert ("بريطانيا", "GB") in found
    assert ("الصين", "CN") in found
    assert ("لأمم المتحدة", "actor:un") in found  # ل + (ا)لأمم: the article's lam stays
    assert ("فرنسا", "FR") in found
    assert ("الولايات المتحدة", "US") in found


def test_longest_name_wins(stage: EntityStage) -> None:
    found = [
        (e.text, e.type, e.id)
        for e in _entities(stage, "قالت وزارة الخارجية الأمريكية إن روسيا اليوم نشرت الخبر")
    ]
    assert ("وزارة الخارجية الأمريكية", "ORG", "actor:usa-state") in found
    assert ("روسيا اليوم", "ORG", "actor:rt") in found
    assert not any(e[2] in ("US", "RU") for e in found)


def test_spelling_variants_and_diacritics_match(stage: EntityStage) -> None:
    found = {(e.text, e.id) for e in _entities(stage, "زار سُورِيّا وفد من إثيوبيا وأميركا")}
    assert ("سُورِيّا", "SY") in found
    assert ("إثيوبيا", "ET") in found
    assert ("أميركا", "US") in found


def test_entities_found_through_repairs(stage: EntityStage) -> None:
    text = "اتهمت منظمة حظر الأسـ.لحة الكيميائية النظام"
    doc = Document(text)
    start = text.index("الأسـ.لحة")
    doc.repairs.append(Repair(start, start + len("الأسـ.لحة"), "الأسـ.لحة", "الأسلحة", "dot"))
    stage(doc)
    opcw = [e for e in doc.entities if e.id == "actor:opcw"]
    assert len(opcw) == 1 and opcw[0].text == "منظمة حظر الأسـ.لحة الكيميائية"


@needs_model
def test_surname_repeats_are_the_same_person(stage: EntityStage) -> None:
    text = (
        "قال اللواء يوري بورينكوف مدير المركز إن القوات رصدت تحركات جديدة.\n"
        "وأضاف بورينكوف أن المعلومات تفيد بتحضير هجوم."
    )
    persons = [e for e in _entities(stage, text) if e.type == "PERSON"]
    assert [e.text for e in persons] == ["يوري بورينكوف", "بورينكوف"]
    assert persons[1].canonical == persons[0].canonical == "يوري بورينكوف"


def test_stage_without_model_still_finds_dictionary_names() -> None:
    bare = EntityStage()
    bare.model = None
    entities = _entities(bare, "التقى وفد من هيئة تحرير الشام بممثلين عن تركيا")
    assert [(e.text, e.id) for e in entities] == [("هيئة تحرير الشام", "actor:hts"), ("تركيا", "TR")]


def test_empty_and_odd_documents(stage: EntityStage) -> None:
    assert _entities(stage, "") == []
    assert _entities(stage, "...\n\n،،،") == []
    assert _entities(stage, "ـــ " * 50) == []


@needs_model
def test_function_words_never_become_names(stage: EntityStage) -> None:
    # "على" (on) normalises to "علي" (Ali): a full name ending in علي must not make every "على" a person.
    text = "قال الوزير محمد علي إن القوات سيطرت على الطريق.\nوأكد علي أن الهجوم وقع على مراحل، إن شاء الله."
    entities = _entities(stage, text)
    surfaces = [(e.text, e.type) for e in entities]
    assert ("على", "PERSON") not in surfaces
    assert ("الله", "PERSON") not in surfaces
    assert ("علي", "PERSON") in surfaces  # the repeated first-name-as-surname is still linked


def test_communities_are_norp_not_organisations(stage: EntityStage) -> None:
    found = {(e.text, e.type, e.id) for e in _entities(stage, "اشتبك الأكراد مع التركمان قرب مناطق الدروز")}
    assert found == {
        ("الأكراد", "NORP", "norp:kurds"),
        ("التركمان", "NORP", "norp:turkmen"),
        ("الدروز", "NORP", "norp:druze"),
    }


@needs_model
def test_compound_place_heads_take_the_next_word(seed_doc: Document) -> None:
    # The tagger marks only "خان" of "خان شيخون"; a place-name head is extended over the next word.
    texts = [e.text for e in seed_doc.entities if e.type == "LOC"]
    assert "خان شيخون" in texts
    assert "خان" not in texts


@needs_model
def test_a_long_document_is_tagged_in_bounded_batches_of_whole_sentences(
    seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tagger holds a batch's features at once: a long document is cut between sentences so
    that memory stays bounded; here the seed's names are found as when it is tagged whole."""
    import marsad.stages.entities as entities_module

    text = "\n\n".join([seed_text] * 6)
    whole = [(e.start, e.end, e.type, e.id) for e in _entities(EntityStage(), text)]
    batched_stage = EntityStage()
    assert batched_stage.model is not None
    batches: list[int] = []
    tag_many = batched_stage.model.tag_many

    def recording(sentences: list[list[str]], hits: list[list[object]]) -> list[list[str]]:
        batches.append(sum(len(words) for words in sentences))
        return tag_many(sentences, hits)  # type: ignore[arg-type]

    monkeypatch.setattr(batched_stage.model, "tag_many", recording)
    monkeypatch.setattr(entities_module, "TAG_BATCH_TOKENS", 300)
    batched = [(e.start, e.end, e.type, e.id) for e in _entities(batched_stage, text)]
    assert len(batches) > 3 and max(batches) <= 300  # no sentence of the seed is longer than 300 tokens
    assert batched == whole


@needs_model
def test_a_name_the_tagger_found_once_is_found_where_it_recurs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Document consistency in the stage: the tagger (here made to) find a two-word name in one
    sentence only; the stage tags its other mention too, as the same two words and type."""
    from marsad.text.normalize import normalize

    text = "افتتح مسجد فنسبري بارك أبوابه.\nوزار المصلون فنسبري بارك أمس."
    stage = EntityStage()
    assert stage.model is not None
    first, second = normalize("فنسبري"), normalize("بارك")

    def tag_once(sentences: list[list[str]], hits: object = None) -> list[list[str]]:
        tags = [["O"] * len(words) for words in sentences]
        at = sentences[0].index(first)
        assert sentences[0][at + 1] == second
        tags[0][at : at + 2] = ["B-LOC", "I-LOC"]
        return tags

    monkeypatch.setattr(stage.model, "tag_many", tag_once)
    found = [(e.text, e.type) for e in _entities(stage, text) if "فنسبري" in e.text or "بارك" in e.text]
    # The name after "مسجد" is the mosque's (marsad.ner.org_context: ORG), and its other mention follows it.
    assert found == [("فنسبري بارك", "ORG"), ("فنسبري بارك", "ORG")]


def _tag_words(tagged: dict[str, str]) -> Callable[..., list[list[str]]]:
    """A stand-in tagger that tags the given normalised words (B- on each, one-word names)."""

    def tag(sentences: list[list[str]], hits: object = None) -> list[list[str]]:
        return [["B-" + tagged[w] if w in tagged else "O" for w in words] for words in sentences]

    return tag


@needs_model
def test_a_dictionary_match_around_the_taggers_name_takes_its_span(monkeypatch: pytest.MonkeyPatch) -> None:
    """``حركة حماس`` and ``دولة الكويت`` are dictionary names; the tagger found ``حماس`` and ``الكويت``
    inside them, and the other words only describe the name (a head, not a title): the entity is the
    tagger's span with the dictionary's id.  ``جنوب إفريقيا`` keeps its whole span (``جنوب`` is part of the name)."""
    from marsad.text.normalize import normalize

    stage = EntityStage()
    assert stage.model is not None
    tagged = {normalize("حماس"): "ORG", normalize("الكويت"): "LOC", normalize("إفريقيا"): "LOC"}
    monkeypatch.setattr(stage.model, "tag_many", _tag_words(tagged))
    text = "قالت حركة حماس إن وفدا زار دولة الكويت ثم جنوب إفريقيا."
    found = {(e.text, e.type, e.id) for e in _entities(stage, text)}
    assert found == {("حماس", "ORG", "actor:hamas"), ("الكويت", "GPE", "KW"), ("جنوب إفريقيا", "GPE", "ZA")}
    # Without the tagger's name inside, the dictionary's whole match stays.
    monkeypatch.setattr(stage.model, "tag_many", _tag_words({}))
    assert {e.text for e in _entities(stage, text)} == {"حركة حماس", "دولة الكويت", "جنوب إفريقيا"}


def test_inner_name_needs_one_name_of_the_entrys_type_and_only_describing_words_around_it() -> None:
    """Only country adjectives, institutions' heads and the listed describing words are taken off."""
    from marsad.ner.actors import Actor
    from marsad.ner.dictionary import default_matcher, entity_hits, role_hits
    from marsad.ner.inner_name import inner_name
    from marsad.text.normalize import normalize

    def run(text: str, tags: list[str]) -> tuple[int, int] | None:
        words = [normalize(w) for w in text.split()]
        hits = default_matcher().hits(words)
        hit = entity_hits(hits)[0]
        actor = hit.value
        assert isinstance(actor, Actor)
        return inner_name(hit, actor.type, words, tags, role_hits(hits))

    # A title or role stays in the span (the attribution model reads a title and a name as one chain).
    assert run("الرئيس السوري بشار الأسد", ["O", "O", "B-PERSON", "I-PERSON"]) is None
    assert run("حزب الله اللبناني", ["B-ORG", "I-ORG", "O"]) == (0, 2)
    assert run("بدولة الكويت", ["O", "B-LOC"]) == (1, 2)
    assert run("الرئيس السوري بشار الأسد", ["O", "O", "B-LOC", "I-LOC"]) is None  # not the entry's type
    assert run("الرئيس السوري بشار الأسد", ["O", "B-MISC", "B-PERSON", "I-PERSON"]) is None  # two names
    assert run("حزب الله اللبناني", ["B-ORG", "I-ORG", "I-ORG"]) is None  # the whole match
    assert run("جنوب إفريقيا", ["O", "B-LOC"]) is None  # جنوب is part of the name
    assert run("روسيا اليوم", ["B-LOC", "O"]) is None  # RT, not Russia


@needs_model
def test_currencies_and_month_names_never_stand_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the tagger calls them names (here made to), a currency, a Levantine month and
    ``الإسلام`` alone are dropped; a name beside them stays."""
    from marsad.text.normalize import normalize

    stage = EntityStage()
    assert stage.model is not None
    words = {"شيكل": "LOC", "أيلول": "LOC", "الإسلام": "PERSON", "حيفا": "LOC"}
    monkeypatch.setattr(stage.model, "tag_many", _tag_words({normalize(w): k for w, k in words.items()}))
    text = "دفع ألف شيكل في حيفا في أيلول ، ثم اعتنق الإسلام ."
    assert [(e.text, e.type) for e in _entities(stage, text)] == [("حيفا", "LOC")]


# Round 29: where a person's name begins (marsad.ner.name_edges, NerModel.strip_proclitic).
WIRE = (
    "واشنطن - قال المتحدث باسم وزارة الخارجية الأمريكية نيد برايس، الاثنين، إن الولايات المتحدة تدين القصف. "
    "وأكد المبعوث الأممي ستيفان دي ميستورا أن المفاوضات ستستأنف في جنيف."
)


@needs_model
def test_a_surname_after_a_title_keeps_its_first_letter_and_its_given_name(stage: EntityStage) -> None:
    people = [e for e in _entities(stage, WIRE) if e.type == "PERSON"]
    price = next(e for e in people if "برايس" in e.text)
    assert (price.text, price.canonical) == ("نيد برايس", "نيد برايس")  # not رايس (Rice)


@needs_model
def test_a_dictionary_surname_takes_the_given_name_before_it(stage: EntityStage) -> None:
    people = {e.id: e for e in _entities(stage, WIRE) if e.type == "PERSON"}
    assert people["actor:de-mistura"].text == "ستيفان دي ميستورا"
    assert people["actor:de-mistura"].canonical == "Staffan de Mistura"


@needs_model
def test_a_listed_given_name_keeps_its_first_letter(stage: EntityStage) -> None:
    people = [e.text for e in _entities(stage, "وأكد وائل الحربي أن الفريق جاهز للمباراة.") if e.type == "PERSON"]
    assert people == ["وائل الحربي"]  # وائل, not و + ائل


@needs_model
def test_the_given_name_after_a_title_joins_a_dictionary_surname(stage: EntityStage) -> None:
    people = {e.id: e for e in _entities(stage, "وخاطب الرئيس عبدالفتاح السيسي المواطنين.") if e.type == "PERSON"}
    assert people["actor:sisi"].text == "عبدالفتاح السيسي"


@needs_model
def test_a_name_is_not_extended_over_a_conjunction_a_preposition_or_a_noun(stage: EntityStage) -> None:
    text = (
        "ورحب الحضور بالرئيس أوباما وزوجته ميشيل. واصطفت فرنسا مع نظام صدام حسين. وسجل جميل فرج وعبدالله العمري. "
        "وقد ولد فرويد في النمسا."
    )
    people = [e.text for e in _entities(stage, text) if e.type == "PERSON"]
    assert not any(p.startswith(("زوجته", "نظام", "فرج و", "ولد")) for p in people)


# Round 29 (branch ner29b): a Gulf name runs on through بن/ابن/بنت + name and a closing آل + family
# (marsad.ner.nasab).
GULF = (
    "الرياض - استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود في قصره بجدة أمس وزير الخارجية "
    "الأمريكي."
)


@needs_model
def test_the_lineage_after_a_dictionary_person_is_no_person_of_its_own(stage: EntityStage) -> None:
    people = [e for e in _entities(stage, GULF) if e.type == "PERSON"]
    assert [(e.text, e.id) for e in people] == [("الملك سلمان", "actor:king-salman")]  # no عبدالعزيز, no سعود


@needs_model
def test_a_tagged_person_takes_in_the_lineage_and_family_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tagger found ``محمد`` and ``مكتوم`` apart: one name, ``محمد بن راشد آل مكتوم``; likewise a two-word
    name after ``بن`` and a family name with the article."""
    from marsad.text.normalize import normalize

    stage = EntityStage()
    tagged = {normalize(w): "PERSON" for w in ("محمد", "مكتوم", "صالح", "الشيخ")}
    monkeypatch.setattr(stage.model, "tag_many", _tag_words(tagged))
    text = "وشارك الشيخ محمد بن راشد آل مكتوم في الاجتماع. وقال صالح بن عبد الله آل الشيخ إن الندوة ناجحة."
    people = [e.text for e in _entities(stage, text) if e.type == "PERSON"]
    assert "محمد بن راشد آل مكتوم" in people and "صالح بن عبد الله آل الشيخ" in people
    assert "مكتوم" not in people


@needs_model
def test_a_listed_given_name_before_bin_is_a_person(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the dictionary nor the tagger found ``حمد بن جاسم``: the listed given name and ``بن`` mark it.
    ``ابن`` does not (it begins a name itself), nor does a common word before ``بن``."""
    stage = EntityStage()
    monkeypatch.setattr(stage.model, "tag_many", _tag_words({}))
    text = "وأعلن حمد بن جاسم أن الاتفاق نهائي. وصحح ابن أبي أصيبعة الخبر."
    assert [e.text for e in _entities(stage, text) if e.type == "PERSON"] == ["حمد بن جاسم"]


@needs_model
def test_a_lineage_stops_at_a_conjunction_a_kin_word_a_common_noun_and_spelled_letters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from marsad.text.normalize import normalize

    stage = EntityStage()
    tagged = {normalize(w): "PERSON" for w in ("فهد", "ومحمد", "فيصل", "شومسكي", "صالح")}
    monkeypatch.setattr(stage.model, "tag_many", _tag_words(tagged))
    text = (
        "والتقى فهد بن سلطان ومحمد بن زايد في الرياض. وحضر فيصل بن سلمان، ابن عمه، الحفل. "
        "وكتب شومسكي ابن رجل هاجر صغيرا. ولعب صالح ال إس يو."
    )
    people = [e.text for e in _entities(stage, text) if e.type == "PERSON"]
    assert "فهد بن سلطان" in people and "محمد بن زايد" in people  # not through ومحمد
    assert "فيصل بن سلمان" in people and "شومسكي" in people and "صالح" in people
