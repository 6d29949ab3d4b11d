"""The document model: immutable text, spans checked centrally, views mapped back exactly."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import Document, Entity, Event, Repair, SpanError
from marsad.pipeline import Pipeline
from marsad.text.normalize import normalize, normalize_view

ARABIC_ALPHABET = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة")
    + list("ًٌٍَُِّْـ")  # diacritics and tatweel
    + list("ﻻﺍﺑﻚ")  # presentation forms
    + list("کی٠١٢٣")
    + ["\u200c", "\u200d", "\u200f", "\ufeff"]
    + list(" .*_-•\n")
    + list("abcXYZ019")
)
ARABIC_TEXT = st.lists(ARABIC_ALPHABET, max_size=80).map("".join)


def test_text_is_read_only() -> None:
    doc = Document("نص")
    with pytest.raises(AttributeError):
        doc.text = "آخر"  # type: ignore[misc]


def test_check_span_rejects_wrong_surface() -> None:
    doc = Document("قال الرئيس")
    doc.check_span(0, 3, "قال")
    with pytest.raises(SpanError):
        doc.check_span(0, 3, "قيل")
    with pytest.raises(SpanError):
        doc.check_span(5, 99)


def test_clean_text_applies_repairs_and_maps_back() -> None:
    text = "حشد قواته وأسلـ.حتها الثقيلة"
    start = text.index("وأسلـ.حتها")
    end = start + len("وأسلـ.حتها")
    doc = Document(text)
    doc.repairs.append(Repair(start, end, text[start:end], "وأسلحتها", "tatweel+dot"))
    assert doc.clean_text == "حشد قواته وأسلحتها الثقيلة"
    cstart = doc.clean_text.index("وأسلحتها")
    assert doc.clean.to_original(cstart, cstart + len("وأسلحتها")) == (start, end)
    # a word after the repair maps back to its own original offsets
    w = doc.clean_text.index("الثقيلة")
    assert doc.clean.to_original(w, w + 7) == (text.index("الثقيلة"), text.index("الثقيلة") + 7)
    # the matching view goes through the repair too
    m = doc.matching.text.index("واسلحتها")
    assert doc.matching.to_original(m, m + len("واسلحتها")) == (start, end)


def test_normalize_folds_variants() -> None:
    assert normalize("إدلب") == normalize("ادلب") == "ادلب"
    assert normalize("مدينةٌ") == "مدينه"
    assert normalize("قتـــل") == "قتل"
    assert normalize("ﻻ") == "لا"
    assert normalize("کی") == "كي"


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT)
def test_normalize_view_maps_every_span_back(text: str) -> None:
    view = normalize_view(text)
    assert view.text == normalize(text)
    n = len(view.text)
    for i in range(n + 1):
        for j in range(i, min(n, i + 6) + 1):
            s, e = view.to_original(i, j)
            assert 0 <= s <= e <= len(text)
            if j > i:
                # the original surface normalises to (a superstring of) the derived slice
                assert view.text[i:j] in normalize(text[s:e])


@settings(max_examples=200, deadline=None)
@given(ARABIC_TEXT, st.data())
def test_clean_view_maps_back_with_random_repairs(text: str, data: st.DataObject) -> None:
    doc = Document(text)
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))))
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        replacement = data.draw(st.text(alphabet="ابت", max_size=3))
        doc.repairs.append(Repair(a, b, text[a:b], replacement, "test"))
    assert doc.span_problems() == []
    clean = doc.clean
    # every clean character maps inside the original, and untouched characters map to themselves
    for i, ch in enumerate(clean.text):
        s, e = clean.to_original(i, i + 1)
        assert 0 <= s < e <= len(text) or (s == e)
        if e - s == 1 and not any(r.start <= s < r.end for r in doc.repairs):
            assert text[s] == ch


def test_json_and_pickle_round_trip(seed_text: str) -> None:
    doc = Pipeline.build(["boilerplate"])(Document(seed_text, title="t"))
    doc.entities.append(Entity(0, 5, seed_text[0:5], "GPE", "Russia", "RU"))
    again = Document.from_json(doc.to_json())
    assert again.to_dict() == doc.to_dict()
    assert pickle.loads(pickle.dumps(doc)).to_dict() == doc.to_dict()


def test_pickling_sends_the_text_once_and_repairs_nothing() -> None:
    # A read document goes to a worker process pickled: its clean text (a second copy of the text,
    # made by applying the repairs) is derived again there, not built and sent by the reader.
    doc = Document("a\u00a0b  c", id="x")
    doc.repairs.append(Repair(1, 2, "\u00a0", " ", "nbsp"))
    state = doc.__getstate__()
    assert "clean_text" not in state and doc.built_view("clean") is None
    again = pickle.loads(pickle.dumps(doc))
    assert again.clean_text == "a b  c" and again.to_dict() == doc.to_dict()


def test_failing_stage_is_recorded_and_pipeline_goes_on() -> None:
    class Broken:
        name = "broken"
        reads = ("text",)
        adds = ("entities",)

        def __call__(self, doc: Document) -> None:
            doc.entities.append(Entity(0, 1, doc.text[0], "PERSON"))
            raise RuntimeError("boom")

    class BadOffsets:
        name = "bad_offsets"
        reads = ("text",)
        adds = ("entities",)

        def __call__(self, doc: Document) -> None:
            doc.entities.append(Entity(0, 3, "خطأ", "PERSON"))

    class Fine:
        name = "fine"
        reads = ("text",)
        adds = ("times",)

        def __call__(self, doc: Document) -> None:
            pass

    doc = Pipeline([Broken(), BadOffsets(), Fine()])(Document("نص سليم"))
    assert [e.stage for e in doc.errors] == ["broken", "bad_offsets"]
    assert "boom" in doc.errors[0].message
    assert doc.entities == []


def test_derived_analysis_is_kept_per_key_and_cleared_with_the_views() -> None:
    doc = Document("قال الرئيس")
    builds: list[int] = []

    def build(d: Document) -> int:
        builds.append(len(d))
        return len(builds)

    assert doc.derived("count", ("a",), build) == 1
    assert doc.derived("count", ("a",), build) == 1  # same key: kept
    assert doc.derived("count", ("b",), build) == 2  # what it depends on changed: rebuilt
    doc.invalidate_views()
    assert doc.derived("count", ("b",), build) == 3
    assert builds == [10, 10, 10]
    # the analysis is not part of the document's data
    assert "_derived" not in doc.to_dict()
    assert pickle.loads(pickle.dumps(doc)).derived("count", ("b",), build) == 4


def test_to_json_writes_what_to_dict_holds_without_copying_it() -> None:
    """to_json encodes the records' values as they are: the same text as encoding to_dict's deep copy,
    also for a record nested in a value (written as its dict) and a tuple (a list); an unknown type fails."""
    import json

    from marsad.document import Event, Place

    doc = Document("قصفت الطائرات حلب")
    doc.places.append(Place("wof:1", "حلب", "حلب", "SY", None, 36.2, 37.1, 1, [[14, 17]]))
    doc.events.append(Event("attack", None, {"start": 0, "end": 4, "text": "قصفت", "span": (0, 4)}, None, None,
                            {"place": doc.places[0]}, None, "reported", None))
    assert doc.to_json() == json.dumps(doc.to_dict(), ensure_ascii=False)
    assert json.loads(doc.to_json())["events"][0]["place"]["place"]["mentions"] == [[14, 17]]
    copied = doc.to_dict()["places"][0]["mentions"]
    assert copied == [[14, 17]] and copied is not doc.places[0].mentions  # to_dict still copies
    doc.events[0].figures.append({"values": {1, 2}})
    with pytest.raises(TypeError, match="set"):
        doc.to_json()


def test_span_problems_cover_an_events_parties_place_source_and_mentions() -> None:
    text = "قالت وزارة الدفاع إن الطائرات قصفت مواقع في حلب."
    doc = Document(text)

    def span(word: str) -> dict[str, object]:
        start = text.index(word)
        return {"start": start, "end": start + len(word), "text": word}

    event = Event(type="ASSAULT", mode=None, trigger=span("قصفت"), actor=span("الطائرات"), target=span("مواقع"),
                  place=span("حلب") | {"name": "Aleppo"}, date=None, status="claimed",
                  source=span("وزارة الدفاع") | {"canonical": "Ministry of Defence"}, chain=["Ministry of Defence"],
                  mentions=[span("مواقع")])
    doc.events.append(event)
    assert doc.span_problems() == []
    # A dictionary name without offsets is no span and no problem.
    event.source = {"text": "وزارة الدفاع", "canonical": "Ministry of Defence"}
    assert doc.span_problems() == []
    for part, bad in (("actor", span("مواقع") | {"text": "الطائرات"}), ("source", span("حلب") | {"end": 999}),
                      ("place", span("حلب") | {"text": "دمشق"})):
        before = getattr(event, part)
        setattr(event, part, bad)
        (problem,) = doc.span_problems()
        assert problem.startswith(f"event {part}: span")
        setattr(event, part, before)
    event.mentions = [span("قصفت") | {"text": "قصف"}]
    assert [p.split(":")[0] for p in doc.span_problems()] == ["event mention"]
