"""Places of SaudiNewsNet world news the round-25 judged probe's probe half got wrong, by class
(tools/probe_places_world25.py): a volcano's eruption read as Berkane, a club named with a prefix before its city,
the club Fiorentina tagged a place, and the Camp Nou stadium reported without a location."""

from __future__ import annotations

from pathlib import Path

import pytest

from judged_places import judged_rows
from marsad.stages.places import PlaceStage
from test_place_lookalikes import run
from test_place_lookalikes_encyclopaedic import names
from tool_module import TOOLS, load_tool

PLACES = Path(__file__).parent / "gold" / "places"


def test_a_volcanos_eruption_is_no_moroccan_town(place_stage: PlaceStage) -> None:
    # بركان "volcano" (Berkane, Morocco): a cue before one occurrence (منطقة بركان) made every occurrence the town
    text = "وتجددت أمس ثورة بركان على الجزيرة النائية. وفرضت السلطات حظرا على الدخول إلى منطقة بركان."
    eruption = text.index("بركان")
    mentions = {start for place in run(place_stage, text).places for start, _ in place.mentions}
    assert eruption not in mentions
    # the town in an article naming its country is still found
    assert names(place_stage, "وصل الوزير إلى بركان قادما من وجدة شرق المغرب.").get("بركان") == "Berkane"


def test_a_club_named_with_a_prefix_before_its_city_is_no_place(place_stage: PlaceStage) -> None:
    found = names(place_stage, "وكان المدافع قد لعب مع بوروسيا دورتموند ثم مع بايرن ميونيخ قبل انتقاله.")
    assert not {"دورتموند", "بايرن", "ميونيخ"} & set(found)
    found = names(place_stage, "وتعادل دينامو كييف مع سبارتاك موسكو، وفاز هيرتا برلين.")
    assert not {"كييف", "موسكو", "برلين"} & set(found)
    # the towns themselves are still places
    found = names(place_stage, "ووصل الوفد إلى ميونيخ ثم إلى موسكو وكييف.")
    assert found.get("ميونيخ") == "Munich" and found.get("موسكو") == "Moscow"


def test_fiorentina_is_a_club(place_stage: PlaceStage) -> None:
    text = "وأكد المدرب أن المهاجم سيعود. وفي حال نفذ فيورنتينا تهديده فإن تشيلسي سيدفع تعويضا إلى فيورنتينا."
    assert "فيورنتينا" not in names(place_stage, text, tagged=("فيورنتينا",))


def test_the_camp_nou_is_in_barcelona(place_stage: PlaceStage) -> None:
    found = names(place_stage, "واضطر اللاعب لترك أرضية ميدان الكامب نو في الدقيقة 76 من المباراة.")
    assert found.get("الكامب نو") == "Camp Nou"


def test_the_round_25_judgements_hold_offsets_and_verdicts_only() -> None:
    # SaudiNewsNet text may not be committed: every row is a key, offsets, a verdict, a half, a level and an id
    assert len(judged_rows(PLACES / "world25_judged.tsv")) >= 260


def test_the_probe_draws_again_the_articles_it_judged(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the draw leaves out every earlier check and the time golds there were when it was judged, so that a later
    # gold does not change which articles it draws (the judged rows would no longer meet their mentions)
    monkeypatch.syspath_prepend(str(TOOLS))
    tool = load_tool("probe_places_world25.py")
    root, data = TOOLS.parent, shared_dir / "data"
    seen = tool.seen_urls(data, root / "gold", PLACES / "fresh_judged.tsv")
    seen |= tool.snn22_urls(data, PLACES / "snn22_judged.tsv") | tool.snn22_urls(data, PLACES / "snn23_judged.tsv")
    earlier = set(seen)
    seen |= tool.time_gold_urls(root / "bench" / "gold", tool.TIME_GOLDS)
    drawn = tool.draw(data, seen, tool.audit_keys(root / "bench" / "gold"), 2, 25)
    judged = {line.split("\t")[0] for line in (PLACES / "world25_judged.tsv").read_text("utf-8").splitlines()
              if line and not line.startswith(("#", "doc\t"))}
    assert len(drawn) == 32 and judged <= {key for key, _, _ in drawn}
    # none of them is an article an earlier place, time or events check read
    for key, _, _ in drawn:
        _, day, index = key.split(":")
        assert load_tool("probe_places_snn22.py").day_rows(data, day)[int(index)]["url"] not in earlier
