"""tools/status_cv.py refits the status model and counts a reading right when any mention's status is it."""

from __future__ import annotations

from status_cv import (
    StatusItem,
    cross_validated,
    cross_validated_readings,
    error_class,
    fit,
    readings,
    right,
    without,
)


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


def test_wrong_readings_are_classed_by_what_the_model_saw() -> None:
    # a claim inside a quote, under an accusation, or with no frame in its sentence
    assert error_class(["inquote", "cue=قال"], "claimed", "asserted") == "claim in a quote read as asserted"
    assert error_class(["scoped-by=ACCUSE"], "claimed", "asserted") == "claim under an accusation or demand read as asserted"
    assert error_class(["in-scope=necessity"], "claimed", "asserted") == "claim under an accusation or demand read as asserted"
    assert error_class(["reported-clause=verb"], "claimed", "asserted").startswith("claim after a reporting word")
    assert error_class(["t=ASSAULT"], "claimed", "asserted") == "claim without a reporting frame in its sentence read as asserted"
    # the outlet's own يذكر أن is its background, before any quote it stands in
    assert error_class(["pre=يذكر", "inquote"], "asserted", "claimed") == "outlet's background (يذكر أن, وكان) read as claimed"
    assert error_class(["inquote"], "asserted", "claimed") == "asserted event in a quote read as claimed"
    # a modality with or without a scope word of its own kind (a future form counts for planned)
    assert error_class(["in-scope=intention"], "planned", "asserted") == "planned read as asserted, with a scope word of its kind"
    assert error_class(["self=future"], "planned", "asserted") == "planned read as asserted, with a scope word of its kind"
    assert error_class(["in-scope=negation"], "planned", "asserted") == "planned read as asserted, without a scope word of its kind"
    assert error_class(["in-scope=condition"], "hypothetical", "claimed") == "hypothetical read as claimed, with a scope word of its kind"
    assert error_class(["in-scope=negation"], "denied", "asserted") == "denied read as asserted, with a scope word of its kind"
    assert error_class([], "asserted", "planned") == "asserted read as planned"


def test_cross_validated_readings_are_one_per_item_and_agree_with_the_count() -> None:
    items = [_item(f"a{k}", "قال" if k % 2 else "أمس", "claimed" if k % 2 else "asserted") for k in range(40)]
    noisy = [*items, *(_item(f"b{k}", "قال", "asserted") for k in range(40))]
    statuses = cross_validated_readings(noisy, 1.0, 4)
    assert len(statuses) == len(noisy) and set(statuses) <= {"asserted", "claimed"}
    assert sum(s in item.statuses for s, item in zip(statuses, noisy, strict=True)) == cross_validated(noisy, 1.0, 4)
    assert readings(fit(items, 1.0), items[:2]) == ["asserted", "claimed"]
