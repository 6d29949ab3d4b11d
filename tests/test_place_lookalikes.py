"""False places of unseen text, by class (tools/probe_places_fresh.py): names that only look like places."""

from __future__ import annotations

import pytest
import regex

from marsad.document import Document, Entity
from marsad.geo.gazetteer import Gazetteer, cache_dir, load
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.places import PlaceStage


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> PlaceStage:
    gazetteer: Gazetteer = load(tmp_path_factory.mktemp("no-user-places"), cache_dir())
    return PlaceStage(gazetteer)


def run(stage: PlaceStage, text: str, tagged: tuple[str, ...] = ()) -> Document:
    """The stage on ``text``, with an entity-stage ``LOC`` tag on every whole-word occurrence of ``tagged``."""
    doc = Document(text)
    BoilerplateStage()(doc)
    for word in tagged:
        for found in regex.finditer(rf"(?<!\p{{L}}){word}(?!\p{{L}})", text):
            doc.entities.append(Entity(found.start(), found.end(), word, "LOC"))
    doc.entities.sort(key=lambda e: (e.start, e.end))
    stage(doc)
    return doc


def countries(doc: Document) -> set[str | None]:
    return {p.country for p in doc.places}


def test_a_noun_tagged_by_its_shape_is_not_a_city_abroad(stage: PlaceStage) -> None:
    # سيول "floods", commoner as السيول: the tagger's tag on each of its mentions vouches for nothing
    floods = "إعصار روزا يهدد فينيكس مع اجتياح سيول. وحذرت الأرصاد من حدوث سيول في أريزونا، وتتسبب الأمطار في سيول."
    assert "KR" not in countries(run(stage, floods, tagged=("سيول",)))
    # ... but the capital of an article that names its country stays
    korea = "قال وزير خارجية كوريا الجنوبية في سيول إن المحادثات ستستأنف. وتستضيف سيول القمة المقبلة."
    assert any(p.country == "KR" and p.name == "سيول" for p in run(stage, korea, tagged=("سيول",)).places)


def test_a_city_abroad_whose_name_is_no_noun_keeps_its_tag(stage: PlaceStage) -> None:
    # (برلين never takes the article: the tag on exactly its words still vouches for it)
    doc = run(stage, "وصل الوزير إلى برلين أمس. وقالت برلين إنها ترحب بالاتفاق.", tagged=("برلين",))
    assert any(p.country == "DE" for p in doc.places)
