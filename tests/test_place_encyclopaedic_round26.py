"""False places of encyclopaedic text (round 26): a dynasty named "the state of the sons of X" (دولة بني طولون),
whose lineage word بني was read as Buni, Pakistan, and whose whole name could be a North African town's
(دولة بني العباس, Béni Abbès)."""

from __future__ import annotations

from pathlib import Path

from marsad.evaluate.places import read_probe_verdicts
from marsad.stages.places import PlaceStage
from test_place_lookalikes_encyclopaedic import names


def test_a_dynasty_named_the_state_of_the_sons_of_is_no_place(place_stage: PlaceStage) -> None:
    assert names(place_stage, "وكتب الشاعر أبياتا في رثاء دولة بني طولون بعد سقوطها.") == {}
    assert "بنى" not in names(place_stage, "وقامت دولة بنى مرين في المغرب الأقصى.")
    assert "بني العباس" not in names(place_stage, "وبعد سقوط الأمويين قامت دولة بني العباس.")
    # the entity stage tags the nominative بنو a place after دولة: the phrase is still no place
    assert names(place_stage, "وكانت دولة بنو أمية أكبر دولة في عصرها.", tagged=("بنو",)) == {}


def test_the_lineage_word_alone_is_no_town(place_stage: PlaceStage) -> None:
    # بني "sons of" after another cue (Buni, PK): never a town on its own
    assert "بني" not in names(place_stage, "وانتقل الحكم إلى إمارة بني حمدان في حلب.")
    # towns whose name begins with it are still found, whole
    found = names(place_stage, "ووصل الوفد إلى بني وليد ثم إلى بني سويف.")
    assert found.get("بني وليد") == "Bani Walid"
    found = names(place_stage, "وسافر إلى مدينة بني عباس جنوب غرب الجزائر.")
    assert "بني" not in found


def test_a_town_inside_a_museums_name_is_no_place(place_stage: PlaceStage) -> None:
    # متحف دمشق الوطني "the Damascus National Museum": the adjective is the museum's, the town its name's
    assert "دمشق" not in names(place_stage, "ومن أبرز معالمها متحف دمشق الوطني ومتحف الخط العربي.")
    assert "دمشق" not in names(place_stage, "ومتحف التقاليد الشعبية ومتحف دمشق التاريخي وغيرها.")
    # without the adjective the town locates the museum and what happens at it
    assert names(place_stage, "قتل 20 سائحا في هجوم على متحف باردو في تونس.").get("باردو") == "Le Bardo"
    assert names(place_stage, "ونهب متحف الموصل الذي يضم آثارا آشورية.").get("الموصل") == "Mosul"


def test_a_museums_name_the_gazetteer_lacks_is_no_place(place_stage: PlaceStage) -> None:
    # a place tag of the entity stage opening with متحف, listed with another museum: a building's name, unresolved
    text = "ومن المتاحف في دمشق متحف الخط العربي ومتحف الطب والعلوم عند العرب."
    found = names(place_stage, text, tagged=("متحف الخط العربي", "ومتحف الطب والعلوم"))
    assert found.keys() == {"دمشق"}


def test_the_round_26_aqmar_judgements_add_to_the_earlier_ones() -> None:
    places = Path(__file__).parent / "gold" / "places"
    new = read_probe_verdicts(places / "aqmar26_judged.tsv")
    assert len(new) >= 29 and set(new.values()) <= {"place", "notplace"}
    assert all(key[0].startswith("aqmar:") and 0 <= key[1] < key[2] for key in new)
    # judged once: none of them was judged in round 16
    assert not new.keys() & read_probe_verdicts(places / "aqmar_judged.tsv").keys()
