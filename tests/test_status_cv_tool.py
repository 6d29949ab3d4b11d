"""tools/status_cv.py refits the status model and counts a reading right when any mention's status is it."""

from __future__ import annotations

from status_cv import StatusItem, cross_validated, fit, right, without


def _item(article: str, cue: str, status: str, statuses: frozenset[str] | None = None) -> StatusItem:
    return StatusItem(article, "anercorp", (f"pre={cue}", "t=ASSAULT"), status, statuses or frozenset({status}))


def test_a_feature_group_is_left_out_by_its_prefix() -> None:
    assert without(["pre=قال", "pre1=قال", "t=ASSAULT", "scope=future"], ["pre=", "scope="]) == ("pre1=قال", "t=ASSAULT")
    assert without(["pre=قال"], []) == ("pre=قال",)


def test_statuses_are_learned_and_counted_right_with_any_mention_s_status() -> None:
    items = [_item(f"a{k}", "قال" if k % 2 else "أمس", "claimed" if k % 2 else "asserted") for k in range(40)]
    model = fit(items, 1.0)
    assert right(model, items) == 40
    # a reading outside the mentions' statuses is wrong; one among them is right
    claimed_cue = _item("x", "قال", "asserted")
    assert right(model, [claimed_cue]) == 0
    assert right(model, [_item("x", "قال", "asserted", frozenset({"asserted", "claimed"}))]) == 1
    # every fold's articles are read by a model that never saw them: the cue still decides
    assert cross_validated(items, 1.0, 4) == 40
    noisy = [*items, *(_item(f"b{k}", "قال", "asserted") for k in range(40))]
    assert cross_validated(noisy, 1.0, 4) < len(noisy)
